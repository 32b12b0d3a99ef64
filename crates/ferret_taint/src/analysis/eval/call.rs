//! Calls: the receiver and arguments (closures last, seeing what the call hands them), then
//! resolved callees' summaries, or for unknown callees the default flow from receiver and
//! arguments to the result refined by the library models, then the rule's propagators.

use ferret_core::Span;

use super::super::models::models;
use super::super::state::State;
use super::super::value::T;
use super::Eval;
use crate::ir::{ExprId, ExprKind};

/// One call being evaluated: its syntax and the taint of its receiver and arguments.
pub(super) struct CallSite<'c> {
    /// The callee's name (last segment).
    pub(super) name: &'c str,
    /// The receiver expression, if any.
    pub(super) receiver: Option<ExprId>,
    /// The argument expressions.
    pub(super) args: &'c [ExprId],
    /// The call's span.
    pub(super) sp: Span,
    /// The receiver's taint.
    pub(super) rt: T,
    /// Each argument's taint.
    pub(super) ats: Vec<T>,
}

impl Eval<'_, '_> {
    /// The taint of call `e`: `name(args)` or `receiver.name(args)`.
    pub(super) fn call(
        &mut self,
        e: ExprId,
        name: &str,
        receiver: Option<ExprId>,
        args: &[ExprId],
        sp: Span,
        st: &mut State,
    ) -> T {
        let (rt, ats) = self.call_args(receiver, args, st);
        self.forget_written_consts(args, st);
        let c = CallSite {
            name,
            receiver,
            args,
            sp,
            rt,
            ats,
        };
        let targets = self.proj.call_targets(self.id, e);
        if targets.is_empty() {
            let result = self.library_call(&c, st);
            let result = result.join(self.run_callbacks(&c));
            self.propagate(sp, st);
            return result;
        }
        let mut result = T::default();
        for tid in targets {
            let x = self.apply(*tid, &c.ats, sp, name);
            result = result.join(x);
            if receiver.is_none() {
                self.apply_outs(*tid, &c.ats, args, st, sp, name);
            }
        }
        self.propagate(sp, st);
        if !result.is() && !c.rt.is() {
            // A known function that does not pass the taint on: what went into it does
            // not reach a sink around the call.
            self.cleaned.push(sp);
        }
        if result.is() {
            result.trace = self.step(&result.trace, sp, format!("returned by {name}()"));
        }
        result
    }

    /// Evaluates the receiver and the arguments: plain arguments first; closures then see the
    /// receiver's and the arguments' taint on their parameters (`xs.forEach(x => sink(x))`,
    /// `v.let { sink(it) }`). Returns the receiver's taint and each argument's.
    fn call_args(
        &mut self,
        receiver: Option<ExprId>,
        args: &[ExprId],
        st: &mut State,
    ) -> (T, Vec<T>) {
        let rt = receiver.map(|r| self.expr(r, st)).unwrap_or_default();
        let is_closure = |a: &ExprId| matches!(self.func.expr(*a).kind, ExprKind::Closure { .. });
        let mut ats: Vec<T> = vec![T::default(); args.len()];
        for (i, a) in args.iter().enumerate() {
            if !is_closure(a) {
                ats[i] = self.expr(*a, st);
            }
        }
        let handed = ats.iter().cloned().fold(rt.clone(), T::join);
        for (i, a) in args.iter().enumerate() {
            if is_closure(a) {
                self.closure_arg = handed.clone();
                ats[i] = self.expr(*a, st);
            }
        }
        (rt, ats)
    }

    /// Functions passed by name to a library call (`xs.forEach(handle)`, `p.then(onData)`)
    /// run as closures passed there do: each parameter holds what the call hands them (the
    /// receiver's and the other arguments' taint). Returns what they return.
    fn run_callbacks(&mut self, c: &CallSite) -> T {
        let proj = self.proj;
        let mut out = T::default();
        for (i, a) in c.args.iter().enumerate() {
            // Only a name: an argument that is itself a call has targets of its own, which
            // it has already run with its own arguments.
            if !matches!(self.func.expr(*a).kind, ExprKind::Path(_)) {
                continue;
            }
            let cbs = proj.call_targets(self.id, *a);
            if cbs.is_empty() {
                continue;
            }
            let handed = c
                .ats
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, t)| t.clone())
                .fold(c.rt.clone(), T::join);
            for &tid in cbs {
                let f = proj.func(tid);
                let args = vec![handed.clone(); f.params.len().max(1)];
                let r = self.apply(tid, &args, c.sp, &f.name);
                out = out.join(r);
            }
        }
        out
    }

    /// `f(&x)`: the callee may write `x`, so its constant value is gone.
    fn forget_written_consts(&self, args: &[ExprId], st: &mut State) {
        for a in args {
            if let ExprKind::Unary { op, e: inner } = &self.func.expr(*a).kind
                && op == "&"
                && let ExprKind::Path(x) = &self.func.expr(*inner).kind
            {
                st.set_const(x, None);
            }
        }
    }

    /// An unknown callee: taint flows from receiver and arguments to the result, except
    /// where a library model says otherwise (numbers, lists of known length, keyed
    /// containers); builders and copy functions taint their receiver or destination.
    fn library_call(&mut self, c: &CallSite, st: &mut State) -> T {
        let mut result = c.ats.iter().cloned().fold(c.rt.clone(), T::join);
        if c.receiver.is_none() && models().numeric_builtins.has(self.lang(), c.name) && result.is()
        {
            // A number carries no text an attacker could shape.
            result = T::default();
            self.cleaned.push(c.sp);
        }
        let mut keyed = false;
        if let Some(p) = c.receiver.and_then(|r| self.place_of(r))
            && let Some(&n) = st.lens.get(&p)
        {
            keyed = self.list_method(c, p, n, &mut result, st);
        }
        if !keyed && let Some(p) = c.receiver.and_then(|r| self.place_of(r)) {
            keyed = self.keyed_method(c, p, &mut result, st);
        }
        if !keyed {
            self.fill_and_copy(c, st);
        }
        result
    }

    /// The rule's propagators matched at the call: taint of the `from` expression reaches the
    /// place of the `to` expression.
    fn propagate(&mut self, sp: Span, st: &mut State) {
        let Some(spots) = self.spots else {
            return;
        };
        for (m, from, to, labels) in &spots.propagators {
            if *m == sp {
                let ft = self
                    .tainted
                    .iter()
                    .find(|(s, _)| s == from)
                    .map(|(_, t)| t.clone())
                    .filter(|t| {
                        labels.requires.is_none() || self.satisfies(labels.requires, t.label_set())
                    })
                    .map(|mut t| {
                        if t.src {
                            t.labels = labels.apply(t.label_set());
                        }
                        t
                    });
                if let (Some(ft), Some(to_e)) = (ft, self.find_expr(*to))
                    && let Some(p) = self.place_of(to_e)
                {
                    st.assign(&p, ft, false);
                }
            }
        }
    }
}
