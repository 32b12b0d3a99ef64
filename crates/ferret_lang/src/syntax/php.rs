//! PHP: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::Php,
    wrappers: &[
        ("<?php\n", "\n"),
        ("<?php\n", ";\n"),
        ("<?php\nclass FerretWrap {\n", "\n}\n"),
    ],
    sigil: "$",
    stmt_ellipsis: &["$ferret_ellipsis;"],
    string_kinds: &["string", "encapsed_string", "heredoc", "nowdoc"],
    comment_kinds: &["comment"],
    line_comments: &["//", "#"],
    optional_kinds: &["visibility_modifier", "static_modifier", "attribute_list"],
    unordered_kinds: &[],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: &[
        "compound_statement",
        "program",
        "declaration_list",
        "case_statement",
    ],
    flow: FlowKinds {
        functions: &[
            "function_definition",
            "method_declaration",
            "anonymous_function",
        ],
        closures: &["arrow_function"],
        anonymous_functions: &["anonymous_function"],
        classes: &[
            "class_declaration",
            "class",
            "interface_declaration",
            "enum_declaration",
        ],
        calls: &[
            "function_call_expression",
            "member_call_expression",
            "nullsafe_member_call_expression",
            "object_creation_expression",
            "scoped_call_expression",
        ],
        returns: &["return_statement", "return"],
        branches: &["if_statement", "if", "else_if_clause"],
        negated_branches: &[],
        loops: &[
            "for_statement",
            "foreach_statement",
            "for",
            "while_statement",
            "while",
            "do_statement",
        ],
        post_test_loops: &["do_statement"],
        members: &[
            "attribute",
            "member_access_expression",
            "scoped_property_access_expression",
            "class_constant_access_expression",
            "nullsafe_member_access_expression",
        ],
        method_callees: &["attribute", "member_access_expression"],
    },
};
