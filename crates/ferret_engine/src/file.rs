//! The per-file pipeline: read, classify, prefilter, parse, match, suppress, build findings.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use ferret_core::FileIssue;
use ferret_core::{
    Finding, FindingLocation, LineIndex, MetavarBinding, SkipReason, Span, fingerprint, redact_text,
};
use ferret_lang::{Language, ParseError};
use ferret_pattern::{Formula, FormulaCtx, Match, run_plan};
use ferret_rules::{PlannedSpot, Rule, RuleMode, RuleSet};
use ferret_taint::{Bound, Spot, SpotSpans, TaintFile};

use crate::ScanOptions;
use crate::suppress::Suppressions;

/// What scanning one file produced.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// Findings, not suppressed.
    pub findings: Vec<Finding>,
    /// Lines in the file (when it was read as text).
    pub lines: u64,
    /// Bytes in the file.
    pub bytes: u64,
    /// Whether the file was read and matched (even if the prefilter ruled out parsing).
    pub scanned: bool,
    /// Whether tree-sitter parsed it.
    pub parsed: bool,
    /// Why it was skipped or only partly scanned.
    pub issue: Option<FileIssue>,
    /// Findings dropped by inline suppressions.
    pub suppressed: u64,
    /// The file's flow IR and taint-rule matches, for the project-wide taint pass.
    pub taint: Option<TaintFile>,
    /// Whether the outcome came from the scan cache (nothing was parsed).
    pub cached: bool,
    /// When `taint` holds only a stub (no taint rule matched in the file): the full flow IR,
    /// encoded, restored if the project pass needs it (see `ferret_taint::needed_files`).
    pub(crate) taint_full: Option<Vec<u8>>,
}

impl FileOutcome {
    /// Keeps the flow IR of a file that no taint rule matched in as a stub plus its encoded
    /// form, which takes a fraction of the memory until the project pass decides whether it
    /// needs the file.
    pub(crate) fn hold_taint(&mut self) {
        if let Some(t) = &self.taint
            && !t.spotted()
            && let Ok(full) = postcard::to_stdvec(t)
        {
            self.taint = Some(t.stub());
            self.taint_full = Some(full);
        }
    }
}

/// Per-language literal prefilter: one Aho-Corasick automaton over every literal of every
/// pattern, and for each pattern the literals it needs.
#[derive(Debug)]
pub(crate) struct Prefilter {
    ac: Option<AhoCorasick>,
    literal_count: usize,
    needs: Vec<Vec<usize>>,
}

impl Prefilter {
    pub(crate) fn new(pattern_literals: &[Vec<String>]) -> Prefilter {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut lits: Vec<&str> = Vec::new();
        let needs = pattern_literals
            .iter()
            .map(|ls| {
                ls.iter()
                    .map(|l| {
                        *ids.entry(l.as_str()).or_insert_with(|| {
                            lits.push(l.as_str());
                            lits.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let ac = if lits.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&lits)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::Standard)
                        .build(&lits)
                })
                .ok()
        };
        Prefilter {
            literal_count: lits.len(),
            ac,
            needs,
        }
    }

    /// Which patterns could match `text`: those whose literals all occur in it.
    pub(crate) fn active(&self, text: &[u8]) -> Vec<bool> {
        let mut found = vec![false; self.literal_count];
        if let Some(ac) = &self.ac {
            let mut remaining = self.literal_count;
            for m in ac.find_overlapping_iter(text) {
                let i = m.pattern().as_usize();
                if !found[i] {
                    found[i] = true;
                    remaining -= 1;
                    if remaining == 0 {
                        break;
                    }
                }
            }
        }
        self.needs
            .iter()
            .map(|ids| ids.iter().all(|&i| found[i]))
            .collect()
    }
}

/// Rules prepared for scanning: the rule set plus its prefilters.
#[derive(Debug)]
pub struct Prepared {
    pub(crate) ruleset: RuleSet,
    pub(crate) prefilters: BTreeMap<Language, Prefilter>,
    pub(crate) text_rules: Vec<usize>,
    /// Per language, which plan patterns taint rules use (sources, sinks, sanitizers,
    /// propagators): all a file outside this shard needs for the cross-file pass.
    pub(crate) taint_patterns: BTreeMap<Language, Vec<bool>>,
}

impl Prepared {
    /// Builds the prefilters of a rule set.
    pub fn new(ruleset: RuleSet) -> Prepared {
        let prefilters = ruleset
            .plans
            .iter()
            .map(|(lang, plan)| (*lang, Prefilter::new(&plan.literals)))
            .collect();
        let text_rules = ruleset
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.text_formula.is_some())
            .map(|(i, _)| i)
            .collect();
        let taint_patterns = ruleset
            .plans
            .iter()
            .map(|(lang, plan)| {
                let mut ids = Vec::new();
                for (_, tp) in &plan.taint {
                    for spot in tp.sources.iter().chain(&tp.sinks).chain(&tp.sanitizers) {
                        spot.formula.pattern_ids(&mut ids);
                    }
                    for (f, _, _, _) in &tp.propagators {
                        f.pattern_ids(&mut ids);
                    }
                }
                let mut mask = vec![false; plan.literals.len()];
                for i in ids {
                    if let Some(m) = mask.get_mut(i) {
                        *m = true;
                    }
                }
                (*lang, mask)
            })
            .collect();
        Prepared {
            ruleset,
            prefilters,
            text_rules,
            taint_patterns,
        }
    }

