//! C#: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{C_LIKE_COMMENTS, FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::CSharp,
    wrappers: &[
        (
            "class FerretWrap { void FerretWrapM() { var ferret_wrap_v = (\n",
            "\n); }}",
        ),
        ("class FerretWrap { void FerretWrapM() {\n", "\n}}"),
        ("class FerretWrap { void FerretWrapM() {\n", ";\n}}"),
        ("class FerretWrap {\n", "\n}"),
        ("", ""),
    ],
    sigil: "",
    stmt_ellipsis: &["ferret_ellipsis();", "int ferret_ellipsis;"],
    string_kinds: &[
        "string_literal",
        "verbatim_string_literal",
        "raw_string_literal",
        "character_literal",
    ],
    comment_kinds: &["comment"],
    line_comments: C_LIKE_COMMENTS,
    optional_kinds: &["modifier", "attribute_list", "base_list"],
    unordered_kinds: &[],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: &[
        "block",
        "compilation_unit",
        "declaration_list",
        "switch_section",
    ],
    flow: FlowKinds {
        functions: &[
            "method_declaration",
            "constructor_declaration",
            "method",
            "local_function_statement",
        ],
        closures: &["lambda_expression", "anonymous_method_expression"],
        anonymous_functions: &[],
        classes: &[
            "class_declaration",
            "class",
            "interface_declaration",
            "enum_declaration",
            "module",
            "struct_declaration",
            "record_declaration",
        ],
        calls: &[
            "Fastcall",
            "Stdcall",
            "Thiscall",
            "calling_convention",
            "invocation_expression",
            "object_creation_expression",
        ],
        returns: &["return_statement", "return"],
        branches: &["if_statement", "if"],
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
        members: &["attribute", "member_access_expression"],
        method_callees: &["attribute", "member_access_expression"],
    },
};
