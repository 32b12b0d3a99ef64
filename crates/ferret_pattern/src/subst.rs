//! Pattern text substitution: the operators of a pattern (`$X`, `$...X`, `...`, `<... E ...>`)
//! are replaced by placeholder identifiers that the language's grammar accepts, so that the
//! pattern can be parsed as ordinary code.
//!
//! Each metavariable and ellipsis is a *hole*. A hole is first written in the form its
//! [`EllipsisMode`] gives; when the result does not parse, [`Pattern::compile`] tries the other
//! forms a hole can take in the language ([`alternatives`]: a parameter `T x`, a field
//! `x: T`, a bare name where a PHP variable is not allowed, a Ruby constant...), one hole at a
//! time, keeping each change that removes syntax errors. The converter then recognises a hole by
//! its byte range, whatever form it was written in.
//!
//! [`Pattern::compile`]: crate::Pattern::compile

use std::collections::HashMap;

use ferret_lang::{Language, Syntax};

use crate::compile::{CompileError, DEEP, ELLIPSIS, MV, MVS};

#[derive(Clone)]
pub(crate) struct Subst {
    pub(crate) text: String,
    /// (call range, inner range) of every `<... E ...>`, in the substituted text.
    pub(crate) deeps: Vec<((usize, usize), (usize, usize))>,
    /// Every hole, in the order of the pattern text.
    pub(crate) holes: Vec<Hole>,
}

/// What a hole stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HoleKind {
    /// `...`.
    Ellipsis,
    /// `$X` (the name without `$`).
    Metavar(String),
    /// `$...X` (the name without `$...`).
    SeqMetavar(String),
}

/// One metavariable or ellipsis of the pattern, as written into the substituted text.
#[derive(Debug, Clone)]
pub(crate) struct Hole {
    /// Byte range of its text in the substituted text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: HoleKind,
}

/// Forms chosen for holes by their index, overriding the mode's: a template in which `@`
/// stands for the placeholder identifier and `^` for it with a capital first letter.
pub(crate) type Overrides = HashMap<usize, String>;

#[derive(Clone, Copy)]
pub(crate) enum EllipsisMode<'a> {
    Bare,
    Statement(&'a str),
    Splat,
    /// Java formal parameters: a `...` standing alone between `(` or `,` and `,` or `)` is a
    /// run of parameters (`void $M(..., @$A $T $P, ...)`), written as a parameter with a
    /// placeholder type and name ([`PARAM_ELLIPSIS`]); an ellipsis alone on its line is the
    /// statement form given.
    Params(&'a str),
}

/// The placeholder parameter that [`EllipsisMode::Params`] writes for `...` (type and name).
pub(crate) const PARAM_ELLIPSIS: &str = "ferret_ellipsis ferret_ellipsis";
/// [`PARAM_ELLIPSIS`] without its space, as `Conv::convert` sees it.
pub(crate) const PARAM_ELLIPSIS_SQUASHED: &str = "ferret_ellipsisferret_ellipsis";

pub(crate) fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn string_quotes(lang: Language) -> &'static [u8] {
    match lang {
        Language::Python | Language::Php | Language::Ruby => b"\"'",
        Language::JavaScript | Language::TypeScript | Language::Tsx => b"\"'`",
        _ => b"\"",
    }
}

pub(crate) fn substitute(
    pat: &str,
    syn: &Syntax,
    mode: EllipsisMode<'_>,
    overrides: &Overrides,
) -> Result<Subst, CompileError> {
    let mut out = Subst {
        text: String::with_capacity(pat.len() * 2),
        deeps: Vec::new(),
        holes: Vec::new(),
    };
    let ctx = Ctx {
        syn,
        mode,
        overrides,
    };
    subst_into(pat, &ctx, &mut out)?;
    Ok(out)
}

struct Ctx<'a> {
    syn: &'a Syntax,
    mode: EllipsisMode<'a>,
    overrides: &'a Overrides,
}

