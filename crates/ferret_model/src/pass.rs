//! Stages 3 to 5 and the run around them: triage every candidate in priority order within the
//! token budget, ask for missing definitions once, verify positive verdicts with an independent
//! call, check every evidence quote against the source, propose fixes and accept only those that
//! a rescan confirms. Answers are cached on disk.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use ferret_core::{
    Cwe, Evidence, Finding, FixProposal, ModelRunSummary, Probability, ScanReport, Severity,
    TokenUse, Triage, TriageStatus, Verdict, Verification,
};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::Value;

use crate::cache::{CachedReply, VerdictCache};
use crate::candidates::{Candidate, rank};
use crate::mask::{MASK, Masker};
use crate::prompts::{
    FIX_SYSTEM, PROMPT_VERSION, TRIAGE_SYSTEM, VERIFY_SYSTEM, fix_schema, triage_schema,
    verify_schema,
};
use crate::provider::{ModelError, Provider, Reply, StructuredRequest, Usage};
use crate::slice::{self, ContextItem, Slice, Sources, estimate_tokens};

/// Prices in US dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    /// Uncached input.
    pub input: f64,
    /// Output.
    pub output: f64,
    /// Cached input.
    pub cached_input: f64,
}

/// How the pass runs.
#[derive(Debug, Clone)]
pub struct PassOptions {
    /// Token cap of a slice (bytes / 4).
    pub max_slice_tokens: usize,
    /// Token budget of the run; candidates beyond it are `unreviewed`.
    pub budget: Option<u64>,
    /// Positive verdicts on candidates at or above this priority get a verification call
    /// (priority is severity 1-5 × rule confidence 0.4-1 × 1.25 for a dataflow path).
    pub verify_min_priority: f64,
    /// Whether to ask for fixes of confirmed findings.
    pub fix: bool,
    /// Verdict cache directory (`None`: no cache).
    pub cache_dir: Option<PathBuf>,
    /// Other project files, searched for definitions the model asks for.
    pub search_files: Vec<String>,
    /// Prices for the cost estimate.
    pub prices: Option<Prices>,
    /// Output tokens assumed per call when checking the budget.
    pub expected_output_tokens: u64,
}

impl Default for PassOptions {
    fn default() -> Self {
        PassOptions {
            max_slice_tokens: 4000,
            budget: None,
            verify_min_priority: 2.5,
            fix: false,
            cache_dir: None,
            search_files: Vec::new(),
            prices: None,
            expected_output_tokens: 600,
        }
    }
}

/// Scans one file's text with the run's rules (for checking fixes).
pub trait Rescan: Send + Sync {
    /// The report of a scan of `text` alone, as if it were the file at `path`.
    fn scan_text(&self, path: &str, text: &str) -> Result<ScanReport, String>;
}

/// [`Rescan`] with Ferret's engine: the text is scanned in memory
/// ([`ferret_engine::scan_sources`]) with the run's own rules and options, so the rescan has
/// the scan's limits (file size, parse time, match budget, taint scope).
#[derive(Debug)]
pub struct EngineRescan {
    prep: Arc<ferret_engine::Prepared>,
    opts: ferret_engine::ScanOptions,
}

impl EngineRescan {
    /// Rescans with `prep` and the options the run scanned with (its progress counters are
    /// not touched).
    pub fn new(
        prep: Arc<ferret_engine::Prepared>,
        opts: ferret_engine::ScanOptions,
    ) -> EngineRescan {
        EngineRescan {
            prep,
            opts: ferret_engine::ScanOptions {
                progress: None,
                ..opts
            },
        }
    }
}

impl Rescan for EngineRescan {
    fn scan_text(&self, path: &str, text: &str) -> Result<ScanReport, String> {
        ferret_engine::scan_sources(&self.prep, &[(path, text.as_bytes())], &self.opts)
            .map_err(|e| e.to_string())
    }
}

