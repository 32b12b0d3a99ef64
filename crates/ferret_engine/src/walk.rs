//! The parallel walk: which files a scan reads.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

use crate::EngineError;

/// One file to scan.
#[derive(Debug, Clone)]
pub struct WalkedFile {
    /// The path to open.
    pub path: PathBuf,
    /// The path to report: `/`-separated, without a leading `./`.
    pub display: String,
    /// Size in bytes from the directory entry.
    pub size: u64,
}

/// Compiles `--include` / `--exclude` globs. A glob without `/` matches a file name anywhere;
/// a directory glob also matches everything inside it.
pub fn globs(list: &[String]) -> Result<Option<GlobSet>, EngineError> {
    if list.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for g in list {
        let g = g.trim_start_matches("./");
        for pat in [
            g.to_string(),
            format!("**/{g}"),
            format!("{}/**", g.trim_end_matches('/')),
            format!("**/{}/**", g.trim_end_matches('/')),
        ] {
            let glob = GlobBuilder::new(&pat)
                .literal_separator(true)
                .build()
                .map_err(|e| EngineError::Glob(g.to_string(), e.to_string()))?;
            b.add(glob);
        }
    }
    b.build()
        .map(Some)
        .map_err(|e| EngineError::Glob(list.join(","), e.to_string()))
}

fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Walks `roots` in parallel, honouring `.gitignore`, `.ignore` and `.ferretignore`, and
/// returns the files that pass the include and exclude globs, largest first (so that one huge
/// file does not finish last), then by path.
pub fn walk(
    roots: &[PathBuf],
    include: Option<&GlobSet>,
    exclude: Option<&GlobSet>,
    threads: usize,
) -> Result<Vec<WalkedFile>, EngineError> {
    let mut out = Vec::new();
    for root in roots {
        if !root.exists() {
            return Err(EngineError::MissingPath(root.clone()));
        }
        if root.is_file() {
            let size = std::fs::metadata(root).map(|m| m.len()).unwrap_or(0);
            out.push(WalkedFile {
                path: root.clone(),
                display: display_path(root),
                size,
            });
            continue;
        }
        let found = Mutex::new(Vec::new());
        let mut builder = WalkBuilder::new(root);
        builder
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .ignore(true)
            .parents(true)
            .follow_links(false)
            .add_custom_ignore_filename(".ferretignore")
            .threads(threads.max(1));
        builder.build_parallel().run(|| {
            let found = &found;
            Box::new(move |entry| {
                let Ok(entry) = entry else {
                    return WalkState::Continue;
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    return WalkState::Continue;
                }
                let path = entry.path();
                let rel = path.strip_prefix(root).unwrap_or(path);
                let rel_s = display_path(rel);
                if include.is_some_and(|g| !g.is_match(&rel_s)) {
                    return WalkState::Continue;
                }
                if exclude.is_some_and(|g| g.is_match(&rel_s)) {
                    return WalkState::Continue;
                }
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                if let Ok(mut v) = found.lock() {
                    v.push(WalkedFile {
                        path: path.to_path_buf(),
                        display: display_path(path),
                        size,
                    });
                }
                WalkState::Continue
            })
        });
        out.extend(found.into_inner().unwrap_or_default());
    }
    out.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.display.cmp(&b.display)));
    out.dedup_by(|a, b| a.display == b.display);
    Ok(out)
}
