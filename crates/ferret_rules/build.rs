//! Embeds every rule file under the workspace's `rules/` directory into the library, so that
//! the built-in packs need no files at run time.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let rules_dir = manifest.join("../../rules");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    let mut files = Vec::new();
    collect(&rules_dir, &mut files);
    files.sort();
    let mut src = String::from(
        "/// Built-in rule files: (path relative to the repository, YAML text).\npub static BUILTIN: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(manifest.join("../..")).unwrap_or(f);
        let abs = f.canonicalize().unwrap_or_else(|_| f.clone());
        src.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            rel.to_string_lossy().replace('\\', "/"),
            abs.to_string_lossy()
        ));
    }
    src.push_str("];\n");
    // Directories are watched for new files too.
    let mut dirs = vec![rules_dir.clone()];
    while let Some(d) = dirs.pop() {
        println!("cargo:rerun-if-changed={}", d.display());
        if let Ok(rd) = std::fs::read_dir(&d) {
            dirs.extend(rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
        }
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("builtin.rs");
    std::fs::write(out, src).expect("write builtin.rs");
}
