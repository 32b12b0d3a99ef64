use super::*;
use ferret_core::{Confidence, FindingLocation, Severity, fingerprint};

fn finding(path: &str, text: &str, needle: &str, rule: &str, fix: Option<&str>) -> Finding {
    let start = text.find(needle).expect("needle");
    let index = LineIndex::new(text.as_bytes());
    Finding {
        rule_id: rule.to_string(),
        message: "m".to_string(),
        severity: Severity::Medium,
        confidence: Confidence::High,
        cwe: Vec::new(),
        language: "python".to_string(),
        location: FindingLocation {
            path: path.to_string(),
            start: index.position(text.as_bytes(), start),
            end: index.position(text.as_bytes(), start + needle.len()),
        },
        snippet: String::new(),
        fingerprint: fingerprint(rule, path, needle, 0),
        metavars: Vec::new(),
        dataflow: Vec::new(),
        fix: fix.map(str::to_string),
        triage: None,
        also_reported_by: Vec::new(),
        redact: Vec::new(),
    }
}

const SRC: &str = "a = exit(1)\nb = md5(x) + md5(y)\n";

#[test]
fn overlapping_fixes_keep_the_first_and_report_the_rest() {
    let findings = vec![
        finding("f.py", SRC, "md5(y)", "r.md5", Some("sha256(y)")),
        finding("f.py", SRC, "exit(1)", "r.exit", Some("sys.exit(1)")),
        finding("f.py", SRC, "md5(x) + md5(y)", "r.sum", Some("h")),
        finding("f.py", SRC, "md5(x)", "r.md5", Some("sha256(x)")),
        // The same edit from a second rule is made once, silently.
        finding("f.py", SRC, "exit(1)", "r.exit2", Some("sys.exit(1)")),
        finding("f.py", SRC, "a = ", "r.nofix", None),
    ];
    let p = plan(&findings);
    let edits = &p.files["f.py"];
    let rules: Vec<&str> = edits.iter().map(|e| e.rule_id.as_str()).collect();
    // `md5(x) + md5(y)` starts where `md5(x)` does: on a tie the shorter range comes first.
    assert_eq!(rules, vec!["r.exit", "r.md5", "r.md5"]);
    assert_eq!(p.skipped.len(), 1);
    assert_eq!(p.skipped[0].0.rule_id, "r.sum");
    assert!(p.skipped[0].1.contains("overlaps"), "{}", p.skipped[0].1);
    assert_eq!(
        apply(SRC, edits).expect("edits fit"),
        "a = sys.exit(1)\nb = sha256(x) + sha256(y)\n"
    );
    assert_eq!(p.edits(), 3);
}

#[test]
fn edits_that_do_not_fit_are_refused() {
    let e = Edit {
        path: "f".into(),
        start: 2,
        end: 99,
        line: 1,
        text: String::new(),
        rule_id: "r".into(),
    };
    assert_eq!(apply("short", std::slice::from_ref(&e)), None);
    // Not on a character boundary.
    let e = Edit {
        start: 1,
        end: 2,
        ..e
    };
    assert_eq!(apply("é", &[e]), None);
}

#[test]
fn a_redacted_fix_is_not_written() {
    let mut f = finding("f.py", SRC, "exit(1)", "r", None);
    f.redact = vec!["secretvalue".to_string()];
    f.fix = Some(format!("use({})", mask_secret("secretvalue")));
    let p = plan(&[f]);
    assert!(p.files.is_empty());
    assert!(p.skipped[0].1.contains("redacted"));
}

#[test]
fn previews_show_whole_lines_before_and_after() {
    let findings = vec![finding("f.py", SRC, "md5(y)", "r", Some("sha256(y)"))];
    let p = plan(&findings);
    let v = preview(SRC, &p.files["f.py"]);
    assert_eq!(v[0].before, "b = md5(x) + md5(y)");
    assert_eq!(v[0].after, "b = md5(x) + sha256(y)");
    // A deletion of whole text across lines.
    let f = finding("f.py", SRC, "1)\nb", "r", Some(""));
    let v = preview(SRC, &plan(&[f]).files["f.py"]);
    assert_eq!(v[0].before, "a = exit(1)\nb = md5(x) + md5(y)");
    assert_eq!(v[0].after, "a = exit( = md5(x) + md5(y)");
}

#[test]
fn write_changes_files_in_place_and_refuses_stale_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("f.py"), SRC).expect("write");
    let findings = vec![
        finding("f.py", SRC, "exit(1)", "r.exit", Some("sys.exit(1)")),
        finding("f.py", SRC, "md5(y)", "r.md5", Some("sha256(y)")),
    ];
    let p = plan(&findings);
    let (done, errors) = write(&p, Some(dir.path()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        done,
        vec![Fixed {
            path: "f.py".into(),
            edits: 2
        }]
    );
    let now = std::fs::read_to_string(dir.path().join("f.py")).expect("read");
    assert_eq!(now, "a = sys.exit(1)\nb = md5(x) + sha256(y)\n");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    // The same plan again no longer fits the changed file's lines.
    std::fs::write(dir.path().join("f.py"), "\n\n").expect("write");
    let (done, errors) = write(&p, Some(dir.path()));
    assert!(done.is_empty());
    assert!(matches!(errors[..], [FixError::Stale { .. }]), "{errors:?}");
}
