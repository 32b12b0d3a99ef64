//! Twin findings: several rules reporting the same weakness on the same line (a pattern rule
//! and a taint rule for one SQL injection, an old pattern rule and a path rule for one double
//! free) are one problem for the reader. They are merged into the finding that says most (the
//! highest severity, then the highest confidence, then one with a dataflow path), which names
//! the others in `also_reported_by`. Findings of different weaknesses (their first CWEs differ,
//! or a rule has none) are never merged, nor are a user's own rules (a team that gates on its
//! rule ids keeps seeing them): only the built-in packs' overlaps are merged.

use std::collections::{HashMap, HashSet};

use ferret_core::Finding;

/// Merges twins in `findings` (sorted by path and offset) and returns how many were merged
/// away. The order of the kept findings is unchanged.
pub(crate) fn merge_twins(findings: &mut Vec<Finding>, mergeable: &HashSet<&str>) -> u64 {
    // (path, line, first CWE) -> index of the finding kept for it.
    let mut kept: HashMap<(String, u32, u32), usize> = HashMap::new();
    let mut drop = vec![false; findings.len()];
    for i in 0..findings.len() {
        if !mergeable.contains(findings[i].rule_id.as_str()) {
            continue;
        }
        let Some(cwe) = findings[i].cwe.first().map(|c| c.0) else {
            continue;
        };
        let key = (
            findings[i].location.path.clone(),
            findings[i].location.start.line,
            cwe,
        );
        let Some(&j) = kept.get(&key) else {
            kept.insert(key, i);
            continue;
        };
        if findings[j].rule_id == findings[i].rule_id {
            // The same rule twice on a line (two calls) stays two findings.
            continue;
        }
        let (winner, loser) = if outranks(&findings[i], &findings[j]) {
            (i, j)
        } else {
            (j, i)
        };
        let loser_id = findings[loser].rule_id.clone();
        let mut also = std::mem::take(&mut findings[loser].also_reported_by);
        also.push(loser_id);
        let w = &mut findings[winner];
        for id in also {
            if id != w.rule_id && !w.also_reported_by.contains(&id) {
                w.also_reported_by.push(id);
            }
        }
        w.also_reported_by.sort();
        drop[loser] = true;
        kept.insert(key, winner);
    }
    let merged = drop.iter().filter(|d| **d).count() as u64;
    let mut i = 0;
    findings.retain(|_| {
        let keep = !drop[i];
        i += 1;
        keep
    });
    merged
}

/// Whether `a` says more than `b`: higher severity, then higher confidence, then a dataflow
/// path, then the smaller rule id (so the choice does not depend on order).
fn outranks(a: &Finding, b: &Finding) -> bool {
    let rank = |f: &Finding| {
        (
            f.severity,
            f.confidence,
            !f.dataflow.is_empty(),
            std::cmp::Reverse(f.rule_id.clone()),
        )
    };
    rank(a) > rank(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferret_core::{Confidence, Cwe, FindingLocation, Position, Severity};

    fn finding(rule: &str, line: u32, cwe: u32, sev: Severity, conf: Confidence) -> Finding {
        let pos = Position {
            line,
            col: 1,
            col_utf16: 1,
            offset: line as usize * 10,
        };
        Finding {
            rule_id: rule.to_string(),
            message: String::new(),
            severity: sev,
            confidence: conf,
            cwe: vec![Cwe(cwe)],
            language: "python".into(),
            location: FindingLocation {
                path: "a.py".into(),
                start: pos,
                end: pos,
            },
            snippet: String::new(),
            fingerprint: format!("{rule}{line}"),
            metavars: Vec::new(),
            dataflow: Vec::new(),
            fix: None,
            triage: None,
            also_reported_by: Vec::new(),
            redact: Vec::new(),
        }
    }

    fn all<'a>(ids: &[&'a str]) -> HashSet<&'a str> {
        ids.iter().copied().collect()
    }

    #[test]
    fn a_rule_outside_the_built_in_packs_is_never_merged() {
        let mut v = vec![
            finding("mine.sql", 3, 89, Severity::Medium, Confidence::Medium),
            finding("p.sql-taint", 3, 89, Severity::High, Confidence::High),
        ];
        assert_eq!(merge_twins(&mut v, &all(&["p.sql-taint"])), 0);
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn same_line_same_cwe_keeps_the_strongest_and_names_the_others() {
        let mut v = vec![
            finding("p.sql-concat", 3, 89, Severity::Medium, Confidence::Medium),
            finding("p.sql-taint", 3, 89, Severity::High, Confidence::High),
            finding("p.sql-format", 3, 89, Severity::Medium, Confidence::Low),
        ];
        assert_eq!(
            merge_twins(
                &mut v,
                &all(&["p.sql-concat", "p.sql-taint", "p.sql-format"])
            ),
            2
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].rule_id, "p.sql-taint");
        assert_eq!(v[0].also_reported_by, ["p.sql-concat", "p.sql-format"]);
    }

    #[test]
    fn different_weaknesses_lines_or_the_same_rule_are_kept() {
        let mut v = vec![
            finding("p.sql", 3, 89, Severity::High, Confidence::High),
            finding("p.cmd", 3, 78, Severity::High, Confidence::High),
            finding("p.sql2", 4, 89, Severity::High, Confidence::High),
            finding("p.sql2", 4, 89, Severity::High, Confidence::High),
        ];
        assert_eq!(merge_twins(&mut v, &all(&["p.sql", "p.cmd", "p.sql2"])), 0);
        assert_eq!(v.len(), 4);
    }
}
