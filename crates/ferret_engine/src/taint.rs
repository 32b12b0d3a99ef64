//! The project-wide taint pass: runs after every file was scanned, over the files' flow IR.

use std::collections::HashMap;

use ferret_core::{
    DataflowStep, FileIssue, Finding, FindingLocation, LineIndex, SkipReason, fingerprint,
};
use ferret_rules::RuleMode;
use ferret_taint::{Scope, TaintFile, analyze};

use crate::file::Prepared;
use crate::suppress::Suppressions;

struct Source {
    bytes: Vec<u8>,
    index: LineIndex,
}

/// Findings of every taint rule over `files`, plus budget notes and the number suppressed.
pub fn finish_taint(
    prep: &Prepared,
    files: &[TaintFile],
    scope: Scope,
    report: &(dyn Fn(&str) -> bool + Sync),
) -> (Vec<Finding>, Vec<FileIssue>, u64) {
    let rule_ids: Vec<usize> = prep
        .ruleset
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.mode, RuleMode::Taint(_)))
        .map(|(i, _)| i)
        .collect();
    if rule_ids.is_empty() || files.is_empty() {
        return (Vec::new(), Vec::new(), 0);
    }
    let (found, notes) = analyze(files, &rule_ids, scope);
    let mut sources: HashMap<u32, Option<Source>> = HashMap::new();
    let mut load = |i: u32| -> bool {
        sources
            .entry(i)
            .or_insert_with(|| {
                let bytes = std::fs::read(&files[i as usize].path).ok()?;
                let index = LineIndex::new(&bytes);
                Some(Source { bytes, index })
            })
            .is_some()
    };
    for f in &found {
        load(f.file);
        for s in &f.steps {
            load(s.file);
        }
    }
    let mut out = Vec::new();
    let mut suppressed = 0;
    let mut occurrences: HashMap<(usize, u32, String), usize> = HashMap::new();
    for tf in found {
        // Findings are reported by the shard that owns their sink's file.
        if !report(&files[tf.file as usize].path) {
            continue;
        }
        let Some(Some(src)) = sources.get(&tf.file) else {
            continue;
        };
        let rule = &prep.ruleset.rules[tf.rule];
        let file = &files[tf.file as usize];
        let text = String::from_utf8_lossy(&src.bytes);
        let start = src.index.position(&src.bytes, tf.sink.start);
        let end = src.index.position(&src.bytes, tf.sink.end);
        if Suppressions::new(&text, Some(file.lang)).suppresses(start.line as usize, &rule.info.id)
        {
            suppressed += 1;
            continue;
        }
        let (s0, e0) = src.index.line_span(&src.bytes, start.line as usize - 1);
        let snippet = text[s0..e0].to_string();
        let matched = text[tf.sink.start..tf.sink.end].to_string();
        let key = (
            tf.rule,
            tf.file,
            matched.split_whitespace().collect::<Vec<_>>().join(" "),
        );
        let occ = occurrences.entry(key).or_insert(0);
        let dataflow = tf
            .steps
            .iter()
            .filter_map(|s| {
                let Some(Some(ss)) = sources.get(&s.file) else {
                    return None;
                };
                let st = ss.index.position(&ss.bytes, s.span.start);
                let en = ss.index.position(&ss.bytes, s.span.end);
                let (l0, l1) = ss.index.line_span(&ss.bytes, st.line as usize - 1);
                Some(DataflowStep {
                    role: s.role,
                    location: FindingLocation {
                        path: files[s.file as usize].path.clone(),
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
            language: file.lang.name().to_string(),
            location: FindingLocation {
                path: file.path.clone(),
                start,
                end,
            },
            snippet,
            fingerprint: fingerprint(&rule.info.id, &file.path, &matched, *occ),
            metavars: Vec::new(),
            dataflow,
            fix: None,
            triage: None,
            redact: Vec::new(),
        });
        *occ += 1;
    }
    let issues = notes
        .into_iter()
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
    (out, issues, suppressed)
}
