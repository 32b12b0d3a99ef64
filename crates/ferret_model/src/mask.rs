//! Masking of secrets in everything sent to a model: the values behind the scan's own secret
//! findings, plus well-known token formats and credential assignments found in the text.

use std::sync::LazyLock;

use ferret_core::Finding;
use regex::Regex;

/// What a masked secret is replaced by.
pub const MASK: &str = "[REDACTED]";

static TOKEN_FORMATS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
        r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
        r"|\bgh[pousr]_[A-Za-z0-9]{30,}\b",
        r"|\bgithub_pat_[A-Za-z0-9_]{40,}\b",
        r"|\bxox[abposr]-[A-Za-z0-9-]{10,}\b",
        r"|\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}\b",
        r"|\bAIza[0-9A-Za-z_-]{35}\b",
        r"|\bglpat-[A-Za-z0-9_-]{20,}\b",
        r"|\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b",
        r"|\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
    ))
    .expect("static regex")
});

/// `password = "..."` and friends: the quoted value is masked, the name kept.
static ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth)[A-Za-z0-9_]*["']?\s*(?::=|=>|[:=])\s*[@$]?)(["'`])([^"'`\s]{6,})(["'`])"#,
    )
    .expect("static regex")
});

static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["'`]([^"'`\n]{8,})["'`]"#).expect("static regex"));

/// A secret value as a finding shows it after redaction (`q8Zr****…`): its first characters
/// and its length, enough to find the real value in the source again.
static MASKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^*\s]{0,4})(\*{4,})$").expect("static regex"));

/// Masks secrets in text.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    known: Vec<String>,
    shapes: Vec<Regex>,
}

impl Masker {
    /// A masker that also knows the secret values the scan found. From a scan, they are the
    /// findings' own secret values ([`Finding::redact`]). From a report read back (SARIF), they
    /// are the quoted strings of findings whose rule is about secrets or hard-coded credentials
    /// (CWE-798, 259, 321, 547, or `secret` / `credential` in the id): a value Ferret masked
    /// (`q8Zr****`) is found again by its prefix and length, another tool's value literally.
    pub fn from_findings(findings: &[Finding]) -> Masker {
        let mut known: Vec<String> = Vec::new();
        let mut shapes: Vec<String> = Vec::new();
        for f in findings {
            known.extend(f.redact.iter().filter(|r| r.len() >= 6).cloned());
            let secretish = f.rule_id.contains("secret")
                || f.rule_id.contains("credential")
                || f.cwe.iter().any(|c| matches!(c.0, 798 | 259 | 321 | 547));
            if !secretish || !f.redact.is_empty() {
                continue;
            }
            let quoted = QUOTED
                .captures_iter(&f.snippet)
                .map(|c| c[1].to_string())
                .chain(f.metavars.iter().map(|m| {
                    m.text
                        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
                        .to_string()
                }));
            for v in quoted.filter(|v| v.len() >= 8) {
                match MASKED.captures(&v) {
                    Some(c) => shapes.push(format!(
                        r#"{}[^\s"'`]{{{}}}"#,
                        regex::escape(&c[1]),
                        c[2].len()
                    )),
                    None => known.push(v),
                }
            }
        }
        known.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        known.dedup();
        shapes.sort();
        shapes.dedup();
        Masker {
            known,
            shapes: shapes.iter().filter_map(|p| Regex::new(p).ok()).collect(),
        }
    }

    /// `text` with every secret replaced by [`MASK`].
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_string();
        for k in &self.known {
            if out.contains(k.as_str()) {
                out = out.replace(k.as_str(), MASK);
            }
        }
        for shape in &self.shapes {
            out = shape.replace_all(&out, MASK).into_owned();
        }
        let out = TOKEN_FORMATS.replace_all(&out, MASK);
        ASSIGNED
            .replace_all(&out, |c: &regex::Captures<'_>| {
                format!("{}{}{MASK}{}", &c[1], &c[2], &c[4])
            })
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_token_formats_and_assignments() {
        let m = Masker::default();
        let t =
            m.mask("key = 'AKIAABCDEFGHIJKLMNOP'\npassword = \"hunter2hunter\"\nname = \"alice\"");
        assert!(!t.contains("AKIAABCDEFGHIJKLMNOP"), "{t}");
        assert!(!t.contains("hunter2hunter"), "{t}");
        assert!(t.contains("password = \"[REDACTED]\""), "{t}");
        assert!(t.contains("name = \"alice\""), "{t}");
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
        assert_eq!(m.mask(pem), MASK);
        assert_eq!(m.mask("x = getenv(\"TOKEN\")"), "x = getenv(\"TOKEN\")");
    }

    #[test]
    fn masks_values_of_secret_findings() {
        let f = Finding {
            rule_id: "python.secrets.hardcoded-key".into(),
            message: String::new(),
            severity: ferret_core::Severity::High,
            confidence: ferret_core::Confidence::High,
            cwe: vec![ferret_core::Cwe(798)],
            language: "python".into(),
            location: ferret_core::FindingLocation {
                path: "a.py".into(),
                start: ferret_core::Position::default(),
                end: ferret_core::Position::default(),
            },
            snippet: "CONF = {\"k\": \"zq8Xw2LmPp0v\"}".into(),
            fingerprint: String::new(),
            metavars: Vec::new(),
            dataflow: Vec::new(),
            fix: None,
            triage: None,
            also_reported_by: Vec::new(),
            redact: Vec::new(),
        };
        let m = Masker::from_findings(std::slice::from_ref(&f));
        assert_eq!(m.mask("use(\"zq8Xw2LmPp0v\")"), "use(\"[REDACTED]\")");
        // The same finding after redaction, as `ferret triage` reads it back from SARIF: the
        // masked value is found in the source by its prefix and length.
        let masked = ferret_core::mask_secret("zq8Xw2LmPp0v");
        let read_back = Finding {
            snippet: format!("CONF = {{\"k\": \"{masked}\"}}"),
            ..f.clone()
        };
        let m = Masker::from_findings(&[read_back]);
        assert_eq!(m.mask("use(\"zq8Xw2LmPp0v\")"), "use(\"[REDACTED]\")");
        assert_eq!(m.mask("use(\"zq8Xw2\")"), "use(\"zq8Xw2\")");
        // A scan's finding carries the value itself.
        let scanned = Finding {
            snippet: "CONF = {\"k\": \"zq8X********\"}".into(),
            also_reported_by: Vec::new(),
            redact: vec!["zq8Xw2LmPp0v".into()],
            ..f
        };
        let m = Masker::from_findings(&[scanned]);
        assert_eq!(m.mask("x = 'zq8Xw2LmPp0v'"), "x = '[REDACTED]'");
    }
}
