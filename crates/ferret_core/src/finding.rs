//! Findings and the small value types they carry.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::Position;

/// How bad a finding is. Semgrep's `INFO` / `WARNING` / `ERROR` map to `Info` / `Medium` / `High`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: worth a look, not a vulnerability by itself.
    Info,
    /// Low impact or hard to exploit.
    Low,
    /// Semgrep `WARNING`.
    #[default]
    Medium,
    /// Semgrep `ERROR`.
    High,
    /// Remotely exploitable with severe impact.
    Critical,
}

impl Severity {
    /// All severities, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// Lower-case name, as printed and as accepted by `--fail-on`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// SARIF `level` for this severity.
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Info => "note",
            Severity::Low | Severity::Medium => "warning",
            Severity::High | Severity::Critical => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    /// Accepts Ferret's names and Semgrep's (`INFO`, `WARNING`, `ERROR`, `INVENTORY`, `EXPERIMENT`), any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "inventory" | "experiment" | "note" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" | "warning" | "moderate" => Ok(Severity::Medium),
            "high" | "error" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected one of info, low, medium, high, critical, or Semgrep's INFO, WARNING, ERROR)"
            )),
        }
    }
}

/// How sure a rule is that its matches are real.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Often wrong; review needed.
    Low,
    /// Usually right.
    #[default]
    Medium,
    /// Rarely wrong.
    High,
}

impl Confidence {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl FromStr for Confidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            other => Err(format!(
                "unknown confidence `{other}` (expected low, medium or high)"
            )),
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CWE identifier, such as CWE-89.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cwe(pub u32);

/// A string that does not name a CWE.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` does not name a CWE (expected forms like `CWE-89`, `CWE-89: SQL Injection` or `89`)"
)]
pub struct ParseCweError(pub String);

impl FromStr for Cwe {
    type Err = ParseCweError;
    /// Parses `CWE-89`, `cwe-089`, `CWE-89: Improper ...`, `external/cwe/cwe-089` or `89`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        let rest = if let Some(pos) = lower.rfind("cwe-") {
            &t[pos + 4..]
        } else {
            t
        };
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            return Err(ParseCweError(s.to_string()));
        }
        digits
            .parse::<u32>()
            .map(Cwe)
            .map_err(|_| ParseCweError(s.to_string()))
    }
}

impl fmt::Display for Cwe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CWE-{}", self.0)
    }
}

impl Cwe {
    /// The GitHub code-scanning tag style, `external/cwe/cwe-089` (three digits at least).
    pub fn external_tag(&self) -> String {
        format!("external/cwe/cwe-{:03}", self.0)
    }
}

/// Where a finding is: the file and its start and end positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingLocation {
    /// Path as given on the command line joined with the path inside it, `/`-separated.
    pub path: String,
    /// Start of the matched range.
    pub start: Position,
    /// End of the matched range (exclusive).
    pub end: Position,
}

/// One metavariable binding of a match, for message interpolation and for output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetavarBinding {
    /// The name with its `$`, as in the rule: `$X`.
    pub name: String,
    /// The bound source text.
    pub text: String,
    /// Where the bound code starts.
    pub start: Position,
}

/// The role of a step on a dataflow path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepRole {
    /// Where untrusted data enters.
    Source,
    /// An intermediate assignment, call or return that carries the data.
    Step,
    /// Where the data is used dangerously.
    Sink,
}

/// One step of a dataflow path (source, steps, sink).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataflowStep {
    /// What this step is.
    pub role: StepRole,
    /// Where it is.
    pub location: FindingLocation,
    /// The code at that place, one line.
    pub text: String,
    /// A short note, such as `tainted by call to getParameter`.
    pub note: String,
}

