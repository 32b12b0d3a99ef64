//! Rule discovery for the commands: the built-in pack and `--config` files into one rule set
//! (by [`ferret_rules::load_rules`], which also hashes the sources for the scan cache), with the
//! rules that cannot be compiled skipped with a warning or, with `--strict`, refused.

use std::path::PathBuf;

use anyhow::{Result, bail};
use ferret_rules::{LoadedRules, RuleSet};

use crate::Pack;

impl From<Pack> for ferret_rules::Pack {
    fn from(p: Pack) -> Self {
        match p {
            Pack::None => ferret_rules::Pack::None,
            Pack::Default => ferret_rules::Pack::Default,
            Pack::All => ferret_rules::Pack::All,
        }
    }
}

/// For `ferret rules`: every built-in rule when no `--config` is given.
pub fn load_rules(config: &[PathBuf]) -> Result<RuleSet> {
    Ok(load_rule_set(config, config.is_empty().then_some(Pack::All), false)?.set)
}

/// Built-in pack (when asked for, or when no `--config` is given) plus the configured rules, with
/// the hash of their sources and the configured rules that cannot be compiled. Those are skipped
/// with a warning on standard error, or, when `strict`, are an error.
pub fn load_rule_set(config: &[PathBuf], pack: Option<Pack>, strict: bool) -> Result<LoadedRules> {
    let pack = ferret_rules::Pack::resolve(pack.map(Into::into), config);
    let loaded = match ferret_rules::load_rules(pack, config) {
        Err(ferret_rules::RuleError::Empty) => {
            bail!("no rules to run: give --config or --rules default|all")
        }
        loaded => loaded?,
    };
    let skipped = &loaded.skipped;
    if strict && let Some(first) = skipped.first() {
        bail!(
            "{first} ({} rule(s) cannot be compiled; without --strict they are skipped)",
            skipped.len()
        );
    }
    for issue in skipped {
        eprintln!("warning: skipping a rule that cannot be compiled: {issue}");
    }
    if loaded.set.rules.is_empty() {
        bail!(
            "no rules to run: all {} configured rule(s) cannot be compiled",
            skipped.len()
        );
    }
    Ok(loaded)
}
