//! The project-wide taint pass: runs after every file was scanned, over the files' flow IR.
//!
//! A pass can be incremental: given the state the last pass left (every file's content hash,
//! the functions it defines, its constants, the fields and globals each rule's taint reached,
//! and every discovery with the function that made it), only the files a change can affect are
//! analysed again: the changed files, the files that call a name whose definitions changed,
//! the files with an earlier discovery whose path crosses a changed file, and, transitively,
//! every file calling into one of those. The other files' discoveries are taken from the state.
//! A change of constants, or of the fields and globals some rule's taint reaches, makes the
//! pass a full one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use ferret_core::{
    DataflowStep, FileIssue, Finding, FindingLocation, LineIndex, SkipReason, Span, StepRole,
    fingerprint,
};
use ferret_rules::RuleMode;
use ferret_taint::ir::ExprKind;
use ferret_taint::{GlobalWrite, Scope, Step, TaintFile, analyze_partial};
use serde::{Deserialize, Serialize};

use crate::file::Prepared;
use crate::suppress::Suppressions;

/// One file as the last pass saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FileFacts {
    /// BLAKE3 of its content (`None`: not hashed, so always treated as changed).
    hash: Option<String>,
    /// The functions it defines: name, parameter count, class and namespace, variadic (what
    /// call resolution looks at).
    sigs: Vec<(String, usize, Option<String>, bool)>,
    /// A digest of its constants.
    consts: String,
}

/// One step of a stored discovery.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawStep {
    file: String,
    span: Span,
    role: StepRole,
    note: String,
}

/// A discovery, by path.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawFinding {
    rule: usize,
    file: String,
    sink: Span,
    /// The file and function index whose evaluation found it.
    found_by: (String, u32),
    steps: Vec<RawStep>,
}

/// Taint a function wrote to a field or global, by path.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawGlobal {
    key: String,
    src: bool,
    params: u32,
    writer: (String, u32),
    steps: Vec<RawStep>,
}

/// What a taint pass leaves for the next one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct TaintState {
    files: BTreeMap<String, FileFacts>,
    globals: Vec<(usize, Vec<RawGlobal>)>,
    found: Vec<RawFinding>,
    /// Budget notes (`path: text`).
    notes: Vec<String>,
}

/// The result of a taint pass.
pub(crate) struct TaintRun {
    pub(crate) findings: Vec<Finding>,
    pub(crate) issues: Vec<FileIssue>,
    pub(crate) suppressed: u64,
    /// Files whose functions were analysed for findings.
    pub(crate) analysed: u64,
    pub(crate) state: TaintState,
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
                                matches!(&e.kind, ExprKind::Call { name, .. } if names.contains(name))
                            })
                        }))
            })
            .collect(),
    )
}

