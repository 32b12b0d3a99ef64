//! JavaScript: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{C_LIKE_COMMENTS, FlowKinds, Syntax};
use crate::Language;

/// Statement containers that TypeScript shares with JavaScript (its grammar extends this one).
pub(super) const BLOCKS: &[&str] = &[
    "statement_block",
    "program",
    "class_body",
    "switch_case",
    "switch_default",
];

/// Function kinds that TypeScript shares with JavaScript.
pub(super) const FUNCTIONS: &[&str] = &[
    "function_declaration",
    "function_expression",
    "generator_function_declaration",
    "generator_function",
    "method_definition",
];

/// Loop kinds that TypeScript shares with JavaScript.
pub(super) const LOOPS: &[&str] = &[
    "for_statement",
    "for_in_statement",
    "for",
    "while_statement",
    "while",
    "do_statement",
];

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::JavaScript,
    wrappers: &[("", ""), ("(\n", "\n)"), ("class FerretWrap {\n", "\n}")],
    sigil: "",
    stmt_ellipsis: &["ferret_ellipsis;"],
    string_kinds: &["string", "template_string"],
    comment_kinds: &["comment", "html_comment"],
    line_comments: C_LIKE_COMMENTS,
    optional_kinds: &[],
    unordered_kinds: &[],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: BLOCKS,
    flow: FlowKinds {
        functions: FUNCTIONS,
        closures: &["arrow_function"],
        anonymous_functions: &["function_expression"],
        classes: &["class_declaration", "class"],
        calls: &["call_expression", "new_expression"],
        returns: &["return_statement", "return"],
        branches: &["if_statement", "if"],
        negated_branches: &[],
        loops: LOOPS,
        post_test_loops: &["do_statement"],
        members: &["member_expression", "optional_chain"],
        method_callees: &["member_expression"],
    },
};
