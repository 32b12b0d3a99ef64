//! Lowering whole functions and files: a function's name, parameters and enclosing class or
//! namespace, `lower_function`, a function's constant return, and `lower_file` with the
//! file-level results it gathers (`FileFuncs`).

use std::collections::{HashMap, HashSet};

use ferret_core::Span;
use ferret_lang::{FlowKinds, Language};
use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use super::c_alias::{Aliases, collect_aliases, union_types};
use super::collect::{collect_classes, collect_consts, collect_fields};
use super::lower::{Lower, span};
use super::{Const, ExprKind, FuncIr, MAX_NODES_PER_FUNCTION, Recv, StmtId, StmtKind};

/// The name of the member `n` (`f` of `exports.f`, `module.exports.f`) when `n` is a member
/// of an object that holds what the module exports.
pub(crate) fn export_member<'t>(flow: &FlowKinds, n: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    if !flow.members.contains(&n.kind()) {
        return None;
    }
    let object = n.child_by_field_name("object")?;
    let text = std::str::from_utf8(&src[object.start_byte()..object.end_byte()]).ok()?;
    flow.export_objects
        .contains(&text)
        .then(|| n.child_by_field_name("property"))
        .flatten()
}

pub(crate) fn function_name(flow: &FlowKinds, n: Node<'_>, src: &[u8]) -> String {
    let text =
        |x: Node<'_>| String::from_utf8_lossy(&src[x.start_byte()..x.end_byte()]).into_owned();
    // A function value bound to a name (`const f = function g() {}`): callers use `f`; bound
    // to an export (`exports.f = ...`, `module.exports.f = ...`), the module's `f`.
    if flow.is_function_value(n.kind())
        && let Some(p) = n.parent()
        && flow.function_bindings.contains(&p.kind())
        && let Some(name) = p
            .child_by_field_name("name")
            .or_else(|| p.child_by_field_name("left"))
            .or_else(|| p.child_by_field_name("property"))
    {
        return text(export_member(flow, name, src).unwrap_or(name));
    }
    if let Some(name) = n.child_by_field_name("name") {
        return text(name);
    }
    // C and C++: the declarator chain ends in the name.
    let mut d = n.child_by_field_name("declarator");
    while let Some(x) = d {
        if flow.declarator_names.contains(&x.kind()) {
            let t = text(x);
            return t.rsplit("::").next().unwrap_or(&t).to_string();
        }
        d = x.child_by_field_name("declarator");
    }
    let mut c = n.walk();
    if let Some(id) = n
        .named_children(&mut c)
        .find(|x| flow.name_identifiers.contains(&x.kind()))
    {
        return text(id);
    }
    // An anonymous function assigned to a name: `const f = () => ...`.
    if let Some(p) = n.parent()
        && let Some(name) = p
            .child_by_field_name("name")
            .or_else(|| p.child_by_field_name("left"))
    {
        return text(name);
    }
    format!("<anonymous@{}>", n.start_position().row + 1)
}

pub(crate) fn param_nodes<'t>(flow: &FlowKinds, n: Node<'t>) -> Vec<Node<'t>> {
    let params = n
        .child_by_field_name("parameters")
        .or_else(|| {
            let mut d = n.child_by_field_name("declarator");
            while let Some(x) = d {
                if let Some(p) = x.child_by_field_name("parameters") {
                    return Some(p);
                }
                d = x.child_by_field_name("declarator");
            }
            None
        })
        .or_else(|| {
            let mut c = n.walk();
            n.named_children(&mut c)
                .find(|x| flow.parameter_lists.contains(&x.kind()))
        });
    let Some(params) = params else {
        // `x => ...`: one bare parameter.
        return n.child_by_field_name("parameter").into_iter().collect();
    };
    let mut c = params.walk();
    params
        .named_children(&mut c)
        .filter(|p| !flow.comments.contains(&p.kind()) && !flow.receivers.contains(&p.kind()))
        .collect()
}

