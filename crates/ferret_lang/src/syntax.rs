//! Per-language syntax facts for the pattern engine and the comment scanners.

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
}

const C_LIKE_COMMENTS: &[&str] = &["//"];

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
    block_kinds: &[
        "statement_block",
        "program",
        "class_body",
        "switch_case",
        "switch_default",
    ],
};

static SYNTAXES: [Syntax; 13] = [
    Syntax {
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
    },
    Syntax {
        lang: Language::Cpp,
        wrappers: &[
            ("void ferret_wrap() { ferret_wrap_v = (\n", "\n); }"),
            ("void ferret_wrap() {\n", "\n}"),
            ("void ferret_wrap() {\n", ";\n}"),
            ("", ""),
            ("class ferret_wrap {\n", "\n};"),
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
            "virtual",
        ],
        unordered_kinds: &[],
        keyword_arg_kinds: &[],
        paren_kinds: &["parenthesized_expression"],
        expr_stmt_kinds: &["expression_statement"],
        block_kinds: &["compound_statement", "translation_unit", "case_statement"],
    },
    Syntax {
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
    },
    Syntax {
        lang: Language::Go,
        wrappers: &[
            ("package ferretwrap\nfunc ferretWrap() {\n", "\n}"),
            ("package ferretwrap\n", ""),
            ("package ferretwrap\ntype ferretWrapT struct {\n", "\n}"),
        ],
        sigil: "",
        stmt_ellipsis: &["ferret_ellipsis()"],
        string_kinds: &[
            "interpreted_string_literal",
            "raw_string_literal",
            "rune_literal",
        ],
        comment_kinds: &["comment"],
        line_comments: C_LIKE_COMMENTS,
        optional_kinds: &[],
        unordered_kinds: &[],
        keyword_arg_kinds: &[],
        paren_kinds: &["parenthesized_expression"],
        expr_stmt_kinds: &["expression_statement"],
        block_kinds: &[
            "block",
            "statement_list",
            "source_file",
            "expression_case",
            "default_case",
            "communication_case",
            "type_case",
        ],
    },
    Syntax {
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
    },
    Syntax {
        lang: Language::JavaScript,
        wrappers: &[("", ""), ("(\n", "\n)"), ("class FerretWrap {\n", "\n}")],
        sigil: "",
        stmt_ellipsis: &["ferret_ellipsis;"],
        string_kinds: &["string", "template_string"],
        comment_kinds: &["comment", "html_comment"],
        line_comments: C_LIKE_COMMENTS,
        optional_kinds: &[],
        unordered_kinds: &[],
        keyword_arg_kinds: &[],
        paren_kinds: &["parenthesized_expression"],
        expr_stmt_kinds: &["expression_statement"],
        block_kinds: &[
            "statement_block",
            "program",
            "class_body",
            "switch_case",
            "switch_default",
        ],
    },
    Syntax {
        lang: Language::Kotlin,
        wrappers: &[
            ("", ""),
            ("fun ferretWrap() {\n", "\n}"),
            ("class FerretWrap {\n", "\n}"),
        ],
        sigil: "",
        stmt_ellipsis: &["ferret_ellipsis()"],
        string_kinds: &[
            "string_literal",
            "line_string_literal",
            "multi_line_string_literal",
            "character_literal",
        ],
        comment_kinds: &["line_comment", "multiline_comment", "comment"],
        line_comments: C_LIKE_COMMENTS,
        optional_kinds: &["modifiers"],
        unordered_kinds: &["modifiers"],
        keyword_arg_kinds: &[],
        paren_kinds: &["parenthesized_expression"],
        expr_stmt_kinds: &[],
        block_kinds: &["statements", "source_file", "class_body", "block"],
    },
    Syntax {
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
    },
    Syntax {
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
    },
    Syntax {
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
    },
    Syntax {
        lang: Language::Rust,
        wrappers: &[
            ("fn ferret_wrap() {\n", "\n}"),
            ("fn ferret_wrap() {\n", ";\n}"),
            ("", ""),
            ("impl FerretWrap {\n", "\n}"),
        ],
        sigil: "",
        stmt_ellipsis: &["ferret_ellipsis();"],
        string_kinds: &["string_literal", "raw_string_literal", "char_literal"],
        comment_kinds: &["line_comment", "block_comment"],
        line_comments: C_LIKE_COMMENTS,
        optional_kinds: &[
            "visibility_modifier",
            "attribute_item",
            "function_modifiers",
        ],
        unordered_kinds: &[],
        keyword_arg_kinds: &[],
        paren_kinds: &["parenthesized_expression"],
        expr_stmt_kinds: &["expression_statement"],
        block_kinds: &["block", "source_file", "declaration_list"],
    },
    TYPESCRIPT,
    Syntax {
        lang: Language::Tsx,
        ..TYPESCRIPT
    },
];

pub(crate) fn syntax(lang: Language) -> &'static Syntax {
    SYNTAXES
        .iter()
        .find(|s| s.lang == lang)
        .expect("every language has a syntax table")
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
