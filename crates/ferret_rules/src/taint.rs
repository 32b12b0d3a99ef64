//! `mode: taint` specifications: sources, sinks, sanitizers and propagators.

use ferret_core::labels::{DEFAULT_LABEL, LabelReq, MAX_LABELS};

use crate::LangFormula;

/// One source, sink or sanitizer entry.
#[derive(Debug, Clone)]
pub struct TaintSpot {
    /// Its formula, compiled for each of the rule's languages.
    pub formulas: Vec<LangFormula>,
    /// `by-side-effect`: the matched variable itself becomes tainted (sources) or clean
    /// (sanitizers) after this point.
    pub by_side_effect: bool,
    /// `by-side-effect: only`: the variable is tainted afterwards, but the matched occurrence
    /// itself is not (so a source can be a sink's argument, as in a double free).
    pub side_effect_only: bool,
    /// `exact`: only the matched range counts, not its sub-expressions.
    pub exact: bool,
    /// `label` (taint labels), if given.
    pub label: Option<String>,
    /// `requires` (taint labels), if given.
    pub requires: Option<String>,
    /// The label's number in [`TaintSpec::labels`] (0, the default, without `label`).
    pub label_bit: u8,
    /// `requires`, compiled; for a sink without it, the default label.
    pub requires_req: Option<LabelReq>,
}

/// One `pattern-propagators` entry: taint flows from `$FROM` to `$TO` where the pattern matches.
#[derive(Debug, Clone)]
pub struct Propagator {
    /// The formula.
    pub formulas: Vec<LangFormula>,
    /// Metavariable the taint comes from (without `$`).
    pub from: String,
    /// Metavariable the taint goes to (without `$`).
    pub to: String,
    /// `label`, `requires` and `replace-labels` as written.
    pub label_text: Option<String>,
    /// See `label_text`.
    pub requires_text: Option<String>,
    /// See `label_text`.
    pub replace_text: Option<Vec<String>>,
    /// `label`: the taint that reaches `to` has this label (by number) instead of `from`'s.
    pub label: Option<u8>,
    /// `requires`: the taint of `from` propagates only if its labels satisfy this.
    pub requires: Option<LabelReq>,
    /// `replace-labels`: with `label`, only these labels of `from`'s taint are replaced; the
    /// others are kept. Without it, all are.
    pub replace: Option<u64>,
}

/// The taint part of a rule.
#[derive(Debug, Clone, Default)]
pub struct TaintSpec {
    /// `pattern-sources`.
    pub sources: Vec<TaintSpot>,
    /// `pattern-sinks`.
    pub sinks: Vec<TaintSpot>,
    /// `pattern-sanitizers`.
    pub sanitizers: Vec<TaintSpot>,
    /// `pattern-propagators`.
    pub propagators: Vec<Propagator>,
    /// Label names by number; the first is [`DEFAULT_LABEL`].
    pub labels: Vec<String>,
}

impl TaintSpec {
    /// Whether the rule tells kinds of taint apart (any `label` or `requires`).
    pub fn uses_labels(&self) -> bool {
        self.labels.len() > 1
            || self
                .sinks
                .iter()
                .chain(&self.sources)
                .any(|s| s.requires.is_some())
            || self.propagators.iter().any(|p| p.requires.is_some())
    }
}

/// Numbers a rule's label names in order of first use, the default first.
#[derive(Debug)]
pub(crate) struct LabelNames {
    names: Vec<String>,
}

impl LabelNames {
    pub(crate) fn new() -> LabelNames {
        LabelNames {
            names: vec![DEFAULT_LABEL.to_string()],
        }
    }

    /// The number of `name`, given one if it is new.
    pub(crate) fn intern(&mut self, name: &str) -> Result<u8, String> {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            return Ok(i as u8);
        }
        if self.names.len() == MAX_LABELS {
            return Err(format!("a rule may use at most {MAX_LABELS} taint labels"));
        }
        self.names.push(name.to_string());
        Ok((self.names.len() - 1) as u8)
    }

    /// `text` compiled.
    pub(crate) fn req(&mut self, text: &str) -> Result<LabelReq, String> {
        LabelReq::parse(text, &mut |n| self.intern(n))
    }

    pub(crate) fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// Numbers the labels of `spec` and compiles its `requires` formulas.
pub(crate) fn compile_labels(spec: &mut TaintSpec) -> Result<(), String> {
    let mut names = LabelNames::new();
    for (i, s) in spec.sources.iter_mut().enumerate() {
        if let Some(l) = &s.label {
            s.label_bit = names.intern(l)?;
        }
        if let Some(r) = &s.requires {
            s.requires_req = Some(
                names
                    .req(r)
                    .map_err(|e| format!("pattern-sources[{i}]: {e}"))?,
            );
        }
    }
    for (i, s) in spec.sinks.iter_mut().enumerate() {
        s.requires_req = Some(match &s.requires {
            Some(r) => names
                .req(r)
                .map_err(|e| format!("pattern-sinks[{i}]: {e}"))?,
            None => LabelReq::has(0),
        });
    }
    for (i, p) in spec.propagators.iter_mut().enumerate() {
        let at = |e: String| format!("pattern-propagators[{i}]: {e}");
        if let Some(l) = &p.label_text {
            p.label = Some(names.intern(l).map_err(at)?);
        }
        if let Some(r) = &p.requires_text {
            p.requires = Some(names.req(r).map_err(at)?);
        }
        if let Some(list) = &p.replace_text {
            let mut mask = 0u64;
            for l in list {
                mask |= 1u64 << names.intern(l).map_err(at)?;
            }
            p.replace = Some(mask);
        }
    }
    spec.labels = names.into_names();
    Ok(())
}
