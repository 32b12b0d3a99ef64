//! `metavariable-type`: the declared type of the code a metavariable is bound to.
//!
//! Ferret has no type checker, so the type is found syntactically, the way Semgrep does for most
//! languages: a literal has the type of its kind (a string literal is `str`/`string`/`String`), an
//! object creation (`new T(...)`) has the type it names, and a name has the type written in its
//! nearest declaration before the use (a local variable, a parameter, a field: any node with a
//! `type` field that declares that name, through `name`, `declarator`, `pattern` or `left`
//! fields). C declarators add their array sizes and pointers (`char buf[100]` is `char[100]`).
//! Types compare without whitespace; a qualified name also matches its last segment
//! (`java.io.PrintWriter` and `PrintWriter`).

use ferret_lang::Language;
use tree_sitter::Node;

/// Type names a string literal has, across the languages.
const STRING_TYPES: &[&str] = &[
    "str",
    "string",
    "String",
    "java.lang.String",
    "&str",
    "char*",
    "constchar*",
];
/// Type names an integer literal has.
const INT_TYPES: &[&str] = &["int", "Integer", "integer", "long", "i32", "i64", "usize"];
/// Type names a floating-point literal has.
const FLOAT_TYPES: &[&str] = &[
    "float", "double", "float64", "float32", "Float", "Double", "f64",
];
/// Type names a boolean literal has.
const BOOL_TYPES: &[&str] = &["bool", "boolean", "Boolean"];

/// Whether `node` is the name a declaration declares (`x` in `int x;` or in a parameter), which
/// is not an expression of its type.
pub(crate) fn is_declared_name(node: Node<'_>) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let named = |f: &str| {
        parent
            .child_by_field_name(f)
            .is_some_and(|n| n.id() == node.id())
    };
    (named("name") || named("declarator"))
        && (parent.child_by_field_name("type").is_some()
            || parent.kind().contains("declarator")
            || parent.kind().contains("parameter"))
}

/// Whether the code bound to `node` has one of `types`.
pub fn has_type(src: &[u8], node: Node<'_>, types: &[String]) -> bool {
    has_type_at(src, node, types, 0)
}

fn has_type_at(src: &[u8], node: Node<'_>, types: &[String], depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    let node = unwrap_parens(node);
    let kind = node.kind();
    if let (Some(l), Some(op), Some(r)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("operator"),
        node.child_by_field_name("right"),
    ) && kind.contains("binary")
    {
        // Integer addition and subtraction are integers.
        let int: Vec<String> = INT_TYPES.iter().map(|t| t.to_string()).collect();
        return matches!(text(src, op), "+" | "-")
            && types
                .iter()
                .any(|t| INT_TYPES.contains(&squash(t).as_str()))
            && has_type_at(src, l, &int, depth + 1)
            && has_type_at(src, r, &int, depth + 1);
    }
    let literal: Option<&[&str]> = if kind.contains("string") && !kind.contains("content") {
        Some(STRING_TYPES)
    } else if kind.contains("float") || kind == "real_literal" {
        Some(FLOAT_TYPES)
    } else if kind.contains("integer") || kind == "int_literal" || kind == "number" {
        Some(INT_TYPES)
    } else if matches!(kind, "true" | "false" | "boolean" | "boolean_literal") {
        Some(BOOL_TYPES)
    } else {
        None
    };
    if let Some(names) = literal {
        return types.iter().any(|t| names.contains(&squash(t).as_str()));
    }
    // Go: a composite literal `T{...}` is a `T`, and `&T{...}` a `*T`.
    if kind == "unary_expression"
        && node.child_by_field_name("operator").map(|o| text(src, o)) == Some("&")
        && let Some(operand) = node.child_by_field_name("operand")
        && operand.kind() == "composite_literal"
        && let Some(t) = operand.child_by_field_name("type")
    {
        let d = format!("*{}", squash(text(src, t)));
        return types.iter().any(|t| same_type(&squash(t), &d));
    }
    if kind == "expression_list" && node.named_child_count() == 1 {
        return node
            .named_child(0)
            .is_some_and(|v| has_type_at(src, v, types, depth + 1));
    }
    if let Some(f) = own_field(src, node) {
        return has_type_at(src, f, types, depth + 1);
    }
    let declared = if let Some(t) = node.child_by_field_name("type")
        && (kind.contains("creation") || kind == "composite_literal")
    {
        Some(squash(text(src, t)))
    } else if is_name(kind) {
        match declared_type(src, node) {
            Some(Declared::Type(t, _)) => Some(t),
            Some(Declared::Value(v)) => return has_type_at(src, v, types, depth + 1),
            None => None,
        }
    } else {
        None
    };
    declared.is_some_and(|d| types.iter().any(|t| same_type(&squash(t), &d)))
}

