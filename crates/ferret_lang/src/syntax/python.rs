//! Python: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::Python,
    wrappers: &[("", "")],
    sigil: "",
    stmt_ellipsis: &[],
    string_kinds: &["string", "concatenated_string"],
    comment_kinds: &["comment"],
    line_comments: &["#"],
    optional_kinds: &["type"],
    unordered_kinds: &[],
    keyword_arg_kinds: &["keyword_argument"],
    paren_kinds: &["parenthesized_expression"],
    expr_stmt_kinds: &["expression_statement"],
    block_kinds: &["block", "module"],
    flow: FlowKinds {
        functions: &["function_definition"],
        closures: &["lambda"],
        anonymous_functions: &[],
        classes: &["class_definition", "class", "module"],
        calls: &["call"],
        returns: &["return_statement", "return"],
        branches: &["if_statement", "if", "elif_clause"],
        negated_branches: &[],
        loops: &["for_statement", "for", "while_statement", "while"],
        post_test_loops: &[],
        members: &["attribute"],
        method_callees: &["attribute"],
    },
};