impl Ctx<'_> {
    /// Writes hole `kind` as `default`, or as its override.
    fn hole(&self, out: &mut Subst, kind: HoleKind, default: &str) -> bool {
        let start = out.text.len();
        let template = self.overrides.get(&out.holes.len());
        match template {
            Some(template) => {
                let ident = ident_of(&kind);
                for ch in template.chars() {
                    match ch {
                        '@' => out.text.push_str(&ident),
                        '^' => {
                            let mut cs = ident.chars();
                            if let Some(f) = cs.next() {
                                out.text.extend(f.to_uppercase());
                                out.text.push_str(cs.as_str());
                            }
                        }
                        c => out.text.push(c),
                    }
                }
            }
            None => out.text.push_str(default),
        }
        out.holes.push(Hole {
            start,
            end: out.text.len(),
            kind,
        });
        template.is_some()
    }
}

/// The placeholder identifier of a hole.
fn ident_of(kind: &HoleKind) -> String {
    match kind {
        HoleKind::Ellipsis => ELLIPSIS.to_string(),
        HoleKind::Metavar(n) => format!("{MV}{n}"),
        HoleKind::SeqMetavar(n) => format!("{MVS}{n}"),
    }
}

/// The forms a hole of `kind` may take in `lang`, beyond the one its mode gives (templates as
/// in [`Overrides`]).
pub(crate) fn alternatives(syn: &Syntax, kind: &HoleKind) -> Vec<String> {
    use Language as L;
    let lang = syn.lang;
    let mut v: Vec<String> = vec!["@".into()];
    if !syn.sigil.is_empty() {
        v.push(format!("{}@", syn.sigil));
    }
    // A declaration's parameter or field: `T x` in the C family, `x: T` elsewhere.
    match lang {
        L::Java | L::CSharp | L::C | L::Cpp | L::Go => v.push("@ @".into()),
        L::Kotlin => v.extend(["@: @".into(), "val @: @".into()]),
        L::Rust | L::TypeScript | L::Tsx | L::Python => v.push("@: @".into()),
        L::Ruby => v.push("^".into()),
        _ => {}
    }
    if matches!(lang, L::JavaScript | L::TypeScript | L::Tsx) {
        // A JSX attribute value or child.
        v.push("{@}".into());
    }
    if matches!(lang, L::Java | L::CSharp | L::C | L::Cpp) {
        // A statement (`$S;`): a call, since a lone name is no statement there.
        v.push("@()".into());
    }
    if *kind == HoleKind::Ellipsis {
        for form in syn.stmt_ellipsis {
            v.push(form.replace(ELLIPSIS, "@"));
        }
        match lang {
            // Class members.
            L::Java => {
                v.push("int @;".into());
                // Among an annotation's named elements (`@A(..., k = $V, ...)`).
                v.push("@ = @".into());
            }
            L::CSharp => v.push("int @;".into()),
            L::Php => v.extend(["var $@;".into(), "$@;".into()]),
            L::Rust => v.push("fn @() {}".into()),
            L::JavaScript | L::TypeScript | L::Tsx => v.push("@;".into()),
            L::Kotlin => v.push("val @ = 0".into()),
            _ => {}
        }
    }
    v.sort();
    v.dedup();
    v
}