/// Errors that stop the pass.
#[derive(Debug, thiserror::Error)]
pub enum PassError {
    /// The provider cannot be used at all (unknown model, credentials, spend limit...).
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// The triage answer's fields.
#[derive(Debug, Deserialize)]
struct TriageAnswer {
    verdict: String,
    confidence: f64,
    cwe: String,
    severity: String,
    explanation: String,
    evidence: Vec<EvidenceAnswer>,
    exploit_scenario: String,
    missing_context: Vec<String>,
    needed_symbols: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct EvidenceAnswer {
    path: String,
    line: i64,
    quote: String,
    role: String,
}

#[derive(Debug, Deserialize)]
struct VerifyAnswer {
    holds: bool,
    confidence: f64,
    reason: String,
    evidence: Vec<EvidenceAnswer>,
}

#[derive(Debug, Deserialize)]
struct FixAnswer {
    diff: String,
}

fn parse_verdict(s: &str) -> Verdict {
    match s {
        "true_positive" => Verdict::TruePositive,
        "false_positive" => Verdict::FalsePositive,
        "needs_context" => Verdict::NeedsContext,
        _ => Verdict::Uncertain,
    }
}

fn evidence(list: Vec<EvidenceAnswer>) -> Vec<Evidence> {
    list.into_iter()
        .map(|e| Evidence {
            path: e.path,
            line: u32::try_from(e.line.max(0)).unwrap_or(0),
            quote: e.quote,
            role: e.role,
        })
        .collect()
}

/// Strips the slice's own numbering (`  12 | `) if the model copied it into a quote.
fn unnumbered(quote: &str) -> &str {
    let t = quote.trim();
    if let Some((num, rest)) = t.split_once('|')
        && !num.trim().is_empty()
        && num.trim().chars().all(|c| c.is_ascii_digit())
    {
        return rest.strip_prefix(' ').unwrap_or(rest).trim();
    }
    t
}

/// The budget and token accounting shared by all candidates.
#[derive(Debug, Default)]
struct Ledger {
    spent: u64,
    reserved: u64,
    exhausted: bool,
    tokens: TokenUse,
    calls: u64,
}

/// The outcome of one model call within a candidate.
enum Called {
    Reply(Reply),
    OverBudget,
}

/// A model pass over a set of findings.
pub struct Pass {
    provider: Provider,
    opts: PassOptions,
    cache: VerdictCache,
    rescan: Option<Arc<dyn Rescan>>,
    sources: Mutex<Sources>,
    masker: Masker,
    ledger: Mutex<Ledger>,
}

impl std::fmt::Debug for Pass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pass")
            .field("provider", &self.provider)
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

/// One candidate's working state.
struct Work<'a> {
    cand: &'a Candidate,
    lead: &'a Finding,
    others: Vec<&'a Finding>,
    slice: Slice,
    reserved: u64,
    tokens: TokenUse,
    any_call: bool,
    all_cached: bool,
}

impl Pass {
    /// A pass with `provider`. `rescan` checks proposed fixes; without it fixes are never
    /// accepted.
    pub fn new(
        provider: Provider,
        opts: PassOptions,
        rescan: Option<Arc<dyn Rescan>>,
        sources: Sources,
        findings: &[Finding],
    ) -> Pass {
        Pass {
            provider,
            cache: VerdictCache::new(opts.cache_dir.clone()),
            opts,
            rescan,
            sources: Mutex::new(sources),
            masker: Masker::from_findings(findings),
            ledger: Mutex::new(Ledger::default()),
        }
    }

    fn model_name(&self) -> String {
        self.provider.config().spec.to_string()
    }

