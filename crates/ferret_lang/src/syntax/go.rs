//! Go: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{C_LIKE_COMMENTS, FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::Go,
    wrappers: &[
        ("package ferretwrap\nfunc ferretWrap() {\n", "\n}"),
        ("package ferretwrap\n", ""),
        ("package ferretwrap\ntype ferretWrapT struct {\n", "\n}"),
    ],
    sigil: "",
    stmt_ellipsis: &["ferret_ellipsis()"],
    string_kinds: &[
        "interpreted_string_literal",
        "raw_string_literal",
        "rune_literal",
    ],
    comment_kinds: &["comment"],
    line_comments: C_LIKE_COMMENTS,
    optional_kinds: &[],
    unordered_kinds: &[],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: &[
        "block",
        "statement_list",
        "source_file",
        "expression_case",
        "default_case",
        "communication_case",
        "type_case",
    ],
    flow: FlowKinds {
        functions: &["function_declaration", "method_declaration", "func_literal"],
        closures: &[],
        anonymous_functions: &["func_literal"],
        classes: &[],
        calls: &["call_expression", "composite_literal"],
        returns: &["return_statement", "return"],
        branches: &["if_statement", "if"],
        negated_branches: &[],
        loops: &["for_statement", "for"],
        post_test_loops: &[],
        members: &["selector_expression"],
        method_callees: &["selector_expression"],
    },
};
