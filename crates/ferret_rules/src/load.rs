//! Loading rule files: YAML to checked, compiled [`Rule`]s with precise errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferret_core::{Confidence, Cwe, RuleInfo, RuleIssue, Severity};
use ferret_lang::Language;
use ferret_pattern::{GenericOptions, TextRegex};
use globset::{GlobBuilder, GlobSetBuilder};
use serde_json::{Map, Value};

use crate::taint::{Propagator, TaintSpec, TaintSpot};
use crate::{LangFormula, PathFilter, Rule, RuleMode};

mod formula;
mod match_syntax;
mod options;
use formula::formula;

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
    /// Neither a rule pack nor a rule file gave any rule.
    #[error("no rules to run")]
    Empty,
}

/// A problem inside one rule: YAML path and message.
pub(crate) struct Bad(String, String);

pub(crate) type R<T> = Result<T, Bad>;

pub(crate) fn bad<T>(path: &str, msg: impl Into<String>) -> R<T> {
    Err(Bad(path.to_string(), msg.into()))
}

/// Rules loaded from files, and the rules that could not be compiled.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The compiled rules.
    pub rules: Vec<Rule>,
    /// Rules that could not be compiled, with the file, rule id, YAML path and reason.
    pub skipped: Vec<RuleIssue>,
}

impl Loaded {
    /// The rules, or the first skipped rule as an error.
    pub fn strict(self) -> Result<Vec<Rule>, RuleError> {
        match self.skipped.into_iter().next() {
            Some(i) => Err(RuleError::from(i)),
            None => Ok(self.rules),
        }
    }
}

impl From<RuleIssue> for RuleError {
    fn from(i: RuleIssue) -> Self {
        RuleError::Invalid {
            file: PathBuf::from(i.file),
            line: i.line,
            rule: i.rule,
            path: i.path,
            message: i.message,
        }
    }
}

/// Loads every rule in a YAML file, or in every `.yaml`/`.yml` file under a directory. Any rule
/// that cannot be compiled is an error.
pub fn load_path(path: &Path) -> Result<Vec<Rule>, RuleError> {
    load_path_tolerant(path)?.strict()
}

/// Loads every rule in a YAML file, or in every `.yaml`/`.yml` file under a directory. A rule
/// that cannot be compiled is skipped and listed in [`Loaded::skipped`]; a file that cannot be
/// read or is not a rule file (invalid YAML, no `rules:` list) is still an error.
pub fn load_path_tolerant(path: &Path) -> Result<Loaded, RuleError> {
    load_path_with(path, &mut |_, _| {})
}

/// [`load_path_tolerant`], handing `seen` each rule file's path and text as it is read (in load
/// order), so that a caller can hash exactly the sources it loaded.
pub(crate) fn load_path_with(
    path: &Path,
    seen: &mut dyn FnMut(&Path, &str),
) -> Result<Loaded, RuleError> {
    let meta = std::fs::metadata(path).map_err(|source| RuleError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    let files = if meta.is_file() {
        vec![path.to_path_buf()]
    } else {
        let mut files = Vec::new();
        collect_yaml(path, &mut files)?;
        if files.is_empty() {
            return Err(RuleError::NoRules(path.to_path_buf()));
        }
        files.sort();
        files
    };
    let mut out = Loaded::default();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|source| RuleError::Io {
            file: f.clone(),
            source,
        })?;
        seen(&f, &text);
        let one = load_str_tolerant(&text, &f)?;
        out.rules.extend(one.rules);
        out.skipped.extend(one.skipped);
    }
    Ok(out)
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

/// Loads the rules of one YAML document; `file` is used in errors and as the rules' origin. Any
/// rule that cannot be compiled is an error.
pub fn load_str(text: &str, file: &Path) -> Result<Vec<Rule>, RuleError> {
    load_str_tolerant(text, file)?.strict()
}

