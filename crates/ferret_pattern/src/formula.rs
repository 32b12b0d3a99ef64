//! Rule formulas: the boolean operators of Semgrep rules, evaluated over pattern matches.

use std::collections::HashMap;
use std::sync::Arc;

use ferret_core::Span;

use crate::compare::Comparison;
use crate::matcher::dedupe;
use crate::text_regex::TextRegex;
use crate::{Binding, Bindings, Match, same_code};

/// Most matches a conjunction may produce at once; guards against combinatorial blow-up.
const MAX_RESULTS: usize = 10_000;

/// A rule's matching logic for one language.
#[derive(Debug, Clone)]
pub enum Formula {
    /// `pattern`: index of a compiled pattern in the language's [`crate::MatchPlan`].
    Pattern(usize),
    /// `pattern-regex`: a regular expression over the file text. Named groups bind
    /// metavariables (`(?P<X>...)` binds `$X`).
    Regex(Arc<TextRegex>),
    /// `pattern` of a `generic` rule: a token pattern over the file text (Semgrep's generic
    /// mode), matched when the formula is evaluated.
    Generic(Arc<crate::GenericPattern>),
    /// `pattern-inside` where Semgrep allows it outside a conjunction's own list (under
    /// `pattern-either`): the inner formula's matches, which in a conjunction constrain the
    /// result (it must lie inside one) without becoming its range.
    Inside(Box<Formula>),
    /// `pattern-either`: any of these.
    Either(Vec<Formula>),
    /// `patterns`: all of these.
    And(Box<Conjunction>),
}

/// The parts of a `patterns` conjunction, grouped by how they combine.
#[derive(Debug, Clone, Default)]
pub struct Conjunction {
    /// `pattern`, `patterns`, `pattern-either`, `pattern-regex`: matches must agree.
    pub positives: Vec<Formula>,
    /// `pattern-inside`: matches must lie inside one of these.
    pub insides: Vec<Formula>,
    /// `semgrep-internal-pattern-anywhere`: each of these must match somewhere in the file with
    /// bindings compatible with the match's (they join it), whatever its range.
    pub anywheres: Vec<Formula>,
    /// `pattern-not`: matches equal to one of these are dropped.
    pub nots: Vec<Formula>,
    /// `pattern-not-inside`: matches inside one of these are dropped.
    pub not_insides: Vec<Formula>,
    /// `pattern-not-regex`: matches overlapping a match of these are dropped.
    pub not_regexes: Vec<Arc<TextRegex>>,
    /// `metavariable-*` filters, in order.
    pub conditions: Vec<Condition>,
    /// `focus-metavariable` entries: the match becomes a binding. Within one entry (a list) the
    /// metavariables are alternatives, each giving its own match; several entries intersect
    /// (the focused range must be bound by every entry).
    pub focus: Vec<Vec<Arc<str>>>,
}

/// A `metavariable-*` filter.
#[derive(Debug, Clone)]
pub enum Condition {
    /// `metavariable-regex`: the bound text matches (anchored at its start, like Python's
    /// `re.match`).
    Regex {
        /// Metavariable name without `$`.
        name: Arc<str>,
        /// The regex.
        regex: Arc<TextRegex>,
    },
    /// `metavariable-pattern`: the formula matches inside the bound code.
    Pattern {
        /// Metavariable name without `$`.
        name: Arc<str>,
        /// The nested formula.
        formula: Box<Formula>,
    },
    /// `metavariable-pattern` with a `language` other than the rule's: the bound code (the
    /// content of a bound string literal) is parsed in that language and the formula, whose
    /// patterns are indexed in `plan`, must match in it.
    Foreign {
        /// Metavariable name without `$`.
        name: Arc<str>,
        /// The formula's patterns, compiled for the other language.
        plan: Arc<crate::MatchPlan>,
        /// The nested formula.
        formula: Box<Formula>,
    },
    /// `metavariable-comparison`.
    Comparison(Arc<Comparison>),
    /// `metavariable-type`: the bound code has one of these types (see [`crate::types`]).
    Type {
        /// Metavariable name without `$`.
        name: Arc<str>,
        /// The accepted types, as written in the rule.
        types: Arc<[String]>,
    },
    /// `metavariable-analysis` with `analyzer: entropy`: the bound text (quotes removed) looks
    /// like a random secret (see [`high_entropy`]).
    Entropy {
        /// Metavariable name without `$`.
        name: Arc<str>,
    },
    /// `metavariable-analysis` with `analyzer: token-checksum` (a Ferret extension): the bound
    /// text is not a token of a checksummed format with a wrong checksum (see
    /// [`crate::token_checksum_holds`]).
    TokenChecksum {
        /// Metavariable name without `$`.
        name: Arc<str>,
    },
}

