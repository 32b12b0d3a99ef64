//! `ferret_report` holds Ferret's output sinks. It turns a [`ScanReport`] from the engine into
//! what people and tools read: a terminal report with code frames ([`write_text`]) and a run
//! summary ([`write_summary`]), a stable JSON document ([`to_json`]) and SARIF 2.1.0 for code
//! scanning services ([`to_sarif`]), which [`read_sarif`] reads back, a self-contained HTML page
//! ([`write_html`]), and JUnit XML and GitLab SAST reports for CI systems ([`to_junit`],
//! [`to_gitlab_sast`]). The engine never prints; the sinks never scan. Every sink
//! returns a `String` or writes to a [`std::io::Write`], and reports trouble as a [`ReportError`]
//! rather than panicking, whatever the findings or the source files contain.
//!
//! [`ScanReport`]: ferret_core::ScanReport

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

mod ci;
pub mod html;
mod json;
mod sarif;
mod sarif_read;
mod text;

pub use ci::{to_gitlab_sast, to_junit};
pub use html::write_html;
pub use json::to_json;
pub use sarif::{SARIF_SCHEMA_URI, SarifOptions, to_sarif};
pub use sarif_read::{SarifReadError, merge_reports, read_sarif};
pub use text::{TextOptions, write_model_summary, write_summary, write_text};

/// Why a sink could not produce its output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// Writing to the output failed.
    #[error("cannot write the report: {0}")]
    Io(#[from] std::io::Error),
    /// Serialising a JSON or SARIF document failed.
    #[error("cannot serialise the report: {0}")]
    Serialize(#[from] serde_json::Error),
}

/// Supplies file contents to the text sink, which quotes them in code frames.
///
/// Returning `None` makes the sink print a note instead of the frame.
pub trait SourceProvider {
    /// The bytes of the file at `path` (as written in the finding), if available.
    fn source(&self, path: &str) -> Option<Cow<'_, [u8]>>;
}

impl<S: BuildHasher> SourceProvider for HashMap<String, Vec<u8>, S> {
    fn source(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        self.get(path).map(|v| Cow::Borrowed(v.as_slice()))
    }
}

/// Reads sources from the file system, opening each finding's path as given (relative paths
/// resolve against the current directory).
#[derive(Debug, Clone, Copy, Default)]
pub struct FsSources;

impl SourceProvider for FsSources {
    fn source(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        std::fs::read(path).ok().map(Cow::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashmap_and_fs_providers() {
        let mut m = HashMap::new();
        m.insert("a.py".to_string(), b"x = 1\n".to_vec());
        assert_eq!(m.source("a.py").as_deref(), Some(&b"x = 1\n"[..]));
        assert!(m.source("b.py").is_none());
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let bytes = FsSources.source(manifest).expect("manifest readable");
        assert!(bytes.starts_with(b"[package]"));
        assert!(FsSources.source("does/not/exist.rs").is_none());
    }
}
