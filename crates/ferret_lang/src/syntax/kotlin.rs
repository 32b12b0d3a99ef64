//! Kotlin: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{C_LIKE_COMMENTS, FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::Kotlin,
    wrappers: &[
        ("", ""),
        ("fun ferretWrap() {\n", "\n}"),
        ("class FerretWrap {\n", "\n}"),
    ],
    sigil: "",
    stmt_ellipsis: &["ferret_ellipsis()"],
    string_kinds: &[
        "string_literal",
        "line_string_literal",
        "multi_line_string_literal",
        "character_literal",
    ],
    comment_kinds: &["line_comment", "multiline_comment", "comment"],
    line_comments: C_LIKE_COMMENTS,
    optional_kinds: &["modifiers"],
    unordered_kinds: &["modifiers"],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &[],
    block_kinds: &["statements", "source_file", "class_body", "block"],
    flow: FlowKinds {
        functions: &[
            "function_declaration",
            "anonymous_function",
            "secondary_constructor",
        ],
        closures: &["lambda_literal"],
        anonymous_functions: &["anonymous_function"],
        classes: &["class_declaration", "class", "object_declaration"],
        calls: &[
            "call_expression",
            "call_suffix",
            "callable_reference",
            "constructor_delegation_call",
            "constructor_invocation",
        ],
        returns: &["return", "jump_expression"],
        branches: &["if_expression", "if"],
        negated_branches: &[],
        loops: &[
            "for_statement",
            "for",
            "while_statement",
            "while",
            "do_while_statement",
        ],
        post_test_loops: &["do_while_statement"],
        members: &["navigation_expression"],
        method_callees: &["navigation_expression"],
    },
};
