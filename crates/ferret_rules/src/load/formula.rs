//! Compiling a rule's formula: `pattern`, `patterns`, `pattern-either`, `pattern-regex` and
//! the operators of a conjunction (`pattern-inside`, `pattern-not`, the `metavariable-*`
//! filters, `focus-metavariable`), each in every position Semgrep allows it.

use std::sync::Arc;

use ferret_lang::Language;
use ferret_pattern::{
    Comparison, Condition, Conjunction, Formula, GenericOptions, GenericPattern, MatchPlan, Pattern,
};
use serde_json::Value;

use super::{
    EITHER_KEYS, FORMULA_KEYS, R, as_list, as_obj, as_str, bad, check_keys, compile_regex, kind,
    mv_name, one_formula_key, req, single_key, strings,
};

/// Compiles the formula under `key` (a formula operator) with value `v`.
pub(super) fn formula(
    key: &str,
    v: &Value,
    path: &str,
    lang: Option<Language>,
    pats: &mut Vec<Arc<Pattern>>,
) -> R<Formula> {
    match key {
        "pattern" => {
            let text = as_str(v, path)?;
            let Some(lang) = lang else {
                // `generic` (and `regex`, which Semgrep reads the same way here): Semgrep's
                // generic mode. The rule's `options:` are applied after the formula is read.
                let p = GenericPattern::compile(text, GenericOptions::default())
                    .or_else(|e| bad(path, format!("generic pattern: {e}")))?;
                return Ok(Formula::Generic(Arc::new(p)));
            };
            let p = Pattern::compile(lang, text).or_else(|e| bad(path, format!("{e}")))?;
            pats.push(Arc::new(p));
            Ok(Formula::Pattern(pats.len() - 1))
        }
        "pattern-regex" => Ok(Formula::Regex(compile_regex(
            as_str(v, path)?,
            path,
            false,
        )?)),
        "pattern-either" => {
            let items = as_list(v, path)?;
            if items.is_empty() {
                return bad(path, "`pattern-either` needs at least one alternative");
            }
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let ipath = format!("{path}[{i}]");
                let (k, val) = single_key(item, &ipath, EITHER_KEYS)?;
                let kpath = format!("{ipath}.{k}");
                out.push(match k {
                    // Semgrep allows `pattern-inside` as an alternative: its matches constrain
                    // the enclosing conjunction's range instead of giving it.
                    "pattern-inside" => {
                        Formula::Inside(Box::new(inner_formula(val, &kpath, lang, pats)?))
                    }
                    _ => formula(k, val, &kpath, lang, pats)?,
                });
            }
            Ok(Formula::Either(out))
        }
        "patterns" => {
            let c = conjunction(v, path, lang, pats)?;
            if c.positives.is_empty() && c.insides.is_empty() {
                return bad(
                    path,
                    "`patterns` needs at least one positive entry (pattern, pattern-inside, pattern-either, pattern-regex or patterns)",
                );
            }
            Ok(Formula::And(Box::new(c)))
        }
        other => bad(path, format!("unknown operator `{other}`")),
    }
}

