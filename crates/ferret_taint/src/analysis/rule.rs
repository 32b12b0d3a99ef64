//! One rule's demand-driven pass: rule-specific summaries from the functions of the files
//! where the rule matched anything (callees first, callers re-evaluated when a summary
//! changes), taint shared through fields and globals in later rounds, then every touched
//! function evaluated for findings.

use std::collections::{HashMap, HashSet, VecDeque};

use ferret_core::Span;

use super::eval::{Evaluated, evaluate};
use super::generic::Generic;
use super::resolve::Project;
use super::summary::{Summary, summary_of};
use super::value::{T, steps_of, trace_of};
use super::{FuncId, STEPS_PER_FUNCTION};
use crate::ir::ExprKind;
use crate::{GlobalWrite, TaintFinding};

/// What one rule's run found.
pub(super) struct RuleOut {
    pub(super) findings: Vec<TaintFinding>,
    pub(super) notes: Vec<String>,
    pub(super) globals: Vec<GlobalWrite>,
}

/// The affected files, and the functions whose summaries they need (partial runs only).
type Limit<'l> = Option<(&'l [bool], &'l HashSet<FuncId>)>;

/// The state of one rule's run.
struct RuleRun<'r, 'p> {
    proj: &'r Project<'p>,
    rule: usize,
    generic: &'r Generic<'r, 'p>,
    callers: &'r HashMap<FuncId, Vec<FuncId>>,
    limit: Limit<'r>,
    specific: HashMap<FuncId, Summary>,
    queue: VecDeque<FuncId>,
    queued: HashSet<FuncId>,
    visits: HashMap<FuncId, u32>,
    /// Functions whose evaluation may have changed: evaluated for findings at the end.
    touched: HashSet<FuncId>,
    /// Taint in fields and globals, and the function that wrote it (when several do, the first
    /// by path wins, so that a partial run keeps the same one).
    globals: HashMap<String, T>,
    written_by: HashMap<String, FuncId>,
}

/// Runs one rule. With `limit` (the affected files, and the functions whose summaries they
/// need), only those summaries are computed, only the affected files' functions are evaluated
/// for findings, and only their writes to fields and globals are computed; the other writes
/// are `prior`'s. `writers` are the functions that assign a field or global.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_rule(
    proj: &Project<'_>,
    rule: usize,
    generic: &Generic<'_, '_>,
    callers: &HashMap<FuncId, Vec<FuncId>>,
    callees: &HashMap<FuncId, Vec<FuncId>>,
    limit: Limit<'_>,
    writers: &HashSet<FuncId>,
    prior: &[GlobalWrite],
) -> RuleOut {
    let mut run = RuleRun {
        proj,
        rule,
        generic,
        callers,
        limit,
        specific: HashMap::new(),
        queue: VecDeque::new(),
        queued: HashSet::new(),
        visits: HashMap::new(),
        touched: HashSet::new(),
        globals: HashMap::new(),
        written_by: HashMap::new(),
    };
    for id in run.callee_order(callees) {
        run.queue.push_back(id);
        run.queued.insert(id);
    }
    run.touched = run.queued.clone();
    run.take_prior(prior);
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
        run.drain(round);
        // Taint written to fields and globals by any function reaches every reader.
        let grew = run.share_globals(&spotted, writers);
        if !grew || !proj.inter {
            break;
        }
        run.requeue_readers(&spotted);
    }
    let (findings, notes) = run.findings();
    RuleOut {
        findings,
        notes,
        globals: run.globals_out(),
    }
}

impl RuleRun<'_, '_> {
    fn within(&self, id: &FuncId) -> bool {
        self.limit.is_none_or(|(_, set)| set.contains(id))
    }

    /// Whether the function's file is evaluated for findings and writes.
    fn affected(&self, id: &FuncId) -> bool {
        self.limit.is_none_or(|(files, _)| files[id.0 as usize])
    }

