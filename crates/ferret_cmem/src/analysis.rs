//! The driver: finds a translation unit's functions, decides which never return, computes
//! same-file summaries, and runs the worklist fixpoint per function, then one reporting pass over
//! the final states.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::cfg::{self, Action, Cfg, EdgeCond};
use crate::eval::Ctx;
use crate::syntax::{declarator_name, text};
use crate::types::{self, VarInfo, declarator_info, type_node_size};
use crate::value::{Alloc, Interval, Nullness, State, Status, Val};
use crate::{Check, CmemError, Defect, Dialect, Limits, Outcome, span_of};

/// What a call to a same-file function does to its arguments and returns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Summary {
    /// Number of parameters.
    pub params: usize,
    /// Parameter i is freed on every path.
    pub frees: Vec<bool>,
    /// Parameter i may be stored or passed on (so the caller's allocation escapes).
    pub escapes: Vec<bool>,
    /// Every `return` returns a fresh allocation (or NULL).
    pub returns_alloc: bool,
    /// Every `return` returns a fresh allocation that was already freed.
    pub returns_freed: bool,
    /// Every `return` returns NULL.
    pub returns_null: bool,
    /// Every `return` returns this integer constant.
    pub returns_const: Option<i64>,
}

/// Facts about the translation unit shared by its functions.
pub(crate) struct Unit<'s> {
    pub src: &'s [u8],
    pub defines: HashMap<String, i64>,
    pub globals: HashMap<String, VarInfo>,
    /// File-scope variables whose value is a known constant: `const` or `static` with a constant
    /// initialiser, never assigned, incremented or address-taken in the translation unit.
    pub global_consts: HashMap<String, i64>,
    /// Struct and union types defined in the unit.
    pub records: HashMap<String, crate::records::Record>,
    /// Whether the unit is C++ (class types are constructed, not left uninitialised).
    pub cpp: bool,
    pub noreturn: HashSet<String>,
    pub summaries: HashMap<String, Summary>,
    /// How many functions of each name the unit defines (calls are followed into a function
    /// only when its name is defined once).
    pub defined: HashMap<String, usize>,
    /// Functions of the unit declared to return an integer type.
    pub int_functions: HashSet<String>,
    /// Names the unit declares or defines as functions.
    pub functions: HashSet<String>,
    /// Names the unit defines as function-like macros (`#define n2s(c, s) ...`).
    pub macros: HashSet<String>,
    /// Whether the unit mentions weak symbols (`__attribute__((weak))`, `#pragma weak`).
    pub weak: bool,
}

pub(crate) struct Function<'t> {
    pub name: String,
    pub def: Node<'t>,
    pub body: Node<'t>,
}

/// Analyses one C translation unit (the root of its tree) and reports the selected checks.
pub fn analyze(root: Node<'_>, src: &[u8], checks: &[Check], limits: Limits) -> Outcome {
    analyze_dialect(root, src, checks, limits, Dialect::C)
}