/// The entries of a `patterns` list, grouped by how they combine. A conjunction without a
/// positive entry is only valid under `metavariable-pattern`, where the bound code is the
/// starting range; the callers check.
fn conjunction(
    v: &Value,
    path: &str,
    lang: Option<Language>,
    pats: &mut Vec<Arc<Pattern>>,
) -> R<Conjunction> {
    let items = as_list(v, path)?;
    if items.is_empty() {
        return bad(path, "`patterns` needs at least one entry");
    }
    let mut c = Conjunction::default();
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        let (k, val) = single_key(item, &ipath, CONJ_KEYS)?;
        let kpath = format!("{ipath}.{k}");
        match k {
            "pattern" | "patterns" | "pattern-either" | "pattern-regex" => {
                let f = formula(k, val, &kpath, lang, pats)?;
                if f.all_inside() {
                    c.insides.push(f);
                } else {
                    c.positives.push(f);
                }
            }
            "pattern-inside" => c.insides.push(inner_formula(val, &kpath, lang, pats)?),
            "semgrep-internal-pattern-anywhere" => {
                c.anywheres.push(inner_formula(val, &kpath, lang, pats)?)
            }
            "pattern-not" => c.nots.push(inner_formula(val, &kpath, lang, pats)?),
            "pattern-not-inside" => c.not_insides.push(inner_formula(val, &kpath, lang, pats)?),
            "pattern-not-regex" => {
                c.not_regexes
                    .push(compile_regex(as_str(val, &kpath)?, &kpath, false)?)
            }
            "metavariable-regex" => {
                let o = as_obj(val, &kpath)?;
                check_keys(
                    o,
                    &kpath,
                    &["metavariable", "regex", "constant-propagation"],
                )?;
                let name = mv_name(
                    as_str(req(o, "metavariable", &kpath)?, &kpath)?,
                    &format!("{kpath}.metavariable"),
                )?;
                let rpath = format!("{kpath}.regex");
                let regex = compile_regex(as_str(req(o, "regex", &kpath)?, &rpath)?, &rpath, true)?;
                c.conditions.push(Condition::Regex { name, regex });
            }
            "metavariable-pattern" => {
                c.conditions
                    .push(metavariable_pattern(val, &kpath, lang, pats)?);
            }
            "metavariable-analysis" => {
                let o = as_obj(val, &kpath)?;
                check_keys(o, &kpath, &["metavariable", "analyzer", "options"])?;
                let name = mv_name(
                    as_str(req(o, "metavariable", &kpath)?, &kpath)?,
                    &format!("{kpath}.metavariable"),
                )?;
                let apath = format!("{kpath}.analyzer");
                match as_str(req(o, "analyzer", &kpath)?, &apath)? {
                    "entropy" => c.conditions.push(Condition::Entropy { name }),
                    "token-checksum" => c.conditions.push(Condition::TokenChecksum { name }),
                    other => {
                        return bad(
                            &apath,
                            format!(
                                "analyzer `{other}` is not supported (Ferret has `entropy` and \
                                 `token-checksum`)"
                            ),
                        );
                    }
                }
            }
            "metavariable-type" => {
                let o = as_obj(val, &kpath)?;
                check_keys(o, &kpath, &["metavariable", "type", "types", "language"])?;
                let name = mv_name(
                    as_str(req(o, "metavariable", &kpath)?, &kpath)?,
                    &format!("{kpath}.metavariable"),
                )?;
                let mut types = Vec::new();
                for key in ["type", "types"] {
                    if let Some(t) = o.get(key) {
                        types.extend(strings(t, &format!("{kpath}.{key}"))?);
                    }
                }
                if types.is_empty() {
                    return bad(&kpath, "`metavariable-type` needs `type` or `types`");
                }
                c.conditions.push(Condition::Type {
                    name,
                    types: types.into(),
                });
            }
            "metavariable-comparison" => {
                let o = as_obj(val, &kpath)?;
                check_keys(o, &kpath, &["metavariable", "comparison", "strip", "base"])?;
                if let Some(m) = o.get("metavariable") {
                    mv_name(as_str(m, &kpath)?, &format!("{kpath}.metavariable"))?;
                }
                if o.get("strip").is_some_and(|s| s != &Value::Bool(false)) {
                    return bad(
                        &format!("{kpath}.strip"),
                        "`strip: true` is not supported; use `int(str($X))`",
                    );
                }
                if o.get("base").is_some_and(|b| b.as_i64() != Some(10)) {
                    return bad(&format!("{kpath}.base"), "only `base: 10` is supported");
                }
                let cpath = format!("{kpath}.comparison");
                let text = as_str(req(o, "comparison", &kpath)?, &cpath)?;
                let cmp = Comparison::parse(text).or_else(|e| bad(&cpath, e.to_string()))?;
                c.conditions.push(Condition::Comparison(Arc::new(cmp)));
            }
            "focus-metavariable" => {
                let names = strings(val, &kpath)?
                    .iter()
                    .enumerate()
                    .map(|(j, s)| mv_name(s, &format!("{kpath}[{j}]")))
                    .collect::<R<Vec<_>>>()?;
                c.focus.push(names);
            }
            _ => unreachable!("single_key checked the key"),
        }
    }
    Ok(c)
}

