//! In-memory scans: [`scan_sources`] scans given (path, bytes) pairs as one project, with the
//! same per-file pipeline, project-wide taint pass and report as a scan of the same files on
//! disk, and without writing anything (the model pass checks proposed fixes this way).

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use ferret_core::ScanReport;
use ferret_lang::Language;
use rayon::prelude::*;

use crate::file::{FileOutcome, Prepared, scan_bytes};
use crate::{
    EngineError, ScanOptions, TaintOutcome, assemble, file_done, pool, readable, taint,
    taint_files, thread_count,
};

/// Scans `sources` — each a display path (`/`-separated, as it should appear in findings) and
/// the file's bytes — as one project: taint crosses between them as it does between the files
/// of a directory. It honours the options that change results (`max_file_size`, parse limits,
/// match budget, taint scope) and `jobs` and `progress`; `paths`, `include`, `exclude`, `shard`
/// and `cache` concern files on disk and are ignored. A path given twice is scanned once (the
/// first, after ordering largest first as the walk does).
pub fn scan_sources<P, B>(
    prep: &Prepared,
    sources: &[(P, B)],
    opts: &ScanOptions,
) -> Result<ScanReport, EngineError>
where
    P: AsRef<str> + Sync,
    B: AsRef<[u8]> + Sync,
{
    let started = Instant::now();
    let threads = thread_count(opts);
    let pool = pool(threads)?;
    // The walk's order (largest first, then by path), so that the taint pass sees the files as
    // a scan of the same tree does.
    let mut order: Vec<(&str, &[u8])> = sources
        .iter()
        .map(|(p, b)| (p.as_ref(), b.as_ref()))
        .collect();
    order.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
    let mut seen = HashSet::new();
    order.retain(|(p, _)| seen.insert(*p));
    if let Some(p) = &opts.progress {
        use std::sync::atomic::Ordering::Relaxed;
        p.files_total.store(order.len() as u64, Relaxed);
        p.bytes_total
            .store(order.iter().map(|(_, b)| b.len() as u64).sum(), Relaxed);
    }
    order.retain(|(p, _)| readable(prep, Path::new(p)));
    let mut outcomes: Vec<FileOutcome> = pool.install(|| {
        order
            .par_iter()
            .with_max_len(1)
            .map(|(display, bytes)| {
                let lang = Language::detect(Path::new(display), &bytes[..bytes.len().min(256)]);
                let out = scan_bytes(bytes, display, lang, prep, opts);
                file_done(opts, bytes.len() as u64);
                out
            })
            .collect()
    });
    // (Nothing is held as a stub here: every file's full IR is in memory.)
    let taint_files: Vec<ferret_taint::TaintFile> = taint_files(&mut outcomes, opts)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let taint_started = Instant::now();
    let hashes = vec![None; taint_files.len()];
    // Findings are rendered from the given bytes, never from a file of the same name on disk.
    let texts: std::collections::HashMap<&str, &[u8]> = order.iter().copied().collect();
    let read = |p: &str| texts.get(p).map(|b| b.to_vec());
    let run = pool.install(|| {
        taint::taint_pass(
            prep,
            &taint_files,
            &hashes,
            None,
            opts.taint_scope,
            &|_: &str| true,
            &read,
        )
    });
    let lowered = taint_files.len() as u64;
    let matched = taint_files.iter().filter(|f| f.spotted()).count() as u64;
    drop(taint_files);
    let taint = TaintOutcome {
        findings: run.findings,
        issues: run.issues,
        suppressed: run.suppressed,
        analysed: run.analysed,
        lowered,
        decoded: lowered,
        matched,
        generic_evaluations: run.generic_evaluations,
        seconds: taint_started.elapsed().as_secs_f64(),
    };
    let report = assemble(prep, threads, started, outcomes, taint);
    if let Some(p) = &opts.progress {
        p.finished.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(report)
}
