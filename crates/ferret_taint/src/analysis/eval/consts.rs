//! Constant folding: the constant value of an expression where it has one (literals, known
//! variables and project constants, characters of constant strings, calls of functions that
//! always return the same literal, and operators over constants), used to prune branches.

use super::super::state::State;
use super::Eval;
use crate::ir::{Const, ExprId, ExprKind};

impl Eval<'_, '_> {
    /// The constant value of `e` in `st`, if it has one.
    pub(super) fn const_of(&self, e: ExprId, st: &State) -> Option<Const> {
        match &self.func.expr(e).kind {
            ExprKind::Lit(c) => Some(c.clone()),
            ExprKind::Path(p) => self.const_path(p, st),
            ExprKind::Cond { cond, then, els } => {
                if self.const_of(*cond, st)?.truthy() {
                    self.const_of(*then, st)
                } else {
                    self.const_of(*els, st)
                }
            }
            ExprKind::Call { args, .. } if args.is_empty() => self.const_call(e),
            ExprKind::Unary { op, e } => {
                let c = self.const_of(*e, st)?;
                match op.as_str() {
                    "!" | "not" => Some(Const::Bool(!c.truthy())),
                    "-" => match c {
                        Const::Int(i) => Some(Const::Int(-i)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            ExprKind::Binary { op, l, r } => self.const_binary(op, *l, *r, st),
            _ => None,
        }
    }

    /// A variable's known constant, a project constant it names, or `s[i]` of a constant
    /// string `s`.
    fn const_path(&self, p: &str, st: &State) -> Option<Const> {
        st.consts
            .get(p)
            .cloned()
            .or_else(|| {
                if st.taint.contains_key(p) || self.func.locals.contains(p) {
                    None
                } else {
                    self.proj.constant(self.file(), self.func, p)
                }
            })
            .or_else(|| {
                // `s[i]` of a constant string `s`.
                let (base, key) = p.strip_suffix(']')?.rsplit_once(".[")?;
                let i: i64 = key.parse().ok()?;
                let Some(Const::Str(s)) = st.consts.get(base) else {
                    return None;
                };
                let n = s.chars().count() as i64;
                let i = if i < 0 { n + i } else { i };
                if !(0..n).contains(&i) {
                    return None;
                }
                s.chars().nth(i as usize).map(|c| Const::Str(c.to_string()))
            })
    }

    /// A call without arguments whose every target always returns the same literal.
    fn const_call(&self, e: ExprId) -> Option<Const> {
        let targets = self.proj.call_targets(self.id, e);
        let mut out: Option<Const> = None;
        for t in targets {
            let c = self.proj.func(*t).const_return.clone()?;
            if out.as_ref().is_some_and(|o| *o != c) {
                return None;
            }
            out = Some(c);
        }
        out
    }

    /// `l op r` over constants (short-circuiting `and` and `or` on a constant left side).
    fn const_binary(&self, op: &str, l: ExprId, r: ExprId, st: &State) -> Option<Const> {
        let a = self.const_of(l, st);
        if matches!(op, "&&" | "and") && a.as_ref().is_some_and(|c| !c.truthy()) {
            return Some(Const::Bool(false));
        }
        if matches!(op, "||" | "or") && a.as_ref().is_some_and(|c| c.truthy()) {
            return Some(Const::Bool(true));
        }
        let a = a?;
        let b = self.const_of(r, st)?;
        if let (Const::Str(x), Const::Str(y)) = (&a, &b) {
            match op {
                "in" => return Some(Const::Bool(y.contains(x.as_str()))),
                "not in" => return Some(Const::Bool(!y.contains(x.as_str()))),
                _ => {}
            }
        }
        let num = |c: &Const| match c {
            Const::Int(i) => Some(*i),
            Const::Bool(b) => Some(*b as i64),
            _ => None,
        };
        Some(match op {
            "==" | "===" | "is" => Const::Bool(a == b || (num(&a).is_some() && num(&a) == num(&b))),
            "!=" | "!==" | "is not" => {
                Const::Bool(!(a == b || (num(&a).is_some() && num(&a) == num(&b))))
            }
            "<" => Const::Bool(num(&a)? < num(&b)?),
            ">" => Const::Bool(num(&a)? > num(&b)?),
            "<=" => Const::Bool(num(&a)? <= num(&b)?),
            ">=" => Const::Bool(num(&a)? >= num(&b)?),
            "&&" | "and" => Const::Bool(a.truthy() && b.truthy()),
            "||" | "or" => Const::Bool(a.truthy() || b.truthy()),
            "+" => Const::Int(num(&a)?.checked_add(num(&b)?)?),
            "-" => Const::Int(num(&a)?.checked_sub(num(&b)?)?),
            "*" => Const::Int(num(&a)?.checked_mul(num(&b)?)?),
            _ => return None,
        })
    }
}
