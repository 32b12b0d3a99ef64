//! What the analysis knows of declared variables: element sizes of pointers and arrays, array
//! dimensions, and object-like `#define` constants, read from declarations in the syntax tree.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::syntax::{strip, text};

/// What a declaration's type node is, given its size when known.
pub(crate) fn base_kind(ty: Option<Node<'_>>, size: Option<i64>) -> BaseKind {
    match ty.map(|t| t.kind()) {
        Some("primitive_type" | "sized_type_specifier") => BaseKind::Scalar,
        Some("type_identifier") if size.is_some() => BaseKind::Scalar,
        Some("struct_specifier" | "union_specifier" | "type_identifier") => BaseKind::Record,
        _ => BaseKind::Other,
    }
}

/// A declared variable's shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VarInfo {
    /// Size in bytes of what one index step moves over: the pointee of a pointer, the element of
    /// an array (for `T a[N][M]`, the innermost `T`).
    pub elem: Option<i64>,
    /// Array dimensions, outermost first (`None` for `[]` or a non-constant size); empty for a
    /// non-array.
    pub dims: Vec<Option<i64>>,
    /// Pointer levels (`int **p` is 2).
    pub pointers: usize,
    /// Whether it is a plain local variable (not static, not a reference).
    pub local: bool,
    /// The base type is `float`, `double` or `long double`.
    pub float: bool,
    /// What the base type is, for deciding whether a declaration leaves it uninitialised.
    pub base: BaseKind,
    /// The struct tag or typedef name of the base type, if it is named.
    pub type_name: Option<String>,
}

/// The kind of a declaration's base type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BaseKind {
    /// Not known (a macro, `auto`, a template).
    #[default]
    Other,
    /// A primitive arithmetic type or a standard fixed-size typedef (`int`, `size_t`).
    Scalar,
    /// `struct` / `union`, or a typedef name: an aggregate in C, possibly a class in C++.
    Record,
}

impl VarInfo {
    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        !self.dims.is_empty()
    }

    /// Total size in bytes of an array with known dimensions and element size.
    pub fn array_bytes(&self) -> Option<i64> {
        let mut n = self.elem?;
        for d in &self.dims {
            n = n.checked_mul((*d)?)?;
        }
        Some(n)
    }

    /// Size of the objects a subscript `x[i]` steps over: the element for a one-level pointer or
    /// a one-dimensional array.
    pub fn step(&self) -> Option<i64> {
        if self.dims.len() <= 1 && self.pointers <= 1 {
            if self.dims.is_empty() && self.pointers == 0 {
                return None;
            }
            if self.dims.is_empty() && self.pointers == 1 {
                return self.elem;
            }
            if self.pointers == 0 {
                return self.elem;
            }
            // `T *a[N]`: elements are pointers.
            return Some(8);
        }
        None
    }
}

/// Size in bytes of a primitive or sized type name, on an LP64 target.
pub fn type_size(t: &str) -> Option<i64> {
    let t = t.trim();
    let words: Vec<&str> = t
        .split_whitespace()
        .filter(|w| {
            !matches!(
                *w,
                "const" | "volatile" | "static" | "signed" | "unsigned" | "register" | "extern"
            )
        })
        .collect();
    let core = words.join(" ");
    Some(match core.as_str() {
        "char" | "bool" | "_Bool" | "int8_t" | "uint8_t" | "BYTE" | "u8" | "i8" => 1,
        "short" | "short int" | "int16_t" | "uint16_t" | "u16" | "i16" => 2,
        "int" | "" | "float" | "int32_t" | "uint32_t" | "wchar_t" | "u32" | "i32" => 4,
        "long" | "long int" | "long long" | "long long int" | "double" | "size_t" | "ssize_t"
        | "int64_t" | "uint64_t" | "intptr_t" | "uintptr_t" | "ptrdiff_t" | "off_t" | "u64"
        | "i64" => 8,
        "long double" => 16,
        _ => return None,
    })
}

/// The name of a declaration's base type: the tag of `struct s` / `union u`, or a typedef name.
pub fn type_name(ty: Node<'_>, src: &[u8]) -> Option<String> {
    match ty.kind() {
        "type_identifier" => Some(text(ty, src).to_string()),
        "struct_specifier" | "union_specifier" => ty
            .child_by_field_name("name")
            .map(|n| text(n, src).to_string()),
        _ => None,
    }
}

/// Size of the type named in a `type` field node (primitive or sized specifiers only).
pub fn type_node_size(ty: Node<'_>, src: &[u8]) -> Option<i64> {
    match ty.kind() {
        "primitive_type" | "sized_type_specifier" | "type_identifier" => type_size(text(ty, src)),
        "type_descriptor" => {
            let inner = ty.child_by_field_name("type")?;
            if let Some(d) = ty.child_by_field_name("declarator")
                && d.kind().contains("pointer")
            {
                return Some(8);
            }
            type_node_size(inner, src)
        }
        _ => None,
    }
}