    /// The rule set.
    pub fn ruleset(&self) -> &RuleSet {
        &self.ruleset
    }

    /// Whether some rule reads files of no known language (`regex` / `generic` rules).
    pub fn has_text_rules(&self) -> bool {
        !self.text_rules.is_empty()
    }
}

fn issue(display: &str, reason: SkipReason, detail: impl Into<String>) -> Option<FileIssue> {
    Some(FileIssue {
        path: display.to_string(),
        reason,
        detail: detail.into(),
    })
}

/// Scans one file from disk.
pub fn scan_path(
    path: &Path,
    display: &str,
    size: u64,
    prep: &Prepared,
    opts: &ScanOptions,
) -> FileOutcome {
    let mut out = FileOutcome {
        bytes: size,
        ..FileOutcome::default()
    };
    if size > opts.max_file_size {
        out.issue = issue(
            display,
            SkipReason::TooLarge,
            format!("{size} bytes, over --max-file-size {}", opts.max_file_size),
        );
        return out;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.issue = issue(display, SkipReason::ReadError, e.to_string());
            return out;
        }
    };
    let lang = Language::detect(path, &bytes[..bytes.len().min(256)]);
    scan_bytes(&bytes, display, lang, prep, opts)
}

/// Whether taint rules read files like `path` (by its language from the name).
pub(crate) fn has_taint_rules(prep: &Prepared, path: &Path) -> bool {
    match Language::detect(path, b"") {
        Some(l) => prep
            .ruleset
            .plans
            .get(&l)
            .is_some_and(|p| !p.taint.is_empty()),
        // No extension: a script whose shebang names the language; assume it might be.
        None => path.extension().is_none(),
    }
}

/// Reads a file of another shard for the cross-file taint pass only: its flow IR and taint-rule
/// spots, no findings, no counts and no issues (its own shard reports those).
pub fn context_path(
    path: &Path,
    display: &str,
    size: u64,
    prep: &Prepared,
    opts: &ScanOptions,
) -> FileOutcome {
    if size > opts.max_file_size {
        return FileOutcome::default();
    }
    if !has_taint_rules(prep, path) {
        return FileOutcome::default();
    }
    let Ok(bytes) = std::fs::read(path) else {
        return FileOutcome::default();
    };
    let lang = Language::detect(path, &bytes[..bytes.len().min(256)]);
    let mut out = scan_bytes_in(&bytes, display, lang, prep, opts, true);
    out.findings.clear();
    out.issue = None;
    out.scanned = false;
    out.parsed = false;
    out.lines = 0;
    out.bytes = 0;
    out.suppressed = 0;
    out
}

/// Scans one file's bytes as `lang` (or as plain text for `regex` rules when `lang` is `None`).
pub fn scan_bytes(
    bytes: &[u8],
    display: &str,
    lang: Option<Language>,
    prep: &Prepared,
    opts: &ScanOptions,
) -> FileOutcome {
    scan_bytes_in(bytes, display, lang, prep, opts, false)
}

