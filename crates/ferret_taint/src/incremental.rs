//! Incremental taint passes: what a pass leaves for the next one, and what a changed file
//! invalidates. This module is the only code outside the analysis that reads the flow IR's
//! internals for planning; the engine stores a [`TaintState`] in its cache and calls [`run`].
//!
//! # The contract
//!
//! **The invariant.** For any files `F` and any state `S` left by an earlier pass (over any
//! files), `run(F, .., Some(S))` gives the same discoveries ([`TaintState::found`], so the same
//! reported findings, paths included) as the full pass `run(F, .., None)`. Only the work
//! differs. The property test `crates/ferret_engine/tests/incremental_contract.rs` checks it
//! over multi-file projects edited step by step; it must stay green.
//!
//! **What a pass leaves** ([`TaintState`]): per file, its content hash and its facts (the
//! signatures of the functions it defines, as call resolution sees them, and a digest of its
//! constants); per rule, the fields and globals its taint reached, with the function that wrote
//! them and the trace; every discovery (not only the one reported per sink) with the function
//! whose evaluation made it; and the budget notes, by file.
//!
//! **What a change re-analyses.** A file is *changed* when its content hash differs from the
//! state's, it is new, it has no hash, or it was removed. The *seeds* are:
//! - the changed files (their own functions changed);
//! - every file calling a name whose definitions changed (a signature added, removed or
//!   altered in a changed file), or reading that name (a function passed by name as a
//!   callback): its calls may now resolve to other functions;
//! - every file with an earlier discovery whose sink or path crosses a changed file: the
//!   discovery may be gone or moved even if the file calls nothing whose name changed.
//!
//! The analysis then adds, transitively, every file calling into a seed (a caller's result
//! depends on its callees' summaries) and recomputes the summaries those files need from the
//! IR. The other files' discoveries and notes are taken from the state. This is exact because a
//! function's discoveries depend only on its own IR, the summaries of what it calls (which
//! depend only on the callees, resolved by the names and signatures in the facts), the
//! constants, and the taint in fields and globals; the first two are covered by the seeds and
//! their callers, the last two by the full-pass rules below.
//!
//! **What makes a pass full** (every file analysed, nothing taken from the state): no state;
//! a changed, new or removed file whose constants differ from before (constants fold
//! conditions in any file); or a partial pass after which the set of fields and globals some
//! rule's taint reaches (key, from a source, parameter bits) differs from the state's (their
//! readers can be anywhere). Writes by files that are not re-analysed come from the state.
//!
//! **When you change taint semantics** (in `analysis/` or `ir/`), update this module in the
//! same change if the change makes a function's result depend on something new:
//! - call resolution looks at more than name, parameter count, class/namespace and
//!   variadic-ness (e.g. imports, types, arity defaults): add it to `FileFacts::sigs` so a
//!   change of it names the callers;
//! - summaries or evaluation read another file's data directly (not through a resolved call,
//!   a constant or a field/global): add that data to the facts and seed its readers, or make
//!   its change force a full pass;
//! - constants gain a kind or a scope: they must stay in the digest in `facts_of`;
//! - fields and globals carry more (a new flag, per-element taint): add it to the comparison
//!   in `reached` and to the stored writes;
//! - what the pass stores changes shape: bump [`crate::IR_VERSION`] (the cache key).
//!
//! Then extend the property test with a project exercising the new dependency.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use ferret_core::{Span, StepRole};
use serde::{Deserialize, Serialize};

use crate::ir::ExprKind;
use crate::{Analysis, GlobalWrite, Scope, Step, TaintFile, analyze_partial};

/// One file as the last pass saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FileFacts {
    /// BLAKE3 of its content (`None`: not hashed, so always treated as changed).
    hash: Option<String>,
    /// The functions it defines: name, parameter count, class and namespace, variadic (what
    /// call resolution looks at).
    sigs: Vec<(String, usize, Option<String>, bool)>,
    /// A digest of its constants.
    consts: String,
}

/// One step of a discovery's path, by file path.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PathStep {
    /// The file, as reported.
    pub file: String,
    /// Where.
    pub span: Span,
    /// Source, step or sink.
    pub role: StepRole,
    /// What happens there.
    pub note: String,
}

