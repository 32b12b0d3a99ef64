//! `ferret_engine` runs a scan. It walks the tree in parallel (honouring `.gitignore` and
//! `.ferretignore`), classifies each file (binary, invalid UTF-8, minified, too large), runs one
//! Aho-Corasick pass of every rule literal to decide which patterns could match, parses only the
//! files that need it, matches every rule of the file's language in one traversal, applies
//! inline suppressions and builds [`Finding`]s. Files are processed largest first on a rayon pool
//! with one parser per thread; no tree outlives its file. The engine never prints and never
//! touches the network: it returns a [`ScanReport`] for the sinks. It also runs rule tests
//! (`ferret test`) in [`testing`], and plans and writes the rules' autofixes in [`autofix`].

mod analyzers;
pub mod autofix;
mod cache;
mod file;
mod options;
mod sources;
mod suppress;
mod taint;
pub mod testing;
mod twins;
mod walk;

pub use cache::CacheOptions;
pub use file::{FileOutcome, Prepared, scan_bytes, scan_path};
pub use options::{Progress, ScanOptions, Shard, shard_members};
pub use sources::scan_sources;
pub use taint::finish_taint;
pub use walk::{DEFAULT_IGNORED_DIRS, Walked, WalkedFile, default_ignored_file, globs, walk};

use std::path::PathBuf;
use std::time::Instant;

use ferret_core::{FileIssue, Finding, ScanReport, ScanSummary};
use ferret_rules::{RuleError, RuleSet};
use rayon::prelude::*;