    /// Runs the pass: sets `triage` on every finding and returns the run's figures.
    pub async fn run(&self, findings: &mut [Finding]) -> Result<ModelRunSummary, PassError> {
        let started = Instant::now();
        let candidates = rank(findings);
        let slices: Vec<Slice> = {
            let mut sources = self.sources.lock().unwrap_or_else(|p| p.into_inner());
            candidates
                .iter()
                .map(|c| {
                    let lead = &findings[c.lead()];
                    let others: Vec<&Finding> =
                        c.members[1..].iter().map(|&i| &findings[i]).collect();
                    slice::build(
                        lead,
                        &others,
                        &mut sources,
                        &self.masker,
                        self.opts.max_slice_tokens,
                        &[],
                    )
                })
                .collect()
        };
        let concurrency = self.provider.config().concurrency.max(1);
        let shared: &[Finding] = findings;
        let results: Vec<(usize, Result<Triage, ModelError>)> =
            futures_util::stream::iter(candidates.iter().zip(slices).enumerate())
                .map(|(i, (cand, slice))| async move {
                    let lead = &shared[cand.lead()];
                    let others = cand.members[1..].iter().map(|&m| &shared[m]).collect();
                    let work = Work {
                        cand,
                        lead,
                        others,
                        slice,
                        reserved: 0,
                        tokens: TokenUse::default(),
                        any_call: false,
                        all_cached: true,
                    };
                    (i, self.process(work).await)
                })
                .buffered(concurrency)
                .collect()
                .await;
        let mut summary = ModelRunSummary {
            model: self.model_name(),
            prompt_version: PROMPT_VERSION.to_string(),
            findings: findings.len() as u64,
            candidates: candidates.len() as u64,
            budget: self.opts.budget,
            ..ModelRunSummary::default()
        };
        let mut fatal: Option<ModelError> = None;
        for (i, res) in results {
            let triage = match res {
                Ok(t) => t,
                Err(e) if e.is_fatal() => {
                    fatal.get_or_insert(e);
                    continue;
                }
                Err(e) => self.bare(TriageStatus::Error, e.to_string()),
            };
            *summary.by_status.entry(triage.status).or_default() += 1;
            if triage.status == TriageStatus::Reviewed {
                summary.reviewed += 1;
                if let Some(v) = triage.verdict {
                    *summary.by_verdict.entry(v).or_default() += 1;
                }
                if triage.from_cache {
                    summary.cache_hits += 1;
                }
            }
            for &m in &candidates[i].members {
                findings[m].triage = Some(Box::new(triage.clone()));
            }
        }
        if let Some(e) = fatal {
            return Err(e.into());
        }
        let ledger = self.ledger.lock().unwrap_or_else(|p| p.into_inner());
        summary.tokens = ledger.tokens;
        summary.calls = ledger.calls;
        summary.estimated_cost_usd = self.opts.prices.map(|p| {
            let uncached = ledger.tokens.input.saturating_sub(ledger.tokens.cached);
            (uncached as f64 * p.input
                + ledger.tokens.cached as f64 * p.cached_input
                + ledger.tokens.output as f64 * p.output)
                / 1_000_000.0
        });
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }

    fn bare(&self, status: TriageStatus, note: String) -> Triage {
        Triage {
            status,
            verdict: None,
            confidence: None,
            cwe: None,
            severity: None,
            explanation: String::new(),
            evidence: Vec::new(),
            exploit_scenario: String::new(),
            missing_context: Vec::new(),
            verification: None,
            fix: None,
            note,
            model: self.model_name(),
            prompt_version: PROMPT_VERSION.to_string(),
            tokens: TokenUse::default(),
            from_cache: false,
        }
    }

    fn request_tokens(req: &StructuredRequest) -> u64 {
        (estimate_tokens(&req.system)
            + estimate_tokens(&req.user)
            + estimate_tokens(&req.schema.to_string())) as u64
    }