/// Analyses one translation unit of the given dialect and reports the selected checks.
pub fn analyze_dialect(
    root: Node<'_>,
    src: &[u8],
    checks: &[Check],
    limits: Limits,
    dialect: Dialect,
) -> Outcome {
    let checks: HashSet<Check> = checks.iter().copied().collect();
    let mut unit = Unit {
        src,
        defines: types::defines(root, src),
        globals: HashMap::new(),
        global_consts: HashMap::new(),
        records: HashMap::new(),
        cpp: dialect == Dialect::Cpp,
        noreturn: HashSet::new(),
        summaries: HashMap::new(),
        defined: HashMap::new(),
        int_functions: HashSet::new(),
        functions: HashSet::new(),
        macros: HashSet::new(),
        weak: contains(src, b"weak"),
    };
    let mut funcs = Vec::new();
    collect(root, src, &mut unit, &mut funcs);
    for f in &funcs {
        *unit.defined.entry(f.name.clone()).or_insert(0) += 1;
        if returns_int(f, src) {
            unit.int_functions.insert(f.name.clone());
        }
    }
    unit.global_consts = crate::globals::constants(root, src, &unit.defines, unit.cpp);
    unit.records = crate::records::records(root, src, &unit.defines);
    noreturn_functions(&mut unit, &funcs, root);

    let mut out = Outcome::default();
    let none = HashSet::new();
    for _round in 0..3 {
        let mut changed = false;
        for f in &funcs {
            let Ok(cfg) = cfg::build(f.body, src, &unit.noreturn) else {
                continue;
            };
            let s = summarize(&unit, f, &cfg, &none, limits);
            if let Some(s) = s
                && unit.summaries.get(&f.name) != Some(&s)
            {
                unit.summaries.insert(f.name.clone(), s);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut sites = Vec::new();
    for f in &funcs {
        // C++ in a header read as C, or macros the parser could not expand, leave a tree that
        // says something else than the code: such a function is not reported on.
        if misparsed(&unit, f) {
            out.skipped_functions += 1;
            continue;
        }
        match cfg::build(f.body, src, &unit.noreturn) {
            Ok(cfg) => match run_in(&unit, f, &cfg, &checks, limits, false, None) {
                Ok(r) => {
                    out.defects.extend(r.ctx.defects);
                    sites.extend(r.ctx.calls);
                }
                Err(()) => out.skipped_functions += 1,
            },
            Err(CmemError::TooLarge { .. } | CmemError::TooDeep { .. }) => {
                out.skipped_functions += 1
            }
            Err(_) => out.skipped_functions += 1,
        }
    }
    crate::contexts::analyse(&unit, &funcs, &checks, limits, sites, &mut out.defects);
    out.defects.sort_by_key(|d| (d.span.start, d.check));
    out
}

/// Collects functions and global declarations (recursing into namespaces, classes, `extern "C"`
/// and preprocessor conditionals).
fn collect<'t>(n: Node<'t>, src: &[u8], unit: &mut Unit<'_>, funcs: &mut Vec<Function<'t>>) {
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "function_definition" => {
                let (Some(d), Some(body)) = (
                    n.child_by_field_name("declarator"),
                    n.child_by_field_name("body"),
                ) else {
                    continue;
                };
                let Some(name) = declarator_name(d, src) else {
                    continue;
                };
                let head = &src[n.start_byte()..body.start_byte()];
                if contains(head, b"noreturn") || contains(head, b"_Noreturn") {
                    unit.noreturn.insert(name.to_string());
                }
                unit.functions.insert(name.to_string());
                funcs.push(Function {
                    name: name.to_string(),
                    def: n,
                    body,
                });
            }
            "declaration" => {
                if contains(&src[n.start_byte()..n.end_byte()], b"noreturn") {
                    let mut w = n.walk();
                    for d in n.children_by_field_name("declarator", &mut w) {
                        if let Some(name) = declarator_name(d, src) {
                            unit.noreturn.insert(name.to_string());
                        }
                    }
                }
                let mut w = n.walk();
                for d in n.children_by_field_name("declarator", &mut w) {
                    if declares_function(d)
                        && let Some(name) = declarator_name(d, src)
                    {
                        unit.functions.insert(name.to_string());
                    }
                }
                declare(n, src, &unit.defines, &mut unit.globals, false);
            }
            "preproc_function_def" => {
                if let Some(name) = n.child_by_field_name("name") {
                    unit.macros.insert(text(name, src).to_string());
                }
            }
            _ => {
                let mut w = n.walk();
                let kids: Vec<Node<'t>> = n.named_children(&mut w).collect();
                stack.extend(kids.into_iter().rev());
            }
        }
    }
    funcs.sort_by_key(|f| f.def.start_byte());
}

/// Whether a declarator declares a function (`f(int)`, `*f(void)`), not a pointer to one.
fn declares_function(mut d: Node<'_>) -> bool {
    for _ in 0..16 {
        match d.kind() {
            "function_declarator" => {
                return d
                    .child_by_field_name("declarator")
                    .is_some_and(|x| x.kind() != "parenthesized_declarator");
            }
            "pointer_declarator" | "attributed_declarator" => {
                match d.child_by_field_name("declarator") {
                    Some(x) => d = x,
                    None => return false,
                }
            }
            _ => return false,
        }
    }
    false
}

