//! Sharding, merging and baselines from the command line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn ferret() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ferret"))
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let o = cmd.output().expect("run ferret");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The multi-file rule-test projects of two taint rules (Python and Java), whose findings
/// include flows from one file into another.
fn scan_projects(extra: &[&str]) -> Value {
    let r = rules_dir();
    let (code, out, err) = run(ferret()
        .current_dir(&r)
        .args([
            "scan",
            "--config",
            "python/python.injection.command-taint.yaml",
            "--config",
            "java/java.injection.sql-taint.yaml",
            "--format",
            "json",
            "--fail-on",
            "never",
            "-q",
            "python/python.injection.command-taint",
            "java/java.injection.sql-taint",
        ])
        .args(extra));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn fingerprints(doc: &Value, results: &str) -> BTreeSet<String> {
    doc.pointer(results)
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .map(|r| {
            r.get("fingerprint")
                .or_else(|| r.pointer("/partialFingerprints/ferret~1v1"))
                .and_then(Value::as_str)
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn sharded_scans_find_what_an_unsharded_scan_finds() {
    let all = scan_projects(&[]);
    let expected = fingerprints(&all, "/results");
    assert!(expected.len() >= 3);
    // The fixture has cross-file flows: a path step in another file than the sink.
    let cross = all["results"].as_array().unwrap().iter().any(|r| {
        let sink = r["location"]["path"].as_str().unwrap();
        r["dataflow"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["location"]["path"].as_str().unwrap() != sink)
    });
    assert!(cross, "no cross-file flow in the fixture");
    let mut union = BTreeSet::new();
    let mut files = 0;
    for k in 1..=4 {
        let doc = scan_projects(&["--shard", &format!("{k}/4")]);
        let part = fingerprints(&doc, "/results");
        assert!(union.is_disjoint(&part), "shard {k} repeats findings");
        union.extend(part);
        files += doc["summary"]["files_scanned"].as_u64().unwrap();
    }
    assert_eq!(union, expected);
    assert_eq!(files, all["summary"]["files_scanned"].as_u64().unwrap());
}

#[test]
fn merge_joins_shard_outputs_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let r = rules_dir();
    let mut inputs = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}.sarif"));
        let (code, _, err) = run(ferret()
            .current_dir(&r)
            .args([
                "scan",
                "--config",
                "python/python.injection.command-taint.yaml",
                "--config",
                "java/java.injection.sql-taint.yaml",
                "--format",
                "sarif",
                "--fail-on",
                "never",
                "-q",
                "--shard",
                &format!("{k}/3"),
                "-o",
            ])
            .arg(&out)
            .args([
                "python/python.injection.command-taint",
                "java/java.injection.sql-taint",
            ]));
        assert_eq!(code, 0, "{err}");
        inputs.push(out);
    }
    // The first shard twice: duplicates are dropped.
    inputs.push(inputs[0].clone());
    let merged = dir.path().join("all.sarif");
    let (code, _, err) = run(ferret().arg("merge").args(&inputs).arg("-o").arg(&merged));
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&merged).unwrap()).unwrap();
    let all = scan_projects(&[]);
    assert_eq!(
        fingerprints(&doc, "/runs/0/results"),
        fingerprints(&all, "/results")
    );
    assert_eq!(
        doc["runs"][0]["results"].as_array().unwrap().len(),
        all["results"].as_array().unwrap().len()
    );
    assert_eq!(
        doc["runs"][0]["properties"]["filesScanned"]
            .as_u64()
            .unwrap(),
        all["summary"]["files_scanned"].as_u64().unwrap() + {
            // shard 1 was given twice
            let one: Value =
                serde_json::from_str(&std::fs::read_to_string(&inputs[0]).unwrap()).unwrap();
            one["runs"][0]["properties"]["filesScanned"]
                .as_u64()
                .unwrap()
        }
    );
    let (code, _, err) = run(ferret().args(["merge", "missing.sarif"]));
    assert_eq!(code, 2);
    assert!(err.contains("missing.sarif"), "{err}");
}

const RULE: &str = "rules:\n  - id: t.eval\n    languages: [python]\n    severity: ERROR\n    message: eval of $X\n    pattern: eval($X)\n";