    /// One model call: from the cache, or within the budget, or not at all.
    async fn call(
        &self,
        stage: &str,
        req: &StructuredRequest,
        work: &mut Work<'_>,
        first: bool,
    ) -> Result<Called, ModelError> {
        let spec = &self.provider.config().spec;
        let key = VerdictCache::key(stage, spec, PROMPT_VERSION, req);
        if let Some(hit) = self.cache.get(&key) {
            let reply = match hit {
                CachedReply::Json { value } => Reply::Json(value),
                CachedReply::Refusal { text } => Reply::Refusal(text),
            };
            return Ok(Called::Reply(reply));
        }
        let estimate = Self::request_tokens(req) + self.opts.expected_output_tokens;
        {
            let mut l = self.ledger.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(budget) = self.opts.budget {
                // Candidates are drawn in priority order: once one does not fit, none after it
                // is sent, so the reviewed set is a prefix of the ranking.
                let fits = !(first && l.exhausted)
                    && l.spent + l.reserved + estimate <= budget + work.reserved;
                if !fits {
                    if first {
                        l.exhausted = true;
                    }
                    return Ok(Called::OverBudget);
                }
            }
            if first {
                l.reserved += estimate;
                work.reserved = estimate;
            }
            l.calls += 1;
        }
        let res = self.provider.complete(req).await;
        let usage = match &res {
            Ok(c) => c.usage,
            Err(_) => Usage::default(),
        };
        {
            let mut l = self.ledger.lock().unwrap_or_else(|p| p.into_inner());
            l.spent += usage.input + usage.output;
            l.tokens += TokenUse {
                input: usage.input,
                output: usage.output,
                cached: usage.cached,
            };
        }
        work.tokens += TokenUse {
            input: usage.input,
            output: usage.output,
            cached: usage.cached,
        };
        work.any_call = true;
        work.all_cached = false;
        let completion = res?;
        let cached = match &completion.reply {
            Reply::Json(v) => Some(CachedReply::Json { value: v.clone() }),
            Reply::Refusal(t) => Some(CachedReply::Refusal { text: t.clone() }),
            Reply::Invalid { .. } => None,
        };
        if let Some(c) = cached {
            // A cache that cannot be written costs a rerun tokens, never the result.
            let _ = self.cache.put(&key, &c);
        }
        Ok(Called::Reply(completion.reply))
    }

    fn release(&self, work: &Work<'_>) {
        if work.reserved > 0 {
            let mut l = self.ledger.lock().unwrap_or_else(|p| p.into_inner());
            l.reserved = l.reserved.saturating_sub(work.reserved);
        }
    }

    async fn process(&self, mut work: Work<'_>) -> Result<Triage, ModelError> {
        let out = self.process_inner(&mut work).await;
        self.release(&work);
        let mut t = out?;
        t.tokens = work.tokens;
        t.from_cache = !work.any_call && work.all_cached && t.status != TriageStatus::Unreviewed;
        Ok(t)
    }

    fn triage_request(slice: &Slice) -> StructuredRequest {
        StructuredRequest {
            system: TRIAGE_SYSTEM.to_string(),
            user: format!(
                "Judge this candidate finding. Quote evidence verbatim from the numbered code.\n\n{}",
                slice.text
            ),
            schema_name: "triage_verdict".into(),
            schema: triage_schema(),
        }
    }

