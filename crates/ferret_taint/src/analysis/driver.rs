//! The driver: runs each rule's pass ([`super::rule`]) over the project in parallel, with
//! generic summaries computed on demand ([`super::generic`]), and incremental runs limited to
//! the files a change can affect.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::FuncId;
use super::generic::Generic;
use super::resolve::Project;
use super::rule::{RuleOut, run_rule};
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
    /// Function evaluations spent on generic summaries.
    pub(crate) generic_evaluations: u64,
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
    let (callers, callees) = call_graph(&proj);
    let affected = affected_files(files.len(), seeds, &callers);
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
    // Generic summaries; only functions that some call reaches need one, and only those that
    // a rule's pass can look up (see `needed`).
    let called: HashSet<FuncId> = proj.targets.values().flatten().copied().collect();
    let needed = needed_summaries(files, rules, &callers, &callees);
    let all: HashSet<FuncId> = (0..files.len())
        .flat_map(funcs_of)
        .filter(|id| called.contains(id) && needed.contains(id))
        .filter(|id| relevant.as_ref().is_none_or(|r| r.contains(id)))
        .collect();
    // Computed when a rule's pass first looks one up (see `generic`).
    let generic = Generic::new(&proj, &callees, all);
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
        generic_evaluations: generic.evaluations(),
    }
}

/// Callers and callees of every function, for the demand-driven per-rule pass.
#[allow(clippy::type_complexity)]
pub(super) fn call_graph(
    proj: &Project<'_>,
) -> (HashMap<FuncId, Vec<FuncId>>, HashMap<FuncId, Vec<FuncId>>) {
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
    (callers, callees)
}

/// Per file, whether [`run`] may evaluate one of its functions or read its summary (see
/// [`needed_summaries`]: every function [`run`] evaluates is in that set too). Call
/// resolution reads only what a stub keeps, so stubs give the same answer as full files.
pub(crate) fn needed_files(files: &[TaintFile], rules: &[usize], scope: crate::Scope) -> Vec<bool> {
    let proj = Project::new(files, scope == crate::Scope::Interprocedural);
    let (callers, callees) = call_graph(&proj);
    let mut out: Vec<bool> = files
        .iter()
        .map(|f| f.rules.iter().any(|(r, _)| rules.contains(r)))
        .collect();
    for (fi, _) in needed_summaries(files, rules, &callers, &callees) {
        out[fi as usize] = true;
    }
    out
}

/// The functions whose generic summary a rule's pass can read. A pass evaluates the functions
/// of the files where one of `rules` matched anything, everything they call, and the callers
/// (transitively) of a function whose summary changed; it reads the summaries of what those
/// call. So a summary is needed only inside the callee closure of the caller closure of the
/// callee closure of the spotted files' functions. Every other function's summary would be
/// computed and never read (a generic summary depends only on the function's callees, so
/// leaving them out changes no other summary).
fn needed_summaries(
    files: &[TaintFile],
    rules: &[usize],
    callers: &HashMap<FuncId, Vec<FuncId>>,
    callees: &HashMap<FuncId, Vec<FuncId>>,
) -> HashSet<FuncId> {
    let spotted = files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.rules.iter().any(|(r, _)| rules.contains(r)))
        .flat_map(|(fi, f)| (0..f.funcs.funcs.len()).map(move |i| (fi as u32, i as u32)));
    let down = callee_closure(spotted, callees);
    let up = callee_closure(down, callers);
    callee_closure(up, callees)
}

/// The files a partial run analyses for findings: the seeds and every file that
/// (transitively) calls into one; every file without seeds.
fn affected_files(
    n: usize,
    seeds: Option<&[bool]>,
    callers: &HashMap<FuncId, Vec<FuncId>>,
) -> Vec<bool> {
    match seeds {
        None => vec![true; n],
        Some(seeds) => {
            // The seeds and every file that (transitively) calls into one.
            let mut file_callers: HashMap<u32, HashSet<u32>> = HashMap::new();
            for (callee, cs) in callers {
                for c in cs {
                    file_callers.entry(callee.0).or_default().insert(c.0);
                }
            }
            let mut aff = seeds.to_vec();
            aff.resize(n, false);
            let mut stack: Vec<u32> = (0..n as u32).filter(|i| aff[*i as usize]).collect();
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
    }
}