/// Whether the C tree of `f` cannot be trusted: it has a parse error (C++ in a header read as
/// C, macros the parser could not expand), or it uses C++ casts, which the C grammar reads
/// without error as comparisons (`static_cast<uint64_t>(hi) << 32` is `static_cast < uint64_t >
/// ((hi) << 32)` in C, a 32-bit shift by 32).
pub(crate) fn misparsed(unit: &Unit<'_>, f: &Function<'_>) -> bool {
    if unit.cpp {
        return false;
    }
    if f.def.has_error() {
        return true;
    }
    let body = &unit.src[f.def.start_byte()..f.def.end_byte()];
    [
        "static_cast",
        "reinterpret_cast",
        "const_cast",
        "dynamic_cast",
    ]
    .iter()
    .any(|k| contains(body, k.as_bytes()))
}

/// Whether `f` is declared to return a plain integer type (not a pointer, float or `void`).
fn returns_int(f: &Function<'_>, src: &[u8]) -> bool {
    let (Some(ty), Some(d)) = (
        f.def.child_by_field_name("type"),
        f.def.child_by_field_name("declarator"),
    ) else {
        return false;
    };
    let t = text(ty, src);
    matches!(ty.kind(), "primitive_type" | "sized_type_specifier")
        && d.kind() == "function_declarator"
        && !["void", "float", "double", "bool", "_Bool"]
            .iter()
            .any(|x| t.contains(x))
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Records the variables a declaration (or parameter) declares.
fn declare(
    n: Node<'_>,
    src: &[u8],
    defines: &HashMap<String, i64>,
    into: &mut HashMap<String, VarInfo>,
    local: bool,
) {
    let ty = n.child_by_field_name("type");
    let base = ty.and_then(|t| type_node_size(t, src));
    let ty_text = ty.map(|t| text(t, src)).unwrap_or("");
    let float = ty_text.contains("float") || ty_text.contains("double");
    let kind = types::base_kind(ty, base);
    let decl_text = text(n, src);
    let is_static = decl_text.starts_with("static")
        || decl_text.contains(" static ")
        || decl_text.starts_with("extern")
        || decl_text.starts_with("thread_local")
        || decl_text.starts_with("_Thread_local");
    let mut w = n.walk();
    for d in n.children_by_field_name("declarator", &mut w) {
        if d.kind() == "function_declarator" {
            continue;
        }
        if let Some((name, mut info)) = declarator_info(d, base, src, defines) {
            info.local = local && !is_static && d.kind() != "reference_declarator";
            info.float = float;
            info.base = kind;
            info.type_name = ty.and_then(|t| types::type_name(t, src));
            // `char s[] = "abc"` takes its size from the initialiser.
            if info.dims.len() == 1
                && info.dims[0].is_none()
                && let Some(len) = d
                    .child_by_field_name("value")
                    .and_then(|v| types::string_len(v, src))
            {
                info.dims[0] = Some(len + 1);
            }
            // `int a[] = {1, 2, 3}` and `int m[][2] = {{1, 2}, {3, 4}}` have as many elements
            // (rows) as the list has entries, unless designators place them.
            if !info.dims.is_empty()
                && info.dims[0].is_none()
                && empty_first_dimension(d)
                && let Some(list) = d.child_by_field_name("value")
                && list.kind() == "initializer_list"
            {
                let mut w = list.walk();
                let entries: Vec<Node<'_>> = list
                    .named_children(&mut w)
                    .filter(|c| c.kind() != "comment")
                    .collect();
                // A macro entry (`TOBN(a, b)`, `VERSION`) may stand for several elements.
                let plain = |c: &Node<'_>| match c.kind() {
                    "call_expression" | "initializer_pair" => false,
                    "identifier" => !text(*c, src).bytes().all(|b| !b.is_ascii_lowercase()),
                    _ => true,
                };
                if !entries.is_empty() && entries.iter().all(plain) {
                    info.dims[0] = Some(entries.len() as i64);
                }
            }
            into.insert(name.to_string(), info);
        }
    }
}

/// Whether the outermost array declarator of `d` has empty brackets (`a[]`, not `a[N]` with a
/// size the analysis could not evaluate).
fn empty_first_dimension(d: Node<'_>) -> bool {
    let mut cur = d;
    for _ in 0..16 {
        match cur.kind() {
            "init_declarator" => match cur.child_by_field_name("declarator") {
                Some(x) => cur = x,
                None => return false,
            },
            "array_declarator" => {
                // The outermost dimension is the innermost declarator of the chain.
                match cur.child_by_field_name("declarator") {
                    Some(x) if x.kind() == "array_declarator" => cur = x,
                    _ => return cur.child_by_field_name("size").is_none(),
                }
            }
            _ => return false,
        }
    }
    false
}

