//! Taint propagation over the flow IR, function summaries and the project-wide pass.

use ferret_core::Span;

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
    /// Propagators: (match span, from span, to span).
    pub propagators: Vec<(Span, Span, Span)>,
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
}