/// Shannon entropy of `s` in bits per character.
pub fn shannon_entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Whether a string looks like a randomly generated secret rather than a word, a path, a
/// sentence or a placeholder: at least 16 characters with no spaces, and an entropy that is
/// high for its alphabet (hex strings: 32+ characters and 3.0+ bits per character; others: a
/// mix of at least two of lower case, upper case and digits, and 3.5+ bits per character, or
/// 4.0+ for 20 characters and more). Repeated characters and placeholders (`xxxx`,
/// `changeme`, `your_..._here`, `${...}`) are not secrets.
pub fn high_entropy(raw: &str) -> bool {
    let s = raw
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .trim();
    if s.len() < 16 || s.chars().any(char::is_whitespace) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if [
        "xxxx",
        "changeme",
        "your_",
        "your-",
        "example",
        "placeholder",
        "${",
        "{{",
        "<",
        "*****",
        "://",
    ]
    .iter()
    .any(|p| lower.contains(p))
    {
        return false;
    }
    let e = shannon_entropy(s);
    if s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return s.len() >= 32 && e >= 3.0;
    }
    let classes = [
        s.bytes().any(|b| b.is_ascii_lowercase()),
        s.bytes().any(|b| b.is_ascii_uppercase()),
        s.bytes().any(|b| b.is_ascii_digit()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    classes >= 2 && (e >= 4.0 || (e >= 3.5 && s.len() < 20))
}

/// What formula evaluation reads: the file text and the matches of every pattern.
#[derive(Debug)]
pub struct FormulaCtx<'a, 't> {
    /// File text.
    pub src: &'a [u8],
    /// Matches per pattern index, from [`crate::run_plan`].
    pub matches: &'a [Vec<Match<'t>>],
}

fn merge<'t>(src: &[u8], a: &Bindings<'t>, b: &Bindings<'t>) -> Option<Bindings<'t>> {
    let mut out = a.clone();
    for (name, bb) in b {
        match a.iter().find(|(n, _)| n == name) {
            Some((_, ab)) => {
                if !same_code(src, ab, bb) {
                    return None;
                }
            }
            None => out.push((name.clone(), *bb)),
        }
    }
    Some(out)
}

fn compatible(src: &[u8], a: &Bindings<'_>, b: &Bindings<'_>) -> bool {
    b.iter().all(|(name, bb)| {
        a.iter()
            .find(|(n, _)| n == name)
            .is_none_or(|(_, ab)| same_code(src, ab, bb))
    })
}

impl Formula {
    /// Every pattern index the formula refers to.
    pub fn pattern_ids(&self, out: &mut Vec<usize>) {
        match self {
            Formula::Pattern(i) => out.push(*i),
            Formula::Regex(_) | Formula::Generic(_) => {}
            Formula::Inside(f) => f.pattern_ids(out),
            Formula::Either(v) => v.iter().for_each(|f| f.pattern_ids(out)),
            Formula::And(c) => {
                for f in c
                    .positives
                    .iter()
                    .chain(&c.insides)
                    .chain(&c.anywheres)
                    .chain(&c.nots)
                    .chain(&c.not_insides)
                {
                    f.pattern_ids(out);
                }
                for cond in &c.conditions {
                    if let Condition::Pattern { formula, .. } = cond {
                        formula.pattern_ids(out);
                    }
                }
            }
        }
    }

    /// Whether some alternative of the formula is an [`Formula::Inside`] (looking through
    /// `pattern-either`, not into conjunctions).
    pub fn has_inside(&self) -> bool {
        match self {
            Formula::Inside(_) => true,
            Formula::Either(v) => v.iter().any(Formula::has_inside),
            _ => false,
        }
    }

    /// Whether every alternative of the formula is an [`Formula::Inside`].
    pub fn all_inside(&self) -> bool {
        match self {
            Formula::Inside(_) => true,
            Formula::Either(v) => !v.is_empty() && v.iter().all(Formula::all_inside),
            _ => false,
        }
    }