/// A function's locals and parameters.
pub(crate) fn locals(f: &Function<'_>, unit: &Unit<'_>) -> (HashMap<String, VarInfo>, Vec<String>) {
    let src = unit.src;
    let mut out = HashMap::new();
    let mut params = Vec::new();
    if let Some(list) = f
        .def
        .child_by_field_name("declarator")
        .and_then(find_params)
    {
        let mut w = list.walk();
        for p in list.named_children(&mut w) {
            if p.kind() == "parameter_declaration" && text(p, src).trim() == "void" {
                // `f(void)` has no parameters.
                continue;
            }
            if p.kind() == "parameter_declaration" {
                let before = out.len();
                declare(p, src, &unit.defines, &mut out, true);
                if let Some(d) = p.child_by_field_name("declarator")
                    && let Some(name) = declarator_name(d, src)
                {
                    params.push(name.to_string());
                    // A parameter declared as an array is a pointer.
                    if let Some(i) = out.get_mut(name)
                        && i.is_array()
                    {
                        i.dims.clear();
                        i.pointers += 1;
                    }
                } else if out.len() == before {
                    params.push(String::new());
                }
            } else if p.kind() == "variadic_parameter"
                || p.kind() == "optional_parameter_declaration"
            {
                params.push(String::new());
            }
        }
    }
    let mut stack = vec![f.body];
    let mut conflicting = Vec::new();
    while let Some(n) = stack.pop() {
        match n.kind() {
            "declaration" => {
                let mut here = HashMap::new();
                declare(n, src, &unit.defines, &mut here, true);
                for (name, info) in here {
                    if out.get(&name).is_some_and(|old| *old != info) {
                        conflicting.push(name.clone());
                    }
                    out.insert(name, info);
                }
            }
            "lambda_expression"
            | "function_definition"
            | "class_specifier"
            | "struct_specifier" => continue,
            _ => {}
        }
        let mut w = n.walk();
        stack.extend(n.named_children(&mut w));
    }
    // One name declared with different types in different blocks (`char *val` here, `char
    // val[50]` there): which declaration a use sees is not known, so its shape is not used.
    for name in conflicting {
        out.insert(name, VarInfo::default());
    }
    (out, params)
}