/// One result of a scan: a rule matched at a place. Findings are data, never errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id, e.g. `java.injection.sql-string-concat`.
    pub rule_id: String,
    /// The rule's message with metavariables interpolated.
    pub message: String,
    /// Severity from the rule.
    pub severity: Severity,
    /// Confidence from the rule's metadata.
    pub confidence: Confidence,
    /// CWEs, most specific first.
    pub cwe: Vec<Cwe>,
    /// The language of the file.
    pub language: String,
    /// Where it is.
    pub location: FindingLocation,
    /// The matched source lines (whole lines, at most a few).
    pub snippet: String,
    /// Stable fingerprint: survives unrelated edits and moved lines.
    pub fingerprint: String,
    /// Metavariable bindings of the match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metavars: Vec<MetavarBinding>,
    /// The dataflow path for taint findings: source, steps, sink.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dataflow: Vec<DataflowStep>,
    /// The rule's `fix`, interpolated, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The model pass's verdict, when it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<Box<crate::Triage>>,
    /// Other rules that reported the same weakness (first CWE) on the same line; their
    /// findings were merged into this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_reported_by: Vec<String>,
    /// Secret values this finding is about. They are already masked in the snippet, message and
    /// metavariables; sinks that quote the source file (code frames) mask them too, and the model
    /// pass never sends them. Never serialised.
    #[serde(skip)]
    pub redact: Vec<String>,
}

/// Masks a secret for display, keeping its length and byte offsets: the first characters
/// (at most 4, at most a quarter) stay, every other byte becomes `*`.
pub fn mask_secret(secret: &str) -> String {
    let keep = (secret.chars().count() / 4).min(4);
    let mut out = String::with_capacity(secret.len());
    for (i, c) in secret.chars().enumerate() {
        if i < keep {
            out.push(c);
        } else {
            for _ in 0..c.len_utf8() {
                out.push('*');
            }
        }
    }
    out
}

/// `text` with every occurrence of each secret masked by [`mask_secret`].
pub fn redact_text(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if !s.is_empty() && out.contains(s.as_str()) {
            out = out.replace(s.as_str(), &mask_secret(s));
        }
    }
    out
}

/// A stable fingerprint for a finding.
///
/// It hashes the rule id, the file path, the matched code with its whitespace folded, and the
/// number of earlier findings in the same file with the same rule and code. It does not hash line
/// numbers, so a finding keeps its fingerprint when code above it moves.
pub fn fingerprint(rule_id: &str, path: &str, matched: &str, occurrence: usize) -> String {
    let mut h = blake3::Hasher::new();
    h.update(b"ferret-fp-v1\0");
    h.update(rule_id.as_bytes());
    h.update(b"\0");
    h.update(path.as_bytes());
    h.update(b"\0");
    let mut first = true;
    for word in matched.split_whitespace() {
        if !first {
            h.update(b" ");
        }
        first = false;
        h.update(word.as_bytes());
    }
    h.update(b"\0");
    h.update(&(occurrence as u64).to_le_bytes());
    let hex = h.finalize().to_hex();
    hex[..32].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cwe_parses_every_style() {
        for s in [
            "CWE-89",
            "cwe-089",
            "CWE-89: Improper Neutralization",
            "external/cwe/cwe-089",
            "89",
        ] {
            assert_eq!(s.parse::<Cwe>().unwrap(), Cwe(89), "{s}");
        }
        assert!("A03:2021".parse::<Cwe>().is_err());
        assert_eq!(Cwe(89).external_tag(), "external/cwe/cwe-089");
        assert_eq!(Cwe(1333).external_tag(), "external/cwe/cwe-1333");
    }

    #[test]
    fn severity_accepts_semgrep_names() {
        assert_eq!("ERROR".parse::<Severity>().unwrap(), Severity::High);
        assert_eq!("WARNING".parse::<Severity>().unwrap(), Severity::Medium);
        assert_eq!("INFO".parse::<Severity>().unwrap(), Severity::Info);
        assert!("bogus".parse::<Severity>().is_err());
        assert!(Severity::Critical > Severity::High);
    }

    #[test]
    fn fingerprint_ignores_whitespace_but_not_code() {
        let a = fingerprint("r", "a.py", "os.system( x )", 0);
        let b = fingerprint("r", "a.py", "os.system(\n x )", 0);
        let c = fingerprint("r", "a.py", "os.system( y )", 0);
        let d = fingerprint("r", "a.py", "os.system( x )", 1);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
        assert_eq!(a.len(), 32);
    }
}