/// Engine failures (not findings, and not per-file problems, which go in the summary).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Rules failed to load.
    #[error(transparent)]
    Rules(#[from] RuleError),
    /// A path given to scan does not exist.
    #[error("{0}: no such file or directory")]
    MissingPath(PathBuf),
    /// An `--include` / `--exclude` glob is invalid.
    #[error("invalid glob `{0}`: {1}")]
    Glob(String, String),
    /// The thread pool could not start.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// Loads rules from files and directories into one rule set.
pub fn load_rules(paths: &[PathBuf]) -> Result<RuleSet, EngineError> {
    let mut rules = Vec::new();
    for p in paths {
        rules.extend(ferret_rules::load_path(p)?);
    }
    Ok(RuleSet::new(rules)?)
}

/// Scans `opts.paths` with the prepared rules.
pub fn scan(prep: &Prepared, opts: &ScanOptions) -> Result<ScanReport, EngineError> {
    let started = Instant::now();
    let threads = thread_count(opts);
    let include = globs(&opts.include)?;
    let exclude = globs(&opts.exclude)?;
    let walked = walk(
        &opts.paths,
        include.as_ref(),
        exclude.as_ref(),
        threads,
        opts.default_ignore,
    )?;
    let files = walked.files;
    let pool = pool(threads)?;
    let members: Vec<bool> = match opts.shard {
        None => vec![true; files.len()],
        Some(sh) => shard_members(
            &files
                .iter()
                .map(|f| (f.display.clone(), f.size))
                .collect::<Vec<_>>(),
            sh,
        ),
    };
    if let Some(p) = &opts.progress {
        use std::sync::atomic::Ordering::Relaxed;
        p.files_total.store(files.len() as u64, Relaxed);
        p.bytes_total
            .store(files.iter().map(|f| f.size).sum(), Relaxed);
    }
    let mine: std::collections::HashSet<&str> = files
        .iter()
        .zip(&members)
        .filter(|(_, m)| **m)
        .map(|(f, _)| f.display.as_str())
        .collect();
    // Only files some rule can read.
    let wanted: Vec<(&WalkedFile, bool)> = files
        .iter()
        .zip(members.iter().copied())
        .filter(|(f, _)| readable(prep, &f.path))
        .collect();
    // With a cache: hash every file first; the taint results can be reused only if no file
    // changed.
    let cache = opts
        .cache
        .as_ref()
        .map(|c| cache::Cache::new(c, &options::options_digest(opts)));
    let hashes: Vec<Option<String>> = match &cache {
        Some(_) => pool.install(|| {
            wanted
                .par_iter()
                .map(|(f, _)| cache::content_hash(&f.path, f.size, opts.max_file_size))
                .collect()
        }),
        None => vec![None; wanted.len()],
    };
    let taint_key = cache.as_ref().map(|c| {
        let listed: Vec<(&str, Option<&str>)> = wanted
            .iter()
            .zip(&hashes)
            .map(|((f, _), h)| (f.display.as_str(), h.as_deref()))
            .collect();
        c.taint_key(&listed, &format!("{:?}", opts.shard))
    });
    let cached_taint = match (&cache, &taint_key) {
        (Some(c), Some(k)) => c.get_taint(k),
        _ => None,
    };
    let taint_cached = cached_taint.is_some();
    let mut outcomes: Vec<FileOutcome> = pool.install(|| {
        wanted
            .par_iter()
            .zip(hashes.par_iter())
            .with_max_len(1)
            .map(|((f, member), hash)| {
                let taint_lang = file::has_taint_rules(prep, &f.path);
                let needs_taint = !taint_cached && taint_lang;
                let key = match (&cache, hash) {
                    (Some(c), Some(h)) => Some(c.file_key(&f.display, h)),
                    _ => None,
                };
                // An unchanged file comes from the cache unparsed: its findings and, when the
                // taint pass runs, its flow IR.
                let hit = match (&cache, &key) {
                    (Some(c), Some(k)) if *member => c.get_file(k).and_then(|mut o| {
                        if needs_taint {
                            o.taint = c.get_ir(k)?;
                        }
                        Some(o)
                    }),
                    (Some(c), Some(k)) if needs_taint => c.get_ir(k).map(|t| FileOutcome {
                        taint: t,
                        ..FileOutcome::default()
                    }),
                    _ => None,
                };
                let out = match hit {
                    Some(o) => o,
                    None if *member => {
                        let o = scan_path(&f.path, &f.display, f.size, prep, opts);
                        if let (Some(c), Some(k)) = (&cache, &key) {
                            c.put_file(k, &o);
                            if taint_lang {
                                c.put_ir(k, &o);
                            }
                        }
                        o
                    }
                    None if needs_taint => {
                        let o = file::context_path(&f.path, &f.display, f.size, prep, opts);
                        // (Its issues are not kept, so only a lowered file is stored.)
                        if let (Some(c), Some(k)) = (&cache, &key)
                            && o.taint.is_some()
                        {
                            c.put_ir(k, &o);
                        }
                        o
                    }
                    None => FileOutcome::default(),
                };
                file_done(opts, f.size);
                let mut out = out;
                out.hold_taint();
                out
            })
            .collect()
    });
    let taint_files = taint_files(&mut outcomes, opts);
    let lowered = taint_files.len() as u64;
    let (taint_files, decoded, matched) = if taint_cached {
        (Vec::new(), 0, 0)
    } else {
        pool.install(|| taint::restore(prep, taint_files, opts.taint_scope))
    };
    let taint_started = Instant::now();
    let mut taint = match cached_taint {
        Some(e) => TaintOutcome {
            findings: e.findings,
            issues: e.issues,
            suppressed: e.suppressed,
            analysed: 0,
            lowered: 0,
            decoded: 0,
            matched: 0,
            generic_evaluations: 0,
            seconds: 0.0,
        },
        None => {
            // The last pass's state, for an incremental pass.
            let state_key = cache
                .as_ref()
                .map(|c| c.state_key(&format!("{:?} {:?}", opts.shard, opts.paths)));
            let prev = match (&cache, &state_key) {
                (Some(c), Some(k)) => c.get_state(k),
                _ => None,
            };
            let by_path: std::collections::HashMap<&str, &str> = wanted
                .iter()
                .zip(&hashes)
                .filter_map(|((f, _), h)| Some((f.display.as_str(), h.as_deref()?)))
                .collect();
            let file_hashes: Vec<Option<&str>> = taint_files
                .iter()
                .map(|t| by_path.get(t.path.as_str()).copied())
                .collect();
            let run = pool.install(|| {
                taint::taint_pass(
                    prep,
                    &taint_files,
                    &file_hashes,
                    prev.as_ref(),
                    opts.taint_scope,
                    &|p: &str| opts.shard.is_none() || mine.contains(p),
                    &taint::read_from_disk,
                )
            });
            if let (Some(c), Some(k), Some(sk)) = (&cache, &taint_key, &state_key) {
                c.put_taint(
                    k,
                    &cache::TaintEntry {
                        findings: run.findings.clone(),
                        issues: run.issues.clone(),
                        suppressed: run.suppressed,
                    },
                );
                c.put_state(sk, &run.state);
            }
            TaintOutcome {
                findings: run.findings,
                issues: run.issues,
                suppressed: run.suppressed,
                analysed: run.analysed,
                lowered,
                decoded,
                matched,
                generic_evaluations: run.generic_evaluations,
                seconds: 0.0,
            }
        }
    };
    drop(taint_files);
    taint.seconds = taint_started.elapsed().as_secs_f64();
    let mut report = assemble(prep, threads, started, outcomes, taint);
    report.summary.default_ignored_dirs = walked.default_ignored_dirs;
    report.summary.default_ignored_files = walked.default_ignored_files;
    if let Some(p) = &opts.progress {
        p.finished.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(report)
}

/// Counts a file as done on the caller's progress counters.
fn file_done(opts: &ScanOptions, bytes: u64) {
    if let Some(p) = &opts.progress {
        use std::sync::atomic::Ordering::Relaxed;
        p.files_done.fetch_add(1, Relaxed);
        p.bytes_done.fetch_add(bytes, Relaxed);
    }
}

/// Takes the files' flow IR (some as stubs, with their encoded full IR) for the project-wide
/// taint pass, which starts now.
fn taint_files(outcomes: &mut [FileOutcome], opts: &ScanOptions) -> Vec<taint::Held> {
    if let Some(p) = &opts.progress {
        p.taint_pass
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
    outcomes
        .iter_mut()
        .filter_map(|o| Some((o.taint.take()?, o.taint_full.take())))
        .collect()
}

/// Whether some rule can read `path`: any file when there are text rules, else a file of a
/// known language (by name) or without an extension (a script, by its shebang).
fn readable(prep: &Prepared, path: &std::path::Path) -> bool {
    prep.has_text_rules()
        || ferret_lang::Language::detect(path, b"").is_some()
        || path.extension().is_none()
}

/// Worker threads for `opts.jobs` (0: one per core).
fn thread_count(opts: &ScanOptions) -> usize {
    if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    }
}

/// The scan's worker pool (deep trees need a large stack).
fn pool(threads: usize) -> Result<rayon::ThreadPool, EngineError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(16 * 1024 * 1024)
        .build()
        .map_err(|e| EngineError::Threads(e.to_string()))
}

/// What the project-wide taint pass gave (run now or from the cache).
struct TaintOutcome {
    findings: Vec<Finding>,
    issues: Vec<FileIssue>,
    suppressed: u64,
    /// Files analysed (0 when the results came from the cache).
    analysed: u64,
    /// Files whose flow IR the pass received, and of those whose full IR it needed.
    lowered: u64,
    decoded: u64,
    /// Files where a taint rule matched.
    matched: u64,
    /// Function evaluations spent on generic summaries.
    generic_evaluations: u64,
    seconds: f64,
}

/// Joins the per-file outcomes and the taint pass into the report: findings in (path, offset,
/// rule) order, counted once, and the summary's figures.
fn assemble(
    prep: &Prepared,
    threads: usize,
    started: Instant,
    outcomes: Vec<FileOutcome>,
    taint: TaintOutcome,
) -> ScanReport {
    let mut summary = ScanSummary {
        threads,
        rules: prep.ruleset.rules.len(),
        taint_files_analysed: taint.analysed,
        taint_files_lowered: taint.lowered,
        taint_files_decoded: taint.decoded,
        taint_files_matched: taint.matched,
        taint_summary_evaluations: taint.generic_evaluations,
        taint_seconds: taint.seconds,
        ..ScanSummary::default()
    };
    let mut findings: Vec<Finding> = taint.findings;
    summary.suppressed += taint.suppressed;
    for issue in taint.issues {
        *summary.skipped_by_reason.entry(issue.reason).or_default() += 1;
        summary.file_issues.push(issue);
    }
    for o in outcomes {
        if o.scanned {
            summary.files_scanned += 1;
            summary.lines_scanned += o.lines;
            summary.bytes_scanned += o.bytes;
        }
        if o.parsed {
            summary.files_parsed += 1;
        }
        if o.cached {
            summary.files_cached += 1;
        }
        summary.suppressed += o.suppressed;
        if let Some(issue) = o.issue {
            *summary.skipped_by_reason.entry(issue.reason).or_default() += 1;
            summary.file_issues.push(issue);
        }
        findings.extend(o.findings);
    }
    findings.sort_by(|a, b| {
        (&a.location.path, a.location.start.offset, &a.rule_id).cmp(&(
            &b.location.path,
            b.location.start.offset,
            &b.rule_id,
        ))
    });
    let builtin: std::collections::HashSet<&str> = prep
        .ruleset
        .rules
        .iter()
        .filter(|r| r.is_builtin())
        .map(|r| r.info.id.as_str())
        .collect();
    summary.twins_merged = twins::merge_twins(&mut findings, &builtin);
    summary.file_issues.sort_by(|a, b| a.path.cmp(&b.path));
    summary.seconds = started.elapsed().as_secs_f64();
    let mut report = ScanReport {
        rules: prep.ruleset.infos(),
        findings,
        summary,
        model_run: None,
    };
    report.recount();
    report
}