/// The type of the code bound to `node` as written in the file (a name's declaration, an object
/// creation, a Go composite literal), with the node that writes it.
pub(crate) fn written_type<'t>(src: &[u8], node: Node<'t>) -> Option<(String, Node<'t>)> {
    written_type_at(src, node, 0)
}

fn written_type_at<'t>(src: &[u8], node: Node<'t>, depth: usize) -> Option<(String, Node<'t>)> {
    if depth > 8 {
        return None;
    }
    let node = unwrap_parens(node);
    let kind = node.kind();
    if let Some(t) = node.child_by_field_name("type")
        && (kind.contains("creation") || kind == "composite_literal")
    {
        return Some((squash(text(src, t)), t));
    }
    if kind == "unary_expression"
        && node.child_by_field_name("operator").map(|o| text(src, o)) == Some("&")
        && let Some(operand) = node.child_by_field_name("operand")
        && operand.kind() == "composite_literal"
        && let Some(t) = operand.child_by_field_name("type")
    {
        return Some((format!("*{}", squash(text(src, t))), t));
    }
    if kind == "expression_list" && node.named_child_count() == 1 {
        return written_type_at(src, node.named_child(0)?, depth + 1);
    }
    if let Some(f) = own_field(src, node) {
        return written_type_at(src, f, depth + 1);
    }
    if !is_name(kind) {
        return None;
    }
    match declared_type(src, node)? {
        Declared::Type(t, n) => Some((t, n)),
        Declared::Value(v) => written_type_at(src, v, depth + 1),
    }
}

/// `this.f` or `self.f`: the name `f` of a field of the object's own class, whose type is the
/// field's declared type.
fn own_field<'t>(src: &[u8], node: Node<'t>) -> Option<Node<'t>> {
    let object = node.child_by_field_name("object")?;
    if !matches!(text(src, object), "this" | "self") {
        return None;
    }
    ["field", "property", "attribute"]
        .iter()
        .find_map(|f| node.child_by_field_name(f))
        .filter(|f| is_name(f.kind()) || f.kind() == "property_identifier")
}

