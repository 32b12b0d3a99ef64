//! Project-wide facts and call resolution: the function index by name, file, class and
//! scope, resolved call targets, and project constants.
//!
//! A call resolves by what is known of its receiver ([`Recv`]), never by its bare name alone:
//! a name the file imports from a module is that module's function (none when the module
//! is not in the project: a library call keeps its library model); a method call reaches a
//! project method only when the receiver's class is known (`this`, a declared type, a
//! constructor call, a field's type) and then every override and implementation below it
//! in the class hierarchy ([`Hierarchy`]); a receiver of unknown type reaches no method, only
//! a module function when the receiver is a name that is no local; a plain call reaches
//! the caller's own class (languages with an implicit `this`), then module functions of the
//! same file, namespace, or project.

use std::collections::HashMap;

use rayon::prelude::*;

use super::FuncId;
use super::hierarchy::Hierarchy;
use crate::TaintFile;
use crate::ir::{Const, ExprId, ExprKind, FuncIr, Recv, StmtKind};

/// Project-wide facts: function index, callers, constants.
pub(crate) struct Project<'a> {
    pub(crate) files: &'a [TaintFile],
    by_name: HashMap<&'a str, Vec<FuncId>>,
    by_file_name: HashMap<(u32, &'a str), Vec<FuncId>>,
    by_class_name: HashMap<(&'a str, &'a str), Vec<FuncId>>,
    by_scope_name: HashMap<(&'a str, &'a str), Vec<FuncId>>,
    consts: HashMap<String, Option<Const>>,
    /// Resolved call targets per (function, call expression).
    pub(super) targets: HashMap<(FuncId, u32), Vec<FuncId>>,
    /// Whether taint crosses functions (summaries, fields and globals).
    pub(super) inter: bool,
    /// Per file: its directory.
    dirs: Vec<&'a str>,
    /// Per file: its module path (no extension, `__init__` and `index` dropped) and that
    /// path's directory.
    stems: Vec<(&'a str, &'a str)>,
    /// The class hierarchy.
    hier: Hierarchy<'a>,
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
            hier: Hierarchy::new(files),
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
                            recv,
                            qualifier,
                            ..
                        } => {
                            let t = proj.resolve(*id, name, args.len(), recv, qualifier.as_deref());
                            (!t.is_empty()).then_some(((*id, ei as u32), t))
                        }
                        _ => None,
                    })
                    .chain(proj.callbacks(*id))
            })
            .collect();
        proj.targets = targets.into_iter().collect();
        proj
    }

    /// The functions passed by name to the calls of function `id`, keyed by the argument's
    /// expression (see [`Project::callback_targets`]).
    fn callbacks(&self, id: FuncId) -> Vec<((FuncId, u32), Vec<FuncId>)> {
        let f = self.func(id);
        let mut out = Vec::new();
        if !functions_are_values(self.files[id.0 as usize].lang) {
            return out;
        }
        for e in &f.exprs {
            let ExprKind::Call { args, .. } = &e.kind else {
                continue;
            };
            for a in args {
                let Some(ExprKind::Path(p)) = f.exprs.get(a.0 as usize).map(|x| &x.kind) else {
                    continue;
                };
                let t = self.callback_targets(id, p);
                if !t.is_empty() {
                    out.push(((id, a.0), t));
                }
            }
        }
        out
    }

    /// The resolved targets of call expression `e` in function `id`.
    pub(super) fn call_targets(&self, id: FuncId, e: ExprId) -> &[FuncId] {
        self.targets.get(&(id, e.0)).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn func(&self, id: FuncId) -> &'a FuncIr {
        &self.files[id.0 as usize].funcs.funcs[id.1 as usize]
    }

    fn dir_of(&self, file: u32) -> &str {
        self.dirs[file as usize]
    }

    /// The functions a call may reach. Empty when unknown (then taint flows through by default
    /// and library models apply).
    fn resolve(
        &self,
        caller: FuncId,
        name: &str,
        nargs: usize,
        recv: &Recv,
        qualifier: Option<&str>,
    ) -> Vec<FuncId> {
        // Through the caller's imports: `from util import wrap`, `import helpers.utils as u`,
        // `from util import wrap as w` (then `w` calls `wrap`).
        let imported = self.imported_module(caller, name, qualifier);
        let name = match (&imported, qualifier) {
            (Some((_, orig)), None) => orig.as_str(),
            _ => name,
        };
        let Some(cands) = self.by_name.get(name) else {
            return Vec::new();
        };
        let fits = |id: &FuncId| self.fits(*id, nargs);
        if let Some((m, _)) = &imported {
            let in_module: Vec<FuncId> = cands
                .iter()
                .copied()
                .filter(|id| self.in_module(id.0, m))
                .collect();
            // Nothing of that name in the module or its package: a library module.
            return in_module;
        }
        let caller_class = self.func(caller).class.as_deref();
        let lang = self.files[caller.0 as usize].lang;
        let methods = |c: &str, below: bool| -> Vec<FuncId> {
            self.dispatch(c, name, below)
                .into_iter()
                .filter(fits)
                .collect()
        };
        match recv {
            // `new C(...)`, `C(...)`: the constructors named after class `C`.
            Recv::None if self.hier.is_class(name) => {
                let ctors: Vec<FuncId> = self
                    .by_class_name
                    .get(&(name, name))
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(fits)
                    .collect();
                self.nearest(caller, ctors)
            }
            // A local name (a parameter, a variable) shadows the functions of the module:
            // only a function bound to that local, inside the caller, can be called.
            Recv::None if functions_are_values(lang) && self.func(caller).locals.contains(name) => {
                self.bound_inside(caller, name, nargs)
            }
            Recv::None => {
                if let Some(c) = caller_class
                    && crate::ir::implicit_this(lang)
                {
                    let own = methods(c, true);
                    if !own.is_empty() {
                        return own;
                    }
                }
                self.module_function(caller, name, cands, nargs, false)
            }
            Recv::This => match caller_class {
                Some(c) => methods(c, true),
                // `this` outside a class (an object literal, a prototype function).
                None => self.same_file(caller, name, nargs, true),
            },
            Recv::Static(c) if self.hier.is_class(c) => methods(c, false),
            Recv::Static(c) => self
                .by_scope_name
                .get(&(c.as_str(), name))
                .into_iter()
                .flatten()
                .copied()
                .filter(fits)
                .collect(),
            Recv::Exact(c) if self.hier.is_class(c) => methods(c, false),
            Recv::Declared(t) => self.declared(t, name, nargs, lang),
            Recv::Field(f) => match caller_class.and_then(|c| self.hier.field_type(c, f)) {
                Some(t) => self.declared(t, name, nargs, lang),
                None => self.unknown_receiver(caller, name, cands, nargs, qualifier),
            },
            Recv::Exact(_) | Recv::Unknown => {
                self.unknown_receiver(caller, name, cands, nargs, qualifier)
            }
        }
    }

    /// Functions named `name` of the caller's file defined inside the caller (a closure or
    /// function expression bound to a local of that name).
    fn bound_inside(&self, caller: FuncId, name: &str, nargs: usize) -> Vec<FuncId> {
        let outer = self.func(caller).span;
        self.same_file(caller, name, nargs, false)
            .into_iter()
            .filter(|id| {
                let s = self.func(*id).span;
                *id != caller && outer.start <= s.start && s.end <= outer.end
            })
            .collect()
    }

    /// The functions a plain name passed as an argument refers to (`xs.forEach(handle)`,
    /// `p.then(onData)`): a function bound to a local of the caller, a function the file
    /// imports, or a module function of the caller's file. Only in languages where a
    /// function's name is a value (JavaScript, TypeScript); a local that is not bound to a
    /// function inside the caller (a parameter, a variable) refers to none.
    pub(super) fn callback_targets(&self, caller: FuncId, name: &str) -> Vec<FuncId> {
        let lang = self.files[caller.0 as usize].lang;
        if !functions_are_values(lang) || name.contains('.') {
            return Vec::new();
        }
        if self.func(caller).locals.contains(name) {
            return self.bound_inside(caller, name, 1);
        }
        if let Some((m, orig)) = self.imported_module(caller, name, None) {
            return self
                .by_name
                .get(orig.as_str())
                .into_iter()
                .flatten()
                .copied()
                .filter(|id| {
                    self.in_module(id.0, &m) && self.func(*id).class.is_none() && self.fits(*id, 1)
                })
                .collect();
        }
        self.same_file(caller, name, 1, false)
    }

    /// Whether function `id` can take `nargs` arguments (a leading `self` or `cls` aside).
    fn fits(&self, id: FuncId, nargs: usize) -> bool {
        let f = self.func(id);
        let n = f.params.len()
            - usize::from(matches!(
                f.params.first().map(String::as_str),
                Some("self" | "cls")
            ));
        n == nargs
            || (f.params.len() >= nargs && f.params.len() <= nargs + 2)
            || (f.variadic && nargs >= n.saturating_sub(1))
    }

    /// The module an import binds for a call, as a dotted path, and the name the module
    /// defines: through the qualifier's head (`u` in `u.f()`) or the called name itself
    /// (`from util import wrap as w`: `util`, `wrap`).
    fn imported_module(
        &self,
        caller: FuncId,
        name: &str,
        q: Option<&str>,
    ) -> Option<(String, String)> {
        let imports = &self.files[caller.0 as usize].funcs.imports;
        match q {
            Some(q) => {
                let (head, rest) = q.split_once('.').map_or((q, ""), |(h, r)| (h, r));
                if self.func(caller).locals.contains(head) {
                    return None;
                }
                imports.get(head).map(|m| {
                    let m = if rest.is_empty() {
                        m.clone()
                    } else {
                        format!("{m}.{rest}")
                    };
                    (m, name.to_string())
                })
            }
            None => imports.get(name).and_then(|full| {
                full.rsplit_once('.')
                    .map(|(m, orig)| (m.to_string(), orig.to_string()))
            }),
        }
    }

    /// Whether file `fi` is module `m` (dotted) or in its package (Go: a package is a
    /// directory; Python: a name a package re-exports is defined below it), matching the
    /// module's last segments (at least two when it has two) with the file's path.
    fn in_module(&self, fi: u32, m: &str) -> bool {
        let (stem, dir) = &self.stems[fi as usize];
        module_suffixes(m).into_iter().any(|suffix| {
            let slashed = format!("/{suffix}");
            let below = format!("/{suffix}/");
            *stem == suffix
                || stem.ends_with(&slashed)
                || *dir == suffix
                || dir.ends_with(&slashed)
                || stem.starts_with(&below[1..])
                || stem.contains(&below)
        })
    }

    /// A call to a module function `name` (no method: a method needs a receiver): the
    /// caller's file first, then its namespace, then the project when the name is rare
    /// enough (one definition, or up to four in the caller's directory).
    fn module_function(
        &self,
        caller: FuncId,
        name: &str,
        cands: &[FuncId],
        nargs: usize,
        qualified: bool,
    ) -> Vec<FuncId> {
        let same_file = self.same_file(caller, name, nargs, false);
        if !same_file.is_empty() {
            return same_file;
        }
        // An unqualified call inside a namespace: that namespace's functions, in any file.
        if !qualified && let Some(sc) = self.func(caller).scope.as_deref() {
            let same_scope: Vec<FuncId> = self
                .by_scope_name
                .get(&(sc, name))
                .into_iter()
                .flatten()
                .copied()
                .filter(|id| self.fits(*id, nargs))
                .collect();
            if !same_scope.is_empty() && same_scope.len() <= 4 {
                return same_scope;
            }
        }
        if cands.len() > 64 {
            return Vec::new();
        }
        let c: Vec<FuncId> = cands
            .iter()
            .copied()
            .filter(|id| self.func(*id).class.is_none() && self.fits(*id, nargs))
            .collect();
        self.nearest(caller, c)
    }

    /// One candidate, or those in the caller's directory when there are more (at most four).
    fn nearest(&self, caller: FuncId, mut c: Vec<FuncId>) -> Vec<FuncId> {
        if c.len() <= 1 {
            return c;
        }
        let dir = self.dir_of(caller.0);
        c.retain(|id| self.dir_of(id.0) == dir);
        if c.len() <= 4 { c } else { Vec::new() }
    }

    /// Functions named `name` in the caller's file: module functions, and with `methods`
    /// methods too.
    fn same_file(&self, caller: FuncId, name: &str, nargs: usize, methods: bool) -> Vec<FuncId> {
        self.by_file_name
            .get(&(caller.0, name))
            .into_iter()
            .flatten()
            .copied()
            .filter(|id| (methods || self.func(*id).class.is_none()) && self.fits(*id, nargs))
            .collect()
    }

    /// A method call on a receiver of unknown class reaches no project method. When the
    /// receiver is a name that is no local of the caller (a module, package or namespace:
    /// `pkg.F()`, `ns::f()`), it may reach a module function.
    fn unknown_receiver(
        &self,
        caller: FuncId,
        name: &str,
        cands: &[FuncId],
        nargs: usize,
        qualifier: Option<&str>,
    ) -> Vec<FuncId> {
        let Some(q) = qualifier else {
            return Vec::new();
        };
        let head = q.split('.').next().unwrap_or(q);
        let f = self.func(caller);
        if f.locals.contains(head) || matches!(head, "this" | "self" | "$this") {
            return Vec::new();
        }
        self.module_function(caller, name, cands, nargs, true)
    }

    /// Methods named `name` that a receiver of class `c` may run: `c`'s own or the nearest
    /// supertype's, and with `below`, every override and implementation in the subclasses
    /// (class-hierarchy analysis). Methods without a body (abstract, interface) are left out.
    fn dispatch(&self, c: &str, name: &str, below: bool) -> Vec<FuncId> {
        let of = |k: &str| -> Vec<FuncId> {
            self.by_class_name
                .get(&(k, name))
                .into_iter()
                .flatten()
                .copied()
                .filter(|id| {
                    let f = self.func(*id);
                    !matches!(f.stmt(f.body).kind, StmtKind::Nop)
                })
                .collect()
        };
        let mut out: Vec<FuncId> = self
            .hier
            .up(c)
            .into_iter()
            .map(of)
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if below {
            for s in self.hier.down(c) {
                out.extend(of(s));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A receiver declared with type `t`: that class's methods and overrides below it; a
    /// type the project does not define is a library type. Go interfaces are satisfied
    /// without a declaration: an exported type of the caller's own package (unqualified and
    /// capitalised; library types are always qualified) that has no method is taken as an
    /// interface, which every project method of that name may implement.
    fn declared(
        &self,
        t: &str,
        name: &str,
        nargs: usize,
        lang: ferret_lang::Language,
    ) -> Vec<FuncId> {
        let last = t.rsplit('.').next().unwrap_or(t);
        if self.hier.is_class(last) {
            return self
                .dispatch(last, name, true)
                .into_iter()
                .filter(|id| self.fits(*id, nargs))
                .collect();
        }
        if lang == ferret_lang::Language::Go
            && !t.contains('.')
            && last.starts_with(char::is_uppercase)
        {
            let all: Vec<FuncId> = self
                .by_name
                .get(name)
                .into_iter()
                .flatten()
                .copied()
                .filter(|id| self.func(*id).class.is_some() && self.fits(*id, nargs))
                .collect();
            if all.len() <= 8 {
                return all;
            }
        }
        Vec::new()
    }

    pub(super) fn constant(&self, file: u32, func: &FuncIr, name: &str) -> Option<Const> {
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

/// Whether a function's name is a value that locals shadow and arguments pass around.
fn functions_are_values(lang: ferret_lang::Language) -> bool {
    matches!(
        lang,
        ferret_lang::Language::JavaScript
            | ferret_lang::Language::TypeScript
            | ferret_lang::Language::Tsx
    )
}

/// The dotted module `m` as slashed path suffixes to look for: the whole path, then without
/// leading segments down to its last two (a Go module path or a Java package names more than
/// the project's folders do).
fn module_suffixes(m: &str) -> Vec<String> {
    let parts: Vec<&str> = m.split('.').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Vec::new();
    }
    let keep = parts.len().min(2);
    (0..=parts.len() - keep)
        .map(|i| parts[i..].join("/"))
        .collect()
}
