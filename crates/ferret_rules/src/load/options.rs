//! A rule's `options:` that change matching, and its `fix-regex`.
//!
//! Of Semgrep's options, the matching switches (`constant_propagation`,
//! `symbolic_propagation`, `commutative_boolop`) go to every pattern of the rule, the
//! generic-mode ones (`generic_ellipsis_max_span`, `generic_comment_style`) to its generic
//! patterns; the others are accepted and read where they apply, or have no effect (see
//! docs/SEMGREP.md).

use std::sync::Arc;

use ferret_pattern::{Formula, GenericError, GenericOptions, MatchOptions, TextRegex};
use serde_json::{Map, Value};

use super::{R, as_obj, as_str, bad, check_keys, req};
use crate::{FixRegex, LangFormula};

/// The generic-mode options of a rule's `options:` mapping.
pub(super) fn generic(o: &Map<String, Value>, path: &str) -> R<GenericOptions> {
    let mut g = GenericOptions::default();
    if let Some(v) = o.get("generic_ellipsis_max_span") {
        let p = format!("{path}.options.generic_ellipsis_max_span");
        g.ellipsis_max_span = v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map_or_else(|| bad(&p, "expected a number of lines (0 or more)"), Ok)?;
    }
    if let Some(v) = o.get("generic_comment_style") {
        let p = format!("{path}.options.generic_comment_style");
        g.comment_style = as_str(v, &p)?.parse().or_else(|e: String| bad(&p, e))?;
    }
    Ok(g)
}

/// Recompiles every generic pattern of `f` with `opts`.
pub(super) fn apply_generic(f: &mut Formula, opts: GenericOptions) -> Result<(), GenericError> {
    if opts == GenericOptions::default() {
        return Ok(());
    }
    match f {
        Formula::Generic(p) => *p = Arc::new(p.with_options(opts)?),
        Formula::Pattern(_) | Formula::Regex(_) => {}
        Formula::Inside(g) => apply_generic(g, opts)?,
        Formula::Either(v) => {
            for g in v {
                apply_generic(g, opts)?;
            }
        }
        Formula::And(c) => {
            for g in c
                .positives
                .iter_mut()
                .chain(&mut c.insides)
                .chain(&mut c.anywheres)
                .chain(&mut c.nots)
                .chain(&mut c.not_insides)
            {
                apply_generic(g, opts)?;
            }
            for cond in &mut c.conditions {
                if let ferret_pattern::Condition::Pattern { formula, .. } = cond {
                    apply_generic(formula, opts)?;
                }
            }
        }
    }
    Ok(())
}

/// `fix-regex`: `regex`, `replacement` and an optional `count`.
pub(super) fn fix_regex(v: &Value, path: &str) -> R<FixRegex> {
    let o = as_obj(v, path)?;
    check_keys(o, path, &["regex", "replacement", "count"])?;
    let rpath = format!("{path}.regex");
    // Like Python's `re.sub`: no multi-line mode unless the expression asks for it.
    let regex = TextRegex::new(as_str(req(o, "regex", path)?, &rpath)?)
        .map(Arc::new)
        .or_else(|e| bad(&rpath, format!("invalid regex: {e}")))?;
    let replacement = as_str(req(o, "replacement", path)?, &format!("{path}.replacement"))?;
    let count = match o.get("count") {
        None => None,
        Some(c) => Some(
            c.as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n > 0)
                .map_or_else(
                    || bad(&format!("{path}.count"), "expected a positive number"),
                    Ok,
                )?,
        ),
    };
    Ok(FixRegex {
        regex,
        replacement: replacement.to_string(),
        count,
    })
}

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
