//! Taint propagation over the flow IR, function summaries and the project-wide pass.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use ferret_core::{Span, StepRole};
use rayon::prelude::*;

use crate::ir::{Const, ExprId, ExprKind, FuncIr, StmtId, StmtKind};
use crate::{GlobalWrite, Step, TaintFile, TaintFinding};
use ferret_lang::Language;

/// A function: (file index, function index).
pub(crate) type FuncId = (u32, u32);

/// Work allowed per function evaluation, in IR nodes visited.
pub const STEPS_PER_FUNCTION: u64 = 2_000_000;

#[derive(Debug)]
struct TNode {
    file: u32,
    span: Span,
    role: StepRole,
    note: String,
    prev: Option<Arc<TNode>>,
    len: u16,
}

fn push(
    prev: &Option<Arc<TNode>>,
    file: u32,
    span: Span,
    role: StepRole,
    note: String,
) -> Option<Arc<TNode>> {
    let len = prev.as_ref().map_or(0, |p| p.len);
    if len >= 16 {
        return prev.clone();
    }
    Some(Arc::new(TNode {
        file,
        span,
        role,
        note,
        prev: prev.clone(),
        len: len + 1,
    }))
}

fn steps_of(t: &Option<Arc<TNode>>) -> Vec<Step> {
    let mut v = Vec::new();
    let mut cur = t.clone();
    while let Some(n) = cur {
        v.push(Step {
            file: n.file,
            span: n.span,
            role: n.role,
            note: n.note.clone(),
        });
        cur = n.prev.clone();
    }
    v.reverse();
    v
}

/// A taint value: from a source, and/or from parameters of the function being summarised.
#[derive(Debug, Clone, Default)]
struct T {
    src: bool,
    params: u32,
    trace: Option<Arc<TNode>>,
}

impl T {
    fn is(&self) -> bool {
        self.src || self.params != 0
    }
    fn join(self, o: T) -> T {
        if !self.is() {
            return o;
        }
        if !o.is() {
            return self;
        }
        T {
            src: self.src || o.src,
            params: self.params | o.params,
            trace: if self.src || !o.src {
                self.trace
            } else {
                o.trace
            },
        }
    }
}

#[derive(Debug, Clone, Default)]
struct State {
    /// Tainted places; ordered so that `obj.` prefixes are a range.
    taint: BTreeMap<String, T>,
    consts: BTreeMap<String, Const>,
    /// Lists whose length is known (built from a display and `append`/`insert`/`pop`): their
    /// elements are the places `list.[0]`, `list.[1]`...
    lens: BTreeMap<String, usize>,
    dead: bool,
}

impl State {
    fn lookup(&self, p: &str) -> T {
        let mut out = T::default();
        // The place itself and every enclosing path (`a` and `a.b` for `a.b.c`).
        if let Some(t) = self.taint.get(p) {
            out = out.join(t.clone());
        }
        for (i, _) in p.match_indices('.') {
            if let Some(t) = self.taint.get(&p[..i]) {
                out = out.join(t.clone());
            }
        }
        // Every field inside it (`a.b.x` when reading `a.b`).
        let lo = format!("{p}.");
        let hi = format!("{p}/");
        for (_, t) in self.taint.range(lo..hi) {
            out = out.join(t.clone());
        }
        out
    }

    fn assign(&mut self, p: &str, t: T, strong: bool) {
        self.lens.remove(p);
        if strong {
            self.taint.remove(p);
            let lo = format!("{p}.");
            let hi = format!("{p}/");
            let inner: Vec<String> = self.taint.range(lo..hi).map(|(k, _)| k.clone()).collect();
            for k in inner {
                self.taint.remove(&k);
            }
        }
        if t.is() {
            match self.taint.get_mut(p) {
                Some(slot) => *slot = slot.clone().join(t),
                None => {
                    self.taint.insert(p.to_string(), t);
                }
            }
        }
    }

    fn clean(&mut self, p: &str) {
        self.assign(p, T::default(), true);
    }

    fn set_const(&mut self, p: &str, c: Option<Const>) {
        match c {
            Some(c) => {
                self.consts.insert(p.to_string(), c);
            }
            None => {
                self.consts.remove(p);
            }
        }
    }

    fn join(mut self, o: State) -> State {
        if self.dead {
            return o;
        }
        if o.dead {
            return self;
        }
        for (k, t) in o.taint {
            self.assign(&k, t, false);
        }
        self.consts.retain(|k, c| o.consts.get(k) == Some(c));
        self.lens.retain(|k, n| o.lens.get(k) == Some(n));
        self
    }

    /// The taint of exactly the place `p` (no enclosing or inner paths).
    fn take(&mut self, p: &str) -> T {
        self.taint.remove(p).unwrap_or_default()
    }

    /// A list of known length becomes one coarse value: its elements' taint moves to the list.
    fn collapse(&mut self, p: &str) {
        let Some(n) = self.lens.remove(p) else {
            return;
        };
        let mut t = T::default();
        for i in 0..n {
            t = t.join(self.take(&format!("{p}.[{i}]")));
        }
        self.assign(p, t, false);
    }

    /// `list.[-1]` of a list of known length is `list.[n-1]`; of another list, any element.
    fn normalise(&self, p: &str) -> Option<String> {
        let (base, key) = p.strip_suffix(']')?.rsplit_once(".[")?;
        let i: i64 = key.parse().ok()?;
        if i >= 0 {
            return None;
        }
        match self.lens.get(base) {
            Some(&n) if n as i64 + i >= 0 => Some(format!("{base}.[{}]", n as i64 + i)),
            _ => Some(base.to_string()),
        }
    }
}

/// What a function does with taint, for one rule (or for none: the generic summary).
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    /// Parameters whose taint reaches the return value.
    param_ret: u32,
    /// The return value carries taint from a source inside; the trace to it.
    ret_source: Option<Option<Arc<TNode>>>,
    /// Parameters that reach a sink: (param, sink file, sink span, steps from param to sink).
    param_sinks: Vec<(u32, u32, Span, Option<Arc<TNode>>)>,
    /// C and C++ reference and pointer parameters that hold taint when the function returns:
    /// the caller's variable is written through them (a source, or other parameters' taint).
    param_out: Vec<(u32, T)>,
}

impl PartialEq for Summary {
    fn eq(&self, o: &Summary) -> bool {
        self.param_ret == o.param_ret
            && self.ret_source.is_some() == o.ret_source.is_some()
            && self.param_sinks.len() == o.param_sinks.len()
            && self
                .param_sinks
                .iter()
                .zip(&o.param_sinks)
                .all(|(a, b)| a.0 == b.0 && a.1 == b.1 && a.2 == b.2)
            && self.param_out.len() == o.param_out.len()
            && self
                .param_out
                .iter()
                .zip(&o.param_out)
                .all(|(a, b)| a.0 == b.0 && a.1.src == b.1.src && a.1.params == b.1.params)
    }
}

/// Project-wide facts: function index, callers, constants.
pub(crate) struct Project<'a> {
    pub(crate) files: &'a [TaintFile],
    by_name: HashMap<&'a str, Vec<FuncId>>,
    by_file_name: HashMap<(u32, &'a str), Vec<FuncId>>,
    by_class_name: HashMap<(&'a str, &'a str), Vec<FuncId>>,
    by_scope_name: HashMap<(&'a str, &'a str), Vec<FuncId>>,
    consts: HashMap<String, Option<Const>>,
    /// Resolved call targets per (function, call expression).
    targets: HashMap<(FuncId, u32), Vec<FuncId>>,
    /// Whether taint crosses functions (summaries, fields and globals).
    inter: bool,
    /// Per file: its directory.
    dirs: Vec<&'a str>,
    /// Per file: its module path (no extension, `__init__` and `index` dropped) and that
    /// path's directory.
    stems: Vec<(&'a str, &'a str)>,
}

