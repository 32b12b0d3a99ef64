//! End-to-end tests of the `ferret` binary: scanning, exit codes, bad input and rule tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ferret() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ferret"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run ferret");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

const RULE: &str = r#"
rules:
  - id: test.python.os-system
    message: "os.system called with $X"
    severity: ERROR
    languages: [python]
    metadata:
      cwe: ["CWE-78"]
    patterns:
      - pattern: os.system($X)
      - pattern-not: os.system("...")
"#;

fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), RULE).unwrap();
    for (name, content) in files {
        let p = dir.path().join("src").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

fn scan_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let (code, out, err) = run(ferret()
        .current_dir(dir)
        .args(["scan", "--config", "rule.yaml", "--format", "json", "src"])
        .args(extra));
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, json, err)
}

fn issues(json: &serde_json::Value) -> Vec<(String, String)> {
    json["summary"]["file_issues"]
        .as_array()
        .or_else(|| json["summary"]["fileIssues"].as_array())
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap_or("").to_string(),
                i["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn findings_exit_one_and_suppressions_hide() {
    let dir = project(&[(
        "app.py",
        b"import os\nos.system(cmd)\nos.system('ls')\nos.system(user)  # ferret-ignore\n# nosemgrep: os-system\nos.system(other)\n",
    )]);
    let (code, json, _) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{json:#}");
    assert_eq!(results[0]["message"], "os.system called with cmd");
    assert_eq!(json["summary"]["suppressed"], 2);
    let (code, _, _) = scan_json(dir.path(), &["--fail-on", "critical"]);
    assert_eq!(code, 0);
}

#[test]
fn bad_files_are_reported_and_skipped() {
    // The deep file names os.system, so the prefilter cannot rule it out without parsing.
    let mut deep = String::from("os.system(y)\nx = ");
    // Spread over lines, so that it is not mistaken for a minified file.
    deep.push_str(&"[[[[[[[[[[\n".repeat(1_000));
    deep.push_str(&"]]]]]]]]]]\n".repeat(1_000));
    deep.push('\n');
    let dir = project(&[
        ("ok.py", b"import os\nos.system(a)\n"),
        ("empty.py", b""),
        ("binary.py", b"\x00\x01\x02ELF\x00"),
        ("latin1.py", b"# caf\xe9\nos.system(b)\n"),
        ("deep.py", deep.as_bytes()),
    ]);
    let big = dir.path().join("src/big.py");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let (code, json, err) = scan_json(dir.path(), &[]);
    // A finding in ok.py, and the scan went on past every bad file.
    assert_eq!(code, 1, "{err}");
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
    let issues = issues(&json);
    let reason = |name: &str| {
        issues
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{name} not reported: {issues:?}"))
    };
    assert_eq!(reason("binary.py"), "binary");
    assert_eq!(reason("latin1.py"), "invalid-utf8");
    assert_eq!(reason("big.py"), "too-large");
    assert_eq!(reason("deep.py"), "too-deep");
    assert!(!issues.iter().any(|(p, _)| p.ends_with("empty.py")));
    assert!(err.contains("too-deep"), "summary names the reasons: {err}");
}

#[test]
fn a_parse_failure_is_reported_and_exits_three_only_with_strict() {
    let mut deep = String::from("os.system(y)\nx = ");
    deep.push_str(&"(".repeat(5_000));
    deep.push_str(&")".repeat(5_000));
    let dir = project(&[("deep.py", deep.as_bytes()), ("fine.py", b"print(1)\n")]);
    let (code, json, err) = scan_json(dir.path(), &["--fail-on", "never"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        issues(&json)
            .iter()
            .any(|(p, r)| p.ends_with("deep.py") && r == "too-deep"),
        "the file is still reported: {json}"
    );
    assert!(err.contains("too-deep"), "{err}");
    let (code, _, err) = scan_json(dir.path(), &["--fail-on", "never", "--strict"]);
    assert_eq!(code, 3, "{err}");
}

#[test]
fn malformed_rules_exit_two_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.yaml"),
        "rules:\n  - id: r\n    message: [oops\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("unknown.yaml"),
        "rules:\n  - id: r2\n    message: m\n    severity: ERROR\n    languages: [python]\n    patterns:\n      - pattern: f()\n      - pattern-sometimes: g()\n",
    )
    .unwrap();
    let (code, _, err) = run(ferret()
        .current_dir(dir.path())
        .args(["scan", "--config", "bad.yaml", "."]));
    assert_eq!(code, 2);
    assert!(err.contains("bad.yaml: invalid YAML"), "{err}");
    let (code, _, err) =
        run(ferret()
            .current_dir(dir.path())
            .args(["scan", "--config", "unknown.yaml", "."]));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown.yaml:2: rule `r2`: at `rules[0].patterns[1].pattern-sometimes`: unknown operator"),
        "{err}"
    );
    let (code, _, err) = run(ferret().args(["scan", "--fail-on", "sometimes", "."]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_rule_that_cannot_be_compiled_is_skipped_unless_strict() {
    let dir = project(&[("a.py", b"import os\nos.system(cmd)\n")]);
    let mixed = format!(
        "{RULE}  - id: test.python.broken\n    message: m\n    severity: ERROR\n    languages: [python]\n    patterns:\n      - pattern: f()\n      - pattern-sometimes: g()\n"
    );
    std::fs::write(dir.path().join("rule.yaml"), mixed).unwrap();
    // The good rule still runs; the bad one is named in a warning and in the summary.
    let (code, json, err) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(json["results"].as_array().unwrap().len(), 1, "{json}");
    assert!(
        err.contains("warning: skipping a rule that cannot be compiled: rule.yaml:")
            && err
                .contains("rule `test.python.broken`: at `rules[1].patterns[1].pattern-sometimes`"),
        "{err}"
    );
    assert!(err.contains("1 skipped: cannot be compiled"), "{err}");
    let skipped = &json["summary"]["skipped_rules"];
    assert_eq!(skipped[0]["rule"], "test.python.broken", "{json}");
    assert_eq!(skipped[0]["path"], "rules[1].patterns[1].pattern-sometimes");
    // SARIF carries it as a tool execution notification.
    let (code, out, _) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--config",
        "rule.yaml",
        "--format",
        "sarif",
        "-q",
        "src",
    ]));
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes[0]["properties"]["reason"], "rule-skipped", "{notes}");
    assert_eq!(notes[0]["properties"]["ruleId"], "test.python.broken");
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("unknown operator `pattern-sometimes`"),
        "{notes}"
    );
    // --strict refuses the configuration.
    let (code, _, err) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--strict",
        "--config",
        "rule.yaml",
        "src",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("rule `test.python.broken`"), "{err}");
}

