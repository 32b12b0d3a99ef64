//! The fixpoint driver: runs every rule over the project, computing summaries to a
//! fixpoint over the call graph, then evaluating functions for findings, with incremental
//! runs limited to the files a change can affect.

use std::collections::{HashMap, HashSet, VecDeque};

use ferret_core::Span;
use rayon::prelude::*;

use super::eval::{Evaluated, evaluate};
use super::resolve::Project;
use super::summary::{Summary, summary_of};
use super::value::{T, steps_of, trace_of};
use super::{FuncId, STEPS_PER_FUNCTION};
use crate::ir::{ExprKind, FuncIr};
use crate::{GlobalWrite, TaintFile, TaintFinding};

/// What [`run`] found.
pub(crate) struct RunOut {
    /// Every discovery: a function's evaluation reaching a sink (not deduplicated across
    /// functions, so that the results of a partial run can be merged with earlier ones).
    pub(crate) findings: Vec<TaintFinding>,
    /// Budget notes, `path: text`.
    pub(crate) notes: Vec<String>,
    /// The files whose functions were evaluated for findings.
    pub(crate) affected: Vec<bool>,
    /// Per rule, the fields and globals that carry its taint.
    pub(crate) globals: Vec<(usize, Vec<GlobalWrite>)>,
}

/// Whether `f` assigns a place that is not one of its locals (a field or a global).
fn writes_outside(f: &FuncIr) -> bool {
    f.exprs.iter().any(|e| {
        matches!(&e.kind, ExprKind::Assign { places, .. }
            if places.iter().any(|(p, _)| !f.locals.contains(p.split('.').next().unwrap_or(p))))
    })
}

/// Every function reachable from `start` through resolved calls (`start` included).
fn callee_closure(
    start: impl IntoIterator<Item = FuncId>,
    callees: &HashMap<FuncId, Vec<FuncId>>,
) -> HashSet<FuncId> {
    let mut seen: HashSet<FuncId> = HashSet::new();
    let mut stack: Vec<FuncId> = start.into_iter().collect();
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(callees.get(&id).into_iter().flatten().copied());
        }
    }
    seen
}

/// Runs every rule over the project. With `seeds` (one flag per file: the files that changed,
/// or whose calls may now resolve differently), only the files a change can affect are
/// analysed for findings: the seeds and, transitively, the files calling into them. Their
/// callees' summaries are recomputed from the IR (they only depend on the callees), and so are
/// the fields and globals every rule's taint reaches; the caller compares those with the last
/// run's and falls back to a full run when they changed.
pub(crate) fn run(
    files: &[TaintFile],
    rules: &[usize],
    scope: crate::Scope,
    seeds: Option<&[bool]>,
    prior: &HashMap<usize, Vec<GlobalWrite>>,
) -> RunOut {
    let proj = Project::new(files, scope == crate::Scope::Interprocedural);
    // Callers and callees, for the demand-driven per-rule pass.
    let mut callers: HashMap<FuncId, Vec<FuncId>> = HashMap::new();
    let mut callees: HashMap<FuncId, Vec<FuncId>> = HashMap::new();
    for ((caller, _), ts) in &proj.targets {
        for t in ts {
            callers.entry(*t).or_default().push(*caller);
            callees.entry(*caller).or_default().push(*t);
        }
    }
    for v in callers.values_mut().chain(callees.values_mut()) {
        v.sort_unstable();
        v.dedup();
    }
    let affected: Vec<bool> = match seeds {
        None => vec![true; files.len()],
        Some(seeds) => {
            // The seeds and every file that (transitively) calls into one.
            let mut file_callers: HashMap<u32, HashSet<u32>> = HashMap::new();
            for (callee, cs) in &callers {
                for c in cs {
                    file_callers.entry(callee.0).or_default().insert(c.0);
                }
            }
            let mut aff = seeds.to_vec();
            aff.resize(files.len(), false);
            let mut stack: Vec<u32> = (0..files.len() as u32)
                .filter(|i| aff[*i as usize])
                .collect();
            while let Some(f) = stack.pop() {
                for c in file_callers.get(&f).into_iter().flatten() {
                    if !aff[*c as usize] {
                        aff[*c as usize] = true;
                        stack.push(*c);
                    }
                }
            }
            aff
        }
    };
    let funcs_of = |fi: usize| (0..files[fi].funcs.funcs.len()).map(move |i| (fi as u32, i as u32));
    // The functions whose summaries a partial run needs: the callees of the affected files'
    // functions. (Writers of fields and globals elsewhere are not evaluated: their writes
    // come from the last run, `prior`.)
    let relevant: Option<HashSet<FuncId>> = seeds.map(|_| {
        callee_closure(
            (0..files.len())
                .filter(|fi| affected[*fi])
                .flat_map(funcs_of),
            &callees,
        )
    });
    // Writers of fields and globals (only the affected files' are evaluated).
    let writers: HashSet<FuncId> = (0..files.len())
        .filter(|fi| affected[*fi])
        .flat_map(funcs_of)
        .filter(|id| writes_outside(proj.func(*id)))
        .collect();
    // Generic summaries: parameter-to-return flows with no rule's sources or sinks, to a
    // fixpoint (bounded), each round in parallel.
    // Only functions that some call reaches need a summary.
    let called: HashSet<FuncId> = proj.targets.values().flatten().copied().collect();
    let all: Vec<FuncId> = (0..files.len())
        .flat_map(funcs_of)
        .filter(|id| called.contains(id))
        .filter(|id| relevant.as_ref().is_none_or(|r| r.contains(id)))
        .collect();
    let no_globals = HashMap::new();
    let mut generic: HashMap<FuncId, Summary> = HashMap::new();
    for _ in 0..4 {
        let g = &generic;
        let lookup = |id: FuncId| g.get(&id).cloned().unwrap_or_default();
        let next: Vec<(FuncId, Summary)> = all
            .par_iter()
            .map(|id| {
                (
                    *id,
                    evaluate(&proj, *id, None, &lookup, &no_globals).summary,
                )
            })
            .collect();
        let changed = next.iter().any(|(id, s)| generic.get(id) != Some(s));
        generic = next.into_iter().collect();
        if !changed {
            break;
        }
    }
    let results: Vec<RuleOut> = rules
        .par_iter()
        .map(|&rule| {
            let limit = relevant.as_ref().map(|set| (affected.as_slice(), set));
            let prior = if seeds.is_some() {
                prior.get(&rule).map_or(&[][..], Vec::as_slice)
            } else {
                &[]
            };
            run_rule(
                &proj, rule, &generic, &callers, &callees, limit, &writers, prior,
            )
        })
        .collect();
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let mut globals = Vec::new();
    for (rule, r) in rules.iter().zip(results) {
        findings.extend(r.findings);
        notes.extend(r.notes);
        globals.push((*rule, r.globals));
    }
    notes.sort();
    notes.dedup();
    RunOut {
        findings,
        notes,
        affected,
        globals,
    }
}

