//! Runs the C/C++ memory analysis (`ferret_cmem`) for the `mode: analysis` rules that select one
//! of its checks, and turns its defects into findings with the allocation and free events as the
//! dataflow trace.

use ferret_cmem::{Check, Defect, Dialect, Limits};
use ferret_core::{DataflowStep, Finding, FindingLocation, LineIndex, Span, StepRole, fingerprint};
use ferret_rules::{AnalysisSpec, LangPlan, Rule};
use tree_sitter::Node;

use crate::suppress::Suppressions;

/// The file being analysed.
pub(crate) struct FileText<'a> {
    pub bytes: &'a [u8],
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub display: &'a str,
    pub lang_name: &'a str,
}

/// Findings of the analysis rules of `plan` on one parsed file, and how many were suppressed.
pub(crate) fn findings(
    plan: &LangPlan,
    rules: &[Rule],
    root: Node<'_>,
    file: &FileText<'_>,
    suppressions: &Suppressions,
) -> (Vec<Finding>, u64) {
    let selected: Vec<(usize, Check)> = plan
        .analysis
        .iter()
        .filter(|(ri, _)| rules[*ri].paths.allows(file.display))
        .map(|(ri, spec)| match spec {
            AnalysisSpec::CMemory(c) => (*ri, *c),
        })
        .collect();
    if selected.is_empty() {
        return (Vec::new(), 0);
    }
    let checks: Vec<Check> = selected.iter().map(|(_, c)| *c).collect();
    let dialect = if file.lang_name == "cpp" {
        Dialect::Cpp
    } else {
        Dialect::C
    };
    let outcome =
        ferret_cmem::analyze_dialect(root, file.bytes, &checks, Limits::default(), dialect);
    let mut out = Vec::new();
    let mut suppressed = 0;
    let mut occurrences = std::collections::HashMap::new();
    for d in &outcome.defects {
        for (ri, _) in selected.iter().filter(|(_, c)| *c == d.check) {
            let rule = &rules[*ri];
            let start = file.index.position(file.bytes, d.span.start);
            if suppressions.suppresses(start.line as usize, &rule.info.id) {
                suppressed += 1;
                continue;
            }
            let matched = &file.text[d.span.start..d.span.end];
            let occ = occurrences
                .entry((*ri, matched.to_string()))
                .or_insert(0usize);
            out.push(finding(rule, d, file, *occ));
            *occ += 1;
        }
    }
    (out, suppressed)
}

fn location(file: &FileText<'_>, span: Span) -> FindingLocation {
    FindingLocation {
        path: file.display.to_string(),
        start: file.index.position(file.bytes, span.start),
        end: file.index.position(file.bytes, span.end),
    }
}

fn line_text(file: &FileText<'_>, at: usize) -> String {
    let pos = file.index.position(file.bytes, at);
    let (s, e) = file.index.line_span(file.bytes, pos.line as usize - 1);
    file.text[s..e.max(s)].trim_end().to_string()
}

fn finding(rule: &Rule, d: &Defect, file: &FileText<'_>, occurrence: usize) -> Finding {
    let matched = &file.text[d.span.start..d.span.end];
    let mut dataflow: Vec<DataflowStep> = d
        .trace
        .iter()
        .enumerate()
        .map(|(i, e)| DataflowStep {
            role: if i == 0 {
                StepRole::Source
            } else {
                StepRole::Step
            },
            location: location(file, e.span),
            text: line_text(file, e.span.start),
            note: e.note.clone(),
        })
        .collect();
    if !dataflow.is_empty() {
        dataflow.push(DataflowStep {
            role: StepRole::Sink,
            location: location(file, d.span),
            text: line_text(file, d.span.start),
            note: d.check.name().to_string(),
        });
    }
    Finding {
        rule_id: rule.info.id.clone(),
        message: format!("{}: {}", rule.message.trim(), d.message),
        severity: rule.info.severity,
        confidence: rule.info.confidence,
        cwe: rule.info.cwe.clone(),
        language: file.lang_name.to_string(),
        location: location(file, d.span),
        snippet: line_text(file, d.span.start),
        fingerprint: fingerprint(&rule.info.id, file.display, matched, occurrence),
        metavars: Vec::new(),
        dataflow,
        fix: None,
        also_reported_by: Vec::new(),
        redact: Vec::new(),
        triage: None,
    }
}
