//! The parallel walk: which files a scan reads.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Directories that hold tests, test data or vendored third-party code, skipped by default as
/// Semgrep's default ignore list does: findings there are rarely worth a reader's time, and
/// vendored code is scanned in its own project.
pub const DEFAULT_IGNORED_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "vendor",
    "third_party",
    "test",
    "tests",
    "__tests__",
    "testdata",
    ".venv",
    ".tox",
];

/// Whether a file name is a test or minified file skipped by default (see [`is_minified`] and
/// [`is_test_file`]).
pub fn default_ignored_file(name: &str) -> bool {
    is_minified(name) || is_test_file(name)
}

/// Minified JavaScript and CSS bundles.
fn is_minified(name: &str) -> bool {
    name.ends_with(".min.js") || name.ends_with(".min.mjs") || name.ends_with(".min.css")
}

/// Test files named as their language's test runner finds them: Go's `_test.go`; pytest's
/// `test_*.py`, `*_test.py` and `conftest.py`; gtest's `*_test.cc` and `*_unittest.cc`, and
/// C's `*_test.c`; Rust's `tests.rs` modules; RSpec's `*_spec.rb` and minitest's `*_test.rb`;
/// Jest's and Mocha's `*.test.js` and `*.spec.ts`; JUnit's, PHPUnit's and NUnit's
/// `*Test.java`, `*Tests.cs`, `*Test.php`, `*Test.kt`.
fn is_test_file(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    match ext {
        "go" => stem.ends_with("_test"),
        "py" => stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest",
        "c" | "cc" | "cpp" | "cxx" => stem.ends_with("_test") || stem.ends_with("_unittest"),
        "rb" => stem.ends_with("_spec") || stem.ends_with("_test"),
        // A Rust module file `tests.rs` or `test.rs` is the `#[cfg(test)] mod tests;` of its
        // parent.
        "rs" => stem == "tests" || stem == "test",
        "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "mts" | "cts" => {
            stem.ends_with(".test") || stem.ends_with(".spec")
        }
        "java" | "kt" | "cs" | "php" => {
            // `FooTest`, `FooTests`: a capitalised class name before the suffix (not
            // `Test.java` itself).
            ["Test", "Tests"].iter().any(|suffix| {
                stem.strip_suffix(suffix)
                    .is_some_and(|head| head.chars().next().is_some_and(char::is_uppercase))
            })
        }
        _ => false,
    }
}

#[cfg(test)]
mod default_ignore_tests {
    use super::default_ignored_file;

    #[test]
    fn test_files_are_named_as_their_runners_find_them() {
        for name in [
            "server_test.go",
            "test_views.py",
            "views_test.py",
            "conftest.py",
            "env_test.cc",
            "c_test.c",
            "arena_unittest.cc",
            "user_spec.rb",
            "user_test.rb",
            "api.test.js",
            "api.spec.ts",
            "Widget.test.tsx",
            "UserServiceTest.java",
            "ParserTests.cs",
            "RouterTest.php",
            "ClientTest.kt",
            "tests.rs",
            "app.min.js",
            "site.min.css",
        ] {
            assert!(default_ignored_file(name), "{name} should be skipped");
        }
        for name in [
            "server.go",
            "testing.go",
            "views.py",
            "tester.py",
            "attest.py",
            "test.c",
            "testing.rs",
            "contest.rb",
            "latest.js",
            "Test.java",
            "BenchmarkTest00001.java",
            "CWE89_SQL_Injection__connect_tcp_01.java",
            "api.js",
            "README",
        ] {
            assert!(!default_ignored_file(name), "{name} should be scanned");
        }
    }
}

/// What the walk found and what the default ignore list left out.
#[derive(Debug, Default)]
pub struct Walked {
    /// The files to scan, largest first, then by path.
    pub files: Vec<WalkedFile>,
    /// Directories skipped by [`DEFAULT_IGNORED_DIRS`] (their files are not counted).
    pub default_ignored_dirs: u64,
    /// Files skipped by [`default_ignored_file`].
    pub default_ignored_files: u64,
}

/// Whether the project of `root` has its own ignore file (`.ferretignore` or `.semgrepignore`
/// in `root` or a parent up to the repository root), which then replaces the default list.
fn has_own_ignore_file(root: &Path) -> bool {
    let start = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for dir in start.ancestors() {
        if dir.join(".ferretignore").is_file() || dir.join(".semgrepignore").is_file() {
            return true;
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    false
}

/// Walks `roots` in parallel, honouring `.gitignore`, `.ignore`, `.ferretignore` and
/// `.semgrepignore`, and returns the files that pass the include and exclude globs, largest
/// first (so that one huge file does not finish last), then by path. With `default_ignore`,
/// a root whose project has no `.ferretignore` or `.semgrepignore` also skips test, vendored
/// and minified code ([`DEFAULT_IGNORED_DIRS`], [`default_ignored_file`]) below the root; a
/// root named on the command line is always scanned.
pub fn walk(
    roots: &[PathBuf],
    include: Option<&GlobSet>,
    exclude: Option<&GlobSet>,
    threads: usize,
    default_ignore: bool,
) -> Result<Walked, EngineError> {
    let mut out = Vec::new();
    let ignored_dirs = Arc::new(AtomicU64::new(0));
    let ignored_files = Arc::new(AtomicU64::new(0));
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
            .add_custom_ignore_filename(".semgrepignore")
            .threads(threads.max(1));
        if default_ignore && !has_own_ignore_file(root) {
            let (dirs, files) = (ignored_dirs.clone(), ignored_files.clone());
            // A root that is itself a test directory (`ferret scan tests/`) was named to be
            // scanned: its test files are what the user asked for (minified bundles are still
            // skipped).
            let test_root = root
                .canonicalize()
                .unwrap_or_else(|_| root.clone())
                .file_name()
                .is_some_and(|n| DEFAULT_IGNORED_DIRS.contains(&n.to_string_lossy().as_ref()));
            builder.filter_entry(move |e| {
                if e.depth() == 0 {
                    return true;
                }
                let name = e.file_name().to_string_lossy();
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                if is_dir && DEFAULT_IGNORED_DIRS.contains(&name.as_ref()) {
                    dirs.fetch_add(1, Ordering::Relaxed);
                    return false;
                }
                if !is_dir && (is_minified(&name) || (!test_root && is_test_file(&name))) {
                    files.fetch_add(1, Ordering::Relaxed);
                    return false;
                }
                true
            });
        }
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
    Ok(Walked {
        files: out,
        default_ignored_dirs: ignored_dirs.load(Ordering::Relaxed),
        default_ignored_files: ignored_files.load(Ordering::Relaxed),
    })
}