/// The fields and globals each rule's taint reaches, comparable across passes.
fn reached<'a, G>(
    globals: impl Iterator<Item = (usize, G)>,
) -> BTreeSet<(usize, &'a str, bool, u32)>
where
    G: Iterator<Item = (&'a str, bool, u32)>,
{
    globals
        .flat_map(|(r, gs)| gs.map(move |(k, s, p)| (r, k, s, p)))
        .collect()
}

/// Runs the taint pass over `files` (with their content hashes), incrementally from `prev`
/// when given, and renders the findings that `report` accepts (by sink path).
pub(crate) fn taint_pass(
    prep: &Prepared,
    files: &[TaintFile],
    hashes: &[Option<&str>],
    prev: Option<&TaintState>,
    scope: Scope,
    report: &(dyn Fn(&str) -> bool + Sync),
) -> TaintRun {
    let rule_ids: Vec<usize> = prep
        .ruleset
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.mode, RuleMode::Taint(_)))
        .map(|(i, _)| i)
        .collect();
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
    if rule_ids.is_empty() || files.is_empty() {
        return TaintRun {
            findings: Vec::new(),
            issues: Vec::new(),
            suppressed: 0,
            analysed: 0,
            state,
        };
    }
    let seeds = prev.and_then(|p| seeds(files, &facts, p));
    let index: HashMap<&str, u32> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i as u32))
        .collect();
    let step_of = |s: &RawStep| -> Option<Step> {
        Some(Step {
            file: *index.get(s.file.as_str())?,
            span: s.span,
            role: s.role,
            note: s.note.clone(),
        })
    };
    let raw_step = |s: Step| RawStep {
        file: files[s.file as usize].path.clone(),
        span: s.span,
        role: s.role,
        note: s.note,
    };
    // The last pass's writes to fields and globals, for the writers that are not analysed.
    let prior: HashMap<usize, Vec<GlobalWrite>> = match (prev, &seeds) {
        (Some(p), Some(_)) => p
            .globals
            .iter()
            .map(|(rule, gs)| {
                let writes = gs
                    .iter()
                    .filter_map(|g| {
                        Some(GlobalWrite {
                            key: g.key.clone(),
                            src: g.src,
                            params: g.params,
                            writer: (*index.get(g.writer.0.as_str())?, g.writer.1),
                            steps: g.steps.iter().map(step_of).collect::<Option<Vec<_>>>()?,
                        })
                    })
                    .collect();
                (*rule, writes)
            })
            .collect(),
        _ => HashMap::new(),
    };
    let mut a = analyze_partial(files, &rule_ids, scope, seeds.as_deref(), &prior);
    if let Some(p) = prev
        && seeds.is_some()
        && reached(
            a.globals
                .iter()
                .map(|(r, gs)| (*r, gs.iter().map(|g| (g.key.as_str(), g.src, g.params)))),
        ) != reached(
            p.globals
                .iter()
                .map(|(r, gs)| (*r, gs.iter().map(|g| (g.key.as_str(), g.src, g.params)))),
        )
    {
        // The fields and globals some rule's taint reaches changed: their readers anywhere
        // may change, so this pass is a full one.
        a = analyze_partial(files, &rule_ids, scope, None, &HashMap::new());
    }
    let partial = a.affected.iter().any(|x| !x);
    let affected: HashSet<&str> = files
        .iter()
        .zip(&a.affected)
        .filter(|(_, x)| **x)
        .map(|(f, _)| f.path.as_str())
        .collect();
    let present: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found: Vec<RawFinding> = a
        .findings
        .into_iter()
        .map(|t| RawFinding {
            rule: t.rule,
            file: files[t.file as usize].path.clone(),
            sink: t.sink,
            found_by: (files[t.found_by.0 as usize].path.clone(), t.found_by.1),
            steps: t.steps.into_iter().map(raw_step).collect(),
        })
        .collect();
    let mut notes = a.notes;
    if partial && let Some(p) = prev {
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
    state.globals = a
        .globals
        .into_iter()
        .map(|(rule, gs)| {
            let raw = gs
                .into_iter()
                .map(|g| RawGlobal {
                    key: g.key,
                    src: g.src,
                    params: g.params,
                    writer: (files[g.writer.0 as usize].path.clone(), g.writer.1),
                    steps: g.steps.into_iter().map(raw_step).collect(),
                })
                .collect();
            (rule, raw)
        })
        .collect();
    // One finding per rule and sink: the discovery of the first function by path.
    let mut shown: Vec<&RawFinding> = Vec::new();
    for f in &found {
        if shown
            .last()
            .is_some_and(|l| l.rule == f.rule && l.file == f.file && l.sink == f.sink)
        {
            continue;
        }
        shown.push(f);
    }
    let langs: HashMap<&str, ferret_lang::Language> =
        files.iter().map(|f| (f.path.as_str(), f.lang)).collect();
    let (findings, suppressed) = render(prep, &shown, &langs, report);
    let issues = notes
        .iter()
        .chain(&a.truncated)
        .map(|n| {
            let (path, detail) = n.split_once(": ").unwrap_or(("", n.as_str()));
            FileIssue {
                path: path.to_string(),
                reason: SkipReason::MatchBudget,
                detail: detail.to_string(),
            }
        })
        .filter(|i| report(&i.path))
        .collect();
    state.found = found;
    state.notes = notes;
    TaintRun {
        findings,
        issues,
        suppressed,
        analysed: affected.len() as u64,
        state,
    }
}