impl<'a> Project<'a> {
    pub(crate) fn new(files: &'a [TaintFile], resolve_calls: bool) -> Self {
        let mut by_name: HashMap<&str, Vec<FuncId>> = HashMap::new();
        let mut consts: HashMap<String, Option<Const>> = HashMap::new();
        for (fi, f) in files.iter().enumerate() {
            for (i, func) in f.funcs.funcs.iter().enumerate().skip(1) {
                by_name
                    .entry(func.name.as_str())
                    .or_default()
                    .push((fi as u32, i as u32));
            }
            for (k, v) in &f.funcs.consts {
                match consts.get(k) {
                    None => {
                        consts.insert(k.clone(), Some(v.clone()));
                    }
                    Some(Some(old)) if old != v => {
                        consts.insert(k.clone(), None);
                    }
                    _ => {}
                }
            }
        }
        let mut by_file_name: HashMap<(u32, &str), Vec<FuncId>> = HashMap::new();
        let mut by_class_name: HashMap<(&str, &str), Vec<FuncId>> = HashMap::new();
        let mut by_scope_name: HashMap<(&str, &str), Vec<FuncId>> = HashMap::new();
        for ids in by_name.values() {
            for id in ids {
                let f = &files[id.0 as usize].funcs.funcs[id.1 as usize];
                by_file_name
                    .entry((id.0, f.name.as_str()))
                    .or_default()
                    .push(*id);
                if let Some(c) = &f.class {
                    by_class_name
                        .entry((c.as_str(), f.name.as_str()))
                        .or_default()
                        .push(*id);
                }
                if let Some(sc) = &f.scope {
                    by_scope_name
                        .entry((sc.as_str(), f.name.as_str()))
                        .or_default()
                        .push(*id);
                }
            }
        }
        let dirs = files
            .iter()
            .map(|f| f.path.rsplit_once('/').map_or("", |(d, _)| d))
            .collect();
        let stems = files
            .iter()
            .map(|f| {
                let path = f.path.as_str();
                let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
                let stem = stem
                    .strip_suffix("/__init__")
                    .or_else(|| stem.strip_suffix("/index"))
                    .unwrap_or(stem);
                (stem, stem.rsplit_once('/').map_or("", |(d, _)| d))
            })
            .collect();
        let mut proj = Project {
            files,
            by_name,
            by_file_name,
            by_class_name,
            by_scope_name,
            consts,
            targets: HashMap::new(),
            inter: resolve_calls,
            dirs,
            stems,
        };
        let all: Vec<FuncId> = files
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| (0..f.funcs.funcs.len()).map(move |i| (fi as u32, i as u32)))
            .collect();
        if !resolve_calls {
            return proj;
        }
        let targets: Vec<((FuncId, u32), Vec<FuncId>)> = all
            .par_iter()
            .flat_map_iter(|id| {
                let proj = &proj;
                let f = proj.func(*id);
                f.exprs
                    .iter()
                    .enumerate()
                    .filter_map(move |(ei, e)| match &e.kind {
                        ExprKind::Call {
                            name,
                            args,
                            class_hint,
                            qualifier,
                            ..
                        } => {
                            let t = proj.resolve(
                                *id,
                                name,
                                args.len(),
                                class_hint.as_deref(),
                                qualifier.as_deref(),
                            );
                            (!t.is_empty()).then_some(((*id, ei as u32), t))
                        }
                        _ => None,
                    })
            })
            .collect();
        proj.targets = targets.into_iter().collect();
        proj
    }

    /// The resolved targets of call expression `e` in function `id`.
    fn call_targets(&self, id: FuncId, e: ExprId) -> &[FuncId] {
        self.targets.get(&(id, e.0)).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn func(&self, id: FuncId) -> &'a FuncIr {
        &self.files[id.0 as usize].funcs.funcs[id.1 as usize]
    }

    fn dir_of(&self, file: u32) -> &str {
        self.dirs[file as usize]
    }

    /// The functions a call may reach. Empty when unknown (then taint flows through by default).
    fn resolve(
        &self,
        caller: FuncId,
        name: &str,
        nargs: usize,
        class_hint: Option<&str>,
        qualifier: Option<&str>,
    ) -> Vec<FuncId> {
        let Some(cands) = self.by_name.get(name) else {
            return Vec::new();
        };
        // Through the caller's imports: `from util import wrap`, `import helpers.utils as u`.
        let imports = &self.files[caller.0 as usize].funcs.imports;
        let module = match qualifier {
            Some(q) => {
                let (head, rest) = q.split_once('.').map_or((q, ""), |(h, r)| (h, r));
                imports.get(head).map(|m| {
                    if rest.is_empty() {
                        m.clone()
                    } else {
                        format!("{m}.{rest}")
                    }
                })
            }
            None => imports
                .get(name)
                .and_then(|full| full.rsplit_once('.').map(|(m, _)| m.to_string())),
        };
        let fits = |id: &FuncId| {
            let f = self.func(*id);
            let n = f.params.len()
                - usize::from(matches!(
                    f.params.first().map(String::as_str),
                    Some("self" | "cls")
                ));
            n == nargs
                || (f.params.len() >= nargs && f.params.len() <= nargs + 2)
                || (f.variadic && nargs >= n.saturating_sub(1))
        };
        if let Some(m) = module {
            let suffix = m.replace('.', "/");
            let slashed = format!("/{suffix}");
            let in_module: Vec<FuncId> = cands
                .iter()
                .copied()
                .filter(|id| {
                    let (stem, dir) = &self.stems[id.0 as usize];
                    *stem == suffix
                        || stem.ends_with(&slashed)
                        // Go: a package is a directory.
                        || *dir == suffix
                        || dir.ends_with(&slashed)
                })
                .collect();
            if !in_module.is_empty() {
                return in_module;
            }
        }
        let caller_class = self.func(caller).class.as_deref();
        if let Some(h) = class_hint {
            let want = if h == "<self>" { caller_class } else { Some(h) };
            if let Some(w) = want {
                let same: Vec<FuncId> = self
                    .by_class_name
                    .get(&(w, name))
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(fits)
                    .collect();
                if !same.is_empty() {
                    return same;
                }
                if h != "<self>" {
                    // A class we do not know: a library call.
                    return Vec::new();
                }
            }
        }
        let same_file: Vec<FuncId> = self
            .by_file_name
            .get(&(caller.0, name))
            .into_iter()
            .flatten()
            .copied()
            .filter(fits)
            .collect();
        if !same_file.is_empty() {
            return same_file;
        }
        // An unqualified call inside a namespace: that namespace's functions, in any file.
        if qualifier.is_none()
            && let Some(sc) = self.func(caller).scope.as_deref()
        {
            let same_scope: Vec<FuncId> = self
                .by_scope_name
                .get(&(sc, name))
                .into_iter()
                .flatten()
                .copied()
                .filter(fits)
                .collect();
            if !same_scope.is_empty() && same_scope.len() <= 4 {
                return same_scope;
            }
        }
        if cands.len() > 64 {
            return Vec::new();
        }
        let mut c: Vec<FuncId> = cands.iter().copied().filter(fits).collect();
        if c.len() <= 1 {
            return c;
        }
        let dir = self.dir_of(caller.0);
        c.retain(|id| self.dir_of(id.0) == dir);
        if c.len() <= 4 { c } else { Vec::new() }
    }

    fn constant(&self, file: u32, func: &FuncIr, name: &str) -> Option<Const> {
        let local = &self.files[file as usize].funcs.consts;
        let bare = name
            .trim_start_matches("this.")
            .trim_start_matches("self.")
            .trim_start_matches("$this.");
        if let Some(c) = local.get(bare) {
            return Some(c.clone());
        }
        if let Some(cls) = &func.class
            && let Some(Some(c)) = self.consts.get(&format!("{cls}.{bare}"))
        {
            return Some(c.clone());
        }
        if let Some(Some(c)) = self.consts.get(bare) {
            return Some(c.clone());
        }
        // `Class.NAME` where only the last two segments are indexed.
        let mut parts = bare.rsplit('.');
        if let (Some(last), Some(cls)) = (parts.next(), parts.next())
            && let Some(Some(c)) = self.consts.get(&format!("{cls}.{last}"))
        {
            return Some(c.clone());
        }
        None
    }
}

/// Source, sink, sanitizer and propagator spans of one rule in one file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct SpotSpans {
    /// Sources.
    pub sources: Vec<Spot>,
    /// Sinks.
    pub sinks: Vec<Spot>,
    /// Sanitizers.
    pub sanitizers: Vec<Spot>,
    /// Propagators: (match span, from span, to span).
    pub propagators: Vec<(Span, Span, Span)>,
}

/// One matched source, sink or sanitizer.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Spot {
    /// The matched (or focused) range.
    pub span: Span,
    /// `by-side-effect`.
    pub by_side_effect: bool,
    /// `by-side-effect: only`: the variable is tainted afterwards, the occurrence is not.
    pub side_effect_only: bool,
    /// `exact`.
    pub exact: bool,
}

