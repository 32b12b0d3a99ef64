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
//! What a later pass must re-analyse after files change is planned in [`incremental`], beside
//! its contract.

mod analysis;
#[cfg(test)]
mod flow_tests;
pub mod incremental;
pub mod ir;
#[cfg(test)]
mod resolve_tests;
mod stub;

pub use analysis::models::digest as models_digest;
pub use analysis::{Bound, STEPS_PER_FUNCTION, Spot, SpotSpans};
pub use ir::{FileFuncs, MAX_NODES_PER_FUNCTION, lower_file};
pub use stub::needed_files;

use ferret_core::{Span, StepRole};
use ferret_lang::Language;

/// The version of the flow IR's serialised form (and of what the taint pass stores), part of
/// every scan-cache key: change it whenever [`ir`] or [`TaintFile`] change shape, since the
/// binary encoding is not self-describing, and whenever the lowering produces different IR from
/// the same source (6: Java and C# switch groups, functions bound to names in JavaScript and
/// TypeScript, plain-name arguments kept in stubs; 7: functions bound to `exports.f`), so that
/// no cached IR of the old lowering is read.
pub const IR_VERSION: u32 = 7;

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
    /// Function evaluations spent on generic summaries (computed only for the functions the
    /// rules' passes look up, and what those call).
    pub generic_evaluations: u64,
}

