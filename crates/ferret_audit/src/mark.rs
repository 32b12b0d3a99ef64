//! The high-water mark: a small file beside the log (`log.mark`, mode 0600) that records the
//! largest tree size ever signed and its root. It is replaced atomically (write, `fsync`,
//! rename, `fsync` of the directory) after each signed checkpoint record is durable, so a crash
//! can leave the mark behind the log, never ahead of it. [`check`] refuses a log that is shorter
//! than the mark or whose root at the mark's size differs: a rolled-back, truncated or replaced
//! log.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use crate::log::LogError;
use crate::merkle::{Hash, Tree, hex};

/// The mark's file name inside the log directory.
pub const MARK_FILE: &str = "log.mark";
const HEADER: &str = "ferret-audit-mark v1";

/// A signed tree size and its root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    pub size: u64,
    pub root: Hash,
}

fn bad(dir: &Path, detail: &str) -> LogError {
    LogError::BadMark {
        path: dir.join(MARK_FILE).display().to_string(),
        detail: detail.to_string(),
    }
}

fn unhex(s: &str) -> Option<Hash> {
    if s.len() != 64 {
        return None;
    }
    let mut h = [0u8; 32];
    for (i, b) in h.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(h)
}

/// Reads the mark of `dir`; `None` when there is none.
pub(crate) fn read(dir: &Path) -> Result<Option<Mark>, LogError> {
    let path = dir.join(MARK_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(LogError::Io {
                context: format!("cannot read {}", path.display()),
                message: e.to_string(),
            });
        }
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(bad(dir, "not a high-water mark file"));
    }
    let mut f = lines.next().unwrap_or_default().split(' ');
    let size = f.next().and_then(|s| s.parse().ok());
    let root = f.next().and_then(unhex);
    match (size, root, f.next()) {
        (Some(size), Some(root), None) => Ok(Some(Mark { size, root })),
        _ => Err(bad(dir, "malformed size and root line")),
    }
}

/// Replaces the mark of `dir` atomically and durably.
pub(crate) fn write(dir: &Path, mark: Mark) -> Result<(), LogError> {
    let path = dir.join(MARK_FILE);
    let tmp = dir.join(format!("{MARK_FILE}.tmp"));
    let io = |e: std::io::Error| LogError::Io {
        context: format!(
            "cannot write the high-water mark {} (the log itself is durable)",
            path.display()
        ),
        message: e.to_string(),
    };
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(&tmp).map_err(io)?;
    writeln!(f, "{HEADER}\n{} {}", mark.size, hex(&mark.root)).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io)?;
    Ok(())
}

/// Refuses a log (`tree`, the entries under its boundary records) that is shorter than `mark`
/// or differs from it at the mark's size. `tail` describes unreadable bytes after the last
/// boundary, if any (they may be where the missing records went).
pub(crate) fn check(
    dir: &Path,
    mark: &Mark,
    tree: &Tree,
    tail: Option<&crate::tail::TailKind>,
) -> Result<(), LogError> {
    let path = dir.join(MARK_FILE);
    let after = tail.map_or(String::new(), |t| {
        format!("; after them the file holds {t}")
    });
    let size = tree.size();
    if mark.size > size {
        return Err(LogError::Rollback {
            mark: mark.size,
            size,
            detail: format!(
                "a checkpoint of tree size {} was signed (high-water mark {}), but the log \
                 holds {size} entries under valid records{after}: the log was rolled back, \
                 truncated or damaged",
                mark.size,
                path.display()
            ),
        });
    }
    let root = tree.root_at(mark.size)?;
    if root != mark.root {
        return Err(LogError::Rollback {
            mark: mark.size,
            size,
            detail: format!(
                "the log's root at tree size {} is {}, but the checkpoint signed at that size \
                 had root {} (high-water mark {}): the log was replaced by another history",
                mark.size,
                hex(&root),
                hex(&mark.root),
                path.display()
            ),
        });
    }
    Ok(())
}
