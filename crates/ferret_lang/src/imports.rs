//! Import aliases (and, for C and C++, `#define NAME other_name` renames): which local names stand for which qualified names in one file.
//!
//! `import subprocess as sp`, `from os import system`, `import cp from 'child_process'`,
//! `const { exec } = require('child_process')`, `import ex "os/exec"`, `import java.io.File;`,
//! `use std::process::Command;` and their kin all make a local name stand for a qualified one.
//! A pattern written with the qualified name (`subprocess.call`) then matches code written with
//! the local one (`sp.call`).

use std::collections::HashMap;

use crate::Language;
use tree_sitter::Node;

/// Local name → qualified name with `.` separators.
pub type Aliases = HashMap<String, String>;

/// Import aliases of one parsed file.
pub fn collect(lang: Language, root: Node<'_>, src: &[u8]) -> Aliases {
    let mut map = Aliases::new();
    let text =
        |n: Node<'_>| String::from_utf8_lossy(&src[n.start_byte()..n.end_byte()]).into_owned();
    let dotted = |s: &str| -> String {
        s.split(['.', ':', '\\', '/'])
            .filter(|p| !p.is_empty())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(".")
    };
    let unquote = |s: &str| -> String {
        let s = s.trim_matches(|c| c == '"' || c == '\'' || c == '`');
        s.strip_prefix("node:").unwrap_or(s).to_string()
    };
    let last = |s: &str| -> String { s.rsplit('.').next().unwrap_or(s).to_string() };

    let mut stack = vec![root];
    let mut cursor = root.walk();
    while let Some(n) = stack.pop() {
        let kind = n.kind();
        match (lang, kind) {
            (Language::Python, "import_statement") => {
                for c in n.named_children(&mut n.walk()) {
                    if c.kind() == "aliased_import"
                        && let (Some(name), Some(alias)) = (
                            c.child_by_field_name("name"),
                            c.child_by_field_name("alias"),
                        )
                    {
                        map.insert(text(alias), dotted(&text(name)));
                    }
                }
                continue;
            }
            (Language::Python, "import_from_statement") => {
                let Some(module) = n.child_by_field_name("module_name") else {
                    continue;
                };
                let module = dotted(&text(module));
                let mut c2 = n.walk();
                for c in n.children_by_field_name("name", &mut c2) {
                    if c.kind() == "aliased_import" {
                        if let (Some(name), Some(alias)) = (
                            c.child_by_field_name("name"),
                            c.child_by_field_name("alias"),
                        ) {
                            map.insert(text(alias), format!("{module}.{}", dotted(&text(name))));
                        }
                    } else {
                        let t = dotted(&text(c));
                        map.insert(last(&t), format!("{module}.{t}"));
                    }
                }
                continue;
            }
            (Language::JavaScript | Language::TypeScript | Language::Tsx, "import_statement") => {
                let Some(source) = n.child_by_field_name("source") else {
                    continue;
                };
                let module = dotted(&unquote(&text(source)));
                for clause in n.named_children(&mut n.walk()) {
                    if clause.kind() != "import_clause" {
                        continue;
                    }
                    for part in clause.named_children(&mut clause.walk()) {
                        match part.kind() {
                            "identifier" => {
                                map.insert(text(part), module.clone());
                            }
                            "namespace_import" => {
                                if let Some(id) = part.named_child(0) {
                                    map.insert(text(id), module.clone());
                                }
                            }
                            "named_imports" => {
                                for spec in part.named_children(&mut part.walk()) {
                                    if spec.kind() != "import_specifier" {
                                        continue;
                                    }
                                    let Some(name) = spec.child_by_field_name("name") else {
                                        continue;
                                    };
                                    let local = spec.child_by_field_name("alias").unwrap_or(name);
                                    map.insert(text(local), format!("{module}.{}", text(name)));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                continue;
            }
            (
                Language::JavaScript | Language::TypeScript | Language::Tsx,
                "variable_declarator",
            ) => {
                // `require('m')`, or a member of it: `require('m').f`.
                let required = |value: Node<'_>| -> Option<String> {
                    let (call, member) = match value.kind() {
                        "member_expression" => (
                            value.child_by_field_name("object")?,
                            Some(text(value.child_by_field_name("property")?)),
                        ),
                        _ => (value, None),
                    };
                    let arg = (call.kind() == "call_expression"
                        && call
                            .child_by_field_name("function")
                            .is_some_and(|f| text(f) == "require"))
                    .then(|| call.child_by_field_name("arguments")?.named_child(0))??;
                    let module = (arg.kind() == "string").then(|| dotted(&unquote(&text(arg))))?;
                    Some(match member {
                        Some(m) => format!("{module}.{m}"),
                        None => module,
                    })
                };
                if let (Some(name), Some(value)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) && let Some(module) = required(value)
                {
                    match name.kind() {
                        "identifier" => {
                            map.insert(text(name), module);
                        }
                        "object_pattern" => {
                            for p in name.named_children(&mut name.walk()) {
                                match p.kind() {
                                    "shorthand_property_identifier_pattern" => {
                                        map.insert(text(p), format!("{module}.{}", text(p)));
                                    }
                                    "pair_pattern" => {
                                        if let (Some(k), Some(v)) = (
                                            p.child_by_field_name("key"),
                                            p.child_by_field_name("value"),
                                        ) {
                                            map.insert(text(v), format!("{module}.{}", text(k)));
                                        }
                                    }
                                    _ => {}
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            (Language::Go, "import_spec") => {
                if let Some(path) = n.child_by_field_name("path") {
                    let full = unquote(&text(path));
                    let pkg = full.rsplit('/').next().unwrap_or(&full).to_string();
                    match n.child_by_field_name("name") {
                        Some(alias) => {
                            let a = text(alias);
                            if a != "." && a != "_" {
                                map.insert(a, pkg);
                            }
                        }
                        // A plain import binds the package's last path segment.
                        None => {
                            map.insert(pkg.clone(), pkg);
                        }
                    }
                }
                continue;
            }
            (Language::Java, "import_declaration") => {
                if let Some(path) = n
                    .named_children(&mut n.walk())
                    .find(|c| matches!(c.kind(), "scoped_identifier" | "identifier"))
                    && !text(n).contains('*')
                {
                    let full = dotted(&text(path));
                    map.insert(last(&full), full);
                }
                continue;
            }
            (Language::Kotlin, "import_header") => {
                if let Some(path) = n.named_child(0) {
                    let full = dotted(&text(path));
                    let local = n
                        .named_children(&mut n.walk())
                        .find(|c| c.kind() == "import_alias")
                        .and_then(|a| a.named_child(0))
                        .map(text)
                        .unwrap_or_else(|| last(&full));
                    if !text(n).contains('*') {
                        map.insert(local, full);
                    }
                }
                continue;
            }
            (Language::Php, "namespace_use_clause") => {
                let parts: Vec<Node<'_>> = n.named_children(&mut n.walk()).collect();
                if let Some(path) = parts
                    .iter()
                    .find(|c| matches!(c.kind(), "qualified_name" | "name"))
                {
                    let full = dotted(&text(*path));
                    let local = n
                        .child_by_field_name("alias")
                        .map(text)
                        .unwrap_or_else(|| last(&full));
                    map.insert(local, full);
                }
                continue;
            }
            (Language::Rust, "use_declaration") => {
                if let Some(arg) = n.child_by_field_name("argument") {
                    rust_use(arg, "", &text, &dotted, &mut map);
                }
                continue;
            }
            (Language::C | Language::Cpp, "preproc_def") => {
                // `#define NAME other_name`: an object-like macro that renames an identifier.
                if let Some((name, value)) = crate::macros::rename(n, src) {
                    map.entry(name).or_insert(value);
                }
                continue;
            }
            (Language::CSharp, "using_directive") => {
                let named: Vec<Node<'_>> = n.named_children(&mut n.walk()).collect();
                if named.len() == 2 && named[0].kind() == "identifier" {
                    map.insert(text(named[0]), dotted(&text(named[1])));
                }
                continue;
            }
            _ => {}
        }
        for c in n.children(&mut cursor) {
            if c.named_child_count() > 0 || c.kind().contains("import") || c.kind().contains("use")
            {
                stack.push(c);
            }
        }
    }
    map
}

fn rust_use(
    node: Node<'_>,
    prefix: &str,
    text: &dyn Fn(Node<'_>) -> String,
    dotted: &dyn Fn(&str) -> String,
    map: &mut Aliases,
) {
    let join = |p: &str, s: &str| {
        if p.is_empty() {
            s.to_string()
        } else {
            format!("{p}.{s}")
        }
    };
    match node.kind() {
        "scoped_identifier" | "identifier" => {
            let full = join(prefix, &dotted(&text(node)));
            let local = full.rsplit('.').next().unwrap_or(&full).to_string();
            map.insert(local, full);
        }
        "use_as_clause" => {
            if let (Some(path), Some(alias)) = (
                node.child_by_field_name("path"),
                node.child_by_field_name("alias"),
            ) {
                map.insert(text(alias), join(prefix, &dotted(&text(path))));
            }
        }
        "scoped_use_list" => {
            let base = node
                .child_by_field_name("path")
                .map(|p| join(prefix, &dotted(&text(p))))
                .unwrap_or_else(|| prefix.to_string());
            if let Some(list) = node.child_by_field_name("list") {
                for item in list.named_children(&mut list.walk()) {
                    rust_use(item, &base, text, dotted, map);
                }
            }
        }
        "use_list" => {
            for item in node.named_children(&mut node.walk()) {
                rust_use(item, prefix, text, dotted, map);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ParseLimits, parse};

    fn aliases(lang: Language, src: &str) -> Aliases {
        let p = parse(lang, src.as_bytes(), &ParseLimits::default()).unwrap();
        collect(lang, p.tree.root_node(), src.as_bytes())
    }

    #[test]
    fn python_aliases() {
        let a = aliases(
            Language::Python,
            "import subprocess as sp\nfrom os import system\nfrom os.path import join as j\nimport os\n",
        );
        assert_eq!(a["sp"], "subprocess");
        assert_eq!(a["system"], "os.system");
        assert_eq!(a["j"], "os.path.join");
        assert!(!a.contains_key("os"));
    }

    #[test]
    fn javascript_aliases() {
        let a = aliases(
            Language::JavaScript,
            "import cp from 'child_process';\nimport * as f from 'fs';\nimport { exec as run } from 'node:child_process';\nconst { spawn } = require('child_process');\nconst p = require(\"path\");\n",
        );
        assert_eq!(a["cp"], "child_process");
        assert_eq!(a["f"], "fs");
        assert_eq!(a["run"], "child_process.exec");
        assert_eq!(a["spawn"], "child_process.spawn");
        assert_eq!(a["p"], "path");
        let b = aliases(
            Language::JavaScript,
            "var exec = require('child_process').exec, fs = require('fs');\nconst { x } = require('m').sub;\n",
        );
        assert_eq!(b["exec"], "child_process.exec");
        assert_eq!(b["fs"], "fs");
        assert_eq!(b["x"], "m.sub.x");
    }

    #[test]
    fn go_java_rust_aliases() {
        let g = aliases(
            Language::Go,
            "package main\nimport (\n ex \"os/exec\"\n \"fmt\"\n)\n",
        );
        assert_eq!(g["ex"], "exec");
        let j = aliases(Language::Java, "import java.io.File;\nclass A {}\n");
        assert_eq!(j["File"], "java.io.File");
        let r = aliases(
            Language::Rust,
            "use std::process::Command;\nuse std::fs::{self, File as F};\n",
        );
        assert_eq!(r["Command"], "std.process.Command");
        assert_eq!(r["F"], "std.fs.File");
    }
}
