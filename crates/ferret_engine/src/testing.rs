//! `ferret test`: runs each rule file against the annotated target files beside it.
//!
//! A rule file `dir/name.yaml` is tested against every file `dir/name.<ext>` whose language is
//! one of the rule's. Semgrep's `--test` semantics apply: every `ruleid:` line must be reported,
//! no `ok:` line may be, and nothing unannotated may be; `todoruleid:` / `todook:` lines are known
//! gaps that neither pass nor fail. A directory `dir/name/` beside the rule is scanned as one
//! project, so that flows across its files are tested, and each file in it is checked against
//! its own annotations. A target with an expected autofix result beside it (`name.fixed.ext`)
//! is also checked the way `semgrep --test` does: the fixes of all the file's rules, applied
//! to the target, must give exactly that text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ferret_core::Finding;
use ferret_lang::Language;
use ferret_rules::annotations::expectations;
use ferret_rules::{Rule, RuleSet};
use rayon::prelude::*;

use crate::{Prepared, ScanOptions, scan_bytes};

/// The outcome of one rule on one target file.
#[derive(Debug, Clone)]
pub struct RuleTest {
    /// The rule id.
    pub rule_id: String,
    /// The rule file.
    pub rule_file: PathBuf,
    /// The target file.
    pub target: PathBuf,
    /// Lines annotated `ruleid:` (the lines that must be reported, with the `todook:` ones).
    pub expected: BTreeSet<usize>,
    /// Lines reported.
    pub actual: BTreeSet<usize>,
    /// `ruleid:` lines not reported.
    pub missed: Vec<usize>,
    /// Reported lines that are annotated `ok:` or not annotated at all.
    pub unexpected: Vec<usize>,
    /// `todoruleid:` / `todook:` lines (known gaps).
    pub todo: Vec<usize>,
}

impl RuleTest {
    /// Whether the rule behaves as annotated.
    pub fn passed(&self) -> bool {
        self.missed.is_empty() && self.unexpected.is_empty()
    }
}

/// An autofix test: a target with an expected result beside it (`name.fixed.ext`, as
/// `semgrep --test` names it, or `name.fixed`), and whether applying the fixes of every rule of
/// the rule file to the target gives exactly that text.
#[derive(Debug, Clone)]
pub struct FixTest {
    /// The target file.
    pub target: PathBuf,
    /// The expected result.
    pub fixed: PathBuf,
    /// Whether the fixed target equals it.
    pub passed: bool,
    /// The first line that differs (1-based), when it does not.
    pub first_difference: Option<usize>,
}

/// Everything `ferret test` found.
#[derive(Debug, Default)]
pub struct TestReport {
    /// One entry per (rule, target).
    pub tests: Vec<RuleTest>,
    /// One entry per target with an expected autofix result.
    pub fixes: Vec<FixTest>,
    /// Files that could not be tested, with the reason (bad YAML, no target, no annotations).
    pub errors: Vec<(PathBuf, String)>,
}

impl TestReport {
    /// Tests that passed.
    pub fn passed(&self) -> usize {
        self.tests.iter().filter(|t| t.passed()).count()
            + self.fixes.iter().filter(|t| t.passed).count()
    }

    /// Tests that failed, plus errors.
    pub fn failed(&self) -> usize {
        self.tests.len() + self.fixes.len() - self.passed() + self.errors.len()
    }
}

/// The expected autofix result of `target`: `dir/name.fixed.ext` or `dir/name.fixed`.
fn fixed_file(target: &Path) -> Option<PathBuf> {
    let stem = target.file_stem()?.to_string_lossy();
    let with_ext = target
        .extension()
        .map(|e| target.with_file_name(format!("{stem}.fixed.{}", e.to_string_lossy())));
    let plain = target.with_file_name(format!("{stem}.fixed"));
    with_ext.into_iter().chain([plain]).find(|p| p.is_file())
}