    /// Evaluates the formula.
    pub fn eval<'t>(&self, ctx: &FormulaCtx<'_, 't>) -> Vec<Match<'t>> {
        let mut out = match self {
            Formula::Pattern(i) => ctx.matches.get(*i).cloned().unwrap_or_default(),
            Formula::Regex(re) => regex_matches(re, ctx.src),
            Formula::Generic(p) => p.find(ctx.src),
            Formula::Inside(f) => f.eval(ctx),
            Formula::Either(v) => v.iter().flat_map(|f| f.eval(ctx)).collect(),
            Formula::And(c) => eval_and(c, ctx, None),
        };
        dedupe(&mut out);
        out
    }
}

fn regex_matches<'t>(re: &TextRegex, src: &[u8]) -> Vec<Match<'t>> {
    let text = String::from_utf8_lossy(src);
    re.matches(&text, MAX_RESULTS)
        .into_iter()
        .map(|m| Match {
            span: m.span,
            bindings: m
                .groups
                .into_iter()
                .map(|(name, span)| (name, Binding { span, node: None }))
                .collect(),
        })
        .collect()
}

/// Evaluates a conjunction. One without positive entries starts from `seed` (the binding a
/// `metavariable-pattern` looks into), or matches nothing.
fn eval_and<'t>(
    c: &Conjunction,
    ctx: &FormulaCtx<'_, 't>,
    seed: Option<Match<'t>>,
) -> Vec<Match<'t>> {
    let src = ctx.src;
    let seed_span = seed.as_ref().map(|m| m.span);
    // Each positive's matches, and which of them may give the result its range (those of an
    // `Inside` alternative only constrain it).
    let pos: Vec<(Vec<Match<'t>>, usize)> = c
        .positives
        .iter()
        .map(|f| {
            let (mut plain, mut inside) = split_inside(f, ctx);
            dedupe(&mut plain);
            dedupe(&mut inside);
            let n = plain.len();
            plain.extend(inside);
            (plain, n)
        })
        .collect();
    let ins: Vec<Vec<Match<'t>>> = c.insides.iter().map(|f| f.eval(ctx)).collect();
    let (mut cur, rest_ins): (Vec<Match<'t>>, &[Vec<Match<'t>>]) = if !pos.is_empty() {
        let mut acc = Vec::new();
        for (i, (ri, plain)) in pos.iter().enumerate() {
            for m in &ri[..*plain] {
                let mut merged = vec![m.clone()];
                for (j, (rj, _)) in pos.iter().enumerate() {
                    if i == j {
                        continue;
                    }
                    merged = merged
                        .iter()
                        .flat_map(|mm| {
                            rj.iter()
                                .filter(|s| s.span.contains(&mm.span))
                                .filter_map(|s| {
                                    merge(src, &mm.bindings, &s.bindings).map(|b| Match {
                                        span: mm.span,
                                        bindings: b,
                                    })
                                })
                                .collect::<Vec<_>>()
                        })
                        .take(MAX_RESULTS)
                        .collect();
                    if merged.is_empty() {
                        break;
                    }
                }
                acc.extend(merged);
                if acc.len() >= MAX_RESULTS {
                    break;
                }
            }
        }
        (acc, &ins[..])
    } else if let Some((first, rest)) = ins.split_first() {
        (first.clone(), rest)
    } else {
        (seed.into_iter().collect(), &[][..])
    };
    for inside in rest_ins {
        cur = join_bindings(src, &cur, inside, true);
    }
    for anywhere in &c.anywheres {
        if cur.is_empty() {
            break;
        }
        cur = join_bindings(src, &cur, &anywhere.eval(ctx), false);
    }
    if cur.is_empty() {
        return cur;
    }
    for not in &c.nots {
        let neg = not.eval(ctx);
        let mut by_span: HashMap<Span, Vec<usize>> = HashMap::new();
        for (i, s) in neg.iter().enumerate() {
            by_span.entry(s.span).or_default().push(i);
        }
        cur.retain(|m| {
            !by_span.get(&m.span).is_some_and(|ids| {
                ids.iter()
                    .any(|&i| compatible(src, &m.bindings, &neg[i].bindings))
            })
        });
    }
    for not in &c.not_insides {
        let neg = not.eval(ctx);
        cur.retain(|m| {
            !neg.iter()
                .any(|s| s.span.contains(&m.span) && compatible(src, &m.bindings, &s.bindings))
        });
    }
    for re in &c.not_regexes {
        // Under `metavariable-pattern`, a regex reads the bound code only (so `^` is its start).
        let (text, base) = match seed_span {
            Some(sp) => (&src[sp.start..sp.end], sp.start),
            None => (src, 0),
        };
        let neg = regex_matches(re, text);
        cur.retain(|m| {
            !neg.iter()
                .any(|s| Span::new(s.span.start + base, s.span.end + base).overlaps(&m.span))
        });
    }
    for cond in &c.conditions {
        cur = cur
            .into_iter()
            .filter_map(|m| apply_condition(cond, m, ctx))
            .collect();
    }
    if let Some((first, rest)) = c.focus.split_first() {
        cur = cur
            .into_iter()
            .flat_map(|m| {
                first
                    .iter()
                    .filter_map(|name| m.get(name).map(|b| b.span))
                    .filter(|span| {
                        rest.iter().all(|entry| {
                            entry
                                .iter()
                                .any(|n| m.get(n).is_some_and(|b| b.span == *span))
                        })
                    })
                    .map(|span| Match {
                        span,
                        bindings: m.bindings.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        dedupe(&mut cur);
    }
    cur
}

/// A positive's matches split into those that can be the conjunction's range and those of
/// `Inside` alternatives, which only constrain it.
fn split_inside<'t>(f: &Formula, ctx: &FormulaCtx<'_, 't>) -> (Vec<Match<'t>>, Vec<Match<'t>>) {
    match f {
        Formula::Inside(g) => (Vec::new(), g.eval(ctx)),
        Formula::Either(v) if v.iter().any(Formula::has_inside) => {
            let (mut plain, mut inside) = (Vec::new(), Vec::new());
            for alt in v {
                let (p, i) = split_inside(alt, ctx);
                plain.extend(p);
                inside.extend(i);
            }
            (plain, inside)
        }
        _ => (f.eval(ctx), Vec::new()),
    }
}

/// Matches found in a slice of the file that starts at `by`, with file offsets.
fn shifted(mut found: Vec<Match<'_>>, by: usize) -> Vec<Match<'_>> {
    let shift = |s: Span| Span::new(s.start + by, s.end + by);
    for m in &mut found {
        m.span = shift(m.span);
        for (_, b) in &mut m.bindings {
            b.span = shift(b.span);
        }
    }
    found
}

/// The bindings of every match of `formula` in the code bound by `b`, read as the language
/// of `plan` (a bound string literal is read without its quotes). The bindings are moved to
/// the file's offsets; they carry no nodes, since the parse is gone when they are used.
fn foreign_match<'t>(
    src: &[u8],
    b: Binding<'_>,
    plan: &crate::MatchPlan,
    formula: &Formula,
) -> Vec<Bindings<'t>> {
    let whole = &src[b.span.start..b.span.end];
    let Ok(text) = std::str::from_utf8(whole) else {
        return Vec::new();
    };
    let content = crate::compile::string_content(text);
    let offset = b.span.start + (content.as_ptr() as usize - text.as_ptr() as usize);
    let limits = ferret_lang::ParseLimits::default();
    let Ok(parsed) = ferret_lang::parse(plan.lang(), content.as_bytes(), &limits) else {
        return Vec::new();
    };
    let results = crate::run_plan(
        plan,
        &parsed.tree,
        content.as_bytes(),
        &[],
        crate::MatchBudget::default(),
    );
    let fctx = FormulaCtx {
        src: content.as_bytes(),
        matches: &results.matches,
    };
    formula
        .eval(&fctx)
        .iter()
        .map(|found| {
            found
                .bindings
                .iter()
                .map(|(n, fb)| {
                    let span = Span::new(fb.span.start + offset, fb.span.end + offset);
                    (n.clone(), Binding { span, node: None })
                })
                .collect()
        })
        .collect()
}

fn text_of<'s>(src: &'s [u8], b: &Binding<'_>) -> std::borrow::Cow<'s, str> {
    String::from_utf8_lossy(&src[b.span.start..b.span.end])
}

fn apply_condition<'t>(
    cond: &Condition,
    m: Match<'t>,
    ctx: &FormulaCtx<'_, 't>,
) -> Option<Match<'t>> {
    match cond {
        Condition::Regex { name, regex } => {
            let b = m.get(name)?;
            let text = text_of(ctx.src, b);
            regex.is_match(&text).then_some(m)
        }
        Condition::Pattern { name, formula } => {
            let b = *m.get(name)?;
            if let Formula::And(c) = formula.as_ref()
                && c.positives.is_empty()
                && c.insides.is_empty()
            {
                // Only filters: they apply to the bound code itself.
                let seed = Match {
                    span: b.span,
                    bindings: m.bindings.clone(),
                };
                let hit = eval_and(c, ctx, Some(seed)).into_iter().next()?;
                return Some(Match {
                    span: m.span,
                    bindings: hit.bindings,
                });
            }
            let inner = match formula.as_ref() {
                // A generic pattern reads the bound text alone, as Semgrep does: its blocks,
                // groups and line limits are those of that text.
                Formula::Generic(p) => {
                    shifted(p.find(&ctx.src[b.span.start..b.span.end]), b.span.start)
                }
                _ => formula.eval(ctx),
            };
            let hit = inner
                .iter()
                .filter(|s| b.span.contains(&s.span))
                .find_map(|s| merge(ctx.src, &m.bindings, &s.bindings))?;
            Some(Match {
                span: m.span,
                bindings: hit,
            })
        }
        Condition::Foreign {
            name,
            plan,
            formula,
        } => {
            let b = *m.get(name)?;
            let hit = foreign_match(ctx.src, b, plan, formula)
                .into_iter()
                .find_map(|found| merge(ctx.src, &m.bindings, &found))?;
            Some(Match {
                span: m.span,
                bindings: hit,
            })
        }
        Condition::Entropy { name } => {
            let b = m.get(name)?;
            high_entropy(&text_of(ctx.src, b)).then_some(m)
        }
        Condition::TokenChecksum { name } => {
            let b = m.get(name)?;
            crate::checksum::token_checksum_holds(&text_of(ctx.src, b)).then_some(m)
        }
        Condition::Type { name, types } => {
            let node = m.get(name)?.node?;
            crate::types::has_type(ctx.src, node, types).then_some(m)
        }
        Condition::Comparison(cmp) => {
            let texts: HashMap<String, String> = m
                .bindings
                .iter()
                .map(|(n, b)| (n.to_string(), text_of(ctx.src, b).into_owned()))
                .collect();
            cmp.eval(&texts).then_some(m)
        }
    }
}

