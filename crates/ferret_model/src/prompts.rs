//! Ferret's prompts and answer schemas. The system prompts are the stable prefix of every call
//! (so providers can cache them); everything that varies goes in the user message after them.
//! Changing any text here changes [`PROMPT_VERSION`], which is part of every cache key.

use serde_json::{Value, json};

/// Version of the prompts and schemas below.
pub const PROMPT_VERSION: &str = "ferret-prompts-1";

/// System prompt of the triage stage.
pub const TRIAGE_SYSTEM: &str = "\
You are a senior application-security engineer triaging the output of a static analyser.
You receive one candidate finding: the rule that fired, its message, the dataflow path from source \
to sink when there is one, sanitizers and validators seen near the path, the entry point, and the \
relevant code with line numbers. Lines are written `NUMBER | code` under a `=== path ===` header.

Decide whether the finding is a real, exploitable vulnerability in this code:
- true_positive: attacker-controlled data reaches the dangerous operation (or the dangerous \
configuration is really in effect) and nothing on the path neutralises it.
- false_positive: the data is constant or trusted, a sanitizer or validation on the path \
neutralises it, the code is unreachable, or the rule misread the code.
- uncertain: the code shown does not settle it either way.
- needs_context: you need the definition of specific functions, classes or variables that are \
not shown; name at most three of them in needed_symbols.

Rules for your answer:
- Judge only from the code shown; do not assume code you cannot see.
- Every evidence item quotes one line of the shown code verbatim (without the line number and \
the ` | ` separator), with its path and line number and its role: source, sink, sanitizer, \
guard, step or context. Quotes that do not occur in the source invalidate the answer.
- confidence is your probability, from 0 to 1, that the verdict is right.
- cwe is the most specific CWE id, written like CWE-89; severity is one of info, low, medium, \
high, critical.
- exploit_scenario says concretely how an attacker would exploit a true positive (empty \
otherwise); missing_context lists what you could not see that would change your mind.
- Reply with the JSON document only.";

/// System prompt of the verification stage.
pub const VERIFY_SYSTEM: &str = "\
You are an independent security reviewer. Another analyst claims that the code below contains \
a vulnerability. Your job is to try hard to disprove the claim: look for sanitizers, validation, \
type constraints, constant or trusted inputs, unreachable code, framework protections and \
misread code. Only if you cannot disprove it should you say that the claim holds.
Lines are written `NUMBER | code` under a `=== path ===` header. Every evidence item quotes one \
line of the shown code verbatim (without the line number), with its path, line and role: source, \
sink, sanitizer, guard, step or context. confidence is your probability that your conclusion is \
right. Reply with the JSON document only.";

/// System prompt of the fix stage.
pub const FIX_SYSTEM: &str = "\
You fix confirmed security vulnerabilities with the smallest correct change.
You receive the finding and the relevant code with line numbers (`NUMBER | code` under a \
`=== path ===` header). Reply with a unified diff against that file: `--- a/PATH` and \
`+++ b/PATH` headers, then hunks with `@@ -start,count +start,count @@` headers, context lines \
starting with a space, removed lines with `-` and added lines with `+`, copied exactly from the \
shown code (without line numbers). Fix the root cause (parameterise the query, validate or \
encode the input, use the safe API); do not change behaviour otherwise and do not reformat. \
Reply with the JSON document only.";

fn evidence_schema() -> Value {
    json!({
        "type": "array",
        "maxItems": 8,
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["path", "line", "quote", "role"],
            "properties": {
                "path": {"type": "string"},
                "line": {"type": "integer"},
                "quote": {"type": "string"},
                "role": {"type": "string",
                    "enum": ["source", "sink", "sanitizer", "guard", "step", "context"]}
            }
        }
    })
}

/// Schema of the triage answer.
pub fn triage_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["verdict", "confidence", "cwe", "severity", "explanation", "evidence",
            "exploit_scenario", "missing_context", "needed_symbols"],
        "properties": {
            "verdict": {"type": "string",
                "enum": ["true_positive", "false_positive", "uncertain", "needs_context"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "cwe": {"type": "string"},
            "severity": {"type": "string", "enum": ["info", "low", "medium", "high", "critical"]},
            "explanation": {"type": "string"},
            "evidence": evidence_schema(),
            "exploit_scenario": {"type": "string"},
            "missing_context": {"type": "array", "maxItems": 5, "items": {"type": "string"}},
            "needed_symbols": {"type": "array", "maxItems": 3, "items": {"type": "string"}}
        }
    })
}

/// Schema of the verification answer.
pub fn verify_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["holds", "confidence", "reason", "evidence"],
        "properties": {
            "holds": {"type": "boolean"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "reason": {"type": "string"},
            "evidence": evidence_schema()
        }
    })
}

/// Schema of the fix answer.
pub fn fix_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["diff", "explanation"],
        "properties": {
            "diff": {"type": "string"},
            "explanation": {"type": "string"}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OpenAI strict mode wants every property required and no extra properties, at every level.
    fn strict(v: &Value) {
        if v.get("type") == Some(&json!("object")) {
            assert_eq!(v["additionalProperties"], json!(false), "{v}");
            let props: Vec<&String> = v["properties"].as_object().unwrap().keys().collect();
            let req: Vec<&str> = v["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            for p in props {
                assert!(req.contains(&p.as_str()), "{p} not required");
                strict(&v["properties"][p]);
            }
        }
        if let Some(items) = v.get("items") {
            strict(items);
        }
    }

    #[test]
    fn schemas_fit_strict_structured_output() {
        strict(&triage_schema());
        strict(&verify_schema());
        strict(&fix_schema());
    }
}