/// Loads the rules of one YAML document, skipping (and listing) the rules that cannot be
/// compiled; only a document that is not a rule file is an error.
pub fn load_str_tolerant(text: &str, file: &Path) -> Result<Loaded, RuleError> {
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
    let mut out = Loaded::default();
    for (i, v) in list.iter().enumerate() {
        let path = format!("rules[{i}]");
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        let line = find_line(text, &id);
        match parse_rule(v, &path, file) {
            Ok(rule) => out.rules.push(rule),
            Err(Bad(path, message)) => out.skipped.push(RuleIssue {
                file: file.to_string_lossy().into_owned(),
                line,
                rule: id,
                path,
                message,
            }),
        }
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
    "fix-regex",
    "match",
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

/// What a `pattern-either` alternative may be.
const EITHER_KEYS: &[&str] = &[
    "pattern",
    "patterns",
    "pattern-either",
    "pattern-regex",
    "pattern-inside",
];

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

/// A metavariable's name without `$`: `$X` and the sequence form `$...X` both name `X`.
fn mv_name(s: &str, path: &str) -> R<Arc<str>> {
    let name = s.trim();
    let bare = name
        .strip_prefix('$')
        .map(|n| n.strip_prefix("...").unwrap_or(n));
    match bare {
        Some(b)
            if !b.is_empty()
                && b.bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_') =>
        {
            Ok(Arc::from(b))
        }
        _ => bad(
            path,
            format!("`{name}` is not a metavariable (expected `$` and capitals, like `$X`)"),
        ),
    }
}

fn compile_regex(re: &str, path: &str, anchored: bool) -> R<Arc<TextRegex>> {
    let src = if anchored {
        format!("^(?:{re})")
    } else {
        format!("(?m){re}")
    };
    TextRegex::new(&src)
        .map(Arc::new)
        .or_else(|e| bad(path, format!("invalid regex: {e}")))
}

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
    let generic = match o.get("options") {
        None => GenericOptions::default(),
        Some(opts) => options::generic(as_obj(opts, &format!("{path}.options"))?, path)?,
    };
    let match_opts = match o.get("options") {
        Some(opts) => options::match_options(
            Some(as_obj(opts, &format!("{path}.options"))?),
            &format!("{path}.options"),
        )?,
        None => options::match_options(None, path)?,
    };
    let fix_regex = match o.get("fix-regex") {
        None => None,
        Some(fr) => Some(options::fix_regex(fr, &format!("{path}.fix-regex"))?),
    };

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
            let (k, value, kpath) = search_formula(o, path)?;
            if text_only {
                let mut none = Vec::new();
                let mut f = formula(k, &value, &kpath, None, &mut none)?;
                options::apply_generic(&mut f, generic)
                    .or_else(|e| bad(&kpath, format!("generic pattern: {e}")))?;
                text_formula = Some(f);
            } else {
                formulas = lang_formulas(k, &value, &kpath, &languages)?;
                options::apply(&mut formulas, match_opts);
            }
            RuleMode::Search
        }
        "taint" => {
            if text_only {
                return bad(&lpath, "taint rules need a programming language");
            }
            for k in FORMULA_KEYS.iter().chain(&["match"]) {
                if o.contains_key(*k) {
                    return bad(
                        &format!("{path}.{k}"),
                        format!(
                            "`{k}` is not allowed in a taint rule; use pattern-sources and pattern-sinks"
                        ),
                    );
                }
            }
            let mut spec = TaintSpec {
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
                labels: Vec::new(),
            };
            if let Err(e) = crate::taint::compile_labels(&mut spec) {
                return bad(path, format!("taint labels: {e}"));
            }
            for spot in spec
                .sources
                .iter_mut()
                .chain(&mut spec.sinks)
                .chain(&mut spec.sanitizers)
            {
                options::apply(&mut spot.formulas, match_opts);
            }
            for p in &mut spec.propagators {
                options::apply(&mut p.formulas, match_opts);
            }
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
        fix_regex,
        metadata,
        origin: file.to_path_buf(),
    })
}

/// The formula of a search rule: its one classic operator, or `match:` translated into one.
fn search_formula<'a>(o: &'a Map<String, Value>, path: &str) -> R<(&'a str, Value, String)> {
    let present: Vec<&str> = FORMULA_KEYS
        .iter()
        .copied()
        .chain(["match"])
        .filter(|k| o.contains_key(*k))
        .collect();
    let [k] = present[..] else {
        return bad(
            path,
            format!(
                "a search rule needs exactly one of pattern, patterns, pattern-either, pattern-regex, match (found {})",
                if present.is_empty() {
                    "none".to_string()
                } else {
                    present.join(", ")
                }
            ),
        );
    };
    if k != "match" {
        return Ok((k, o[k].clone(), format!("{path}.{k}")));
    }
    let mpath = format!("{path}.match");
    let translated = match_syntax::translate(&o[k], &mpath)?;
    let Value::Object(m) = translated else {
        return bad(&mpath, "expected a formula");
    };
    let Some((key, value)) = m.into_iter().next() else {
        return bad(&mpath, "expected a formula");
    };
    match FORMULA_KEYS.iter().copied().find(|f| *f == key) {
        Some(key) => Ok((key, value, mpath)),
        None => bad(&mpath, "expected a formula"),
    }
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
        check_keys(o, &ipath, SPOT_KEYS)?;
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
            label_bit: 0,
            requires_req: None,
        });
    }
    Ok(out)
}

/// What a taint source, sink or sanitizer may have.
const SPOT_KEYS: &[&str] = &[
    "pattern",
    "patterns",
    "pattern-either",
    "pattern-regex",
    "by-side-effect",
    "exact",
    "label",
    "requires",
    "control",
];

/// What a taint propagator may have.
const PROPAGATOR_KEYS: &[&str] = &[
    "pattern",
    "patterns",
    "pattern-either",
    "from",
    "to",
    "by-side-effect",
    "label",
    "requires",
    "replace-labels",
];

fn propagators(v: &Value, path: &str, langs: &[Language]) -> R<Vec<Propagator>> {
    let items = as_list(v, path)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        let o = as_obj(item, &ipath)?;
        check_keys(o, &ipath, PROPAGATOR_KEYS)?;
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
        let text = |name: &str| -> R<Option<String>> {
            o.get(name)
                .map(|v| as_str(v, &format!("{ipath}.{name}")).map(str::to_string))
                .transpose()
        };
        let replace_text = match o.get("replace-labels") {
            None => None,
            Some(v) => Some(
                as_list(v, &format!("{ipath}.replace-labels"))?
                    .iter()
                    .map(|x| as_str(x, &format!("{ipath}.replace-labels")).map(str::to_string))
                    .collect::<R<Vec<String>>>()?,
            ),
        };
        out.push(Propagator {
            formulas: lang_formulas(k, &o[k], &format!("{ipath}.{k}"), langs)?,
            from: from.to_string(),
            to: to.to_string(),
            label_text: text("label")?,
            requires_text: text("requires")?,
            replace_text,
            label: None,
            requires: None,
            replace: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