/// Each match of `cur` joined with each of `other` whose bindings agree (and, with `within`,
/// whose range contains it): the match keeps its range and takes the merged bindings.
fn join_bindings<'t>(
    src: &[u8],
    cur: &[Match<'t>],
    other: &[Match<'t>],
    within: bool,
) -> Vec<Match<'t>> {
    let mut out: Vec<Match<'t>> = cur
        .iter()
        .flat_map(|m| {
            other
                .iter()
                .filter(|s| !within || s.span.contains(&m.span))
                .filter_map(|s| {
                    merge(src, &m.bindings, &s.bindings).map(|b| Match {
                        span: m.span,
                        bindings: b,
                    })
                })
                .collect::<Vec<_>>()
        })
        .take(MAX_RESULTS)
        .collect();
    dedupe(&mut out);
    out
}

#[cfg(test)]
mod entropy_tests {
    use super::*;

    #[test]
    fn random_strings_are_secrets_and_words_are_not() {
        for secret in [
            "\"q8Zr2LmN5vXw0TbY7cKe3HsJ\"",
            "h4Gk9Tz2Qw7Nx5Vb1Mc8Lp3Rs6",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "N7p!x2Kq9#Lm4zT8",
        ] {
            assert!(high_entropy(secret), "{secret}");
        }
        for not_secret in [
            "correcthorsebatterystaple",
            "X-Session-Token-Header",
            "https://auth.example.test/oauth2/token",
            "your_api_key_here_please",
            "aaaaaaaaaaaaaaaaaaaaaaaa",
            "deadbeefdeadbeef",
            "${SECRET_KEY_FROM_ENV}",
            "short",
            "has spaces in it so not a key",
        ] {
            assert!(!high_entropy(not_secret), "{not_secret}");
        }
        assert_eq!(shannon_entropy(""), 0.0);
        assert!((shannon_entropy("abab") - 1.0).abs() < 1e-9);
    }
}