/// Applies the fixes of `findings` (all in `target`) and compares with the expected file.
fn check_fix(target: &Path, fixed: PathBuf, findings: &[Finding]) -> FixTest {
    let display = target.to_string_lossy().replace('\\', "/");
    let before = std::fs::read_to_string(target).unwrap_or_default();
    let want = std::fs::read_to_string(&fixed).unwrap_or_default();
    let plan = crate::autofix::plan(findings);
    let got = match plan.files.get(&display) {
        Some(edits) => crate::autofix::apply(&before, edits),
        None => Some(before),
    };
    let first_difference = match &got {
        Some(g) if *g == want => None,
        Some(g) => Some(
            g.lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| g.lines().count().min(want.lines().count()))
                + 1,
        ),
        None => Some(1),
    };
    FixTest {
        target: target.to_path_buf(),
        fixed,
        passed: first_difference.is_none(),
        first_difference,
    }
}

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rule_files(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
}

fn targets(rule_file: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(stem)) = (rule_file.parent(), rule_file.file_stem()) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    // A directory with the rule's name holds a multi-file test project.
                    (p.is_dir() && p.file_name() == Some(stem))
                        || p.is_file()
                            && p.file_stem() == Some(stem)
                            && !matches!(
                                p.extension().and_then(|x| x.to_str()),
                                Some("yaml" | "yml" | "md" | "fixed")
                            )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Runs every rule file under `path` (a directory or one YAML file).
pub fn run_tests(path: &Path) -> TestReport {
    let mut files = Vec::new();
    rule_files(path, &mut files);
    files.sort();
    let parts: Vec<TestReport> = files.par_iter().map(|f| test_file(f)).collect();
    let mut report = TestReport::default();
    for p in parts {
        report.tests.extend(p.tests);
        report.fixes.extend(p.fixes);
        report.errors.extend(p.errors);
    }
    report
}

fn test_file(rule_file: &Path) -> TestReport {
    let mut report = TestReport::default();
    let rules = match ferret_rules::load_path_tolerant(rule_file) {
        Ok(loaded) => {
            // A rule that cannot be compiled fails; the file's other rules are still tested.
            for issue in loaded.skipped {
                report
                    .errors
                    .push((rule_file.to_path_buf(), issue.to_string()));
            }
            loaded.rules
        }
        Err(e) => {
            report.errors.push((rule_file.to_path_buf(), e.to_string()));
            return report;
        }
    };
    let targets = targets(rule_file);
    if targets.is_empty() {
        report.errors.push((
            rule_file.to_path_buf(),
            "no test file beside it (expected the same name with the language's extension)".into(),
        ));
        return report;
    }
    let has_fix = rules
        .iter()
        .any(|r| r.fix.is_some() || r.fix_regex.is_some());
    let mut found: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    for rule in rules {
        let mut tested = false;
        let mut annotated = false;
        for target in &targets {
            if target.is_dir() {
                match run_dir(&rule, target) {
                    Ok(tests) => {
                        tested |= !tests.is_empty();
                        annotated |= tests
                            .iter()
                            .any(|t| !t.expected.is_empty() || !t.todo.is_empty());
                        report.tests.extend(tests);
                    }
                    Err(e) => report.errors.push((target.clone(), e)),
                }
                continue;
            }
            let bytes = match std::fs::read(target) {
                Ok(b) => b,
                Err(e) => {
                    report.errors.push((target.clone(), e.to_string()));
                    continue;
                }
            };
            let lang = Language::detect(target, &bytes[..bytes.len().min(256)]);
            if !applies(&rule, lang) && rule.text_formula.is_none() {
                continue;
            }
            tested = true;
            match run_one(&rule, target, &bytes, lang) {
                Ok((t, findings)) => {
                    found.entry(target.clone()).or_default().extend(findings);
                    annotated |= !t.expected.is_empty()
                        || !t.todo.is_empty()
                        || String::from_utf8_lossy(&bytes)
                            .contains(&format!("ok: {}", rule.info.id));
                    report.tests.push(t);
                }
                Err(e) => report.errors.push((target.clone(), e)),
            }
        }
        if !tested {
            report.errors.push((
                rule_file.to_path_buf(),
                format!(
                    "rule `{}`: no test file in one of its languages",
                    rule.info.id
                ),
            ));
        } else if !annotated {
            report.errors.push((
                rule_file.to_path_buf(),
                format!(
                    "rule `{}`: its test files have no `ruleid:` or `ok:` annotation",
                    rule.info.id
                ),
            ));
        }
    }
    if has_fix {
        for target in targets.iter().filter(|t| t.is_file()) {
            if let Some(fixed) = fixed_file(target) {
                let findings = found.remove(target).unwrap_or_default();
                report.fixes.push(check_fix(target, fixed, &findings));
            }
        }
    }
    report
}