fn results(dir: &Path, extra: &[&str]) -> (Vec<(String, u64)>, String) {
    let (code, out, err) = run(ferret()
        .current_dir(dir)
        .args([
            "scan",
            "--config",
            "rule.yaml",
            "--format",
            "json",
            "--fail-on",
            "never",
            "src",
        ])
        .args(extra));
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let list = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["snippet"].as_str().unwrap().trim().to_string(),
                r["location"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (list, err)
}

#[test]
fn a_baseline_file_hides_known_findings_even_when_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), RULE).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/a.py"), "x = eval(a)\ny = eval(b)\n").unwrap();
    for format in ["sarif", "json"] {
        let base = dir.path().join(format!("base.{format}"));
        let (code, _, err) = run(ferret()
            .current_dir(dir.path())
            .args([
                "scan",
                "--config",
                "rule.yaml",
                "--fail-on",
                "never",
                "-f",
                format,
                "-o",
            ])
            .arg(&base)
            .arg("src"));
        assert_eq!(code, 0, "{err}");
    }
    // Lines move down, one finding is fixed, one is new.
    std::fs::write(
        dir.path().join("src/a.py"),
        "import os\n\n\nx = eval(a)\nz = eval(c)\n",
    )
    .unwrap();
    for format in ["sarif", "json"] {
        let (found, err) = results(dir.path(), &["--baseline-file", &format!("base.{format}")]);
        assert_eq!(found, vec![("z = eval(c)".to_string(), 5)], "{format}");
        assert!(err.contains("1 findings also in the baseline"), "{err}");
    }
}

