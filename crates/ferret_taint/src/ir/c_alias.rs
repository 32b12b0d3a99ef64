//! C and C++ aliasing within one function body: pointers that only ever hold one address,
//! references, function pointers, and locals of union types (`collect_aliases`,
//! `union_types`).

use std::collections::{HashMap, HashSet};

use ferret_lang::{FlowKinds, Language};
use tree_sitter::Node;

/// C and C++ names that stand for another variable or function within one function body.
#[derive(Debug, Default)]
pub(crate) struct Aliases {
    /// `T *p = &x;` and `p` never reassigned: `*p` is `x`.
    pub(crate) pointee: HashMap<String, String>,
    /// `T &r = x;`: `r` is `x`.
    pub(crate) refs: HashMap<String, String>,
    /// `void (*fp)(T) = f;` and `fp` never reassigned: calling `fp` calls `f`.
    pub(crate) funcs: HashMap<String, String>,
    /// Locals of a union type.
    pub(crate) unions: HashSet<String>,
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum AliasKind {
    Pointee,
    Ref,
    Func,
}

/// The declared name of a declarator and what kind of alias it may be.
pub(crate) fn declarator_alias<'a>(
    f: &FlowKinds,
    d: Node<'a>,
    src: &'a [u8],
) -> Option<(&'a str, Option<AliasKind>)> {
    let text = |n: Node<'_>| std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).ok();
    let inner = |n: Node<'a>| {
        n.child_by_field_name("declarator").or_else(|| {
            let mut c = n.walk();
            n.named_children(&mut c)
                .find(|x| !f.type_qualifiers.contains(&x.kind()))
        })
    };
    let ident = |mut n: Node<'a>| {
        for _ in 0..8 {
            if f.plain_identifiers.contains(&n.kind()) {
                return text(n);
            }
            n = inner(n)?;
        }
        None
    };
    let k = d.kind();
    if f.plain_identifiers.contains(&k) {
        return Some((text(d)?, None));
    }
    if f.reference_declarators.contains(&k) {
        return Some((ident(inner(d)?)?, Some(AliasKind::Ref)));
    }
    if f.pointer_declarators.contains(&k) {
        // `T *&r = p` is a reference (to a pointer)
        let mut x = inner(d)?;
        while f.pointer_declarators.contains(&x.kind()) {
            x = inner(x)?;
        }
        let kind = if f.reference_declarators.contains(&x.kind()) {
            AliasKind::Ref
        } else {
            AliasKind::Pointee
        };
        return Some((ident(inner(d)?)?, Some(kind)));
    }
    if f.function_declarators.contains(&k) {
        let pd = inner(d)?;
        let is_ptr = f.parenthesized_declarators.contains(&pd.kind())
            && inner(pd).is_some_and(|x| f.pointer_declarators.contains(&x.kind()));
        return Some((ident(pd)?, is_ptr.then_some(AliasKind::Func)));
    }
    Some((ident(d)?, None))
}

