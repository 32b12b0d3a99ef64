//! `ferret_lang` knows the languages Ferret scans. It maps file names and shebang lines to a
//! [`Language`], owns the real tree-sitter grammar for each one, and parses source text with a
//! time limit, a size limit and a nesting-depth check, so that one pathological file is reported
//! and skipped instead of stalling or crashing a scan. It also carries the small per-language
//! facts the pattern engine needs: how to wrap a pattern so it parses, which node kinds are
//! strings, and how comments are written.

pub mod imports;
mod jsx_words;
pub mod macros;
mod parse;
mod syntax;

pub use parse::{ParseError, ParseLimits, Parsed, parse};
pub use syntax::{FlowKinds, Syntax};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A language Ferret can parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// C (and `.h` headers).
    C,
    /// C++.
    Cpp,
    /// C#.
    CSharp,
    /// Go.
    Go,
    /// Java.
    Java,
    /// JavaScript, including JSX.
    JavaScript,
    /// Kotlin.
    Kotlin,
    /// PHP.
    Php,
    /// Python 3.
    Python,
    /// Ruby.
    Ruby,
    /// Rust.
    Rust,
    /// TypeScript.
    TypeScript,
    /// TypeScript with JSX.
    Tsx,
}

impl Language {
    /// Every language, in a fixed order.
    pub const ALL: [Language; 13] = [
        Language::C,
        Language::Cpp,
        Language::CSharp,
        Language::Go,
        Language::Java,
        Language::JavaScript,
        Language::Kotlin,
        Language::Php,
        Language::Python,
        Language::Ruby,
        Language::Rust,
        Language::TypeScript,
        Language::Tsx,
    ];