/// Reads a declarator under a declaration of base type size `base`: the name and its shape.
pub fn declarator_info<'a>(
    mut d: Node<'_>,
    base: Option<i64>,
    src: &'a [u8],
    defines: &HashMap<String, i64>,
) -> Option<(&'a str, VarInfo)> {
    let mut info = VarInfo {
        elem: base,
        ..VarInfo::default()
    };
    let mut dims_rev: Vec<Option<i64>> = Vec::new();
    for _ in 0..32 {
        match d.kind() {
            "identifier" | "field_identifier" => {
                // Array declarators nest outermost-last: `a[4][3]` is array(array(a, 4), 3).
                dims_rev.reverse();
                info.dims = dims_rev;
                if info.pointers > 1 || (info.pointers == 1 && !info.dims.is_empty()) {
                    info.elem = Some(8);
                }
                return Some((text(d, src), info));
            }
            "init_declarator" | "parenthesized_declarator" | "attributed_declarator" => {
                d = d
                    .child_by_field_name("declarator")
                    .or_else(|| d.named_child(0))?;
            }
            "pointer_declarator" => {
                if !dims_rev.is_empty() {
                    // `T (*p)[N]`: a pointer to arrays, whose shape is not tracked.
                    dims_rev.clear();
                    info.elem = None;
                }
                info.pointers += 1;
                d = d.child_by_field_name("declarator")?;
            }
            "reference_declarator" => {
                d = d.named_child(0)?;
            }
            "array_declarator" => {
                let size = d
                    .child_by_field_name("size")
                    .and_then(|s| const_int(s, src, defines));
                dims_rev.push(size);
                d = d.child_by_field_name("declarator")?;
            }
            _ => return None,
        }
    }
    None
}

/// A constant integer expression made of literals, `#define` names and `sizeof` of primitive
/// types, with `+ - * /`.
pub fn const_int(n: Node<'_>, src: &[u8], defines: &HashMap<String, i64>) -> Option<i64> {
    let n = strip(n);
    match n.kind() {
        "number_literal" => parse_number(text(n, src)),
        "char_literal" => char_value(text(n, src)),
        "identifier" => defines.get(text(n, src)).copied(),
        "sizeof_expression" => {
            let ty = n.child_by_field_name("type")?;
            type_node_size(ty, src)
        }
        "binary_expression" => {
            let l = const_int(n.child_by_field_name("left")?, src, defines)?;
            let r = const_int(n.child_by_field_name("right")?, src, defines)?;
            match crate::syntax::operator(n, src) {
                "+" => l.checked_add(r),
                "-" => l.checked_sub(r),
                "*" => l.checked_mul(r),
                "/" if r != 0 => l.checked_div(r),
                _ => None,
            }
        }
        "unary_expression" if crate::syntax::operator(n, src) == "-" => {
            const_int(n.child_by_field_name("argument")?, src, defines).map(|v| -v)
        }
        _ => None,
    }
}

/// Parses a C integer literal (decimal, hex, octal, with suffixes).
pub fn parse_number(t: &str) -> Option<i64> {
    let t = t.trim_end_matches(['u', 'U', 'l', 'L']).replace('\'', "");
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(h, 16).ok();
    }
    if t.len() > 1 && t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit()) {
        return i64::from_str_radix(&t[1..], 8).ok();
    }
    t.parse().ok()
}

/// The value of a simple character literal (`'a'`, `'\0'`, `'\n'`).
pub fn char_value(t: &str) -> Option<i64> {
    let inner = t.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut chars = inner.chars();
    let c = chars.next()?;
    if c != '\\' {
        return (chars.next().is_none()).then_some(c as i64);
    }
    match chars.as_str() {
        "0" => Some(0),
        "n" => Some(10),
        "t" => Some(9),
        "r" => Some(13),
        "\\" => Some(92),
        "'" => Some(39),
        _ => None,
    }
}

/// Object-like `#define NAME <integer>` constants of a translation unit.
pub fn defines(root: Node<'_>, src: &[u8]) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "preproc_def" {
            if let (Some(name), Some(v)) = (
                n.child_by_field_name("name"),
                n.child_by_field_name("value"),
            ) {
                let v = text(v, src)
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')');
                if let Some(x) = parse_number(v.trim()) {
                    out.insert(text(name, src).to_string(), x);
                }
            }
            continue;
        }
        if n.kind() == "enumerator_list" {
            enumerators(n, src, &mut out);
            continue;
        }
        if matches!(
            n.kind(),
            "declaration"
                | "type_definition"
                | "enum_specifier"
                | "translation_unit"
                | "preproc_ifdef"
                | "preproc_if"
                | "preproc_else"
                | "preproc_elif"
                | "linkage_specification"
                | "declaration_list"
                | "namespace_definition"
        ) {
            let mut w = n.walk();
            stack.extend(n.named_children(&mut w));
        }
    }
    out
}

/// The values of an `enum { A, B = 4, C }` list: explicit values, and one more than the previous.
fn enumerators(list: Node<'_>, src: &[u8], out: &mut HashMap<String, i64>) {
    let mut next = Some(0i64);
    let mut w = list.walk();
    for e in list.named_children(&mut w) {
        if e.kind() != "enumerator" {
            continue;
        }
        let Some(name) = e.child_by_field_name("name") else {
            continue;
        };
        let v = match e.child_by_field_name("value") {
            Some(v) => const_int(v, src, out),
            None => next,
        };
        if let Some(v) = v {
            out.insert(text(name, src).to_string(), v);
        }
        next = v.and_then(|v| v.checked_add(1));
    }
}

/// The string length of a string literal node, when it has no escapes other than simple ones.
pub fn string_len(n: Node<'_>, src: &[u8]) -> Option<i64> {
    if n.kind() != "string_literal" {
        return None;
    }
    let mut len = 0i64;
    let mut w = n.walk();
    for c in n.named_children(&mut w) {
        match c.kind() {
            "string_content" => len += text(c, src).len() as i64,
            "escape_sequence" => len += 1,
            _ => return None,
        }
    }
    Some(len)
}