fn find_params(d: Node<'_>) -> Option<Node<'_>> {
    let mut cur = d;
    for _ in 0..16 {
        if cur.kind() == "function_declarator" {
            return cur.child_by_field_name("parameters");
        }
        cur = cur.child_by_field_name("declarator")?;
    }
    None
}

/// Same-file functions and function-like macros whose every path ends in a call that never
/// returns.
fn noreturn_functions(unit: &mut Unit<'_>, funcs: &[Function<'_>], root: Node<'_>) {
    let bodies = crate::macros::macro_bodies(root, unit.src);
    for _ in 0..8 {
        let macros = crate::macros::noreturn_macros(&bodies, &unit.noreturn);
        let mut changed = !macros.is_empty();
        unit.noreturn.extend(macros);
        for f in funcs {
            if unit.noreturn.contains(&f.name) {
                continue;
            }
            if let Ok(cfg) = cfg::build(f.body, unit.src, &unit.noreturn)
                && !cfg.can_return()
            {
                unit.noreturn.insert(f.name.clone());
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// A summary of `f`: parameters start as live allocations of their own and are followed.
fn summarize(
    unit: &Unit<'_>,
    f: &Function<'_>,
    cfg: &Cfg<'_>,
    checks: &HashSet<Check>,
    limits: Limits,
) -> Option<Summary> {
    let ctx = run_in(unit, f, cfg, checks, limits, true, None).ok()?;
    let (_, params) = locals(f, unit);
    let exit = ctx.exit_state.clone();
    let mut s = Summary {
        params: params.len(),
        ..Summary::default()
    };
    for p in &params {
        let id = param_id(f, p);
        let rec = exit.as_ref().and_then(|e| e.allocs.get(&id));
        s.frees
            .push(rec.is_some_and(|a| matches!(a.status, Status::Freed(_))));
        s.escapes.push(rec.is_none_or(|a| a.escaped));
    }
    let pids: Vec<_> = params.iter().map(|p| param_id(f, p)).collect();
    s.returns_alloc = !ctx.ctx.returned.is_empty()
        && ctx.ctx.returned.iter().all(|v| match v {
            Val::Heap { alloc, offset } => !pids.contains(alloc) && offset.constant() == Some(0),
            Val::Null => true,
            _ => false,
        })
        && ctx
            .ctx
            .returned
            .iter()
            .any(|v| matches!(v, Val::Heap { .. }));
    // `p = malloc(n); ...; free(p); return p;` on every path: the caller gets freed memory.
    s.returns_freed = s.returns_alloc
        && ctx
            .ctx
            .returned
            .iter()
            .zip(&ctx.ctx.returned_freed)
            .all(|(v, freed)| matches!(v, Val::Heap { .. }) && *freed);
    s.returns_null =
        !ctx.ctx.returned.is_empty() && ctx.ctx.returned.iter().all(|v| *v == Val::Null);
    let consts: Vec<Option<i64>> = ctx
        .ctx
        .returned
        .iter()
        .map(|v| match v {
            Val::Int(i) => i.constant(),
            _ => None,
        })
        .collect();
    s.returns_const = match consts.first() {
        Some(Some(c)) if consts.iter().all(|x| *x == Some(*c)) => Some(*c),
        _ => None,
    };
    Some(s)
}

/// A parameter's stand-in allocation id in summary mode (outside every real expression span).
fn param_id(f: &Function<'_>, p: &str) -> (usize, usize) {
    let h = p
        .bytes()
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
    (f.def.start_byte(), usize::MAX - (h % 1_000_000))
}

pub(crate) struct Run<'u> {
    pub ctx: Ctx<'u>,
    exit_state: Option<State>,
}

/// Analyses `f`; in a `context`, its parameters start with the values a caller gave them.
pub(crate) fn run_in<'u>(
    unit: &'u Unit<'u>,
    f: &Function<'_>,
    cfg: &Cfg<'_>,
    checks: &'u HashSet<Check>,
    limits: Limits,
    summary: bool,
    context: Option<&crate::contexts::CallSite>,
) -> Result<Run<'u>, ()> {
    let (locals, params) = locals(f, unit);
    let mut ctx = Ctx {
        unit,
        locals,
        report: false,
        checks,
        defects: Vec::new(),
        seen: HashSet::new(),
        returned: Vec::new(),
        returned_freed: Vec::new(),
        place: false,
        returns_pointer: f
            .def
            .child_by_field_name("declarator")
            .is_some_and(|d| d.kind() == "pointer_declarator"),
        uninit_ok: !f.def.has_error() && !misparsed(unit, f),
        calls: Vec::new(),
        quiet_uninit: false,
    };
    let mut init = State::default();
    if summary {
        for p in &params {
            if p.is_empty() || ctx.info(p).is_none_or(|i| i.pointers == 0) {
                continue;
            }
            let id = param_id(f, p);
            init.allocs.insert(
                id,
                Alloc {
                    status: Status::Live,
                    null: Nullness::MaybeNull,
                    size: None,
                    escaped: false,
                    site: span_of(f.def),
                    by: "the caller",
                    uninit: false,
                },
            );
            init.vars.insert(
                p.clone(),
                Val::Heap {
                    alloc: id,
                    offset: Interval::exact(0),
                },
            );
        }
    }
    if let Some(site) = context {
        site.bind(&params, &mut init);
    }
    let states = fixpoint(&mut ctx, cfg, init, limits)?;
    // Reporting pass over the final states.
    ctx.report = !summary;
    ctx.returned.clear();
    ctx.returned_freed.clear();
    for (i, node) in cfg.nodes.iter().enumerate() {
        if let Some(s) = &states[i] {
            let mut s = s.clone();
            transfer(&mut ctx, &mut s, node.action, summary);
        }
    }
    if !summary && context.is_none() {
        crate::structure::missing_return(&mut ctx, f, cfg, &states);
        crate::structure::function_address_tests(&mut ctx, f);
        crate::structure::empty_bodies(&mut ctx, f);
    }
    Ok(Run {
        exit_state: states[Cfg::EXIT].clone(),
        ctx,
    })
}

fn fixpoint(
    ctx: &mut Ctx<'_>,
    cfg: &Cfg<'_>,
    init: State,
    limits: Limits,
) -> Result<Vec<Option<State>>, ()> {
    let n = cfg.nodes.len();
    let preds = cfg.pred_counts();
    let mut states: Vec<Option<State>> = vec![None; n];
    let mut visits = vec![0usize; n];
    states[Cfg::ENTRY] = Some(init);
    let mut work = std::collections::VecDeque::from([Cfg::ENTRY]);
    let mut queued = vec![false; n];
    queued[Cfg::ENTRY] = true;
    let mut steps = 0usize;
    while let Some(i) = work.pop_front() {
        queued[i] = false;
        steps += 1;
        if steps > limits.steps_per_function {
            return Err(());
        }
        let Some(mut s) = states[i].clone() else {
            continue;
        };
        transfer(ctx, &mut s, cfg.nodes[i].action, false);
        for (succ, cond) in &cfg.nodes[i].succs {
            let Some(s2) = edge(ctx, &s, *cond) else {
                continue;
            };
            let new = match &states[*succ] {
                None => s2,
                Some(old) => {
                    visits[*succ] += 1;
                    let widen = preds[*succ] > 1 && visits[*succ] > 3;
                    let j = old.join(&s2, widen);
                    if &j == old {
                        continue;
                    }
                    j
                }
            };
            states[*succ] = Some(new);
            if !queued[*succ] {
                queued[*succ] = true;
                work.push_back(*succ);
            }
        }
    }
    Ok(states)
}

fn edge(ctx: &mut Ctx<'_>, s: &State, cond: EdgeCond<'_>) -> Option<State> {
    match cond {
        EdgeCond::Always | EdgeCond::Default(_) => Some(s.clone()),
        EdgeCond::True(c) => crate::refine::refine(ctx, s, c, true),
        EdgeCond::False(c) => crate::refine::refine(ctx, s, c, false),
        EdgeCond::Case(d, v) => crate::refine::case(ctx, s, d, v),
    }
}

fn transfer(ctx: &mut Ctx<'_>, s: &mut State, action: Action<'_>, summary: bool) {
    match action {
        Action::Stmt(n) => ctx.stmt(s, n),
        Action::Branch(c) | Action::Switch(c) => {
            ctx.eval(s, c, 0);
        }
        Action::Return(r) => {
            if let Some(v) = r.named_child(0).filter(|c| c.kind() != "comment") {
                let val = ctx.eval(s, v, 0);
                ctx.check_return(v, &val);
                if summary {
                    ctx.returned.push(val.clone());
                    let freed = s
                        .alloc_of(&val)
                        .is_some_and(|(_, a)| matches!(a.status, Status::Freed(_)));
                    ctx.returned_freed.push(freed);
                }
                ctx.escape(s, &val);
            }
            leaks(ctx, s, action);
        }
        Action::FallOff(_) => leaks(ctx, s, action),
        Action::Entry | Action::Exit | Action::Abort | Action::Join => {}
    }
}

/// At the end of the function: every live allocation that did not escape is lost.
fn leaks(ctx: &mut Ctx<'_>, s: &State, action: Action<'_>) {
    if !ctx.report || !ctx.checks.contains(&Check::Leak) {
        return;
    }
    let at = match action {
        Action::Return(_) | Action::FallOff(_) => action,
        _ => return,
    };
    for a in s.allocs.values() {
        if a.status != Status::Live || a.escaped || a.null == Nullness::Null {
            continue;
        }
        let (end, end_line) = match at {
            Action::FallOff(body) => {
                let e = body.end_byte().saturating_sub(1);
                (ferret_core::Span::new(e, e + 1), e)
            }
            Action::Return(r) => (span_of(r), r.start_byte()),
            _ => (a.site, a.site.start),
        };
        let end_line = ctx.unit.src[..end_line]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;

        let span = a.site;
        let d = Defect {
            check: Check::Leak,
            span,
            message: format!(
                "the memory allocated by {} here is not freed, returned or stored before the function ends on line {end_line}",
                a.by
            ),
            trace: vec![
                crate::TraceEvent {
                    span: a.site,
                    note: format!("allocated by {}", a.by),
                },
                crate::TraceEvent {
                    span: end,
                    note: "function ends here without freeing it".to_string(),
                },
            ],
        };
        if ctx.seen.insert((Check::Leak, span)) {
            ctx.defects.push(d);
        }
    }
}