struct Eval<'p, 'a> {
    proj: &'p Project<'a>,
    id: FuncId,
    func: &'a FuncIr,
    spots: Option<&'a SpotSpans>,
    summaries: &'p dyn Fn(FuncId) -> Summary,
    ret: T,
    tainted: Vec<(Span, T)>,
    /// Expressions whose value is clean although tainted data went into them (sanitizers,
    /// known functions that drop taint, other keys of a container): taint inside them does not
    /// reach a sink that encloses them.
    cleaned: Vec<Span>,
    findings: Vec<(u32, Span, Option<Arc<TNode>>)>,
    param_sinks: Vec<(u32, u32, Span, Option<Arc<TNode>>)>,
    steps: u64,
    exhausted: bool,
    globals: &'p HashMap<String, T>,
    global_writes: Vec<(String, T)>,
    /// Taint handed to the parameters of a closure passed to the call being evaluated.
    closure_arg: T,
    /// What each out parameter (see [`FuncIr::out_params`]) holds on return, so far.
    outs: Vec<T>,
}

const ADDERS: &[&str] = &[
    "add",
    "append",
    "push",
    "put",
    "insert",
    "extend",
    "addAll",
    "push_back",
    "emplace_back",
    "set",
    "offer",
    "putAll",
    "unshift",
    "concat",
    "write",
    "print",
    "AppendFormat",
    "Add",
    "Append",
    "Insert",
    "setAttribute",
    "setProperty",
    "addElement",
];
/// Python built-ins that return numbers.
const PY_NUMERIC: &[&str] = &[
    "ord", "len", "int", "float", "bool", "abs", "round", "hash", "id",
];
const C_COPIERS: &[&str] = &[
    "strcpy",
    "strncpy",
    "strcat",
    "strncat",
    "memcpy",
    "memmove",
    "sprintf",
    "snprintf",
    "vsprintf",
    "vsnprintf",
    "wcscpy",
    "wcsncpy",
    "wcscat",
    "wcsncat",
    "swprintf",
    "_snprintf",
    "_snwprintf",
    "wmemcpy",
    "wmemmove",
    "strlcpy",
    "strlcat",
];

impl<'p, 'a> Eval<'p, 'a> {
    fn file(&self) -> u32 {
        self.id.0
    }

    /// The project-wide key of a field or global variable written or read as `p`, if it is one.
    fn field_key(&self, p: &str) -> Option<String> {
        let class = self.func.class.as_deref().unwrap_or("");
        for prefix in ["this.", "self.", "$this."] {
            if let Some(rest) = p.strip_prefix(prefix) {
                return Some(format!("{class}.{rest}"));
            }
        }
        if p.starts_with('@') {
            return Some(format!("{class}.{p}"));
        }
        let head = p.split('.').next().unwrap_or(p);
        if self.func.locals.contains(head) {
            return None;
        }
        let fields = &self.proj.files[self.id.0 as usize].funcs.fields;
        if p.contains('.') && head.starts_with(char::is_uppercase) {
            let mut parts = p.rsplit('.');
            let (last, cls) = (parts.next()?, parts.next()?);
            return Some(format!("{cls}.{last}"));
        }
        let bare = p.trim_start_matches('$');
        if fields.contains(&format!("{class}.{bare}")) {
            return Some(format!("{class}.{bare}"));
        }
        if fields.contains(bare) {
            return Some(bare.to_string());
        }
        None
    }

    fn has(&self, list: impl Fn(&SpotSpans) -> &Vec<Spot>, sp: Span) -> Option<Spot> {
        self.spots
            .and_then(|s| list(s).iter().find(|x| x.span == sp).copied())
    }