/// A flow from a source to a sink, by file path.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Discovery {
    /// The rule index.
    pub rule: usize,
    /// The file of the sink.
    pub file: String,
    /// The sink.
    pub sink: Span,
    /// The file and function index whose evaluation found it.
    pub found_by: (String, u32),
    /// The path, source first, sink last.
    pub steps: Vec<PathStep>,
}

/// Taint a function wrote to a field or global, by path.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredWrite {
    key: String,
    src: bool,
    labels: u64,
    params: u32,
    writer: (String, u32),
    steps: Vec<PathStep>,
}

/// What a taint pass leaves for the next one (stored by the engine's cache).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TaintState {
    files: BTreeMap<String, FileFacts>,
    globals: Vec<(usize, Vec<StoredWrite>)>,
    found: Vec<Discovery>,
    /// Budget notes (`path: text`).
    notes: Vec<String>,
}

impl TaintState {
    /// Every discovery, sorted by rule, sink file, sink and finder: the same sink may appear
    /// once per function whose evaluation reached it.
    pub fn found(&self) -> &[Discovery] {
        &self.found
    }

    /// One discovery per rule and sink: the one of the first function by path.
    pub fn reported(&self) -> Vec<&Discovery> {
        let mut shown: Vec<&Discovery> = Vec::new();
        for f in &self.found {
            if shown
                .last()
                .is_some_and(|l| l.rule == f.rule && l.file == f.file && l.sink == f.sink)
            {
                continue;
            }
            shown.push(f);
        }
        shown
    }

    /// Notes about functions that exceeded their budget (`path: text`), sorted.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
}

/// What [`run`] did.
#[derive(Debug, Clone)]
pub struct Pass {
    /// The state for the next pass, with this pass's discoveries and notes.
    pub state: TaintState,
    /// Notes about functions that lowering truncated (`path: text`; not kept in the state).
    pub truncated: Vec<String>,
    /// How many files' functions were analysed for findings.
    pub analysed: u64,
    /// Function evaluations spent on generic summaries.
    pub generic_evaluations: u64,
}

fn facts_of(f: &TaintFile, hash: Option<&str>) -> FileFacts {
    let mut sigs: Vec<(String, usize, Option<String>, bool)> = f
        .funcs
        .funcs
        .iter()
        .skip(1)
        .map(|g| {
            let class = match (&g.class, &g.scope) {
                (None, None) => None,
                (c, s) => Some(format!(
                    "{}|{}",
                    c.as_deref().unwrap_or(""),
                    s.as_deref().unwrap_or("")
                )),
            };
            (g.name.clone(), g.params.len(), class, g.variadic)
        })
        .collect();
    sigs.sort();
    let mut consts: Vec<String> = f
        .funcs
        .consts
        .iter()
        .map(|(k, v)| format!("{k}={v:?}"))
        .collect();
    // What method resolution reads beside the signatures: the class hierarchy, the classes
    // of fields and which methods have no body. A change of them makes the pass a full one.
    consts.extend(
        f.funcs
            .classes
            .iter()
            .map(|(c, sups)| format!("class {c}: {}", sups.join(","))),
    );
    consts.extend(
        f.funcs
            .field_types
            .iter()
            .map(|(k, t)| format!("field {k}: {t}")),
    );
    consts.extend(
        f.funcs
            .funcs
            .iter()
            .skip(1)
            .filter(|g| matches!(g.stmt(g.body).kind, crate::ir::StmtKind::Nop))
            .map(|g| format!("bodiless {}.{}", g.class.as_deref().unwrap_or(""), g.name)),
    );
    consts.sort();
    FileFacts {
        hash: hash.map(str::to_string),
        sigs,
        consts: digest(&consts),
    }
}

fn digest(consts: &[String]) -> String {
    blake3::hash(consts.join("\n").as_bytes())
        .to_hex()
        .to_string()
}

/// The digest of a file without constants.
fn no_consts() -> String {
    digest(&[])
}

