//! The search for a parse of a pattern: over the ellipsis modes and the language's wrappers,
//! then by rewriting holes into their other forms, then by completing a partial declaration.

use ferret_lang::{Language, ParseLimits};
use tree_sitter::Node;

use crate::compile::CompileError;
use crate::subst::{EllipsisMode, HoleKind, Overrides, Subst, substitute};

/// Syntax errors of a parse: their number, then the bytes they cover.
fn error_score(node: Node<'_>) -> (usize, usize) {
    if !node.has_error() {
        return (0, 0);
    }
    let (mut count, mut bytes) = (0, 0);
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            count += 1;
            bytes += n.end_byte() - n.start_byte();
            continue;
        }
        if n.has_error() {
            for c in n.children(&mut cursor) {
                stack.push(c);
            }
        }
    }
    (count, bytes)
}

/// A parse of a substituted pattern inside one of the language's wrappers.
pub(crate) struct Parsed {
    pub(crate) errors: (usize, usize),
    pub(crate) full: String,
    pub(crate) sub: Subst,
    pub(crate) offset: usize,
    pub(crate) tree: tree_sitter::Tree,
    /// Where the pattern's own text ends in `sub.text` (before a completion's declaration).
    pub(crate) pat_end: usize,
}

/// How many parses the repair of one pattern's holes may try.
const REPAIR_BUDGET: usize = 400;

fn parse_in(lang: Language, sub: Subst, wrapper: (&str, &str)) -> Option<Parsed> {
    let full = format!("{}{}{}", wrapper.0, sub.text, wrapper.1);
    let parsed = ferret_lang::parse(lang, full.as_bytes(), &ParseLimits::default()).ok()?;
    Some(Parsed {
        errors: error_score(parsed.tree.root_node()),
        full,
        pat_end: sub.text.len(),
        sub,
        offset: wrapper.0.len(),
        tree: parsed.tree,
    })
}

/// How a pattern that is only part of a declaration is completed so that it parses.
#[derive(Clone, Copy)]
enum Completion {
    /// A declaration without its body (`class $C`, `void foo(...)`, `def f(...)`): the text
    /// is appended, and its last `hole` bytes (the body) become a `...` that matches any body.
    Body(&'static str, usize),
    /// Annotations or decorators alone (`@Attr($X)`): a declaration is appended for them to
    /// decorate, and the pattern is the annotations only.
    Decorated(&'static str),
}

fn completions(lang: Language) -> &'static [Completion] {
    use Completion::{Body, Decorated};
    use Language as L;
    match lang {
        L::Python => &[
            Body(":\n    pass", 4),
            Decorated("\ndef ferret_decorated():\n    pass"),
            Decorated("\nclass FerretDecorated:\n    pass"),
        ],
        L::Java | L::CSharp => &[
            Body(" {}", 2),
            Decorated("\nclass FerretDecorated {}"),
            Decorated("\nvoid ferretDecorated() {}"),
        ],
        L::JavaScript | L::TypeScript | L::Tsx => &[
            Body(" {}", 2),
            Decorated("\nclass FerretDecorated {}"),
            Decorated("\nferretDecorated() {}"),
        ],
        L::Kotlin => &[Body(" {}", 2), Decorated("\nclass FerretDecorated")],
        L::Php => &[Body(" {}", 2), Decorated("\nclass FerretDecorated {}")],
        L::Ruby => &[Body("\nend", 0)],
        L::Go | L::Rust | L::C | L::Cpp => &[Body(" {}", 2)],
    }
}

/// The best parse of `pat` (see [`parse_one`]); when it has errors, of `pat` completed into a
/// whole declaration (see [`Completion`]).
pub(crate) fn parse_best(
    lang: Language,
    pat: &str,
    modes: &[EllipsisMode<'_>],
) -> Result<Option<Parsed>, CompileError> {
    let first = parse_one(lang, pat, modes)?;
    if first.as_ref().is_none_or(|p| p.errors.0 == 0) {
        return Ok(first);
    }
    for c in completions(lang) {
        let (suffix, hole) = match *c {
            Completion::Body(s, hole) => (s, Some(hole)),
            Completion::Decorated(s) => (s, None),
        };
        let text = format!("{pat}{suffix}");
        let Some(mut p) = parse_one(lang, &text, modes)? else {
            continue;
        };
        if p.errors.0 > 0 {
            continue;
        }
        let len = p.sub.text.len();
        match hole {
            Some(0) => {}
            Some(h) => p.sub.holes.push(crate::subst::Hole {
                start: len - h,
                end: len,
                kind: HoleKind::Ellipsis,
            }),
            None => p.pat_end = len - suffix.len(),
        }
        return Ok(Some(p));
    }
    Ok(first)
}

/// The parse with the fewest syntax errors over the ellipsis modes and wrappers; when none is
/// clean, the holes of the best mode are rewritten one at a time into their other forms
/// (see `subst`), keeping each rewrite that reduces the errors.
fn parse_one(
    lang: Language,
    pat: &str,
    modes: &[EllipsisMode<'_>],
) -> Result<Option<Parsed>, CompileError> {
    let syn = lang.syntax();
    let none = Overrides::new();
    let mut best: Option<(Parsed, usize)> = None;
    'search: for (mi, mode) in modes.iter().enumerate() {
        let sub = substitute(pat, syn, *mode, &none)?;
        for (prefix, suffix) in syn.wrappers {
            let Some(p) = parse_in(lang, sub.clone(), (prefix, suffix)) else {
                continue;
            };
            let clean = p.errors.0 == 0;
            if best.as_ref().is_none_or(|(b, _)| p.errors < b.errors) {
                best = Some((p, mi));
            }
            if clean {
                break 'search;
            }
        }
    }
    let Some((found, mi)) = best else {
        return Ok(None);
    };
    if found.errors.0 == 0 || found.sub.holes.is_empty() {
        return Ok(Some(found));
    }
    let mut found = found;
    let mut budget = REPAIR_BUDGET;
    for wrapper in syn.wrappers {
        if let Some(p) = repair(lang, pat, modes[mi], *wrapper, &mut budget)?
            && p.errors < found.errors
        {
            let clean = p.errors.0 == 0;
            found = p;
            if clean {
                break;
            }
        }
    }
    Ok(Some(found))
}

/// Hill climbing over the forms of each hole, inside one wrapper.
fn repair(
    lang: Language,
    pat: &str,
    mode: EllipsisMode<'_>,
    wrapper: (&str, &str),
    budget: &mut usize,
) -> Result<Option<Parsed>, CompileError> {
    let syn = lang.syntax();
    let mut overrides = Overrides::new();
    let Some(mut cur) = parse_in(lang, substitute(pat, syn, mode, &overrides)?, wrapper) else {
        return Ok(None);
    };
    let kinds: Vec<HoleKind> = cur.sub.holes.iter().map(|h| h.kind.clone()).collect();
    loop {
        let mut improved = false;
        for (i, kind) in kinds.iter().enumerate() {
            for form in crate::subst::alternatives(syn, kind) {
                if *budget == 0 || cur.errors.0 == 0 {
                    return Ok(Some(cur));
                }
                if overrides.get(&i) == Some(&form) {
                    continue;
                }
                *budget -= 1;
                let mut trial = overrides.clone();
                trial.insert(i, form);
                let sub = substitute(pat, syn, mode, &trial)?;
                if let Some(p) = parse_in(lang, sub, wrapper)
                    && p.errors < cur.errors
                {
                    cur = p;
                    overrides = trial;
                    improved = true;
                }
            }
        }
        if !improved {
            return Ok(Some(cur));
        }
    }
}
