//! `scan_sources` (an in-memory scan) against `scan` of the same files on disk: the same
//! findings and figures, cross-file taint included, and the same option rules.

use std::path::{Path, PathBuf};

use ferret_core::{ScanReport, SkipReason};
use ferret_engine::{Prepared, ScanOptions, scan, scan_sources, walk};
use ferret_rules::{Pack, load_rules};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

/// Some of the repository's rules (a cross-file taint rule, a search rule, a text rule) and
/// the test targets beside them.
fn rules_and_targets() -> (Prepared, Vec<PathBuf>) {
    let r = rules_dir();
    let rule_files = [
        r.join("python/python.injection.command-taint.yaml"),
        r.join("python/python.injection.sql-string-building.yaml"),
        r.join("python/python.injection.sql-taint.yaml"),
        r.join("generic/generic.secrets.github-token.yaml"),
    ];
    let loaded = load_rules(Pack::None, &rule_files).unwrap();
    let targets = vec![
        r.join("python/python.injection.command-taint"),
        r.join("python/python.injection.command-taint.py"),
        r.join("python/python.injection.sql-string-building.py"),
        r.join("python/python.injection.sql-taint.py"),
        r.join("generic/generic.secrets.github-token.txt"),
    ];
    (Prepared::new(loaded.set), targets)
}

/// The files `scan` would read, as (display path, bytes).
fn read_all(targets: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    walk(targets, None, None, 1, false)
        .unwrap()
        .files
        .into_iter()
        .map(|f| (f.display, std::fs::read(&f.path).unwrap()))
        .collect()
}

/// A report without its timings.
fn timeless(mut r: ScanReport) -> ScanReport {
    r.summary.seconds = 0.0;
    r.summary.taint_seconds = 0.0;
    r
}

#[test]
fn scan_sources_equals_a_scan_of_the_same_files_on_disk() {
    let (prep, targets) = rules_and_targets();
    let opts = ScanOptions {
        paths: targets.clone(),
        jobs: 2,
        ..ScanOptions::default()
    };
    let on_disk = timeless(scan(&prep, &opts).unwrap());
    // Findings in every kind of rule, and across the files of the taint project.
    assert!(on_disk.findings.len() > 5, "{:#?}", on_disk.findings);
    assert!(on_disk.findings.iter().any(|f| {
        f.location
            .path
            .ends_with("python.injection.command-taint/tools.py")
            && f.dataflow
                .iter()
                .any(|s| s.location.path.ends_with("app.py"))
    }));
    let mut sources = read_all(&targets);
    // The caller's order does not matter.
    sources.reverse();
    let in_memory = timeless(scan_sources(&prep, &sources, &opts).unwrap());
    assert_eq!(in_memory, on_disk);
}

#[test]
fn scan_sources_keeps_the_size_limit_and_its_parse_limit() {
    let (prep, targets) = rules_and_targets();
    let sources = read_all(&targets);
    let (big, _) = sources
        .iter()
        .max_by_key(|(_, b)| b.len())
        .map(|(p, b)| (p.clone(), b.len()))
        .unwrap();
    let limit = sources.iter().map(|(_, b)| b.len()).max().unwrap() as u64 - 1;
    let opts = ScanOptions {
        paths: targets,
        max_file_size: limit,
        jobs: 1,
        ..ScanOptions::default()
    };
    let on_disk = timeless(scan(&prep, &opts).unwrap());
    let in_memory = timeless(scan_sources(&prep, &sources, &opts).unwrap());
    assert_eq!(in_memory, on_disk);
    let issue = &in_memory.summary.file_issues[0];
    assert_eq!(
        (issue.path.as_str(), issue.reason),
        (big.as_str(), SkipReason::TooLarge)
    );
    assert!(in_memory.findings.iter().all(|f| f.location.path != big));
}

#[test]
fn the_parse_limit_follows_max_file_size() {
    let (prep, _) = rules_and_targets();
    let src = "import os\n\ndef run(request):\n    os.system(request.args.get('cmd'))\n";
    let sources = [("app.py", src.as_bytes())];
    // A caller's own parse byte limit does not refuse a file `max_file_size` lets through:
    // the engine sets one from the other.
    let mut opts = ScanOptions::default();
    opts.parse_limits.max_bytes = 10;
    let report = scan_sources(&prep, &sources, &opts).unwrap();
    assert!(
        report.summary.file_issues.is_empty(),
        "{:?}",
        report.summary
    );
    assert_eq!(report.summary.files_parsed, 1);
    assert_eq!(
        opts.file_parse_limits().max_bytes as u64,
        opts.max_file_size
    );
    // And a size limit below the file skips it before anything is parsed.
    opts.max_file_size = 10;
    let report = scan_sources(&prep, &sources, &opts).unwrap();
    assert_eq!(report.summary.files_parsed, 0);
    assert_eq!(report.summary.file_issues[0].reason, SkipReason::TooLarge);
}

#[test]
fn scan_sources_renders_findings_from_the_given_bytes_not_from_disk() {
    // A taint rule whose findings are rendered after the project pass; the same display path
    // exists on disk with other contents (the model pass rescans a patched copy of a real file).
    let (prep, targets) = rules_and_targets();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.py");
    let vulnerable = "import os\nfrom flask import request\n\ndef run():\n    os.system(request.args.get(\"c\"))\n";
    std::fs::write(&path, "# nothing here\n").unwrap();
    let display = path.display().to_string();
    let opts = ScanOptions {
        paths: targets,
        ..ScanOptions::default()
    };
    let report = scan_sources(&prep, &[(display.as_str(), vulnerable.as_bytes())], &opts).unwrap();
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "python.injection.command-taint")
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(found[0].location.start.line, 5);
    assert!(found[0].snippet.contains("os.system"));
}