/// What a name's declaration says of its type.
enum Declared<'t> {
    /// A written type (with the declarator's additions, `*` or `[10]`), and its node.
    Type(String, Node<'t>),
    /// No type (`var x = v`, `x := v`): the initial value's.
    Value(Node<'t>),
}

fn unwrap_parens(node: Node<'_>) -> Node<'_> {
    let mut n = node;
    while n.kind().starts_with("parenthesized") && n.named_child_count() == 1 {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

fn is_name(kind: &str) -> bool {
    kind == "identifier" || kind == "variable_name" || kind == "simple_identifier"
}

fn text<'s>(src: &'s [u8], n: Node<'_>) -> &'s str {
    std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).unwrap_or("")
}

pub(crate) fn squash(s: &str) -> String {
    s.trim_start_matches(':')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A boxed Java type's primitive (`Integer` and `java.lang.Integer` are `int`): Java converts
/// between them implicitly, so a typed metavariable accepts both.
fn unboxed(t: &str) -> &str {
    match t.strip_prefix("java.lang.").unwrap_or(t) {
        "Integer" => "int",
        "Boolean" => "boolean",
        "Long" => "long",
        "Double" => "double",
        "Float" => "float",
        "Character" => "char",
        "Short" => "short",
        "Byte" => "byte",
        _ => t,
    }
}

fn same_type(want: &str, declared: &str) -> bool {
    let (want, declared) = (unboxed(want), unboxed(declared));
    want == declared
        || declared.rsplit(['.', ':']).next() == Some(want)
        || want.rsplit(['.', ':']).next() == Some(declared)
}

/// The type in the nearest declaration of `name`'s identifier that starts before it.
fn declared_type<'t>(src: &[u8], name: Node<'t>) -> Option<Declared<'t>> {
    let ident = text(src, name);
    let mut root = name;
    while let Some(p) = root.parent() {
        root = p;
    }
    let mut best: Option<(usize, Declared<'t>)> = None;
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.start_byte() > name.start_byte() {
            continue;
        }
        let ty = n
            .child_by_field_name("type")
            .filter(|t| !matches!(text(src, *t), "var" | "val" | "let" | "auto"));
        let later = best.as_ref().is_none_or(|(at, _)| n.start_byte() >= *at);
        if let Some(ty) = ty
            && later
            && let Some(suffix) = declares(src, n, ident)
        {
            let t = format!("{}{suffix}", squash(text(src, ty)));
            best = Some((n.start_byte(), Declared::Type(t, ty)));
        } else if ty.is_none()
            && later
            && is_untyped_declaration(src, n)
            && let Some(v) = n.child_by_field_name("value")
            && let Some(suffix) = declares(src, n, ident)
            && suffix.is_empty()
        {
            best = Some((n.start_byte(), Declared::Value(v)));
        }
        if later && let Some(v) = short_var_value(src, n, ident) {
            best = Some((n.start_byte(), Declared::Value(v)));
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    best.map(|(_, t)| t)
}

/// Go's `a, b := x, y`: the value declared for `ident`, when the two sides pair up.
fn short_var_value<'t>(src: &[u8], n: Node<'t>, ident: &str) -> Option<Node<'t>> {
    if n.kind() != "short_var_declaration" {
        return None;
    }
    let (left, right) = (
        n.child_by_field_name("left")?,
        n.child_by_field_name("right")?,
    );
    if left.named_child_count() != right.named_child_count() {
        return None;
    }
    let n = u32::try_from(left.named_child_count()).ok()?;
    let i = (0..n).find(|&i| left.named_child(i).is_some_and(|l| text(src, l) == ident))?;
    right.named_child(i)
}

/// A declaration without a written type (`var x = v`, `let x = v`, `x := v`), whose type is
/// its value's; not a declarator whose declaration writes the type (`int x = v`).
fn is_untyped_declaration(src: &[u8], n: Node<'_>) -> bool {
    let k = n.kind();
    (k.contains("declar") || k.ends_with("_spec"))
        && n.parent()
            .and_then(|p| p.child_by_field_name("type"))
            .is_none_or(|t| matches!(text(src, t), "var" | "val" | "let" | "auto"))
}

/// If `decl` declares `ident`, the declarator's additions to the type (`[100]`, `*`).
fn declares(src: &[u8], decl: Node<'_>, ident: &str) -> Option<String> {
    for field in ["name", "declarator", "pattern", "left"] {
        let mut cursor = decl.walk();
        for d in decl.children_by_field_name(field, &mut cursor) {
            if let Some(s) = declarator(src, d, ident) {
                return Some(s);
            }
        }
    }
    // Python's typed parameters name their identifier without a field.
    let first = decl.named_child(0)?;
    (is_name(first.kind()) && text(src, first) == ident).then(String::new)
}

fn declarator(src: &[u8], d: Node<'_>, ident: &str) -> Option<String> {
    if is_name(d.kind()) || d.kind().ends_with("identifier") {
        return (text(src, d) == ident).then(String::new);
    }
    let inner = d
        .child_by_field_name("declarator")
        .or_else(|| d.child_by_field_name("name"))?;
    let rest = declarator(src, inner, ident)?;
    Some(match d.kind() {
        "array_declarator" => {
            let size = d
                .child_by_field_name("size")
                .map_or(String::new(), |s| squash(text(src, s)));
            format!("{rest}[{size}]")
        }
        "pointer_declarator" => format!("*{rest}"),
        "reference_declarator" => format!("&{rest}"),
        _ => rest,
    })
}

/// Typed metavariables found in a pattern's text: `(Type $X)` (Java, C#, C, C++, Kotlin) or
/// `($X : Type)` (Go, TypeScript), with the text rewritten to a plain `$X`.
#[derive(Debug, Default)]
pub(crate) struct Typed {
    /// The pattern text with every typed metavariable replaced by its metavariable.
    pub text: String,
    /// Metavariable name (without `$`) and its type.
    pub types: Vec<(String, String)>,
}

/// Finds the typed metavariables of `pattern`, outside string literals.
pub(crate) fn strip_typed_metavars(lang: Language, pattern: &str) -> Typed {
    // Types with metavariables (`($T $X)`, `(List<$T> $X)`, `($X : $T)`) in the languages
    // whose typed metavariables Semgrep reads; elsewhere `(f $X)` may be a call.
    let mv_types = matches!(
        lang,
        Language::Java
            | Language::C
            | Language::Cpp
            | Language::CSharp
            | Language::Go
            | Language::Kotlin
            | Language::TypeScript
            | Language::Tsx
    );
    let b = pattern.as_bytes();
    let mut out = Typed::default();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == b'\\' {
                out.text.push_str(&pattern[i..(i + 2).min(b.len())]);
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
        } else if c == b'"' || c == b'\'' || c == b'`' {
            quote = Some(c);
        } else if c == b'('
            && !after_callee(&pattern[..i])
            && let Some(close) = pattern[i + 1..].find(')').map(|j| i + 1 + j)
            && let Some((name, ty)) = typed_parts(&pattern[i + 1..close], mv_types)
        {
            out.text.push('$');
            out.text.push_str(name);
            out.types.push((name.to_string(), ty));
            i = close + 1;
            continue;
        }
        let len = pattern[i..].chars().next().map_or(1, char::len_utf8);
        out.text.push_str(&pattern[i..i + len]);
        i += len;
    }
    out
}

/// Whether a `(` after `before` opens an argument or parameter list (`f(`, `catch (`, `a[0](`)
/// rather than a typed metavariable, which follows an operator, a comma or the start.
fn after_callee(before: &str) -> bool {
    let b = before.trim_end();
    let Some(last) = b.bytes().last() else {
        return false;
    };
    if matches!(last, b')' | b']' | b'>') && !b.ends_with("->") && !b.ends_with("=>") {
        return true;
    }
    if !(last.is_ascii_alphanumeric() || last == b'_' || last == b'$') {
        return false;
    }
    let word_start = b
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .map_or(0, |i| i + 1);
    !matches!(
        &b[word_start..],
        "return" | "yield" | "await" | "throw" | "in" | "not" | "and" | "or" | "else" | "case"
    )
}

/// `Type $X`, `Type *$X` or `$X : Type` (the inside of the parentheses), as (name, type).
/// With `mv_types`, the type may hold metavariables.
fn typed_parts(inner: &str, mv_types: bool) -> Option<(&str, String)> {
    let inner = inner.trim();
    let type_ok = |ty: &str| is_type(ty) && (mv_types || !ty.contains('$'));
    if let Some((left, right)) = inner.split_once(':')
        && let Some(name) = mv(left.trim())
    {
        let ty = right.trim();
        return type_ok(ty).then(|| (name, ty.to_string()));
    }
    let (ty, var) = inner.rsplit_once(char::is_whitespace)?;
    // C's `char *$X`: the declarator's pointers belong to the type.
    let var = var.trim();
    let name_at = var.find('$')?;
    let (ptrs, var) = var.split_at(name_at);
    if !ptrs.bytes().all(|c| c == b'*' || c == b'&') {
        return None;
    }
    let name = mv(var)?;
    let ty = format!("{}{ptrs}", ty.trim());
    type_ok(&ty).then_some((name, ty))
}

fn mv(s: &str) -> Option<&str> {
    let name = s.strip_prefix('$')?;
    (!name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_'))
    .then_some(name)
}

/// Whether `ty` looks like a type: names, dots, generics, arrays, pointers; no operators, and
/// no space except after a comma or around `*` and `&` (so `v8 as $T` is not a typed
/// metavariable).
fn is_type(ty: &str) -> bool {
    let words: Vec<&str> = ty.split_whitespace().collect();
    let joined_ok = words
        .windows(2)
        .all(|w| w[0].ends_with([',', '*', '&']) || w[1].starts_with(['*', '&', '>', '<', '[']));
    joined_ok && type_chars(ty) && commas_in_generics(ty)
}

/// Whether every comma of `ty` separates type arguments (`Map<K, V>`), so that a lambda's
/// parameters (`($A, $B) -> ...`) are not read as a type and a name.
fn commas_in_generics(ty: &str) -> bool {
    let mut depth = 0i32;
    for c in ty.bytes() {
        match c {
            b'<' => depth += 1,
            b'>' => depth -= 1,
            b',' if depth <= 0 => return false,
            _ => {}
        }
    }
    true
}

fn type_chars(ty: &str) -> bool {
    !ty.is_empty()
        && ty
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || b"_*[$".contains(&c))
        && ty
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"_.<>[]*&:, $".contains(&c))
        && !matches!(
            ty,
            "return" | "new" | "await" | "yield" | "not" | "typeof" | "delete" | "case"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_metavariables_are_found_in_both_styles() {
        let strip = |p| strip_typed_metavars(Language::Java, p);
        let t = strip("(PrintWriter $W).println(\"(String $S)\")");
        assert_eq!(t.text, "$W.println(\"(String $S)\")");
        assert_eq!(t.types, vec![("W".into(), "PrintWriter".into())]);
        let t = strip("return (String $S) + 1");
        assert_eq!(t.types, vec![("S".into(), "String".into())]);
        let t = strip("($REQ : *http.Request).URL");
        assert_eq!(t.text, "$REQ.URL");
        assert_eq!(t.types, vec![("REQ".into(), "*http.Request".into())]);
        // Calls, parameter lists, casts and grouping are left alone.
        for p in [
            "foo($X, $Y)",
            "(char *) $X",
            "(return $X)",
            "($A + $B)",
            "(v8 as $T).$METH(...)",
            "($HOST, $SESSION) -> true",
            "void $F(String $X) { ... }",
            "try { ... } catch (Exception $E) { ... }",
        ] {
            let t = strip(p);
            assert!(t.types.is_empty(), "{p}");
            assert_eq!(t.text, p);
        }
        let t = strip("($T *$X) == (List<$E> $L)");
        assert_eq!(t.text, "$X == $L");
        assert_eq!(
            t.types,
            vec![("X".into(), "$T*".into()), ("L".into(), "List<$E>".into())]
        );
    }
}
