//! Project-wide facts and call resolution: the function index by name, file, class and
//! scope, resolved call targets, and project constants.

use std::collections::HashMap;

use rayon::prelude::*;

use super::FuncId;
use crate::TaintFile;
use crate::ir::{Const, ExprId, ExprKind, FuncIr};

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
    pub(super) fn call_targets(&self, id: FuncId, e: ExprId) -> &[FuncId] {
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
