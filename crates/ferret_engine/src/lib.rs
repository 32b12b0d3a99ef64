//! `ferret_engine` runs a scan. It walks the tree in parallel (honouring `.gitignore` and
//! `.ferretignore`), classifies each file (binary, invalid UTF-8, minified, too large), runs one
//! Aho-Corasick pass of every rule literal to decide which patterns could match, parses only the
//! files that need it, matches every rule of the file's language in one traversal, applies
//! inline suppressions and builds [`Finding`]s. Files are processed largest first on a rayon pool
//! with one parser per thread; no tree outlives its file. The engine never prints and never
//! touches the network: it returns a [`ScanReport`] for the sinks. It also runs rule tests
//! (`ferret test`) in [`testing`].

mod cache;
mod cmem;
mod file;
mod suppress;
mod taint;
pub mod testing;
mod walk;

pub use cache::CacheOptions;
pub use file::{FileOutcome, Prepared, scan_bytes, scan_path};
pub use taint::finish_taint;
pub use walk::{WalkedFile, globs, walk};

use std::path::PathBuf;
use std::time::Instant;

use ferret_core::{Finding, ScanReport, ScanSummary};
use ferret_lang::ParseLimits;
use ferret_pattern::MatchBudget;
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

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files or directories to scan.
    pub paths: Vec<PathBuf>,
    /// Only files matching one of these globs (relative to each root).
    pub include: Vec<String>,
    /// Skip files matching one of these globs.
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are skipped and reported.
    pub max_file_size: u64,
    /// Worker threads (0 = one per core).
    pub jobs: usize,
    /// Parse limits per file.
    pub parse_limits: ParseLimits,
    /// Matching budget per file.
    pub match_budget: MatchBudget,
    /// How far taint travels (across functions by default).
    pub taint_scope: ferret_taint::Scope,
    /// Scan only this shard of the files (see [`Shard`]).
    pub shard: Option<Shard>,
    /// Counters a caller can watch (a progress bar) while the scan runs.
    pub progress: Option<std::sync::Arc<Progress>>,
    /// Reuse and store results in an on-disk cache (see [`CacheOptions`]).
    pub cache: Option<CacheOptions>,
}

/// The scan options that change results, for cache keys.
fn options_digest(opts: &ScanOptions) -> String {
    format!(
        "max={} limits={:?} budget={:?} scope={:?} include={:?} exclude={:?}",
        opts.max_file_size,
        (
            opts.parse_limits.max_bytes,
            opts.parse_limits.timeout,
            opts.parse_limits.max_depth
        ),
        opts.match_budget,
        opts.taint_scope,
        opts.include,
        opts.exclude
    )
}

/// Live counters of a running scan. The engine only writes them; it never prints.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files to read (known after the walk).
    pub files_total: std::sync::atomic::AtomicU64,
    /// Files done.
    pub files_done: std::sync::atomic::AtomicU64,
    /// Bytes to read.
    pub bytes_total: std::sync::atomic::AtomicU64,
    /// Bytes done.
    pub bytes_done: std::sync::atomic::AtomicU64,
    /// Set while the project-wide taint pass runs (after every file is read).
    pub taint_pass: std::sync::atomic::AtomicBool,
    /// Set when the scan has finished.
    pub finished: std::sync::atomic::AtomicBool,
}

/// One of `count` deterministic, size-balanced parts of the file set (`index` from 0).
///
/// Files are assigned largest first, each to the part with the fewest bytes so far (ties to
/// the lowest part), so every shard of the same tree gets the same assignment. A shard reports
/// findings and counts only for its own files, but reads the other files' flow IR (taint
/// patterns only, no search rules) so that cross-file taint paths, and so the findings, are the
/// same as in an unsharded scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, from 0.
    pub index: usize,
    /// How many parts.
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;
    /// Parses `K/N` with 1 ≤ K ≤ N (1-based, as on the command line).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("shard `{s}` is not K/N"))?;
        let k: usize = k
            .trim()
            .parse()
            .map_err(|_| format!("shard `{s}`: K is not a number"))?;
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| format!("shard `{s}`: N is not a number"))?;
        if n == 0 || k == 0 || k > n {
            return Err(format!("shard `{s}`: need 1 <= K <= N"));
        }
        Ok(Shard {
            index: k - 1,
            count: n,
        })
    }
}

