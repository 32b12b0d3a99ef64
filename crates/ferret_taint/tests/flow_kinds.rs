//! The per-language flow tables of `ferret_lang` against the string predicates the taint
//! lowering used before the tables existed: for every kind a grammar can produce, the table
//! and the old predicate agree, so moving the grammar facts changed no lowering. When a table
//! is changed on purpose, change the matching predicate here too (or retire this test). For a
//! new language, the ignored `print_tables_from_the_old_predicates` test prints a first draft of
//! every table from these predicates.

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

/// Node kinds the lowering accepted as identifiers.
fn old_identifier(k: &str) -> bool {
    k.ends_with("identifier")
        || matches!(
            k,
            "variable_name"
                | "name"
                | "self"
                | "this"
                | "constant"
                | "instance_variable"
                | "global_variable"
                | "class_variable"
                | "field"
                | "shorthand_property_identifier"
        )
}

fn old_integer(k: &str) -> bool {
    k.contains("integer")
        || k.contains("number")
        || k == "int_literal"
        || k == "decimal_integer_literal"
        || k == "hex_integer_literal"
}

fn old_interpolation(k: &str) -> bool {
    k.contains("interpolation")
        || k == "template_substitution"
        || k == "format_expression"
        || k == "variable_name"
        || k == "member_access_expression"
        || k == "subscript_expression"
        || k == "dynamic_variable_name"
        || k.contains("expression")
}

fn old_pair_assignment(k: &str) -> bool {
    !k.contains("parameter")
        && (k.contains("assign")
            || k.contains("declaration")
            || k.contains("declarator")
            || k == "short_var_declaration"
            || k == "assignment"
            || k == "operator_assignment")
}

fn old_switch(k: &str) -> bool {
    k.contains("switch") || k == "match_expression" || k == "when_expression" || k == "case"
}

fn old_container(k: &str) -> bool {
    k != "expression_statement"
        && (k.ends_with("statement")
            || k.ends_with("block")
            || k.ends_with("body")
            || k.ends_with("declaration")
            || k.ends_with("_list")
            || k.ends_with("clause")
            || matches!(
                k,
                "program"
                    | "module"
                    | "source_file"
                    | "translation_unit"
                    | "compilation_unit"
                    | "statements"
                    | "then"
                    | "do"
                    | "block"
                    | "compound_statement"
                    | "chunk"
                    | "global_statement"
                    | "local_variable_declaration"
                    | "lexical_declaration"
                    | "variable_declaration"
                    | "var_declaration"
                    | "const_declaration"
                    | "declaration"
                    | "field_declaration"
            ))
}

fn old_member_container(k: &str) -> bool {
    k.contains("body")
        || k.contains("declaration_list")
        || k == "class_body"
        || k.contains("namespace")
        || matches!(
            k,
            "decorated_definition"
                | "template_declaration"
                | "linkage_specification"
                | "preproc_if"
                | "preproc_ifdef"
                | "preproc_else"
                | "export_statement"
                | "impl_item"
        )
}

