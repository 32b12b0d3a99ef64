//! Loading rule files: YAML to checked, compiled [`Rule`]s with precise errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferret_core::{Confidence, Cwe, RuleInfo, Severity};
use ferret_lang::Language;
use ferret_pattern::{Comparison, Condition, Conjunction, Formula, Pattern};
use globset::{GlobBuilder, GlobSetBuilder};
use regex::Regex;
use serde_json::{Map, Value};

use crate::taint::{Propagator, TaintSpec, TaintSpot};
use crate::{LangFormula, PathFilter, Rule, RuleMode};

/// Why rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The file or directory could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The path.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid YAML.
    #[error("{file}: invalid YAML: {message}")]
    Yaml {
        /// The path.
        file: PathBuf,
        /// The parser's message, with its line and column.
        message: String,
    },
    /// A rule is malformed.
    #[error("{file}:{line}: rule `{rule}`: at `{path}`: {message}")]
    Invalid {
        /// The path.
        file: PathBuf,
        /// Line of the rule's `id` (1-based; 0 when unknown).
        line: usize,
        /// The rule id, or `?` when it has none.
        rule: String,
        /// YAML path of the bad value, e.g. `rules[0].patterns[2].pattern-not`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Two rules share an id.
    #[error("duplicate rule id `{id}`: in {first} and in {second}")]
    Duplicate {
        /// The id.
        id: String,
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// A directory holds no rule file.
    #[error("{0}: no rule files (.yaml or .yml) found")]
    NoRules(PathBuf),
}

/// A problem inside one rule: YAML path and message.
pub(crate) struct Bad(String, String);

pub(crate) type R<T> = Result<T, Bad>;

pub(crate) fn bad<T>(path: &str, msg: impl Into<String>) -> R<T> {
    Err(Bad(path.to_string(), msg.into()))
}

/// Loads every rule in a YAML file, or in every `.yaml`/`.yml` file under a directory.
pub fn load_path(path: &Path) -> Result<Vec<Rule>, RuleError> {
    let meta = std::fs::metadata(path).map_err(|source| RuleError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        let text = std::fs::read_to_string(path).map_err(|source| RuleError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        return load_str(&text, path);
    }
    let mut files = Vec::new();
    collect_yaml(path, &mut files)?;
    if files.is_empty() {
        return Err(RuleError::NoRules(path.to_path_buf()));
    }
    files.sort();
    let mut rules = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|source| RuleError::Io {
            file: f.clone(),
            source,
        })?;
        rules.extend(load_str(&text, &f)?);
    }
    Ok(rules)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), RuleError> {
    let entries = std::fs::read_dir(dir).map_err(|source| RuleError::Io {
        file: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| RuleError::Io {
            file: dir.to_path_buf(),
            source,
        })?;
        let p = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            collect_yaml(&p, out)?;
        } else if (name.ends_with(".yaml") || name.ends_with(".yml"))
            && !name.ends_with(".test.yaml")
            && !name.ends_with(".test.yml")
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Loads the rules of one YAML document; `file` is used in errors and as the rules' origin.
pub fn load_str(text: &str, file: &Path) -> Result<Vec<Rule>, RuleError> {
    let doc: Value = serde_saphyr::from_str(text).map_err(|e| RuleError::Yaml {
        file: file.to_path_buf(),
        message: e.to_string(),
    })?;
    let invalid = |line: usize, rule: &str, Bad(path, message): Bad| RuleError::Invalid {
        file: file.to_path_buf(),
        line,
        rule: rule.to_string(),
        path,
        message,
    };
    let Value::Object(top) = &doc else {
        return Err(invalid(
            0,
            "?",
            Bad(
                "".into(),
                "a rule file is a mapping with a `rules:` list".into(),
            ),
        ));
    };
    for key in top.keys() {
        if key != "rules" {
            return Err(invalid(
                0,
                "?",
                Bad(
                    key.clone(),
                    format!("unknown top-level key `{key}` (expected `rules`)"),
                ),
            ));
        }
    }
    let Some(Value::Array(list)) = top.get("rules") else {
        return Err(invalid(
            0,
            "?",
            Bad("rules".into(), "`rules` must be a list of rules".into()),
        ));
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let path = format!("rules[{i}]");
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        let line = find_line(text, &id);
        let rule = parse_rule(v, &path, file).map_err(|b| invalid(line, &id, b))?;
        out.push(rule);
    }
    Ok(out)
}

fn find_line(text: &str, id: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix("id:")
                .is_some_and(|rest| rest.trim().trim_matches(|c| c == '"' || c == '\'') == id)
        })
        .map(|i| i + 1)
        .unwrap_or(0)
}