fn subst_into(pat: &str, ctx: &Ctx<'_>, out: &mut Subst) -> Result<(), CompileError> {
    let (syn, mode) = (ctx.syn, ctx.mode);
    let b = pat.as_bytes();
    let quotes = string_quotes(syn.lang);
    let mut braces: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // Comments are copied verbatim: quotes and `$` in them mean nothing.
        if let Some(end) = comment_end(syn.lang, b, i) {
            out.text.push_str(&pat[i..end]);
            i = end;
            continue;
        }
        // Strings are copied verbatim, except the code of their interpolations.
        if quotes.contains(&c) || (c == b'\'' && is_char_literal(b, i)) {
            let end = skip_string(b, i);
            match interpolation_open(syn.lang, pat, i) {
                Some(open) => copy_interpolated(&pat[i..end], open, ctx, out)?,
                None => out.text.push_str(&pat[i..end]),
            }
            i = end;
            continue;
        }
        if b[i..].starts_with(b"<...") {
            let close = find_deep_close(b, i + 4).ok_or(CompileError::UnbalancedDeep)?;
            let call_start = out.text.len();
            out.text.push_str(DEEP);
            out.text.push('(');
            let inner_start = out.text.len();
            subst_into(pat[i + 4..close].trim(), ctx, out)?;
            let inner_end = out.text.len();
            out.text.push(')');
            out.deeps
                .push(((call_start, out.text.len()), (inner_start, inner_end)));
            i = close + 4;
            continue;
        }
        if c == b'$' {
            if b[i + 1..].starts_with(b"...")
                && b.get(i + 4)
                    .is_some_and(|&d| d.is_ascii_uppercase() || d == b'_')
            {
                let end = scan_mv_name(b, i + 4);
                let name = &pat[i + 4..end];
                let default = format!("{}{MVS}{name}", syn.sigil);
                ctx.hole(out, HoleKind::SeqMetavar(name.to_string()), &default);
                i = end;
                continue;
            }
            if b.get(i + 1)
                .is_some_and(|&d| d.is_ascii_uppercase() || d == b'_')
                && !(syn.lang == Language::Php
                    && is_php_superglobal(&pat[i + 1..scan_mv_name(b, i + 1)]))
            {
                let end = scan_mv_name(b, i + 1);
                let name = &pat[i + 1..end];
                let default = format!("{}{MV}{name}", syn.sigil);
                ctx.hole(out, HoleKind::Metavar(name.to_string()), &default);
                i = end;
                continue;
            }
        }
        if b[i..].starts_with(b"for (...)") || b[i..].starts_with(b"for(...)") {
            let len = if b[i + 3] == b' ' { 9 } else { 8 };
            out.text.push_str("for (");
            for k in 0..3 {
                if k > 0 {
                    out.text.push(';');
                }
                out.text.push_str(syn.sigil);
                out.text.push_str(ELLIPSIS);
            }
            out.text.push(')');
            i += len;
            continue;
        }
        if b[i..].starts_with(b"...") {
            let prev = if i > 0 { b[i - 1] } else { b' ' };
            let next = b.get(i + 3).copied().unwrap_or(b' ');
            let operator =
                !is_ident_byte(next) && next != b'$' && !is_ident_byte(prev) && prev != b')';
            if operator {
                let line_start = pat[..i].rfind('\n').map(|p| p + 1).unwrap_or(0);
                let line_end = pat[i..].find('\n').map(|p| p + i).unwrap_or(pat.len());
                let prev_ns = pat[..i].trim_end().chars().last();
                let next_ns = pat[i + 3..].trim_start().chars().next();
                let alone = pat[line_start..line_end].trim().trim_end_matches(';') == "..."
                    || (prev_ns == Some('{') && next_ns == Some('}'));
                let semi = b.get(i + 3) == Some(&b';');
                let (default, len): (String, usize) = match mode {
                    EllipsisMode::Statement(form) | EllipsisMode::Params(form) if alone => {
                        (form.to_string(), if semi { 4 } else { 3 })
                    }
                    EllipsisMode::Params(_)
                        if braces.last() == Some(&b'(')
                            && matches!(prev_ns, Some('(' | ','))
                            && matches!(next_ns, Some(')' | ','))
                            && crate::params::opens_parameters(pat, i) =>
                    {
                        (PARAM_ELLIPSIS.to_string(), 3)
                    }
                    EllipsisMode::Splat if braces.last() == Some(&b'{') => {
                        (format!("**{ELLIPSIS}"), 3)
                    }
                    _ => (format!("{}{ELLIPSIS}", syn.sigil), 3),
                };
                let overridden = ctx.hole(out, HoleKind::Ellipsis, &default);
                // An overriding form keeps the `;` a statement form would have taken.
                i += if overridden { 3 } else { len };
                continue;
            }
        }
        match c {
            b'(' | b'[' | b'{' => braces.push(c),
            b')' | b']' | b'}' => {
                braces.pop();
            }
            _ => {}
        }
        // Copy one UTF-8 character.
        let len = utf8_len(c);
        out.text.push_str(&pat[i..(i + len).min(pat.len())]);
        i += len;
    }
    Ok(())
}

