//! End-to-end tests of `ferret scan --autofix` / `--dryrun`, of fixes in the JSON and SARIF
//! reports, of `ferret test` with expected autofix results, and of generic and regex rules.

use std::path::Path;
use std::process::{Command, Output};

fn ferret() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ferret"))
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

const FIX_RULES: &str = r#"
rules:
  - id: t.exit
    message: use sys.exit
    severity: WARNING
    languages: [python]
    pattern: exit($...ARGS)
    fix: sys.exit($...ARGS)
  - id: t.md5
    message: weak hash
    severity: WARNING
    languages: [python]
    pattern: hashlib.md5($X)
    fix-regex:
      regex: md5
      replacement: sha256
  - id: t.call-of-md5
    message: overlaps the md5 fix
    severity: INFO
    languages: [python]
    patterns:
      - pattern: print(hashlib.md5($X))
      - focus-metavariable: $X
    fix: "b'x'"
"#;

const SRC: &str = "import hashlib, sys\n\nexit(1,\n     2)\nprint(hashlib.md5(b'data'))\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.yaml"), FIX_RULES).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/app.py"), SRC).unwrap();
    dir
}

fn scan(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    run(ferret()
        .current_dir(dir)
        .args([
            "scan",
            "--no-cache",
            "--config",
            "rules.yaml",
            "--fail-on",
            "never",
            "--no-color",
        ])
        .args(extra)
        .arg("src"))
}

#[test]
fn autofix_rewrites_the_file_and_skips_overlapping_fixes() {
    let dir = project();
    let (code, _out, err) = scan(dir.path(), &["--autofix"]);
    assert_eq!(code, 0, "{err}");
    let now = std::fs::read_to_string(dir.path().join("src/app.py")).unwrap();
    assert_eq!(
        now,
        "import hashlib, sys\n\nsys.exit(1,\n     2)\nprint(hashlib.sha256(b'data'))\n"
    );
    // The focused fix lies inside the md5 fix, which starts first: it is reported, not made.
    assert!(
        err.contains("src/app.py:5: fix of t.call-of-md5 skipped: overlaps the fix of t.md5"),
        "{err}"
    );
    assert!(
        err.contains("applied 2 fixes in 1 files, 1 skipped"),
        "{err}"
    );
    // Only the file and nothing else (no temporary file) is in the directory.
    let names: Vec<_> = std::fs::read_dir(dir.path().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // A second run finds nothing to fix.
    let (_, _, err) = scan(dir.path(), &["--autofix"]);
    assert!(err.contains("applied 0 fixes in 0 files"), "{err}");
}

#[test]
fn dryrun_shows_the_fixed_lines_and_writes_nothing() {
    let dir = project();
    let (code, out, err) = scan(dir.path(), &["--autofix", "--dryrun"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/app.py")).unwrap(),
        SRC
    );
    assert!(
        out.contains(
            "src/app.py:3: fix of t.exit\n  - exit(1,\n  -      2)\n  + sys.exit(1,\n  +      2)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  - print(hashlib.md5(b'data'))\n  + print(hashlib.sha256(b'data'))"),
        "{out}"
    );
    assert!(
        out.contains("2 fixes in 1 files would be applied, 1 skipped"),
        "{out}"
    );
    // --dryrun needs --autofix.
    let (code, _, err) = scan(dir.path(), &["--dryrun"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn reports_carry_the_fixes() {
    let dir = project();
    let (_, out, err) = scan(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}{err}"));
    let fixes: Vec<&str> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["fix"].as_str())
        .collect();
    assert_eq!(
        fixes,
        vec!["sys.exit(1,\n     2)", "hashlib.sha256(b'data')", "b'x'"]
    );
    let (_, out, _) = scan(dir.path(), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fix = &sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0];
    assert_eq!(fix["artifactLocation"]["uri"], "src/app.py");
    let r = &fix["replacements"][0];
    assert_eq!(r["deletedRegion"]["startLine"], 3);
    assert_eq!(r["deletedRegion"]["startColumn"], 1);
    assert_eq!(r["deletedRegion"]["endLine"], 4);
    assert_eq!(r["deletedRegion"]["endColumn"], 8);
    assert_eq!(r["insertedContent"]["text"], "sys.exit(1,\n     2)");
    let (_, out, _) = scan(dir.path(), &[]);
    assert!(out.contains("= fix: hashlib.sha256(b'data')"), "{out}");
    assert!(
        out.contains("= fix:\n       sys.exit(1,\n            2)"),
        "{out}"
    );
}

#[test]
fn ferret_test_checks_the_expected_autofix_result() {
    let dir = tempfile::tempdir().unwrap();
    // The first two rules (the third has no annotation in this target).
    let two = FIX_RULES.split("  - id: t.call-of-md5").next().unwrap();
    std::fs::write(dir.path().join("r.yaml"), two).unwrap();
    let target =
        "import hashlib, sys\n# ruleid: t.exit\nexit(0)\n# ruleid: t.md5\nhashlib.md5(b)\n";
    std::fs::write(dir.path().join("r.py"), target).unwrap();
    let good =
        "import hashlib, sys\n# ruleid: t.exit\nsys.exit(0)\n# ruleid: t.md5\nhashlib.sha256(b)\n";
    std::fs::write(dir.path().join("r.fixed.py"), good).unwrap();
    let (code, out, err) = run(ferret().arg("test").arg("-v").arg(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ok    autofix"), "{out}");
    std::fs::write(dir.path().join("r.fixed.py"), target).unwrap();
    let (code, out, _) = run(ferret().arg("test").arg(dir.path()));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("differs from") && out.contains("at line 3"),
        "{out}"
    );
}

#[test]
fn generic_and_regex_rules_run_on_any_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.yaml"),
        r#"
rules:
  - id: g.listen
    message: listens on $PORT
    severity: INFO
    languages: [generic]
    paths:
      include: ["*.conf"]
    pattern: |
      server {
        ...
        listen $PORT;
  - id: r.todo
    message: a to-do note
    severity: INFO
    languages: [regex]
    pattern-regex: TODO\(\w+\)
    fix-regex:
      regex: TODO
      replacement: DONE
"#,
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/site.conf"),
        "# TODO(ana) tune\nserver {\n  root /srv;\n  listen 8080;\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/notes.txt"),
        "server {\n  listen 80;\n}\n",
    )
    .unwrap();
    let (_, out, err) = run(ferret().current_dir(dir.path()).args([
        "scan",
        "--no-cache",
        "--config",
        "rules.yaml",
        "--format",
        "json",
        "src",
    ]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}{err}"));
    let mut got: Vec<(String, String, u64, u64, String)> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["location"];
            (
                r["rule_id"].as_str().unwrap_or("").to_string(),
                loc["path"].as_str().unwrap_or("").to_string(),
                loc["start"]["line"].as_u64().unwrap_or(0),
                loc["start"]["col"].as_u64().unwrap_or(0),
                r["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                "g.listen".into(),
                "src/site.conf".into(),
                2,
                1,
                "listens on 8080".into()
            ),
            (
                "r.todo".into(),
                "src/site.conf".into(),
                1,
                3,
                "a to-do note".into()
            ),
        ],
        "{out}"
    );
    let r = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == "r.todo")
        .unwrap();
    assert_eq!(r["fix"], "DONE(ana)");
    assert_eq!(r["language"], "generic");
}