const RULE_KEYS: &[&str] = &[
    "id",
    "message",
    "severity",
    "languages",
    "metadata",
    "paths",
    "fix",
    "mode",
    "options",
    "min-version",
    "max-version",
    "pattern",
    "patterns",
    "pattern-either",
    "pattern-regex",
    "pattern-sources",
    "pattern-sinks",
    "pattern-sanitizers",
    "pattern-propagators",
    "analyzer",
    "check",
];

pub(crate) const FORMULA_KEYS: &[&str] =
    &["pattern", "patterns", "pattern-either", "pattern-regex"];

pub(crate) fn as_str<'a>(v: &'a Value, path: &str) -> R<&'a str> {
    v.as_str().map_or_else(
        || bad(path, format!("expected a string, found {}", kind(v))),
        Ok,
    )
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn as_obj<'a>(v: &'a Value, path: &str) -> R<&'a Map<String, Value>> {
    v.as_object().map_or_else(
        || bad(path, format!("expected a mapping, found {}", kind(v))),
        Ok,
    )
}

fn as_list<'a>(v: &'a Value, path: &str) -> R<&'a Vec<Value>> {
    v.as_array().map_or_else(
        || bad(path, format!("expected a list, found {}", kind(v))),
        Ok,
    )
}

/// A string or a list of strings.
fn strings(v: &Value, path: &str) -> R<Vec<String>> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                other => bad(
                    &format!("{path}[{i}]"),
                    format!("expected a string, found {}", kind(other)),
                ),
            })
            .collect(),
        Value::Number(n) => Ok(vec![n.to_string()]),
        other => bad(
            path,
            format!(
                "expected a string or a list of strings, found {}",
                kind(other)
            ),
        ),
    }
}

