//! The taint value: [`T`], whether a value carries taint from a source and/or from
//! parameters, with the trace ([`TNode`]) of the steps it took.

use std::sync::Arc;

use ferret_core::{Span, StepRole};

use crate::Step;

#[derive(Debug)]
pub(super) struct TNode {
    file: u32,
    span: Span,
    role: StepRole,
    note: String,
    prev: Option<Arc<TNode>>,
    len: u16,
}

pub(super) fn push(
    prev: &Option<Arc<TNode>>,
    file: u32,
    span: Span,
    role: StepRole,
    note: String,
) -> Option<Arc<TNode>> {
    let len = prev.as_ref().map_or(0, |p| p.len);
    if len >= 16 {
        return prev.clone();
    }
    Some(Arc::new(TNode {
        file,
        span,
        role,
        note,
        prev: prev.clone(),
        len: len + 1,
    }))
}

pub(super) fn steps_of(t: &Option<Arc<TNode>>) -> Vec<Step> {
    let mut v = Vec::new();
    let mut cur = t.clone();
    while let Some(n) = cur {
        v.push(Step {
            file: n.file,
            span: n.span,
            role: n.role,
            note: n.note.clone(),
        });
        cur = n.prev.clone();
    }
    v.reverse();
    v
}

/// A taint value: from a source, and/or from parameters of the function being summarised.
#[derive(Debug, Clone, Default)]
pub(super) struct T {
    pub(super) src: bool,
    /// The taint labels of the source taint (bits numbered by the rule; see
    /// `ferret_core::labels`); 0 when `src` is false.
    pub(super) labels: u64,
    pub(super) params: u32,
    pub(super) trace: Option<Arc<TNode>>,
}

impl T {
    pub(super) fn is(&self) -> bool {
        self.src || self.params != 0
    }

    /// Source taint with `labels`, and the trace to it.
    pub(super) fn source(labels: u64, trace: Option<Arc<TNode>>) -> T {
        T {
            src: labels != 0,
            labels,
            params: 0,
            trace,
        }
    }

    /// The labels of the source taint: the default label for source taint recorded without
    /// labels.
    pub(super) fn label_set(&self) -> u64 {
        match (self.src, self.labels) {
            (false, _) => 0,
            (true, 0) => 1,
            (true, l) => l,
        }
    }
    pub(super) fn join(self, o: T) -> T {
        if !self.is() {
            return o;
        }
        if !o.is() {
            return self;
        }
        T {
            src: self.src || o.src,
            labels: self.labels | o.labels,
            params: self.params | o.params,
            trace: if self.src || !o.src {
                self.trace
            } else {
                o.trace
            },
        }
    }
}

/// Rebuilds a trace from its steps.
pub(super) fn trace_of(steps: &[Step]) -> Option<Arc<TNode>> {
    let mut t = None;
    for s in steps {
        t = push(&t, s.file, s.span, s.role, s.note.clone());
    }
    t
}
