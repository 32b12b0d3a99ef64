//! Stage 1 (no model): rank findings and merge those with one root cause into one candidate.
//!
//! Two findings share a root cause when they are about the same primary CWE and the same sink
//! line, and, for dataflow findings, start from the same source line. Several rules flagging one
//! line, or one tainted value reported twice, cost one model call; the verdict goes to every
//! member.

use std::collections::BTreeMap;

use ferret_core::{Confidence, Finding, Severity, StepRole};

/// A group of findings with one root cause.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Indices into the findings, the lead first.
    pub members: Vec<usize>,
    /// Priority: higher is reviewed first.
    pub priority: f64,
    /// The root-cause key.
    pub root_cause: String,
}

impl Candidate {
    /// The lead finding's index.
    pub fn lead(&self) -> usize {
        self.members[0]
    }
}

fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 5.0,
        Severity::High => 4.0,
        Severity::Medium => 3.0,
        Severity::Low => 2.0,
        Severity::Info => 1.0,
    }
}

fn confidence_weight(c: Confidence) -> f64 {
    match c {
        Confidence::High => 1.0,
        Confidence::Medium => 0.7,
        Confidence::Low => 0.4,
    }
}

/// A finding's own priority: severity × rule confidence, with a bonus for a dataflow path
/// (the engine has shown attacker data reaching the sink).
pub fn finding_priority(f: &Finding) -> f64 {
    let flow = if f.dataflow.is_empty() { 1.0 } else { 1.25 };
    severity_weight(f.severity) * confidence_weight(f.confidence) * flow
}

/// The root-cause key of a finding.
pub fn root_cause(f: &Finding) -> String {
    let cwe = f
        .cwe
        .first()
        .map(|c| c.to_string())
        .unwrap_or_else(|| f.rule_id.clone());
    let source = f
        .dataflow
        .iter()
        .find(|s| s.role == StepRole::Source)
        .map(|s| format!("{}:{}", s.location.path, s.location.start.line))
        .unwrap_or_default();
    format!(
        "{cwe}|{}:{}|{source}",
        f.location.path, f.location.start.line
    )
}

/// Groups findings by root cause and orders the groups by priority (highest first; ties by
/// path, line and rule, so the order is deterministic).
pub fn rank(findings: &[Finding]) -> Vec<Candidate> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        groups.entry(root_cause(f)).or_default().push(i);
    }
    let mut out: Vec<Candidate> = groups
        .into_iter()
        .map(|(key, mut members)| {
            members.sort_by(|&a, &b| {
                finding_priority(&findings[b])
                    .total_cmp(&finding_priority(&findings[a]))
                    .then_with(|| findings[a].rule_id.cmp(&findings[b].rule_id))
            });
            let lead = &findings[members[0]];
            let priority = finding_priority(lead) * (1.0 + 0.1 * (members.len() - 1) as f64);
            Candidate {
                members,
                priority,
                root_cause: key,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let (fa, fb) = (&findings[a.lead()], &findings[b.lead()]);
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| fa.location.path.cmp(&fb.location.path))
            .then_with(|| fa.location.start.line.cmp(&fb.location.start.line))
            .then_with(|| fa.rule_id.cmp(&fb.rule_id))
    });
    out
}