/// Findings of every taint rule over `files` (a full pass, no cache), plus budget notes and
/// the number suppressed.
pub fn finish_taint(
    prep: &Prepared,
    files: &[TaintFile],
    scope: Scope,
    report: &(dyn Fn(&str) -> bool + Sync),
) -> (Vec<Finding>, Vec<FileIssue>, u64) {
    let hashes = vec![None; files.len()];
    let run = taint_pass(prep, files, &hashes, None, scope, report);
    (run.findings, run.issues, run.suppressed)
}

struct Source {
    bytes: Vec<u8>,
    index: LineIndex,
}

/// Renders discoveries (one per rule and sink) as findings, applying inline suppressions.
fn render(
    prep: &Prepared,
    found: &[&RawFinding],
    langs: &HashMap<&str, ferret_lang::Language>,
    report: &(dyn Fn(&str) -> bool + Sync),
) -> (Vec<Finding>, u64) {
    let mut sources: HashMap<&str, Option<Source>> = HashMap::new();
    let mut out = Vec::new();
    let mut suppressed = 0;
    let mut occurrences: HashMap<(usize, &str, String), usize> = HashMap::new();
    for tf in found {
        // Findings are reported by the shard that owns their sink's file.
        if !report(&tf.file) {
            continue;
        }
        for p in std::iter::once(tf.file.as_str()).chain(tf.steps.iter().map(|s| s.file.as_str())) {
            sources.entry(p).or_insert_with(|| {
                let bytes = std::fs::read(p).ok()?;
                let index = LineIndex::new(&bytes);
                Some(Source { bytes, index })
            });
        }
        let Some(Some(src)) = sources.get(tf.file.as_str()) else {
            continue;
        };
        let Some(lang) = langs.get(tf.file.as_str()).copied() else {
            continue;
        };
        if tf.sink.end > src.bytes.len() {
            continue;
        }
        let rule = &prep.ruleset.rules[tf.rule];
        let text = String::from_utf8_lossy(&src.bytes);
        let start = src.index.position(&src.bytes, tf.sink.start);
        let end = src.index.position(&src.bytes, tf.sink.end);
        if Suppressions::new(&text, Some(lang)).suppresses(start.line as usize, &rule.info.id) {
            suppressed += 1;
            continue;
        }
        let (s0, e0) = src.index.line_span(&src.bytes, start.line as usize - 1);
        let snippet = text[s0..e0].to_string();
        let matched = text[tf.sink.start..tf.sink.end].to_string();
        let key = (
            tf.rule,
            tf.file.as_str(),
            matched.split_whitespace().collect::<Vec<_>>().join(" "),
        );
        let occ = occurrences.entry(key).or_insert(0);
        let dataflow = tf
            .steps
            .iter()
            .filter_map(|s| {
                let Some(Some(ss)) = sources.get(s.file.as_str()) else {
                    return None;
                };
                if s.span.end > ss.bytes.len() {
                    return None;
                }
                let st = ss.index.position(&ss.bytes, s.span.start);
                let en = ss.index.position(&ss.bytes, s.span.end);
                let (l0, l1) = ss.index.line_span(&ss.bytes, st.line as usize - 1);
                Some(DataflowStep {
                    role: s.role,
                    location: FindingLocation {
                        path: s.file.clone(),
                        start: st,
                        end: en,
                    },
                    text: String::from_utf8_lossy(&ss.bytes[l0..l1])
                        .trim()
                        .to_string(),
                    note: s.note.clone(),
                })
            })
            .collect();
        out.push(Finding {
            rule_id: rule.info.id.clone(),
            message: rule.message.trim().to_string(),
            severity: rule.info.severity,
            confidence: rule.info.confidence,
            cwe: rule.info.cwe.clone(),
            language: lang.name().to_string(),
            location: FindingLocation {
                path: tf.file.clone(),
                start,
                end,
            },
            snippet,
            fingerprint: fingerprint(&rule.info.id, &tf.file, &matched, *occ),
            metavars: Vec::new(),
            dataflow,
            fix: None,
            triage: None,
            redact: Vec::new(),
        });
        *occ += 1;
    }
    (out, suppressed)
}