fn mv_name(s: &str, path: &str) -> R<Arc<str>> {
    let name = s.trim();
    let ok = name.len() > 1
        && name.starts_with('$')
        && name[1..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if !ok {
        return bad(
            path,
            format!("`{name}` is not a metavariable (expected `$` and capitals, like `$X`)"),
        );
    }
    Ok(Arc::from(&name[1..]))
}

fn compile_regex(re: &str, path: &str, anchored: bool) -> R<Arc<Regex>> {
    let src = if anchored {
        format!("^(?:{re})")
    } else {
        format!("(?m){re}")
    };
    Regex::new(&src)
        .map(Arc::new)
        .or_else(|e| bad(path, format!("invalid regex: {e}")))
}

/// Compiles the formula under `key` (a formula operator) with value `v`.
fn formula(
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
                return bad(
                    path,
                    "`pattern` needs a programming language; `generic` and `regex` rules take only `pattern-regex`",
                );
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
                let (k, val) = single_key(item, &ipath, FORMULA_KEYS)?;
                out.push(formula(k, val, &format!("{ipath}.{k}"), lang, pats)?);
            }
            Ok(Formula::Either(out))
        }
        "patterns" => {
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
                        c.positives.push(formula(k, val, &kpath, lang, pats)?)
                    }
                    "pattern-inside" => c.insides.push(inner_formula(val, &kpath, lang, pats)?),
                    "pattern-not" => c.nots.push(inner_formula(val, &kpath, lang, pats)?),
                    "pattern-not-inside" => {
                        c.not_insides.push(inner_formula(val, &kpath, lang, pats)?)
                    }
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
                        let regex =
                            compile_regex(as_str(req(o, "regex", &kpath)?, &rpath)?, &rpath, true)?;
                        c.conditions.push(Condition::Regex { name, regex });
                    }
                    "metavariable-pattern" => {
                        let o = as_obj(val, &kpath)?;
                        check_keys(
                            o,
                            &kpath,
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
                            as_str(req(o, "metavariable", &kpath)?, &kpath)?,
                            &format!("{kpath}.metavariable"),
                        )?;
                        let mut sub_lang = lang;
                        if let Some(l) = o.get("language") {
                            let lpath = format!("{kpath}.language");
                            let l = as_str(l, &lpath)?;
                            if matches!(l, "generic" | "regex") {
                                sub_lang = None;
                            } else {
                                let parsed: Language =
                                    l.parse().or_else(|e| bad(&lpath, format!("{e}")))?;
                                if Some(parsed) != lang {
                                    return bad(
                                        &lpath,
                                        format!(
                                            "a `metavariable-pattern` in another language ({parsed}) than the rule's is not supported"
                                        ),
                                    );
                                }
                            }
                        }
                        let fk = one_formula_key(
                            o,
                            &kpath,
                            "`metavariable-pattern` needs exactly one of pattern, patterns, pattern-either, pattern-regex",
                        )?;
                        let f = formula(fk, &o[fk], &format!("{kpath}.{fk}"), sub_lang, pats)?;
                        c.conditions.push(Condition::Pattern {
                            name,
                            formula: Box::new(f),
                        });
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
                            other => {
                                return bad(
                                    &apath,
                                    format!(
                                        "analyzer `{other}` is not supported (Ferret has `entropy`)"
                                    ),
                                );
                            }
                        }
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
                        let cmp =
                            Comparison::parse(text).or_else(|e| bad(&cpath, e.to_string()))?;
                        c.conditions.push(Condition::Comparison(Arc::new(cmp)));
                    }
                    "focus-metavariable" => {
                        for (j, s) in strings(val, &kpath)?.iter().enumerate() {
                            c.focus.push(mv_name(s, &format!("{kpath}[{j}]"))?);
                        }
                    }
                    _ => unreachable!("single_key checked the key"),
                }
            }
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

const CONJ_KEYS: &[&str] = &[
    "pattern",
    "patterns",
    "pattern-either",
    "pattern-regex",
    "pattern-inside",
    "pattern-not",
    "pattern-not-inside",
    "pattern-not-regex",
    "metavariable-regex",
    "metavariable-pattern",
    "metavariable-comparison",
    "metavariable-analysis",
    "focus-metavariable",
];

/// The one formula operator (`pattern`, `patterns`, `pattern-either`, `pattern-regex`) of a
/// mapping that also holds options.
fn one_formula_key<'a>(o: &'a Map<String, Value>, path: &str, msg: &str) -> R<&'a str> {
    let mut keys = o
        .keys()
        .map(String::as_str)
        .filter(|k| FORMULA_KEYS.contains(k));
    match (keys.next(), keys.next()) {
        (Some(k), None) => Ok(k),
        _ => bad(path, msg),
    }
}

