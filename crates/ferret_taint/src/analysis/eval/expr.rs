//! The expression walk: reads of places (and of fields and globals other functions wrote),
//! displays, conditional expressions, operators and closures; assignments and calls have
//! their own rooms.

use super::super::STEPS_PER_FUNCTION;
use super::super::state::State;
use super::super::value::T;
use super::Eval;
use crate::ir::{ExprId, ExprKind, StmtId};

impl Eval<'_, '_> {
    /// The taint of expression `e`, evaluating it in `st` (calls apply, assignments write).
    pub(super) fn expr(&mut self, e: ExprId, st: &mut State) -> T {
        self.steps += 1;
        if self.steps > STEPS_PER_FUNCTION {
            self.exhausted = true;
            return T::default();
        }
        let ex = self.func.expr(e);
        let sp = ex.span;
        let t = match &ex.kind {
            ExprKind::Path(p) => self.read_path(p, st),
            ExprKind::Lit(_) => T::default(),
            ExprKind::List(items) | ExprKind::Other(items) => self.join_all(items, st),
            ExprKind::Dict(entries) => {
                let mut t = T::default();
                for (_, k) in entries.clone() {
                    let x = self.expr(k, st);
                    t = t.join(x);
                }
                t
            }
            ExprKind::Cond { cond, then, els } => self.cond_value(*cond, *then, *els, st),
            ExprKind::Binary { l, r, .. } => {
                let a = self.expr(*l, st);
                let b = self.expr(*r, st);
                a.join(b)
            }
            ExprKind::Unary { e, .. } => self.expr(*e, st),
            ExprKind::Closure {
                params,
                locals,
                body,
            } => self.closure(params, locals, *body, st),
            ExprKind::Assign {
                places,
                value,
                compound,
                reads,
            } => {
                for r in reads {
                    self.expr(*r, st);
                }
                if let [(p, true)] = places.as_slice()
                    && !*compound
                    && let Some(parts) = self.parts_of(*value)
                {
                    let v = self.assign_display(p, *value, &parts, sp, st);
                    return self.finish(e, sp, v, st);
                }
                self.assign_places(places, *value, *compound, sp, st)
            }
            ExprKind::Call {
                name,
                receiver,
                args,
                ..
            } => self.call(e, name, *receiver, args, sp, st),
        };
        self.finish(e, sp, t, st)
    }

    /// A read of place `p`: its taint in the state, else what functions wrote to the field
    /// or global it names.
    fn read_path(&self, p: &str, st: &State) -> T {
        let t = match st.normalise(p) {
            Some(q) => st.lookup(&q),
            None => st.lookup(p),
        };
        if !t.is()
            && !self.globals.is_empty()
            && let Some(k) = self.field_key(p)
            && let Some(g) = self.globals.get(&k)
        {
            g.clone()
        } else {
            t
        }
    }

    /// The joined taint of `items`, evaluated in order.
    fn join_all(&mut self, items: &[ExprId], st: &mut State) -> T {
        let mut t = T::default();
        for &k in items {
            let x = self.expr(k, st);
            t = t.join(x);
        }
        t
    }

    /// `c ? a : b`: the condition only chooses between the values; a constant condition
    /// keeps one.
    fn cond_value(&mut self, cond: ExprId, then: ExprId, els: ExprId, st: &mut State) -> T {
        self.expr(cond, st);
        self.cleaned.push(self.func.expr(cond).span);
        match self.const_of(cond, st) {
            Some(c) if c.truthy() => self.expr(then, st),
            Some(_) => self.expr(els, st),
            None => {
                let a = self.expr(then, st);
                let b = self.expr(els, st);
                a.join(b)
            }
        }
    }

    /// A closure: its body runs on a copy of the state, its parameters holding what the
    /// enclosing call hands them; the closure value itself is clean. The closure may run (once
    /// or more, or never), so the taint it adds to variables it captures (`list.push(x)` of an
    /// enclosing `list`) joins their taint after it; its parameters and its own locals stay
    /// inside.
    fn closure(&mut self, params: &[String], locals: &[String], body: StmtId, st: &mut State) -> T {
        let mut inner = st.clone();
        let arg = std::mem::take(&mut self.closure_arg);
        for p in params {
            inner.assign(p, arg.clone(), true);
        }
        inner.dead = false;
        let saved = std::mem::take(&mut self.ret);
        self.stmt(body, &mut inner);
        self.ret = saved;
        let own = |k: &str| {
            let root = k.split('.').next().unwrap_or(k);
            params.iter().chain(locals).any(|p| p == root)
        };
        for (k, t) in inner.taint {
            let added = match st.taint.get(&k) {
                Some(o) => (t.src && !o.src) || t.params & !o.params != 0,
                None => t.is(),
            };
            if added && !own(&k) {
                st.assign(&k, t, false);
            }
        }
        T::default()
    }
}