/// [`scan_bytes`]; with `context_only`, only what the taint pass needs is computed.
fn scan_bytes_in(
    bytes: &[u8],
    display: &str,
    lang: Option<Language>,
    prep: &Prepared,
    opts: &ScanOptions,
    context_only: bool,
) -> FileOutcome {
    let mut out = FileOutcome {
        bytes: bytes.len() as u64,
        ..FileOutcome::default()
    };
    if bytes.len() as u64 > opts.max_file_size {
        out.issue = issue(
            display,
            SkipReason::TooLarge,
            format!(
                "{} bytes, over --max-file-size {}",
                bytes.len(),
                opts.max_file_size
            ),
        );
        return out;
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        out.issue = issue(display, SkipReason::Binary, "contains NUL bytes");
        return out;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            out.issue = issue(
                display,
                SkipReason::InvalidUtf8,
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            );
            return out;
        }
    };
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    out.lines = newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"));
    if bytes.len() > 20_000 && bytes.len() as u64 / out.lines.max(1) > 500 {
        out.issue = issue(
            display,
            SkipReason::Minified,
            format!(
                "average line length {} bytes",
                bytes.len() as u64 / out.lines.max(1)
            ),
        );
        return out;
    }
    out.scanned = true;
    let rules = &prep.ruleset.rules;
    let index = LineIndex::new(bytes);
    let suppressions = Suppressions::new(text, lang);
    let mut raw: Vec<(usize, Match<'_>)> = Vec::new();

    // Text rules run on every text file.
    let no_matches: Vec<Vec<Match<'_>>> = Vec::new();
    let text_rules: &[usize] = if context_only { &[] } else { &prep.text_rules };
    for &ri in text_rules {
        let rule = &rules[ri];
        if !rule.paths.allows(display) {
            continue;
        }
        if let Some(f) = &rule.text_formula {
            let ctx = FormulaCtx {
                src: bytes,
                matches: &no_matches,
            };
            raw.extend(f.eval(&ctx).into_iter().map(|m| (ri, m)));
        }
    }
    let mut findings = Vec::new();
    let mut suppressed = 0;
    let mut build = |raw: Vec<(usize, Match<'_>)>, lang_name: &str| {
        let mut occurrences: HashMap<(usize, String), usize> = HashMap::new();
        let mut seen: Vec<(usize, Span)> = Vec::new();
        for (ri, m) in raw {
            if seen.contains(&(ri, m.span)) {
                continue;
            }
            seen.push((ri, m.span));
            let rule = &rules[ri];
            let start = index.position(bytes, m.span.start);
            if suppressions.suppresses(start.line as usize, &rule.info.id) {
                suppressed += 1;
                continue;
            }
            let matched = &text[m.span.start..m.span.end];
            let occ = occurrences
                .entry((ri, matched.split_whitespace().collect::<Vec<_>>().join(" ")))
                .or_insert(0);
            findings.push(make_finding(
                rule, &m, bytes, text, &index, display, lang_name, *occ,
            ));
            *occ += 1;
        }
    };
    build(std::mem::take(&mut raw), "generic");

    let Some(lang) = lang else {
        out.findings = findings;
        out.suppressed = suppressed;
        return out;
    };
    let (Some(plan), Some(pre)) = (prep.ruleset.plans.get(&lang), prep.prefilters.get(&lang))
    else {
        out.findings = findings;
        out.suppressed = suppressed;
        return out;
    };
    let mut active = pre.active(bytes);
    if context_only {
        if plan.taint.is_empty() {
            return out;
        }
        if let Some(mask) = prep.taint_patterns.get(&lang) {
            for (a, m) in active.iter_mut().zip(mask) {
                *a &= *m;
            }
        }
    }
    let any_regex_rule = plan.rules.iter().any(|(_, f)| has_regex(f));
    // Files of a language with taint rules are always lowered: a helper with none of the rules'
    // words can still carry taint between the files that have them.
    let run_analysis = !context_only && !plan.analysis.is_empty();
    if !active.iter().any(|a| *a) && !any_regex_rule && plan.taint.is_empty() && !run_analysis {
        out.findings = findings;
        out.suppressed = suppressed;
        return out;
    }
    let parsed = match ferret_lang::parse(lang, bytes, &opts.file_parse_limits()) {
        Ok(p) => p,
        Err(e) => {
            let reason = match e {
                ParseError::TooLarge { .. } => SkipReason::TooLarge,
                ParseError::Timeout(..) => SkipReason::ParseTimeout,
                ParseError::TooDeep { .. } => SkipReason::TooDeep,
                ParseError::Grammar(..) | ParseError::NoTree => SkipReason::ParseError,
            };
            out.issue = issue(display, reason, e.to_string());
            out.findings = findings;
            out.suppressed = suppressed;
            return out;
        }
    };
    out.parsed = true;
    if parsed.tree.root_node().is_error() {
        out.issue = issue(display, SkipReason::ParseError, "the file does not parse");
        out.findings = findings;
        out.suppressed = suppressed;
        return out;
    }
    let results = run_plan(&plan.plan, &parsed.tree, bytes, &active, opts.match_budget);
    if results.exhausted {
        out.issue = issue(
            display,
            SkipReason::MatchBudget,
            format!(
                "matching stopped after {} steps; findings may be incomplete",
                results.steps
            ),
        );
    }
    let ctx = FormulaCtx {
        src: bytes,
        matches: &results.matches,
    };
    let mut raw = Vec::new();
    for (ri, formula) in &plan.rules {
        let rule = &rules[*ri];
        if context_only || matches!(rule.mode, RuleMode::Taint(_)) || !rule.paths.allows(display) {
            continue;
        }
        raw.extend(formula.eval(&ctx).into_iter().map(|m| (*ri, m)));
    }
    raw.sort_by_key(|(ri, m)| (m.span.start, *ri, m.span.end));
    build(raw, lang.name());
    if run_analysis {
        let file = crate::analyzers::FileText {
            bytes,
            text,
            index: &index,
            display,
            lang_name: lang.name(),
        };
        let (found, supp) =
            crate::analyzers::findings(plan, rules, parsed.tree.root_node(), &file, &suppressions);
        findings.extend(found);
        suppressed += supp;
    }
    if !plan.taint.is_empty() {
        let spots = |list: &[PlannedSpot]| -> Vec<Spot> {
            list.iter()
                .flat_map(|ps| {
                    ps.formula.eval(&ctx).into_iter().map(move |m| Spot {
                        span: m.span,
                        by_side_effect: ps.by_side_effect,
                        side_effect_only: ps.side_effect_only,
                        exact: ps.exact,
                        label: ps.label,
                        requires: ps.requires,
                    })
                })
                .collect()
        };
        let mut per_rule = Vec::new();
        for (ri, tp) in &plan.taint {
            if !rules[*ri].paths.allows(display) {
                continue;
            }
            let bound = if rules[*ri].message.contains('$') {
                let bound = |list: &[PlannedSpot], sink: bool| -> Vec<Bound> {
                    list.iter()
                        .flat_map(|ps| ps.formula.eval(&ctx))
                        .map(|m| Bound {
                            sink,
                            span: m.span,
                            vars: m
                                .bindings
                                .iter()
                                .map(|(name, b)| (name.to_string(), b.span))
                                .collect(),
                        })
                        .collect()
                };
                let mut all = bound(&tp.sinks, true);
                all.extend(bound(&tp.sources, false));
                all
            } else {
                Vec::new()
            };
            let s = SpotSpans {
                bound,
                sources: spots(&tp.sources),
                sinks: spots(&tp.sinks),
                sanitizers: spots(&tp.sanitizers),
                propagators: tp
                    .propagators
                    .iter()
                    .flat_map(|(f, from, to, labels)| {
                        f.eval(&ctx).into_iter().filter_map(|m| {
                            Some((m.span, m.get(from)?.span, m.get(to)?.span, *labels))
                        })
                    })
                    .collect(),
                requires: tp.requires.clone(),
            };
            if !(s.sources.is_empty() && s.sinks.is_empty() && s.sanitizers.is_empty()) {
                per_rule.push((*ri, s));
            }
        }
        out.taint = Some(TaintFile {
            path: display.to_string(),
            lang,
            funcs: ferret_taint::lower_file(lang, parsed.tree.root_node(), bytes),
            rules: per_rule,
        });
    }
    findings.sort_by(|a, b| {
        (a.location.start.offset, &a.rule_id).cmp(&(b.location.start.offset, &b.rule_id))
    });
    out.findings = findings;
    out.suppressed = suppressed;
    out
}

