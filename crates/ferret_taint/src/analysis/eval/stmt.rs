//! Statements: sequences, simple statements (checked against the sinks they contain),
//! returns, branches (pruned by constant conditions, narrowed by Python allow-list guards),
//! choices and loops (iterated twice, joined with the path that skips them).

use ferret_lang::Language;

use super::super::state::State;
use super::super::value::T;
use super::Eval;
use crate::ir::{ExprId, StmtId, StmtKind};

impl Eval<'_, '_> {
    /// Evaluates statement `s` in `st`.
    pub(super) fn stmt(&mut self, s: StmtId, st: &mut State) {
        if st.dead || self.exhausted {
            return;
        }
        let stmt = self.func.stmt(s);
        let sp = stmt.span;
        match &stmt.kind {
            StmtKind::Nop => {}
            StmtKind::Seq(items) => {
                for i in items.clone() {
                    if st.dead {
                        break;
                    }
                    self.stmt(i, st);
                }
            }
            StmtKind::Expr(e) => {
                let esp = self.func.expr(*e).span;
                self.simple(*e, esp, st);
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    let t = self.simple(*v, sp, st);
                    let r = std::mem::take(&mut self.ret);
                    self.ret = r.join(t);
                }
                self.note_outs(st);
                st.dead = true;
            }
            StmtKind::If { cond, then, els } => self.if_stmt(*cond, *then, *els, st),
            StmtKind::Choice { alts, may_skip } => {
                let base = st.clone();
                let mut acc: Option<State> = if *may_skip { Some(base.clone()) } else { None };
                for a in alts.clone() {
                    let mut x = base.clone();
                    self.stmt(a, &mut x);
                    acc = Some(match acc {
                        None => x,
                        Some(prev) => prev.join(x),
                    });
                }
                if let Some(a) = acc {
                    *st = a;
                }
            }
            StmtKind::Loop {
                bind,
                iter,
                cond,
                body,
            } => self.loop_stmt(bind, *iter, *cond, *body, st),
        }
    }

    /// `if cond { then } else { els }`.
    fn if_stmt(&mut self, cond: ExprId, then: StmtId, els: Option<StmtId>, st: &mut State) {
        let csp = self.func.expr(cond).span;
        self.simple(cond, csp, st);
        match self.const_of(cond, st) {
            Some(c) if c.truthy() => self.stmt(then, st),
            Some(_) => {
                if let Some(e) = els {
                    self.stmt(e, st);
                }
            }
            None => {
                // Allow-list checks clean the value they test on the branch where they
                // hold (`x in ALLOWED`, `x == "a"`).
                let (when_true, when_false) = if self.lang() == Language::Python {
                    self.guard(cond, st)
                } else {
                    (Vec::new(), Vec::new())
                };
                let mut a = st.clone();
                for p in &when_true {
                    a.clean(p);
                }
                self.stmt(then, &mut a);
                let mut b = st.clone();
                for p in &when_false {
                    b.clean(p);
                }
                if let Some(e) = els {
                    self.stmt(e, &mut b);
                }
                *st = a.join(b);
            }
        }
    }

    /// A loop: binds each element of `iter` to `bind`, tests `cond`, runs `body` twice (enough
    /// for taint to cross one iteration) and joins with the path that skips it.
    fn loop_stmt(
        &mut self,
        bind: &[String],
        iter: Option<ExprId>,
        cond: Option<ExprId>,
        body: StmtId,
        st: &mut State,
    ) {
        let it = iter.map(|i| {
            let isp = self.func.expr(i).span;
            self.simple(i, isp, st)
        });
        // A condition that holds on entry (`for (i = 0; i < 1; i++)`) runs the body at
        // least once: the path that skips the loop does not exist.
        let mut runs_once = false;
        if let Some(c) = cond {
            let csp = self.func.expr(c).span;
            self.simple(c, csp, st);
            match self.const_of(c, st) {
                Some(c) if !c.truthy() => return,
                Some(_) => runs_once = iter.is_none(),
                None => {}
            }
        }
        let entry = st.clone();
        let mut cur = st.clone();
        let mut ran: Option<State> = None;
        for _ in 0..2 {
            let mut x = cur.clone();
            x.dead = false;
            bind_loop(bind, it.as_ref(), st, &mut x);
            self.stmt(body, &mut x);
            x.dead = false;
            if runs_once {
                ran = Some(match ran.take() {
                    Some(r) => r.join(x.clone()),
                    None => x.clone(),
                });
                cur = x;
            } else {
                cur = cur.join(x);
            }
        }
        *st = match ran {
            Some(r) => r,
            None => entry.join(cur),
        };
    }
}

/// The loop variables hold the iterated value's taint (in the iteration's state `x`) and no
/// constant (in either state).
fn bind_loop(bind: &[String], it: Option<&T>, st: &mut State, x: &mut State) {
    if let Some(t) = it {
        for b in bind {
            st.consts.remove(b);
            x.assign(b, t.clone(), true);
        }
    }
    for b in bind {
        x.set_const(b, None);
    }
}