    async fn process_inner(&self, work: &mut Work<'_>) -> Result<Triage, ModelError> {
        let slice = work.slice.clone();
        let req = Self::triage_request(&slice);
        let mut reply = match self.call("triage", &req, work, true).await? {
            Called::OverBudget => {
                return Ok(self.bare(
                    TriageStatus::Unreviewed,
                    "the token budget ran out before this candidate".into(),
                ));
            }
            Called::Reply(r) => r,
        };
        let mut files = slice.files.clone();
        // needs_context: resolve the symbols and ask once more.
        if let Reply::Json(v) = &reply
            && v.get("verdict").and_then(Value::as_str) == Some("needs_context")
        {
            let symbols: Vec<String> = v
                .get("needed_symbols")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let items: Vec<ContextItem> = {
                let mut sources = self.sources.lock().unwrap_or_else(|p| p.into_inner());
                slice::resolve_symbols(
                    &symbols,
                    &slice.files,
                    &self.opts.search_files,
                    &mut sources,
                )
            };
            if !items.is_empty() {
                let bigger = {
                    let mut sources = self.sources.lock().unwrap_or_else(|p| p.into_inner());
                    slice::build(
                        work.lead,
                        &work.others,
                        &mut sources,
                        &self.masker,
                        self.opts.max_slice_tokens + self.opts.max_slice_tokens / 2,
                        &items,
                    )
                };
                files.extend(items.iter().map(|i| i.path.clone()));
                let req2 = Self::triage_request(&bigger);
                match self.call("triage", &req2, work, false).await? {
                    Called::Reply(r) => reply = r,
                    Called::OverBudget => {}
                }
            }
        }
        let answer: TriageAnswer = match reply {
            Reply::Refusal(text) => {
                return Ok(self.bare(TriageStatus::Refused, text));
            }
            Reply::Invalid { reason, .. } => {
                return Ok(self.bare(
                    TriageStatus::Error,
                    format!("no valid answer after one repair retry: {reason}"),
                ));
            }
            Reply::Json(v) => match serde_json::from_value(v) {
                Ok(a) => a,
                Err(e) => {
                    return Ok(self.bare(TriageStatus::Error, format!("unusable answer: {e}")));
                }
            },
        };
        let mut t = self.bare(TriageStatus::Reviewed, String::new());
        t.verdict = Some(parse_verdict(&answer.verdict));
        t.confidence = Some(Probability(answer.confidence.clamp(0.0, 1.0)));
        t.cwe = answer.cwe.parse::<Cwe>().ok();
        t.severity = answer.severity.parse::<Severity>().ok();
        t.explanation = answer.explanation;
        t.evidence = evidence(answer.evidence);
        t.exploit_scenario = answer.exploit_scenario;
        t.missing_context = answer.missing_context;
        if answer.needed_symbols.is_empty() && t.verdict == Some(Verdict::NeedsContext) {
            t.missing_context.push("(no symbols named)".into());
        }
        if let Err(why) = self.check_evidence(&t.evidence, &files, t.verdict) {
            t.status = TriageStatus::Rejected;
            t.note = format!("verdict rejected: {why}");
            return Ok(t);
        }

        // Verify positive and uncertain verdicts on high-priority candidates.
        let verdict = t.verdict.unwrap_or(Verdict::Uncertain);
        if matches!(verdict, Verdict::TruePositive | Verdict::Uncertain)
            && work.cand.priority >= self.opts.verify_min_priority
        {
            let claim = format!(
                "Claim to test: {} ({}) at {}:{}: {}",
                t.cwe
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "a vulnerability".into()),
                work.lead.rule_id,
                work.lead.location.path,
                work.lead.location.start.line,
                self.masker.mask(work.lead.message.trim())
            );
            let req = StructuredRequest {
                system: VERIFY_SYSTEM.to_string(),
                user: format!("{claim}\n\n{}", slice.text),
                schema_name: "verification".into(),
                schema: verify_schema(),
            };
            match self.call("verify", &req, work, false).await? {
                Called::OverBudget => {
                    t.note = "not verified: the token budget ran out".into();
                }
                Called::Reply(Reply::Json(v)) => match serde_json::from_value::<VerifyAnswer>(v) {
                    Ok(a) => {
                        let ev = evidence(a.evidence);
                        if let Err(why) = self.check_evidence(&ev, &files, None) {
                            t.note = format!("verification ignored: {why}");
                        } else {
                            t.verdict = Some(match (verdict, a.holds) {
                                (Verdict::TruePositive, true) => Verdict::TruePositive,
                                (Verdict::TruePositive, false) => Verdict::Uncertain,
                                (_, true) => Verdict::TruePositive,
                                (_, false) => Verdict::FalsePositive,
                            });
                            if verdict == Verdict::Uncertain {
                                t.confidence = Some(Probability(a.confidence.clamp(0.0, 1.0)));
                            }
                            t.verification = Some(Verification {
                                holds: a.holds,
                                confidence: Probability(a.confidence.clamp(0.0, 1.0)),
                                reason: a.reason,
                            });
                        }
                    }
                    Err(e) => t.note = format!("verification unusable: {e}"),
                },
                Called::Reply(Reply::Refusal(r)) => {
                    t.note = format!("verification refused: {r}");
                }
                Called::Reply(Reply::Invalid { reason, .. }) => {
                    t.note = format!("verification invalid: {reason}");
                }
            }
        }