/// Which files (by position in `sizes`) belong to `shard`.
pub fn shard_members(files: &[(String, u64)], shard: Shard) -> Vec<bool> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| {
        files[b]
            .1
            .cmp(&files[a].1)
            .then_with(|| files[a].0.cmp(&files[b].0))
    });
    let mut load = vec![0u64; shard.count.max(1)];
    let mut member = vec![false; files.len()];
    for i in order {
        let (part, _) = load
            .iter()
            .enumerate()
            .min_by_key(|(p, l)| (**l, *p))
            .expect("at least one shard");
        load[part] += files[i].1.max(1);
        member[i] = part == shard.index;
    }
    member
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            paths: vec![PathBuf::from(".")],
            include: Vec::new(),
            exclude: Vec::new(),
            max_file_size: 5 * 1024 * 1024,
            jobs: 0,
            parse_limits: ParseLimits::default(),
            match_budget: MatchBudget::default(),
            taint_scope: ferret_taint::Scope::default(),
            shard: None,
            progress: None,
            cache: None,
        }
    }
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
    let threads = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    };
    let include = globs(&opts.include)?;
    let exclude = globs(&opts.exclude)?;
    let files = walk(&opts.paths, include.as_ref(), exclude.as_ref(), threads)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(16 * 1024 * 1024)
        .build()
        .map_err(|e| EngineError::Threads(e.to_string()))?;
    let known_only = !prep.has_text_rules();
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
        .filter(|(f, _)| {
            !known_only
                || ferret_lang::Language::detect(&f.path, b"").is_some()
                || f.path.extension().is_none()
        })
        .collect();
    // With a cache: hash every file first; the taint results can be reused only if no file
    // changed.
    let cache = opts
        .cache
        .as_ref()
        .map(|c| cache::Cache::new(c, &options_digest(opts)));
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
                if let Some(p) = &opts.progress {
                    use std::sync::atomic::Ordering::Relaxed;
                    p.files_done.fetch_add(1, Relaxed);
                    p.bytes_done.fetch_add(f.size, Relaxed);
                }
                out
            })
            .collect()
    });
    let mut summary = ScanSummary {
        threads,
        rules: prep.ruleset.rules.len(),
        ..ScanSummary::default()
    };
    let mut findings: Vec<Finding> = Vec::new();
    let taint_files: Vec<ferret_taint::TaintFile> =
        outcomes.iter_mut().filter_map(|o| o.taint.take()).collect();
    if let Some(p) = &opts.progress {
        p.taint_pass
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let taint_started = Instant::now();
    let (taint_findings, taint_issues, taint_suppressed) = match cached_taint {
        Some(e) => (e.findings, e.issues, e.suppressed),
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
                )
            });
            summary.taint_files_analysed = run.analysed;
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
            (run.findings, run.issues, run.suppressed)
        }
    };
    drop(taint_files);
    summary.taint_seconds = taint_started.elapsed().as_secs_f64();
    findings.extend(taint_findings);
    summary.suppressed += taint_suppressed;
    for issue in taint_issues {
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
    for f in &findings {
        *summary.findings_by_severity.entry(f.severity).or_default() += 1;
    }
    summary.file_issues.sort_by(|a, b| a.path.cmp(&b.path));
    summary.seconds = started.elapsed().as_secs_f64();
    if let Some(p) = &opts.progress {
        p.finished.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(ScanReport {
        rules: prep.ruleset.infos(),
        findings,
        summary,
        model_run: None,
    })
}
