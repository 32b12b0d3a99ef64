//! Rust: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{C_LIKE_COMMENTS, FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::Rust,
    wrappers: &[
        ("fn ferret_wrap() {\n", "\n}"),
        ("fn ferret_wrap() {\n", ";\n}"),
        ("", ""),
        ("impl FerretWrap {\n", "\n}"),
    ],
    sigil: "",
    stmt_ellipsis: &["ferret_ellipsis();"],
    string_kinds: &["string_literal", "raw_string_literal", "char_literal"],
    comment_kinds: &["line_comment", "block_comment"],
    line_comments: C_LIKE_COMMENTS,
    optional_kinds: &[
        "visibility_modifier",
        "attribute_item",
        "function_modifiers",
    ],
    unordered_kinds: &[],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: &["block", "source_file", "declaration_list"],
    flow: FlowKinds {
        functions: &["function_item"],
        closures: &["closure_expression"],
        anonymous_functions: &[],
        classes: &["impl_item", "trait_item"],
        calls: &["call_expression", "macro_invocation"],
        returns: &["return", "return_expression"],
        branches: &["if_expression", "if"],
        negated_branches: &[],
        loops: &[
            "for_expression",
            "for",
            "while_expression",
            "while",
            "loop_expression",
        ],
        post_test_loops: &[],
        members: &["attribute", "field_expression", "scoped_identifier"],
        method_callees: &[
            "attribute",
            "field_expression",
            "scoped_identifier",
            "generic_function",
        ],
    },
};
