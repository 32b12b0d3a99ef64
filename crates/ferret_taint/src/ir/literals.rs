//! Reading tree-sitter leaves: which node kinds are identifiers and strings, the value of a
//! string or other literal, and the dotted path an expression's text names.

use ferret_lang::Language;
use tree_sitter::Node;

use super::Const;

pub(crate) fn is_identifier_kind(k: &str) -> bool {
    k.ends_with("identifier")
        || matches!(
            k,
            "variable_name"
                | "name"
                | "self"
                | "this"
                | "constant"
                | "instance_variable"
                | "global_variable"
                | "class_variable"
                | "field"
                | "shorthand_property_identifier"
        )
}

pub(crate) fn is_string_kind(lang: Language, k: &str) -> bool {
    lang.syntax().string_kinds.contains(&k) || k == "string_literal" || k == "string"
}

/// The text of a string literal, if it has no interpolation.
pub(crate) fn string_value(n: Node<'_>, src: &[u8]) -> Option<String> {
    if n.kind() == "concatenated_string" {
        // `"a" f"{x}"`: constant only when every part is.
        let mut c = n.walk();
        let parts: Vec<Node<'_>> = n.named_children(&mut c).collect();
        let mut out = String::new();
        for p in parts {
            if p.kind().contains("comment") {
                continue;
            }
            out.push_str(&string_value(p, src)?);
        }
        return Some(out);
    }
    let mut c = n.walk();
    if n.children(&mut c).any(|ch| {
        let k = ch.kind();
        k.contains("interpolation")
            || k == "template_substitution"
            || k == "format_expression"
            || k == "variable_name"
            || k == "member_access_expression"
            || k == "subscript_expression"
            || k == "dynamic_variable_name"
            || k.contains("expression")
    }) {
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
    let text = std::str::from_utf8(&src[n.start_byte()..n.end_byte()])
        .ok()?
        .trim();
    match k {
        "true" => return Some(Const::Bool(true)),
        "false" => return Some(Const::Bool(false)),
        "null" | "nil" | "none" | "null_literal" | "nullptr" => return Some(Const::Null),
        "boolean_literal" | "boolean" => return Some(Const::Bool(text == "true")),
        _ => {}
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
    if k.contains("integer")
        || k.contains("number")
        || k == "int_literal"
        || k == "decimal_integer_literal"
        || k == "hex_integer_literal"
    {
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
    if k == "char_literal" || k == "character_literal" {
        let inner = text.trim_matches('\'');
        if inner.chars().count() == 1 {
            return inner.chars().next().map(|c| Const::Int(c as i64));
        }
    }
    if is_string_kind(lang, k) {
        return string_value(n, src).map(Const::Str);
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