fn run_one(
    rule: &Rule,
    target: &Path,
    bytes: &[u8],
    lang: Option<Language>,
) -> Result<(RuleTest, Vec<Finding>), String> {
    let set = RuleSet::new(vec![rule.clone()]).map_err(|e| e.to_string())?;
    let prep = Prepared::new(set);
    let opts = ScanOptions::default();
    let display = target.to_string_lossy().replace('\\', "/");
    let mut outcome = scan_bytes(bytes, &display, lang, &prep, &opts);
    if let Some(tf) = outcome.taint.take() {
        let (found, _, _) = crate::finish_taint(&prep, &[tf], opts.taint_scope, &|_: &str| true);
        outcome.findings.extend(found);
    }
    if let Some(issue) = &outcome.issue
        && issue.reason.is_failure()
    {
        return Err(format!("{}: {}", issue.reason.as_str(), issue.detail));
    }
    let actual: BTreeSet<usize> = outcome
        .findings
        .iter()
        .map(|f| f.location.start.line as usize)
        .collect();
    Ok((compare(rule, target, bytes, lang, actual), outcome.findings))
}

/// Checks the lines a rule reported in one file against the file's annotations.
fn compare(
    rule: &Rule,
    target: &Path,
    bytes: &[u8],
    lang: Option<Language>,
    actual: BTreeSet<usize>,
) -> RuleTest {
    let text = String::from_utf8_lossy(bytes);
    let prefixes = lang
        .map(|l| l.syntax().line_comments)
        .unwrap_or(&["#", "//"]);
    let exp = expectations(&text, &rule.info.id, prefixes);
    // Semgrep's `--test`: a `todook:` line is a known false positive, so it must still be
    // reported, and a `todoruleid:` line a known miss, so it must not be; either changing means
    // the annotation should be promoted.
    let must: BTreeSet<usize> = exp.ruleid.union(&exp.todook).copied().collect();
    let missed = must.difference(&actual).copied().collect();
    let unexpected = actual
        .iter()
        .copied()
        .filter(|l| !must.contains(l))
        .collect();
    let todo = exp.todoruleid.union(&exp.todook).copied().collect();
    RuleTest {
        rule_id: rule.info.id.clone(),
        rule_file: rule.origin.clone(),
        target: target.to_path_buf(),
        expected: must,
        actual,
        missed,
        unexpected,
        todo,
    }
}

fn applies(rule: &Rule, lang: Option<Language>) -> bool {
    match lang {
        Some(l) => rule.languages.iter().any(|rl| l.accepts_rule_language(*rl)),
        None => rule.text_formula.is_some(),
    }
}

/// A directory beside the rule file is a small project: it is scanned as a whole, so that flows
/// across files are tested, and every file in it is checked against its own annotations.
fn run_dir(rule: &Rule, dir: &Path) -> Result<Vec<RuleTest>, String> {
    let set = RuleSet::new(vec![rule.clone()]).map_err(|e| e.to_string())?;
    let prep = Prepared::new(set);
    let opts = ScanOptions {
        paths: vec![dir.to_path_buf()],
        jobs: 1,
        ..ScanOptions::default()
    };
    let report = crate::scan(&prep, &opts).map_err(|e| e.to_string())?;
    if let Some(issue) = report
        .summary
        .file_issues
        .iter()
        .find(|i| i.reason.is_failure())
    {
        return Err(format!(
            "{}: {}: {}",
            issue.path,
            issue.reason.as_str(),
            issue.detail
        ));
    }
    let files = crate::walk(&[dir.to_path_buf()], None, None, 1, false)
        .map_err(|e| e.to_string())?
        .files;
    let mut out = Vec::new();
    for f in files {
        let Ok(bytes) = std::fs::read(&f.path) else {
            continue;
        };
        let lang = Language::detect(&f.path, &bytes[..bytes.len().min(256)]);
        if !applies(rule, lang) {
            continue;
        }
        let actual = report
            .findings
            .iter()
            .filter(|x| x.location.path == f.display)
            .map(|x| x.location.start.line as usize)
            .collect();
        out.push(compare(rule, &f.path, &bytes, lang, actual));
    }
    out.sort_by(|a, b| a.target.cmp(&b.target));
    Ok(out)
}