#[test]
fn sarif_output_has_fingerprints_and_utf16_columns() {
    let dir = project(&[("u.py", "import os\nx = 'é😀'; os.system(c)\n".as_bytes())]);
    let (code, out, _) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--config",
        "rule.yaml",
        "--format",
        "sarif",
        "src",
    ]));
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "test.python.os-system");
    // "x = 'é😀'; " is 10 UTF-16 units (é is 1, 😀 is 2) but 13 bytes.
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startColumn"],
        12
    );
    assert!(
        result["partialFingerprints"]["ferret/v1"]
            .as_str()
            .unwrap()
            .len()
            == 32
    );
}

#[test]
fn gitignore_and_ferretignore_are_honoured() {
    let dir = project(&[
        ("a.py", b"import os\nos.system(a)\n"),
        ("gen/b.py", b"import os\nos.system(b)\n"),
        ("vendor/c.py", b"import os\nos.system(c)\n"),
    ]);
    std::fs::write(dir.path().join("src/.gitignore"), "gen/\n").unwrap();
    std::fs::write(dir.path().join("src/.ferretignore"), "vendor/\n").unwrap();
    let (_, json, _) = scan_json(dir.path(), &[]);
    let paths: Vec<&str> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["path"]
                .as_str()
                .or_else(|| r["location"]["path"].as_str())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(paths.len(), 1, "{json:#}");
    let (_, json, _) = scan_json(dir.path(), &["--exclude", "a.py"]);
    assert_eq!(json["results"].as_array().unwrap().len(), 0);
}

#[test]
fn conformance_suite_passes() {
    let (code, out, err) = run(ferret()
        .arg("test")
        .arg(repo_root().join("tests/conformance")));
    assert_eq!(code, 0, "{out}\n{err}");
    let last = out.lines().rev().find(|l| l.contains("passed")).unwrap();
    let passed: usize = last.split_whitespace().next().unwrap().parse().unwrap();
    assert!(passed >= 150, "{last}");
    assert!(last.ends_with(" 0 failed"), "{last}");
}

#[test]
fn builtin_rules_pass_their_tests() {
    let (code, out, err) = run(ferret().arg("test").arg(repo_root().join("rules")));
    assert_eq!(code, 0, "{out}\n{err}");
}