    /// The elements of a list or dict display, by index or key.
    fn parts_of(&self, e: ExprId) -> Option<Vec<(String, ExprId)>> {
        match &self.func.expr(e).kind {
            ExprKind::List(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (i.to_string(), *x))
                    .collect(),
            ),
            ExprKind::Dict(entries) => Some(entries.clone()),
            _ => None,
        }
    }

    fn place_of(&self, e: ExprId) -> Option<String> {
        match &self.func.expr(e).kind {
            ExprKind::Path(p) => Some(p.clone()),
            // A builder call returns its receiver: `sb.append(a).append(b)`.
            ExprKind::Call {
                name,
                receiver: Some(r),
                ..
            } if ADDERS.contains(&name.as_str()) => self.place_of(*r),
            ExprKind::Other(kids) | ExprKind::Call { args: kids, .. } if !kids.is_empty() => {
                kids.iter().find_map(|k| self.place_of(*k))
            }
            ExprKind::Binary { l, .. } => self.place_of(*l),
            ExprKind::Unary { e, .. } => self.place_of(*e),
            _ => None,
        }
    }

    fn const_of(&self, e: ExprId, st: &State) -> Option<Const> {
        match &self.func.expr(e).kind {
            ExprKind::Lit(c) => Some(c.clone()),
            ExprKind::Path(p) => st
                .consts
                .get(p)
                .cloned()
                .or_else(|| {
                    if st.taint.contains_key(p) || self.func.locals.contains(p) {
                        None
                    } else {
                        self.proj.constant(self.file(), self.func, p)
                    }
                })
                .or_else(|| {
                    // `s[i]` of a constant string `s`.
                    let (base, key) = p.strip_suffix(']')?.rsplit_once(".[")?;
                    let i: i64 = key.parse().ok()?;
                    let Some(Const::Str(s)) = st.consts.get(base) else {
                        return None;
                    };
                    let n = s.chars().count() as i64;
                    let i = if i < 0 { n + i } else { i };
                    if !(0..n).contains(&i) {
                        return None;
                    }
                    s.chars().nth(i as usize).map(|c| Const::Str(c.to_string()))
                }),
            ExprKind::Cond { cond, then, els } => {
                if self.const_of(*cond, st)?.truthy() {
                    self.const_of(*then, st)
                } else {
                    self.const_of(*els, st)
                }
            }
            ExprKind::Call {
                name,
                args,
                class_hint,
                ..
            } if args.is_empty() => {
                let targets = self.proj.call_targets(self.id, e);
                let mut out: Option<Const> = None;
                for t in targets {
                    let c = self.proj.func(*t).const_return.clone()?;
                    if out.as_ref().is_some_and(|o| *o != c) {
                        return None;
                    }
                    out = Some(c);
                }
                out
            }
            ExprKind::Unary { op, e } => {
                let c = self.const_of(*e, st)?;
                match op.as_str() {
                    "!" | "not" => Some(Const::Bool(!c.truthy())),
                    "-" => match c {
                        Const::Int(i) => Some(Const::Int(-i)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            ExprKind::Binary { op, l, r } => {
                let a = self.const_of(*l, st);
                if matches!(op.as_str(), "&&" | "and") && a.as_ref().is_some_and(|c| !c.truthy()) {
                    return Some(Const::Bool(false));
                }
                if matches!(op.as_str(), "||" | "or") && a.as_ref().is_some_and(|c| c.truthy()) {
                    return Some(Const::Bool(true));
                }
                let a = a?;
                let b = self.const_of(*r, st)?;
                if let (Const::Str(x), Const::Str(y)) = (&a, &b) {
                    match op.as_str() {
                        "in" => return Some(Const::Bool(y.contains(x.as_str()))),
                        "not in" => return Some(Const::Bool(!y.contains(x.as_str()))),
                        _ => {}
                    }
                }
                let num = |c: &Const| match c {
                    Const::Int(i) => Some(*i),
                    Const::Bool(b) => Some(*b as i64),
                    _ => None,
                };
                Some(match op.as_str() {
                    "==" | "===" | "is" => {
                        Const::Bool(a == b || (num(&a).is_some() && num(&a) == num(&b)))
                    }
                    "!=" | "!==" | "is not" => {
                        Const::Bool(!(a == b || (num(&a).is_some() && num(&a) == num(&b))))
                    }
                    "<" => Const::Bool(num(&a)? < num(&b)?),
                    ">" => Const::Bool(num(&a)? > num(&b)?),
                    "<=" => Const::Bool(num(&a)? <= num(&b)?),
                    ">=" => Const::Bool(num(&a)? >= num(&b)?),
                    "&&" | "and" => Const::Bool(a.truthy() && b.truthy()),
                    "||" | "or" => Const::Bool(a.truthy() || b.truthy()),
                    "+" => Const::Int(num(&a)?.checked_add(num(&b)?)?),
                    "-" => Const::Int(num(&a)?.checked_sub(num(&b)?)?),
                    "*" => Const::Int(num(&a)?.checked_mul(num(&b)?)?),
                    _ => return None,
                })
            }
            _ => None,
        }
    }

    fn expr(&mut self, e: ExprId, st: &mut State) -> T {
        self.steps += 1;
        if self.steps > STEPS_PER_FUNCTION {
            self.exhausted = true;
            return T::default();
        }
        let ex = self.func.expr(e);
        let sp = ex.span;
        let t = match &ex.kind {
            ExprKind::Path(p) => {
                let t = match st.normalise(p) {
                    Some(q) => st.lookup(&q),
                    None => st.lookup(p),
                };
                if !t.is()
                    && !self.globals.is_empty()
                    && let Some(k) = self.field_key(p)
                    && let Some(g) = self.globals.get(&k)
                {
                    g.clone()
                } else {
                    t
                }
            }
            ExprKind::Lit(_) => T::default(),
            ExprKind::List(items) => {
                let mut t = T::default();
                for k in items.clone() {
                    let x = self.expr(k, st);
                    t = t.join(x);
                }
                t
            }
            ExprKind::Dict(entries) => {
                let mut t = T::default();
                for (_, k) in entries.clone() {
                    let x = self.expr(k, st);
                    t = t.join(x);
                }
                t
            }
            ExprKind::Cond { cond, then, els } => {
                // The condition only chooses between the values.
                self.expr(*cond, st);
                self.cleaned.push(self.func.expr(*cond).span);
                match self.const_of(*cond, st) {
                    Some(c) if c.truthy() => self.expr(*then, st),
                    Some(_) => self.expr(*els, st),
                    None => {
                        let a = self.expr(*then, st);
                        let b = self.expr(*els, st);
                        a.join(b)
                    }
                }
            }
            ExprKind::Binary { l, r, .. } => {
                let a = self.expr(*l, st);
                let b = self.expr(*r, st);
                a.join(b)
            }
            ExprKind::Unary { e, .. } => self.expr(*e, st),
            ExprKind::Other(kids) => {
                let mut t = T::default();
                for k in kids.clone() {
                    let x = self.expr(k, st);
                    t = t.join(x);
                }
                t
            }
            ExprKind::Closure { params, body } => {
                let mut inner = st.clone();
                let arg = std::mem::take(&mut self.closure_arg);
                for p in params {
                    inner.assign(p, arg.clone(), true);
                }
                inner.dead = false;
                let saved = std::mem::take(&mut self.ret);
                self.stmt(*body, &mut inner);
                self.ret = saved;
                T::default()
            }
            ExprKind::Assign {
                places,
                value,
                compound,
                reads,
            } => {
                for r in reads {
                    self.expr(*r, st);
                }
                if let [(p, true)] = places.as_slice()
                    && !*compound
                    && let Some(parts) = self.parts_of(*value)
                {
                    // `xs = [a, b]`, `m = {"k": v}`: each element is its own place.
                    let mut v = T::default();
                    let mut elems = Vec::new();
                    for (k, x) in &parts {
                        let mut t = self.expr(*x, st);
                        v = v.join(t.clone());
                        if t.is() {
                            t.trace = push(
                                &t.trace,
                                self.file(),
                                sp,
                                StepRole::Step,
                                format!("assigned to {p}[{k}]"),
                            );
                        }
                        elems.push((format!("{p}.[{k}]"), t));
                    }
                    if v.src
                        && let Some(k) = self.field_key(p)
                    {
                        self.global_writes.push((k, v.clone()));
                    }
                    st.assign(p, T::default(), true);
                    st.set_const(p, None);
                    for (q, t) in elems {
                        st.assign(&q, t, true);
                    }
                    if matches!(self.func.expr(*value).kind, ExprKind::List(_)) {
                        st.lens.insert(p.clone(), parts.len());
                    }
                    return self.finish(e, sp, v, st);
                }
                let v = self.expr(*value, st);
                let c = if *compound {
                    None
                } else {
                    self.const_of(*value, st)
                };
                for (p, strong) in places {
                    let mut val = v.clone();
                    if *compound {
                        val = val.join(st.lookup(p));
                    }
                    if val.is() {
                        val.trace = push(
                            &val.trace,
                            self.file(),
                            sp,
                            StepRole::Step,
                            format!("assigned to {p}"),
                        );
                    }
                    if val.src
                        && let Some(k) = self.field_key(p)
                    {
                        self.global_writes.push((k, val.clone()));
                    }
                    st.assign(p, val, *strong && !*compound);
                    st.set_const(p, if *strong { c.clone() } else { None });
                }
                v
            }
            ExprKind::Call {
                name,
                receiver,
                args,
                class_hint: _,
                qualifier: _,
            } => {
                let rt = receiver.map(|r| self.expr(r, st)).unwrap_or_default();
                // Plain arguments first; closures then see the receiver's and the arguments'
                // taint on their parameters (`xs.forEach(x => sink(x))`, `v.let { sink(it) }`).
                let is_closure =
                    |a: &ExprId| matches!(self.func.expr(*a).kind, ExprKind::Closure { .. });
                let mut ats: Vec<T> = vec![T::default(); args.len()];
                for (i, a) in args.iter().enumerate() {
                    if !is_closure(a) {
                        ats[i] = self.expr(*a, st);
                    }
                }
                let handed = ats.iter().cloned().fold(rt.clone(), T::join);
                for (i, a) in args.iter().enumerate() {
                    if is_closure(a) {
                        self.closure_arg = handed.clone();
                        ats[i] = self.expr(*a, st);
                    }
                }
                // `f(&x)`: the callee may write `x`, so its constant value is gone.
                for a in args {
                    if let ExprKind::Unary { op, e: inner } = &self.func.expr(*a).kind
                        && op == "&"
                        && let ExprKind::Path(x) = &self.func.expr(*inner).kind
                    {
                        st.set_const(x, None);
                    }
                }
                let targets = self.proj.call_targets(self.id, e);
                let mut result = if targets.is_empty() {
                    // Unknown callee: taint flows from receiver and arguments to the result.
                    ats.iter().cloned().fold(rt.clone(), T::join)
                } else {
                    let mut r = T::default();
                    for tid in targets {
                        let x = self.apply(*tid, &ats, sp, name);
                        r = r.join(x);
                        if receiver.is_none() {
                            self.apply_outs(*tid, &ats, args, st, sp, name);
                        }
                    }
                    r
                };
                if targets.is_empty()
                    && receiver.is_none()
                    && self.lang() == Language::Python
                    && PY_NUMERIC.contains(&name.as_str())
                    && result.is()
                {
                    // A number carries no text an attacker could shape.
                    result = T::default();
                    self.cleaned.push(sp);
                }
                let mut keyed = false;
                if targets.is_empty()
                    && let Some(p) = receiver.and_then(|r| self.place_of(r))
                    && let Some(&n) = st.lens.get(&p)
                {
                    // A list of known length keeps its elements apart.
                    let index = |i: usize| match args.get(i).map(|a| self.const_of(*a, st)) {
                        Some(Some(Const::Int(k))) => {
                            let k = if k < 0 { n as i64 + k } else { k };
                            usize::try_from(k).ok()
                        }
                        _ => None,
                    };
                    match (name.as_str(), args.len()) {
                        ("append", 1) => {
                            st.assign(&format!("{p}.[{n}]"), ats[0].clone(), true);
                            st.lens.insert(p, n + 1);
                            keyed = true;
                        }
                        ("pop", 0 | 1) => match if args.is_empty() {
                            n.checked_sub(1)
                        } else {
                            index(0).filter(|i| *i < n)
                        } {
                            Some(i) => {
                                result = st.take(&format!("{p}.[{i}]"));
                                if !result.is() {
                                    // The other elements are not what the call returns.
                                    self.cleaned.push(sp);
                                }
                                for j in i..n - 1 {
                                    let t = st.take(&format!("{p}.[{}]", j + 1));
                                    st.assign(&format!("{p}.[{j}]"), t, true);
                                }
                                st.lens.insert(p, n - 1);
                                keyed = true;
                            }
                            None => st.collapse(&p),
                        },
                        ("insert", 2) => match index(0) {
                            Some(i) => {
                                let i = i.min(n);
                                for j in (i..n).rev() {
                                    let t = st.take(&format!("{p}.[{j}]"));
                                    st.assign(&format!("{p}.[{}]", j + 1), t, true);
                                }
                                st.assign(&format!("{p}.[{i}]"), ats[1].clone(), true);
                                st.lens.insert(p, n + 1);
                                keyed = true;
                            }
                            None => st.collapse(&p),
                        },
                        ("index" | "count" | "copy", _) => {}
                        _ => st.collapse(&p),
                    }
                }
                if targets.is_empty()
                    && !keyed
                    && let Some(p) = receiver.and_then(|r| self.place_of(r))
                {
                    // Keyed containers: `m.put("k", v)`, `conf.set(s, "k", v)`, `m.get("k")`.
                    let key_at = |i: usize| match args.get(i).map(|a| &self.func.expr(*a).kind) {
                        Some(ExprKind::Lit(Const::Str(k))) => Some(k.clone()),
                        _ => None,
                    };
                    let n = args.len();
                    match name.as_str() {
                        "put" | "set" | "setdefault" | "setProperty" | "setAttribute" | "Add"
                            if n >= 2 =>
                        {
                            if let Some(k) = key_at(n - 2) {
                                st.assign(&format!("{p}.[{k}]"), ats[n - 1].clone(), true);
                                keyed = true;
                            }
                        }
                        "get" | "getProperty" | "getAttribute" | "getOrDefault" | "pop"
                            if n >= 1
                                && st.taint.keys().any(|k| k.starts_with(&format!("{p}.["))) =>
                        {
                            let ki = if name == "getOrDefault"
                                || (name == "get"
                                    && n == 2
                                    && key_at(0).is_some()
                                    && key_at(1).is_none())
                            {
                                0
                            } else {
                                n - 1
                            };
                            if let Some(k) = key_at(ki).or_else(|| key_at(0)) {
                                result = st.lookup(&format!("{p}.[{k}]"));
                                if n > ki + 1 {
                                    result = result.join(ats[ki + 1].clone());
                                }
                                if !result.is() {
                                    // The container as a whole was tainted elsewhere; this key is not.
                                    self.cleaned.push(sp);
                                }
                                keyed = true;
                            }
                        }
                        _ => {}
                    }
                }
                if targets.is_empty() && !keyed {
                    // Collections and string builders take the taint of what is put in them;
                    // C copy functions taint their destination.
                    let any_arg = ats.iter().any(T::is);
                    if any_arg
                        && receiver.is_some()
                        && ADDERS.contains(&name.as_str())
                        && let Some(p) = receiver.and_then(|r| self.place_of(r))
                    {
                        let t = ats.iter().cloned().fold(T::default(), T::join);
                        st.assign(&p, t, false);
                    }
                    if C_COPIERS.contains(&name.as_str())
                        && ats.iter().skip(1).any(T::is)
                        && let Some(p) = args.first().and_then(|a| self.place_of(*a))
                    {
                        let mut t = ats.iter().skip(1).cloned().fold(T::default(), T::join);
                        t.trace = push(
                            &t.trace,
                            self.file(),
                            sp,
                            StepRole::Step,
                            format!("copied into {p} by {name}"),
                        );
                        st.assign(&p, t, false);
                    }
                }
                if let Some(spots) = self.spots {
                    for (m, from, to) in &spots.propagators {
                        if *m == sp {
                            let ft = self
                                .tainted
                                .iter()
                                .find(|(s, _)| s == from)
                                .map(|(_, t)| t.clone());
                            if let (Some(ft), Some(to_e)) = (ft, self.find_expr(*to))
                                && let Some(p) = self.place_of(to_e)
                            {
                                st.assign(&p, ft, false);
                            }
                        }
                    }
                }
                if !targets.is_empty() && !result.is() && !rt.is() {
                    // A known function that does not pass the taint on: what went into it does
                    // not reach a sink around the call.
                    self.cleaned.push(sp);
                }
                if result.is() && !targets.is_empty() {
                    result.trace = push(
                        &result.trace,
                        self.file(),
                        sp,
                        StepRole::Step,
                        format!("returned by {name}()"),
                    );
                }
                result
            }
        };
        self.finish(e, sp, t, st)
    }

    /// Sanitizers and sources matched at the expression itself, then records its taint.
    fn finish(&mut self, e: ExprId, sp: Span, mut t: T, st: &mut State) -> T {
        if let Some(s) = self.has(|s| &s.sanitizers, sp) {
            // What a sanitizer consumed is clean, inside it too.
            self.cleaned.push(sp);
            t = T::default();
            if s.by_side_effect
                && let Some(p) = self.place_of(e)
            {
                st.clean(&p);
            }
        } else if let Some(s) = self
            .has(|s| &s.sources, sp)
            .or_else(|| self.prefix_source(e, sp))
        {
            let src = T {
                src: true,
                params: t.params,
                trace: push(&None, self.file(), sp, StepRole::Source, "source".into()),
            };
            if s.by_side_effect
                && let Some(p) = self.place_of(e)
            {
                st.assign(&p, src.clone(), true);
                st.set_const(&p, None);
            }
            if !s.side_effect_only {
                t = src;
            }
        }
        if t.is() {
            self.tainted.push((sp, t.clone()));
        }
        t
    }

    /// A source matching the start of a member path: `process.env` inside `process.env.HOME`.
    fn prefix_source(&self, e: ExprId, sp: Span) -> Option<Spot> {
        if !matches!(self.func.expr(e).kind, ExprKind::Path(_)) {
            return None;
        }
        self.spots?
            .sources
            .iter()
            .find(|s| s.span.start == sp.start && s.span.end < sp.end)
            .copied()
    }

    fn find_expr(&self, sp: Span) -> Option<ExprId> {
        self.func
            .exprs
            .iter()
            .position(|e| e.span == sp)
            .map(|i| ExprId(i as u32))
    }

    /// Records what the out parameters hold where the function returns.
    fn note_outs(&mut self, st: &State) {
        let out = self.func.out_params;
        if out == 0 || st.dead {
            return;
        }
        for (i, p) in self.func.params.iter().enumerate().take(32) {
            if out & (1 << i) == 0 {
                continue;
            }
            let mut t = st.lookup(p);
            t.params &= !(1 << i);
            if t.is() {
                if self.outs.len() <= i {
                    self.outs.resize(i + 1, T::default());
                }
                let prev = std::mem::take(&mut self.outs[i]);
                self.outs[i] = prev.join(t);
            }
        }
    }

    /// A callee writes its caller's variables through out parameters: `f(&x)`, or `f(x)` for
    /// a C++ reference parameter.
    fn apply_outs(
        &mut self,
        callee: FuncId,
        args: &[T],
        arg_exprs: &[ExprId],
        st: &mut State,
        call: Span,
        name: &str,
    ) {
        let s = (self.summaries)(callee);
        for (pi, t) in &s.param_out {
            let Some(a) = arg_exprs.get(*pi as usize) else {
                continue;
            };
            let place = match &self.func.expr(*a).kind {
                ExprKind::Unary { op, e } if op == "&" => self.place_of(*e),
                _ => self.place_of(*a),
            };
            let Some(place) = place else { continue };
            let mut v = if t.src {
                T {
                    src: true,
                    params: 0,
                    trace: t.trace.clone(),
                }
            } else {
                T::default()
            };
            for (j, at) in args.iter().enumerate().take(32) {
                if t.params & (1 << j) != 0 {
                    v = v.join(at.clone());
                }
            }
            if v.is() {
                v.trace = push(
                    &v.trace,
                    self.file(),
                    call,
                    StepRole::Step,
                    format!("written to {place} by {name}()"),
                );
                st.assign(&place, v, false);
                st.set_const(&place, None);
            }
        }
    }

    /// Applies a callee's summary at a call site.
    fn apply(&mut self, callee: FuncId, args: &[T], call: Span, name: &str) -> T {
        let s = (self.summaries)(callee);
        let f = self.proj.func(callee);
        let shift = usize::from(
            matches!(f.params.first().map(String::as_str), Some("self" | "cls"))
                && f.params.len() > args.len(),
        );
        let mut r = T::default();
        if let Some(tr) = &s.ret_source {
            r = T {
                src: true,
                params: 0,
                trace: tr.clone(),
            };
        }
        for (i, a) in args.iter().enumerate() {
            let pi = i + shift;
            if pi < 32 && s.param_ret & (1 << pi) != 0 && a.is() {
                let mut x = a.clone();
                x.trace = push(
                    &x.trace,
                    self.file(),
                    call,
                    StepRole::Step,
                    format!("passed through {name}()"),
                );
                r = r.join(x);
            }
        }
        for (pi, sf, ssp, inner) in &s.param_sinks {
            let Some(i) = (*pi as usize).checked_sub(shift) else {
                continue;
            };
            let Some(a) = args.get(i) else {
                continue;
            };
            if !a.is() {
                continue;
            }
            let mut trace = push(
                &a.trace,
                self.file(),
                call,
                StepRole::Step,
                format!("passed to {name}()"),
            );
            for st in steps_of(inner) {
                trace = push(&trace, st.file, st.span, st.role, st.note);
            }
            if a.src {
                self.findings.push((*sf, *ssp, trace.clone()));
            }
            for j in 0..32 {
                if a.params & (1 << j) != 0 {
                    self.param_sinks.push((j, *sf, *ssp, trace.clone()));
                }
            }
        }
        r
    }

    fn lang(&self) -> Language {
        self.proj.files[self.id.0 as usize].lang
    }

    /// Whether `e` carries no taint, without evaluating it (no calls).
    fn clean_value(&self, e: ExprId, st: &State) -> bool {
        match &self.func.expr(e).kind {
            ExprKind::Lit(_) => true,
            ExprKind::Path(p) => {
                !st.lookup(p).is()
                    && self
                        .field_key(p)
                        .is_none_or(|k| self.globals.get(&k).is_none_or(|t| !t.is()))
            }
            ExprKind::List(items) | ExprKind::Other(items) => {
                items.iter().all(|x| self.clean_value(*x, st))
            }
            ExprKind::Dict(entries) => entries.iter().all(|(_, x)| self.clean_value(*x, st)),
            _ => false,
        }
    }

    /// The places a condition proves clean when it holds and when it does not: membership in
    /// or equality with untainted values (the value is then one of the program's own). Checks
    /// that only restrict the characters (`isalnum`) are not enough: the data is still the
    /// client's, which matters for trust boundaries and redirects.
    fn guard(&self, cond: ExprId, st: &State) -> (Vec<String>, Vec<String>) {
        let path = |e: ExprId| match &self.func.expr(e).kind {
            ExprKind::Path(p) => Some(p.clone()),
            _ => None,
        };
        match &self.func.expr(cond).kind {
            ExprKind::Unary { op, e } if matches!(op.as_str(), "not" | "!") => {
                let (t, f) = self.guard(*e, st);
                (f, t)
            }
            ExprKind::Binary { op, l, r } => match op.as_str() {
                "or" | "||" => {
                    let (lt, lf) = self.guard(*l, st);
                    let (rt, rf) = self.guard(*r, st);
                    let both: Vec<String> = lt.into_iter().filter(|p| rt.contains(p)).collect();
                    (both, lf.into_iter().chain(rf).collect())
                }
                "and" | "&&" => {
                    let (lt, lf) = self.guard(*l, st);
                    let (rt, rf) = self.guard(*r, st);
                    let both: Vec<String> = lf.into_iter().filter(|p| rf.contains(p)).collect();
                    (lt.into_iter().chain(rt).collect(), both)
                }
                "in" | "not in" => match path(*l) {
                    Some(p) if self.clean_value(*r, st) => {
                        if op == "in" {
                            (vec![p], Vec::new())
                        } else {
                            (Vec::new(), vec![p])
                        }
                    }
                    _ => (Vec::new(), Vec::new()),
                },
                "==" | "===" | "is" | "!=" | "!==" | "is not" => {
                    let p = match (path(*l), path(*r)) {
                        (Some(p), _) if self.clean_value(*r, st) => Some(p),
                        (_, Some(p)) if self.clean_value(*l, st) => Some(p),
                        _ => None,
                    };
                    match p {
                        Some(p) if matches!(op.as_str(), "==" | "===" | "is") => {
                            (vec![p], Vec::new())
                        }
                        Some(p) => (Vec::new(), vec![p]),
                        None => (Vec::new(), Vec::new()),
                    }
                }
                _ => (Vec::new(), Vec::new()),
            },
            _ => (Vec::new(), Vec::new()),
        }
    }

    /// Checks the sinks inside a simple statement against what it tainted.
    fn check_sinks(&mut self, sp: Span, from: usize) {
        let Some(spots) = self.spots else {
            return;
        };
        for sink in spots.sinks.iter().filter(|s| sp.contains(&s.span)) {
            let inside = |s: &Span| {
                if sink.exact {
                    *s == sink.span
                } else {
                    sink.span.contains(s)
                }
            };
            let cleaned: Vec<Span> = self
                .cleaned
                .iter()
                .copied()
                .filter(|z| sink.span.contains(z))
                .collect();
            let hits: Vec<T> = self.tainted[from..]
                .iter()
                .filter(|(s, _)| inside(s) && !cleaned.iter().any(|z| z.contains(s)))
                .map(|(_, t)| t.clone())
                .collect();
            if let Some(t) = hits.iter().find(|t| t.src) {
                let trace = push(
                    &t.trace,
                    self.file(),
                    sink.span,
                    StepRole::Sink,
                    "sink".into(),
                );
                self.findings.push((self.file(), sink.span, trace));
            }
            let mut seen = 0u32;
            for t in &hits {
                for j in 0..32 {
                    if t.params & (1 << j) != 0 && seen & (1 << j) == 0 {
                        seen |= 1 << j;
                        let trace = push(
                            &t.trace,
                            self.file(),
                            sink.span,
                            StepRole::Sink,
                            "sink".into(),
                        );
                        self.param_sinks.push((j, self.file(), sink.span, trace));
                    }
                }
            }
        }
    }

    fn simple(&mut self, e: ExprId, sp: Span, st: &mut State) -> T {
        let from = self.tainted.len();
        let cleaned_from = self.cleaned.len();
        let t = self.expr(e, st);
        self.check_sinks(sp, from);
        self.tainted.truncate(from);
        self.cleaned.truncate(cleaned_from);
        t
    }

    fn stmt(&mut self, s: StmtId, st: &mut State) {
        if st.dead || self.exhausted {
            return;
        }
        let stmt = self.func.stmt(s);
        let sp = stmt.span;
        match &stmt.kind {
            StmtKind::Nop => {}
            StmtKind::Seq(items) => {
                for i in items.clone() {
                    if st.dead {
                        break;
                    }
                    self.stmt(i, st);
                }
            }
            StmtKind::Expr(e) => {
                let esp = self.func.expr(*e).span;
                self.simple(*e, esp, st);
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    let t = self.simple(*v, sp, st);
                    let r = std::mem::take(&mut self.ret);
                    self.ret = r.join(t);
                }
                self.note_outs(st);
                st.dead = true;
            }
            StmtKind::If { cond, then, els } => {
                let csp = self.func.expr(*cond).span;
                self.simple(*cond, csp, st);
                match self.const_of(*cond, st) {
                    Some(c) if c.truthy() => self.stmt(*then, st),
                    Some(_) => {
                        if let Some(e) = els {
                            self.stmt(*e, st);
                        }
                    }
                    None => {
                        // Allow-list checks clean the value they test on the branch where they
                        // hold (`x in ALLOWED`, `x == "a"`).
                        let (when_true, when_false) = if self.lang() == Language::Python {
                            self.guard(*cond, st)
                        } else {
                            (Vec::new(), Vec::new())
                        };
                        let mut a = st.clone();
                        for p in &when_true {
                            a.clean(p);
                        }
                        self.stmt(*then, &mut a);
                        let mut b = st.clone();
                        for p in &when_false {
                            b.clean(p);
                        }
                        if let Some(e) = els {
                            self.stmt(*e, &mut b);
                        }
                        *st = a.join(b);
                    }
                }
            }
            StmtKind::Choice { alts, may_skip } => {
                let base = st.clone();
                let mut acc: Option<State> = if *may_skip { Some(base.clone()) } else { None };
                for a in alts.clone() {
                    let mut x = base.clone();
                    self.stmt(a, &mut x);
                    acc = Some(match acc {
                        None => x,
                        Some(prev) => prev.join(x),
                    });
                }
                if let Some(a) = acc {
                    *st = a;
                }
            }
            StmtKind::Loop {
                bind,
                iter,
                cond,
                body,
            } => {
                let it = iter.map(|i| {
                    let isp = self.func.expr(i).span;
                    self.simple(i, isp, st)
                });
                // A condition that holds on entry (`for (i = 0; i < 1; i++)`) runs the body at
                // least once: the path that skips the loop does not exist.
                let mut runs_once = false;
                if let Some(c) = cond {
                    let csp = self.func.expr(*c).span;
                    self.simple(*c, csp, st);
                    match self.const_of(*c, st) {
                        Some(c) if !c.truthy() => return,
                        Some(_) => runs_once = iter.is_none(),
                        None => {}
                    }
                }
                let entry = st.clone();
                let mut cur = st.clone();
                let mut ran: Option<State> = None;
                for _ in 0..2 {
                    let mut x = cur.clone();
                    x.dead = false;
                    if let Some(t) = &it {
                        for b in bind {
                            st.consts.remove(b);
                            x.assign(b, t.clone(), true);
                        }
                    }
                    for b in bind {
                        x.set_const(b, None);
                    }
                    self.stmt(*body, &mut x);
                    x.dead = false;
                    if runs_once {
                        ran = Some(match ran.take() {
                            Some(r) => r.join(x.clone()),
                            None => x.clone(),
                        });
                        cur = x;
                    } else {
                        cur = cur.join(x);
                    }
                }
                *st = match ran {
                    Some(r) => r,
                    None => entry.join(cur),
                };
            }
        }
    }
}

/// Evaluates one function for one rule (or none), returning its summary and findings.
fn evaluate(
    proj: &Project<'_>,
    id: FuncId,
    rule: Option<usize>,
    summaries: &dyn Fn(FuncId) -> Summary,
    globals: &HashMap<String, T>,
) -> Evaluated {
    let file = &proj.files[id.0 as usize];
    let func = proj.func(id);
    let spots = rule.and_then(|r| file.rules.iter().find(|(ri, _)| *ri == r).map(|(_, s)| s));
    let mut ev = Eval {
        proj,
        id,
        func,
        spots,
        summaries,
        ret: T::default(),
        tainted: Vec::new(),
        cleaned: Vec::new(),
        findings: Vec::new(),
        param_sinks: Vec::new(),
        steps: 0,
        exhausted: false,
        globals,
        global_writes: Vec::new(),
        closure_arg: T::default(),
        outs: Vec::new(),
    };
    let mut st = State::default();
    for (i, p) in func.params.iter().enumerate().take(32) {
        let src = spots.is_some_and(|s| s.sources.iter().any(|x| x.span == func.param_spans[i]));
        let t = T {
            src,
            params: 1 << i,
            trace: push(
                &None,
                id.0,
                func.param_spans[i],
                if src {
                    StepRole::Source
                } else {
                    StepRole::Step
                },
                if src {
                    "source (parameter)".into()
                } else {
                    format!("parameter {p}")
                },
            ),
        };
        st.assign(p, t, true);
    }
    ev.stmt(func.body, &mut st);
    ev.note_outs(&st);
    let ret = ev.ret.clone();
    let param_out: Vec<(u32, T)> = ev
        .outs
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is())
        .map(|(i, t)| (i as u32, t.clone()))
        .collect();
    let mut param_sinks = ev.param_sinks;
    param_sinks.sort_by_key(|(p, f, s, _)| (*p, *f, s.start, s.end));
    param_sinks.dedup_by_key(|(p, f, s, _)| (*p, *f, *s));
    let summary = Summary {
        param_ret: ret.params,
        ret_source: if ret.src {
            Some(ret.trace.clone())
        } else {
            None
        },
        param_sinks,
        param_out,
    };
    Evaluated {
        summary,
        findings: ev.findings,
        exhausted: ev.exhausted,
        global_writes: ev.global_writes,
    }
}

/// What evaluating one function produced.
struct Evaluated {
    summary: Summary,
    findings: Vec<(u32, Span, Option<Arc<TNode>>)>,
    exhausted: bool,
    global_writes: Vec<(String, T)>,
}

/// What [`run`] found.
pub(crate) struct RunOut {
    /// Every discovery: a function's evaluation reaching a sink (not deduplicated across
    /// functions, so that the results of a partial run can be merged with earlier ones).
    pub(crate) findings: Vec<TaintFinding>,
    /// Budget notes, `path: text`.
    pub(crate) notes: Vec<String>,
    /// The files whose functions were evaluated for findings.
    pub(crate) affected: Vec<bool>,
    /// Per rule, the fields and globals that carry its taint.
    pub(crate) globals: Vec<(usize, Vec<GlobalWrite>)>,
}

/// Whether `f` assigns a place that is not one of its locals (a field or a global).
fn writes_outside(f: &FuncIr) -> bool {
    f.exprs.iter().any(|e| {
        matches!(&e.kind, ExprKind::Assign { places, .. }
            if places.iter().any(|(p, _)| !f.locals.contains(p.split('.').next().unwrap_or(p))))
    })
}

/// Every function reachable from `start` through resolved calls (`start` included).
fn callee_closure(
    start: impl IntoIterator<Item = FuncId>,
    callees: &HashMap<FuncId, Vec<FuncId>>,
) -> HashSet<FuncId> {
    let mut seen: HashSet<FuncId> = HashSet::new();
    let mut stack: Vec<FuncId> = start.into_iter().collect();
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(callees.get(&id).into_iter().flatten().copied());
        }
    }
    seen
}