/// Runs git in `dir` with a throwaway identity; fails the test if git fails.
fn git_in(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.email=t@example.test", "-c", "user.name=t"])
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_git_baseline_reports_only_what_the_change_added() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| git_in(d, args);
    git(&["init", "-q"]);
    std::fs::write(d.join("rule.yaml"), RULE).unwrap();
    std::fs::create_dir(d.join("src")).unwrap();
    std::fs::write(d.join("src/a.py"), "x = eval(a)\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    std::fs::write(d.join("src/a.py"), "# moved\nx = eval(a)\ny = eval(b)\n").unwrap();
    std::fs::write(d.join("src/new.py"), "eval(n)\n").unwrap();
    let (found, err) = results(d, &["--baseline", "HEAD"]);
    assert_eq!(
        found,
        vec![("y = eval(b)".to_string(), 3), ("eval(n)".to_string(), 1)],
        "{err}"
    );
    // The temporary worktree is gone.
    let list = Command::new("git")
        .current_dir(d)
        .args(["worktree", "list"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&list.stdout).lines().count(), 1);
    let (code, _, err) = run(ferret().current_dir(d).args([
        "scan",
        "--config",
        "rule.yaml",
        "--baseline",
        "no-such-ref",
        "src",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("no-such-ref"), "{err}");
}

#[test]
fn diff_mode_reports_only_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| git_in(d, args);
    git(&["init", "-q"]);
    std::fs::write(d.join("rule.yaml"), RULE).unwrap();
    std::fs::create_dir(d.join("src")).unwrap();
    std::fs::write(d.join("src/a.py"), "x = eval(a)\n\ny = 1\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    // A staged change and an unstaged one in a tracked file, and an untracked file.
    std::fs::write(
        d.join("src/a.py"),
        "x = eval(a)\nw = eval(w)\ny = eval(y)\n",
    )
    .unwrap();
    git(&["add", "src/a.py"]);
    std::fs::write(
        d.join("src/a.py"),
        "x = eval(a)\nw = eval(w)\ny = eval(y)\nv = eval(v)\n",
    )
    .unwrap();
    std::fs::write(d.join("src/b.py"), "eval(b)\n").unwrap();
    let (found, err) = results(d, &["--diff"]);
    assert_eq!(
        found,
        vec![
            ("w = eval(w)".to_string(), 2),
            ("y = eval(y)".to_string(), 3),
            ("v = eval(v)".to_string(), 4),
            ("eval(b)".to_string(), 1),
        ],
        "{err}"
    );
    assert!(
        err.contains("1 findings outside the changed lines"),
        "{err}"
    );
}

#[test]
fn deploy_manifests_parse_and_use_real_flags() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let help = |cmd: &str| {
        let o = ferret().args([cmd, "--help"]).output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let (scan_help, merge_help) = (help("scan"), help("merge"));
    let mut checked = 0;
    for file in [
        "deploy/kubernetes/scan-job.yaml",
        "deploy/github-actions/ferret.yml",
        ".pre-commit-hooks.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let mut docs = Vec::new();
        for doc in text.split("\n---\n") {
            let v: Value = serde_saphyr::from_str(doc)
                .unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
            docs.push(v);
        }
        // Every `ferret` command line in the file uses flags that exist (folded scalars
        // continue on the following lines, so the text is joined first).
        let joined = text.replace(">-\n", " ").replace('\n', " ");
        for cmd in joined.split("ferret ").skip(1) {
            let sub = cmd.split_whitespace().next().unwrap_or("");
            let help = match sub {
                "scan" => &scan_help,
                "merge" => &merge_help,
                _ => continue,
            };
            let words: Vec<&str> = cmd
                .split_whitespace()
                .take_while(|w| {
                    !w.starts_with('#') && !w.ends_with(':') && !matches!(*w, "---" | "fi" | "else")
                })
                .collect();
            for w in words.iter().filter(|w| w.starts_with("--")) {
                let flag = w.split('=').next().unwrap();
                assert!(
                    help.contains(flag),
                    "{file}: `ferret {sub}` has no flag {flag}"
                );
                checked += 1;
            }
        }
        if file.ends_with("scan-job.yaml") {
            assert_eq!(docs[0]["kind"], "Job");
            assert_eq!(docs[0]["spec"]["completionMode"], "Indexed");
            assert_eq!(
                docs[0]["spec"]["completions"],
                docs[0]["spec"]["parallelism"]
            );
            let args = docs[0]["spec"]["template"]["spec"]["containers"][0]["args"][0]
                .as_str()
                .unwrap();
            assert!(args.contains("JOB_COMPLETION_INDEX") && args.contains("--shard"));
            assert_eq!(docs[1]["kind"], "Job");
        }
        if file.ends_with("ferret.yml") {
            assert!(docs[0]["jobs"]["scan"]["steps"].is_array());
        }
        if file.ends_with("pre-commit-hooks.yaml") {
            assert_eq!(docs[0][0]["id"], "ferret");
        }
    }
    assert!(checked >= 10, "{checked} flags checked");
}

/// Runs a scan of the Python cross-file taint project copied into `dir`, with the cache in
/// `cache`; returns the JSON document.
fn cached_scan(dir: &Path, cache: &Path, extra: &[&str]) -> Value {
    let (code, out, err) = run(ferret()
        .current_dir(dir)
        .args([
            "scan",
            "--config",
            "rule.yaml",
            "--format",
            "json",
            "--fail-on",
            "never",
            "-q",
        ])
        .arg("--cache-dir")
        .arg(cache)
        .arg("src")
        .args(extra));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn an_unchanged_rescan_parses_nothing_and_a_change_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let d = dir.path();
    let project = rules_dir().join("python/python.injection.command-taint");
    std::fs::create_dir(d.join("src")).unwrap();
    for e in std::fs::read_dir(&project).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, d.join("src").join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        rules_dir().join("python/python.injection.command-taint.yaml"),
        d.join("rule.yaml"),
    )
    .unwrap();
    let first = cached_scan(d, cache.path(), &[]);
    assert!(first["summary"]["files_parsed"].as_u64().unwrap() >= 2);
    assert_eq!(first["summary"]["files_cached"], 0);
    let second = cached_scan(d, cache.path(), &[]);
    assert_eq!(second["summary"]["files_parsed"], 0, "{second}");
    assert_eq!(
        second["summary"]["files_cached"],
        first["summary"]["files_scanned"]
    );
    assert_eq!(second["results"], first["results"]);
    // --no-cache parses again.
    let fresh = cached_scan(d, cache.path(), &["--no-cache"]);
    assert_eq!(
        fresh["summary"]["files_parsed"],
        first["summary"]["files_parsed"]
    );
    assert_eq!(fresh["results"], first["results"]);
    // One file changes: the change is seen, the result equals an uncached scan.
    let tools = d.join("src/tools.py");
    let text = std::fs::read_to_string(&tools).unwrap();
    std::fs::write(&tools, format!("# edited\n{text}")).unwrap();
    let third = cached_scan(d, cache.path(), &[]);
    let truth = cached_scan(d, cache.path(), &["--no-cache"]);
    assert_eq!(third["results"], truth["results"]);
    assert_ne!(
        third["results"], first["results"],
        "the moved lines are not seen"
    );
    // A changed rule file misses the cache.
    let rule = std::fs::read_to_string(d.join("rule.yaml")).unwrap();
    std::fs::write(d.join("rule.yaml"), format!("{rule}\n# edited\n")).unwrap();
    let fourth = cached_scan(d, cache.path(), &[]);
    assert_eq!(fourth["summary"]["files_cached"], 0);
}

/// Writes `files` (path under `src/`, content) into `dir`.
fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (p, text) in files {
        let path = dir.join("src").join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Moves every line of `src/<file>` down by one.
fn move_lines(dir: &Path, file: &str) {
    let p = dir.join("src").join(file);
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("# moved\n{t}")).unwrap();
}

/// The findings of a scan, without the summary (which differs between cached and uncached).
fn results_of(doc: &Value) -> Value {
    doc["results"].clone()
}

#[test]
fn an_edit_reanalyses_only_the_files_it_can_affect() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        rules_dir().join("python/python.injection.command-taint.yaml"),
        d.join("rule.yaml"),
    )
    .unwrap();
    let handler = |name: &str, helper: &str| {
        format!(
            "import os\nfrom flask import request\nfrom {helper} import prep_{helper}\n\n\
             def {name}():\n    v = request.args.get(\"q\")\n    os.system(prep_{helper}(v))\n"
        )
    };
    let helper = |name: &str, body: &str| {
        format!("import shlex\n\ndef prep_{name}(value):\n    return {body}\n")
    };
    let mut tree: Vec<(String, String)> = Vec::new();
    // Five independent pairs: a handler file and the helper file it calls.
    for i in 0..5 {
        tree.push((
            format!("h{i}.py"),
            handler(&format!("handle{i}"), &format!("u{i}")),
        ));
        tree.push((
            format!("u{i}.py"),
            helper(&format!("u{i}"), "\"ls \" + value"),
        ));
    }
    // A call of a function defined nowhere yet: taint passes through it.
    tree.push((
        "h5.py".into(),
        "import os\nfrom flask import request\n\ndef handle5():\n    \
         os.system(normalise(request.args.get(\"q\")))\n"
            .into(),
    ));
    // A class field that carries taint to a reader in another file.
    let settings = |value: &str| {
        format!(
            "from flask import request\n\nclass Config:\n    cmd = None\n\n\
             def load():\n    Config.cmd = {value}\n"
        )
    };
    tree.push(("settings.py".into(), settings("request.args.get(\"cmd\")")));
    tree.push((
        "job.py".into(),
        "import os\nfrom settings import Config\n\ndef job():\n    os.system(Config.cmd)\n".into(),
    ));
    let files: Vec<(&str, &str)> = tree.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    write_tree(d, &files);
    let total = tree.len() as u64;

    let first = cached_scan(d, cache.path(), &[]);
    assert_eq!(first["summary"]["taint_files_analysed"], total, "{first}");
    assert_eq!(results_of(&first).as_array().unwrap().len(), 7, "{first}");

    // Unchanged: nothing parsed, the taint results come from the cache.
    let again = cached_scan(d, cache.path(), &[]);
    assert_eq!(again["summary"]["files_parsed"], 0);
    assert_eq!(again["summary"]["taint_files_analysed"], 0);
    assert_eq!(results_of(&again), results_of(&first));

    // Each step edits the tree; the incremental scan must equal an uncached one, and analyse
    // only the files named.
    type Edit = Box<dyn Fn(&Path)>;
    const ALL: u64 = u64::MAX;
    let steps: Vec<(&str, Edit, Option<u64>)> = vec![
        (
            "a helper now quotes: only it and its caller are analysed",
            Box::new(move |d: &Path| {
                write_tree(
                    d,
                    &[("u1.py", &helper("u1", "\"ls \" + shlex.quote(value)"))],
                )
            }),
            Some(2),
        ),
        (
            "a handler's lines move",
            Box::new(|d: &Path| move_lines(d, "h2.py")),
            Some(1),
        ),
        (
            "a new file defines the function an unchanged file calls",
            Box::new(|d: &Path| {
                write_tree(
                    d,
                    &[(
                        "extra.py",
                        "def normalise(value):\n    return \"safe\"\n\ndef unrelated():\n    return 1\n",
                    )],
                )
            }),
            Some(2),
        ),
        (
            "the quoting helper's file is deleted: only its caller is analysed",
            Box::new(|d: &Path| std::fs::remove_file(d.join("src/u1.py")).unwrap()),
            Some(1),
        ),
        (
            "the field's reader moves: the field's taint comes from the last pass",
            Box::new(|d: &Path| move_lines(d, "job.py")),
            Some(1),
        ),
        (
            "the field no longer carries taint: a full pass",
            Box::new(move |d: &Path| {
                write_tree(d, &[("settings.py", &settings("\"ls\""))]);
            }),
            Some(ALL),
        ),
        (
            "the quoting helper is back",
            Box::new(move |d: &Path| {
                write_tree(
                    d,
                    &[("u1.py", &helper("u1", "\"ls \" + shlex.quote(value)"))],
                )
            }),
            Some(2),
        ),
    ];
    let mut previous = results_of(&first);
    for (what, edit, analysed) in steps {
        edit(d);
        let inc = cached_scan(d, cache.path(), &[]);
        let truth = cached_scan(d, cache.path(), &["--no-cache"]);
        assert_eq!(results_of(&inc), results_of(&truth), "{what}");
        assert_ne!(
            results_of(&inc),
            previous,
            "{what}: the edit changes the findings"
        );
        assert!(
            inc["summary"]["files_parsed"].as_u64().unwrap() <= 1,
            "{what}: {}",
            inc["summary"]
        );
        if let Some(n) = analysed {
            let n = if n == ALL {
                inc["summary"]["files_scanned"].as_u64().unwrap()
            } else {
                n
            };
            assert_eq!(
                inc["summary"]["taint_files_analysed"], n,
                "{what}: {}",
                inc["summary"]
            );
        }
        previous = results_of(&inc);
    }
}