#[test]
fn ferret_test_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.yaml"), RULE).unwrap();
    std::fs::write(
        dir.path().join("r.py"),
        "import os\n# ruleid: test.python.os-system\nos.system('ls')\n# ok: test.python.os-system\nos.system(x)\n",
    )
    .unwrap();
    let (code, out, _) = run(ferret().arg("test").arg(dir.path()));
    assert_eq!(code, 1);
    assert!(out.contains("FAIL  test.python.os-system"), "{out}");
    assert!(out.contains("missed:         [3]"), "{out}");
    assert!(out.contains("unexpected:     [5]"), "{out}");
    assert!(out.contains("0 passed, 1 failed"), "{out}");
}

#[test]
fn ferret_test_keeps_todo_annotations_as_semgrep_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.yaml"), RULE).unwrap();
    // A `todook:` line is a known false positive that is still reported, a `todoruleid:` line
    // a known miss that is still missed: both pass.
    std::fs::write(
        dir.path().join("r.py"),
        "import os\n# todook: test.python.os-system\nos.system(x)\n# todoruleid: test.python.os-system\nos.system('ls')\n",
    )
    .unwrap();
    let (code, out, _) = run(ferret().arg("test").arg(dir.path()));
    assert_eq!(code, 0, "{out}");
    // Once the rule changes so that they no longer hold, the test fails.
    std::fs::write(
        dir.path().join("r.py"),
        "import os\n# todoruleid: test.python.os-system\nos.system(x)\n# todook: test.python.os-system\nos.system('ls')\n",
    )
    .unwrap();
    let (code, out, _) = run(ferret().arg("test").arg(dir.path()));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("missed:         [5]"), "{out}");
    assert!(out.contains("unexpected:     [3]"), "{out}");
}

const TAINT_RULE: &str = r#"
rules:
  - id: test.python.cmd-taint
    mode: taint
    message: user input reaches os.system
    severity: ERROR
    languages: [python]
    metadata:
      cwe: ["CWE-78"]
    pattern-sources:
      - pattern: input(...)
    pattern-sanitizers:
      - pattern: shlex.quote(...)
    pattern-sinks:
      - patterns:
          - pattern: os.system($X)
          - focus-metavariable: $X
"#;

fn taint_project(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), TAINT_RULE).unwrap();
    for (name, content) in files {
        let p = dir.path().join("src").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

#[test]
fn taint_crosses_files_and_reports_the_path_as_code_flows() {
    let dir = taint_project(&[
        (
            "app.py",
            "import os\nfrom util import wrap\n\ndef main():\n    v = input()\n    run(wrap(v))\n\ndef run(cmd):\n    os.system(cmd)\n".into(),
        ),
        ("util.py", "def wrap(x):\n    return 'ls ' + x\n".into()),
    ]);
    let (code, out, err) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--config",
        "rule.yaml",
        "--format",
        "sarif",
        "src",
    ]));
    assert_eq!(code, 1, "{err}");
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{out}");
    let r = &results[0];
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        9
    );
    let steps = r["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap();
    let lines: Vec<i64> = steps
        .iter()
        .map(|s| {
            s["location"]["physicalLocation"]["region"]["startLine"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(
        lines.first(),
        Some(&5),
        "path starts at the source: {lines:?}"
    );
    assert_eq!(lines.last(), Some(&9), "path ends at the sink: {lines:?}");
    // Without summaries, the flow through `run` and `wrap` is not seen.
    let (code, out, _) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--config",
        "rule.yaml",
        "--format",
        "json",
        "--taint-intraprocedural",
        "src",
    ]));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn taint_survives_huge_functions_and_call_cycles() {
    let mut big = String::from("import os\ndef big():\n    x0 = input()\n");
    for i in 1..50_000 {
        big.push_str(&format!("    x{i} = x{}\n", i - 1));
    }
    big.push_str("    os.system(x49999)\n");
    let mut cycle = String::from("import os\n");
    for i in 0..300 {
        cycle.push_str(&format!(
            "def f{i}(a, n):\n    if n == 0:\n        os.system(a)\n    return f{}(a, n - 1)\n",
            (i + 1) % 300
        ));
    }
    cycle.push_str("def start():\n    f0(input(), 5)\n");
    let dir = taint_project(&[("big.py", big), ("cycle.py", cycle)]);
    let (code, json, err) = {
        let (code, out, err) = run(ferret().current_dir(dir.path()).args([
            "scan",
            "--config",
            "rule.yaml",
            "--format",
            "json",
            "src",
        ]));
        (
            code,
            serde_json::from_str::<serde_json::Value>(&out).unwrap(),
            err,
        )
    };
    assert_eq!(code, 1, "{err}");
    let results = json["results"].as_array().unwrap();
    let in_big = results
        .iter()
        .filter(|r| r["location"]["path"].as_str().unwrap().ends_with("big.py"))
        .count();
    let in_cycle = results
        .iter()
        .filter(|r| {
            r["location"]["path"]
                .as_str()
                .unwrap()
                .ends_with("cycle.py")
        })
        .count();
    assert_eq!(in_big, 1);
    assert_eq!(
        in_cycle, 300,
        "every function of the cycle reaches its sink with taint"
    );
}

#[test]
fn taint_reports_a_function_over_its_budget() {
    let mut huge = String::from("import os\ndef huge():\n    x0 = input()\n");
    for i in 1..110_000 {
        huge.push_str(&format!("    x{i} = x{} + x0\n", i - 1));
    }
    huge.push_str("    os.system(x1)\n");
    let dir = taint_project(&[("huge.py", huge)]);
    let (code, out, err) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--config",
        "rule.yaml",
        "--format",
        "json",
        "--max-file-size",
        "20M",
        "--strict",
        "src",
    ]));
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let issues = issues(&json);
    assert!(
        issues
            .iter()
            .any(|(p, r)| p.ends_with("huge.py") && r == "match-budget"),
        "{issues:?} {err}"
    );
    // The sink sits after the cut, so nothing is found, and the run says it was incomplete
    // (with --strict, by its exit code).
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("larger than"), "{err}");
}