/// `metavariable-pattern`: a formula that must match inside the metavariable's binding. Its
/// `patterns` may consist of filters only (`pattern-not`, `pattern-not-regex`...), which then
/// apply to the bound code itself.
fn metavariable_pattern(
    val: &Value,
    kpath: &str,
    lang: Option<Language>,
    pats: &mut Vec<Arc<Pattern>>,
) -> R<Condition> {
    let o = as_obj(val, kpath)?;
    check_keys(
        o,
        kpath,
        &[
            "metavariable",
            "language",
            "pattern",
            "patterns",
            "pattern-either",
            "pattern-regex",
        ],
    )?;
    let name = mv_name(
        as_str(req(o, "metavariable", kpath)?, kpath)?,
        &format!("{kpath}.metavariable"),
    )?;
    let mut sub_lang = lang;
    if let Some(l) = o.get("language") {
        let lpath = format!("{kpath}.language");
        let l = as_str(l, &lpath)?;
        if matches!(l, "generic" | "regex") {
            sub_lang = None;
        } else {
            let parsed: Language = l.parse().or_else(|e| bad(&lpath, format!("{e}")))?;
            if Some(parsed) != lang {
                return foreign_pattern(o, kpath, name, parsed);
            }
        }
    }
    let fk = one_formula_key(
        o,
        kpath,
        "`metavariable-pattern` needs exactly one of pattern, patterns, pattern-either, pattern-regex",
    )?;
    let fpath = format!("{kpath}.{fk}");
    let f = if fk == "patterns" {
        Formula::And(Box::new(conjunction(&o[fk], &fpath, sub_lang, pats)?))
    } else {
        formula(fk, &o[fk], &fpath, sub_lang, pats)?
    };
    Ok(Condition::Pattern {
        name,
        formula: Box::new(f),
    })
}

/// `metavariable-pattern` in another programming language than the rule's: its patterns are
/// compiled for that language into a plan of their own.
fn foreign_pattern(
    o: &serde_json::Map<String, Value>,
    kpath: &str,
    name: Arc<str>,
    lang: Language,
) -> R<Condition> {
    let fk = one_formula_key(
        o,
        kpath,
        "`metavariable-pattern` needs exactly one of pattern, patterns, pattern-either, pattern-regex",
    )?;
    let fpath = format!("{kpath}.{fk}");
    let mut pats = Vec::new();
    let f = if fk == "patterns" {
        Formula::And(Box::new(conjunction(
            &o[fk],
            &fpath,
            Some(lang),
            &mut pats,
        )?))
    } else {
        formula(fk, &o[fk], &fpath, Some(lang), &mut pats)?
    };
    Ok(Condition::Foreign {
        name,
        plan: Arc::new(MatchPlan::new(lang, pats)),
        formula: Box::new(f),
    })
}

/// `pattern-inside`, `pattern-not` and `pattern-not-inside` take a pattern string, or a nested
/// formula mapping.
fn inner_formula(
    v: &Value,
    path: &str,
    lang: Option<Language>,
    pats: &mut Vec<Arc<Pattern>>,
) -> R<Formula> {
    match v {
        Value::String(_) => formula("pattern", v, path, lang, pats),
        Value::Object(_) => {
            let (k, val) = single_key(v, path, FORMULA_KEYS)?;
            formula(k, val, &format!("{path}.{k}"), lang, pats)
        }
        other => bad(
            path,
            format!("expected a pattern string, found {}", kind(other)),
        ),
    }
}

pub(super) const CONJ_KEYS: &[&str] = &[
    "pattern",
    "patterns",
    "pattern-either",
    "pattern-regex",
    "pattern-inside",
    "semgrep-internal-pattern-anywhere",
    "pattern-not",
    "pattern-not-inside",
    "pattern-not-regex",
    "metavariable-regex",
    "metavariable-pattern",
    "metavariable-comparison",
    "metavariable-analysis",
    "metavariable-type",
    "focus-metavariable",
];
