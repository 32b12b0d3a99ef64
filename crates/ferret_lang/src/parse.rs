//! Parsing with limits: per-thread parsers, a wall-clock limit, a size limit and a depth check.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use tree_sitter::{ParseOptions, Parser, Tree};

use crate::Language;

/// Limits applied to every parse.
#[derive(Debug, Clone)]
pub struct ParseLimits {
    /// Files larger than this are refused before parsing.
    pub max_bytes: usize,
    /// Parsing stops after this long.
    pub timeout: Duration,
    /// Trees nested deeper than this are refused (the matcher and the dataflow pass recurse).
    pub max_depth: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_bytes: 5 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_depth: 2_000,
        }
    }
}

/// Why a file could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The file exceeds [`ParseLimits::max_bytes`].
    #[error("file is {size} bytes, over the parse limit of {limit} bytes")]
    TooLarge {
        /// File size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Parsing took longer than [`ParseLimits::timeout`].
    #[error("parsing stopped after {0:?} (time limit) at byte {1}")]
    Timeout(Duration, usize),
    /// The tree is nested deeper than [`ParseLimits::max_depth`].
    #[error("syntax tree is nested {depth} levels deep, over the limit of {limit}")]
    TooDeep {
        /// Depth reached (at least).
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// tree-sitter refused the grammar (an ABI mismatch); a build problem, not a file problem.
    #[error("grammar for {0} could not be loaded: {1}")]
    Grammar(Language, String),
    /// The parser returned no tree.
    #[error("the parser returned no tree")]
    NoTree,
}

/// A parsed file.
#[derive(Debug)]
pub struct Parsed {
    /// The syntax tree.
    pub tree: Tree,
    /// Whether the tree holds ERROR or MISSING nodes (the file was only partly understood).
    pub has_error: bool,
    /// How long parsing took.
    pub elapsed: Duration,
}

thread_local! {
    static PARSERS: RefCell<HashMap<Language, Parser>> = RefCell::new(HashMap::new());
}

/// Parses `source` as `lang`, reusing this thread's parser for that language.
pub fn parse(lang: Language, source: &[u8], limits: &ParseLimits) -> Result<Parsed, ParseError> {
    if source.len() > limits.max_bytes {
        return Err(ParseError::TooLarge {
            size: source.len(),
            limit: limits.max_bytes,
        });
    }
    let start = Instant::now();
    let deadline = start + limits.timeout;
    let mut tree = run_parser(lang, source, deadline, limits.timeout)?;
    if lang == Language::JavaScript
        && tree.root_node().has_error()
        && let Some(masked) = crate::jsx_words::mask_attribute_keywords(source)
    {
        // JSX attributes named `class` or `for` (see `jsx_words`).
        if let Ok(again) = run_parser(lang, &masked, deadline, limits.timeout)
            && crate::jsx_words::errors(&again) < crate::jsx_words::errors(&tree)
        {
            tree = again;
        }
    }
    let elapsed = start.elapsed();
    let depth = max_depth(&tree, limits.max_depth + 1);
    if depth > limits.max_depth {
        return Err(ParseError::TooDeep {
            depth,
            limit: limits.max_depth,
        });
    }
    let has_error = tree.root_node().has_error();
    Ok(Parsed {
        tree,
        has_error,
        elapsed,
    })
}

/// Parses `source` with this thread's parser for `lang`, stopping at `deadline`.
fn run_parser(
    lang: Language,
    source: &[u8],
    deadline: Instant,
    timeout: Duration,
) -> Result<Tree, ParseError> {
    let mut stopped_at = None;
    let tree = PARSERS.with(|cell| -> Result<Option<Tree>, ParseError> {
        let mut map = cell.borrow_mut();
        let parser = match map.entry(lang) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut p = Parser::new();
                p.set_language(&lang.ts_language())
                    .map_err(|err| ParseError::Grammar(lang, err.to_string()))?;
                e.insert(p)
            }
        };
        let mut checks = 0u32;
        let mut progress = |state: &tree_sitter::ParseState| {
            checks = checks.wrapping_add(1);
            if checks.is_multiple_of(64) && Instant::now() >= deadline {
                stopped_at = Some(state.current_byte_offset());
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        };
        let len = source.len();
        let mut input = |offset: usize, _: tree_sitter::Point| -> &[u8] {
            if offset < len { &source[offset..] } else { &[] }
        };
        let tree = parser.parse_with_options(
            &mut input,
            None,
            Some(ParseOptions::new().progress_callback(&mut progress)),
        );
        if tree.is_none() {
            parser.reset();
        }
        Ok(tree)
    })?;
    tree.ok_or(match stopped_at {
        Some(at) => ParseError::Timeout(timeout, at),
        None => ParseError::NoTree,
    })
}

/// Depth of the deepest node, counting stops once `cap` is reached. Iterative, so it cannot
/// overflow the stack on pathological input.
fn max_depth(tree: &Tree, cap: usize) -> usize {
    let mut cursor = tree.walk();
    let mut depth = 1usize;
    let mut best = 1usize;
    loop {
        if cursor.goto_first_child() {
            depth += 1;
            best = best.max(depth);
            if best >= cap {
                return best;
            }
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return best;
            }
            depth -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_oversized_input() {
        let limits = ParseLimits {
            max_bytes: 10,
            ..ParseLimits::default()
        };
        let err = parse(Language::Python, b"x = 1\ny = 2\nz = 3\n", &limits).unwrap_err();
        assert!(matches!(
            err,
            ParseError::TooLarge {
                size: 18,
                limit: 10
            }
        ));
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing() {
        let mut src = String::from("x = ");
        src.push_str(&"[".repeat(10_000));
        src.push_str(&"]".repeat(10_000));
        src.push('\n');
        let err = parse(Language::Python, src.as_bytes(), &ParseLimits::default()).unwrap_err();
        assert!(matches!(err, ParseError::TooDeep { .. }), "{err}");
    }

    #[test]
    fn times_out_on_a_tiny_budget() {
        let src = "a = b + c\n".repeat(200_000);
        let limits = ParseLimits {
            timeout: Duration::from_nanos(1),
            max_bytes: usize::MAX,
            ..ParseLimits::default()
        };
        let err = parse(Language::Python, src.as_bytes(), &limits).unwrap_err();
        assert!(matches!(err, ParseError::Timeout(..)), "{err}");
        // The thread's parser is reset and usable again.
        let ok = parse(Language::Python, b"x = 1\n", &ParseLimits::default()).unwrap();
        assert!(!ok.has_error);
    }

    #[test]
    fn empty_and_broken_files_parse() {
        let p = parse(Language::Java, b"", &ParseLimits::default()).unwrap();
        assert!(!p.has_error);
        let p = parse(Language::Java, b"class { void (", &ParseLimits::default()).unwrap();
        assert!(p.has_error);
    }
}
