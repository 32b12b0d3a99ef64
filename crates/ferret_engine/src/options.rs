//! Scan options: what a caller fills once ([`ScanOptions`], plain data), the rules the engine
//! derives from them (the parse limit follows `max_file_size`; the cache key covers every option
//! that changes results), live [`Progress`] counters and deterministic [`Shard`]s.

use std::path::PathBuf;

use ferret_lang::ParseLimits;
use ferret_pattern::MatchBudget;

use crate::cache::CacheOptions;

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files or directories to scan.
    pub paths: Vec<PathBuf>,
    /// Only files matching one of these globs (relative to each root).
    pub include: Vec<String>,
    /// Skip files matching one of these globs.
    pub exclude: Vec<String>,
    /// Skip test, vendored and minified code below each root unless the project has its own
    /// `.ferretignore` or `.semgrepignore` (see [`crate::DEFAULT_IGNORED_DIRS`]). Off in
    /// [`ScanOptions::default`]; the command line turns it on.
    pub default_ignore: bool,
    /// Files larger than this many bytes are skipped and reported. The parse limit's
    /// `max_bytes` follows it (see [`ScanOptions::file_parse_limits`]).
    pub max_file_size: u64,
    /// Worker threads (0 = one per core).
    pub jobs: usize,
    /// Parse limits per file (time and depth; `max_bytes` is ignored: it follows
    /// `max_file_size`).
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

impl ScanOptions {
    /// The limits each file is parsed with: [`ScanOptions::parse_limits`] with `max_bytes` set
    /// to `max_file_size`, so a caller who sets only `max_file_size` gets one size limit.
    pub fn file_parse_limits(&self) -> ParseLimits {
        ParseLimits {
            max_bytes: usize::try_from(self.max_file_size).unwrap_or(usize::MAX),
            ..self.parse_limits.clone()
        }
    }
}

/// The scan options that change results, for cache keys.
pub(crate) fn options_digest(opts: &ScanOptions) -> String {
    let limits = opts.file_parse_limits();
    format!(
        "max={} limits={:?} budget={:?} scope={:?} include={:?} exclude={:?} default_ignore={}",
        opts.max_file_size,
        (limits.max_bytes, limits.timeout, limits.max_depth),
        opts.match_budget,
        opts.taint_scope,
        opts.include,
        opts.exclude,
        opts.default_ignore
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
            default_ignore: false,
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
