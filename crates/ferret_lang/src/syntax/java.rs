//! Java: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{C_LIKE_COMMENTS, FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::Java,
    wrappers: &[
        (
            "class FerretWrap { void ferretWrap() { Object ferret_wrap_v = (\n",
            "\n); }}",
        ),
        ("class FerretWrap { void ferretWrap() {\n", "\n}}"),
        ("class FerretWrap { void ferretWrap() {\n", ";\n}}"),
        ("class FerretWrap {\n", "\n}"),
        ("", ""),
    ],
    sigil: "",
    stmt_ellipsis: &["ferret_ellipsis();", "int ferret_ellipsis;"],
    string_kinds: &["string_literal", "character_literal", "text_block"],
    comment_kinds: &["line_comment", "block_comment"],
    line_comments: C_LIKE_COMMENTS,
    optional_kinds: &[
        "modifiers",
        "type_parameters",
        "throws",
        "superclass",
        "super_interfaces",
    ],
    unordered_kinds: &["modifiers"],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: &[
        "block",
        "program",
        "class_body",
        "constructor_body",
        "switch_block_statement_group",
    ],
    flow: FlowKinds {
        functions: &["method_declaration", "constructor_declaration"],
        closures: &["lambda_expression"],
        anonymous_functions: &[],
        classes: &[
            "class_declaration",
            "class",
            "interface_declaration",
            "enum_declaration",
            "module",
            "record_declaration",
        ],
        calls: &[
            "explicit_constructor_invocation",
            "method_invocation",
            "object_creation_expression",
        ],
        returns: &["return_statement", "return"],
        branches: &["if_statement", "if"],
        negated_branches: &[],
        loops: &[
            "for_statement",
            "enhanced_for_statement",
            "for",
            "while_statement",
            "while",
            "do_statement",
        ],
        post_test_loops: &["do_statement"],
        members: &["field_access", "scoped_identifier"],
        method_callees: &["scoped_identifier"],
    },
};
