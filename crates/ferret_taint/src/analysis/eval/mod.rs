//! The evaluator: walks one function's IR for one rule (or none), propagating taint
//! through expressions and statements, applying callee summaries and library models,
//! and recording findings, parameter sinks and writes to fields and globals.
//!
//! The rooms, by concern: [`expr`] (the expression walk), [`assign`] (assignments),
//! [`call`] (calls and their arguments), [`containers`] (lists, keyed containers, builders
//! and copy functions, from the library models), [`callee`] (callee summaries at call sites
//! and out parameters), [`consts`] (constant folding), [`places`] (places, fields and guards),
//! [`sinks`] (sources, sanitizers and sinks matched at spans) and [`stmt`] (statements).

use std::collections::HashMap;
use std::sync::Arc;

use ferret_core::{Span, StepRole};
use ferret_lang::Language;

use super::resolve::Project;
use super::state::State;
use super::summary::{ParamSink, Summary};
use super::value::{T, TNode, push};
use super::{FuncId, Spot, SpotSpans};
use crate::ir::{ExprId, FuncIr};

mod assign;
mod call;
mod callee;
mod consts;
mod containers;
mod expr;
mod places;
mod sinks;
mod stmt;

struct Eval<'p, 'a> {
    proj: &'p Project<'a>,
    id: FuncId,
    func: &'a FuncIr,
    spots: Option<&'a SpotSpans>,
    summaries: &'p dyn Fn(FuncId) -> Summary,
    ret: T,
    tainted: Vec<(Span, T)>,
    /// Expressions whose value is clean although tainted data went into them (sanitizers,
    /// known functions that drop taint, other keys of a container): taint inside them does not
    /// reach a sink that encloses them.
    cleaned: Vec<Span>,
    findings: Vec<(u32, Span, Option<Arc<TNode>>)>,
    param_sinks: Vec<ParamSink>,
    steps: u64,
    exhausted: bool,
    globals: &'p HashMap<String, T>,
    global_writes: Vec<(String, T)>,
    /// Taint handed to the parameters of a closure passed to the call being evaluated.
    closure_arg: T,
    /// What each out parameter (see [`FuncIr::out_params`]) holds on return, so far.
    outs: Vec<T>,
}

impl<'p, 'a> Eval<'p, 'a> {
    fn file(&self) -> u32 {
        self.id.0
    }

    fn lang(&self) -> Language {
        self.proj.files[self.id.0 as usize].lang
    }

    /// `trace` extended by a step of this function at `sp`.
    fn step(&self, trace: &Option<Arc<TNode>>, sp: Span, note: String) -> Option<Arc<TNode>> {
        push(trace, self.file(), sp, StepRole::Step, note)
    }

    fn has(&self, list: impl Fn(&SpotSpans) -> &Vec<Spot>, sp: Span) -> Option<Spot> {
        self.spots
            .and_then(|s| list(s).iter().find(|x| x.span == sp).copied())
    }

    fn find_expr(&self, sp: Span) -> Option<ExprId> {
        self.func
            .exprs
            .iter()
            .position(|e| e.span == sp)
            .map(|i| ExprId(i as u32))
    }
}

/// Evaluates one function for one rule (or none), returning its summary and findings.
pub(super) fn evaluate(
    proj: &Project<'_>,
    id: FuncId,
    rule: Option<usize>,
    summaries: &dyn Fn(FuncId) -> Summary,
    globals: &HashMap<String, T>,
) -> Evaluated {
    let file = &proj.files[id.0 as usize];
    let func = proj.func(id);
    let spots = rule.and_then(|r| file.rules.iter().find(|(ri, _)| *ri == r).map(|(_, s)| s));
    let mut ev = Eval {
        proj,
        id,
        func,
        spots,
        summaries,
        ret: T::default(),
        tainted: Vec::new(),
        cleaned: Vec::new(),
        findings: Vec::new(),
        param_sinks: Vec::new(),
        steps: 0,
        exhausted: false,
        globals,
        global_writes: Vec::new(),
        closure_arg: T::default(),
        outs: Vec::new(),
    };
    let mut st = entry_state(id, func, spots);
    ev.stmt(func.body, &mut st);
    ev.note_outs(&st);
    ev.into_evaluated()
}

/// The state on entry: each parameter carries its own bit, and is a source where a rule's
/// source matches it.
fn entry_state(id: FuncId, func: &FuncIr, spots: Option<&SpotSpans>) -> State {
    let mut st = State::default();
    for (i, p) in func.params.iter().enumerate().take(32) {
        let source = spots.and_then(|s| s.sources.iter().find(|x| x.span == func.param_spans[i]));
        let src = source.is_some();
        let t = T {
            src,
            labels: source.map_or(0, |x| 1u64 << x.label),
            params: 1 << i,
            trace: push(
                &None,
                id.0,
                func.param_spans[i],
                if src {
                    StepRole::Source
                } else {
                    StepRole::Step
                },
                if src {
                    "source (parameter)".into()
                } else {
                    format!("parameter {p}")
                },
            ),
        };
        st.assign(p, t, true);
    }
    st
}

impl Eval<'_, '_> {
    /// The function's summary and findings, once its body has been walked.
    fn into_evaluated(self) -> Evaluated {
        let ret = self.ret.clone();
        let param_out: Vec<(u32, T)> = self
            .outs
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is())
            .map(|(i, t)| (i as u32, t.clone()))
            .collect();
        let mut param_sinks = self.param_sinks;
        param_sinks.sort_by_key(|(p, f, s, _, _)| (*p, *f, s.start, s.end));
        param_sinks.dedup_by_key(|(p, f, s, _, _)| (*p, *f, *s));
        let summary = Summary {
            param_ret: ret.params,
            ret_source: if ret.src {
                Some((ret.label_set(), ret.trace.clone()))
            } else {
                None
            },
            param_sinks,
            param_out,
        };
        Evaluated {
            summary,
            findings: self.findings,
            exhausted: self.exhausted,
            global_writes: self.global_writes,
        }
    }
}

/// What evaluating one function produced.
pub(super) struct Evaluated {
    pub(super) summary: Summary,
    pub(super) findings: Vec<(u32, Span, Option<Arc<TNode>>)>,
    pub(super) exhausted: bool,
    pub(super) global_writes: Vec<(String, T)>,
}