/// Runs every rule over the project. With `seeds` (one flag per file: the files that changed,
/// or whose calls may now resolve differently), only the files a change can affect are
/// analysed for findings: the seeds and, transitively, the files calling into them. Their
/// callees' summaries are recomputed from the IR (they only depend on the callees), and so are
/// the fields and globals every rule's taint reaches; the caller compares those with the last
/// run's and falls back to a full run when they changed.
pub(crate) fn run(
    files: &[TaintFile],
    rules: &[usize],
    scope: crate::Scope,
    seeds: Option<&[bool]>,
    prior: &HashMap<usize, Vec<GlobalWrite>>,
) -> RunOut {
    let proj = Project::new(files, scope == crate::Scope::Interprocedural);
    // Callers and callees, for the demand-driven per-rule pass.
    let mut callers: HashMap<FuncId, Vec<FuncId>> = HashMap::new();
    let mut callees: HashMap<FuncId, Vec<FuncId>> = HashMap::new();
    for ((caller, _), ts) in &proj.targets {
        for t in ts {
            callers.entry(*t).or_default().push(*caller);
            callees.entry(*caller).or_default().push(*t);
        }
    }
    for v in callers.values_mut().chain(callees.values_mut()) {
        v.sort_unstable();
        v.dedup();
    }
    let affected: Vec<bool> = match seeds {
        None => vec![true; files.len()],
        Some(seeds) => {
            // The seeds and every file that (transitively) calls into one.
            let mut file_callers: HashMap<u32, HashSet<u32>> = HashMap::new();
            for (callee, cs) in &callers {
                for c in cs {
                    file_callers.entry(callee.0).or_default().insert(c.0);
                }
            }
            let mut aff = seeds.to_vec();
            aff.resize(files.len(), false);
            let mut stack: Vec<u32> = (0..files.len() as u32)
                .filter(|i| aff[*i as usize])
                .collect();
            while let Some(f) = stack.pop() {
                for c in file_callers.get(&f).into_iter().flatten() {
                    if !aff[*c as usize] {
                        aff[*c as usize] = true;
                        stack.push(*c);
                    }
                }
            }
            aff
        }
    };
    let funcs_of = |fi: usize| (0..files[fi].funcs.funcs.len()).map(move |i| (fi as u32, i as u32));
    // The functions whose summaries a partial run needs: the callees of the affected files'
    // functions. (Writers of fields and globals elsewhere are not evaluated: their writes
    // come from the last run, `prior`.)
    let relevant: Option<HashSet<FuncId>> = seeds.map(|_| {
        callee_closure(
            (0..files.len())
                .filter(|fi| affected[*fi])
                .flat_map(funcs_of),
            &callees,
        )
    });
    // Writers of fields and globals (only the affected files' are evaluated).
    let writers: HashSet<FuncId> = (0..files.len())
        .filter(|fi| affected[*fi])
        .flat_map(funcs_of)
        .filter(|id| writes_outside(proj.func(*id)))
        .collect();
    // Generic summaries: parameter-to-return flows with no rule's sources or sinks, to a
    // fixpoint (bounded), each round in parallel.
    // Only functions that some call reaches need a summary.
    let called: HashSet<FuncId> = proj.targets.values().flatten().copied().collect();
    let all: Vec<FuncId> = (0..files.len())
        .flat_map(funcs_of)
        .filter(|id| called.contains(id))
        .filter(|id| relevant.as_ref().is_none_or(|r| r.contains(id)))
        .collect();
    let no_globals = HashMap::new();
    let mut generic: HashMap<FuncId, Summary> = HashMap::new();
    for _ in 0..4 {
        let g = &generic;
        let lookup = |id: FuncId| g.get(&id).cloned().unwrap_or_default();
        let next: Vec<(FuncId, Summary)> = all
            .par_iter()
            .map(|id| {
                (
                    *id,
                    evaluate(&proj, *id, None, &lookup, &no_globals).summary,
                )
            })
            .collect();
        let changed = next.iter().any(|(id, s)| generic.get(id) != Some(s));
        generic = next.into_iter().collect();
        if !changed {
            break;
        }
    }
    let results: Vec<RuleOut> = rules
        .par_iter()
        .map(|&rule| {
            let limit = relevant.as_ref().map(|set| (affected.as_slice(), set));
            let prior = if seeds.is_some() {
                prior.get(&rule).map_or(&[][..], Vec::as_slice)
            } else {
                &[]
            };
            run_rule(
                &proj, rule, &generic, &callers, &callees, limit, &writers, prior,
            )
        })
        .collect();
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    let mut globals = Vec::new();
    for (rule, r) in rules.iter().zip(results) {
        findings.extend(r.findings);
        notes.extend(r.notes);
        globals.push((*rule, r.globals));
    }
    notes.sort();
    notes.dedup();
    RunOut {
        findings,
        notes,
        affected,
        globals,
    }
}