type Old = (&'static str, fn(Language, &str) -> bool);

/// (table, the predicate the lowering used before the table existed).
const OLD: &[Old] = &[
    ("comments", |_, k| k.contains("comment")),
    ("identifiers", |_, k| old_identifier(k)),
    ("types", |_, k| k.contains("type")),
    ("typed_expressions", |_, k| {
        k.contains("type") && k.contains("expression")
    }),
    ("modifier_lists", |_, k| k == "modifiers"),
    ("true_literals", |_, k| k == "true"),
    ("false_literals", |_, k| k == "false"),
    ("null_literals", |_, k| {
        matches!(k, "null" | "nil" | "none" | "null_literal" | "nullptr")
    }),
    ("boolean_literals", |_, k| {
        matches!(k, "boolean_literal" | "boolean")
    }),
    ("integer_literals", |_, k| old_integer(k)),
    ("char_literals", |_, k| {
        matches!(k, "char_literal" | "character_literal")
    }),
    ("strings", |l, k| {
        l.syntax().string_kinds.contains(&k) || k == "string_literal" || k == "string"
    }),
    ("concatenated_strings", |_, k| k == "concatenated_string"),
    ("interpolations", |_, k| old_interpolation(k)),
    ("parameters", |_, k| k.contains("parameter")),
    ("parameter_lists", |_, k| {
        k.contains("parameters") || k == "formal_parameters"
    }),
    ("parameter_groups", |_, k| {
        k.contains("parameter") && k != "parameter"
    }),
    ("variadic_parameters", |_, k| {
        k.contains("variadic") || k.contains("splat") || k.contains("rest") || k.contains("spread")
    }),
    ("pair_assignments", |_, k| old_pair_assignment(k)),
    ("declarators", |_, k| {
        matches!(
            k,
            "variable_declarator"
                | "init_declarator"
                | "let_declaration"
                | "var_spec"
                | "const_spec"
                | "property_declaration"
                | "lexical_declaration"
                | "static_variable_declaration"
                | "const_declaration"
                | "property_element"
        )
    }),
    ("nested_declarations", |_, k| k == "variable_declaration"),
    ("positional_assignments", |_, k| {
        matches!(k, "assignment_expression" | "assignment")
    }),
    ("declaring_assignments", |_, k| {
        matches!(
            k,
            "variable_declarator"
                | "init_declarator"
                | "let_declaration"
                | "var_spec"
                | "short_var_declaration"
                | "property_declaration"
                | "lexical_declaration"
                | "const_spec"
                | "static_variable_declaration"
        )
    }),
    ("compound_assignments", |_, k| {
        k.contains("augmented") || k.contains("compound") || k == "operator_assignment"
    }),
    ("value_clauses", |_, k| k == "equals_value_clause"),
    ("expression_lists", |_, k| k == "expression_list"),
    ("lists", |_, k| k.contains("list")),
    ("declarator_wrappers", |_, k| {
        matches!(
            k,
            "pointer_declarator"
                | "array_declarator"
                | "init_declarator"
                | "reference_declarator"
                | "parenthesized_declarator"
        )
    }),
    ("indexed_places", |_, k| {
        matches!(
            k,
            "pointer_expression"
                | "unary_expression"
                | "subscript_expression"
                | "subscript"
                | "element_access_expression"
                | "array_access"
                | "index_expression"
                | "element_reference"
                | "subscript_access"
                | "indexed_access_expression"
        )
    }),
    ("named_places", |_, k| {
        matches!(
            k,
            "parenthesized_expression"
                | "variable_declarator"
                | "typed_parameter"
                | "expression_list"
                | "pattern_list"
                | "tuple_pattern"
                | "let_declaration"
        )
    }),
    ("destructurings", |_, k| {
        matches!(
            k,
            "expression_list"
                | "pattern_list"
                | "tuple_pattern"
                | "tuple"
                | "left_assignment_list"
                | "destructuring_pattern"
                | "array_pattern"
                | "object_pattern"
                | "multiple_variable_declaration"
        )
    }),
    ("keyed_subscripts", |_, k| {
        matches!(
            k,
            "subscript"
                | "subscript_expression"
                | "element_reference"
                | "index_expression"
                | "element_access_expression"
        )
    }),
    ("subscripts", |_, k| {
        matches!(
            k,
            "subscript"
                | "subscript_expression"
                | "element_reference"
                | "index_expression"
                | "element_access_expression"
                | "array_access"
        )
    }),
    ("key_wrappers", |_, k| {
        matches!(k, "bracketed_argument_list" | "argument")
    }),
    ("negations", |_, k| {
        matches!(k, "unary_operator" | "unary_expression")
    }),
    ("switches", |l, k| {
        old_switch(k) && !js_case(l, k) && !case_group(l, k) && !case_arm(l, k) && !java_label(l, k)
    }),
    ("match_statements", |l, k| {
        l == Language::Python && k == "match_statement"
    }),
    ("tries", |_, k| {
        matches!(
            k,
            "try_statement" | "try_expression" | "begin" | "try_with_resources_statement"
        )
    }),
    ("handlers", |_, k| {
        k.contains("catch") || k.contains("except") || k.contains("rescue")
    }),
    ("else_clauses", |_, k| matches!(k, "else_clause" | "else")),
    ("alternatives", |_, k| {
        k.contains("else") || k.contains("elif") || k.contains("elsif")
    }),
    ("named_loop_targets", |_, k| {
        matches!(k, "enhanced_for_statement" | "foreach_statement")
    }),
    ("declarator_loop_targets", |_, k| k == "for_range_loop"),
    ("range_clauses", |_, k| k == "range_clause"),
    ("expression_statements", |_, k| k == "expression_statement"),
    ("containers", |l, k| old_container(k) || js_case(l, k)),
    ("binaries", |_, k| {
        matches!(
            k,
            "binary_expression"
                | "binary_operator"
                | "boolean_operator"
                | "comparison_operator"
                | "binary"
                | "infix_expression"
                | "additive_expression"
                | "multiplicative_expression"
                | "comparison_expression"
                | "equality_expression"
                | "conjunction_expression"
                | "disjunction_expression"
                | "concatenated_string"
        )
    }),
    ("conditionals", |l, k| {
        matches!(k, "conditional_expression" | "ternary_expression")
            // Added with the table: Ruby's ternary was lowered as an opaque expression.
            || (l == Language::Ruby && k == "conditional")
    }),
    ("unaries", |_, k| {
        matches!(
            k,
            "unary_expression"
                | "pointer_expression"
                | "not_operator"
                | "unary"
                | "prefix_expression"
                | "unary_op_expression"
        )
    }),
    ("wrappers", |_, k| {
        matches!(
            k,
            "parenthesized_expression"
                | "expression_statement"
                | "argument"
                | "value_argument"
                | "parenthesized_statements"
        )
    }),
    ("sequence_literals", |l, k| {
        l == Language::Python && matches!(k, "list" | "tuple")
    }),
    ("splats", |_, k| k.contains("splat")),
    ("dict_literals", |l, k| {
        l == Language::Python && k == "dictionary"
    }),
    ("pairs", |_, k| k == "pair"),
    ("argument_lists", |_, k| {
        k.contains("argument") || k == "call_suffix"
    }),
    ("nested_argument_lists", |_, k| {
        k.ends_with("arguments") || k == "value_arguments"
    }),
    ("composite_literals", |_, k| k == "composite_literal"),
    ("macro_calls", |_, k| k == "macro_invocation"),
    ("macro_arguments", |_, k| k == "token_tree"),
    ("declarator_names", |_, k| {
        old_identifier(k)
            || matches!(
                k,
                "qualified_identifier" | "destructor_name" | "operator_name"
            )
    }),
    ("name_identifiers", |_, k| {
        matches!(k, "simple_identifier" | "identifier")
    }),
    ("receivers", |_, k| k == "receiver"),
    ("bodies", |_, k| {
        k.contains("block") || k.contains("body") || k == "compound_statement"
    }),
    ("expression_bodies", |_, k| {
        matches!(k, "arrow_expression_clause" | "function_body")
    }),
    ("namespaces", |_, k| {
        matches!(k, "namespace_definition" | "namespace_declaration")
    }),
    ("file_namespaces", |_, k| {
        k == "file_scoped_namespace_declaration"
    }),
    ("member_containers", |_, k| old_member_container(k)),
    ("const_declarators", |_, k| {
        matches!(
            k,
            "variable_declarator"
                | "init_declarator"
                | "const_spec"
                | "var_spec"
                | "property_declaration"
                | "assignment"
                | "const_item"
                | "static_item"
                | "const_element"
                | "property_element"
        )
    }),
    ("field_declarators", |_, k| {
        matches!(
            k,
            "variable_declarator"
                | "init_declarator"
                | "var_spec"
                | "property_declaration"
                | "property_element"
                | "assignment"
                | "field_declaration"
                | "declaration"
        )
    }),
    ("field_names", |_, k| {
        old_identifier(k) || k == "variable_name"
    }),
    ("loose_cases", |_, k| k == "case_statement"),
    ("programs", |_, k| k == "program"),
    ("bare_jumps", |_, k| k == "jump_expression"),
    ("class_blocks", |_, k| k == "block"),
    ("block_classes", |_, k| k == "class_definition"),
    ("plain_identifiers", |l, k| {
        (c_like(l) || l == Language::Python) && k == "identifier"
    }),
    ("switch_subject_wrappers", |l, k| {
        c_like(l) && matches!(k, "parenthesized_expression" | "condition_clause")
    }),
    ("case_labels", |l, k| c_like(l) && k == "case_statement"),
    ("case_exits", |l, k| {
        c_like(l) && matches!(k, "break_statement" | "return_statement")
            || java_or_csharp(l)
                && matches!(
                    k,
                    "break_statement"
                        | "continue_statement"
                        | "return_statement"
                        | "throw_statement"
                )
            || l == Language::Java && k == "yield_statement"
            || l == Language::CSharp && k == "goto_statement"
    }),
    ("case_groups", case_group),
    ("case_arms", case_arm),
    ("switch_labels", java_label),
    ("default_labels", |l, k| java_or_csharp(l) && k == "default"),
    ("function_bindings", |l, k| {
        js_or_ts(l)
            && matches!(
                k,
                "assignment_expression"
                    | "variable_declarator"
                    | "field_definition"
                    | "public_field_definition"
            )
    }),
    ("switch_values", |l, k| {
        java_or_csharp(l) && k == "switch_expression"
    }),
    ("pointer_expressions", |l, k| {
        c_like(l) && k == "pointer_expression"
    }),
    ("field_expressions", |l, k| {
        c_like(l) && k == "field_expression"
    }),
    ("written_bases", |l, k| {
        c_like(l)
            && matches!(
                k,
                "subscript_expression" | "field_expression" | "pointer_expression"
            )
    }),
    ("out_declarators", |l, k| {
        c_like(l) && matches!(k, "reference_declarator" | "pointer_declarator")
    }),
    ("array_news", |_, k| k == "new_expression"),
    ("new_declarators", |_, k| k == "new_declarator"),
    ("case_clauses", |l, k| {
        l == Language::Python && k == "case_clause"
    }),
    ("case_patterns", |l, k| {
        l == Language::Python && k == "case_pattern"
    }),
    ("capture_patterns", |l, k| {
        l == Language::Python && k == "dotted_name"
    }),
    ("union_patterns", |l, k| {
        l == Language::Python && k == "union_pattern"
    }),
    ("as_patterns", |l, k| {
        l == Language::Python && k == "as_pattern"
    }),
    ("type_qualifiers", |l, k| {
        c_like(l) && matches!(k, "type_qualifier")
    }),
    ("reference_declarators", |l, k| {
        c_like(l) && matches!(k, "reference_declarator")
    }),
    ("pointer_declarators", |l, k| {
        c_like(l) && matches!(k, "pointer_declarator")
    }),
    ("function_declarators", |l, k| {
        c_like(l) && matches!(k, "function_declarator")
    }),
    ("parenthesized_declarators", |l, k| {
        c_like(l) && matches!(k, "parenthesized_declarator")
    }),
    ("local_declarations", |l, k| {
        c_like(l) && matches!(k, "declaration")
    }),
    ("union_specifiers", |l, k| {
        c_like(l) && matches!(k, "union_specifier")
    }),
    ("type_identifiers", |l, k| {
        c_like(l) && matches!(k, "type_identifier")
    }),
    ("init_declarators", |l, k| {
        c_like(l) && matches!(k, "init_declarator")
    }),
    ("scalar_writes", |l, k| {
        c_like(l) && matches!(k, "assignment_expression" | "update_expression")
    }),
    ("type_definitions", |l, k| {
        c_like(l) && matches!(k, "type_definition")
    }),
];

/// Every kind a tree of `lang`'s grammar can hold, and the error node.
fn grammar_kinds(lang: Language) -> Vec<String> {
    let ts = lang.ts_language();
    let mut kinds: Vec<String> = (0..ts.node_kind_count() as u16)
        .filter(|id| ts.node_kind_is_visible(*id))
        .filter_map(|id| ts.node_kind_for_id(id))
        .chain(["ERROR"])
        .map(str::to_owned)
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

/// The tables of the other families against the predicates the lowering used before them, on
/// every kind of every grammar.
#[test]
fn lowering_tables_agree_with_the_old_predicates_on_every_grammar_kind() {
    for lang in Language::ALL {
        let tables = lang.syntax().flow.tables();
        for (name, old) in OLD {
            let table = tables
                .iter()
                .find(|(t, _)| t == name)
                .map(|(_, kinds)| *kinds)
                .unwrap_or_else(|| panic!("no table `{name}`"));
            for k in grammar_kinds(lang) {
                assert_eq!(
                    table.contains(&k.as_str()),
                    old(lang, &k),
                    "{lang}: {name} on `{k}`"
                );
            }
        }
    }
}

/// A JavaScript or TypeScript `case` or `default` clause: its statements run in sequence, so it
/// is a container, not a switch of its own.
fn js_case(lang: Language, k: &str) -> bool {
    matches!(
        lang,
        Language::JavaScript | Language::TypeScript | Language::Tsx
    ) && matches!(k, "switch_case" | "switch_default")
}

/// JavaScript, TypeScript and TSX.
fn js_or_ts(lang: Language) -> bool {
    matches!(
        lang,
        Language::JavaScript | Language::TypeScript | Language::Tsx
    )
}

/// Java and C#, whose switch bodies hold groups of labels and statements, and arms.
fn java_or_csharp(lang: Language) -> bool {
    matches!(lang, Language::Java | Language::CSharp)
}

/// A Java or C# group of case labels and the statements that follow them, run in sequence.
fn case_group(lang: Language, k: &str) -> bool {
    lang == Language::Java && k == "switch_block_statement_group"
        || lang == Language::CSharp && k == "switch_section"
}

/// A Java or C# case that never falls through: `case 1 -> ...`, `1 => ...`.
fn case_arm(lang: Language, k: &str) -> bool {
    lang == Language::Java && k == "switch_rule"
        || lang == Language::CSharp && k == "switch_expression_arm"
}

/// A Java case label (`case 1:`, `default ->`).
fn java_label(lang: Language, k: &str) -> bool {
    lang == Language::Java && k == "switch_label"
}

/// C and C++, whose grammars share the kinds of pointers, unions and `switch`.
fn c_like(lang: Language) -> bool {
    matches!(lang, Language::C | Language::Cpp)
}

/// Prints, for every language, the kinds each old predicate accepts, in the form of the
/// tables: the way the tables were first written (`cargo test --test flow_kinds -- --ignored
/// --nocapture`).
#[test]
#[ignore]
fn print_tables_from_the_old_predicates() {
    for lang in Language::ALL {
        println!("== {lang}");
        for (name, old) in OLD {
            let kinds: Vec<String> = grammar_kinds(lang)
                .into_iter()
                .filter(|k| old(lang, k))
                .collect();
            println!("{name}: &{kinds:?},");
        }
    }
}
