//! What the model pass adds to a finding ([`Triage`]) and to a run ([`ModelRunSummary`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Cwe, Severity};

/// A probability in `[0, 1]`. Wrapped so that findings keep `Eq`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Probability(pub f64);

impl Eq for Probability {}

/// The model's judgement of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A real, reachable vulnerability.
    TruePositive,
    /// Not a vulnerability (unreachable, sanitized, constant, test code...).
    FalsePositive,
    /// The model cannot decide from what it saw.
    Uncertain,
    /// The model needs more code (and said which symbols) to decide.
    NeedsContext,
}

impl Verdict {
    /// The snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::TruePositive => "true_positive",
            Verdict::FalsePositive => "false_positive",
            Verdict::Uncertain => "uncertain",
            Verdict::NeedsContext => "needs_context",
        }
    }
}

/// How far the model pass got with a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageStatus {
    /// The model gave a verdict that passed every check.
    Reviewed,
    /// The token budget ran out before this candidate; it was not sent.
    Unreviewed,
    /// The model declined to answer.
    Refused,
    /// The verdict was thrown out: its evidence quotes do not occur in the source.
    Rejected,
    /// No usable answer: invalid JSON after the repair retry, or the endpoint kept failing.
    Error,
}

impl TriageStatus {
    /// The snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TriageStatus::Reviewed => "reviewed",
            TriageStatus::Unreviewed => "unreviewed",
            TriageStatus::Refused => "refused",
            TriageStatus::Rejected => "rejected",
            TriageStatus::Error => "error",
        }
    }
}

/// One piece of evidence the model cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// File path as in the finding.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// The code, verbatim.
    pub quote: String,
    /// `source`, `sink`, `sanitizer`, `guard`, `step` or `context`.
    pub role: String,
}

/// The second, independent opinion on a positive verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Whether the claim survived the attempt to disprove it.
    pub holds: bool,
    /// How sure the verifier is.
    pub confidence: Probability,
    /// The verifier's reasoning.
    pub reason: String,
}

/// A proposed fix and whether Ferret accepted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixProposal {
    /// A unified diff against the finding's file.
    pub diff: String,
    /// Accepted only if it applies and a rescan of the patched file clears the finding without
    /// new ones.
    pub accepted: bool,
    /// Why it was accepted or not.
    pub note: String,
}

/// Token use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenUse {
    /// Input tokens (cached ones included).
    pub input: u64,
    /// Output tokens.
    pub output: u64,
    /// Input tokens served from the provider's prompt cache.
    pub cached: u64,
}

impl std::ops::AddAssign for TokenUse {
    fn add_assign(&mut self, o: TokenUse) {
        self.input += o.input;
        self.output += o.output;
        self.cached += o.cached;
    }
}

/// The model pass's result for one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    /// How far the pass got.
    pub status: TriageStatus,
    /// The verdict, when the model gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The model's confidence in the verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Probability>,
    /// The CWE the model assigns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwe: Option<Cwe>,
    /// The severity the model assigns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
    /// Cited code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// How an attacker would exploit it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exploit_scenario: String,
    /// What the model said it could not see.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_context: Vec<String>,
    /// The verification call's outcome, for positive verdicts above the priority threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// The proposed fix, for confirmed findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixProposal>,
    /// A note on errors, refusals and rejections.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// `provider:name` of the model.
    pub model: String,
    /// Version of Ferret's prompts and schemas.
    pub prompt_version: String,
    /// Tokens spent on this finding (0 when it came from the verdict cache).
    pub tokens: TokenUse,
    /// Whether the verdict came from the on-disk cache.
    #[serde(default)]
    pub from_cache: bool,
}

/// Figures of one model pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ModelRunSummary {
    /// `provider:name` of the model.
    pub model: String,
    /// Version of Ferret's prompts and schemas.
    pub prompt_version: String,
    /// Findings considered.
    pub findings: u64,
    /// Candidates after deduplication by root cause.
    pub candidates: u64,
    /// Candidates that got a verdict (from the model or the cache).
    pub reviewed: u64,
    /// Candidates per final status.
    pub by_status: BTreeMap<TriageStatus, u64>,
    /// Reviewed candidates per verdict.
    pub by_verdict: BTreeMap<Verdict, u64>,
    /// Model calls made (cache hits excluded).
    pub calls: u64,
    /// Candidates answered from the verdict cache.
    pub cache_hits: u64,
    /// Tokens spent.
    pub tokens: TokenUse,
    /// The token budget, if one was set.
    pub budget: Option<u64>,
    /// Estimated cost in US dollars, when prices are configured.
    pub estimated_cost_usd: Option<f64>,
    /// Wall-clock seconds of the pass.
    pub seconds: f64,
}
