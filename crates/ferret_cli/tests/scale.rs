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

#[test]
fn a_git_baseline_reports_only_what_the_change_added() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(d)
            .args(["-c", "user.email=t@example.test", "-c", "user.name=t"])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
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