/// What one rule's run found.
struct RuleOut {
    findings: Vec<TaintFinding>,
    notes: Vec<String>,
    globals: Vec<GlobalWrite>,
}

/// Rebuilds a trace from its steps.
fn trace_of(steps: &[Step]) -> Option<Arc<TNode>> {
    let mut t = None;
    for s in steps {
        t = push(&t, s.file, s.span, s.role, s.note.clone());
    }
    t
}

/// A function's summary for the rule being run: its rule-specific one if it has one, else the
/// generic one.
fn summary_of(
    specific: &HashMap<FuncId, Summary>,
    generic: &HashMap<FuncId, Summary>,
    id: FuncId,
) -> Summary {
    specific
        .get(&id)
        .or_else(|| generic.get(&id))
        .cloned()
        .unwrap_or_default()
}

/// Runs one rule. With `limit` (the affected files, and the functions whose summaries they
/// need), only those summaries are computed, only the affected files' functions are evaluated
/// for findings, and only their writes to fields and globals are computed; the other writes
/// are `prior`'s. `writers` are the functions that assign a field or global.
#[allow(clippy::too_many_arguments)]
fn run_rule(
    proj: &Project<'_>,
    rule: usize,
    generic: &HashMap<FuncId, Summary>,
    callers: &HashMap<FuncId, Vec<FuncId>>,
    callees: &HashMap<FuncId, Vec<FuncId>>,
    limit: Option<(&[bool], &HashSet<FuncId>)>,
    writers: &HashSet<FuncId>,
    prior: &[GlobalWrite],
) -> RuleOut {
    let within = |id: &FuncId| limit.is_none_or(|(_, set)| set.contains(id));
    let mut specific: HashMap<FuncId, Summary> = HashMap::new();
    let mut queue: VecDeque<FuncId> = VecDeque::new();
    let mut queued: HashSet<FuncId> = HashSet::new();
    // Start from the functions of files where the rule matched anything (a source, sink,
    // sanitizer or propagator: only there can a summary differ from the generic one), and
    // everything they call (transitively), callees first so that their summaries are ready.
    // Any other function whose summary changes is reached as a caller of one of these.
    let mut roots = Vec::new();
    for (fi, f) in proj.files.iter().enumerate() {
        if f.rules.iter().any(|(r, _)| *r == rule) {
            for i in 0..f.funcs.funcs.len() {
                let id = (fi as u32, i as u32);
                if within(&id) {
                    roots.push(id);
                }
            }
        }
    }
    let mut order = Vec::new();
    let mut seen: HashSet<FuncId> = HashSet::new();
    for r in roots {
        // Iterative post-order DFS over callees.
        let mut stack = vec![(r, false)];
        while let Some((id, done)) = stack.pop() {
            if done {
                order.push(id);
                continue;
            }
            if !seen.insert(id) {
                continue;
            }
            stack.push((id, true));
            for c in callees.get(&id).into_iter().flatten() {
                if !seen.contains(c) {
                    stack.push((*c, false));
                }
            }
        }
    }
    for id in order {
        queue.push_back(id);
        queued.insert(id);
    }
    let mut visits: HashMap<FuncId, u32> = HashMap::new();
    let mut touched: HashSet<FuncId> = queued.clone();
    // Taint in fields and globals, and the function that wrote it (when several do, the first
    // by path wins, so that a partial run keeps the same one).
    let mut globals: HashMap<String, T> = HashMap::new();
    let mut written_by: HashMap<String, FuncId> = HashMap::new();
    let order = |id: FuncId| (proj.files[id.0 as usize].path.as_str(), id.1);
    for g in prior {
        if limit.is_some_and(|(files, _)| files[g.writer.0 as usize]) {
            // Its writer is analysed again.
            continue;
        }
        globals.insert(
            g.key.clone(),
            T {
                src: g.src,
                params: g.params,
                trace: trace_of(&g.steps),
            },
        );
        written_by.insert(g.key.clone(), g.writer);
    }
    // Functions of files where this rule matched anything, for global (field) writes.
    let spotted: Vec<FuncId> = proj
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.rules.iter().any(|(r, _)| *r == rule))
        .flat_map(|(fi, f)| (0..f.funcs.funcs.len()).map(move |i| (fi as u32, i as u32)))
        .collect();
    let rounds = if proj.inter { 3 } else { 1 };
    for round in 0..rounds {
        while let Some(id) = queue.pop_front() {
            queued.remove(&id);
            let n = visits.entry(id).or_default();
            *n += 1;
            if *n > 6 + 3 * round {
                continue;
            }
            let lookup = |c: FuncId| summary_of(&specific, generic, c);
            let s = evaluate(proj, id, Some(rule), &lookup, &globals).summary;
            let old = summary_of(&specific, generic, id);
            if s != old {
                specific.insert(id, s);
                for c in callers.get(&id).into_iter().flatten().filter(|c| within(c)) {
                    touched.insert(*c);
                    if queued.insert(*c) {
                        queue.push_back(*c);
                    }
                }
            }
        }
        // Taint written to fields and globals by any function reaches every reader.
        let lookup = |c: FuncId| summary_of(&specific, generic, c);
        let mut grew = false;
        let mut writes = Vec::new();
        for id in &spotted {
            if !writers.contains(id) || limit.is_some_and(|(files, _)| !files[id.0 as usize]) {
                continue;
            }
            for (k, t) in evaluate(proj, *id, Some(rule), &lookup, &globals).global_writes {
                writes.push((k, t, *id));
            }
        }
        for (k, t, id) in writes {
            match written_by.get(&k) {
                None => {
                    grew = true;
                    globals.insert(k.clone(), t);
                    written_by.insert(k, id);
                }
                Some(w) if order(id) < order(*w) => {
                    globals.insert(k.clone(), t);
                    written_by.insert(k, id);
                }
                Some(_) => {}
            }
        }
        if !grew || !proj.inter {
            break;
        }
        let names: HashSet<&str> = globals
            .keys()
            .map(|k| k.rsplit('.').next().unwrap_or(k))
            .collect();
        for id in spotted.iter().filter(|id| within(id)) {
            let f = proj.func(*id);
            let reads = f.exprs.iter().any(|e| {
                matches!(&e.kind, ExprKind::Path(p) if names.contains(p.rsplit('.').next().unwrap_or(p)))
            });
            if reads {
                touched.insert(*id);
                visits.remove(id);
                if queued.insert(*id) {
                    queue.push_back(*id);
                }
            }
        }
    }
    let lookup = |c: FuncId| summary_of(&specific, generic, c);
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut touched: Vec<FuncId> = touched
        .into_iter()
        .filter(|id| limit.is_none_or(|(files, _)| files[id.0 as usize]))
        .collect();
    touched.sort();
    for id in touched {
        // A sink reached twice from one function is one discovery; across functions they are
        // kept, and the caller deduplicates.
        let mut seen: HashSet<(u32, Span)> = HashSet::new();
        let Evaluated {
            findings,
            exhausted,
            ..
        } = evaluate(proj, id, Some(rule), &lookup, &globals);
        if exhausted {
            let f = proj.func(id);
            notes.push(format!(
                "{}: function `{}` exceeded the dataflow budget of {} steps; its taint findings may be incomplete",
                proj.files[id.0 as usize].path, f.name, STEPS_PER_FUNCTION
            ));
        }
        for (file, sink, trace) in findings {
            if seen.insert((file, sink)) {
                out.push(TaintFinding {
                    rule,
                    file,
                    sink,
                    steps: steps_of(&trace),
                    found_by: id,
                });
            }
        }
    }
    let mut globals: Vec<GlobalWrite> = globals
        .into_iter()
        .map(|(k, t)| GlobalWrite {
            writer: written_by[&k],
            src: t.src,
            params: t.params,
            steps: steps_of(&t.trace),
            key: k,
        })
        .collect();
    globals.sort_by(|a, b| a.key.cmp(&b.key));
    RuleOut {
        findings: out,
        notes,
        globals,
    }
}
