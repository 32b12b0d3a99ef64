//! Taint propagation over the flow IR, function summaries and the project-wide pass.

use ferret_core::Span;
use ferret_core::labels::{LabelReq, PropLabels};

mod driver;
mod eval;
mod generic;
mod hierarchy;
pub(crate) mod models;
mod resolve;
mod rule;
mod state;
mod summary;
mod value;

pub(crate) use driver::{needed_files, run};

/// A function: (file index, function index).
pub(crate) type FuncId = (u32, u32);

/// Work allowed per function evaluation, in IR nodes visited.
pub const STEPS_PER_FUNCTION: u64 = 2_000_000;

/// Source, sink, sanitizer and propagator spans of one rule in one file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct SpotSpans {
    /// Sources.
    pub sources: Vec<Spot>,
    /// Sinks.
    pub sinks: Vec<Spot>,
    /// Sanitizers.
    pub sanitizers: Vec<Spot>,
    /// Propagators: (match span, from span, to span, what they do with labels).
    pub propagators: Vec<(Span, Span, Span, PropLabels)>,
    /// The rule's `requires` formulas (taint labels), indexed by the spots and propagators.
    pub requires: Vec<LabelReq>,
    /// The metavariables that the matches of sources and sinks bound, for the rule's message
    /// (kept only when the message names a metavariable).
    pub bound: Vec<Bound>,
}

/// The metavariables one source or sink match bound: (name without `$`, bound range).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Bound {
    /// Whether the match is a sink (else a source).
    pub sink: bool,
    /// The match's (focused) range: the span of its [`Spot`].
    pub span: Span,
    /// The bindings.
    pub vars: Vec<(String, Span)>,
}

/// One matched source, sink or sanitizer.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Spot {
    /// The matched (or focused) range.
    pub span: Span,
    /// `by-side-effect`.
    pub by_side_effect: bool,
    /// `by-side-effect: only`: the variable is tainted afterwards, the occurrence is not.
    pub side_effect_only: bool,
    /// `exact`.
    pub exact: bool,
    /// The label a source gives (0, the default, without `label`).
    pub label: u8,
    /// `requires`, an index into [`SpotSpans::requires`]: for a source, what the matched
    /// expression's taint must satisfy for it to apply; for a sink, what the taint reaching it
    /// must satisfy to be reported. `None` with the default labels.
    pub requires: Option<u16>,
}