#[test]
fn taint_resolves_calls_through_imports() {
    let dir = taint_project(&[
        ("passes.py", "def wrap(x):\n    return 'ls ' + x\n".into()),
        ("blocks.py", "def wrap(x):\n    return 'ls'\n".into()),
        (
            "a.py",
            "import os\nfrom passes import wrap\n\ndef a():\n    os.system(wrap(input()))\n".into(),
        ),
        (
            "b.py",
            "import os\nimport blocks as helper\n\ndef b():\n    os.system(helper.wrap(input()))\n"
                .into(),
        ),
    ]);
    let (_, out, err) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--config",
        "rule.yaml",
        "--format",
        "json",
        "src",
    ]));
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let paths: Vec<&str> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("a.py"), "{paths:?}");
}

#[test]
fn taint_resolves_go_calls_by_package() {
    let rule = r#"
rules:
  - id: test.go.cmd-taint
    mode: taint
    message: env reaches exec.Command
    severity: ERROR
    languages: [go]
    pattern-sources:
      - pattern: os.Getenv(...)
    pattern-sinks:
      - patterns:
          - pattern: exec.Command($NAME, ...)
          - focus-metavariable: $NAME
"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), rule).unwrap();
    let files = [
        (
            "src/pass/util.go",
            "package pass\n\nfunc Wrap(s string) string { return \"/bin/\" + s }\n",
        ),
        (
            "src/block/util.go",
            "package block\n\nfunc Wrap(s string) string { return \"/bin/true\" }\n",
        ),
        (
            "src/main.go",
            "package main\n\nimport (\n\t\"os\"\n\t\"os/exec\"\n\t\"example.com/app/block\"\n\t\"example.com/app/pass\"\n)\n\nfunc a() {\n\texec.Command(pass.Wrap(os.Getenv(\"A\")))\n}\n\nfunc b() {\n\texec.Command(block.Wrap(os.Getenv(\"B\")))\n}\n",
        ),
    ];
    for (p, c) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, c).unwrap();
    }
    let (_, out, err) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--config",
        "rule.yaml",
        "--format",
        "json",
        "src",
    ]));
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let lines: Vec<i64> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["location"]["start"]["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, vec![11], "only the call through package pass: {out}");
}

#[test]
fn docs_rules_md_is_current() {
    let (code, out, err) = run(ferret().args(["rules", "list", "--format", "markdown"]));
    assert_eq!(code, 0, "{err}");
    let doc = std::fs::read_to_string(repo_root().join("docs/rules.md")).unwrap();
    assert!(
        doc == out,
        "docs/rules.md is stale: run `cargo run -- rules list --format markdown > docs/rules.md`"
    );
    assert!(out.lines().filter(|l| l.starts_with("| `")).count() >= 300);
}