/// Taint that a function writes to a field or global, which every reader sees.
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalWrite {
    /// The place (`Class.field`, `name`).
    pub key: String,
    /// Whether it comes from a source.
    pub src: bool,
    /// The source taint's labels (see `ferret_core::labels`).
    pub labels: u64,
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
/// (used only with `seeds`). [`incremental::run`] plans the seeds and does the merging.
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
        generic_evaluations: out.generic_evaluations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferret_lang::{ParseLimits, parse};

    /// Runs one rule over Python files: every `src()` call is a source and the argument of every
    /// `sink(...)` call a sink. Returns the 1-based lines of the sinks reported, per file.
    pub(crate) fn python_findings(files: &[&str]) -> Vec<(usize, usize)> {
        findings_in(Language::Python, "py", files)
    }

    /// [`python_findings`] for any language (files named `m<i>.<ext>`).
    pub(crate) fn findings_in(lang: Language, ext: &str, files: &[&str]) -> Vec<(usize, usize)> {
        let spots = |src: &str, word: &str, arg: bool| -> Vec<Spot> {
            src.match_indices(word)
                .map(|(i, _)| {
                    let span = if arg {
                        let start = i + word.len();
                        // The matching parenthesis.
                        let mut depth = 1;
                        let end = start
                            + src[start..]
                                .char_indices()
                                .find(|&(_, c)| {
                                    depth += match c {
                                        '(' => 1,
                                        ')' => -1,
                                        _ => 0,
                                    };
                                    depth == 0
                                })
                                .unwrap()
                                .0;
                        Span::new(start, end)
                    } else {
                        Span::new(i, i + word.len())
                    };
                    Spot {
                        span,
                        by_side_effect: false,
                        side_effect_only: false,
                        exact: false,
                        label: 0,
                        requires: None,
                    }
                })
                .collect()
        };
        let parsed: Vec<_> = files
            .iter()
            .map(|s| parse(lang, s.as_bytes(), &ParseLimits::default()).unwrap())
            .collect();
        let tfiles: Vec<TaintFile> = files
            .iter()
            .zip(&parsed)
            .enumerate()
            .map(|(i, (s, p))| TaintFile {
                path: format!("m{i}.{ext}"),
                lang,
                funcs: lower_file(lang, p.tree.root_node(), s.as_bytes()),
                rules: vec![(
                    0,
                    SpotSpans {
                        sources: spots(s, "src()", false),
                        sinks: spots(s, "sink(", true),
                        sanitizers: spots(s, "clean(", true)
                            .into_iter()
                            .map(|mut x| {
                                // The whole `clean(...)` call.
                                x.span = Span::new(x.span.start - "clean(".len(), x.span.end + 1);
                                x
                            })
                            .collect(),
                        propagators: Vec::new(),
                        requires: Vec::new(),
                        bound: Vec::new(),
                    },
                )],
            })
            .collect();
        let (found, _) = analyze(&tfiles, &[0], Scope::Interprocedural);
        let mut out: Vec<(usize, usize)> = found
            .iter()
            .map(|f| {
                let s = files[f.file as usize];
                (f.file as usize, s[..f.sink.start].matches('\n').count() + 1)
            })
            .collect();
        out.sort();
        out
    }

    fn lines(src: &str) -> Vec<usize> {
        python_findings(&[src])
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    #[test]
    fn an_unqualified_cpp_call_resolves_in_its_own_namespace_across_files() {
        // Six namespaces each define `helper`: by name alone the call is ambiguous.
        let mut files = vec![
            "namespace a {\nvoid helper(char *d);\nvoid run() {\n    char *p = src();\n    helper(p);\n}\n}\n".to_string(),
            "namespace a {\nvoid helper(char *d) {\n    sink(d);\n}\n}\n".to_string(),
            "namespace b {\nvoid helper(char *d);\nvoid run() {\n    char *p = src();\n    helper(p);\n}\n}\n".to_string(),
        ];
        for n in ["b", "c", "d", "e", "f"] {
            files.push(format!(
                "namespace {n} {{\nvoid helper(char *d) {{\n    (void)d;\n}}\n}}\n"
            ));
        }
        let refs: Vec<&str> = files.iter().map(String::as_str).collect();
        assert_eq!(findings_in(Language::Cpp, "cpp", &refs), vec![(1, 3)]);
    }

    #[test]
    fn match_on_a_constant_runs_only_its_case() {
        let src = "def f():\n    p = src()\n    s = \"ABC\"\n    g = s[0]\n    match g:\n        case 'A':\n            a = p\n        case 'B' | 'C':\n            a = 'x'\n        case _:\n            a = 'y'\n    sink(a)\n    h = s[-1]\n    match h:\n        case 'A':\n            b = p\n        case 'B' | 'C':\n            b = 'x'\n        case _:\n            b = p\n    sink(b)\n";
        assert_eq!(lines(src), vec![12]);
    }

    #[test]
    fn match_on_an_unknown_subject_joins_the_cases_and_binds_captures() {
        let src = "def f(v):\n    p = src()\n    match v:\n        case 1:\n            a = 'x'\n        case 2:\n            a = p\n    sink(a)\n    match p:\n        case str() as s:\n            sink(s)\n        case other:\n            sink(other)\n        case _:\n            sink(p)\n";
        assert_eq!(lines(src), vec![8, 11, 13]);
    }

    #[test]
    fn conditional_expression_with_a_constant_condition_keeps_one_value() {
        let src = "def f():\n    p = src()\n    n = 106\n    a = 'safe' if 7 * 18 + n > 200 else p\n    sink(a)\n    b = 'safe' if 7 * 18 + n < 200 else p\n    sink(b)\n    c = p if n else 'x'\n    sink(c)\n";
        assert_eq!(lines(src), vec![7, 9]);
    }
}

#[cfg(test)]
mod container_tests {
    use super::tests::python_findings;

    fn lines(src: &str) -> Vec<usize> {
        python_findings(&[src])
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    #[test]
    fn list_elements_stay_apart_through_append_pop_and_insert() {
        let src = "def f():\n    p = src()\n    xs = []\n    xs.append('a')\n    xs.append(p)\n    xs.append('b')\n    xs.pop(0)\n    sink(xs[1])\n    sink(xs[0])\n    xs.insert(0, 'c')\n    sink(xs[0])\n    sink(xs[1])\n    sink(xs[-1])\n    sink(xs.pop())\n    sink(xs)\n";
        assert_eq!(lines(src), vec![9, 12, 15]);
    }

    #[test]
    fn list_of_unknown_length_is_one_value() {
        let src = "def f(n):\n    p = src()\n    xs = ['a']\n    for i in n:\n        xs.append(p)\n    sink(xs[0])\n    ys = ['a', 'b']\n    if n:\n        ys.append(p)\n    sink(ys[-1])\n    zs = ['a', p]\n    zs.reverse()\n    sink(zs[1])\n";
        assert_eq!(lines(src), vec![6, 10, 13]);
    }

    #[test]
    fn tuple_and_dict_displays_keep_their_elements_apart() {
        let src = "def f():\n    p = src()\n    t = (p, 'x')\n    sink(t[1])\n    sink(t[0])\n    d = {'a': p, 'b': 'x'}\n    sink(d['b'])\n    sink(d['a'])\n    sink(d)\n";
        assert_eq!(lines(src), vec![5, 8, 9]);
    }
}

#[cfg(test)]
mod subscript_tests {
    use super::tests::python_findings;

    #[test]
    fn a_computed_key_of_an_assignment_is_read() {
        // The sink is the key of the subscript assignment.
        let src = "def f(m):\n    k = src()\n    m[sink(k)] = 'v'\n    m[sink('c')] = k\n";
        let found: Vec<usize> = python_findings(&[src])
            .into_iter()
            .map(|(_, l)| l)
            .collect();
        assert_eq!(found, vec![3]);
    }
}

#[cfg(test)]
mod guard_tests {
    use super::tests::python_findings;

    fn lines(src: &str) -> Vec<usize> {
        python_findings(&[src])
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    #[test]
    fn allow_list_membership_and_equality_clean_the_tested_value() {
        let src = "ALLOWED = ['a', 'b']\ndef f():\n    p = src()\n    if p in ALLOWED:\n        sink(p)\n    if p not in ('x', 'y'):\n        return\n    sink(p)\n";
        assert_eq!(lines(src), Vec::<usize>::new());
        let src = "def f(q):\n    p = src()\n    if p in q or p == 'a':\n        sink(p)\n    if p == 'a' or p.isdigit():\n        sink(p)\n    if p in src():\n        sink(p)\n    sink(p)\n";
        assert_eq!(lines(src), vec![4, 6, 8, 9]);
    }

    #[test]
    fn numbers_and_allow_listed_characters_are_clean_but_character_classes_are_not() {
        let helper = "def esc(s):\n    ok = [',', '.']\n    ret = ''\n    for c in s:\n        if c in ok:\n            ret += c\n        else:\n            ret += f'&#x{hex(ord(c))[2:]};'\n    return ret\n\ndef alnum(s):\n    ret = ''\n    for c in s:\n        if c.isalnum():\n            ret += c\n    return ret\n";
        let user = "from m0 import esc, alnum\ndef f():\n    p = src()\n    sink(esc(p))\n    sink(alnum(p))\n    sink(len(p))\n";
        let found = python_findings(&[helper, user]);
        assert_eq!(found, vec![(1, 5)]);
    }
}