/// If a comment starts at byte `i`, where it ends (a line comment before its line break).
pub(crate) fn comment_end(lang: Language, b: &[u8], i: usize) -> Option<usize> {
    use Language as L;
    let rest = &b[i..];
    // Not Ruby's `#{` (an interpolation in a backtick command) nor PHP's `#[` (an attribute).
    let hash = (lang == L::Python)
        || (lang == L::Ruby && !rest.starts_with(b"#{"))
        || (lang == L::Php && !rest.starts_with(b"#["));
    let slashes = !matches!(lang, L::Python | L::Ruby);
    if (hash && rest.starts_with(b"#")) || (slashes && rest.starts_with(b"//")) {
        return Some(
            rest.iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p),
        );
    }
    if slashes && rest.starts_with(b"/*") {
        return Some(
            rest.windows(2)
                .skip(2)
                .position(|w| w == b"*/")
                .map_or(b.len(), |p| i + 2 + p + 2),
        );
    }
    None
}

/// What opens an interpolation in the string literal starting at byte `at` of `pat`, if that
/// kind of literal has interpolations: JavaScript template literals and Kotlin strings `${`,
/// Ruby double-quoted strings `#{`, Python f-strings `{`.
fn interpolation_open(lang: Language, pat: &str, at: usize) -> Option<&'static str> {
    let q = pat.as_bytes()[at];
    match lang {
        Language::JavaScript | Language::TypeScript | Language::Tsx if q == b'`' => Some("${"),
        Language::Kotlin if q == b'"' => Some("${"),
        Language::Ruby if q == b'"' => Some("#{"),
        Language::Python => {
            let before = &pat[..at];
            let prefix_start = before
                .rfind(|c: char| !c.is_ascii_alphabetic())
                .map_or(0, |k| k + 1);
            let prefix = &before[prefix_start..];
            (prefix.len() <= 2 && prefix.contains(['f', 'F'])).then_some("{")
        }
        _ => None,
    }
}

/// Copies a string literal, substituting the operators inside its interpolations
/// (`` `...${$X}...` ``, `f"{$X}"`) as code.
fn copy_interpolated(
    lit: &str,
    open: &str,
    ctx: &Ctx<'_>,
    out: &mut Subst,
) -> Result<(), CompileError> {
    let b = lit.as_bytes();
    let mut j = 0;
    while j < b.len() {
        if open == "{" && b[j..].starts_with(b"{{") {
            out.text.push_str("{{");
            j += 2;
            continue;
        }
        if b[j..].starts_with(open.as_bytes()) {
            let inner_start = j + open.len();
            let mut depth = 1;
            let mut k = inner_start;
            while k < b.len() {
                match b[k] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            out.text.push_str(open);
            subst_into(lit[inner_start..k].trim(), ctx, out)?;
            if k < b.len() {
                out.text.push('}');
            }
            j = k + 1;
            continue;
        }
        let len = if b[j] == b'\\' { 2 } else { utf8_len(b[j]) };
        out.text.push_str(&lit[j..(j + len).min(lit.len())]);
        j += len;
    }
    Ok(())
}

/// PHP's superglobals look like metavariables but are code.
fn is_php_superglobal(name: &str) -> bool {
    matches!(
        name,
        "_GET"
            | "_POST"
            | "_REQUEST"
            | "_COOKIE"
            | "_SERVER"
            | "_FILES"
            | "_ENV"
            | "_SESSION"
            | "GLOBALS"
    )
}

fn utf8_len(c: u8) -> usize {
    match c {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

fn is_char_literal(b: &[u8], i: usize) -> bool {
    // 'x' or '\n' style; a lone quote (a Rust lifetime) is not a literal.
    (b.get(i + 2) == Some(&b'\'') && b.get(i + 1) != Some(&b'\\'))
        || (b.get(i + 1) == Some(&b'\\') && b[i + 2..].iter().take(8).any(|&c| c == b'\''))
}

fn skip_string(b: &[u8], start: usize) -> usize {
    let q = b[start];
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

fn scan_mv_name(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_uppercase() || b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    i
}

fn find_deep_close(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 1;
    while i + 3 < b.len() + 1 {
        if b[i..].starts_with(b"<...") {
            depth += 1;
            i += 4;
            continue;
        }
        if b[i..].starts_with(b"...>") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
            i += 4;
            continue;
        }
        i += 1;
    }
    None
}