pub(crate) fn param_name(flow: &FlowKinds, p: Node<'_>, src: &[u8]) -> Option<(String, Span)> {
    let text =
        |x: Node<'_>| String::from_utf8_lossy(&src[x.start_byte()..x.end_byte()]).into_owned();
    if flow.identifiers.contains(&p.kind()) {
        return Some((text(p), span(p)));
    }
    for field in ["name", "pattern", "declarator"] {
        if let Some(x) = p.child_by_field_name(field) {
            return param_name(flow, x, src);
        }
    }
    // First identifier below (Python `x: int`, `x=1`, `*args`).
    let mut stack = vec![p];
    while let Some(x) = stack.pop() {
        if flow.identifiers.contains(&x.kind()) {
            return Some((text(x), span(x)));
        }
        let mut c = x.walk();
        let kids: Vec<Node<'_>> = x.named_children(&mut c).collect();
        stack.extend(kids.into_iter().rev());
    }
    None
}

/// The innermost enclosing namespace's name (C++ `namespace_definition`, C#
/// `namespace_declaration` and file-scoped namespaces).
pub(crate) fn enclosing_namespace(flow: &FlowKinds, n: Node<'_>, src: &[u8]) -> Option<String> {
    let text =
        |x: Node<'_>| String::from_utf8_lossy(&src[x.start_byte()..x.end_byte()]).into_owned();
    let mut root = n;
    let mut p = n.parent();
    while let Some(x) = p {
        if flow.namespaces.contains(&x.kind()) {
            return x.child_by_field_name("name").map(text);
        }
        root = x;
        p = x.parent();
    }
    // C#: `namespace A.B;` applies to the rest of the file.
    let mut c = root.walk();
    let ns = root
        .named_children(&mut c)
        .find(|k| flow.file_namespaces.contains(&k.kind()))?;
    ns.child_by_field_name("name").map(text)
}

pub(crate) fn enclosing_class(flow: &FlowKinds, n: Node<'_>, src: &[u8]) -> Option<String> {
    let mut p = n.parent();
    while let Some(x) = p {
        // A function value bound inside another function is a local function of it, not a
        // method (a class field's value, `handle = (req) => ...`, is one).
        if flow.is_function_value(n.kind()) && flow.is_function(x.kind()) {
            return None;
        }
        if flow.is_class(x.kind()) {
            let name = x
                .child_by_field_name("name")
                .or_else(|| x.child_by_field_name("type"))?;
            let t = String::from_utf8_lossy(&src[name.start_byte()..name.end_byte()]).into_owned();
            return Some(t.split('<').next().unwrap_or(&t).trim().to_string());
        }
        p = x.parent();
    }
    None
}

/// Everything lowered from one file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FileFuncs {
    /// The functions, the file's top-level code first (named `<module>`).
    pub funcs: Vec<FuncIr>,
    /// Constants: fields and globals with a literal initialiser that nothing reassigns, by
    /// name and by `Class.name`.
    pub consts: HashMap<String, Const>,
    /// Functions that hit [`MAX_NODES_PER_FUNCTION`].
    pub truncated: Vec<String>,
    /// Class fields (`Class.field`) and top-level variables (`name`) declared in the file.
    pub fields: std::collections::HashSet<String>,
    /// Local names that imports bind, to qualified names (`wrap` → `util.wrap`).
    pub imports: HashMap<String, String>,
    /// The classes the file defines, each with the supertypes its header names (last
    /// segments: `class A(base.B)` → `A: [B]`).
    #[serde(default)]
    pub classes: HashMap<String, Vec<String>>,
    /// Declared and assigned classes of class fields, by `Class.field` (class as written).
    #[serde(default)]
    pub field_types: HashMap<String, String>,
}

/// A function's parameters: their names and spans, whether it is variadic, and (C and C++)
/// which of the first 32 are pointers or references the function may write through.
#[derive(Default)]
struct Params {
    names: Vec<String>,
    spans: Vec<Span>,
    variadic: bool,
    out_params: u32,
}

fn lower_params(lang: Language, n: Node<'_>, src: &[u8]) -> Params {
    let flow = &lang.syntax().flow;
    let mut out = Params {
        variadic: param_nodes(flow, n).iter().any(|p| {
            let t = &src[p.start_byte()..p.end_byte()];
            flow.variadic_parameters.contains(&p.kind()) || t == b"..." || t.starts_with(b"vararg")
        }),
        ..Params::default()
    };
    for p in param_nodes(flow, n) {
        if let Some((name, sp)) = param_name(flow, p, src) {
            if matches!(lang, Language::C | Language::Cpp)
                && out.names.len() < 32
                && p.child_by_field_name("declarator")
                    .is_some_and(|d| flow.out_declarators.contains(&d.kind()))
            {
                out.out_params |= 1 << out.names.len();
            }
            out.names.push(name);
            out.spans.push(sp);
        }
    }
    out
}