        if self.opts.fix && t.verdict == Some(Verdict::TruePositive) {
            t.fix = self.propose_fix(work, &slice).await?;
        }
        Ok(t)
    }

    /// Every quote must occur verbatim in a file the model was shown; a true positive needs at
    /// least one.
    fn check_evidence(
        &self,
        ev: &[Evidence],
        files: &BTreeSet<String>,
        verdict: Option<Verdict>,
    ) -> Result<(), String> {
        if verdict == Some(Verdict::TruePositive) && ev.is_empty() {
            return Err("a true positive without evidence".into());
        }
        let mut sources = self.sources.lock().unwrap_or_else(|p| p.into_inner());
        for (i, e) in ev.iter().enumerate() {
            let quote = unnumbered(&e.quote);
            if quote.is_empty() {
                return Err(format!("evidence {} has an empty quote", i + 1));
            }
            if !files.contains(&e.path) {
                return Err(format!(
                    "evidence {} cites {}, a file the model was not shown",
                    i + 1,
                    e.path
                ));
            }
            let Some(file) = sources.get(&e.path) else {
                return Err(format!("evidence {}: {} cannot be read", i + 1, e.path));
            };
            let found = file.text.contains(quote)
                || file.stripped.contains(quote)
                || (quote.contains(MASK) && self.masker.mask(&file.text).contains(quote));
            if !found {
                return Err(format!(
                    "evidence {} quotes `{}`, which does not occur in {}",
                    i + 1,
                    quote.chars().take(120).collect::<String>(),
                    e.path
                ));
            }
        }
        Ok(())
    }

    async fn propose_fix(
        &self,
        work: &mut Work<'_>,
        slice: &Slice,
    ) -> Result<Option<FixProposal>, ModelError> {
        let path = work.lead.location.path.clone();
        let req = StructuredRequest {
            system: FIX_SYSTEM.to_string(),
            user: format!(
                "Fix this confirmed finding with a unified diff against {path}.\n\n{}",
                slice.text
            ),
            schema_name: "fix".into(),
            schema: fix_schema(),
        };
        let diff = match self.call("fix", &req, work, false).await? {
            Called::Reply(Reply::Json(v)) => match serde_json::from_value::<FixAnswer>(v) {
                Ok(a) => a.diff,
                Err(_) => return Ok(None),
            },
            _ => return Ok(None),
        };
        let original = {
            let mut sources = self.sources.lock().unwrap_or_else(|p| p.into_inner());
            sources.get(&path).map(|f| f.text.clone())
        };
        let Some(original) = original else {
            return Ok(Some(FixProposal {
                diff,
                accepted: false,
                note: format!("{path} cannot be read"),
            }));
        };
        let (accepted, note) = match crate::patch::apply(&original, &diff) {
            Err(e) => (false, format!("the diff does not apply: {e}")),
            Ok(patched) => match &self.rescan {
                None => (false, "no rescan available to check the fix".into()),
                Some(r) => check_fix(r.as_ref(), &path, &original, &patched, work.lead),
            },
        };
        Ok(Some(FixProposal {
            diff,
            accepted,
            note,
        }))
    }
}

