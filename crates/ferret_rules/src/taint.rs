//! `mode: taint` specifications: sources, sinks, sanitizers and propagators.

use crate::LangFormula;

/// One source, sink or sanitizer entry.
#[derive(Debug, Clone)]
pub struct TaintSpot {
    /// Its formula, compiled for each of the rule's languages.
    pub formulas: Vec<LangFormula>,
    /// `by-side-effect`: the matched variable itself becomes tainted (sources) or clean
    /// (sanitizers) after this point.
    pub by_side_effect: bool,
    /// `by-side-effect: only`: the variable is tainted afterwards, but the matched occurrence
    /// itself is not (so a source can be a sink's argument, as in a double free).
    pub side_effect_only: bool,
    /// `exact`: only the matched range counts, not its sub-expressions.
    pub exact: bool,
    /// `label` (taint labels), if given.
    pub label: Option<String>,
    /// `requires` (taint labels), if given.
    pub requires: Option<String>,
}

/// One `pattern-propagators` entry: taint flows from `$FROM` to `$TO` where the pattern matches.
#[derive(Debug, Clone)]
pub struct Propagator {
    /// The formula.
    pub formulas: Vec<LangFormula>,
    /// Metavariable the taint comes from (without `$`).
    pub from: String,
    /// Metavariable the taint goes to (without `$`).
    pub to: String,
}

/// The taint part of a rule.
#[derive(Debug, Clone, Default)]
pub struct TaintSpec {
    /// `pattern-sources`.
    pub sources: Vec<TaintSpot>,
    /// `pattern-sinks`.
    pub sinks: Vec<TaintSpot>,
    /// `pattern-sanitizers`.
    pub sanitizers: Vec<TaintSpot>,
    /// `pattern-propagators`.
    pub propagators: Vec<Propagator>,
}
