//! Library models: what the evaluator knows about library calls (containers, builders,
//! numeric built-ins, C copy functions), as name lists in the YAML data files under the
//! crate's `models/` folder. The files are embedded in the binary, parsed once on first use
//! and checked: every list the evaluator consults must be defined exactly once, with no
//! unknown list, language or field. See CONTRIBUTING.md, "Adding a library model".

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use ferret_lang::Language;

/// The model files: (name, text).
const FILES: &[(&str, &str)] = &[
    (
        "containers.yaml",
        include_str!("../../models/containers.yaml"),
    ),
    ("python.yaml", include_str!("../../models/python.yaml")),
    ("c.yaml", include_str!("../../models/c.yaml")),
];

/// A digest of the model files as embedded (names and texts), for cache keys: results that an
/// edited model could change are never reused across a rebuild with other models.
pub fn digest() -> String {
    digest_of(FILES)
}

fn digest_of(files: &[(&str, &str)]) -> String {
    let mut h = blake3::Hasher::new();
    for (name, text) in files {
        for part in [name, text] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    h.finalize().to_hex().to_string()
}

/// A malformed model file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ModelError {
    /// Not YAML of the expected shape (also: an unknown field or language id).
    #[error("library model file {file}: {message}")]
    Yaml { file: String, message: String },
    /// A list the evaluator does not consult.
    #[error("library model file {file}: unknown list `{list}`")]
    Unknown { file: String, list: String },
    /// A list defined in two files.
    #[error("library model list `{list}` is defined in {first} and again in {file}")]
    Twice {
        list: String,
        first: String,
        file: String,
    },
    /// A list the evaluator consults that no file defines.
    #[error("library model list `{list}` is defined in no model file")]
    Missing { list: &'static str },
    /// A list that does not say what it means.
    #[error("library model file {file}: list `{list}` has no `about`")]
    NoAbout { file: String, list: String },
    /// An empty or repeated name.
    #[error("library model file {file}: list `{list}` has an empty or repeated name `{name}`")]
    BadName {
        file: String,
        list: String,
        name: String,
    },
}

/// One list as written in a model file.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ListSpec {
    /// What a name on the list means (documentation, required so that every list says it).
    about: String,
    /// The languages the list applies to; absent: every language.
    languages: Option<Vec<Language>>,
    /// The names.
    names: Vec<String>,
}

/// A list of library names, for some languages or all.
#[derive(Debug, Default)]
pub(super) struct NameList {
    languages: Option<Vec<Language>>,
    names: HashSet<String>,
}

impl NameList {
    /// Whether `name` is on the list and the list applies to `lang`.
    pub(super) fn has(&self, lang: Language, name: &str) -> bool {
        self.languages.as_ref().is_none_or(|l| l.contains(&lang)) && self.names.contains(name)
    }
}

/// Every library model the evaluator consults.
#[derive(Debug)]
pub(super) struct Models {
    /// Methods that put their arguments into the receiver (and return it).
    pub(super) adders: NameList,
    /// Methods that store their last argument under the key before it.
    pub(super) keyed_writes: NameList,
    /// Methods that read the value stored under a key.
    pub(super) keyed_reads: NameList,
    /// Keyed reads with the key first and a default value second.
    pub(super) keyed_reads_key_first: NameList,
    /// Methods of a list that keep its elements apart without changing it.
    pub(super) list_readers: NameList,
    /// Built-ins returning numbers.
    pub(super) numeric_builtins: NameList,
    /// Functions copying their other arguments into their first.
    pub(super) c_copiers: NameList,
}

/// The names of the lists of [`Models`], as written in the files.
const LISTS: [&str; 7] = [
    "adders",
    "keyed_writes",
    "keyed_reads",
    "keyed_reads_key_first",
    "list_readers",
    "numeric_builtins",
    "c_copiers",
];

// The files are part of the binary and `every_model_file_parses` parses them: a tested build
// cannot fail here.
static MODELS: LazyLock<Models> = LazyLock::new(|| load(FILES).unwrap_or_else(|e| panic!("{e}")));

/// The built-in library models (parsed on first use).
pub(super) fn models() -> &'static Models {
    &MODELS
}