fn has_regex(f: &Formula) -> bool {
    match f {
        Formula::Regex(_) | Formula::Generic(_) => true,
        Formula::Pattern(_) => false,
        Formula::Either(v) => v.iter().any(has_regex),
        Formula::Inside(f) => has_regex(f),
        Formula::And(c) => c
            .positives
            .iter()
            .chain(&c.insides)
            .chain(&c.anywheres)
            .any(has_regex),
    }
}

/// Rules about secrets: `.secrets.` in the id, or hard-coded credentials and keys by CWE
/// (798, 259, 321, 547). Their findings are redacted.
fn is_secret_rule(rule: &Rule) -> bool {
    rule.info.id.contains(".secrets.")
        || rule
            .info
            .cwe
            .iter()
            .any(|c| matches!(c.0, 798 | 259 | 321 | 547))
}

/// The secret values of a secret rule's match: the binding named like a secret value (`VALUE`,
/// `SECRET`, `KEY`, `TOKEN`, `PASSWORD`) if there is one; otherwise every bound string literal
/// of 6+ characters; otherwise, for a match without spaces (a token found by a regex), the
/// whole match; otherwise the quoted strings of 6+ characters in the match. Quotes are not part
/// of a value.
fn secret_values(m: &Match<'_>, text: &str) -> Vec<String> {
    let unquote = |s: &str| {
        s.trim()
            .trim_matches(|c| c == '"' || c == '\'' || c == '`')
            .to_string()
    };
    let mut out: Vec<String> = Vec::new();
    for (name, b) in m.bindings.iter() {
        let n = name.to_ascii_uppercase();
        if ["VALUE", "SECRET", "KEY", "TOKEN", "PASSWORD", "PASS", "PWD"]
            .iter()
            .any(|k| n == *k)
        {
            out.push(unquote(&text[b.span.start..b.span.end]));
        }
    }
    if out.is_empty() {
        for (_, b) in m.bindings.iter() {
            let t = text[b.span.start..b.span.end].trim();
            if t.len() >= 8 && (t.starts_with(['"', '\'', '`'])) {
                out.push(unquote(t));
            }
        }
    }
    let matched = &text[m.span.start..m.span.end];
    if out.is_empty() && !matched.chars().any(char::is_whitespace) && matched.len() >= 8 {
        out.push(unquote(matched));
    }
    if out.is_empty() {
        let mut rest = matched;
        while let Some(i) = rest.find(['"', '\'']) {
            let q = rest.as_bytes()[i] as char;
            let after = &rest[i + 1..];
            match after.find(q) {
                Some(j) => {
                    let v = &after[..j];
                    if v.len() >= 6 && !v.contains('\n') {
                        out.push(v.to_string());
                    }
                    rest = &after[j + 1..];
                }
                None => break,
            }
        }
    }
    out.retain(|v| v.len() >= 6);
    // Longest first, so a value that contains another is masked whole.
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    out
}

