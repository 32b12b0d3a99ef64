//! C: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{C_LIKE_COMMENTS, FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::C,
    wrappers: &[
        ("void ferret_wrap(void) { ferret_wrap_v = (\n", "\n); }"),
        ("void ferret_wrap(void) {\n", "\n}"),
        ("void ferret_wrap(void) {\n", ";\n}"),
        ("", ""),
        ("struct ferret_wrap {\n", "\n};"),
    ],
    sigil: "",
    stmt_ellipsis: &["ferret_ellipsis();"],
    string_kinds: &[
        "string_literal",
        "concatenated_string",
        "char_literal",
        "raw_string_literal",
    ],
    comment_kinds: &["comment"],
    line_comments: C_LIKE_COMMENTS,
    optional_kinds: &[
        "storage_class_specifier",
        "type_qualifier",
        "attribute_specifier",
    ],
    unordered_kinds: &[],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: &["compound_statement", "translation_unit", "case_statement"],
    flow: FlowKinds {
        functions: &["function_definition"],
        closures: &[],
        anonymous_functions: &[],
        classes: &["struct_specifier"],
        calls: &[
            "__clrcall",
            "__fastcall",
            "__stdcall",
            "__thiscall",
            "__vectorcall",
            "call_expression",
            "ms_call_modifier",
            "preproc_call",
        ],
        returns: &["return_statement", "return"],
        branches: &["if_statement", "if"],
        negated_branches: &[],
        loops: &[
            "for_statement",
            "for",
            "while_statement",
            "while",
            "do_statement",
        ],
        post_test_loops: &["do_statement"],
        members: &["attribute", "field_expression"],
        method_callees: &["attribute", "field_expression"],
    },
};