/// Which files a change can affect directly (before the callers are added), or `None` when
/// the pass must be a full one.
fn seeds(files: &[TaintFile], facts: &[FileFacts], prev: &TaintState) -> Option<Vec<bool>> {
    let now: HashMap<&str, &FileFacts> = files
        .iter()
        .zip(facts)
        .map(|(f, x)| (f.path.as_str(), x))
        .collect();
    let mut changed: HashSet<&str> = HashSet::new();
    let mut names: HashSet<String> = HashSet::new();
    let none = no_consts();
    for (path, new) in &now {
        let old = prev.files.get(*path);
        if new.hash.is_some() && old.is_some_and(|o| o.hash == new.hash) {
            continue;
        }
        changed.insert(path);
        match old {
            Some(o) if o.consts != new.consts => return None,
            Some(o) => {
                let a: HashSet<_> = o.sigs.iter().collect();
                let b: HashSet<_> = new.sigs.iter().collect();
                names.extend(a.symmetric_difference(&b).map(|s| s.0.clone()));
            }
            None if new.consts != none => return None,
            None => names.extend(new.sigs.iter().map(|s| s.0.clone())),
        }
    }
    for (path, old) in &prev.files {
        if !now.contains_key(path.as_str()) {
            if old.consts != none {
                return None;
            }
            changed.insert(path);
            names.extend(old.sigs.iter().map(|s| s.0.clone()));
        }
    }
    // Earlier discoveries whose path crosses a changed file.
    let mut crossing: HashSet<&str> = HashSet::new();
    for f in &prev.found {
        if changed.contains(f.file.as_str())
            || f.steps.iter().any(|s| changed.contains(s.file.as_str()))
        {
            crossing.insert(f.found_by.0.as_str());
        }
    }
    Some(
        files
            .iter()
            .map(|f| {
                changed.contains(f.path.as_str())
                    || crossing.contains(f.path.as_str())
                    || (!names.is_empty()
                        && f.funcs.funcs.iter().any(|g| {
                            g.exprs.iter().any(|e| {
                                // A call of the name, or the name passed as a callback.
                                matches!(&e.kind, ExprKind::Call { name, .. } | ExprKind::Path(name) if names.contains(name))
                            })
                        }))
            })
            .collect(),
    )
}

/// The fields and globals each rule's taint reaches, comparable across passes.
fn reached<'a, G>(
    globals: impl Iterator<Item = (usize, G)>,
) -> BTreeSet<(usize, &'a str, bool, u64, u32)>
where
    G: Iterator<Item = (&'a str, bool, u64, u32)>,
{
    globals
        .flat_map(|(r, gs)| gs.map(move |(k, s, l, p)| (r, k, s, l, p)))
        .collect()
}

/// Converts between the analysis's steps (by file index) and stored ones (by path).
struct Paths<'a> {
    files: &'a [TaintFile],
    index: HashMap<&'a str, u32>,
}

impl<'a> Paths<'a> {
    fn new(files: &'a [TaintFile]) -> Self {
        let index = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i as u32))
            .collect();
        Paths { files, index }
    }

    fn path(&self, file: u32) -> String {
        self.files[file as usize].path.clone()
    }

    fn stored(&self, s: Step) -> PathStep {
        PathStep {
            file: self.path(s.file),
            span: s.span,
            role: s.role,
            note: s.note,
        }
    }

    fn step(&self, s: &PathStep) -> Option<Step> {
        Some(Step {
            file: *self.index.get(s.file.as_str())?,
            span: s.span,
            role: s.role,
            note: s.note.clone(),
        })
    }

    /// The last pass's writes to fields and globals, for the writers that are not analysed
    /// (writers or steps in files that are gone are dropped).
    fn prior(&self, prev: &TaintState) -> HashMap<usize, Vec<GlobalWrite>> {
        prev.globals
            .iter()
            .map(|(rule, gs)| {
                let writes = gs
                    .iter()
                    .filter_map(|g| {
                        Some(GlobalWrite {
                            key: g.key.clone(),
                            src: g.src,
                            labels: g.labels,
                            params: g.params,
                            writer: (*self.index.get(g.writer.0.as_str())?, g.writer.1),
                            steps: g
                                .steps
                                .iter()
                                .map(|s| self.step(s))
                                .collect::<Option<Vec<_>>>()?,
                        })
                    })
                    .collect();
                (*rule, writes)
            })
            .collect()
    }

    fn stored_globals(
        &self,
        globals: Vec<(usize, Vec<GlobalWrite>)>,
    ) -> Vec<(usize, Vec<StoredWrite>)> {
        globals
            .into_iter()
            .map(|(rule, gs)| {
                let raw = gs
                    .into_iter()
                    .map(|g| StoredWrite {
                        key: g.key,
                        src: g.src,
                        labels: g.labels,
                        params: g.params,
                        writer: (self.path(g.writer.0), g.writer.1),
                        steps: g.steps.into_iter().map(|s| self.stored(s)).collect(),
                    })
                    .collect();
                (rule, raw)
            })
            .collect()
    }
}