/// Records the declared types of a function's parameters (and of a Go method's receiver)
/// for call resolution. Returns the class of a Go method: its receiver's type.
fn note_param_types<'a>(lw: &mut Lower<'a>, n: Node<'a>) -> Option<String> {
    let flow = lw.flow;
    for p in param_nodes(flow, n) {
        if let Some((name, _)) = param_name(flow, p, lw.src) {
            lw.local_names.insert(name.clone());
            if let Some(t) = lw.declared_type(p) {
                lw.declared.insert(name.clone(), t.clone());
                lw.var_types.insert(name, Recv::Declared(t));
            }
        }
    }
    let recv = n.child_by_field_name("receiver")?;
    let p = lw.named(recv).into_iter().next()?;
    let t = lw.declared_type(p)?;
    let class = t.rsplit('.').next().unwrap_or(&t).to_string();
    if let Some((name, _)) = param_name(flow, p, lw.src) {
        lw.local_names.insert(name.clone());
        lw.var_types.insert(name, Recv::Declared(class.clone()));
    }
    Some(class)
}

/// Lowers a function's body; an expression body, and the last expression of a Rust, Ruby or
/// Kotlin body, is its result.
fn lower_body<'a>(lw: &mut Lower<'a>, n: Node<'a>) -> StmtId {
    let flow = lw.flow;
    let body_node = n.child_by_field_name("body").or_else(|| {
        let mut c = n.walk();
        n.named_children(&mut c)
            .filter(|x| flow.bodies.contains(&x.kind()))
            .last()
    });
    let b = match body_node {
        Some(b) => lw.lower_stmt(b),
        None => lw.stmt(StmtKind::Nop, span(n)),
    };
    // Expression-bodied functions and languages whose last expression is the result.
    let expression_body = body_node.is_some_and(|b| {
        flow.expression_bodies.contains(&b.kind()) || !flow.bodies.contains(&b.kind())
    });
    if expression_body || matches!(lw.lang, Language::Rust | Language::Ruby | Language::Kotlin) {
        lw.implicit_return(b);
    }
    b
}

pub(crate) fn lower_function<'a>(
    lang: Language,
    n: Node<'a>,
    src: &'a [u8],
    nested: &mut Vec<Node<'a>>,
    top: bool,
    macros: &'a HashMap<String, String>,
    union_types: &HashSet<String>,
) -> FuncIr {
    let aliases = if !top && matches!(lang, Language::C | Language::Cpp) {
        collect_aliases(&lang.syntax().flow, n, src, union_types)
    } else {
        Aliases::default()
    };
    let mut lw = Lower {
        lang,
        flow: &lang.syntax().flow,
        src,
        exprs: Vec::new(),
        stmts: Vec::new(),
        nested: Vec::new(),
        budget: MAX_NODES_PER_FUNCTION,
        decls: Vec::new(),
        local_names: HashSet::new(),
        var_types: HashMap::new(),
        declared: HashMap::new(),
        field_types: Vec::new(),
        macros,
        aliases,
    };
    let flow = lw.flow;
    let params = if top {
        Params::default()
    } else {
        lower_params(lang, n, src)
    };
    let go_class = if top {
        None
    } else {
        note_param_types(&mut lw, n)
    };
    let (name, body) = if top {
        // The file's own statements (the root may share a kind with a class-like construct,
        // such as Python's `module` and Ruby's `module`).
        let mut c = n.walk();
        let kids: Vec<Node<'a>> = n.named_children(&mut c).collect();
        let parts: Vec<StmtId> = kids.into_iter().map(|k| lw.lower_stmt(k)).collect();
        let b = lw.stmt(StmtKind::Seq(parts), span(n));
        ("<module>".to_string(), b)
    } else {
        (function_name(flow, n, src), lower_body(&mut lw, n))
    };
    let Params {
        names: params,
        spans: param_spans,
        variadic,
        out_params,
    } = params;
    nested.append(&mut lw.nested);
    let truncated = lw.budget == 0;
    let mut locals: std::collections::HashSet<String> = lw.decls.drain(..).collect();
    locals.extend(params.iter().cloned());
    // Every file's IR lives until the project-wide pass: keep no spare capacity.
    locals.shrink_to_fit();
    lw.exprs.shrink_to_fit();
    lw.stmts.shrink_to_fit();
    let mut f = FuncIr {
        name,
        class: if top {
            None
        } else {
            enclosing_class(lw.flow, n, src).or(go_class)
        },
        scope: if top {
            None
        } else {
            enclosing_namespace(lw.flow, n, src)
        },
        params,
        param_spans,
        exprs: lw.exprs,
        stmts: lw.stmts,
        body,
        span: span(n),
        const_return: None,
        truncated,
        locals,
        variadic,
        out_params,
        field_types: std::mem::take(&mut lw.field_types),
    };
    f.const_return = const_return(&f);
    f
}

