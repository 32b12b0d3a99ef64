//! Semgrep's newer rule syntax, `match:`, translated into the classic operators.
//!
//! A formula is a pattern string, or a mapping with one of `pattern`, `regex`, `all` (a
//! conjunction whose entries may be `not:` and `inside:` formulas) and `any` (a disjunction),
//! plus optional `where:` conditions (`metavariable` with `regex`, `type`/`types`, `analyzer` or
//! a formula; `comparison`; `focus`). The translation produces the same YAML shape the classic
//! operators have, so every position is checked and compiled by the one compiler, and errors
//! name the `match` path.

use serde_json::{Map, Value, json};

use super::{R, as_list, as_obj, as_str, bad, check_keys};

/// Translates the formula `v` at `path` into a classic operator mapping (one key).
pub(super) fn translate(v: &Value, path: &str) -> R<Value> {
    let o = match v {
        Value::String(s) => return Ok(json!({ "pattern": s })),
        other => as_obj(other, path)?,
    };
    check_keys(
        o,
        path,
        &[
            "pattern", "regex", "all", "any", "not", "inside", "where", "as",
        ],
    )?;
    if o.contains_key("as") {
        return bad(&format!("{path}.as"), "`as` is not supported");
    }
    let heads: Vec<&str> = ["pattern", "regex", "all", "any"]
        .into_iter()
        .filter(|k| o.contains_key(*k))
        .collect();
    let [head] = heads[..] else {
        return bad(
            path,
            "a `match` formula needs exactly one of pattern, regex, all, any (`not` and `inside` belong in `all`)",
        );
    };
    let hpath = format!("{path}.{head}");
    let base = match head {
        "pattern" => json!({ "pattern": as_str(&o[head], &hpath)? }),
        "regex" => json!({ "pattern-regex": as_str(&o[head], &hpath)? }),
        "any" => {
            let mut alts = Vec::new();
            for (i, item) in as_list(&o[head], &hpath)?.iter().enumerate() {
                alts.push(translate(item, &format!("{hpath}[{i}]"))?);
            }
            json!({ "pattern-either": alts })
        }
        _ => json!({ "patterns": conjuncts(&o[head], &hpath)? }),
    };
    let Some(conds) = o.get("where") else {
        return Ok(base);
    };
    let mut entries = match base {
        Value::Object(mut m) if m.contains_key("patterns") => match m.remove("patterns") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        other => vec![other],
    };
    let wpath = format!("{path}.where");
    for (i, c) in as_list(conds, &wpath)?.iter().enumerate() {
        entries.push(condition(c, &format!("{wpath}[{i}]"))?);
    }
    Ok(json!({ "patterns": entries }))
}

fn conjuncts(v: &Value, path: &str) -> R<Vec<Value>> {
    let mut out = Vec::new();
    for (i, item) in as_list(v, path)?.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        let one = |key: &str, inner: &Value| -> R<Value> {
            Ok(json!({ key: translate(inner, &format!("{ipath}.{}", &key[8..]))? }))
        };
        out.push(match item.as_object().filter(|o| o.len() == 1) {
            Some(o) if o.contains_key("not") => match o["not"].as_object() {
                // `not: {inside: F}` is `pattern-not-inside`.
                Some(n) if n.len() == 1 && n.contains_key("inside") => json!({
                    "pattern-not-inside": translate(&n["inside"], &format!("{ipath}.not.inside"))?
                }),
                _ => one("pattern-not", &o["not"])?,
            },
            Some(o) if o.contains_key("inside") => one("pattern-inside", &o["inside"])?,
            Some(o) if o.contains_key("anywhere") => {
                return bad(&format!("{ipath}.anywhere"), "`anywhere` is not supported");
            }
            _ => translate(item, &ipath)?,
        });
    }
    Ok(out)
}

fn condition(c: &Value, path: &str) -> R<Value> {
    let o = as_obj(c, path)?;
    if let Some(f) = o.get("focus") {
        return Ok(json!({ "focus-metavariable": f }));
    }
    if let Some(cmp) = o.get("comparison") {
        let mut m = Map::new();
        m.insert("comparison".into(), cmp.clone());
        return Ok(json!({ "metavariable-comparison": m }));
    }
    let Some(mv) = o.get("metavariable") else {
        return bad(
            path,
            "a `where` condition needs `metavariable`, `comparison` or `focus`",
        );
    };
    let mut m = Map::new();
    m.insert("metavariable".into(), mv.clone());
    let op = if let Some(r) = o.get("regex") {
        m.insert("regex".into(), r.clone());
        "metavariable-regex"
    } else if o.contains_key("type") || o.contains_key("types") {
        for k in ["type", "types"] {
            if let Some(t) = o.get(k) {
                m.insert(k.into(), t.clone());
            }
        }
        "metavariable-type"
    } else if let Some(a) = o.get("analyzer") {
        m.insert("analyzer".into(), a.clone());
        "metavariable-analysis"
    } else {
        let rest: Map<String, Value> = o
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "metavariable" | "language"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let Value::Object(f) = translate(&Value::Object(rest), path)? else {
            return bad(path, "expected a formula");
        };
        m.extend(f);
        if let Some(l) = o.get("language") {
            m.insert("language".into(), l.clone());
        }
        "metavariable-pattern"
    };
    Ok(json!({ op: m }))
}