/// Whether the fields and globals some rule's taint reaches differ between `a` and `prev`.
fn reach_changed(a: &Analysis, prev: &TaintState) -> bool {
    reached(a.globals.iter().map(|(r, gs)| {
        (
            *r,
            gs.iter()
                .map(|g| (g.key.as_str(), g.src, g.labels, g.params)),
        )
    })) != reached(prev.globals.iter().map(|(r, gs)| {
        (
            *r,
            gs.iter()
                .map(|g| (g.key.as_str(), g.src, g.labels, g.params)),
        )
    }))
}

/// Runs the taint rules `rules` over `files` (with their content hashes, `None` for a file
/// not hashed), incrementally from `prev` when given; see the module documentation for what
/// is re-analysed and why the result equals a full pass's.
pub fn run(
    files: &[TaintFile],
    hashes: &[Option<&str>],
    rules: &[usize],
    prev: Option<&TaintState>,
    scope: Scope,
) -> Pass {
    let facts: Vec<FileFacts> = files
        .iter()
        .zip(hashes)
        .map(|(f, h)| facts_of(f, *h))
        .collect();
    let mut state = TaintState {
        files: files
            .iter()
            .zip(&facts)
            .map(|(f, x)| (f.path.clone(), x.clone()))
            .collect(),
        ..TaintState::default()
    };
    if rules.is_empty() || files.is_empty() {
        return Pass {
            state,
            truncated: Vec::new(),
            analysed: 0,
            generic_evaluations: 0,
        };
    }
    let seeds = prev.and_then(|p| seeds(files, &facts, p));
    let paths = Paths::new(files);
    let prior = match (prev, &seeds) {
        (Some(p), Some(_)) => paths.prior(p),
        _ => HashMap::new(),
    };
    let mut a = analyze_partial(files, rules, scope, seeds.as_deref(), &prior);
    if let Some(p) = prev
        && seeds.is_some()
        && reach_changed(&a, p)
    {
        // The fields and globals some rule's taint reaches changed: their readers anywhere
        // may change, so this pass is a full one.
        let spent = a.generic_evaluations;
        a = analyze_partial(files, rules, scope, None, &HashMap::new());
        a.generic_evaluations += spent;
    }
    let partial = a.affected.iter().any(|x| !x);
    let affected: HashSet<&str> = files
        .iter()
        .zip(&a.affected)
        .filter(|(_, x)| **x)
        .map(|(f, _)| f.path.as_str())
        .collect();
    let present: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found: Vec<Discovery> = a
        .findings
        .into_iter()
        .map(|t| Discovery {
            rule: t.rule,
            file: paths.path(t.file),
            sink: t.sink,
            found_by: (paths.path(t.found_by.0), t.found_by.1),
            steps: t.steps.into_iter().map(|s| paths.stored(s)).collect(),
        })
        .collect();
    let mut notes = a.notes;
    if partial && let Some(p) = prev {
        // The files not analysed keep their discoveries and notes.
        let kept = |path: &str| present.contains(path) && !affected.contains(path);
        found.extend(p.found.iter().filter(|f| kept(&f.found_by.0)).cloned());
        notes.extend(
            p.notes
                .iter()
                .filter(|n| kept(n.split_once(": ").map_or("", |(p, _)| p)))
                .cloned(),
        );
    }
    notes.sort();
    notes.dedup();
    found.sort_by(|x, y| {
        (x.rule, &x.file, x.sink, &x.found_by).cmp(&(y.rule, &y.file, y.sink, &y.found_by))
    });
    state.globals = paths.stored_globals(a.globals);
    state.found = found;
    state.notes = notes;
    Pass {
        state,
        truncated: a.truncated,
        analysed: affected.len() as u64,
        generic_evaluations: a.generic_evaluations,
    }
}
