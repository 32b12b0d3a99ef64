//! TypeScript and TSX: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{C_LIKE_COMMENTS, FlowKinds, Syntax, javascript};
use crate::Language;

/// TypeScript and TSX share every syntax fact but the grammar.
const TYPESCRIPT: Syntax = Syntax {
    lang: Language::TypeScript,
    wrappers: &[("", ""), ("(\n", "\n)"), ("class FerretWrap {\n", "\n}")],
    sigil: "",
    stmt_ellipsis: &["ferret_ellipsis;"],
    string_kinds: &["string", "template_string"],
    comment_kinds: &["comment", "html_comment"],
    line_comments: C_LIKE_COMMENTS,
    optional_kinds: &[
        "type_annotation",
        "accessibility_modifier",
        "type_arguments",
    ],
    unordered_kinds: &[],
    keyword_arg_kinds: &[],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: javascript::BLOCKS,
    flow: FlowKinds {
        functions: javascript::FUNCTIONS,
        closures: &["arrow_function"],
        anonymous_functions: &["function_expression"],
        classes: &[
            "class_declaration",
            "class",
            "interface_declaration",
            "enum_declaration",
            "module",
        ],
        calls: &["call_expression", "call_signature", "new_expression"],
        returns: &["return_statement", "return"],
        branches: &["if_statement", "if"],
        negated_branches: &[],
        loops: javascript::LOOPS,
        post_test_loops: &["do_statement"],
        members: &["member_expression", "optional_chain"],
        method_callees: &["member_expression"],
    },
};

pub(super) static SYNTAX: Syntax = TYPESCRIPT;

pub(super) static TSX: Syntax = Syntax {
    lang: Language::Tsx,
    ..TYPESCRIPT
};
