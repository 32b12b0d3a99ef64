//! The evaluator: walks one function's IR for one rule (or none), propagating taint
//! through expressions and statements, applying callee summaries and library models,
//! and recording findings, parameter sinks and writes to fields and globals.

use std::collections::HashMap;
use std::sync::Arc;

use ferret_core::{Span, StepRole};
use ferret_lang::Language;

use super::models::{ADDERS, C_COPIERS, PY_NUMERIC};
use super::resolve::Project;
use super::state::State;
use super::summary::Summary;
use super::value::{T, TNode, push, steps_of};
use super::{FuncId, STEPS_PER_FUNCTION, Spot, SpotSpans};
use crate::ir::{Const, ExprId, ExprKind, FuncIr, StmtId, StmtKind};

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
pub(super) fn evaluate(
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
pub(super) struct Evaluated {
    pub(super) summary: Summary,
    pub(super) findings: Vec<(u32, Span, Option<Arc<TNode>>)>,
    pub(super) exhausted: bool,
    pub(super) global_writes: Vec<(String, T)>,
}
