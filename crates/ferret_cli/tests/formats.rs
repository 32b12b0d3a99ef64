//! The CI and browser formats from the command line: `--format html`, `junit`, `gitlab-sast`.

use std::process::Command;

fn scan(dir: &std::path::Path, format: &str, out: &str) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_ferret"))
        .current_dir(dir)
        .args([
            "scan",
            "src",
            "--config",
            "rule.yaml",
            "--format",
            format,
            "-o",
            out,
        ])
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const RULE: &str = "rules:\n  - id: t.eval\n    languages: [python]\n    severity: ERROR\n    message: eval of $X\n    metadata: {cwe: [\"CWE-95\"]}\n    pattern: eval($X)\n";

#[test]
fn html_junit_and_gitlab_reports_are_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), RULE).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/a.py"),
        "x = eval(data)\ny = eval('<b>')\n",
    )
    .unwrap();

    let (code, err) = scan(dir.path(), "html", "out/report.html");
    assert_eq!(code, 1, "{err}");
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert_eq!(html.matches("<tr class=\"finding\"").count(), 2);
    assert!(html.contains("eval(&#39;&lt;b&gt;&#39;)"), "{html}");

    let (code, err) = scan(dir.path(), "junit", "junit.xml");
    assert_eq!(code, 1, "{err}");
    let xml = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert!(
        xml.contains("<testsuite name=\"t.eval\" tests=\"2\" failures=\"2\""),
        "{xml}"
    );

    let (code, err) = scan(dir.path(), "gitlab-sast", "gl-sast-report.json");
    assert_eq!(code, 1, "{err}");
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("gl-sast-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["vulnerabilities"].as_array().unwrap().len(), 2);
    assert_eq!(doc["vulnerabilities"][0]["location"]["file"], "src/a.py");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rule.yaml"), RULE).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/a.py"), "x = eval(data)\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ferret"))
        .current_dir(dir.path())
        .args(["scan", "src", "--config", "rule.yaml", "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Scan summary"), "{err}");
    assert!(
        !err.contains("files,") && !err.contains('\r') && !err.contains("\x1b["),
        "{err:?}"
    );
}

#[test]
fn ferret_toml_sets_scan_defaults_that_flags_override() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::create_dir_all(d.join("conf")).unwrap();
    std::fs::write(d.join("conf/rule.yaml"), RULE).unwrap();
    std::fs::create_dir_all(d.join("src/generated")).unwrap();
    std::fs::write(d.join("src/a.py"), "x = eval(data)\n").unwrap();
    std::fs::write(d.join("src/generated/b.py"), "eval(v)\n").unwrap();
    std::fs::write(
        d.join("ferret.toml"),
        "[scan]\nconfig = [\"conf/rule.yaml\"]\nexclude = [\"generated/\"]\nfail_on = \"never\"\nformat = \"json\"\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_ferret"))
            .current_dir(d.join("src"))
            .env_remove("FERRET_CONFIG")
            .args(["scan", "."])
            .args(extra)
            .output()
            .unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    // From a subdirectory: the file is found above, its paths are relative to it.
    let (code, out, err) = run(&[]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{out}");
    assert_eq!(results[0]["location"]["path"], "a.py");
    // Flags win.
    let (code, out, err) = run(&[
        "--fail-on",
        "info",
        "--format",
        "text",
        "--exclude",
        "nothing/",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("generated/b.py"), "{out}");
    // A typo is an error naming the file.
    std::fs::write(d.join("ferret.toml"), "[scan]\nexlcude = [\"x\"]\n").unwrap();
    let (code, _, err) = run(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("ferret.toml"), "{err}");
}

#[test]
fn secrets_are_redacted_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    // Two secrets on neighbouring lines: each finding's code frame shows the other line too.
    let key = ["q8Zr2LmN", "5vXw0TbY", "7cKe3HsJ"].concat();
    // A token whose last six characters are the CRC-32 checksum of the rest, as issued ones are.
    let token = ["ghp_", "Zx8Qw2Er4Ty6Ui8Op0As", "2Df4Gh6Jk82J7SzG"].concat();
    std::fs::write(
        dir.path().join("src/settings.py"),
        format!("API_KEY = \"{key}\"\nGH = \"{token}\"\n"),
    )
    .unwrap();
    for format in ["text", "json", "sarif", "html", "junit", "gitlab-sast"] {
        let o = Command::new(env!("CARGO_BIN_EXE_ferret"))
            .current_dir(dir.path())
            // `--rules all`: the high-entropy rule that finds the key is low-confidence.
            .args([
                "scan",
                "src",
                "--no-cache",
                "--rules",
                "all",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        // GitLab's report carries no code, so nothing to mask there.
        if format != "gitlab-sast" {
            assert!(out.contains("q8Zr****"), "{format}: {out}");
        }
        assert!(!out.contains(&key), "{format} leaks the key");
        assert!(!out.contains(&token[4..]), "{format} leaks the token");
    }
}
