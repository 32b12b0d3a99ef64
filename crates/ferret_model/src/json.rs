//! Lenient extraction of a JSON document from model text, and validation against the subset of
//! JSON Schema that structured output uses.

use serde_json::Value;

/// Finds the JSON object in a model's reply. Tolerates `<think>…</think>` blocks, Markdown code
/// fences and prose around the object.
pub fn extract_json(text: &str) -> Result<Value, String> {
    let mut t = text;
    // Reasoning models may think aloud first; the answer follows the last closing tag.
    if let Some(pos) = t.rfind("</think>") {
        t = &t[pos + "</think>".len()..];
    } else if t.trim_start().starts_with("<think>") {
        return Err("the reply is an unfinished <think> block".into());
    }
    let t = t.trim();
    if t.is_empty() {
        return Err("the reply is empty".into());
    }
    let unfenced = strip_fence(t);
    match serde_json::from_str::<Value>(unfenced) {
        Ok(v) => Ok(v),
        Err(first) => {
            // Prose around an object: try the outermost braces.
            if let (Some(a), Some(b)) = (unfenced.find('{'), unfenced.rfind('}'))
                && a < b
                && let Ok(v) = serde_json::from_str::<Value>(&unfenced[a..=b])
            {
                return Ok(v);
            }
            Err(format!("not valid JSON: {first}"))
        }
    }
}

fn strip_fence(t: &str) -> &str {
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    // Skip the info string (e.g. `json`).
    let body = match rest.find('\n') {
        Some(nl) => &rest[nl + 1..],
        None => rest,
    };
    body.trim_end().strip_suffix("```").unwrap_or(body).trim()
}

/// Checks `v` against `schema`: `type` (one or a list), `properties`, `required`,
/// `additionalProperties: false`, `enum`, `items`, `minItems`/`maxItems`, `minimum`/`maximum`
/// and `maxLength`. The error names the JSON pointer of the first violation.
pub fn validate(schema: &Value, v: &Value) -> Result<(), String> {
    check(schema, v, "")
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    }
}

fn check(schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let here = if at.is_empty() { "/" } else { at };
    match schema.get("type") {
        Some(Value::String(t)) if !type_ok(t, v) => {
            return Err(format!("{here}: expected {t}, found {}", kind(v)));
        }
        Some(Value::Array(ts)) if !ts.iter().filter_map(Value::as_str).any(|t| type_ok(t, v)) => {
            return Err(format!("{here}: expected one of {ts:?}, found {}", kind(v)));
        }
        _ => {}
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.contains(v)
    {
        return Err(format!(
            "{here}: {v} is not one of {}",
            Value::Array(allowed.clone())
        ));
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
            && n < min
        {
            return Err(format!("{here}: {n} is below the minimum {min}"));
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
            && n > max
        {
            return Err(format!("{here}: {n} is above the maximum {max}"));
        }
    }
    if let (Some(s), Some(max)) = (v.as_str(), schema.get("maxLength").and_then(Value::as_u64))
        && s.chars().count() as u64 > max
    {
        return Err(format!("{here}: string longer than {max} characters"));
    }
    if let Some(obj) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !obj.contains_key(req) {
                return Err(format!("{here}: missing required field `{req}`"));
            }
        }
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(sub) => check(sub, val, &format!("{at}/{k}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{here}: unexpected field `{k}`"));
                }
                None => {}
            }
        }
    }
    if let Some(items) = v.as_array() {
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && items.len() as u64 > max
        {
            return Err(format!("{here}: more than {max} items"));
        }
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            return Err(format!("{here}: fewer than {min} items"));
        }
        if let Some(sub) = schema.get("items") {
            for (i, it) in items.iter().enumerate() {
                check(sub, it, &format!("{at}/{i}"))?;
            }
        }
    }
    Ok(())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extracts_through_think_fences_and_prose() {
        assert_eq!(extract_json(r#"{"a":1}"#).unwrap(), json!({"a":1}));
        assert_eq!(
            extract_json("<think>hmm {not this}</think>\n```json\n{\"a\": 2}\n```").unwrap(),
            json!({"a":2})
        );
        assert_eq!(
            extract_json("Here you go: {\"a\": 3} hope it helps").unwrap(),
            json!({"a":3})
        );
        assert!(extract_json("<think>still thinking").is_err());
        assert!(extract_json("{\"a\": ").is_err());
        assert!(extract_json("   ").is_err());
    }

    #[test]
    fn validates_the_structured_output_subset() {
        let schema = json!({
            "type": "object", "additionalProperties": false,
            "required": ["verdict", "confidence", "evidence"],
            "properties": {
                "verdict": {"type": "string", "enum": ["yes", "no"]},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "evidence": {"type": "array", "maxItems": 2, "items": {"type": "object",
                    "required": ["line"], "properties": {"line": {"type": "integer"}}}},
                "note": {"type": ["string", "null"]}
            }
        });
        let ok =
            json!({"verdict": "yes", "confidence": 0.5, "evidence": [{"line": 3}], "note": null});
        assert!(validate(&schema, &ok).is_ok());
        let bad = |v: Value, needle: &str| {
            let e = validate(&schema, &v).unwrap_err();
            assert!(e.contains(needle), "{e}");
        };
        bad(
            json!({"verdict": "maybe", "confidence": 0.5, "evidence": []}),
            "/verdict",
        );
        bad(
            json!({"verdict": "yes", "confidence": 2, "evidence": []}),
            "maximum",
        );
        bad(json!({"verdict": "yes", "evidence": []}), "`confidence`");
        bad(
            json!({"verdict": "yes", "confidence": 0.1, "evidence": [{"line": "x"}]}),
            "/evidence/0/line",
        );
        bad(
            json!({"verdict": "yes", "confidence": 0.1, "evidence": [], "extra": 1}),
            "`extra`",
        );
        bad(
            json!({"verdict": "yes", "confidence": 0.1, "evidence": [{"line":1},{"line":2},{"line":3}]}),
            "more than 2",
        );
        bad(
            json!({"verdict": "yes", "confidence": 0.1, "evidence": [], "note": 5}),
            "/note",
        );
    }
}
