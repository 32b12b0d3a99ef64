//! Runs the semantic analyses of `mode: analysis` rules: the C/C++ memory analysis
//! (`ferret_cmem`) and the JavaScript/TypeScript library analyses (`ferret_jsan`), and turns
//! their defects into findings with the analysis' events (allocations and frees, the walked
//! object, the call that applies a regex) as the dataflow trace.

use ferret_cmem::{Check, Dialect, Limits};
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
    let js = js_findings(plan, rules, root, file, suppressions);
    let selected: Vec<(usize, Check)> = select(plan, rules, file, |spec| match spec {
        AnalysisSpec::CMemory(c) => Some(*c),
        AnalysisSpec::JsLibrary(_) => None,
    });
    if selected.is_empty() {
        return js;
    }
    let checks: Vec<Check> = selected.iter().map(|(_, c)| *c).collect();
    let dialect = if file.lang_name == "cpp" {
        Dialect::Cpp
    } else {
        Dialect::C
    };
    let outcome =
        ferret_cmem::analyze_dialect(root, file.bytes, &checks, Limits::default(), dialect);
    let defects = outcome.defects.iter().flat_map(|d| {
        let trace = d.trace.iter().map(|e| (e.span, e.note.clone())).collect();
        let parts = Parts::new(d.span, &d.message, trace, d.check.name());
        per_rule(&selected, d.check, parts)
    });
    let (mut out, mut suppressed) = render(defects, rules, file, suppressions);
    out.extend(js.0);
    suppressed += js.1;
    (out, suppressed)
}

/// The analysis rules of the plan that apply to this file, with the check `pick` reads from
/// their spec.
fn select<C>(
    plan: &LangPlan,
    rules: &[Rule],
    file: &FileText<'_>,
    pick: impl Fn(&AnalysisSpec) -> Option<C>,
) -> Vec<(usize, C)> {
    plan.analysis
        .iter()
        .filter(|(ri, _)| rules[*ri].paths.allows(file.display))
        .filter_map(|(ri, spec)| pick(spec).map(|c| (*ri, c)))
        .collect()
}

/// The findings of the `js-library` rules on a JavaScript or TypeScript file.
fn js_findings(
    plan: &LangPlan,
    rules: &[Rule],
    root: Node<'_>,
    file: &FileText<'_>,
    suppressions: &Suppressions,
) -> (Vec<Finding>, u64) {
    let selected: Vec<(usize, ferret_jsan::Check)> = select(plan, rules, file, |spec| match spec {
        AnalysisSpec::JsLibrary(c) => Some(*c),
        AnalysisSpec::CMemory(_) => None,
    });
    if selected.is_empty() {
        return (Vec::new(), 0);
    }
    let checks: Vec<ferret_jsan::Check> = selected.iter().map(|(_, c)| *c).collect();
    let defects = ferret_jsan::analyze(root, file.bytes, &checks);
    let parts = defects.iter().flat_map(|d| {
        let trace = d.trace.iter().map(|e| (e.span, e.note.clone())).collect();
        let parts = Parts::new(d.span, &d.message, trace, d.check.name());
        per_rule(&selected, d.check, parts)
    });
    render(parts, rules, file, suppressions)
}

/// One defect of any analysis, as the finding needs it.
#[derive(Clone)]
struct Parts<'a> {
    span: Span,
    message: &'a str,
    trace: Vec<(Span, String)>,
    check: &'static str,
}

impl<'a> Parts<'a> {
    fn new(span: Span, message: &'a str, trace: Vec<(Span, String)>, check: &'static str) -> Self {
        Parts {
            span,
            message,
            trace,
            check,
        }
    }
}

/// The defect once for every selected rule of its check.
fn per_rule<'a, C: Copy + PartialEq + 'a>(
    selected: &'a [(usize, C)],
    check: C,
    parts: Parts<'a>,
) -> impl Iterator<Item = (usize, Parts<'a>)> + 'a {
    selected
        .iter()
        .filter(move |(_, c)| *c == check)
        .map(move |(ri, _)| (*ri, parts.clone()))
}

/// Findings of (rule index, defect) pairs, minus the suppressed ones (counted).
fn render<'a>(
    defects: impl Iterator<Item = (usize, Parts<'a>)>,
    rules: &[Rule],
    file: &FileText<'_>,
    suppressions: &Suppressions,
) -> (Vec<Finding>, u64) {
    let mut out = Vec::new();
    let mut suppressed = 0;
    let mut occurrences = std::collections::HashMap::new();
    for (ri, d) in defects {
        let rule = &rules[ri];
        let start = file.index.position(file.bytes, d.span.start);
        if suppressions.suppresses(start.line as usize, &rule.info.id) {
            suppressed += 1;
            continue;
        }
        let matched = &file.text[d.span.start..d.span.end];
        let occ = occurrences
            .entry((ri, matched.to_string()))
            .or_insert(0usize);
        out.push(finding(rule, &d, file, *occ));
        *occ += 1;
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

fn finding(rule: &Rule, d: &Parts<'_>, file: &FileText<'_>, occurrence: usize) -> Finding {
    let matched = &file.text[d.span.start..d.span.end];
    let mut dataflow: Vec<DataflowStep> = d
        .trace
        .iter()
        .enumerate()
        .map(|(i, (span, note))| DataflowStep {
            role: if i == 0 {
                StepRole::Source
            } else {
                StepRole::Step
            },
            location: location(file, *span),
            text: line_text(file, span.start),
            note: note.clone(),
        })
        .collect();
    if !dataflow.is_empty() {
        dataflow.push(DataflowStep {
            role: StepRole::Sink,
            location: location(file, d.span),
            text: line_text(file, d.span.start),
            note: d.check.to_string(),
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
