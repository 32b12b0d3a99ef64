//! The project-wide taint pass: runs after every file was scanned, over the files' flow IR,
//! and renders its discoveries as findings (inline suppressions, fingerprints, dataflow steps).
//!
//! What a pass re-analyses after a change, and the state it leaves for the next one, are
//! planned in `ferret_taint::incremental` (with the contract that keeps an incremental pass
//! equal to a full one); the engine only stores that state in its cache and passes it back.

use std::collections::HashMap;

use ferret_core::{
    DataflowStep, FileIssue, Finding, FindingLocation, LineIndex, MetavarBinding, SkipReason, Span,
    StepRole, fingerprint,
};
use ferret_rules::RuleMode;
use ferret_taint::incremental::{self, Discovery, TaintState};
use ferret_taint::{Bound, Scope, TaintFile};

use crate::file::Prepared;
use crate::suppress::Suppressions;

/// The result of a taint pass.
pub(crate) struct TaintRun {
    pub(crate) findings: Vec<Finding>,
    pub(crate) issues: Vec<FileIssue>,
    pub(crate) suppressed: u64,
    /// Files whose functions were analysed for findings.
    pub(crate) analysed: u64,
    /// Function evaluations spent on generic summaries.
    pub(crate) generic_evaluations: u64,
    pub(crate) state: TaintState,
}

/// The text of a scanned file by its display path, for rendering findings: from disk for a
/// scan of a tree, from memory for [`crate::scan_sources`].
pub(crate) type ReadSource<'a> = &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync);

/// Reads a file of a scanned tree (its display path is a path on disk).
pub(crate) fn read_from_disk(path: &str) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// A file's flow IR for the project pass: full, or a stub with the full IR encoded.
pub(crate) type Held = (TaintFile, Option<Vec<u8>>);

/// The indices of the taint rules.
fn taint_rules(prep: &Prepared) -> Vec<usize> {
    prep.ruleset
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.mode, RuleMode::Taint(_)))
        .map(|(i, _)| i)
        .collect()
}

/// The files for the pass: the full IR of every file the pass can read
/// (`ferret_taint::needed_files`), decoded; stubs for the others, which give the same results.
/// Also returns how many files have their full IR (decoded, or never held as a stub) and in
/// how many a taint rule matched.
pub(crate) fn restore(
    prep: &Prepared,
    held: Vec<Held>,
    scope: Scope,
) -> (Vec<TaintFile>, u64, u64) {
    use rayon::prelude::*;
    let (mut files, full): (Vec<TaintFile>, Vec<Option<Vec<u8>>>) = held.into_iter().unzip();
    let needed = ferret_taint::needed_files(&files, &taint_rules(prep), scope);
    let stubs_kept = full
        .iter()
        .zip(&needed)
        .filter(|(bytes, needed)| bytes.is_some() && !**needed)
        .count();
    let decoded = (files.len() - stubs_kept) as u64;
    let matched = files.iter().filter(|f| f.spotted()).count() as u64;
    let work: Vec<(&mut TaintFile, Vec<u8>)> = files
        .iter_mut()
        .zip(full)
        .zip(needed)
        .filter_map(|((f, bytes), needed)| Some((f, bytes.filter(|_| needed)?)))
        .collect();
    work.into_par_iter().for_each(|(f, bytes)| {
        *f = postcard::from_bytes(&bytes).expect("a flow IR decodes as it was encoded");
    });
    (files, decoded, matched)
}

/// Runs the taint pass over `files` (with their content hashes), incrementally from `prev`
/// when given, and renders the findings that `report` accepts (by sink path), reading the
/// files' text with `read`.
pub(crate) fn taint_pass(
    prep: &Prepared,
    files: &[TaintFile],
    hashes: &[Option<&str>],
    prev: Option<&TaintState>,
    scope: Scope,
    report: &(dyn Fn(&str) -> bool + Sync),
    read: ReadSource<'_>,
) -> TaintRun {
    let rule_ids = taint_rules(prep);
    let pass = incremental::run(files, hashes, &rule_ids, prev, scope);
    let langs: HashMap<&str, ferret_lang::Language> =
        files.iter().map(|f| (f.path.as_str(), f.lang)).collect();
    let bound: Bindings<'_> = files
        .iter()
        .flat_map(|f| {
            f.rules
                .iter()
                .filter(|(_, s)| !s.bound.is_empty())
                .map(move |(r, s)| ((f.path.as_str(), *r), s.bound.as_slice()))
        })
        .collect();
    let (findings, suppressed) = render(prep, &pass.state.reported(), &langs, &bound, report, read);
    let issues = pass
        .state
        .notes()
        .iter()
        .chain(&pass.truncated)
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
    TaintRun {
        findings,
        issues,
        suppressed,
        analysed: pass.analysed,
        generic_evaluations: pass.generic_evaluations,
        state: pass.state,
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
    let run = taint_pass(prep, files, &hashes, None, scope, report, &read_from_disk);
    (run.findings, run.issues, run.suppressed)
}

struct Source {
    bytes: Vec<u8>,
    index: LineIndex,
}

/// The metavariables that source and sink matches bound, per file and rule.
type Bindings<'a> = HashMap<(&'a str, usize), &'a [Bound]>;

