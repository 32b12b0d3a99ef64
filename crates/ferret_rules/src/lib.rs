//! `ferret_rules` reads Semgrep-compatible rule YAML and compiles it into runtime rules.
//!
//! Every key is checked: an unknown key, a misspelt operator or a pattern that does not parse in
//! one of the rule's languages is an error that names the file, the rule id and the YAML path
//! (`rules[2].patterns[1].pattern-inside`), never a silently ignored key. [`load_path`] refuses a
//! file with such a rule; [`load_path_tolerant`] skips the rule and lists it, so that one bad rule
//! does not stop a scan with many (the CLI warns, and `--strict` refuses). Patterns are compiled
//! once per language here, and [`RuleSet`] merges the patterns of all rules of a language into one
//! [`MatchPlan`] so that the engine can run every rule in a single traversal of each file. The
//! built-in packs live in `rules/`; [`load_rules`] loads a run's pack and rule files with a hash of
//! their sources; the test-annotation reader for `ferret test` lives in
//! [`annotations`].

mod analysis;
pub mod annotations;
mod fix;
mod load;
mod pack;
mod taint;

pub use fix::{FixRegex, substitute};
pub use load::{Loaded, RuleError, load_path, load_path_tolerant, load_str, load_str_tolerant};
pub use pack::{LoadedRules, Pack, load_rules};
pub use taint::{Propagator, TaintSpec, TaintSpot};

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use ferret_core::RuleInfo;
use ferret_lang::Language;
use ferret_pattern::{Condition, Conjunction, Formula, MatchPlan, Pattern};
use globset::GlobSet;

/// What a rule applies to besides its languages: `paths.include` / `paths.exclude`.
#[derive(Debug, Clone, Default)]
pub struct PathFilter {
    /// Globs a path must match (any), if set.
    pub include: Option<GlobSet>,
    /// Globs a path must not match.
    pub exclude: Option<GlobSet>,
}

impl PathFilter {
    /// Whether the rule applies to `path` (relative, `/`-separated).
    pub fn allows(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./");
        let matches = |set: &GlobSet| {
            set.is_match(path)
                || path
                    .char_indices()
                    .filter(|(_, c)| *c == '/')
                    .any(|(i, _)| set.is_match(&path[i + 1..]))
        };
        if let Some(inc) = &self.include
            && !matches(inc)
        {
            return false;
        }
        if let Some(exc) = &self.exclude
            && matches(exc)
        {
            return false;
        }
        true
    }
}

/// How a rule matches.
#[derive(Debug, Clone)]
pub enum RuleMode {
    /// Plain search: the formula's matches are the findings.
    Search,
    /// `mode: taint`: findings are flows from sources to sinks.
    Taint(Box<TaintSpec>),
    /// `mode: analysis`: findings come from a semantic analyser (`analyzer: c-memory` or
    /// `js-library`) and the
    /// check the rule selects.
    Analysis(AnalysisSpec),
}

/// The analyser and check of a `mode: analysis` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalysisSpec {
    /// `analyzer: c-memory`: the C/C++ memory-safety analysis of `ferret_cmem`.
    CMemory(ferret_cmem::Check),
    /// `analyzer: js-library`: the JavaScript/TypeScript library analyses of `ferret_jsan`
    /// (prototype pollution, ReDoS).
    JsLibrary(ferret_jsan::Check),
}

/// A rule's compiled logic for one language.
#[derive(Debug, Clone)]
pub struct LangFormula {
    /// The language.
    pub lang: Language,
    /// The formula, with pattern ids indexing `patterns` (or, in a [`RuleSet`], that language's
    /// plan).
    pub formula: Formula,
    /// The compiled patterns.
    pub patterns: Vec<Arc<Pattern>>,
}

/// A loaded and compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Description for sinks and `ferret rules`.
    pub info: RuleInfo,
    /// Message template, with `$X` placeholders.
    pub message: String,
    /// Languages (empty for `regex` / `generic` rules, which apply to every text file).
    pub languages: Vec<Language>,
    /// Search formula per language (for taint rules, the sources, sinks... live in `mode`).
    pub formulas: Vec<LangFormula>,
    /// A regex-only formula for `languages: [regex]` / `[generic]` rules.
    pub text_formula: Option<Formula>,
    /// Search or taint.
    pub mode: RuleMode,
    /// `paths`.
    pub paths: PathFilter,
    /// `fix`, with `$X` placeholders.
    pub fix: Option<String>,
    /// `fix-regex`.
    pub fix_regex: Option<FixRegex>,
    /// Raw `metadata`.
    pub metadata: serde_json::Value,
    /// Where the rule came from.
    pub origin: PathBuf,
}

