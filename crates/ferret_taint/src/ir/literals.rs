//! Reading tree-sitter leaves: the value of a string or other literal (its kind read from the
//! language's `FlowKinds`), and the dotted path an expression's text names.

use ferret_lang::{FlowKinds, Language};
use tree_sitter::Node;

use super::Const;

/// The text of a string literal, if it has no interpolation.
pub(crate) fn string_value(flow: &FlowKinds, n: Node<'_>, src: &[u8]) -> Option<String> {
    if flow.concatenated_strings.contains(&n.kind()) {
        // `"a" f"{x}"`: constant only when every part is.
        let mut c = n.walk();
        let parts: Vec<Node<'_>> = n.named_children(&mut c).collect();
        let mut out = String::new();
        for p in parts {
            if flow.comments.contains(&p.kind()) {
                continue;
            }
            out.push_str(&string_value(flow, p, src)?);
        }
        return Some(out);
    }
    let mut c = n.walk();
    if n.children(&mut c)
        .any(|ch| flow.interpolations.contains(&ch.kind()))
    {
        return None;
    }
    let t = std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).ok()?;
    let t = t.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '@');
    let t = t
        .trim_start_matches(['"', '\'', '`'])
        .trim_end_matches(['"', '\'', '`']);
    Some(t.to_string())
}

pub(crate) fn literal(lang: Language, n: Node<'_>, src: &[u8]) -> Option<Const> {
    let k = n.kind();
    let f = &lang.syntax().flow;
    let text = std::str::from_utf8(&src[n.start_byte()..n.end_byte()])
        .ok()?
        .trim();
    if f.true_literals.contains(&k) {
        return Some(Const::Bool(true));
    }
    if f.false_literals.contains(&k) {
        return Some(Const::Bool(false));
    }
    if f.null_literals.contains(&k) {
        return Some(Const::Null);
    }
    if f.boolean_literals.contains(&k) {
        return Some(Const::Bool(text == "true"));
    }
    if matches!(text, "True" | "true") && n.child_count() == 0 {
        return Some(Const::Bool(true));
    }
    if matches!(text, "False" | "false") && n.child_count() == 0 {
        return Some(Const::Bool(false));
    }
    if matches!(text, "None" | "NULL" | "nil" | "null") && n.child_count() == 0 {
        return Some(Const::Null);
    }
    if f.integer_literals.contains(&k) {
        let clean: String = text
            .chars()
            .filter(|c| *c != '_')
            .collect::<String>()
            .trim_end_matches(['L', 'l', 'U', 'u'])
            .to_string();
        let v = if let Some(h) = clean
            .strip_prefix("0x")
            .or_else(|| clean.strip_prefix("0X"))
        {
            i64::from_str_radix(h, 16).ok()
        } else {
            clean.parse::<i64>().ok()
        };
        return v.map(Const::Int);
    }
    if f.char_literals.contains(&k) {
        let inner = text.trim_matches('\'');
        if inner.chars().count() == 1 {
            return inner.chars().next().map(|c| Const::Int(c as i64));
        }
    }
    if f.strings.contains(&k) {
        return string_value(f, n, src).map(Const::Str);
    }
    None
}

/// Turns `a.b`, `a->b`, `a::b`, `this.x`, `$x` into a dotted path.
pub(crate) fn path_text(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut seg = false;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'@' || c >= 0x80 {
            out.push(c as char);
            seg = true;
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'.'
            || (c == b':' && b.get(i + 1) == Some(&b':'))
            || (c == b'-' && b.get(i + 1) == Some(&b'>'))
        {
            if !seg {
                return None;
            }
            out.push('.');
            seg = false;
            i += if c == b'.' { 1 } else { 2 };
        } else {
            return None;
        }
    }
    if !seg || out.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    Some(out)
}
