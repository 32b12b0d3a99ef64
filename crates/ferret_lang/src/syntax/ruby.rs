//! Ruby: the syntax facts of its tree-sitter grammar, for the pattern engine (how a pattern
//! parses, strings, comments) and for the taint lowering (which node kinds are functions,
//! classes, calls, returns, branches, loops and member accesses).

use super::{FlowKinds, Syntax};
use crate::Language;

pub(super) static SYNTAX: Syntax = Syntax {
    lang: Language::Ruby,
    wrappers: &[("", "")],
    sigil: "",
    stmt_ellipsis: &[],
    string_kinds: &["string", "string_array", "simple_symbol"],
    comment_kinds: &["comment"],
    line_comments: &["#"],
    optional_kinds: &[],
    unordered_kinds: &[],
    keyword_arg_kinds: &["pair"],
    paren_kinds: &["parenthesized_statements"],
    expr_stmt_kinds: &[],
    block_kinds: &[
        "program",
        "body_statement",
        "then",
        "else",
        "do",
        "block_body",
        "begin_block",
        "ensure",
        "rescue",
    ],
    flow: FlowKinds {
        functions: &["method", "singleton_method"],
        closures: &["lambda", "do_block"],
        anonymous_functions: &[],
        classes: &["class", "module"],
        calls: &["call"],
        returns: &["return"],
        branches: &["if", "unless", "if_modifier", "unless_modifier", "elsif"],
        negated_branches: &["unless", "unless_modifier"],
        loops: &["for", "while", "until", "while_modifier", "until_modifier"],
        post_test_loops: &[],
        members: &["scope_resolution"],
        method_callees: &[],
    },
};