/// One taint spot compiled into a plan: its formula and options.
#[derive(Debug, Clone)]
pub struct PlannedSpot {
    /// The formula, with plan-wide pattern ids.
    pub formula: Formula,
    /// `by-side-effect`.
    pub by_side_effect: bool,
    /// `by-side-effect: only`.
    pub side_effect_only: bool,
    /// `exact`.
    pub exact: bool,
    /// The label a source gives (0, the default, without `label`).
    pub label: u8,
    /// `requires`, as an index into [`TaintPlan::requires`].
    pub requires: Option<u16>,
}

/// A taint rule's spots in one language's plan.
#[derive(Debug, Clone, Default)]
pub struct TaintPlan {
    /// Sources.
    pub sources: Vec<PlannedSpot>,
    /// Sinks.
    pub sinks: Vec<PlannedSpot>,
    /// Sanitizers.
    pub sanitizers: Vec<PlannedSpot>,
    /// Propagators: formula, `from` and `to` metavariables (without `$`), and what they do
    /// with labels.
    pub propagators: Vec<(Formula, String, String, ferret_core::labels::PropLabels)>,
    /// The rule's `requires` formulas, indexed by its spots and propagators.
    pub requires: Vec<ferret_core::labels::LabelReq>,
}

impl TaintPlan {
    /// The index of `req` in [`TaintPlan::requires`], added if new.
    fn requires_index(&mut self, req: &ferret_core::labels::LabelReq) -> u16 {
        match self.requires.iter().position(|r| r == req) {
            Some(i) => i as u16,
            None => {
                self.requires.push(req.clone());
                (self.requires.len() - 1) as u16
            }
        }
    }
}

/// Patterns of one language from every rule, with one plan to run them all.
#[derive(Debug)]
pub struct LangPlan {
    /// For each taint rule index, its spots in this language.
    pub taint: Vec<(usize, TaintPlan)>,
    /// The plan.
    pub plan: MatchPlan,
    /// For each rule index, its formula in this language with plan-wide pattern ids.
    pub rules: Vec<(usize, Formula)>,
    /// Prefilter requirements per plan pattern: identifiers and strings any match contains.
    pub literals: Vec<Vec<String>>,
    /// `mode: analysis` rules of this language: rule index and what they select.
    pub analysis: Vec<(usize, AnalysisSpec)>,
}

/// All rules, compiled for running.
#[derive(Debug)]
pub struct RuleSet {
    /// The rules, in id order.
    pub rules: Vec<Rule>,
    /// Per-language plans.
    pub plans: BTreeMap<Language, LangPlan>,
}

