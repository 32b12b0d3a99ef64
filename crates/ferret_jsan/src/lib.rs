//! `ferret_jsan` holds Ferret's analyses of JavaScript and TypeScript libraries, where the
//! parameters of a function are the untrusted input. It reads the tree-sitter syntax tree of one
//! file. Two checks: prototype pollution (`prototype-pollution`, a computed member write whose
//! key comes from the function's input, into an object reached through another such key by a
//! loop or a recursive call, with no guard against `__proto__`, `constructor` or `prototype`),
//! and exponential backtracking in regular expressions (`redos`: the pattern is parsed and its
//! automaton checked for exponential ambiguity, and reported only when the regex is applied to
//! a value that is not a constant). Nothing here depends on names of functions: merges and path
//! setters are recognised by what their code does.

mod ambiguity;
mod attack;
mod pollution;
mod redos;
mod regex_syntax;
mod syntax;

use std::fmt;
use std::str::FromStr;

use ferret_core::Span;
use tree_sitter::Node;

/// A defect the analyses can report; rules select them by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// `prototype-pollution`: an unguarded two-level computed write with keys from the input.
    PrototypePollution,
    /// `redos`: an exponentially ambiguous regular expression applied to a non-constant value.
    Redos,
}

impl Check {
    /// Every check.
    pub const ALL: [Check; 2] = [Check::PrototypePollution, Check::Redos];

    /// The name rules use.
    pub fn name(self) -> &'static str {
        match self {
            Check::PrototypePollution => "prototype-pollution",
            Check::Redos => "redos",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Check {
    type Err = JsanError;
    fn from_str(s: &str) -> Result<Check, JsanError> {
        Check::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| JsanError::UnknownCheck(s.to_string()))
    }
}

/// Errors of the analyses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsanError {
    /// A rule named a check that does not exist.
    #[error("unknown js-library check `{0}` (expected one of prototype-pollution, redos)")]
    UnknownCheck(String),
}

/// One step on the way to a defect, for the finding's trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEvent {
    /// Where.
    pub span: Span,
    /// What happens there.
    pub note: String,
}

/// A reported defect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defect {
    /// Which check.
    pub check: Check,
    /// The faulty write or regular expression.
    pub span: Span,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The steps that lead here, in order.
    pub trace: Vec<TraceEvent>,
}

/// The defects of the selected checks in one JavaScript or TypeScript file, ordered by position.
pub fn analyze(root: Node<'_>, src: &[u8], checks: &[Check]) -> Vec<Defect> {
    let mut out = Vec::new();
    if checks.contains(&Check::PrototypePollution) {
        out.extend(pollution::find(root, src));
    }
    if checks.contains(&Check::Redos) {
        out.extend(redos::find(root, src));
    }
    out.sort_by_key(|d| (d.span.start, d.span.end, d.check));
    out.dedup_by(|a, b| a.span == b.span && a.check == b.check);
    out
}

#[cfg(test)]
mod tests;