/// `return LITERAL;` as the only return, with no other statement that can return otherwise.
pub(crate) fn const_return(f: &FuncIr) -> Option<Const> {
    let mut found: Option<Const> = None;
    for s in &f.stmts {
        if let StmtKind::Return(r) = &s.kind {
            let c = match r.map(|e| &f.expr(e).kind) {
                Some(ExprKind::Lit(c)) => c.clone(),
                _ => return None,
            };
            match &found {
                None => found = Some(c),
                Some(prev) if *prev == c => {}
                Some(_) => return None,
            }
        }
    }
    found
}

/// Lowers every function of a parsed file.
pub fn lower_file<'a>(lang: Language, root: Node<'a>, src: &'a [u8]) -> FileFuncs {
    let flow = &lang.syntax().flow;
    let mut out = FileFuncs::default();
    let mut pending: Vec<Node<'_>> = Vec::new();
    let macros = ferret_lang::macros::file_renames(lang, root, src);
    let union_types = union_types(lang, root, src);
    let module = lower_function(lang, root, src, &mut pending, true, &macros, &union_types);
    // Functions nested in classes are found by walking class bodies too.
    let mut stack = vec![root];
    let mut c = root.walk();
    let mut class_fns = Vec::new();
    while let Some(x) = stack.pop() {
        for ch in x.named_children(&mut c) {
            let k = ch.kind();
            if flow.is_function(k) && !flow.is_closure(k) {
                class_fns.push(ch);
            } else if flow.function_bindings.contains(&k)
                && let Some(v) = ch.child_by_field_name("value")
                && flow.is_function_value(v.kind())
            {
                // A class field holding a function: `handle = (req) => { ... }`.
                class_fns.push(v);
            } else if flow.is_class(k)
                || flow.member_containers.contains(&k)
                || flow.class_blocks.contains(&k) && flow.block_classes.contains(&x.kind())
            {
                stack.push(ch);
            }
        }
    }
    collect_consts(lang, root, src, &module, &mut out.consts);
    collect_fields(flow, root, src, &mut out.fields, &mut out.field_types);
    collect_classes(flow, root, src, &mut out.classes);
    out.imports = ferret_lang::imports::collect(lang, root, src);
    out.funcs.push(module);
    pending.extend(class_fns);
    let mut seen = std::collections::HashSet::new();
    while let Some(n) = pending.pop() {
        if !seen.insert(n.id()) {
            continue;
        }
        let mut more = Vec::new();
        let f = lower_function(lang, n, src, &mut more, false, &macros, &union_types);
        if f.truncated {
            out.truncated.push(f.name.clone());
        }
        out.funcs.push(f);
        pending.extend(more);
    }
    for f in &out.funcs {
        if let Some(c) = &f.class {
            for (field, t) in &f.field_types {
                out.field_types
                    .entry(format!("{c}.{field}"))
                    .or_insert_with(|| t.clone());
            }
        }
    }
    // Reassigned names are not constants.
    let mut assigned = std::collections::HashSet::new();
    for f in out.funcs.iter().skip(1) {
        for e in &f.exprs {
            if let ExprKind::Assign { places, .. } = &e.kind {
                for (p, _) in places {
                    assigned.insert(
                        p.trim_start_matches("this.")
                            .trim_start_matches("self.")
                            .to_string(),
                    );
                }
            }
        }
    }
    out.consts
        .retain(|k, _| !assigned.contains(k.rsplit('.').next().unwrap_or(k)));
    out
}