/// Replaces `$NAME` by the bound code, longest names first.
fn interpolate(template: &str, m: &Match<'_>, text: &str) -> String {
    let mut names: Vec<_> = m.bindings.iter().collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    let mut out = template.to_string();
    for (name, b) in names {
        let bound = &text[b.span.start..b.span.end];
        let bound: String = bound.split_whitespace().collect::<Vec<_>>().join(" ");
        out = out.replace(&format!("${name}"), &bound);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn make_finding(
    rule: &Rule,
    m: &Match<'_>,
    bytes: &[u8],
    text: &str,
    index: &LineIndex,
    display: &str,
    lang_name: &str,
    occurrence: usize,
) -> Finding {
    let start = index.position(bytes, m.span.start);
    let end = index.position(bytes, m.span.end);
    let first = start.line as usize - 1;
    let last = (end.line as usize - 1).min(first + 4);
    let (s0, _) = index.line_span(bytes, first);
    let (_, e1) = index.line_span(bytes, last);
    let matched = &text[m.span.start..m.span.end];
    let secrets = if is_secret_rule(rule) {
        secret_values(m, text)
    } else {
        Vec::new()
    };
    let snippet = redact_text(&text[s0..e1.max(s0)], &secrets);
    let metavars = m
        .bindings
        .iter()
        .map(|(name, b)| MetavarBinding {
            name: format!("${name}"),
            text: redact_text(&text[b.span.start..b.span.end], &secrets),
            start: index.position(bytes, b.span.start),
        })
        .collect();
    Finding {
        rule_id: rule.info.id.clone(),
        message: redact_text(interpolate(&rule.message, m, text).trim(), &secrets),
        severity: rule.info.severity,
        confidence: rule.info.confidence,
        cwe: rule.info.cwe.clone(),
        language: lang_name.to_string(),
        location: FindingLocation {
            path: display.to_string(),
            start,
            end,
        },
        snippet,
        fingerprint: fingerprint(&rule.info.id, display, matched, occurrence),
        metavars,
        dataflow: Vec::new(),
        fix: crate::autofix::fix_text(rule, matched, |name| {
            m.get(name).map(|b| &text[b.span.start..b.span.end])
        })
        .map(|f| redact_text(&f, &secrets)),
        also_reported_by: Vec::new(),
        redact: secrets,
        triage: None,
    }
}
