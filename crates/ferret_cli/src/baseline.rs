//! Baselines: report only findings that are new. A finding is known when an earlier result has
//! one with the same rule and fingerprint; fingerprints hash the rule, the path and the matched
//! code (not line numbers), so findings keep them when code above moves.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use ferret_core::ScanReport;
use ferret_engine::{Prepared, ScanOptions};

/// (rule id, fingerprint) pairs of a baseline.
pub type Known = HashSet<(String, String)>;

fn known_of(report: &ScanReport) -> Known {
    report
        .findings
        .iter()
        .map(|f| (f.rule_id.clone(), f.fingerprint.clone()))
        .collect()
}

/// The findings of an earlier result: SARIF, or Ferret's JSON document.
pub fn from_file(path: &Path) -> Result<Known> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not JSON (SARIF or Ferret JSON)", path.display()))?;
    if v.get("runs").is_some() {
        let report = ferret_report::read_sarif(&text)
            .with_context(|| format!("reading {}", path.display()))?;
        return Ok(known_of(&report));
    }
    let results = v
        .get("results")
        .and_then(|r| r.as_array())
        .with_context(|| format!("{} is neither SARIF nor Ferret JSON", path.display()))?;
    Ok(results
        .iter()
        .filter_map(|r| {
            Some((
                r.get("rule_id")?.as_str()?.to_string(),
                r.get("fingerprint")?.as_str()?.to_string(),
            ))
        })
        .collect())
}

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .context("running git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .trim_end_matches('\n')
        .to_string())
}

/// Removes the temporary worktree however the scan ends.
struct Worktree {
    repo: PathBuf,
    path: PathBuf,
}

impl Drop for Worktree {
    fn drop(&mut self) {
        let _ = Command::new("git")
            .current_dir(&self.repo)
            .args(["worktree", "remove", "--force"])
            .arg(&self.path)
            .output();
    }
}

/// Scans `git_ref`'s tree with the same rules and options: the ref is checked out in a
/// temporary worktree, and the scan runs from the same relative directory with the same
/// relative paths, so that paths, and therefore fingerprints, line up.
pub fn from_git(git_ref: &str, prep: &Prepared, opts: &ScanOptions) -> Result<Known> {
    if opts.paths.iter().any(|p| p.is_absolute()) {
        bail!("--baseline needs the scanned paths relative to the current directory");
    }
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let top = PathBuf::from(git(&cwd, &["rev-parse", "--show-toplevel"])?);
    let prefix = git(&cwd, &["rev-parse", "--show-prefix"])?;
    let commit = git(
        &cwd,
        &["rev-parse", "--verify", &format!("{git_ref}^{{commit}}")],
    )
    .with_context(|| format!("--baseline: `{git_ref}` is not a commit"))?;
    let tmp = tempfile::Builder::new()
        .prefix("ferret-baseline-")
        .tempdir()
        .context("creating a temporary directory")?;
    let wt_path = tmp.path().join("tree");
    git(
        &top,
        &[
            "worktree",
            "add",
            "--detach",
            "--quiet",
            &wt_path.to_string_lossy(),
            &commit,
        ],
    )?;
    let _guard = Worktree {
        repo: top.clone(),
        path: wt_path.clone(),
    };
    let dir = wt_path.join(&prefix);
    let mut base_opts = opts.clone();
    // Paths that did not exist at the ref are simply absent from the baseline.
    base_opts.paths.retain(|p| dir.join(p).exists());
    if base_opts.paths.is_empty() {
        return Ok(Known::new());
    }
    std::env::set_current_dir(&dir).with_context(|| format!("entering {}", dir.display()))?;
    let report = ferret_engine::scan(prep, &base_opts);
    std::env::set_current_dir(&cwd).context("returning to the current directory")?;
    Ok(known_of(&report?))
}

/// Drops the known findings; returns how many were dropped.
pub fn keep_new(report: &mut ScanReport, known: &Known) -> usize {
    let before = report.findings.len();
    report
        .findings
        .retain(|f| !known.contains(&(f.rule_id.clone(), f.fingerprint.clone())));
    report.recount();
    before - report.findings.len()
}

/// Lines changed relative to a git ref, per path relative to the current directory: the added
/// or modified lines of tracked files (`git diff -U0 REF`, staged and unstaged), and every line
/// of untracked files.
pub type Changed = std::collections::HashMap<String, Vec<(u32, u32)>>;

/// The changed lines relative to `git_ref`.
pub fn changed_lines(git_ref: &str) -> Result<Changed> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let prefix = git(&cwd, &["rev-parse", "--show-prefix"])?;
    git(
        &cwd,
        &["rev-parse", "--verify", &format!("{git_ref}^{{commit}}")],
    )
    .with_context(|| format!("--diff-base: `{git_ref}` is not a commit"))?;
    let top = PathBuf::from(git(&cwd, &["rev-parse", "--show-toplevel"])?);
    let diff = git(
        &top,
        &["diff", "-U0", "--no-color", "--no-ext-diff", git_ref],
    )?;
    let rel = |p: &str| p.strip_prefix(prefix.as_str()).map(str::to_string);
    let mut out = Changed::new();
    let mut current: Option<String> = None;
    for line in diff.lines() {
        if let Some(p) = line.strip_prefix("+++ ") {
            current = p.strip_prefix("b/").and_then(rel);
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            // @@ -a,b +c,d @@
            let Some(plus) = hunk.split_whitespace().find(|t| t.starts_with('+')) else {
                continue;
            };
            let mut parts = plus[1..].split(',');
            let start: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            if count > 0 {
                out.entry(path.clone())
                    .or_default()
                    .push((start, start + count - 1));
            }
        }
    }
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard"])?;
    for p in untracked.lines().filter_map(rel) {
        out.entry(p).or_default().push((1, u32::MAX));
    }
    Ok(out)
}

/// Keeps the findings that start on a changed line; returns how many were dropped.
pub fn keep_changed(report: &mut ScanReport, changed: &Changed) -> usize {
    let before = report.findings.len();
    report.findings.retain(|f| {
        let path = f.location.path.trim_start_matches("./");
        let line = f.location.start.line;
        changed
            .get(path)
            .is_some_and(|ranges| ranges.iter().any(|(a, b)| *a <= line && line <= *b))
    });
    report.recount();
    before - report.findings.len()
}