impl RuleSet {
    /// Builds the per-language plans. Duplicate rule ids are an error.
    pub fn new(mut rules: Vec<Rule>) -> Result<RuleSet, RuleError> {
        rules.sort_by(|a, b| a.info.id.cmp(&b.info.id));
        for w in rules.windows(2) {
            if w[0].info.id == w[1].info.id {
                return Err(RuleError::Duplicate {
                    id: w[0].info.id.clone(),
                    first: w[0].origin.clone(),
                    second: w[1].origin.clone(),
                });
            }
        }
        type Parts = (
            Vec<Arc<Pattern>>,
            Vec<(usize, Formula)>,
            Vec<(usize, TaintPlan)>,
            Vec<(usize, AnalysisSpec)>,
        );
        let mut per_lang: BTreeMap<Language, Parts> = BTreeMap::new();
        for (ri, rule) in rules.iter().enumerate() {
            for lf in &rule.formulas {
                let entry = per_lang.entry(lf.lang).or_default();
                let offset = entry.0.len();
                entry.0.extend(lf.patterns.iter().cloned());
                entry.1.push((ri, shift(&lf.formula, offset)));
            }
            if let RuleMode::Analysis(spec) = &rule.mode {
                for &lang in &rule.languages {
                    per_lang.entry(lang).or_default().3.push((ri, *spec));
                }
            }
            if let RuleMode::Taint(spec) = &rule.mode {
                for &lang in &rule.languages {
                    let entry = per_lang.entry(lang).or_default();
                    let mut plan = TaintPlan::default();
                    let add = |lfs: &[LangFormula], pats: &mut Vec<Arc<Pattern>>| {
                        lfs.iter().find(|lf| lf.lang == lang).map(|lf| {
                            let offset = pats.len();
                            pats.extend(lf.patterns.iter().cloned());
                            shift(&lf.formula, offset)
                        })
                    };
                    let labelled = spec.uses_labels();
                    for (kind, list) in
                        [(0, &spec.sources), (1, &spec.sinks), (2, &spec.sanitizers)]
                    {
                        for spot in list {
                            let Some(formula) = add(&spot.formulas, &mut entry.0) else {
                                continue;
                            };
                            // Without labels every taint has the default one, which every sink
                            // requires: no formula to check.
                            let requires = match &spot.requires_req {
                                Some(r) if labelled => Some(plan.requires_index(r)),
                                _ => None,
                            };
                            let planned = PlannedSpot {
                                formula,
                                by_side_effect: spot.by_side_effect,
                                side_effect_only: spot.side_effect_only,
                                exact: spot.exact,
                                label: spot.label_bit,
                                requires,
                            };
                            match kind {
                                0 => plan.sources.push(planned),
                                1 => plan.sinks.push(planned),
                                _ => plan.sanitizers.push(planned),
                            }
                        }
                    }
                    for p in &spec.propagators {
                        if let Some(formula) = add(&p.formulas, &mut entry.0) {
                            let labels = ferret_core::labels::PropLabels {
                                label: p.label,
                                requires: p.requires.as_ref().map(|r| plan.requires_index(r)),
                                replace: p.replace,
                            };
                            plan.propagators
                                .push((formula, p.from.clone(), p.to.clone(), labels));
                        }
                    }
                    entry.2.push((ri, plan));
                }
            }
        }
        let plans = per_lang
            .into_iter()
            .map(|(lang, (patterns, rules, taint, analysis))| {
                let literals = patterns.iter().map(|p| p.prefilter_literals()).collect();
                (
                    lang,
                    LangPlan {
                        taint,
                        plan: MatchPlan::new(lang, patterns),
                        rules,
                        literals,
                        analysis,
                    },
                )
            })
            .collect();
        Ok(RuleSet { rules, plans })
    }

    /// Rule descriptions, in id order.
    pub fn infos(&self) -> Vec<RuleInfo> {
        self.rules.iter().map(|r| r.info.clone()).collect()
    }
}

/// Renumbers a formula's pattern ids by `by`.
pub fn shift(f: &Formula, by: usize) -> Formula {
    match f {
        Formula::Pattern(i) => Formula::Pattern(i + by),
        Formula::Regex(r) => Formula::Regex(r.clone()),
        Formula::Generic(p) => Formula::Generic(p.clone()),
        Formula::Inside(f) => Formula::Inside(Box::new(shift(f, by))),
        Formula::Either(v) => Formula::Either(v.iter().map(|x| shift(x, by)).collect()),
        Formula::And(c) => Formula::And(Box::new(Conjunction {
            positives: c.positives.iter().map(|x| shift(x, by)).collect(),
            insides: c.insides.iter().map(|x| shift(x, by)).collect(),
            anywheres: c.anywheres.iter().map(|x| shift(x, by)).collect(),
            nots: c.nots.iter().map(|x| shift(x, by)).collect(),
            not_insides: c.not_insides.iter().map(|x| shift(x, by)).collect(),
            not_regexes: c.not_regexes.clone(),
            conditions: c
                .conditions
                .iter()
                .map(|cond| match cond {
                    Condition::Pattern { name, formula } => Condition::Pattern {
                        name: name.clone(),
                        formula: Box::new(shift(formula, by)),
                    },
                    other => other.clone(),
                })
                .collect(),
            focus: c.focus.clone(),
        })),
    }
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

impl Rule {
    /// Whether the rule is one of the built-in packs' (its origin is an embedded rule file).
    pub fn is_builtin(&self) -> bool {
        builtin_files()
            .iter()
            .any(|(p, _)| std::path::Path::new(p) == self.origin)
    }
}

/// The rule files embedded in the binary: (path relative to the repository, YAML text).
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    builtin::BUILTIN
}

/// Loads the built-in rules (the `rules/` packs, embedded at build time).
pub fn builtin_rules() -> Result<Vec<Rule>, RuleError> {
    pack::builtin_rules_with(&mut |_, _| {})
}