/// What one rule's run found.
struct RuleOut {
    findings: Vec<TaintFinding>,
    notes: Vec<String>,
    globals: Vec<GlobalWrite>,
}

/// Runs one rule. With `limit` (the affected files, and the functions whose summaries they
/// need), only those summaries are computed, only the affected files' functions are evaluated
/// for findings, and only their writes to fields and globals are computed; the other writes
/// are `prior`'s. `writers` are the functions that assign a field or global.
#[allow(clippy::too_many_arguments)]
fn run_rule(
    proj: &Project<'_>,
    rule: usize,
    generic: &HashMap<FuncId, Summary>,
    callers: &HashMap<FuncId, Vec<FuncId>>,
    callees: &HashMap<FuncId, Vec<FuncId>>,
    limit: Option<(&[bool], &HashSet<FuncId>)>,
    writers: &HashSet<FuncId>,
    prior: &[GlobalWrite],
) -> RuleOut {
    let within = |id: &FuncId| limit.is_none_or(|(_, set)| set.contains(id));
    let mut specific: HashMap<FuncId, Summary> = HashMap::new();
    let mut queue: VecDeque<FuncId> = VecDeque::new();
    let mut queued: HashSet<FuncId> = HashSet::new();
    // Start from the functions of files where the rule matched anything (a source, sink,
    // sanitizer or propagator: only there can a summary differ from the generic one), and
    // everything they call (transitively), callees first so that their summaries are ready.
    // Any other function whose summary changes is reached as a caller of one of these.
    let mut roots = Vec::new();
    for (fi, f) in proj.files.iter().enumerate() {
        if f.rules.iter().any(|(r, _)| *r == rule) {
            for i in 0..f.funcs.funcs.len() {
                let id = (fi as u32, i as u32);
                if within(&id) {
                    roots.push(id);
                }
            }
        }
    }
    let mut order = Vec::new();
    let mut seen: HashSet<FuncId> = HashSet::new();
    for r in roots {
        // Iterative post-order DFS over callees.
        let mut stack = vec![(r, false)];
        while let Some((id, done)) = stack.pop() {
            if done {
                order.push(id);
                continue;
            }
            if !seen.insert(id) {
                continue;
            }
            stack.push((id, true));
            for c in callees.get(&id).into_iter().flatten() {
                if !seen.contains(c) {
                    stack.push((*c, false));
                }
            }
        }
    }
    for id in order {
        queue.push_back(id);
        queued.insert(id);
    }
    let mut visits: HashMap<FuncId, u32> = HashMap::new();
    let mut touched: HashSet<FuncId> = queued.clone();
    // Taint in fields and globals, and the function that wrote it (when several do, the first
    // by path wins, so that a partial run keeps the same one).
    let mut globals: HashMap<String, T> = HashMap::new();
    let mut written_by: HashMap<String, FuncId> = HashMap::new();
    let order = |id: FuncId| (proj.files[id.0 as usize].path.as_str(), id.1);
    for g in prior {
        if limit.is_some_and(|(files, _)| files[g.writer.0 as usize]) {
            // Its writer is analysed again.
            continue;
        }
        globals.insert(
            g.key.clone(),
            T {
                src: g.src,
                params: g.params,
                trace: trace_of(&g.steps),
            },
        );
        written_by.insert(g.key.clone(), g.writer);
    }
    // Functions of files where this rule matched anything, for global (field) writes.
    let spotted: Vec<FuncId> = proj
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.rules.iter().any(|(r, _)| *r == rule))
        .flat_map(|(fi, f)| (0..f.funcs.funcs.len()).map(move |i| (fi as u32, i as u32)))
        .collect();
    let rounds = if proj.inter { 3 } else { 1 };
    for round in 0..rounds {
        while let Some(id) = queue.pop_front() {
            queued.remove(&id);
            let n = visits.entry(id).or_default();
            *n += 1;
            if *n > 6 + 3 * round {
                continue;
            }
            let lookup = |c: FuncId| summary_of(&specific, generic, c);
            let s = evaluate(proj, id, Some(rule), &lookup, &globals).summary;
            let old = summary_of(&specific, generic, id);
            if s != old {
                specific.insert(id, s);
                for c in callers.get(&id).into_iter().flatten().filter(|c| within(c)) {
                    touched.insert(*c);
                    if queued.insert(*c) {
                        queue.push_back(*c);
                    }
                }
            }
        }
        // Taint written to fields and globals by any function reaches every reader.
        let lookup = |c: FuncId| summary_of(&specific, generic, c);
        let mut grew = false;
        let mut writes = Vec::new();
        for id in &spotted {
            if !writers.contains(id) || limit.is_some_and(|(files, _)| !files[id.0 as usize]) {
                continue;
            }
            for (k, t) in evaluate(proj, *id, Some(rule), &lookup, &globals).global_writes {
                writes.push((k, t, *id));
            }
        }
        for (k, t, id) in writes {
            match written_by.get(&k) {
                None => {
                    grew = true;
                    globals.insert(k.clone(), t);
                    written_by.insert(k, id);
                }
                Some(w) if order(id) < order(*w) => {
                    globals.insert(k.clone(), t);
                    written_by.insert(k, id);
                }
                Some(_) => {}
            }
        }
        if !grew || !proj.inter {
            break;
        }
        let names: HashSet<&str> = globals
            .keys()
            .map(|k| k.rsplit('.').next().unwrap_or(k))
            .collect();
        for id in spotted.iter().filter(|id| within(id)) {
            let f = proj.func(*id);
            let reads = f.exprs.iter().any(|e| {
                matches!(&e.kind, ExprKind::Path(p) if names.contains(p.rsplit('.').next().unwrap_or(p)))
            });
            if reads {
                touched.insert(*id);
                visits.remove(id);
                if queued.insert(*id) {
                    queue.push_back(*id);
                }
            }
        }
    }
    let lookup = |c: FuncId| summary_of(&specific, generic, c);
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut touched: Vec<FuncId> = touched
        .into_iter()
        .filter(|id| limit.is_none_or(|(files, _)| files[id.0 as usize]))
        .collect();
    touched.sort();
    for id in touched {
        // A sink reached twice from one function is one discovery; across functions they are
        // kept, and the caller deduplicates.
        let mut seen: HashSet<(u32, Span)> = HashSet::new();
        let Evaluated {
            findings,
            exhausted,
            ..
        } = evaluate(proj, id, Some(rule), &lookup, &globals);
        if exhausted {
            let f = proj.func(id);
            notes.push(format!(
                "{}: function `{}` exceeded the dataflow budget of {} steps; its taint findings may be incomplete",
                proj.files[id.0 as usize].path, f.name, STEPS_PER_FUNCTION
            ));
        }
        for (file, sink, trace) in findings {
            if seen.insert((file, sink)) {
                out.push(TaintFinding {
                    rule,
                    file,
                    sink,
                    steps: steps_of(&trace),
                    found_by: id,
                });
            }
        }
    }
    let mut globals: Vec<GlobalWrite> = globals
        .into_iter()
        .map(|(k, t)| GlobalWrite {
            writer: written_by[&k],
            src: t.src,
            params: t.params,
            steps: steps_of(&t.trace),
            key: k,
        })
        .collect();
    globals.sort_by(|a, b| a.key.cmp(&b.key));
    RuleOut {
        findings: out,
        notes,
        globals,
    }
}
