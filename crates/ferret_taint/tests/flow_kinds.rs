//! The per-language flow tables of `ferret_lang` against the string predicates the taint
//! lowering used before the tables existed: for every kind a grammar can produce, the table
//! and the old predicate agree, so moving the grammar facts changed no lowering. When a table
//! is changed on purpose, change the matching predicate here too (or retire this test).

use ferret_lang::{FlowKinds, Language};

const FUNCTIONS: &[&str] = &[
    "function_definition",
    "function_declaration",
    "function_expression",
    "generator_function_declaration",
    "generator_function",
    "method_definition",
    "method_declaration",
    "constructor_declaration",
    "func_literal",
    "function_item",
    "method",
    "singleton_method",
    "local_function_statement",
    "anonymous_function",
    "secondary_constructor",
    "anonymous_function_creation_expression",
];
const CLOSURES: &[&str] = &[
    "lambda",
    "lambda_expression",
    "arrow_function",
    "closure_expression",
    "lambda_literal",
    "do_block",
    "anonymous_method_expression",
];
const CLASSES: &[&str] = &[
    "class_declaration",
    "class_definition",
    "class",
    "class_specifier",
    "struct_specifier",
    "interface_declaration",
    "enum_declaration",
    "object_declaration",
    "impl_item",
    "trait_item",
    "module",
    "struct_declaration",
    "record_declaration",
];
const CALLS: &[&str] = &[
    "new_expression",
    "object_creation_expression",
    "instance_creation_expression",
    "composite_literal",
    "macro_invocation",
];
const RETURNS: &[&str] = &[
    "return_statement",
    "return",
    "return_expression",
    "jump_expression",
];
const BRANCHES: &[&str] = &[
    "if_statement",
    "if_expression",
    "if",
    "unless",
    "elif_clause",
    "else_if_clause",
    "if_modifier",
    "unless_modifier",
    "elsif",
];
const LOOPS: &[&str] = &[
    "for_statement",
    "for_in_statement",
    "enhanced_for_statement",
    "foreach_statement",
    "for_expression",
    "for",
    "while_statement",
    "while_expression",
    "while",
    "until",
    "do_statement",
    "do_while_statement",
    "loop_expression",
    "for_range_loop",
    "range_statement",
    "while_modifier",
    "until_modifier",
];
const MEMBERS: &[&str] = &[
    "attribute",
    "member_expression",
    "field_access",
    "selector_expression",
    "field_expression",
    "member_access_expression",
    "navigation_expression",
    "scoped_identifier",
    "qualified_identifier",
    "scoped_property_access_expression",
    "class_constant_access_expression",
    "scope_resolution",
    "nullsafe_member_access_expression",
    "optional_chain",
];
const METHOD_CALLEES: &[&str] = &[
    "attribute",
    "member_expression",
    "selector_expression",
    "field_expression",
    "member_access_expression",
    "navigation_expression",
    "scoped_identifier",
    "qualified_identifier",
    "generic_function",
];

type Check = (&'static str, fn(&FlowKinds, &str) -> bool, fn(&str) -> bool);

/// (table, predicate through the table, the old predicate).
const CHECKS: &[Check] = &[
    (
        "function",
        |f, k| f.is_function(k),
        |k| FUNCTIONS.contains(&k) || CLOSURES.contains(&k),
    ),
    ("closure", |f, k| f.is_closure(k), |k| CLOSURES.contains(&k)),
    (
        "function value",
        |f, k| f.is_function(k) && f.is_function_value(k),
        |k| {
            (FUNCTIONS.contains(&k) || CLOSURES.contains(&k))
                && (CLOSURES.contains(&k)
                    || k.contains("anonymous")
                    || k == "function_expression"
                    || k == "func_literal")
        },
    ),
    ("class", |f, k| f.is_class(k), |k| CLASSES.contains(&k)),
    (
        "call",
        |f, k| f.is_call(k),
        |k| k.contains("call") || k.contains("invocation") || CALLS.contains(&k),
    ),
    ("return", |f, k| f.is_return(k), |k| RETURNS.contains(&k)),
    ("branch", |f, k| f.is_branch(k), |k| BRANCHES.contains(&k)),
    (
        "negated branch",
        |f, k| f.is_negated_branch(k),
        |k| matches!(k, "unless" | "unless_modifier"),
    ),
    ("loop", |f, k| f.is_loop(k), |k| LOOPS.contains(&k)),
    (
        "post-test loop",
        |f, k| f.is_post_test_loop(k),
        |k| matches!(k, "do_statement" | "do_while_statement"),
    ),
    ("member", |f, k| f.is_member(k), |k| MEMBERS.contains(&k)),
    (
        "method callee",
        |f, k| f.is_method_callee(k),
        |k| METHOD_CALLEES.contains(&k),
    ),
];

#[test]
fn flow_tables_agree_with_the_old_predicates_on_every_grammar_kind() {
    for lang in Language::ALL {
        let ts = lang.ts_language();
        let flow = &lang.syntax().flow;
        // Every kind a tree of this grammar can hold, and the error node.
        let kinds = (0..ts.node_kind_count() as u16)
            .filter(|id| ts.node_kind_is_visible(*id))
            .filter_map(|id| ts.node_kind_for_id(id))
            .chain(["ERROR"]);
        for k in kinds {
            for (name, table, old) in CHECKS {
                assert_eq!(table(flow, k), old(k), "{lang}: {name} on `{k}`");
            }
        }
    }
}
