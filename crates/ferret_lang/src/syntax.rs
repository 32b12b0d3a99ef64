//! Per-language syntax facts: how the pattern engine wraps and reads a language, how its
//! comments are written, and which node kinds the taint lowering treats as functions, classes,
//! calls, returns, branches, loops and member accesses. Each language's table lives in its own
//! file under `syntax/`; adding a language means adding one file there and one arm to
//! [`syntax`].

use crate::Language;

/// Facts about one language's concrete syntax, as its tree-sitter grammar exposes it.
#[derive(Debug)]
pub struct Syntax {
    /// The language.
    pub lang: Language,
    /// Contexts in which a pattern is parsed, tried in order: text before and after the
    /// pattern. The first context in which the pattern parses without error wins.
    pub wrappers: &'static [(&'static str, &'static str)],
    /// Prefix of metavariable placeholders (`$` in PHP, where `$X` is a variable already).
    pub sigil: &'static str,
    /// Statement forms tried for a `...` that stands alone on a line, besides the bare form.
    pub stmt_ellipsis: &'static [&'static str],
    /// Node kinds that are string literals.
    pub string_kinds: &'static [&'static str],
    /// Node kinds that are comments.
    pub comment_kinds: &'static [&'static str],
    /// Line-comment introducers, for test annotations and suppressions.
    pub line_comments: &'static [&'static str],
    /// Node kinds that a pattern may leave out even where the code has them
    /// (modifiers, annotations, type annotations).
    pub optional_kinds: &'static [&'static str],
    /// Node kinds whose children match as an unordered subset (modifier lists).
    pub unordered_kinds: &'static [&'static str],
    /// Node kinds of keyword (named) arguments, which match in any order.
    pub keyword_arg_kinds: &'static [&'static str],
    /// Node kinds of parenthesised expressions, which match their content.
    pub paren_kinds: &'static [&'static str],
    /// Node kinds of expression statements, unwrapped when a pattern is a lone expression.
    pub expr_stmt_kinds: &'static [&'static str],
    /// Node kinds that hold a sequence of statements.
    pub block_kinds: &'static [&'static str],
    /// Node kinds the taint lowering recognises.
    pub flow: FlowKinds,
}

/// Node kinds that the taint lowering gives a meaning, for one grammar. A kind is listed only
/// if the grammar has it, so a table says which language a kind belongs to. Kinds are matched by
/// name, and a few names are also keyword tokens of their grammar (`if`, `return`).
#[derive(Debug)]
pub struct FlowKinds {
    /// Functions, methods and constructors (closures are in `closures`).
    pub functions: &'static [&'static str],
    /// Closures and lambdas: lowered in place as values of the function around them.
    pub closures: &'static [&'static str],
    /// Kinds of `functions` that are anonymous values: met in an expression, they are lowered
    /// in place like closures; met as a statement, they are lowered as functions of their own.
    pub anonymous_functions: &'static [&'static str],
    /// Classes and class-like scopes (structs, interfaces, enums, modules, impls).
    pub classes: &'static [&'static str],
    /// Calls, constructor calls and macro invocations.
    pub calls: &'static [&'static str],
    /// Return statements (Kotlin's `jump_expression` only when it starts with `return`).
    pub returns: &'static [&'static str],
    /// Conditional branches: `if`, `elif`, `unless` and their modifier forms.
    pub branches: &'static [&'static str],
    /// Branches whose condition is negated (Ruby's `unless`).
    pub negated_branches: &'static [&'static str],
    /// Loops.
    pub loops: &'static [&'static str],
    /// Loops whose body runs once before the condition is tested (`do ... while`).
    pub post_test_loops: &'static [&'static str],
    /// Member accesses (`a.b`, `a->b`, `A::b`) that name a dotted path.
    pub members: &'static [&'static str],
    /// Callee kinds that split into a receiver and a method name (`obj.m(...)`).
    pub method_callees: &'static [&'static str],
}

impl FlowKinds {
    /// Whether `kind` is a function, method, constructor or closure.
    pub fn is_function(&self, kind: &str) -> bool {
        self.functions.contains(&kind) || self.closures.contains(&kind)
    }

    /// Whether `kind` is a closure or lambda.
    pub fn is_closure(&self, kind: &str) -> bool {
        self.closures.contains(&kind)
    }

