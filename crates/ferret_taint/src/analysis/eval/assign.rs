//! Assignments: a list or dict display assigned to one place keeps its elements apart;
//! other values write every target place (strongly for plain targets, weakly for compound
//! ones), carry constants, and record writes of source taint to fields and globals.

use ferret_core::Span;

use super::super::state::State;
use super::super::value::T;
use super::Eval;
use crate::ir::{ExprId, ExprKind};

impl Eval<'_, '_> {
    /// `xs = [a, b]`, `m = {"k": v}`: each element is its own place (`xs.[0]`, `m.[k]`).
    /// Returns the joined taint of the elements.
    pub(super) fn assign_display(
        &mut self,
        p: &str,
        value: ExprId,
        parts: &[(String, ExprId)],
        sp: Span,
        st: &mut State,
    ) -> T {
        let mut v = T::default();
        let mut elems = Vec::new();
        for (k, x) in parts {
            let mut t = self.expr(*x, st);
            v = v.join(t.clone());
            if t.is() {
                t.trace = self.step(&t.trace, sp, format!("assigned to {p}[{k}]"));
            }
            elems.push((format!("{p}.[{k}]"), t));
        }
        if v.src
            && let Some(k) = self.field_key(p)
        {
            self.global_writes.push((k, v.clone()));
        }
        st.assign(p, T::default(), true);
        st.set_const(p, None);
        for (q, t) in elems {
            st.assign(&q, t, true);
        }
        if matches!(self.func.expr(value).kind, ExprKind::List(_)) {
            st.lens.insert(p.to_string(), parts.len());
        }
        v
    }

    /// `a = v`, `a, b = v`, `a += v`: writes the value's taint (joined with the old value for
    /// a compound assignment) and its constant to every place. Returns the value's taint.
    pub(super) fn assign_places(
        &mut self,
        places: &[(String, bool)],
        value: ExprId,
        compound: bool,
        sp: Span,
        st: &mut State,
    ) -> T {
        let v = self.expr(value, st);
        if let [(p, true)] = places
            && !compound
            && self.copy_object(p, value, &v, sp, st)
        {
            return v;
        }
        let c = if compound {
            None
        } else {
            self.const_of(value, st)
        };
        for (p, strong) in places {
            let mut val = v.clone();
            if compound {
                val = val.join(st.lookup(p));
            }
            if val.is() {
                val.trace = self.step(&val.trace, sp, format!("assigned to {p}"));
            }
            if val.src
                && let Some(k) = self.field_key(p)
            {
                self.global_writes.push((k, val.clone()));
            }
            st.assign(p, val, *strong && !compound);
            st.set_const(p, if *strong { c.clone() } else { None });
        }
        v
    }

    /// `q = o` for a plain path `o`: `q` takes `o`'s own taint and each of its fields' taint
    /// field by field, so that a tainted `o.a` makes `q.a` tainted and not `q.b`. Returns false
    /// (nothing written) when the value is not a plain path or its taint is not what the state
    /// holds for it (a source or sanitizer matched there, or a field or global that other
    /// functions wrote): the caller then writes the value whole.
    fn copy_object(&mut self, p: &str, value: ExprId, v: &T, sp: Span, st: &mut State) -> bool {
        let ExprKind::Path(src) = &self.func.expr(value).kind else {
            return false;
        };
        let nested = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}."));
        if nested(p, src) || nested(src, p) || st.normalise(src).is_some() {
            return false;
        }
        // Only a plain read: not a source or sanitizer matched at the value, nor taint that
        // other functions wrote to the field or global it names.
        let read = st.lookup(src);
        if (read.src, read.params) != (v.src, v.params) {
            return false;
        }
        let own = st.lookup_own(src);
        let fields = st.fields_of(src);
        let c = self.const_of(value, st);
        let mut entries = vec![(String::new(), own)];
        entries.extend(fields);
        if v.src
            && let Some(k) = self.field_key(p)
        {
            self.global_writes.push((k, v.clone()));
        }
        st.assign(p, T::default(), true);
        for (suffix, mut t) in entries {
            if t.is() {
                let q = format!("{p}{suffix}");
                t.trace = self.step(&t.trace, sp, format!("assigned to {q}"));
                st.assign(&q, t, false);
            }
        }
        st.set_const(p, c);
        true
    }
}
