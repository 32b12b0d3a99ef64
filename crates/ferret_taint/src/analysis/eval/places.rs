//! Places: the place (variable or field path) an expression denotes, the elements of list
//! and dict displays, the project-wide key of a field or global, and the places a condition
//! proves clean (allow-list guards).

use super::super::models::models;
use super::super::state::State;
use super::Eval;
use crate::ir::{ExprId, ExprKind};

impl Eval<'_, '_> {
    /// The project-wide key of a field or global variable written or read as `p`, if it is one.
    pub(super) fn field_key(&self, p: &str) -> Option<String> {
        let class = self.func.class.as_deref().unwrap_or("");
        for prefix in ["this.", "self.", "$this."] {
            if let Some(rest) = p.strip_prefix(prefix) {
                return Some(format!("{class}.{rest}"));
            }
        }
        if p.starts_with('@') {
            return Some(format!("{class}.{p}"));
        }
        let head = p.split('.').next().unwrap_or(p);
        if self.func.locals.contains(head) {
            return None;
        }
        let fields = &self.proj.files[self.id.0 as usize].funcs.fields;
        if p.contains('.') && head.starts_with(char::is_uppercase) {
            let mut parts = p.rsplit('.');
            let (last, cls) = (parts.next()?, parts.next()?);
            return Some(format!("{cls}.{last}"));
        }
        let bare = p.trim_start_matches('$');
        if fields.contains(&format!("{class}.{bare}")) {
            return Some(format!("{class}.{bare}"));
        }
        if fields.contains(bare) {
            return Some(bare.to_string());
        }
        None
    }

    /// The elements of a list or dict display, by index or key.
    pub(super) fn parts_of(&self, e: ExprId) -> Option<Vec<(String, ExprId)>> {
        match &self.func.expr(e).kind {
            ExprKind::List(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (i.to_string(), *x))
                    .collect(),
            ),
            ExprKind::Dict(entries) => Some(entries.clone()),
            _ => None,
        }
    }

    /// The place an expression denotes, or the place of the first operand that has one.
    pub(super) fn place_of(&self, e: ExprId) -> Option<String> {
        match &self.func.expr(e).kind {
            ExprKind::Path(p) => Some(p.clone()),
            // A builder call returns its receiver: `sb.append(a).append(b)`.
            ExprKind::Call {
                name,
                receiver: Some(r),
                ..
            } if models().adders.has(self.lang(), name) => self.place_of(*r),
            ExprKind::Other(kids) | ExprKind::Call { args: kids, .. } if !kids.is_empty() => {
                kids.iter().find_map(|k| self.place_of(*k))
            }
            ExprKind::Binary { l, .. } => self.place_of(*l),
            ExprKind::Unary { e, .. } => self.place_of(*e),
            _ => None,
        }
    }

    /// Whether `e` carries no taint, without evaluating it (no calls).
    pub(super) fn clean_value(&self, e: ExprId, st: &State) -> bool {
        match &self.func.expr(e).kind {
            ExprKind::Lit(_) => true,
            ExprKind::Path(p) => {
                !st.lookup(p).is()
                    && self
                        .field_key(p)
                        .is_none_or(|k| self.globals.get(&k).is_none_or(|t| !t.is()))
            }
            ExprKind::List(items) | ExprKind::Other(items) => {
                items.iter().all(|x| self.clean_value(*x, st))
            }
            ExprKind::Dict(entries) => entries.iter().all(|(_, x)| self.clean_value(*x, st)),
            _ => false,
        }
    }

    /// The places a condition proves clean when it holds and when it does not: membership in
    /// or equality with untainted values (the value is then one of the program's own). Checks
    /// that only restrict the characters (`isalnum`) are not enough: the data is still the
    /// client's, which matters for trust boundaries and redirects.
    pub(super) fn guard(&self, cond: ExprId, st: &State) -> (Vec<String>, Vec<String>) {
        let path = |e: ExprId| match &self.func.expr(e).kind {
            ExprKind::Path(p) => Some(p.clone()),
            _ => None,
        };
        match &self.func.expr(cond).kind {
            ExprKind::Unary { op, e } if matches!(op.as_str(), "not" | "!") => {
                let (t, f) = self.guard(*e, st);
                (f, t)
            }
            ExprKind::Binary { op, l, r } => match op.as_str() {
                "or" | "||" => {
                    let (lt, lf) = self.guard(*l, st);
                    let (rt, rf) = self.guard(*r, st);
                    let both: Vec<String> = lt.into_iter().filter(|p| rt.contains(p)).collect();
                    (both, lf.into_iter().chain(rf).collect())
                }
                "and" | "&&" => {
                    let (lt, lf) = self.guard(*l, st);
                    let (rt, rf) = self.guard(*r, st);
                    let both: Vec<String> = lf.into_iter().filter(|p| rf.contains(p)).collect();
                    (lt.into_iter().chain(rt).collect(), both)
                }
                "in" | "not in" => match path(*l) {
                    Some(p) if self.clean_value(*r, st) => {
                        if op == "in" {
                            (vec![p], Vec::new())
                        } else {
                            (Vec::new(), vec![p])
                        }
                    }
                    _ => (Vec::new(), Vec::new()),
                },
                "==" | "===" | "is" | "!=" | "!==" | "is not" => {
                    let p = match (path(*l), path(*r)) {
                        (Some(p), _) if self.clean_value(*r, st) => Some(p),
                        (_, Some(p)) if self.clean_value(*l, st) => Some(p),
                        _ => None,
                    };
                    match p {
                        Some(p) if matches!(op.as_str(), "==" | "===" | "is") => {
                            (vec![p], Vec::new())
                        }
                        Some(p) => (Vec::new(), vec![p]),
                        None => (Vec::new(), Vec::new()),
                    }
                }
                _ => (Vec::new(), Vec::new()),
            },
            _ => (Vec::new(), Vec::new()),
        }
    }
}
