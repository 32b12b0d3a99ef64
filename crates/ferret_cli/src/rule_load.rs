//! Rule discovery for the commands: the built-in pack and `--config` files into one
//! [`RuleSet`], with the rules that cannot be compiled skipped (or, with `--strict`, refused),
//! and the hash of the rules' sources that keys the scan cache.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use ferret_core::RuleIssue;
use ferret_rules::RuleSet;

use crate::Pack;

/// For `ferret rules`: every built-in rule when no `--config` is given.
pub fn load_rules(config: &[PathBuf]) -> Result<RuleSet> {
    Ok(load_rule_set(config, config.is_empty().then_some(Pack::All), false)?.0)
}

/// Built-in pack (when asked for, or when no `--config` is given) plus the configured rules, and
/// the configured rules that cannot be compiled. Those are skipped with a warning on standard
/// error, or, when `strict`, are an error.
pub fn load_rule_set(
    config: &[PathBuf],
    pack: Option<Pack>,
    strict: bool,
) -> Result<(RuleSet, Vec<RuleIssue>)> {
    let pack = pack.unwrap_or(if config.is_empty() {
        Pack::Default
    } else {
        Pack::None
    });
    let mut rules = match pack {
        Pack::None => Vec::new(),
        Pack::Default | Pack::All => {
            let mut r = ferret_rules::builtin_rules().context("loading the built-in rules")?;
            if pack == Pack::Default {
                r.retain(|rule| rule.info.confidence != ferret_core::Confidence::Low);
            }
            r
        }
    };
    let mut skipped = Vec::new();
    for p in config {
        let loaded = ferret_rules::load_path_tolerant(p)?;
        rules.extend(loaded.rules);
        skipped.extend(loaded.skipped);
    }
    if strict && let Some(first) = skipped.first() {
        bail!(
            "{first} ({} rule(s) cannot be compiled; without --strict they are skipped)",
            skipped.len()
        );
    }
    for issue in &skipped {
        eprintln!("warning: skipping a rule that cannot be compiled: {issue}");
    }
    if rules.is_empty() {
        if skipped.is_empty() {
            bail!("no rules to run: give --config or --rules default|all");
        }
        bail!(
            "no rules to run: all {} configured rule(s) cannot be compiled",
            skipped.len()
        );
    }
    Ok((RuleSet::new(rules)?, skipped))
}

/// A hash of the rules' sources, for the scan cache: the pack, the built-in files if it is used,
/// and every rule file under `config` (paths and bytes, in order).
pub fn rules_hash(config: &[PathBuf], pack: Option<Pack>) -> String {
    let mut h = blake3::Hasher::new();
    let pack = pack.unwrap_or(if config.is_empty() {
        Pack::Default
    } else {
        Pack::None
    });
    h.update(format!("{pack:?}\0").as_bytes());
    if pack != Pack::None {
        for (path, text) in ferret_rules::builtin_files() {
            h.update(path.as_bytes());
            h.update(&(text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
    }
    fn add(h: &mut blake3::Hasher, p: &std::path::Path) {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            entries.sort();
            for e in entries {
                add(h, &e);
            }
        } else if let Ok(bytes) = std::fs::read(p) {
            h.update(p.to_string_lossy().as_bytes());
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        }
    }
    for p in config {
        add(&mut h, p);
    }
    h.finalize().to_hex().to_string()
}
