//! The abstract state of one function's evaluation at a program point: tainted places,
//! known constants and list lengths.

use std::collections::BTreeMap;

use super::value::T;
use crate::ir::Const;

#[derive(Debug, Clone, Default)]
pub(super) struct State {
    /// Tainted places; ordered so that `obj.` prefixes are a range.
    pub(super) taint: BTreeMap<String, T>,
    pub(super) consts: BTreeMap<String, Const>,
    /// Lists whose length is known (built from a display and `append`/`insert`/`pop`): their
    /// elements are the places `list.[0]`, `list.[1]`...
    pub(super) lens: BTreeMap<String, usize>,
    pub(super) dead: bool,
}

impl State {
    pub(super) fn lookup(&self, p: &str) -> T {
        let mut out = T::default();
        // The place itself and every enclosing path (`a` and `a.b` for `a.b.c`).
        if let Some(t) = self.taint.get(p) {
            out = out.join(t.clone());
        }
        for (i, _) in p.match_indices('.') {
            if let Some(t) = self.taint.get(&p[..i]) {
                out = out.join(t.clone());
            }
        }
        // Every field inside it (`a.b.x` when reading `a.b`).
        let lo = format!("{p}.");
        let hi = format!("{p}/");
        for (_, t) in self.taint.range(lo..hi) {
            out = out.join(t.clone());
        }
        out
    }

    /// The taint of the place `p` itself and of every enclosing path, not of its fields.
    pub(super) fn lookup_own(&self, p: &str) -> T {
        let mut out = self.taint.get(p).cloned().unwrap_or_default();
        for (i, _) in p.match_indices('.') {
            if let Some(t) = self.taint.get(&p[..i]) {
                out = out.join(t.clone());
            }
        }
        out
    }

    /// The tainted places inside `p` (`p.a`, `p.a.b`), as their paths after `p`.
    pub(super) fn fields_of(&self, p: &str) -> Vec<(String, T)> {
        let lo = format!("{p}.");
        let hi = format!("{p}/");
        self.taint
            .range(lo..hi)
            .map(|(k, t)| (k[p.len()..].to_string(), t.clone()))
            .collect()
    }

    pub(super) fn assign(&mut self, p: &str, t: T, strong: bool) {
        self.lens.remove(p);
        if strong {
            self.taint.remove(p);
            let lo = format!("{p}.");
            let hi = format!("{p}/");
            let inner: Vec<String> = self.taint.range(lo..hi).map(|(k, _)| k.clone()).collect();
            for k in inner {
                self.taint.remove(&k);
            }
        }
        if t.is() {
            match self.taint.get_mut(p) {
                Some(slot) => *slot = slot.clone().join(t),
                None => {
                    self.taint.insert(p.to_string(), t);
                }
            }
        }
    }

    pub(super) fn clean(&mut self, p: &str) {
        self.assign(p, T::default(), true);
    }

    pub(super) fn set_const(&mut self, p: &str, c: Option<Const>) {
        match c {
            Some(c) => {
                self.consts.insert(p.to_string(), c);
            }
            None => {
                self.consts.remove(p);
            }
        }
    }

    pub(super) fn join(mut self, o: State) -> State {
        if self.dead {
            return o;
        }
        if o.dead {
            return self;
        }
        for (k, t) in o.taint {
            self.assign(&k, t, false);
        }
        self.consts.retain(|k, c| o.consts.get(k) == Some(c));
        self.lens.retain(|k, n| o.lens.get(k) == Some(n));
        self
    }

    /// The taint of exactly the place `p` (no enclosing or inner paths).
    pub(super) fn take(&mut self, p: &str) -> T {
        self.taint.remove(p).unwrap_or_default()
    }

    /// A list of known length becomes one coarse value: its elements' taint moves to the list.
    pub(super) fn collapse(&mut self, p: &str) {
        let Some(n) = self.lens.remove(p) else {
            return;
        };
        let mut t = T::default();
        for i in 0..n {
            t = t.join(self.take(&format!("{p}.[{i}]")));
        }
        self.assign(p, t, false);
    }

    /// `list.[-1]` of a list of known length is `list.[n-1]`; of another list, any element.
    pub(super) fn normalise(&self, p: &str) -> Option<String> {
        let (base, key) = p.strip_suffix(']')?.rsplit_once(".[")?;
        let i: i64 = key.parse().ok()?;
        if i >= 0 {
            return None;
        }
        match self.lens.get(base) {
            Some(&n) if n as i64 + i >= 0 => Some(format!("{base}.[{}]", n as i64 + i)),
            _ => Some(base.to_string()),
        }
    }
}
