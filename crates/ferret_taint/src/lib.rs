//! `ferret_taint` is the dataflow layer behind `mode: taint` rules. Each function of a file is
//! lowered once into a small flow IR ([`ir`]): arenas of statements and expressions with typed
//! indices, recognised generically from the tree-sitter grammars. Taint then propagates through
//! that IR flow-sensitively (branches join, loops iterate, returns end paths), field-sensitively
//! for `obj.field` paths, through collections and string building, and is stopped by sanitizers.
//! Conditions that fold to constants (literals, final fields, functions that always return the
//! same literal) prune dead branches. Each function gets a summary (which parameters reach the
//! return value or a sink); summaries are applied at call sites resolved by name, class and
//! file, within a file and across files, computed to a fixpoint so recursion terminates. The
//! trees are not kept: only the IR and the matched source/sink spans live for the project pass.

mod analysis;
pub mod ir;

pub use analysis::{STEPS_PER_FUNCTION, Spot, SpotSpans};
pub use ir::{FileFuncs, MAX_NODES_PER_FUNCTION, lower_file};

use ferret_core::{Span, StepRole};
use ferret_lang::Language;

/// One file's IR and the spans that taint rules matched in it.
#[derive(Debug, Clone)]
pub struct TaintFile {
    /// The file, as reported.
    pub path: String,
    /// Its language.
    pub lang: Language,
    /// Its lowered functions.
    pub funcs: FileFuncs,
    /// Per rule index: the rule's sources, sinks, sanitizers and propagators in this file.
    pub rules: Vec<(usize, SpotSpans)>,
}

/// One step of a taint path, by file index and span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Index into the files given to [`analyze`].
    pub file: u32,
    /// Where.
    pub span: Span,
    /// Source, step or sink.
    pub role: StepRole,
    /// What happens there.
    pub note: String,
}

/// A flow from a source to a sink.
#[derive(Debug, Clone)]
pub struct TaintFinding {
    /// The rule index.
    pub rule: usize,
    /// The file of the sink.
    pub file: u32,
    /// The sink.
    pub sink: Span,
    /// The path, source first, sink last.
    pub steps: Vec<Step>,
}

/// How far taint may travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Across functions and files, through summaries (the default).
    #[default]
    Interprocedural,
    /// Within each function only: calls pass taint from arguments to results and nothing else
    /// (used to measure what the interprocedural pass costs).
    Intraprocedural,
}

/// Runs the rules `rules` (indices as used in [`TaintFile::rules`]) over the whole project.
/// Returns the findings and notes about functions that exceeded their budget or were truncated.
pub fn analyze(
    files: &[TaintFile],
    rules: &[usize],
    scope: Scope,
) -> (Vec<TaintFinding>, Vec<String>) {
    let (findings, mut notes) = analysis::run(files, rules, scope);
    for f in files {
        for name in &f.funcs.truncated {
            notes.push(format!(
                "{}: function `{name}` is larger than {MAX_NODES_PER_FUNCTION} IR nodes; its dataflow was cut there",
                f.path
            ));
        }
    }
    (findings, notes)
}