/// Finds the aliases of one C or C++ function: pointers initialised to `&x`, references and
/// function pointers that are never reassigned, and locals of a union type.
pub(crate) fn collect_aliases(
    flow: &FlowKinds,
    func: Node<'_>,
    src: &[u8],
    union_types: &HashSet<String>,
) -> Aliases {
    let text = |n: Node<'_>| std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).unwrap_or("");
    let Some(body) = func.child_by_field_name("body") else {
        return Aliases::default();
    };
    // name -> its one alias target, or None once it is declared or written otherwise
    let mut cand: HashMap<String, Option<(AliasKind, String)>> = HashMap::new();
    let mut unions = HashSet::new();
    // names written (or whose address escapes) after their declaration: a reference still
    // names its variable, a pointer no longer surely points to it
    let mut reassigned = HashSet::new();
    let mut note = |name: &str, t: Option<(AliasKind, String)>| {
        cand.entry(name.to_string())
            .and_modify(|v| *v = None)
            .or_insert(t);
    };
    let mut stack = vec![body];
    let mut c = body.walk();
    while let Some(x) = stack.pop() {
        let k = x.kind();
        if x.id() != body.id() && (flow.is_function(k) || flow.is_class(k)) {
            continue;
        }
        if flow.local_declarations.contains(&k) {
            declaration_aliases(flow, x, src, union_types, &mut unions, &mut note);
        } else if flow.scalar_writes.contains(&k) {
            let target = x
                .child_by_field_name("left")
                .or_else(|| x.child_by_field_name("argument"));
            if let Some(t) = target.filter(|t| flow.plain_identifiers.contains(&t.kind())) {
                reassigned.insert(text(t));
            }
        } else if flow.pointer_expressions.contains(&k)
            && x.child_by_field_name("operator")
                .is_some_and(|o| text(o) == "&")
        {
            // `&p`: whoever gets it may reassign `p`.
            if let Some(a) = x
                .child_by_field_name("argument")
                .filter(|a| flow.plain_identifiers.contains(&a.kind()))
            {
                reassigned.insert(text(a));
            }
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
    let mut out = Aliases {
        unions,
        ..Aliases::default()
    };
    for (name, t) in cand {
        let Some((kind, target)) = t else { continue };
        if target == name || (kind != AliasKind::Ref && reassigned.contains(name.as_str())) {
            continue;
        }
        match kind {
            AliasKind::Pointee => out.pointee.insert(name, target),
            AliasKind::Ref => out.refs.insert(name, target),
            AliasKind::Func => out.funcs.insert(name, target),
        };
    }
    // A reference to a reference names the first variable.
    let refs = out.refs.clone();
    for v in out.refs.values_mut().chain(out.pointee.values_mut()) {
        if let Some(t) = refs.get(v.as_str()) {
            *v = t.clone();
        }
    }
    out
}

/// The alias candidates of one declaration: each declarator noted with the alias it may be
/// (`T *p = &x`, `T &r = x`, `void (*fp)(T) = f`), and locals of a union type.
fn declaration_aliases(
    flow: &FlowKinds,
    x: Node<'_>,
    src: &[u8],
    union_types: &HashSet<String>,
    unions: &mut HashSet<String>,
    note: &mut impl FnMut(&str, Option<(AliasKind, String)>),
) {
    let text = |n: Node<'_>| std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).unwrap_or("");
    let ty = x.child_by_field_name("type");
    let is_union = ty.is_some_and(|t| {
        flow.union_specifiers.contains(&t.kind())
            || (flow.type_identifiers.contains(&t.kind()) && union_types.contains(text(t)))
    });
    let mut c2 = x.walk();
    for d in x.children_by_field_name("declarator", &mut c2) {
        let (d, value) = if flow.init_declarators.contains(&d.kind()) {
            match d.child_by_field_name("declarator") {
                Some(inner) => (inner, d.child_by_field_name("value")),
                None => continue,
            }
        } else {
            (d, None)
        };
        let Some((name, kind)) = declarator_alias(flow, d, src) else {
            continue;
        };
        if is_union && kind.is_none() {
            unions.insert(name.to_string());
        }
        let target = match (kind, value) {
            (Some(AliasKind::Ref | AliasKind::Func), Some(v))
                if flow.plain_identifiers.contains(&v.kind()) =>
            {
                kind.map(|k| (k, text(v).to_string()))
            }
            (Some(AliasKind::Pointee), Some(v))
                if flow.pointer_expressions.contains(&v.kind())
                    && v.child_by_field_name("operator")
                        .is_some_and(|o| text(o) == "&")
                    && v.child_by_field_name("argument")
                        .is_some_and(|a| flow.plain_identifiers.contains(&a.kind())) =>
            {
                v.child_by_field_name("argument")
                    .map(|a| (AliasKind::Pointee, text(a).to_string()))
            }
            _ => None,
        };
        note(name, target);
    }
}

/// Names of the union types of a C or C++ file: `union U {...}` and `typedef union {...} U;`.
pub(crate) fn union_types(lang: Language, root: Node<'_>, src: &[u8]) -> HashSet<String> {
    let mut out = HashSet::new();
    if !matches!(lang, Language::C | Language::Cpp) {
        return out;
    }
    let text =
        |n: Node<'_>| String::from_utf8_lossy(&src[n.start_byte()..n.end_byte()]).into_owned();
    let mut stack = vec![root];
    let mut c = root.walk();
    let f = &lang.syntax().flow;
    while let Some(x) = stack.pop() {
        if f.union_specifiers.contains(&x.kind()) {
            if let Some(n) = x.child_by_field_name("name") {
                out.insert(text(n));
            }
        } else if f.type_definitions.contains(&x.kind())
            && x.child_by_field_name("type")
                .is_some_and(|t| f.union_specifiers.contains(&t.kind()))
        {
            let mut c2 = x.walk();
            for d in x.children_by_field_name("declarator", &mut c2) {
                if f.type_identifiers.contains(&d.kind()) {
                    out.insert(text(d));
                }
            }
        }
        if f.is_function(x.kind()) {
            continue;
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
    out
}
