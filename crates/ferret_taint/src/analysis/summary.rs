//! Function summaries: what a function does with taint (parameters to return value, to
//! sinks and to out parameters, sources returned), and how the run looks one up.

use std::collections::HashMap;
use std::sync::Arc;

use ferret_core::Span;

use super::FuncId;
use super::generic::Generic;
use super::value::{T, TNode};

/// A parameter that reaches a sink: (param, sink file, sink span, steps from param to sink,
/// the sink's `requires` formula when the rule has labels).
pub(crate) type ParamSink = (
    u32,
    u32,
    Span,
    Option<Arc<TNode>>,
    Option<ferret_core::labels::LabelReq>,
);

/// What a function does with taint, for one rule (or for none: the generic summary).
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    /// Parameters whose taint reaches the return value.
    pub(super) param_ret: u32,
    /// The return value carries taint from a source inside: its labels and the trace to it.
    pub(super) ret_source: Option<(u64, Option<Arc<TNode>>)>,
    /// Parameters that reach a sink: (param, sink file, sink span, steps from param to sink).
    pub(super) param_sinks: Vec<ParamSink>,
    /// C and C++ reference and pointer parameters that hold taint when the function returns:
    /// the caller's variable is written through them (a source, or other parameters' taint).
    pub(super) param_out: Vec<(u32, T)>,
}

impl PartialEq for Summary {
    fn eq(&self, o: &Summary) -> bool {
        self.param_ret == o.param_ret
            && self.ret_source.as_ref().map(|r| r.0) == o.ret_source.as_ref().map(|r| r.0)
            && self.param_sinks.len() == o.param_sinks.len()
            && self
                .param_sinks
                .iter()
                .zip(&o.param_sinks)
                .all(|(a, b)| a.0 == b.0 && a.1 == b.1 && a.2 == b.2)
            && self.param_out.len() == o.param_out.len()
            && self.param_out.iter().zip(&o.param_out).all(|(a, b)| {
                a.0 == b.0
                    && a.1.src == b.1.src
                    && a.1.labels == b.1.labels
                    && a.1.params == b.1.params
            })
    }
}

/// A function's summary for the rule being run: its rule-specific one if it has one, else the
/// generic one.
pub(super) fn summary_of(
    specific: &HashMap<FuncId, Summary>,
    generic: &Generic<'_, '_>,
    id: FuncId,
) -> Summary {
    match specific.get(&id) {
        Some(s) => s.clone(),
        None => generic.get(id),
    }
}
