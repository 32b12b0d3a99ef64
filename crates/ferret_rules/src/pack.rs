//! Rule packs and loading a run's rules: the built-in pack a run asks for (`none`, `default`,
//! `all`) plus its rule files, compiled into one [`RuleSet`], with a content hash of exactly the
//! rule sources that were loaded (the scan cache's rules key). The hash is taken from the bytes
//! as they are read, so it can never describe different text from the rules that run.

use std::path::{Path, PathBuf};

use ferret_core::{Confidence, RuleIssue};

use crate::load::{RuleError, load_path_with, load_str};
use crate::{Rule, RuleSet};

/// Which built-in rules run.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Pack {
    /// No built-in rules (only the given rule files).
    None,
    /// Built-in rules of medium and high confidence.
    #[default]
    Default,
    /// Every built-in rule, low-confidence ones included.
    All,
}

impl Pack {
    /// The pack a run uses: `asked` if given; otherwise the default pack when there are no rule
    /// files, and no built-in rules when there are.
    pub fn resolve(asked: Option<Pack>, config: &[PathBuf]) -> Pack {
        asked.unwrap_or(if config.is_empty() {
            Pack::Default
        } else {
            Pack::None
        })
    }

    /// The pack's name, as on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Pack::None => "none",
            Pack::Default => "default",
            Pack::All => "all",
        }
    }
}

impl std::str::FromStr for Pack {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Pack::None),
            "default" => Ok(Pack::Default),
            "all" => Ok(Pack::All),
            _ => Err(format!("unknown rule pack `{s}` (none, default or all)")),
        }
    }
}

/// A run's rules and the hash of their sources.
#[derive(Debug)]
pub struct LoadedRules {
    /// The compiled rules.
    pub set: RuleSet,
    /// BLAKE3 (hex) of the pack's name and of every rule source loaded, in load order: each
    /// source's path, length and bytes.
    pub sources_hash: String,
    /// Rules of the rule files that cannot be compiled: skipped, with the file, rule id, YAML
    /// path and reason (the built-in rules always compile).
    pub skipped: Vec<RuleIssue>,
}

/// Loads `pack` plus the rules of every file or directory in `config` (directories: every
/// `.yaml`/`.yml` rule file under them, test files excepted) into one [`RuleSet`], hashing the
/// sources as they are read. A rule of a rule file that cannot be compiled is skipped and listed
/// in [`LoadedRules::skipped`] (one bad rule does not stop a scan; a caller that wants it to uses
/// that list). No rules and nothing skipped is [`RuleError::Empty`].
pub fn load_rules(pack: Pack, config: &[PathBuf]) -> Result<LoadedRules, RuleError> {
    let mut h = blake3::Hasher::new();
    h.update(format!("{pack:?}\0").as_bytes());
    let mut seen = |path: &Path, text: &str| {
        h.update(path.to_string_lossy().as_bytes());
        h.update(&(text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    };
    let mut rules: Vec<Rule> = match pack {
        Pack::None => Vec::new(),
        Pack::Default | Pack::All => {
            let mut r = builtin_rules_with(&mut seen)?;
            if pack == Pack::Default {
                r.retain(|rule| rule.info.confidence != Confidence::Low);
            }
            r
        }
    };
    let mut skipped = Vec::new();
    for p in config {
        let loaded = load_path_with(p, &mut seen)?;
        rules.extend(loaded.rules);
        skipped.extend(loaded.skipped);
    }
    if rules.is_empty() && skipped.is_empty() {
        return Err(RuleError::Empty);
    }
    Ok(LoadedRules {
        set: RuleSet::new(rules)?,
        sources_hash: h.finalize().to_hex().to_string(),
        skipped,
    })
}

/// Loads the built-in rules, handing `seen` each embedded file's path and text.
pub(crate) fn builtin_rules_with(
    seen: &mut dyn FnMut(&Path, &str),
) -> Result<Vec<Rule>, RuleError> {
    let mut out = Vec::new();
    for (path, text) in crate::builtin_files() {
        let path = Path::new(path);
        seen(path, text);
        out.extend(load_str(text, path)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "rules:\n  - id: demo-eval\n    languages: [python]\n    severity: ERROR\n    message: eval\n    pattern: eval($X)\n";

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn a_pack_is_resolved_from_the_rule_files() {
        assert_eq!(Pack::resolve(None, &[]), Pack::Default);
        assert_eq!(Pack::resolve(None, &[PathBuf::from("r.yaml")]), Pack::None);
        assert_eq!(
            Pack::resolve(Some(Pack::All), &[PathBuf::from("r.yaml")]),
            Pack::All
        );
        assert_eq!("ALL".parse::<Pack>(), Ok(Pack::All));
        assert!("most".parse::<Pack>().is_err());
    }

    #[test]
    fn the_default_pack_drops_low_confidence_rules() {
        let all = load_rules(Pack::All, &[]).unwrap();
        let default = load_rules(Pack::Default, &[]).unwrap();
        assert!(default.set.rules.len() < all.set.rules.len());
        assert!(
            default
                .set
                .rules
                .iter()
                .all(|r| r.info.confidence != Confidence::Low)
        );
        assert_ne!(all.sources_hash, default.sources_hash);
    }

    #[test]
    fn nothing_to_load_is_an_error() {
        assert!(matches!(load_rules(Pack::None, &[]), Err(RuleError::Empty)));
    }

    #[test]
    fn the_hash_follows_the_loaded_sources_only() {
        let dir = tempfile::tempdir().unwrap();
        let rule = write(dir.path(), "rule.yaml", RULE);
        write(dir.path(), "rule.py", "eval(x)\n");
        let first = load_rules(Pack::None, &[dir.path().to_path_buf()]).unwrap();
        assert_eq!(first.set.rules.len(), 1);
        // A test target is not a rule source: changing it keeps the hash.
        write(dir.path(), "rule.py", "eval(y)\n");
        write(dir.path(), "other.test.yaml", "not: [rules");
        let same = load_rules(Pack::None, &[dir.path().to_path_buf()]).unwrap();
        assert_eq!(first.sources_hash, same.sources_hash);
        // A changed rule file changes it.
        std::fs::write(&rule, RULE.replace("ERROR", "WARNING")).unwrap();
        let changed = load_rules(Pack::None, &[dir.path().to_path_buf()]).unwrap();
        assert_ne!(first.sources_hash, changed.sources_hash);
        // So does adding the built-in pack.
        let with_pack = load_rules(Pack::Default, &[rule]).unwrap();
        assert_ne!(changed.sources_hash, with_pack.sources_hash);
    }
}
