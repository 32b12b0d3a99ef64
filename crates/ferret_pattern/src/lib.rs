//! `ferret_pattern` compiles Semgrep-style patterns, which are code in the target language with
//! metavariables (`$X`, `$...ARGS`), ellipses (`...`), deep expressions (`<... E ...>`) and string
//! ellipses (`"..."`), into small pattern trees, and matches them against tree-sitter trees.
//!
//! A pattern is parsed with the language's own grammar after its operators are replaced by
//! placeholder identifiers that the grammar accepts; the parse is then turned back into a
//! [`PNode`] tree in which the placeholders are operators again. Matching is structural, with
//! full backtracking (so `f(..., $X, ...)` enumerates every argument), and applies the
//! equivalences Semgrep documents: keyword arguments in any order, import aliases, redundant
//! parentheses and quote styles. [`MatchPlan`] dispatches many patterns by node kind so that one
//! traversal of a file serves every rule, and [`Formula`] evaluates the boolean rule operators
//! (`patterns`, `pattern-either`, `pattern-not`, `pattern-inside`, the `metavariable-*` filters
//! and `focus-metavariable`) over the matches. [`GenericPattern`] is Semgrep's generic mode
//! ("spacegrep"), token patterns for text without a grammar.

mod assoc;
mod checksum;
mod compare;
mod compile;
mod constprop;
#[cfg(test)]
mod decl_tests;
#[cfg(test)]
mod equiv_tests;
mod formula;
mod generic;
mod import_pat;
mod kind_alias;
mod matcher;
mod params;
mod search;
mod subst;
mod text_regex;
mod type_mv;
mod types;

pub use checksum::token_checksum_holds;
pub use compare::{CompareError, Comparison};
pub use compile::{CompileError, MatchOptions, PNode, Pattern, PatternRoot, StrRegex};
pub use formula::{Condition, Conjunction, Formula, FormulaCtx, high_entropy, shannon_entropy};
pub use generic::{CommentStyle, GenericError, GenericOptions, GenericPattern};
pub use matcher::{MatchBudget, MatchPlan, PlanResults, match_subtree, run_plan};
pub use text_regex::{RegexError, RegexMatch, TextRegex};

use ferret_core::Span;
use std::sync::Arc;
use tree_sitter::Node;

/// What a metavariable is bound to.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'t> {
    /// The bound byte range.
    pub span: Span,
    /// The bound node, when the binding is a single node (not a `$...X` sequence or a regex group).
    pub node: Option<Node<'t>>,
}

/// Metavariable bindings of one match, by name without the `$`.
pub type Bindings<'t> = Vec<(Arc<str>, Binding<'t>)>;

/// One match of a pattern or formula in a file.
#[derive(Debug, Clone)]
pub struct Match<'t> {
    /// The matched byte range.
    pub span: Span,
    /// Metavariable bindings.
    pub bindings: Bindings<'t>,
}

impl<'t> Match<'t> {
    /// The binding of `name` (without `$`), if any.
    pub fn get(&self, name: &str) -> Option<&Binding<'t>> {
        self.bindings
            .iter()
            .find(|(n, _)| n.as_ref() == name)
            .map(|(_, b)| b)
    }
}

/// Whether two bound pieces of code are the same code: equal token sequences, ignoring
/// whitespace and comments.
pub fn same_code(src: &[u8], a: &Binding<'_>, b: &Binding<'_>) -> bool {
    if a.span == b.span {
        return true;
    }
    match (a.node, b.node) {
        (Some(x), Some(y)) => matcher::same_tokens(src, x, y),
        _ => squash(&src[a.span.start..a.span.end]) == squash(&src[b.span.start..b.span.end]),
    }
}

fn squash(s: &[u8]) -> Vec<u8> {
    s.iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect()
}
