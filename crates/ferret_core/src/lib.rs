//! `ferret_core` is the shared vocabulary of Ferret. It holds the types every other crate speaks:
//! byte spans and the line index that turns them into 1-based lines and UTF-8 / UTF-16 columns,
//! [`Severity`], [`Confidence`], [`Cwe`], the [`Finding`] record that the engine produces and the
//! sinks render, the [`Triage`] the model pass attaches to it, and the stable fingerprint that lets
//! findings survive code moving around.
//! It does no I/O and depends on nothing heavier than serde and blake3.

mod finding;
pub mod labels;
mod lines;
mod scan;
mod triage;

pub use finding::{
    Confidence, Cwe, DataflowStep, Finding, FindingLocation, MetavarBinding, ParseCweError,
    Severity, StepRole, fingerprint, mask_secret, redact_text,
};
pub use lines::{LineCol, LineIndex, Position};
pub use scan::{
    FileIssue, RuleInfo, RuleIssue, ScanReport, ScanSummary, SkipReason, count_by_severity,
};
pub use triage::{
    Evidence, FixProposal, ModelRunSummary, Probability, TokenUse, Triage, TriageStatus, Verdict,
    Verification,
};

/// A half-open byte range `[start, end)` into a file's bytes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// Builds a span; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Whether `other` lies entirely inside `self` (equal spans contain each other).
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte, or are both empty at the same offset.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
            || (self.start == other.start && self.end == other.end)
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The version of the engine; part of every cache key and of the SARIF driver.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