fn single_key<'a>(v: &'a Value, path: &str, allowed: &[&str]) -> R<(&'a str, &'a Value)> {
    let o = as_obj(v, path)?;
    let keys: Vec<&String> = o.keys().collect();
    if keys.len() != 1 {
        return bad(
            path,
            format!(
                "each entry has exactly one operator, found {}: {}",
                keys.len(),
                keys.iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let k = keys[0].as_str();
    if !allowed.contains(&k) {
        return bad(
            &format!("{path}.{k}"),
            format!(
                "unknown operator `{k}` here (expected one of: {})",
                allowed.join(", ")
            ),
        );
    }
    Ok((k, &o[k]))
}

fn check_keys(o: &Map<String, Value>, path: &str, allowed: &[&str]) -> R<()> {
    for k in o.keys() {
        if !allowed.contains(&k.as_str()) {
            return bad(
                &format!("{path}.{k}"),
                format!(
                    "unknown key `{k}` (expected one of: {})",
                    allowed.join(", ")
                ),
            );
        }
    }
    Ok(())
}

pub(crate) fn req<'a>(o: &'a Map<String, Value>, key: &str, path: &str) -> R<&'a Value> {
    o.get(key)
        .map_or_else(|| bad(path, format!("missing required key `{key}`")), Ok)
}

fn lang_formulas(key: &str, v: &Value, path: &str, langs: &[Language]) -> R<Vec<LangFormula>> {
    let mut out = Vec::new();
    for &lang in langs {
        let mut patterns = Vec::new();
        let f = formula(key, v, path, Some(lang), &mut patterns)?;
        out.push(LangFormula {
            lang,
            formula: f,
            patterns,
        });
    }
    Ok(out)
}

fn parse_rule(v: &Value, path: &str, file: &Path) -> R<Rule> {
    let o = as_obj(v, path)?;
    check_keys(o, path, RULE_KEYS)?;
    let id = as_str(req(o, "id", path)?, &format!("{path}.id"))?.to_string();
    if id.is_empty() || id.contains(char::is_whitespace) {
        return bad(
            &format!("{path}.id"),
            "a rule id is non-empty and has no spaces",
        );
    }
    let message = as_str(req(o, "message", path)?, &format!("{path}.message"))?.to_string();
    let severity: Severity = as_str(req(o, "severity", path)?, &format!("{path}.severity"))?
        .parse()
        .or_else(|e: String| bad(&format!("{path}.severity"), e))?;
    let lpath = format!("{path}.languages");
    let lang_names = strings(req(o, "languages", path)?, &lpath)?;
    if lang_names.is_empty() {
        return bad(&lpath, "at least one language is required");
    }
    let mut languages = Vec::new();
    let mut text_only = false;
    for (i, l) in lang_names.iter().enumerate() {
        match l.to_ascii_lowercase().as_str() {
            "regex" | "generic" | "none" => text_only = true,
            _ => {
                let lang: Language = l
                    .parse()
                    .or_else(|e| bad(&format!("{lpath}[{i}]"), format!("{e}")))?;
                if !languages.contains(&lang) {
                    languages.push(lang);
                }
                if lang == Language::TypeScript && !languages.contains(&Language::Tsx) {
                    languages.push(Language::Tsx);
                }
            }
        }
    }
    if text_only && !languages.is_empty() {
        return bad(
            &lpath,
            "`regex`/`generic` cannot be mixed with programming languages",
        );
    }
    let mode = match o.get("mode") {
        None => "search",
        Some(m) => as_str(m, &format!("{path}.mode"))?,
    };
    let metadata = o.get("metadata").cloned().unwrap_or(Value::Null);
    if !metadata.is_null() {
        as_obj(&metadata, &format!("{path}.metadata"))?;
    }
    let mpath = format!("{path}.metadata");
    let cwe = match metadata.get("cwe") {
        None => Vec::new(),
        Some(v) => strings(v, &format!("{mpath}.cwe"))?
            .iter()
            .enumerate()
            .map(|(i, s)| {
                s.parse::<Cwe>()
                    .or_else(|e| bad(&format!("{mpath}.cwe[{i}]"), e.to_string()))
            })
            .collect::<R<Vec<_>>>()?,
    };
    let owasp = match metadata.get("owasp") {
        None => Vec::new(),
        Some(v) => strings(v, &format!("{mpath}.owasp"))?,
    };
    let references = match metadata.get("references") {
        None => Vec::new(),
        Some(v) => strings(v, &format!("{mpath}.references"))?,
    };
    let confidence = match metadata.get("confidence") {
        None => Confidence::Medium,
        Some(v) => as_str(v, &format!("{mpath}.confidence"))?
            .parse()
            .or_else(|e: String| bad(&format!("{mpath}.confidence"), e))?,
    };
    let docs = match metadata.get("docs") {
        None => None,
        Some(v) => Some(as_str(v, &format!("{mpath}.docs"))?.to_string()),
    };
    let paths = match o.get("paths") {
        None => PathFilter::default(),
        Some(p) => parse_paths(p, &format!("{path}.paths"))?,
    };
    let fix = match o.get("fix") {
        None => None,
        Some(f) => Some(as_str(f, &format!("{path}.fix"))?.to_string()),
    };
    if let Some(opts) = o.get("options") {
        as_obj(opts, &format!("{path}.options"))?;
    }

    if mode != "analysis" {
        for k in ["analyzer", "check"] {
            if o.contains_key(k) {
                return bad(
                    &format!("{path}.{k}"),
                    format!("`{k}` needs `mode: analysis`"),
                );
            }
        }
    }
    let mut formulas = Vec::new();
    let mut text_formula = None;
    let rule_mode = match mode {
        "search" => {
            for k in [
                "pattern-sources",
                "pattern-sinks",
                "pattern-sanitizers",
                "pattern-propagators",
            ] {
                if o.contains_key(k) {
                    return bad(&format!("{path}.{k}"), format!("`{k}` needs `mode: taint`"));
                }
            }
            let present: Vec<&str> = FORMULA_KEYS
                .iter()
                .copied()
                .filter(|k| o.contains_key(*k))
                .collect();
            if present.len() != 1 {
                return bad(
                    path,
                    format!(
                        "a search rule needs exactly one of pattern, patterns, pattern-either, pattern-regex (found {})",
                        if present.is_empty() {
                            "none".to_string()
                        } else {
                            present.join(", ")
                        }
                    ),
                );
            }
            let k = present[0];
            let kpath = format!("{path}.{k}");
            if text_only {
                let mut none = Vec::new();
                text_formula = Some(formula(k, &o[k], &kpath, None, &mut none)?);
            } else {
                formulas = lang_formulas(k, &o[k], &kpath, &languages)?;
            }
            RuleMode::Search
        }
        "taint" => {
            if text_only {
                return bad(&lpath, "taint rules need a programming language");
            }
            for k in FORMULA_KEYS {
                if o.contains_key(*k) {
                    return bad(
                        &format!("{path}.{k}"),
                        format!(
                            "`{k}` is not allowed in a taint rule; use pattern-sources and pattern-sinks"
                        ),
                    );
                }
            }
            let spec = TaintSpec {
                sources: spots(
                    req(o, "pattern-sources", path)?,
                    &format!("{path}.pattern-sources"),
                    &languages,
                    true,
                )?,
                sinks: spots(
                    req(o, "pattern-sinks", path)?,
                    &format!("{path}.pattern-sinks"),
                    &languages,
                    true,
                )?,
                sanitizers: match o.get("pattern-sanitizers") {
                    None => Vec::new(),
                    Some(v) => spots(v, &format!("{path}.pattern-sanitizers"), &languages, false)?,
                },
                propagators: match o.get("pattern-propagators") {
                    None => Vec::new(),
                    Some(v) => propagators(v, &format!("{path}.pattern-propagators"), &languages)?,
                },
            };
            RuleMode::Taint(Box::new(spec))
        }
        "analysis" => RuleMode::Analysis(crate::analysis::spec(o, path, &languages, text_only)?),
        other => {
            return bad(
                &format!("{path}.mode"),
                format!("unknown mode `{other}` (expected search, taint or analysis)"),
            );
        }
    };

    let mut help = String::new();
    match &docs {
        Some(d) => help.push_str(d.trim()),
        None => help.push_str(message.trim()),
    }
    if !references.is_empty() && !help.contains("References") {
        help.push_str("\n\n**References**\n");
        for r in &references {
            help.push_str(&format!("- {r}\n"));
        }
    }
    let info = RuleInfo {
        id: id.clone(),
        short_description: message.lines().next().unwrap_or("").trim().to_string(),
        help,
        severity,
        confidence,
        cwe,
        owasp,
        references,
        languages: if text_only {
            vec!["generic".into()]
        } else {
            languages
                .iter()
                .filter(|l| **l != Language::Tsx || !languages.contains(&Language::TypeScript))
                .map(|l| l.name().to_string())
                .collect()
        },
        taint: matches!(rule_mode, RuleMode::Taint(_)),
    };
    Ok(Rule {
        info,
        message,
        languages,
        formulas,
        text_formula,
        mode: rule_mode,
        paths,
        fix,
        metadata,
        origin: file.to_path_buf(),
    })
}

fn parse_paths(v: &Value, path: &str) -> R<PathFilter> {
    let o = as_obj(v, path)?;
    check_keys(o, path, &["include", "exclude"])?;
    let build = |key: &str| -> R<Option<globset::GlobSet>> {
        let Some(list) = o.get(key) else {
            return Ok(None);
        };
        let kpath = format!("{path}.{key}");
        let mut b = GlobSetBuilder::new();
        for (i, g) in strings(list, &kpath)?.iter().enumerate() {
            let g = g.trim_start_matches('/');
            let mut add = |pat: &str| -> R<()> {
                let glob = GlobBuilder::new(pat)
                    .literal_separator(false)
                    .build()
                    .or_else(|e| bad(&format!("{kpath}[{i}]"), format!("invalid glob: {e}")))?;
                b.add(glob);
                Ok(())
            };
            add(g)?;
            // A directory pattern also covers what is inside it.
            add(&format!("{}/**", g.trim_end_matches('/')))?;
        }
        b.build()
            .map(Some)
            .or_else(|e| bad(&kpath, format!("invalid globs: {e}")))
    };
    Ok(PathFilter {
        include: build("include")?,
        exclude: build("exclude")?,
    })
}

fn spots(v: &Value, path: &str, langs: &[Language], need_one: bool) -> R<Vec<TaintSpot>> {
    let items = as_list(v, path)?;
    if need_one && items.is_empty() {
        return bad(path, "needs at least one entry");
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        let o = as_obj(item, &ipath)?;
        check_keys(
            o,
            &ipath,
            &[
                "pattern",
                "patterns",
                "pattern-either",
                "pattern-regex",
                "by-side-effect",
                "exact",
                "label",
                "requires",
                "control",
            ],
        )?;
        let k = one_formula_key(
            o,
            &ipath,
            "each entry needs exactly one of pattern, patterns, pattern-either, pattern-regex",
        )?;
        let flag = |name: &str| -> R<bool> {
            match o.get(name) {
                None => Ok(false),
                Some(Value::Bool(b)) => Ok(*b),
                Some(Value::String(s)) if s == "only" => Ok(true),
                Some(other) => bad(
                    &format!("{ipath}.{name}"),
                    format!("expected true or false, found {}", kind(other)),
                ),
            }
        };
        let opt_str = |name: &str| -> R<Option<String>> {
            o.get(name)
                .map(|v| as_str(v, &format!("{ipath}.{name}")).map(str::to_string))
                .transpose()
        };
        out.push(TaintSpot {
            formulas: lang_formulas(k, &o[k], &format!("{ipath}.{k}"), langs)?,
            by_side_effect: flag("by-side-effect")?,
            side_effect_only: o.get("by-side-effect") == Some(&Value::String("only".into())),
            exact: flag("exact")?,
            label: opt_str("label")?,
            requires: opt_str("requires")?,
        });
    }
    Ok(out)
}

fn propagators(v: &Value, path: &str, langs: &[Language]) -> R<Vec<Propagator>> {
    let items = as_list(v, path)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        let o = as_obj(item, &ipath)?;
        check_keys(
            o,
            &ipath,
            &[
                "pattern",
                "patterns",
                "pattern-either",
                "from",
                "to",
                "by-side-effect",
                "label",
                "requires",
                "replace-labels",
            ],
        )?;
        let k = one_formula_key(
            o,
            &ipath,
            "each propagator needs exactly one of pattern, patterns, pattern-either",
        )?;
        let from = mv_name(
            as_str(req(o, "from", &ipath)?, &format!("{ipath}.from"))?,
            &format!("{ipath}.from"),
        )?;
        let to = mv_name(
            as_str(req(o, "to", &ipath)?, &format!("{ipath}.to"))?,
            &format!("{ipath}.to"),
        )?;
        out.push(Propagator {
            formulas: lang_formulas(k, &o[k], &format!("{ipath}.{k}"), langs)?,
            from: from.to_string(),
            to: to.to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(yaml: &str) -> Result<Vec<Rule>, RuleError> {
        load_str(yaml, Path::new("rules/test.yaml"))
    }

    fn err(yaml: &str) -> String {
        load(yaml).unwrap_err().to_string()
    }

    #[test]
    fn loads_a_full_rule() {
        let rules = load(
            r#"
rules:
  - id: py.cmd
    message: "os.system with $X"
    severity: ERROR
    languages: [python]
    metadata:
      cwe: ["CWE-78: OS Command Injection"]
      owasp: "A03:2021 - Injection"
      confidence: HIGH
      references: ["https://cwe.mitre.org/data/definitions/78.html"]
    paths:
      exclude: ["tests/"]
    patterns:
      - pattern: os.system($X)
      - pattern-not: os.system("...")
      - pattern-inside: |
          def $F(...):
            ...
      - metavariable-regex:
          metavariable: $X
          regex: ^[a-z]
      - focus-metavariable: $X
"#,
        )
        .unwrap();
        let r = &rules[0];
        assert_eq!(r.info.id, "py.cmd");
        assert_eq!(r.info.severity, Severity::High);
        assert_eq!(r.info.confidence, Confidence::High);
        assert_eq!(r.info.cwe, vec![Cwe(78)]);
        assert_eq!(r.formulas.len(), 1);
        assert_eq!(r.formulas[0].patterns.len(), 3);
        assert!(!r.paths.allows("tests/test_a.py"));
        assert!(!r.paths.allows("src/tests/test_a.py"));
        assert!(r.paths.allows("src/a.py"));
    }

    #[test]
    fn malformed_yaml_names_the_file() {
        let e = err("rules:\n  - id: x\n    message: [unclosed\n");
        assert!(e.starts_with("rules/test.yaml: invalid YAML"), "{e}");
    }

    #[test]
    fn unknown_keys_and_operators_name_the_yaml_path() {
        let e = err(
            "rules:\n  - id: r1\n    message: m\n    severity: INFO\n    languages: [python]\n    pattern: foo()\n    patern-not: bar()\n",
        );
        assert!(
            e.contains("rules/test.yaml:2: rule `r1`: at `rules[0].patern-not`: unknown key"),
            "{e}"
        );
        let e = err(
            "rules:\n  - id: r2\n    message: m\n    severity: INFO\n    languages: [python]\n    patterns:\n      - pattern: foo()\n      - pattern-nope: bar()\n",
        );
        assert!(
            e.contains("at `rules[0].patterns[1].pattern-nope`: unknown operator `pattern-nope`"),
            "{e}"
        );
    }

    #[test]
    fn bad_patterns_regexes_and_values_are_errors() {
        let base = "rules:\n  - id: r\n    message: m\n    severity: INFO\n    languages: [java]\n";
        let e = err(&format!("{base}    pattern: 'class {{ void ('\n"));
        assert!(
            e.contains("at `rules[0].pattern`: pattern does not parse as java"),
            "{e}"
        );
        let e = err(&format!("{base}    pattern-regex: '(unclosed'\n"));
        assert!(e.contains("invalid regex"), "{e}");
        let e = err(
            "rules:\n  - id: r\n    message: m\n    severity: SEVERE\n    languages: [java]\n    pattern: f()\n",
        );
        assert!(
            e.contains("rules[0].severity") && e.contains("unknown severity"),
            "{e}"
        );
        let e = err(
            "rules:\n  - id: r\n    message: m\n    severity: INFO\n    languages: [cobol]\n    pattern: f()\n",
        );
        assert!(
            e.contains("rules[0].languages[0]") && e.contains("unknown language"),
            "{e}"
        );
        let e =
            err("rules:\n  - id: r\n    message: m\n    severity: INFO\n    languages: [java]\n");
        assert!(e.contains("needs exactly one of pattern"), "{e}");
        let e = err(&format!(
            "{base}    patterns:\n      - pattern: f($X)\n      - metavariable-comparison:\n          metavariable: $X\n          comparison: $X >\n"
        ));
        assert!(
            e.contains("rules[0].patterns[1].metavariable-comparison.comparison"),
            "{e}"
        );
        let e = err(&format!(
            "{base}    patterns:\n      - pattern: f($X)\n      - focus-metavariable: X\n"
        ));
        assert!(e.contains("is not a metavariable"), "{e}");
    }

    #[test]
    fn taint_rules_are_validated() {
        let ok = load("rules:\n  - id: t\n    mode: taint\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern-sources:\n      - pattern: input()\n    pattern-sinks:\n      - patterns:\n          - pattern: os.system($X)\n          - focus-metavariable: $X\n    pattern-sanitizers:\n      - pattern: shlex.quote(...)\n        by-side-effect: true\n    pattern-propagators:\n      - pattern: $L.append($R)\n        from: $R\n        to: $L\n").unwrap();
        let RuleMode::Taint(spec) = &ok[0].mode else {
            panic!("expected taint");
        };
        assert_eq!(spec.sources.len(), 1);
        assert!(spec.sanitizers[0].by_side_effect);
        assert_eq!(spec.propagators[0].from, "R");
        let e = err(
            "rules:\n  - id: t\n    mode: taint\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern-sources:\n      - pattern: input()\n",
        );
        assert!(e.contains("missing required key `pattern-sinks`"), "{e}");
        let e = err(
            "rules:\n  - id: t\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern: f()\n    pattern-sinks:\n      - pattern: g()\n",
        );
        assert!(e.contains("needs `mode: taint`"), "{e}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let mut rules = load("rules:\n  - id: d\n    message: m\n    severity: INFO\n    languages: [python]\n    pattern: f()\n").unwrap();
        rules.extend(load("rules:\n  - id: d\n    message: m\n    severity: INFO\n    languages: [python]\n    pattern: g()\n").unwrap());
        assert!(matches!(
            crate::RuleSet::new(rules),
            Err(RuleError::Duplicate { .. })
        ));
    }

    #[test]
    fn regex_rules_apply_to_any_text() {
        let r = load("rules:\n  - id: key\n    message: m\n    severity: INFO\n    languages: [regex]\n    pattern-regex: AKIA[0-9A-Z]{16}\n").unwrap();
        assert!(r[0].languages.is_empty());
        assert!(r[0].text_formula.is_some());
        let e = err(
            "rules:\n  - id: key\n    message: m\n    severity: INFO\n    languages: [generic]\n    pattern: foo\n",
        );
        assert!(e.contains("generic"), "{e}");
    }
}