fn fold_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Accepts a fix only if the finding (its rule on its code) is gone from the patched file and
/// nothing new fires there.
fn check_fix(
    r: &dyn Rescan,
    path: &str,
    original: &str,
    patched: &str,
    lead: &Finding,
) -> (bool, String) {
    let before = match r.scan_text(path, original) {
        Ok(report) => report,
        Err(e) => return (false, format!("rescan failed: {e}")),
    };
    let after = match r.scan_text(path, patched) {
        Ok(report) => report,
        Err(e) => return (false, format!("rescan of the patched file failed: {e}")),
    };
    // A file the rescan did not read at all (over the size limit, binary...) cannot confirm
    // anything.
    for report in [&before, &after] {
        if report.summary.files_scanned == 0
            && let Some(issue) = report.summary.file_issues.first()
        {
            return (
                false,
                format!(
                    "the rescan could not check the fix: {} was skipped ({}: {})",
                    issue.path,
                    issue.reason.as_str(),
                    issue.detail
                ),
            );
        }
    }
    let (before, after) = (before.findings, after.findings);
    let key = |f: &Finding| (f.rule_id.clone(), fold_ws(&f.snippet));
    let target = key(lead);
    if !before.iter().any(|f| key(f) == target) {
        return (
            false,
            "the finding does not reproduce when the file is scanned alone, so the fix cannot be checked".into(),
        );
    }
    let known: BTreeSet<(String, String)> = before.iter().map(key).collect();
    let new: Vec<String> = after
        .iter()
        .filter(|f| !known.contains(&key(f)))
        .map(|f| format!("{} at line {}", f.rule_id, f.location.start.line))
        .collect();
    let before_n = before.iter().filter(|f| key(f) == target).count();
    let after_n = after.iter().filter(|f| key(f) == target).count();
    if after_n >= before_n {
        (false, "the rescan still reports the finding".into())
    } else if !new.is_empty() {
        (
            false,
            format!("the patched file has new findings: {}", new.join(", ")),
        )
    } else {
        (
            true,
            "applies; the rescan clears the finding and reports nothing new".into(),
        )
    }
}

/// Token figures of the slices a pass would send, without sending anything.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CostEstimate {
    /// Findings.
    pub findings: u64,
    /// Candidates after deduplication.
    pub candidates: u64,
    /// Estimated tokens of all triage requests (system prompt, schema and slice).
    pub triage_tokens: u64,
    /// Of which slice tokens.
    pub slice_tokens: u64,
    /// Mean tokens per candidate (whole request).
    pub tokens_per_candidate: f64,
    /// Largest request.
    pub max_request_tokens: u64,
}

/// Builds every slice and measures what a triage pass would send (bytes / 4).
pub fn estimate(
    findings: &[Finding],
    sources: &mut Sources,
    max_slice_tokens: usize,
) -> CostEstimate {
    let masker = Masker::from_findings(findings);
    let candidates = rank(findings);
    let overhead = (estimate_tokens(TRIAGE_SYSTEM) + estimate_tokens(&triage_schema().to_string()))
        as u64
        + 20;
    let mut slice_tokens = 0u64;
    let mut max_req = 0u64;
    for c in &candidates {
        let lead = &findings[c.lead()];
        let others: Vec<&Finding> = c.members[1..].iter().map(|&i| &findings[i]).collect();
        let s = slice::build(lead, &others, sources, &masker, max_slice_tokens, &[]);
        slice_tokens += s.tokens as u64;
        max_req = max_req.max(s.tokens as u64 + overhead);
    }
    let n = candidates.len() as u64;
    let triage_tokens = slice_tokens + n * overhead;
    CostEstimate {
        findings: findings.len() as u64,
        candidates: n,
        triage_tokens,
        slice_tokens,
        tokens_per_candidate: if n == 0 {
            0.0
        } else {
            triage_tokens as f64 / n as f64
        },
        max_request_tokens: max_req,
    }
}
