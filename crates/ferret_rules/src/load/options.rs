//! A rule's `options:` that change how its patterns match (Semgrep's matching switches).

use std::sync::Arc;

use ferret_pattern::MatchOptions;
use serde_json::{Map, Value};

use super::{R, bad};
use crate::LangFormula;

/// The matching options of a rule's `options:` mapping; unknown keys are left to the engine
/// defaults (Semgrep ignores options it does not know, and so do we).
pub(crate) fn match_options(o: Option<&Map<String, Value>>, path: &str) -> R<MatchOptions> {
    let mut out = MatchOptions::default();
    let Some(o) = o else {
        return Ok(out);
    };
    for (key, slot) in [
        ("constant_propagation", &mut out.constant_propagation),
        ("symbolic_propagation", &mut out.symbolic_propagation),
        ("commutative_boolop", &mut out.commutative_boolop),
    ] {
        match o.get(key) {
            None => {}
            Some(Value::Bool(b)) => *slot = *b,
            Some(_) => return bad(&format!("{path}.{key}"), "expected true or false"),
        }
    }
    Ok(out)
}

/// Gives every pattern of `formulas` the rule's matching options.
pub(crate) fn apply(formulas: &mut [LangFormula], opts: MatchOptions) {
    if opts == MatchOptions::default() {
        return;
    }
    for lf in formulas {
        for p in &mut lf.patterns {
            Arc::make_mut(p).options = opts;
        }
    }
}