#[test]
fn rule_packs_add_to_or_replace_the_configured_rules() {
    let dir = project(&[(
        "app.py",
        b"import os, pickle\nos.system(cmd)\npickle.loads(blob)\n",
    )]);
    let ids = |extra: &[&str]| -> Vec<String> {
        let (_, out, err) = run(ferret()
            .current_dir(dir.path())
            .args(["scan", "--format", "json", "--fail-on", "never"])
            .args(extra)
            .arg("src"));
        let json: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
        let mut v: Vec<String> = json["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rule_id"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    // --config alone replaces the built-in rules.
    assert_eq!(
        ids(&["--config", "rule.yaml"]),
        vec!["test.python.os-system"]
    );
    // --rules default adds them.
    let both = ids(&["--config", "rule.yaml", "--rules", "default"]);
    assert!(
        both.contains(&"test.python.os-system".to_string()),
        "{both:?}"
    );
    assert!(
        both.iter().any(|id| id.starts_with("python.injection")),
        "{both:?}"
    );
    assert!(
        !both.contains(&"python.deserialization.pickle-loads".to_string()),
        "low-confidence rules stay out of the default pack: {both:?}"
    );
    // --rules all adds the low-confidence ones too (any use of pickle).
    let all = ids(&["--config", "rule.yaml", "--rules", "all"]);
    assert!(
        all.contains(&"python.deserialization.pickle-loads".to_string()),
        "{all:?}"
    );
    // The built-in rules alone, by default.
    let builtin = ids(&[]);
    assert!(!builtin.contains(&"test.python.os-system".to_string()));
    assert!(
        builtin.iter().any(|id| id.starts_with("python.")),
        "{builtin:?}"
    );
    // --rules none with no --config is a usage error.
    let (code, _, err) = run(ferret()
        .current_dir(dir.path())
        .args(["scan", "--rules", "none", "src"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn ferret_test_checks_multi_file_projects() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.yaml"), TAINT_RULE).unwrap();
    std::fs::write(
        dir.path().join("r.py"),
        "import os\n# ruleid: test.python.cmd-taint\nos.system(input())\n",
    )
    .unwrap();
    let project = dir.path().join("r");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(
        project.join("a.py"),
        "from b import run\n\ndef main():\n    run(input())\n",
    )
    .unwrap();
    // The flow crosses into b.py; its sink line is annotated `ok`, so the test must fail there.
    std::fs::write(
        project.join("b.py"),
        "import os\n\ndef run(cmd):\n    # ok: test.python.cmd-taint\n    os.system(cmd)\n",
    )
    .unwrap();
    let (code, out, _) = run(ferret().arg("test").arg(dir.path()));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("b.py"), "{out}");
    assert!(out.contains("unexpected:     [5]"), "{out}");
    // With the right annotation it passes, across both files.
    std::fs::write(
        project.join("b.py"),
        "import os\n\ndef run(cmd):\n    # ruleid: test.python.cmd-taint\n    os.system(cmd)\n",
    )
    .unwrap();
    let (code, out, _) = run(ferret().arg("test").arg(dir.path()));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 passed, 0 failed"), "{out}");
}

fn finding_paths(json: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn tests_and_vendored_code_are_skipped_by_default_as_semgrep_does() {
    let bad: &[u8] = b"import os\nos.system(cmd)\n";
    let dir = project(&[
        ("app.py", bad),
        ("tests/test_app.py", bad),
        ("tests/fixtures.min.js", b"var a=1;\n"),
        ("pkg/test/helper.py", bad),
        ("vendor/lib/v.py", bad),
        ("third_party/t.py", bad),
        ("testcode/case.py", bad),
        // A test file as pytest names it, outside a test directory.
        ("test_views.py", bad),
    ]);
    let (_, json, err) = scan_json(dir.path(), &[]);
    assert_eq!(
        finding_paths(&json),
        ["src/app.py", "src/testcode/case.py"],
        "{err}"
    );
    assert_eq!(json["summary"]["default_ignored_dirs"], 4, "{json}");
    assert_eq!(json["summary"]["default_ignored_files"], 1, "{json}");
    assert!(err.contains("default ignore list"), "{err}");

    let (_, json, _) = scan_json(dir.path(), &["--no-default-ignore"]);
    assert_eq!(finding_paths(&json).len(), 7, "{json}");

    // A root named on the command line is scanned even if its name is on the list.
    let (_, out, err) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--config",
        "rule.yaml",
        "--format",
        "json",
        "src/tests",
    ]));
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(finding_paths(&json), ["src/tests/test_app.py"]);
    // Its test files are scanned; a minified bundle in it is still left out.
    assert_eq!(json["summary"]["default_ignored_files"], 1, "{json}");

    // A project's own ignore file replaces the default list (an empty one ignores nothing).
    std::fs::write(dir.path().join("src/.semgrepignore"), "vendor/\n").unwrap();
    let (_, json, _) = scan_json(dir.path(), &[]);
    assert_eq!(finding_paths(&json).len(), 6, "{json}");
    assert!(
        !finding_paths(&json).iter().any(|p| p.contains("vendor/")),
        "{json}"
    );
}