/// Parses and checks model files, given as (name, text).
fn load(files: &[(&str, &str)]) -> Result<Models, ModelError> {
    let mut lists: HashMap<String, (String, NameList)> = HashMap::new();
    for (file, text) in files {
        let specs: BTreeMap<String, ListSpec> =
            serde_saphyr::from_str(text).map_err(|e| ModelError::Yaml {
                file: file.to_string(),
                message: e.to_string(),
            })?;
        for (list, spec) in specs {
            if !LISTS.contains(&list.as_str()) {
                return Err(ModelError::Unknown {
                    file: file.to_string(),
                    list,
                });
            }
            if let Some((first, _)) = lists.get(&list) {
                return Err(ModelError::Twice {
                    list,
                    first: first.clone(),
                    file: file.to_string(),
                });
            }
            if spec.about.trim().is_empty() {
                return Err(ModelError::NoAbout {
                    file: file.to_string(),
                    list,
                });
            }
            let mut names = HashSet::new();
            for name in spec.names {
                if name.is_empty() || names.contains(&name) {
                    return Err(ModelError::BadName {
                        file: file.to_string(),
                        list,
                        name,
                    });
                }
                names.insert(name);
            }
            let languages = spec.languages;
            lists.insert(list, (file.to_string(), NameList { languages, names }));
        }
    }
    let mut take = |list: &'static str| {
        lists
            .remove(list)
            .map(|(_, l)| l)
            .ok_or(ModelError::Missing { list })
    };
    Ok(Models {
        adders: take(LISTS[0])?,
        keyed_writes: take(LISTS[1])?,
        keyed_reads: take(LISTS[2])?,
        keyed_reads_key_first: take(LISTS[3])?,
        list_readers: take(LISTS[4])?,
        numeric_builtins: take(LISTS[5])?,
        c_copiers: take(LISTS[6])?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_digest_follows_every_model_text_and_name() {
        let a = digest_of(&[("c.yaml", "x: 1\n")]);
        assert_eq!(a, digest_of(&[("c.yaml", "x: 1\n")]));
        assert_ne!(a, digest_of(&[("c.yaml", "x: 2\n")]));
        assert_ne!(a, digest_of(&[("python.yaml", "x: 1\n")]));
        assert_eq!(digest(), digest_of(FILES));
    }

    use super::*;

    #[test]
    fn every_model_file_parses() {
        let m = match load(FILES) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        for l in [
            &m.adders,
            &m.keyed_writes,
            &m.keyed_reads,
            &m.keyed_reads_key_first,
            &m.list_readers,
            &m.numeric_builtins,
            &m.c_copiers,
        ] {
            assert!(!l.names.is_empty());
        }
    }

    #[test]
    fn a_list_applies_only_to_its_languages() {
        let m = models();
        assert!(m.numeric_builtins.has(Language::Python, "len"));
        assert!(!m.numeric_builtins.has(Language::JavaScript, "len"));
        assert!(m.adders.has(Language::Java, "append"));
        assert!(!m.adders.has(Language::Java, "get"));
    }

    /// The model files with `text` in place of `python.yaml`.
    fn with_python(text: &'static str) -> Vec<(&'static str, &'static str)> {
        FILES
            .iter()
            .map(|&(f, t)| (f, if f == "python.yaml" { text } else { t }))
            .collect()
    }

    #[test]
    fn a_malformed_model_file_is_a_typed_error() {
        let bad = load(&with_python("numeric_builtins: [len"));
        assert!(
            matches!(&bad, Err(ModelError::Yaml { file, .. }) if file == "python.yaml"),
            "{bad:?}"
        );
        let bad = load(&with_python(
            "numeric_builtins:\n  about: x\n  languages: [cobol]\n  names: [len]\n",
        ));
        assert!(matches!(bad, Err(ModelError::Yaml { .. })), "{bad:?}");
        let bad = load(&with_python(
            "numeric_builtins:\n  about: x\n  name: [len]\n  names: [len]\n",
        ));
        assert!(matches!(bad, Err(ModelError::Yaml { .. })), "{bad:?}");
    }

    #[test]
    fn unknown_missing_twice_and_repeated_lists_are_errors() {
        let bad = load(&with_python("numeric: {about: x, names: [len]}\n"));
        assert!(
            matches!(&bad, Err(ModelError::Unknown { list, .. }) if list == "numeric"),
            "{bad:?}"
        );
        let bad = load(&with_python("{}\n"));
        assert!(
            matches!(
                bad,
                Err(ModelError::Missing {
                    list: "numeric_builtins"
                })
            ),
            "{bad:?}"
        );
        let bad = load(&with_python(
            "numeric_builtins: {about: x, names: [len]}\nadders: {about: x, names: [add]}\n",
        ));
        assert!(
            matches!(&bad, Err(ModelError::Twice { list, .. }) if list == "adders"),
            "{bad:?}"
        );
        let bad = load(&with_python(
            "numeric_builtins: {about: ' ', names: [len]}\n",
        ));
        assert!(matches!(bad, Err(ModelError::NoAbout { .. })), "{bad:?}");
        let bad = load(&with_python(
            "numeric_builtins: {about: x, names: [len, len]}\n",
        ));
        assert!(
            matches!(&bad, Err(ModelError::BadName { name, .. }) if name == "len"),
            "{bad:?}"
        );
    }
}
