//! Callee summaries at call sites: parameters that reach the return value or a sink, sources
//! returned, and out parameters through which a callee writes its caller's variables.

use ferret_core::Span;
use ferret_lang::Language;

use super::super::FuncId;
use super::super::state::State;
use super::super::value::{T, push, steps_of};
use super::Eval;
use crate::ir::{ExprId, ExprKind};

impl Eval<'_, '_> {
    /// Records what the out parameters hold where the function returns.
    pub(super) fn note_outs(&mut self, st: &State) {
        let out = self.func.out_params;
        if out == 0 || st.dead {
            return;
        }
        for (i, p) in self.func.params.iter().enumerate().take(32) {
            if out & (1 << i) == 0 {
                continue;
            }
            let mut t = st.lookup(p);
            t.params &= !(1 << i);
            if t.is() {
                if self.outs.len() <= i {
                    self.outs.resize(i + 1, T::default());
                }
                let prev = std::mem::take(&mut self.outs[i]);
                self.outs[i] = prev.join(t);
            }
        }
    }

    /// A callee writes its caller's variables through out parameters: `f(&x)`, or `f(x)` for
    /// a C++ reference parameter.
    pub(super) fn apply_outs(
        &mut self,
        callee: FuncId,
        args: &[T],
        arg_exprs: &[ExprId],
        st: &mut State,
        call: Span,
        name: &str,
    ) {
        let s = (self.summaries)(callee);
        for (pi, t) in &s.param_out {
            let Some(a) = arg_exprs.get(*pi as usize) else {
                continue;
            };
            let place = if matches!(self.lang(), Language::C | Language::Cpp) {
                self.out_place(*a, 0)
            } else {
                match &self.func.expr(*a).kind {
                    ExprKind::Unary { op, e } if op == "&" => self.place_of(*e),
                    _ => self.place_of(*a),
                }
            };
            let Some(place) = place else { continue };
            let mut v = if t.src {
                T::source(t.label_set(), t.trace.clone())
            } else {
                T::default()
            };
            for (j, at) in args.iter().enumerate().take(32) {
                if t.params & (1 << j) != 0 {
                    v = v.join(at.clone());
                }
            }
            if v.is() {
                v.trace = self.step(&v.trace, call, format!("written to {place} by {name}()"));
                st.assign(&place, v, false);
                st.set_const(&place, None);
            }
        }
    }

    /// The caller's place a C or C++ callee writes through the argument `a`: the variable of
    /// `f(p)`, `f(&x)` or `f((T *)p)`. C passes by value, so what `f(list[i])` or `f(p + 1)`
    /// changes is an element the value points to, never the variable the expression starts
    /// from (`list`): those arguments write no tracked place.
    fn out_place(&self, a: ExprId, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        match &self.func.expr(a).kind {
            ExprKind::Path(p) => Some(p.clone()),
            ExprKind::Other(kids) if kids.len() == 1 => self.out_place(kids[0], depth + 1),
            ExprKind::Unary { op, e } if op == "&" || op == "*" => self.out_place(*e, depth + 1),
            _ => None,
        }
    }

    /// Applies a callee's summary at a call site.
    pub(super) fn apply(&mut self, callee: FuncId, args: &[T], call: Span, name: &str) -> T {
        let s = (self.summaries)(callee);
        let f = self.proj.func(callee);
        let shift = usize::from(
            matches!(f.params.first().map(String::as_str), Some("self" | "cls"))
                && f.params.len() > args.len(),
        );
        let mut r = T::default();
        if let Some((labels, tr)) = &s.ret_source {
            r = T::source(*labels, tr.clone());
        }
        for (i, a) in args.iter().enumerate() {
            let pi = i + shift;
            if pi < 32 && s.param_ret & (1 << pi) != 0 && a.is() {
                let mut x = a.clone();
                x.trace = self.step(&x.trace, call, format!("passed through {name}()"));
                r = r.join(x);
            }
        }
        for (pi, sf, ssp, inner, req) in &s.param_sinks {
            let Some(i) = (*pi as usize).checked_sub(shift) else {
                continue;
            };
            let Some(a) = args.get(i) else {
                continue;
            };
            if !a.is() {
                continue;
            }
            let mut trace = self.step(&a.trace, call, format!("passed to {name}()"));
            for st in steps_of(inner) {
                trace = push(&trace, st.file, st.span, st.role, st.note);
            }
            if a.src && req.as_ref().is_none_or(|r| r.holds(a.label_set())) {
                self.findings.push((*sf, *ssp, trace.clone()));
            }
            for j in 0..32 {
                if a.params & (1 << j) != 0 {
                    self.param_sinks
                        .push((j, *sf, *ssp, trace.clone(), req.clone()));
                }
            }
        }
        r
    }
}