    /// Whether `kind` is a function lowered in place as a value: a closure or an anonymous
    /// function.
    pub fn is_function_value(&self, kind: &str) -> bool {
        self.is_closure(kind) || self.anonymous_functions.contains(&kind)
    }

    /// Whether `kind` is a class-like scope.
    pub fn is_class(&self, kind: &str) -> bool {
        self.classes.contains(&kind)
    }

    /// Whether `kind` is a call.
    pub fn is_call(&self, kind: &str) -> bool {
        self.calls.contains(&kind)
    }

    /// Whether `kind` is a return.
    pub fn is_return(&self, kind: &str) -> bool {
        self.returns.contains(&kind)
    }

    /// Whether `kind` is a conditional branch.
    pub fn is_branch(&self, kind: &str) -> bool {
        self.branches.contains(&kind)
    }

    /// Whether `kind` is a branch on the negation of its condition.
    pub fn is_negated_branch(&self, kind: &str) -> bool {
        self.negated_branches.contains(&kind)
    }

    /// Whether `kind` is a loop.
    pub fn is_loop(&self, kind: &str) -> bool {
        self.loops.contains(&kind)
    }

    /// Whether `kind` is a loop that tests its condition after the body.
    pub fn is_post_test_loop(&self, kind: &str) -> bool {
        self.post_test_loops.contains(&kind)
    }

    /// Whether `kind` is a member access.
    pub fn is_member(&self, kind: &str) -> bool {
        self.members.contains(&kind)
    }

    /// Whether `kind`, as a callee, splits into a receiver and a method name.
    pub fn is_method_callee(&self, kind: &str) -> bool {
        self.method_callees.contains(&kind)
    }

    /// Every table with its name, for tests and documentation.
    pub fn tables(&self) -> [(&'static str, &'static [&'static str]); 12] {
        [
            ("functions", self.functions),
            ("closures", self.closures),
            ("anonymous_functions", self.anonymous_functions),
            ("classes", self.classes),
            ("calls", self.calls),
            ("returns", self.returns),
            ("branches", self.branches),
            ("negated_branches", self.negated_branches),
            ("loops", self.loops),
            ("post_test_loops", self.post_test_loops),
            ("members", self.members),
            ("method_callees", self.method_callees),
        ]
    }
}

mod c;
mod cpp;
mod csharp;
mod go;
mod java;
mod javascript;
mod kotlin;
mod php;
mod python;
mod ruby;
mod rust;
mod typescript;

const C_LIKE_COMMENTS: &[&str] = &["//"];

pub(crate) fn syntax(lang: Language) -> &'static Syntax {
    match lang {
        Language::C => &c::SYNTAX,
        Language::Cpp => &cpp::SYNTAX,
        Language::CSharp => &csharp::SYNTAX,
        Language::Go => &go::SYNTAX,
        Language::Java => &java::SYNTAX,
        Language::JavaScript => &javascript::SYNTAX,
        Language::Kotlin => &kotlin::SYNTAX,
        Language::Php => &php::SYNTAX,
        Language::Python => &python::SYNTAX,
        Language::Ruby => &ruby::SYNTAX,
        Language::Rust => &rust::SYNTAX,
        Language::TypeScript => &typescript::SYNTAX,
        Language::Tsx => &typescript::TSX,
    }
}

impl Syntax {
    /// Whether `kind` is a string literal kind.
    pub fn is_string(&self, kind: &str) -> bool {
        self.string_kinds.contains(&kind)
    }

    /// Whether `kind` is a comment kind.
    pub fn is_comment(&self, kind: &str) -> bool {
        self.comment_kinds.contains(&kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_language_has_its_own_table() {
        for lang in Language::ALL {
            assert_eq!(syntax(lang).lang, lang);
        }
    }

    /// A flow table names only kinds its grammar can produce, so it says which language a
    /// kind belongs to.
    #[test]
    fn flow_kinds_exist_in_their_grammar() {
        for lang in Language::ALL {
            let ts = lang.ts_language();
            let visible: HashSet<&str> = (0..ts.node_kind_count() as u16)
                .filter(|id| ts.node_kind_is_visible(*id))
                .filter_map(|id| ts.node_kind_for_id(id))
                .collect();
            for (table, kinds) in syntax(lang).flow.tables() {
                for k in kinds {
                    assert!(
                        visible.contains(k),
                        "{lang}: {table} lists `{k}`, not in the grammar"
                    );
                }
            }
        }
    }
}
