//! Sources, sanitizers and sinks matched at spans: an expression's own match (a sanitizer
//! cleans, a source taints), and the sinks inside a simple statement checked against what
//! the statement tainted.

use ferret_core::{Span, StepRole};

use super::super::Spot;
use super::super::state::State;
use super::super::value::{T, push};
use super::Eval;
use crate::ir::{ExprId, ExprKind};

impl Eval<'_, '_> {
    /// Sanitizers and sources matched at the expression itself, then records its taint.
    pub(super) fn finish(&mut self, e: ExprId, sp: Span, mut t: T, st: &mut State) -> T {
        if let Some(s) = self.has(|s| &s.sanitizers, sp) {
            // What a sanitizer consumed is clean, inside it too.
            self.cleaned.push(sp);
            t = T::default();
            if s.by_side_effect
                && let Some(p) = self.place_of(e)
            {
                st.clean(&p);
            }
        } else if let Some(s) = self
            .has(|s| &s.sources, sp)
            .or_else(|| self.prefix_source(e, sp))
            .filter(|s| s.requires.is_none() || self.satisfies(s.requires, t.label_set()))
        {
            // A source adds its label to the taint already there (a call's arguments').
            let src = T {
                src: true,
                labels: t.label_set() | (1u64 << s.label),
                params: t.params,
                trace: push(&None, self.file(), sp, StepRole::Source, "source".into()),
            };
            if s.by_side_effect
                && let Some(p) = self.place_of(e)
            {
                st.assign(&p, src.clone(), true);
                st.set_const(&p, None);
            }
            if !s.side_effect_only {
                t = src;
            }
        }
        if t.is() {
            self.tainted.push((sp, t.clone()));
        }
        t
    }

    /// Whether `labels` satisfy the formula `requires` of this file's rule (no formula: any
    /// source taint does).
    pub(super) fn satisfies(&self, requires: Option<u16>, labels: u64) -> bool {
        match requires {
            None => labels != 0,
            Some(i) => self
                .spots
                .and_then(|s| s.requires.get(usize::from(i)))
                .is_some_and(|r| r.holds(labels)),
        }
    }

    /// A source matching the start of a member path: `process.env` inside `process.env.HOME`.
    pub(super) fn prefix_source(&self, e: ExprId, sp: Span) -> Option<Spot> {
        if !matches!(self.func.expr(e).kind, ExprKind::Path(_)) {
            return None;
        }
        self.spots?
            .sources
            .iter()
            .find(|s| s.span.start == sp.start && s.span.end < sp.end)
            .copied()
    }

    /// Checks the sinks inside a simple statement against what it tainted.
    pub(super) fn check_sinks(&mut self, sp: Span, from: usize) {
        let Some(spots) = self.spots else {
            return;
        };
        for sink in spots.sinks.iter().filter(|s| sp.contains(&s.span)) {
            let inside = |s: &Span| {
                if sink.exact {
                    *s == sink.span
                } else {
                    sink.span.contains(s)
                }
            };
            let cleaned: Vec<Span> = self
                .cleaned
                .iter()
                .copied()
                .filter(|z| sink.span.contains(z))
                .collect();
            let hits: Vec<T> = self.tainted[from..]
                .iter()
                .filter(|(s, _)| inside(s) && !cleaned.iter().any(|z| z.contains(s)))
                .map(|(_, t)| t.clone())
                .collect();
            let file = self.file();
            let to_sink = |t: &T| push(&t.trace, file, sink.span, StepRole::Sink, "sink".into());
            // A sink's `requires` is checked against the labels of all the taint reaching it.
            let labels = hits.iter().fold(0, |acc, t| acc | t.label_set());
            if let Some(t) = hits.iter().find(|t| t.src)
                && self.satisfies(sink.requires, labels)
            {
                let trace = to_sink(t);
                self.findings.push((self.file(), sink.span, trace));
            }
            let req = sink
                .requires
                .and_then(|i| spots.requires.get(usize::from(i)).cloned());
            let mut seen = 0u32;
            for t in &hits {
                for j in 0..32 {
                    if t.params & (1 << j) != 0 && seen & (1 << j) == 0 {
                        seen |= 1 << j;
                        let trace = to_sink(t);
                        self.param_sinks
                            .push((j, self.file(), sink.span, trace, req.clone()));
                    }
                }
            }
        }
    }

    /// Evaluates the expression of a simple statement spanning `sp`, checks the sinks inside
    /// it against what it tainted, then forgets the statement's taint and cleaning records.
    pub(super) fn simple(&mut self, e: ExprId, sp: Span, st: &mut State) -> T {
        let from = self.tainted.len();
        let cleaned_from = self.cleaned.len();
        let t = self.expr(e, st);
        self.check_sinks(sp, from);
        self.tainted.truncate(from);
        self.cleaned.truncate(cleaned_from);
        t
    }
}