/// The metavariables a finding's message can name, as Semgrep fills them: every one the sink's
/// match bound, then those of the source's match whose names the sink did not bind.
fn message_vars(
    tf: &Discovery,
    bound: &Bindings<'_>,
    sources: &HashMap<&str, Option<Source>>,
) -> Vec<(String, String, FindingLocation)> {
    let text = |file: &str, sp: Span| -> Option<(String, FindingLocation)> {
        let src = sources.get(file)?.as_ref()?;
        let t = src.bytes.get(sp.start..sp.end)?;
        let t = String::from_utf8_lossy(t);
        let loc = FindingLocation {
            path: file.to_string(),
            start: src.index.position(&src.bytes, sp.start),
            end: src.index.position(&src.bytes, sp.end),
        };
        Some((t.split_whitespace().collect::<Vec<_>>().join(" "), loc))
    };
    let mut out: Vec<(String, String, FindingLocation)> = Vec::new();
    let sink = bound
        .get(&(tf.file.as_str(), tf.rule))
        .and_then(|b| b.iter().find(|b| b.sink && b.span == tf.sink));
    for (name, sp) in sink.map(|b| b.vars.as_slice()).unwrap_or_default() {
        if let Some((t, loc)) = text(&tf.file, *sp) {
            out.push((name.clone(), t, loc));
        }
    }
    let source = tf
        .steps
        .iter()
        .find(|s| s.role == StepRole::Source)
        .and_then(|s| {
            let b = bound.get(&(s.file.as_str(), tf.rule))?;
            // The source's own span, or a member path it starts (`req.query` in `req.query.x`).
            let m = b
                .iter()
                .filter(|b| !b.sink && b.span.start == s.span.start && b.span.end <= s.span.end)
                .max_by_key(|b| b.span.end)?;
            Some((s.file.as_str(), m))
        });
    if let Some((file, m)) = source {
        for (name, sp) in &m.vars {
            if out.iter().any(|(n, _, _)| n == name) {
                continue;
            }
            if let Some((t, loc)) = text(file, *sp) {
                out.push((name.clone(), t, loc));
            }
        }
    }
    out
}

/// Replaces `$NAME` in `template` by the bound text, longest names first.
fn fill(template: &str, vars: &[(String, String, FindingLocation)]) -> String {
    let mut names: Vec<&(String, String, FindingLocation)> = vars.iter().collect();
    names.sort_by_key(|(n, _, _)| std::cmp::Reverse(n.len()));
    let mut out = template.to_string();
    for (name, text, _) in names {
        out = out.replace(&format!("${name}"), text);
    }
    out
}

/// Renders discoveries (one per rule and sink) as findings, applying inline suppressions.
fn render(
    prep: &Prepared,
    found: &[&Discovery],
    langs: &HashMap<&str, ferret_lang::Language>,
    bound: &Bindings<'_>,
    report: &(dyn Fn(&str) -> bool + Sync),
    read: ReadSource<'_>,
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
                let bytes = read(p)?;
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
        let vars = if rule.message.contains('$') {
            message_vars(tf, bound, &sources)
        } else {
            Vec::new()
        };
        out.push(Finding {
            rule_id: rule.info.id.clone(),
            message: fill(rule.message.trim(), &vars),
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
            fix: crate::autofix::fix_text(rule, &matched, |name| {
                vars.iter()
                    .find(|(n, _, loc)| n == name && loc.path == tf.file)
                    .map(|(_, t, _)| t.as_str())
            }),
            metavars: vars
                .iter()
                .map(|(name, text, loc)| MetavarBinding {
                    name: format!("${name}"),
                    text: text.clone(),
                    start: loc.start,
                })
                .collect(),
            dataflow,
            triage: None,
            also_reported_by: Vec::new(),
            redact: Vec::new(),
        });
        *occ += 1;
    }
    (out, suppressed)
}
