//! Library calls on containers, from the library models: lists of known length keep their
//! elements apart through `append`, `pop` and `insert`; keyed containers keep their keys
//! apart (`m.put("k", v)`, `m.get("k")`); adders taint their receiver and C copy functions
//! their destination.

use super::super::models::models;
use super::super::state::State;
use super::super::value::T;
use super::Eval;
use super::call::CallSite;
use crate::ir::{Const, ExprKind};

impl Eval<'_, '_> {
    /// A method call on list `p` of known length `n`. Returns whether the call was modelled
    /// element by element (`result` then holds what it returns).
    pub(super) fn list_method(
        &mut self,
        c: &CallSite,
        p: String,
        n: usize,
        result: &mut T,
        st: &mut State,
    ) -> bool {
        let (args, ats, sp) = (c.args, &c.ats, c.sp);
        let index = |i: usize| match args.get(i).map(|a| self.const_of(*a, st)) {
            Some(Some(Const::Int(k))) => {
                let k = if k < 0 { n as i64 + k } else { k };
                usize::try_from(k).ok()
            }
            _ => None,
        };
        match (c.name, args.len()) {
            ("append", 1) => {
                st.assign(&format!("{p}.[{n}]"), ats[0].clone(), true);
                st.lens.insert(p, n + 1);
                return true;
            }
            ("pop", 0 | 1) => match if args.is_empty() {
                n.checked_sub(1)
            } else {
                index(0).filter(|i| *i < n)
            } {
                Some(i) => {
                    *result = st.take(&format!("{p}.[{i}]"));
                    if !result.is() {
                        // The other elements are not what the call returns.
                        self.cleaned.push(sp);
                    }
                    for j in i..n - 1 {
                        let t = st.take(&format!("{p}.[{}]", j + 1));
                        st.assign(&format!("{p}.[{j}]"), t, true);
                    }
                    st.lens.insert(p, n - 1);
                    return true;
                }
                None => st.collapse(&p),
            },
            ("insert", 2) => match index(0) {
                Some(i) => {
                    let i = i.min(n);
                    for j in (i..n).rev() {
                        let t = st.take(&format!("{p}.[{j}]"));
                        st.assign(&format!("{p}.[{}]", j + 1), t, true);
                    }
                    st.assign(&format!("{p}.[{i}]"), ats[1].clone(), true);
                    st.lens.insert(p, n + 1);
                    return true;
                }
                None => st.collapse(&p),
            },
            (name, _) if models().list_readers.has(self.lang(), name) => {}
            _ => st.collapse(&p),
        }
        false
    }

    /// Keyed containers: `m.put("k", v)`, `conf.set(s, "k", v)`, `m.get("k")` on place `p`.
    /// Returns whether the call was modelled key by key (`result` then holds what it returns).
    pub(super) fn keyed_method(
        &mut self,
        c: &CallSite,
        p: String,
        result: &mut T,
        st: &mut State,
    ) -> bool {
        let (name, args, ats) = (c.name, c.args, &c.ats);
        let key_at = |i: usize| match args.get(i).map(|a| &self.func.expr(*a).kind) {
            Some(ExprKind::Lit(Const::Str(k))) => Some(k.clone()),
            _ => None,
        };
        let n = args.len();
        let lang = self.lang();
        let m = models();
        if m.keyed_writes.has(lang, name) && n >= 2 {
            if let Some(k) = key_at(n - 2) {
                st.assign(&format!("{p}.[{k}]"), ats[n - 1].clone(), true);
                return true;
            }
        } else if m.keyed_reads.has(lang, name)
            && n >= 1
            && st.taint.keys().any(|k| k.starts_with(&format!("{p}.[")))
        {
            let ki = if m.keyed_reads_key_first.has(lang, name)
                || (name == "get" && n == 2 && key_at(0).is_some() && key_at(1).is_none())
            {
                0
            } else {
                n - 1
            };
            if let Some(k) = key_at(ki).or_else(|| key_at(0)) {
                *result = st.lookup(&format!("{p}.[{k}]"));
                if n > ki + 1 {
                    *result = std::mem::take(result).join(ats[ki + 1].clone());
                }
                if !result.is() {
                    // The container as a whole was tainted elsewhere; this key is not.
                    self.cleaned.push(c.sp);
                }
                return true;
            }
        }
        false
    }

    /// Collections and string builders take the taint of what is put in them; C copy
    /// functions taint their destination.
    pub(super) fn fill_and_copy(&mut self, c: &CallSite, st: &mut State) {
        let (name, args, ats) = (c.name, c.args, &c.ats);
        let lang = self.lang();
        let any_arg = ats.iter().any(T::is);
        if any_arg
            && c.receiver.is_some()
            && models().adders.has(lang, name)
            && let Some(p) = c.receiver.and_then(|r| self.place_of(r))
        {
            let t = ats.iter().cloned().fold(T::default(), T::join);
            st.assign(&p, t, false);
        }
        if models().c_copiers.has(lang, name)
            && ats.iter().skip(1).any(T::is)
            && let Some(p) = args.first().and_then(|a| self.place_of(*a))
        {
            let mut t = ats.iter().skip(1).cloned().fold(T::default(), T::join);
            t.trace = self.step(&t.trace, c.sp, format!("copied into {p} by {name}"));
            st.assign(&p, t, false);
        }
    }
}
