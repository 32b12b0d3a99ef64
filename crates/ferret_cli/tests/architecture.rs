//! ARCHITECTURE.md's crate table against the workspace: every crate it names exists, every
//! crate of the workspace is named, and the "depends on" column matches each crate's
//! `Cargo.toml`. The column names workspace crates by their short name (`core` for
//! `ferret_core`), which must be exactly the crate's workspace dependencies, and other crates by
//! their package name (`tree-sitter-*` for a family), each of which must be a dependency.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (crate, the entries of its "depends on" cell) for each row of the crate table.
fn table_rows(doc: &str) -> Vec<(String, Vec<String>)> {
    let section = doc
        .split("\n## Crates\n")
        .nth(1)
        .expect("ARCHITECTURE.md has a Crates section");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').collect();
            let name = cells[0].trim().trim_matches('`').to_string();
            let deps = cells[cells.len() - 1]
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty() && *d != "—")
                .map(String::from)
                .collect();
            (name, deps)
        })
        .collect()
}

fn workspace_crates() -> BTreeSet<String> {
    std::fs::read_dir(root().join("crates"))
        .expect("crates folder")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// The package name and the `[dependencies]` of one crate.
fn manifest(name: &str) -> (String, BTreeSet<String>) {
    let path = root().join("crates").join(name).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).expect("crate manifest");
    let toml: toml::Table = text.parse().expect("valid Cargo.toml");
    let package = toml["package"]["name"].as_str().unwrap_or("").to_string();
    let deps = toml
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default();
    (package, deps)
}

#[test]
fn crate_table_matches_the_workspace() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let rows = table_rows(&doc);
    let crates = workspace_crates();
    let named: BTreeSet<String> = rows.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        named, crates,
        "the crate table names exactly the workspace's crates"
    );
    for (name, listed) in rows {
        let (package, deps) = manifest(&name);
        assert_eq!(package, name, "crates/{name} is the package {name}");
        let mut listed_workspace = BTreeSet::new();
        for entry in &listed {
            let long = format!("ferret_{entry}");
            if crates.contains(&long) {
                listed_workspace.insert(long);
            } else if crates.contains(entry) {
                listed_workspace.insert(entry.clone());
            } else if let Some(prefix) = entry.strip_suffix('*') {
                assert!(
                    deps.iter().any(|d| d.starts_with(prefix)),
                    "{name}: lists `{entry}`, but depends on none"
                );
            } else {
                assert!(
                    deps.contains(entry),
                    "{name}: lists `{entry}`, not a dependency"
                );
            }
        }
        let actual: BTreeSet<String> = deps.intersection(&crates).cloned().collect();
        assert_eq!(
            listed_workspace, actual,
            "{name}: the workspace crates it depends on"
        );
    }
}
