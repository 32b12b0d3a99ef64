//! Stubs: the part of a file's flow IR that the project pass reads even when it never
//! evaluates the file's functions.
//!
//! The pass evaluates only the functions of the files where a taint rule matched anything,
//! what they call, and the callers of those (see [`needed_files`]). Every other file still
//! takes part in call resolution (its function signatures make a name unique or not, and its
//! calls are edges of the call graph), in the project's constants, and in the notes about
//! truncated functions. A stub keeps exactly that: per function its signature, its constant
//! return and its call expressions (name, argument count, class hint, qualifier), and the
//! file's constants, fields, imports and truncated functions. A scan can therefore hold most
//! files as stubs (with their full IR stored compactly elsewhere) and restore the full IR of
//! the files [`needed_files`] names before the pass; the results are the same.

use crate::TaintFile;
use crate::ir::{Expr, ExprId, ExprKind, FileFuncs, FuncIr, Stmt, StmtId, StmtKind};

impl TaintFile {
    /// Whether some taint rule matched a source, sink or sanitizer in this file.
    pub fn spotted(&self) -> bool {
        !self.rules.is_empty()
    }

    /// The file's stub (see the module documentation): function signatures and calls, no
    /// statements, no other expressions.
    pub fn stub(&self) -> TaintFile {
        TaintFile {
            path: self.path.clone(),
            lang: self.lang,
            funcs: FileFuncs {
                funcs: self
                    .funcs
                    .funcs
                    .iter()
                    .map(|f| stub_func(f, names_are_values(self.lang)))
                    .collect(),
                consts: self.funcs.consts.clone(),
                truncated: self.funcs.truncated.clone(),
                fields: self.funcs.fields.clone(),
                imports: self.funcs.imports.clone(),
                classes: self.funcs.classes.clone(),
                field_types: self.funcs.field_types.clone(),
            },
            rules: self.rules.clone(),
        }
    }
}

/// A function's signature and its calls only (the arguments are placeholders: call resolution
/// reads their number, never their expressions).
/// Whether an argument that is a plain name may pass a function (see
/// `Project::callback_targets`).
fn names_are_values(lang: ferret_lang::Language) -> bool {
    matches!(
        lang,
        ferret_lang::Language::JavaScript
            | ferret_lang::Language::TypeScript
            | ferret_lang::Language::Tsx
    )
}

fn stub_func(f: &FuncIr, keep_names: bool) -> FuncIr {
    // Expression 0 is a placeholder that every argument of no interest points to; with
    // `keep_names`, an argument that is a plain name is kept: it may pass a function.
    let mut exprs = vec![Expr {
        kind: ExprKind::Other(Vec::new()),
        span: f.span,
    }];
    for e in &f.exprs {
        let ExprKind::Call {
            name,
            args,
            recv,
            qualifier,
            ..
        } = &e.kind
        else {
            continue;
        };
        let args = args
            .iter()
            .map(|a| match &f.expr(*a).kind {
                ExprKind::Path(p) if keep_names && !p.contains('.') => {
                    exprs.push(f.expr(*a).clone());
                    ExprId(exprs.len() as u32 - 1)
                }
                _ => ExprId(0),
            })
            .collect();
        exprs.push(Expr {
            kind: ExprKind::Call {
                name: name.clone(),
                receiver: None,
                args,
                recv: recv.clone(),
                qualifier: qualifier.clone(),
            },
            span: e.span,
        });
    }
    FuncIr {
        name: f.name.clone(),
        class: f.class.clone(),
        params: f.params.clone(),
        param_spans: Vec::new(),
        exprs,
        // Dispatch leaves out methods without a body (abstract, interface): the stub's one
        // statement keeps that fact, an empty body for a method with one.
        stmts: vec![Stmt {
            kind: if matches!(f.stmt(f.body).kind, StmtKind::Nop) {
                StmtKind::Nop
            } else {
                StmtKind::Seq(Vec::new())
            },
            span: f.span,
        }],
        body: StmtId(0),
        span: f.span,
        const_return: f.const_return.clone(),
        truncated: f.truncated,
        // Call resolution reads which names are locals (a receiver that is no local may be a
        // module or a field).
        locals: f.locals.clone(),
        variadic: f.variadic,
        out_params: f.out_params,
        scope: f.scope.clone(),
        field_types: f.field_types.clone(),
    }
}