    /// The canonical (Semgrep) name.
    pub fn name(self) -> &'static str {
        match self {
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::CSharp => "csharp",
            Language::Go => "go",
            Language::Java => "java",
            Language::JavaScript => "javascript",
            Language::Kotlin => "kotlin",
            Language::Php => "php",
            Language::Python => "python",
            Language::Ruby => "ruby",
            Language::Rust => "rust",
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
        }
    }

    /// File extensions (without the dot) that select this language.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Language::C => &["c", "h"],
            Language::Cpp => &["cc", "cpp", "cxx", "c++", "hh", "hpp", "hxx", "h++", "ipp"],
            Language::CSharp => &["cs"],
            Language::Go => &["go"],
            Language::Java => &["java"],
            Language::JavaScript => &["js", "mjs", "cjs", "jsx"],
            Language::Kotlin => &["kt", "kts"],
            Language::Php => &["php", "phtml", "php5", "php7", "inc"],
            Language::Python => &["py", "pyw", "pyi"],
            Language::Ruby => &["rb", "rake", "gemspec", "ru"],
            Language::Rust => &["rs"],
            Language::TypeScript => &["ts", "mts", "cts"],
            Language::Tsx => &["tsx"],
        }
    }

    /// The extension used for rule test files of this language.
    pub fn test_extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// Detects the language of a file from its name, then from a shebang line in `head`
    /// (the first bytes of the file).
    pub fn detect(path: &Path, head: &[u8]) -> Option<Language> {
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            let ext = ext.to_ascii_lowercase();
            for lang in Language::ALL {
                if lang.extensions().contains(&ext.as_str()) {
                    return Some(lang);
                }
            }
            return None;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match name {
            "Rakefile" | "Gemfile" | "Guardfile" | "Vagrantfile" => return Some(Language::Ruby),
            _ => {}
        }
        Self::from_shebang(head)
    }

    /// Detects a language from a `#!` line such as `#!/usr/bin/env python3`.
    pub fn from_shebang(head: &[u8]) -> Option<Language> {
        let line = head.strip_prefix(b"#!")?;
        let end = line.iter().position(|&b| b == b'\n').unwrap_or(line.len());
        let line = std::str::from_utf8(&line[..end]).ok()?;
        let mut words = line.split_whitespace();
        let mut prog = words.next()?.rsplit('/').next()?;
        if prog == "env" {
            prog = words.find(|w| !w.starts_with('-'))?;
        }
        let prog = prog.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        match prog {
            "python" | "pypy" => Some(Language::Python),
            "node" | "nodejs" | "deno" | "bun" => Some(Language::JavaScript),
            "ruby" => Some(Language::Ruby),
            "php" => Some(Language::Php),
            "ts-node" => Some(Language::TypeScript),
            "kotlin" | "kotlinc" => Some(Language::Kotlin),
            _ => None,
        }
    }

    /// The tree-sitter grammar.
    pub fn ts_language(self) -> tree_sitter::Language {
        match self {
            Language::C => tree_sitter_c::LANGUAGE.into(),
            Language::Cpp => tree_sitter_cpp::LANGUAGE.into(),
            Language::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::Kotlin => tree_sitter_kotlin_sg::LANGUAGE.into(),
            Language::Php => tree_sitter_php::LANGUAGE_PHP.into(),
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Language::Rust => tree_sitter_rust::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }

    /// The per-language syntax facts used by the pattern engine.
    pub fn syntax(self) -> &'static Syntax {
        syntax::syntax(self)
    }

    /// Whether a rule written for `rule_lang` applies to a file of this language.
    /// TypeScript rules also apply to TSX files, and C rules to C++ files is *not* assumed.
    pub fn accepts_rule_language(self, rule_lang: Language) -> bool {
        self == rule_lang || (self == Language::Tsx && rule_lang == Language::TypeScript)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A language name that Ferret does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown language `{0}` (supported: c, cpp, csharp, go, java, javascript, kotlin, php, python, ruby, rust, typescript, tsx)"
)]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;
    /// Accepts Semgrep's names and common aliases (`py`, `js`, `ts`, `c++`, `c#`, `kt`, `rs`, ...).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "c" => Language::C,
            "cpp" | "c++" | "cxx" => Language::Cpp,
            "csharp" | "c#" | "cs" => Language::CSharp,
            "go" | "golang" => Language::Go,
            "java" => Language::Java,
            "javascript" | "js" | "jsx" => Language::JavaScript,
            "kotlin" | "kt" => Language::Kotlin,
            "php" => Language::Php,
            "python" | "py" | "python3" => Language::Python,
            "ruby" | "rb" => Language::Ruby,
            "rust" | "rs" => Language::Rust,
            "typescript" | "ts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            other => return Err(UnknownLanguage(other.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension() {
        assert_eq!(
            Language::detect(Path::new("a/b.py"), b""),
            Some(Language::Python)
        );
        assert_eq!(
            Language::detect(Path::new("x.HPP"), b""),
            Some(Language::Cpp)
        );
        assert_eq!(
            Language::detect(Path::new("x.tsx"), b""),
            Some(Language::Tsx)
        );
        assert_eq!(Language::detect(Path::new("x.txt"), b"#!/bin/python"), None);
    }

    #[test]
    fn detects_by_shebang() {
        assert_eq!(
            Language::detect(Path::new("bin/tool"), b"#!/usr/bin/env python3\nprint(1)"),
            Some(Language::Python)
        );
        assert_eq!(
            Language::detect(Path::new("run"), b"#!/usr/bin/node\n"),
            Some(Language::JavaScript)
        );
        assert_eq!(
            Language::detect(Path::new("run"), b"#!/usr/bin/env -S ruby -w\n"),
            Some(Language::Ruby)
        );
        assert_eq!(Language::detect(Path::new("run"), b"#!/bin/sh\n"), None);
        assert_eq!(
            Language::detect(Path::new("Rakefile"), b""),
            Some(Language::Ruby)
        );
    }

    #[test]
    fn names_round_trip() {
        for lang in Language::ALL {
            assert_eq!(lang.name().parse::<Language>().unwrap(), lang);
        }
        assert_eq!("c#".parse::<Language>().unwrap(), Language::CSharp);
        assert!("cobol".parse::<Language>().is_err());
    }

    #[test]
    fn every_grammar_loads_and_parses_a_snippet() {
        let snippets = [
            (Language::C, "int main(void) { return 0; }"),
            (Language::Cpp, "int main() { std::string s; return 0; }"),
            (Language::CSharp, "class A { void M() { var x = 1; } }"),
            (Language::Go, "package main\nfunc main() { x := 1; _ = x }"),
            (Language::Java, "class A { void m() { int x = 1; } }"),
            (Language::JavaScript, "const x = require('y'); x(1);"),
            (Language::Kotlin, "fun main() { val x = 1 }"),
            (Language::Php, "<?php\n$x = 1;\n"),
            (Language::Python, "import os\nos.system('ls')\n"),
            (Language::Ruby, "def f(x)\n  x + 1\nend\n"),
            (Language::Rust, "fn main() { let x = 1; }"),
            (Language::TypeScript, "let x: number = 1;"),
            (Language::Tsx, "const a = <div>{x}</div>;"),
        ];
        for (lang, code) in snippets {
            let parsed = parse(lang, code.as_bytes(), &ParseLimits::default())
                .unwrap_or_else(|e| panic!("{lang}: {e}"));
            assert!(
                !parsed.tree.root_node().has_error(),
                "{lang} snippet has errors: {}",
                parsed.tree.root_node().to_sexp()
            );
        }
    }
}
