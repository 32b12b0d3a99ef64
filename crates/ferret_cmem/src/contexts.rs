//! Calls followed into the callee: when a function of the same translation unit is called with
//! arguments whose values are known on every path to the call (an integer or a range of them,
//! NULL, the address of an array of known size, a heap block that is freed or of known size),
//! the callee is analysed once more with its parameters bound to those values. What that run
//! reports that the context-free run did not holds for that call, and says so: `buf[index]`
//! in `void set(int index)` is an overrun when `set(5)` is called for a five-element `buf`.
//!
//! The number of contexts is bounded per callee and per unit, and contexts nest only a few
//! calls deep, so the cost stays a small multiple of the context-free analysis.

use std::collections::{HashMap, HashSet};

use ferret_core::Span;
use tree_sitter::Node;

use crate::analysis::{Function, Unit, run_in};
use crate::cfg;
use crate::eval::{Ctx, line_of};
use crate::value::{Alloc, AllocId, Nullness, State, Status, Val};
use crate::{Check, Defect, Limits, TraceEvent, span_of};

/// Contexts analysed per callee.
const PER_CALLEE: usize = 4;
/// Calls followed from a context into a further callee.
const MAX_DEPTH: usize = 3;

/// A call of a same-file function with what is known of its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallSite {
    /// The callee's name.
    pub callee: String,
    /// The call expression.
    pub span: Span,
    /// Its line, for messages.
    pub line: usize,
    /// One value per argument (`Unknown` where nothing useful is known).
    pub args: Vec<Val>,
    /// The records of heap blocks the arguments point into (owned by the caller).
    pub allocs: Vec<(AllocId, Alloc)>,
}

impl CallSite {
    /// Binds the parameters of the callee to the argument values.
    pub fn bind(&self, params: &[String], init: &mut State) {
        for (p, v) in params.iter().zip(&self.args) {
            if !p.is_empty() && *v != Val::Unknown {
                init.vars.insert(p.clone(), v.clone());
            }
        }
        init.allocs.extend(self.allocs.iter().cloned());
    }
}

/// What of an argument's value a callee can use: facts that hold in the caller and report
/// only where the callee really goes wrong with them.
fn useful(st: &State, v: &Val, allocs: &mut Vec<(AllocId, Alloc)>) -> Val {
    match v {
        Val::Int(i) if i.bounded() => v.clone(),
        Val::Null => Val::Null,
        Val::NotHeap {
            what,
            size: Some(size),
            offset,
            ..
        } => Val::NotHeap {
            // The caller's storage outlives the callee: not a local of the callee.
            what: match *what {
                "local array" | "local variable" | "alloca block" => "caller's object",
                w => w,
            },
            size: Some(*size),
            offset: *offset,
            block: None,
        },
        Val::Heap { alloc, .. } => {
            let Some(a) = st.allocs.get(alloc) else {
                return Val::Unknown;
            };
            let freed = matches!(a.status, Status::Freed(_));
            if !freed && a.size.is_none() && a.null != Nullness::Null {
                return Val::Unknown;
            }
            // The caller owns the block: the callee neither leaks it nor is blamed for a
            // missing null check the caller skipped.
            let null = match a.null {
                Nullness::Unchecked => Nullness::MaybeNull,
                n => n,
            };
            allocs.push((
                *alloc,
                Alloc {
                    escaped: true,
                    null,
                    uninit: false,
                    ..a.clone()
                },
            ));
            v.clone()
        }
        _ => Val::Unknown,
    }
}

impl Ctx<'_> {
    /// Records a call of a same-file function whose arguments carry something known.
    pub(crate) fn record_call(&mut self, st: &State, name: &str, call: Node<'_>, vals: &[Val]) {
        if self.unit.defined.get(name) != Some(&1) {
            return;
        }
        let mut allocs = Vec::new();
        let args: Vec<Val> = vals.iter().map(|v| useful(st, v, &mut allocs)).collect();
        if args.iter().all(|v| *v == Val::Unknown) {
            return;
        }
        self.calls.push(CallSite {
            callee: name.to_string(),
            span: span_of(call),
            line: line_of(self.src(), call.start_byte()),
            args,
            allocs,
        });
    }
}

/// Analyses every recorded call in its context and adds what only the context shows.
pub(crate) fn analyse(
    unit: &Unit<'_>,
    funcs: &[Function<'_>],
    checks: &HashSet<Check>,
    limits: Limits,
    mut sites: Vec<CallSite>,
    defects: &mut Vec<Defect>,
) {
    let mut reported: HashSet<(Check, Span)> = defects.iter().map(|d| (d.check, d.span)).collect();
    let mut done: HashSet<(String, String)> = HashSet::new();
    let mut per_callee: HashMap<String, usize> = HashMap::new();
    let mut budget = funcs.len() * 2 + 16;
    for _ in 0..MAX_DEPTH {
        let mut next = Vec::new();
        for site in &sites {
            let Some(f) = funcs
                .iter()
                .find(|f| f.name == site.callee && !crate::analysis::misparsed(unit, f))
            else {
                continue;
            };
            let key = format!("{:?}", site.args);
            if !done.insert((site.callee.clone(), key)) {
                continue;
            }
            let n = per_callee.entry(site.callee.clone()).or_insert(0);
            if *n >= PER_CALLEE || budget == 0 {
                continue;
            }
            *n += 1;
            budget -= 1;
            let Ok(graph) = cfg::build(f.body, unit.src, &unit.noreturn) else {
                continue;
            };
            let Ok(r) = run_in(unit, f, &graph, checks, limits, false, Some(site)) else {
                continue;
            };
            for mut d in r.ctx.defects {
                if !reported.insert((d.check, d.span)) {
                    continue;
                }
                d.message = format!("{} (when called from line {})", d.message, site.line);
                d.trace.insert(
                    0,
                    TraceEvent {
                        span: site.span,
                        note: format!("`{}` called here", site.callee),
                    },
                );
                defects.push(d);
            }
            next.extend(r.ctx.calls);
        }
        if next.is_empty() {
            break;
        }
        sites = next;
    }
}