/// Which files' full IR the pass over `files` (some of which may be stubs) can read: those
/// with a function that a rule's pass may evaluate or whose summary it may look up. A stub
/// of any other file gives the pass the same results as the file itself.
pub fn needed_files(files: &[TaintFile], rules: &[usize], scope: crate::Scope) -> Vec<bool> {
    crate::analysis::needed_files(files, rules, scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scope, Spot, SpotSpans, analyze, lower_file};
    use ferret_core::Span;
    use ferret_lang::{Language, ParseLimits, parse};

    /// Python files `m<i>.py`: `src()` calls are sources, `sink(...)` arguments sinks; a file
    /// without either has no rule entry, as the engine builds them.
    fn files(srcs: &[&str]) -> Vec<TaintFile> {
        // The whole word, or with `(` the argument up to the next `)`.
        let find = |s: &str, w: &str| -> Vec<Spot> {
            s.match_indices(w)
                .map(|(i, _)| Spot {
                    span: match w.strip_suffix('(') {
                        Some(_) => {
                            let start = i + w.len();
                            Span::new(start, start + s[start..].find(')').unwrap())
                        }
                        None => Span::new(i, i + w.len()),
                    },
                    by_side_effect: false,
                    side_effect_only: false,
                    exact: false,
                    label: 0,
                    requires: None,
                })
                .collect()
        };
        srcs.iter()
            .enumerate()
            .map(|(i, s)| {
                let p = parse(Language::Python, s.as_bytes(), &ParseLimits::default()).unwrap();
                let spots = SpotSpans {
                    sources: find(s, "src()"),
                    sinks: find(s, "sink("),
                    sanitizers: Vec::new(),
                    propagators: Vec::new(),
                    requires: Vec::new(),
                    bound: Vec::new(),
                };
                let has = !(spots.sources.is_empty() && spots.sinks.is_empty());
                TaintFile {
                    path: format!("m{i}.py"),
                    lang: Language::Python,
                    funcs: lower_file(Language::Python, p.tree.root_node(), s.as_bytes()),
                    rules: if has { vec![(0, spots)] } else { Vec::new() },
                }
            })
            .collect()
    }

    fn found(files: &[TaintFile]) -> Vec<(usize, u32, usize, usize, usize)> {
        analyze(files, &[0], Scope::Interprocedural)
            .0
            .iter()
            .map(|f| (f.rule, f.file, f.sink.start, f.sink.end, f.steps.len()))
            .collect()
    }

    const PROJECT: [&str; 6] = [
        // 0: a source behind a helper of file 1, a sink behind a helper of file 2.
        "from m1 import get\nfrom m2 import run\ndef handler():\n    run(wrap(get()))\n",
        // 1: returns a source.
        "def get():\n    return src()\n",
        // 2: reaches a sink.
        "def run(c):\n    sink(c)\n",
        // 3: no source or sink, but file 0 calls its `wrap`, which passes taint through.
        "def wrap(x):\n    return x + ''\n",
        // 4: calls into file 2 with its own parameter: a caller of a spotted file.
        "from m2 import run\ndef relay(y):\n    run(y)\n",
        // 5: unrelated: neither calls nor is called by anything spotted.
        "def other(z):\n    return len(z)\n",
    ];

    #[test]
    fn only_files_connected_to_a_rule_s_matches_are_needed() {
        let full = files(&PROJECT);
        let needed = needed_files(&full, &[0], Scope::Interprocedural);
        assert_eq!(needed, vec![true, true, true, true, true, false]);
        // The same from stubs: resolution reads only what a stub keeps.
        let stubs: Vec<TaintFile> = full.iter().map(TaintFile::stub).collect();
        assert_eq!(needed_files(&stubs, &[0], Scope::Interprocedural), needed);
        // Intraprocedural: only the files with matches (file 0 has none of its own).
        assert_eq!(
            needed_files(&full, &[0], Scope::Intraprocedural),
            vec![false, true, true, false, false, false]
        );
    }

    #[test]
    fn stubs_of_the_files_not_needed_give_the_same_findings() {
        let full = files(&PROJECT);
        let expected = found(&full);
        assert_eq!(expected.len(), 1, "the flow 1 -> 3 -> 2 through file 0");
        let needed = needed_files(&full, &[0], Scope::Interprocedural);
        let mixed: Vec<TaintFile> = full
            .iter()
            .zip(&needed)
            .map(|(f, n)| if *n { f.clone() } else { f.stub() })
            .collect();
        // `other` keeps its call to `len` (and the placeholder its argument points to) and an
        // empty body, nothing else.
        assert_eq!(mixed[5].funcs.funcs[1].stmts.len(), 1);
        assert_eq!(mixed[5].funcs.funcs[1].exprs.len(), 2);
        assert_eq!(found(&mixed), expected);
    }
}
