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
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    /// The function whose evaluation found it: (file index, function index in the file).
    pub found_by: (u32, u32),
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

/// What [`analyze_partial`] found.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Every discovery: one per function whose evaluation reached the sink, so the same sink
    /// may appear more than once (see [`TaintFinding::found_by`]).
    pub findings: Vec<TaintFinding>,
    /// Notes about functions of the affected files that exceeded their budget (`path: text`).
    pub notes: Vec<String>,
    /// Notes about functions of any file that lowering truncated (`path: text`).
    pub truncated: Vec<String>,
    /// The files whose functions were evaluated for findings (all of them on a full run).
    pub affected: Vec<bool>,
    /// Per rule index, the fields and globals its taint reaches.
    pub globals: Vec<(usize, Vec<GlobalWrite>)>,
}

/// Taint that a function writes to a field or global, which every reader sees.
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalWrite {
    /// The place (`Class.field`, `name`).
    pub key: String,
    /// Whether it comes from a source.
    pub src: bool,
    /// Parameter bits of the writer that reach it.
    pub params: u32,
    /// The writer: (file index, function index).
    pub writer: (u32, u32),
    /// The trace to the write.
    pub steps: Vec<Step>,
}

/// Runs the rules `rules` (indices as used in [`TaintFile::rules`]) over the whole project.
/// Returns the findings (one per sink and rule) and notes about functions that exceeded their
/// budget or were truncated.
pub fn analyze(
    files: &[TaintFile],
    rules: &[usize],
    scope: Scope,
) -> (Vec<TaintFinding>, Vec<String>) {
    let a = analyze_partial(files, rules, scope, None, &std::collections::HashMap::new());
    let mut best: std::collections::HashMap<(usize, u32, Span), TaintFinding> =
        std::collections::HashMap::new();
    for f in a.findings {
        match best.entry((f.rule, f.file, f.sink)) {
            std::collections::hash_map::Entry::Occupied(mut o) => {
                if f.found_by < o.get().found_by {
                    o.insert(f);
                }
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(f);
            }
        }
    }
    let mut findings: Vec<TaintFinding> = best.into_values().collect();
    findings.sort_by_key(|f| (f.rule, f.file, f.sink.start, f.sink.end));
    let mut notes = a.notes;
    notes.extend(a.truncated);
    (findings, notes)
}

/// Runs the rules over the project, or, with `seeds` (a flag per file: changed, or calling a
/// name whose definitions changed), over the part a change can affect: the seeds and the
/// files calling into them, transitively. Summaries of the functions those call are
/// recomputed from the IR; findings come only from the affected files' functions, so the
/// caller merges them with the earlier findings of the other files. Fields and globals carry
/// taint project-wide: if [`Analysis::globals`] differs from the earlier run's, a partial run
/// is not enough and the caller must run again without seeds. `prior` holds, per rule, the
/// earlier run's writes to fields and globals by functions of files that are not affected
/// (used only with `seeds`).
pub fn analyze_partial(
    files: &[TaintFile],
    rules: &[usize],
    scope: Scope,
    seeds: Option<&[bool]>,
    prior: &std::collections::HashMap<usize, Vec<GlobalWrite>>,
) -> Analysis {
    let out = analysis::run(files, rules, scope, seeds, prior);
    let mut truncated = Vec::new();
    for f in files {
        for name in &f.funcs.truncated {
            truncated.push(format!(
                "{}: function `{name}` is larger than {MAX_NODES_PER_FUNCTION} IR nodes; its dataflow was cut there",
                f.path
            ));
        }
    }
    Analysis {
        findings: out.findings,
        notes: out.notes,
        truncated,
        affected: out.affected,
        globals: out.globals,
    }
}