    /// The functions of files where the rule matched anything (a source, sink, sanitizer or
    /// propagator: only there can a summary differ from the generic one), and everything they
    /// call (transitively), callees first so that their summaries are ready. Any other
    /// function whose summary changes is reached as a caller of one of these.
    fn callee_order(&self, callees: &HashMap<FuncId, Vec<FuncId>>) -> Vec<FuncId> {
        let mut roots = Vec::new();
        for (fi, f) in self.proj.files.iter().enumerate() {
            if f.rules.iter().any(|(r, _)| *r == self.rule) {
                for i in 0..f.funcs.funcs.len() {
                    let id = (fi as u32, i as u32);
                    if self.within(&id) {
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
        order
    }

    /// The last run's writes to fields and globals by functions that are not analysed again.
    fn take_prior(&mut self, prior: &[GlobalWrite]) {
        for g in prior {
            if self
                .limit
                .is_some_and(|(files, _)| files[g.writer.0 as usize])
            {
                // Its writer is analysed again.
                continue;
            }
            self.globals.insert(
                g.key.clone(),
                T {
                    src: g.src,
                    labels: if g.src { g.labels.max(1) } else { 0 },
                    params: g.params,
                    trace: trace_of(&g.steps),
                },
            );
            self.written_by.insert(g.key.clone(), g.writer);
        }
    }

    /// Evaluates queued functions until no summary changes (each visited a bounded number of
    /// times per round), queueing the callers of every function whose summary changed.
    fn drain(&mut self, round: u32) {
        while let Some(id) = self.queue.pop_front() {
            self.queued.remove(&id);
            let n = self.visits.entry(id).or_default();
            *n += 1;
            if *n > 6 + 3 * round {
                continue;
            }
            let lookup = |c: FuncId| summary_of(&self.specific, self.generic, c);
            let s = evaluate(self.proj, id, Some(self.rule), &lookup, &self.globals).summary;
            let old = summary_of(&self.specific, self.generic, id);
            if s != old {
                self.specific.insert(id, s);
                let callers = self.callers;
                for c in callers.get(&id).into_iter().flatten() {
                    if !self.within(c) {
                        continue;
                    }
                    self.touched.insert(*c);
                    if self.queued.insert(*c) {
                        self.queue.push_back(*c);
                    }
                }
            }
        }
    }

    /// Evaluates the writers of fields and globals among `spotted` and records what they
    /// write. Returns whether a place that held no taint now does.
    fn share_globals(&mut self, spotted: &[FuncId], writers: &HashSet<FuncId>) -> bool {
        let lookup = |c: FuncId| summary_of(&self.specific, self.generic, c);
        let mut writes = Vec::new();
        for id in spotted {
            if !writers.contains(id) || !self.affected(id) {
                continue;
            }
            for (k, t) in
                evaluate(self.proj, *id, Some(self.rule), &lookup, &self.globals).global_writes
            {
                writes.push((k, t, *id));
            }
        }
        let proj = self.proj;
        let order = |id: FuncId| (proj.files[id.0 as usize].path.as_str(), id.1);
        let mut grew = false;
        for (k, t, id) in writes {
            match self.written_by.get(&k) {
                None => {
                    grew = true;
                    self.globals.insert(k.clone(), t);
                    self.written_by.insert(k, id);
                }
                Some(w) if order(id) < order(*w) => {
                    self.globals.insert(k.clone(), t);
                    self.written_by.insert(k, id);
                }
                Some(_) => {}
            }
        }
        grew
    }

    /// Queues again the functions among `spotted` that read a field or global by the name of
    /// one that now carries taint.
    fn requeue_readers(&mut self, spotted: &[FuncId]) {
        let names: HashSet<&str> = self
            .globals
            .keys()
            .map(|k| k.rsplit('.').next().unwrap_or(k))
            .collect();
        let mut readers = Vec::new();
        for id in spotted.iter().filter(|id| self.within(id)) {
            let f = self.proj.func(*id);
            let reads = f.exprs.iter().any(|e| {
                matches!(&e.kind, ExprKind::Path(p) if names.contains(p.rsplit('.').next().unwrap_or(p)))
            });
            if reads {
                readers.push(*id);
            }
        }
        for id in readers {
            self.touched.insert(id);
            self.visits.remove(&id);
            if self.queued.insert(id) {
                self.queue.push_back(id);
            }
        }
    }

    /// Evaluates every touched function of the affected files for findings; returns them and
    /// notes about functions that exceeded their budget.
    fn findings(&self) -> (Vec<TaintFinding>, Vec<String>) {
        let (proj, rule) = (self.proj, self.rule);
        let lookup = |c: FuncId| summary_of(&self.specific, self.generic, c);
        let mut out = Vec::new();
        let mut notes = Vec::new();
        let mut touched: Vec<FuncId> = self
            .touched
            .iter()
            .copied()
            .filter(|id| self.affected(id))
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
            } = evaluate(proj, id, Some(rule), &lookup, &self.globals);
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
        (out, notes)
    }

    /// The fields and globals the rule's taint reaches, by key.
    fn globals_out(self) -> Vec<GlobalWrite> {
        let written_by = self.written_by;
        let mut globals: Vec<GlobalWrite> = self
            .globals
            .into_iter()
            .map(|(k, t)| GlobalWrite {
                writer: written_by[&k],
                src: t.src,
                labels: t.label_set(),
                params: t.params,
                steps: steps_of(&t.trace),
                key: k,
            })
            .collect();
        globals.sort_by(|a, b| a.key.cmp(&b.key));
        globals
    }
}
