//! The transfer function: evaluating C/C++ expressions and declarations over the abstract
//! [`State`], with the checks that fire on the way (frees, dereferences, bounds, leaks on
//! overwrite). The same code runs while the fixpoint is computed (reporting off) and once more on
//! the final states (reporting on), so what is reported is what holds at the fixpoint.

use std::collections::{HashMap, HashSet};

use ferret_core::Span;
use tree_sitter::Node;

use crate::analysis::Unit;
use crate::syntax::{is_within, object_key, operator, strip, text};
use crate::types::{VarInfo, char_value, parse_number, string_len, type_node_size};
use crate::value::{Alloc, Interval, Nullness, State, Status, Val};
use crate::{Check, Defect, TraceEvent, span_of};

/// The deepest expression nesting evaluated (deeper parts are unknown).
const MAX_EXPR_DEPTH: usize = 96;

/// Per-function evaluation context.
pub(crate) struct Ctx<'u> {
    pub unit: &'u Unit<'u>,
    pub locals: HashMap<String, VarInfo>,
    pub report: bool,
    pub checks: &'u HashSet<Check>,
    pub defects: Vec<Defect>,
    pub seen: HashSet<(Check, Span)>,
    /// Values returned (summary mode).
    pub returned: Vec<Val>,
    /// For each value returned, whether it points to a block freed by then (summary mode).
    pub returned_freed: Vec<bool>,
    /// The next expression evaluated is a place whose address is computed (the struct of
    /// `s.f`, the array field of `p->a[i]`), not a value read.
    pub place: bool,
    /// The function is declared to return a pointer (not a class that copies an array).
    pub returns_pointer: bool,
    /// The function parsed without errors, so its declarations can be trusted.
    pub uninit_ok: bool,
    /// Calls of same-file functions with arguments whose values are known, seen while
    /// reporting: each is analysed again in that context ([`crate::contexts`]).
    pub calls: Vec<crate::contexts::CallSite>,
    /// Reads are not reported as uninitialised (an argument a macro may assign).
    pub quiet_uninit: bool,
}

/// Whether `code` mentions the variable at the root of `key` as a whole word.
fn mentions(code: &str, key: &str) -> bool {
    let root: String = key
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if root.is_empty() {
        return false;
    }
    code.match_indices(root.as_str()).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + root.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

/// Whether two pointer values are equal, when their nullness decides it: both null, or one
/// null and the other known not to be.
fn pointers_equal(st: &State, a: &Val, b: &Val) -> Option<bool> {
    let null = |v: &Val| match v {
        Val::Null => Some(true),
        Val::Int(i) if i.constant() == Some(0) => Some(true),
        Val::NonNull | Val::NotHeap { .. } => Some(false),
        Val::Heap { .. } => match st.alloc_of(v).map(|(_, r)| r.null) {
            Some(Nullness::NonNull) => Some(false),
            Some(Nullness::Null) => Some(true),
            _ => None,
        },
        _ => None,
    };
    match (null(a)?, null(b)?) {
        (true, true) => Some(true),
        (false, false) => None,
        _ => Some(false),
    }
}

pub(crate) fn line_of(src: &[u8], at: usize) -> usize {
    src[..at.min(src.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

impl<'u> Ctx<'u> {
    pub(crate) fn src(&self) -> &'u [u8] {
        self.unit.src
    }

    pub fn info(&self, name: &str) -> Option<&VarInfo> {
        self.locals
            .get(name)
            .or_else(|| self.unit.globals.get(name))
    }

    fn is_local(&self, name: &str) -> bool {
        self.locals.get(name).is_some_and(|i| i.local)
    }

    pub(crate) fn emit(
        &mut self,
        check: Check,
        at: Node<'_>,
        message: String,
        trace: Vec<TraceEvent>,
    ) {
        self.emit_at(check, span_of(at), message, trace);
    }

    pub fn emit_at(&mut self, check: Check, span: Span, message: String, trace: Vec<TraceEvent>) {
        if !self.report || !self.checks.contains(&check) {
            return;
        }
        if self.seen.insert((check, span)) {
            self.defects.push(Defect {
                check,
                span,
                message,
                trace,
            });
        }
    }

    pub(crate) fn alloc_trace(&self, a: &Alloc) -> Vec<TraceEvent> {
        let mut t = vec![TraceEvent {
            span: a.site,
            note: format!("allocated by {}", a.by),
        }];
        if let Status::Freed(s) = a.status {
            t.push(TraceEvent {
                span: s,
                note: "freed here".to_string(),
            });
        }
        t
    }

    /// Evaluates a statement node (declaration or expression statement) for its effects.
    pub fn stmt(&mut self, st: &mut State, n: Node<'_>) {
        match n.kind() {
            "declaration" => self.declaration(st, n),
            "expression_statement" => {
                if let Some(e) = n.named_child(0) {
                    self.eval(st, e, 0);
                }
            }
            "throw_statement" => {
                if let Some(e) = n.named_child(0) {
                    self.eval(st, e, 0);
                }
            }
            _ if n.kind().ends_with("_expression") || n.kind() == "identifier" => {
                self.eval(st, n, 0);
            }
            _ => {}
        }
    }

    fn declaration(&mut self, st: &mut State, n: Node<'_>) {
        let src = self.src();
        let mut w = n.walk();
        let decls: Vec<Node<'_>> = n.children_by_field_name("declarator", &mut w).collect();
        for d in decls {
            let Some(name) = crate::syntax::declarator_name(d, src) else {
                continue;
            };
            let name = name.to_string();
            let info = self.info(&name).cloned().unwrap_or_default();
            for k in st
                .vars
                .keys()
                .filter(|k| is_within(k, &name))
                .cloned()
                .collect::<Vec<_>>()
            {
                st.vars.remove(&k);
            }
            let value = if d.kind() == "init_declarator" {
                d.child_by_field_name("value")
            } else {
                None
            };
            if info.is_array() {
                match value {
                    Some(v) if info.dims.len() == 1 && v.kind() == "initializer_list" => {
                        self.initial_elements(st, &name, v);
                    }
                    Some(v) => {
                        self.eval(st, v, 0);
                    }
                    None => self.declared_uninit(st, &name, &info, d),
                }
                continue;
            }
            match value {
                Some(v) if v.kind() == "initializer_list" => {
                    self.eval(st, v, 0);
                }
                Some(v) => {
                    let val = self.eval(st, v, 0);
                    if info.local {
                        self.assign_key(st, &name, val, v, true);
                    } else {
                        // `static` locals outlive the call.
                        self.escape(st, &val);
                    }
                }
                None => self.declared_uninit(st, &name, &info, d),
            }
        }
    }

    /// Writes `v` into the object `key`; a plain local's old allocation may leak.
    pub fn assign_key(&mut self, st: &mut State, key: &str, v: Val, at: Node<'_>, plain: bool) {
        st.uninit_blocks
            .remove(&crate::uninit::block_id(crate::uninit::root(key)));
        let to_null = matches!(&v, Val::Int(i) if i.constant() == Some(0))
            && self.info(key).is_some_and(|info| info.pointers > 0);
        let v = if to_null { Val::Null } else { v };
        if plain {
            let old = st.get(key);
            if let Some((id, a)) = st.alloc_of(&old)
                && a.status == Status::Live
                && !a.escaped
                && a.null != Nullness::Null
                && !matches!(&v, Val::Heap { alloc, .. } if alloc == id)
                && !st.referenced(*id, key)
            {
                let (id, a) = (*id, a.clone());
                let line = line_of(self.src(), at.start_byte());
                let mut trace = self.alloc_trace(&a);
                trace.push(TraceEvent {
                    span: span_of(at),
                    note: "last pointer overwritten here".to_string(),
                });
                self.emit_at(
                    Check::Leak,
                    a.site,
                    format!(
                        "the memory allocated by {} here is lost: its last pointer is overwritten on line {line}",
                        a.by
                    ),
                    trace,
                );
                st.allocs.remove(&id);
            }
        }
        for k in st
            .vars
            .keys()
            .filter(|k| k.as_str() != key && is_within(k, key))
            .cloned()
            .collect::<Vec<_>>()
        {
            st.vars.remove(&k);
        }
        if matches!(v, Val::Unknown) {
            st.vars.remove(key);
        } else {
            st.vars.insert(key.to_string(), v);
        }
    }

    /// Marks the allocation `v` points into as escaped.
    pub fn escape(&self, st: &mut State, v: &Val) {
        if let Val::Heap { alloc, .. } = v
            && let Some(a) = st.allocs.get_mut(alloc)
        {
            a.escaped = true;
        }
        // Whoever keeps it may fill it.
        self.contents_written(st, v);
    }

    /// Stores `v` into the lvalue `lhs`.
    pub(crate) fn store(&mut self, st: &mut State, lhs: Node<'_>, v: Val, depth: usize) {
        let src = self.src();
        let l = strip(lhs);
        if l.kind() == "identifier" {
            let name = text(l, src).to_string();
            if self.is_local(&name) {
                self.assign_key(st, &name, v, lhs, true);
            } else {
                self.escape(st, &v);
                st.vars.remove(&name);
            }
            return;
        }
        // A write through a pointer: the pointer is used as for a read.
        match l.kind() {
            "field_expression" => {
                if operator(l, src) == "->"
                    && let Some(b) = l.child_by_field_name("argument")
                {
                    let bv = self.eval(st, b, depth + 1);
                    self.deref(st, &bv, b, None);
                    self.contents_written(st, &bv);
                }
            }
            "subscript_expression" | "pointer_expression" => {
                if let Some(p) = self.access(st, l, depth + 1) {
                    self.contents_written(st, &p);
                }
            }
            _ => {
                self.eval(st, l, depth + 1);
            }
        }
        self.escape(st, &v);
        match self.element_key(st, l) {
            Some(k) if !k.contains("[?]") => {
                self.assign_key(st, &k, v, lhs, false);
                self.written(st, &k);
            }
            Some(k) => {
                // An element at an unknown index may be any element of that array.
                if let Some(at) = k.find("[?]") {
                    let prefix = format!("{}[", &k[..at]);
                    st.vars.retain(|x, _| !x.starts_with(&prefix));
                }
                st.vars.remove(&k);
                self.written(st, &k);
            }
            None => {}
        }
    }

    /// Evaluates an expression.
    pub fn eval(&mut self, st: &mut State, n: Node<'_>, depth: usize) -> Val {
        if depth > MAX_EXPR_DEPTH {
            return Val::Unknown;
        }
        let src = self.src();
        let place = std::mem::take(&mut self.place);
        match n.kind() {
            "parenthesized_expression" | "cast_expression" => {
                // `(void)x;` only silences an unused-variable warning: it reads nothing.
                if n.kind() == "cast_expression"
                    && n.child_by_field_name("type")
                        .is_some_and(|t| text(t, src) == "void")
                    && n.child_by_field_name("value")
                        .is_some_and(|v| strip(v).kind() == "identifier")
                {
                    return Val::Unknown;
                }
                let inner = if n.kind() == "cast_expression" {
                    n.child_by_field_name("value")
                } else {
                    n.named_child(0)
                };
                self.place = place;
                match inner {
                    Some(i) => self.eval(st, i, depth + 1),
                    None => Val::Unknown,
                }
            }
            "number_literal" => {
                parse_number(text(n, src)).map_or(Val::Unknown, |v| Val::Int(Interval::exact(v)))
            }
            "char_literal" => {
                char_value(text(n, src)).map_or(Val::Unknown, |v| Val::Int(Interval::exact(v)))
            }
            "true" => Val::Int(Interval::exact(1)),
            "false" => Val::Int(Interval::exact(0)),
            "null" | "nullptr" => Val::Null,
            "string_literal" | "concatenated_string" => Val::NotHeap {
                what: "string literal",
                size: string_len(n, src).map(|l| l + 1),
                offset: Interval::exact(0),
                block: None,
            },
            "identifier" => self.identifier(st, n),
            "sizeof_expression" => self
                .sizeof(n)
                .map_or(Val::Unknown, |v| Val::Int(Interval::exact(v))),
            "field_expression" => {
                let arrow = operator(n, src) == "->";
                if let Some(b) = n.child_by_field_name("argument") {
                    // The struct of `s.f` is a place; the pointer of `p->f` is read.
                    self.place = !arrow;
                    let bv = self.eval(st, b, depth + 1);
                    self.place = false;
                    if arrow {
                        self.deref(st, &bv, b, None);
                        if !place {
                            self.read_through(st, &bv, n);
                        }
                    }
                }
                let Some(k) = object_key(n, src) else {
                    return Val::Unknown;
                };
                if place {
                    return st.get(&k);
                }
                match self.field_is_array(&k) {
                    // An array field is an address: what it is given may be written.
                    Some(true) => {
                        self.forget_uninit(st, &k);
                        Val::Unknown
                    }
                    Some(false) => self.read_key(st, &k, n),
                    None => st.get(&k),
                }
            }
            "subscript_expression" => {
                // `m[i]` of `T m[R][C]` is a row: an address, not a read.
                if let Some((root, subs, dims)) = self.partial_subscript(n)
                    && subs < dims
                {
                    self.forget_uninit(st, &root);
                    return Val::Unknown;
                }
                self.read_element(st, n, place, depth)
            }
            "pointer_expression" => {
                if operator(n, src) == "&" {
                    return self.address_of(st, n, depth);
                }
                self.read_element(st, n, place, depth)
            }
            "assignment_expression" => self.assignment(st, n, depth),
            "update_expression" => {
                let Some(arg) = n.child_by_field_name("argument") else {
                    return Val::Unknown;
                };
                let old = self.eval(st, arg, depth + 1);
                let delta = if operator(n, src) == "--" { -1 } else { 1 };
                let new = self.offset(&old, arg, Val::Int(Interval::exact(delta)));
                self.store(st, arg, new.clone(), depth + 1);
                if text(n, src).starts_with("++") || text(n, src).starts_with("--") {
                    new
                } else {
                    old
                }
            }
            "binary_expression" => self.binary(st, n, depth),
            "unary_expression" => {
                let Some(a) = n.child_by_field_name("argument") else {
                    return Val::Unknown;
                };
                let v = self.eval(st, a, depth + 1);
                match (operator(n, src), v) {
                    ("-", Val::Int(i)) => Val::Int(i.negated()),
                    ("+", v) => v,
                    ("!", Val::Int(i)) => match (i.lo > 0 || i.hi < 0, i.constant() == Some(0)) {
                        (true, _) => Val::Int(Interval::exact(0)),
                        (_, true) => Val::Int(Interval::exact(1)),
                        _ => Val::Int(Interval { lo: 0, hi: 1 }),
                    },
                    ("!", Val::Null) => Val::Int(Interval::exact(1)),
                    ("!", Val::NonNull) => Val::Int(Interval::exact(0)),
                    ("!", _) => Val::Int(Interval { lo: 0, hi: 1 }),
                    _ => Val::Unknown,
                }
            }
            "call_expression" => self.call(st, n, depth),
            "new_expression" => self.new_expr(st, n, depth),
            "delete_expression" => {
                if let Some(a) = n.named_children(&mut n.walk()).last() {
                    let v = self.eval(st, a, depth + 1);
                    self.free(st, &v, n, a);
                }
                Val::Unknown
            }
            "conditional_expression" => {
                let (Some(c), Some(t), Some(f)) = (
                    n.child_by_field_name("condition"),
                    n.child_by_field_name("consequence"),
                    n.child_by_field_name("alternative"),
                ) else {
                    return Val::Unknown;
                };
                self.eval(st, c, depth + 1);
                let mut ts = crate::refine::refine(self, st, c, true);
                let mut fs = crate::refine::refine(self, st, c, false);
                let tv = ts.as_mut().map(|s| self.eval(s, t, depth + 1));
                let fv = fs.as_mut().map(|s| self.eval(s, f, depth + 1));
                match (ts, fs) {
                    (Some(a), Some(b)) => {
                        *st = a.join(&b, false);
                        match (tv, fv) {
                            (Some(x), Some(y)) if x == y => x,
                            _ => Val::Unknown,
                        }
                    }
                    (Some(a), None) => {
                        *st = a;
                        tv.unwrap_or(Val::Unknown)
                    }
                    (None, Some(b)) => {
                        *st = b;
                        fv.unwrap_or(Val::Unknown)
                    }
                    (None, None) => Val::Unknown,
                }
            }
            "comma_expression" => {
                if let Some(l) = n.child_by_field_name("left") {
                    self.eval(st, l, depth + 1);
                }
                n.child_by_field_name("right")
                    .map_or(Val::Unknown, |r| self.eval(st, r, depth + 1))
            }
            "lambda_expression" | "compound_statement" | "gnu_asm_expression" => {
                // A closure may free or keep whatever it names: those allocations escape.
                let body = text(n, src);
                let named: Vec<(String, Val)> = st
                    .vars
                    .iter()
                    .filter(|(k, _)| mentions(body, k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, v) in named {
                    self.escape(st, &v);
                    if v == Val::Uninit {
                        st.vars.remove(&k);
                    }
                }
                Val::Unknown
            }
            _ => {
                let mut w = n.walk();
                let kids: Vec<Node<'_>> = n.named_children(&mut w).collect();
                for k in kids {
                    let v = self.eval(st, k, depth + 1);
                    self.escape(st, &v);
                }
                Val::Unknown
            }
        }
    }

    fn identifier(&mut self, st: &mut State, n: Node<'_>) -> Val {
        let name = text(n, self.src());
        if let Some(info) = self.info(name) {
            if info.is_array() {
                // The array decays to a pointer, through which anything may be written.
                let local = info.local;
                let is_local = self.locals.contains_key(name);
                self.forget_uninit(st, name);
                return Val::NotHeap {
                    what: match (is_local, local) {
                        (true, true) => "local array",
                        (true, false) => "static local array",
                        _ => "global array",
                    },
                    size: info.array_bytes(),
                    offset: Interval::exact(0),
                    block: (is_local && local).then(|| crate::uninit::block_id(name)),
                };
            }
            if !self.locals.contains_key(name)
                && !st.vars.contains_key(name)
                && let Some(c) = self.unit.global_consts.get(name)
            {
                return Val::Int(Interval::exact(*c));
            }
            let key = name.to_string();
            return self.read_key(st, &key, n);
        }
        if let Some(v) = self.unit.defines.get(name) {
            return Val::Int(Interval::exact(*v));
        }
        if name == "NULL" {
            return Val::Null;
        }
        Val::Unknown
    }

    fn sizeof(&self, n: Node<'_>) -> Option<i64> {
        let src = self.src();
        if let Some(ty) = n.child_by_field_name("type") {
            return type_node_size(ty, src);
        }
        let v = strip(n.child_by_field_name("value")?);
        if v.kind() == "identifier" {
            let info = self.info(text(v, src))?;
            if info.is_array() {
                return info.array_bytes();
            }
            if info.pointers > 0 {
                return Some(8);
            }
            return info.elem;
        }
        None
    }

    fn address_of(&mut self, st: &mut State, n: Node<'_>, depth: usize) -> Val {
        let src = self.src();
        let Some(a) = n.child_by_field_name("argument") else {
            return Val::Unknown;
        };
        let a = strip(a);
        match a.kind() {
            "identifier" => {
                let name = text(a, src);
                // Reads through the address see what the variable held: if that was nothing,
                // its contents are an unwritten block until something is stored through it.
                let id = crate::uninit::block_id(name);
                // A struct some of whose fields were written is not "never written".
                let marker = crate::uninit::marker(name);
                let was_uninit = st.vars.get(name) == Some(&Val::Uninit)
                    || (st.vars.get(&marker) == Some(&Val::Uninit)
                        && !st
                            .vars
                            .keys()
                            .any(|k| *k != marker && is_within(k, name) && k != name));
                self.forget_uninit(st, name);
                // A pointer held in it can now be read and written through the address.
                let held = st.get(name);
                self.contents_written(st, &held);
                let block = if was_uninit {
                    st.uninit_blocks.insert(id);
                    Some(id)
                } else if st.uninit_blocks.contains(&id) {
                    Some(id)
                } else {
                    None
                };
                match self.info(name) {
                    Some(info) => {
                        let size = if info.is_array() {
                            info.array_bytes()
                        } else if info.pointers > 0 {
                            Some(8)
                        } else {
                            info.elem
                        };
                        Val::NotHeap {
                            what: match (self.locals.contains_key(name), info.local) {
                                (true, true) => "local variable",
                                (true, false) => "static local variable",
                                _ => "global variable",
                            },
                            size,
                            offset: Interval::exact(0),
                            block,
                        }
                    }
                    None => Val::Unknown,
                }
            }
            "subscript_expression" => {
                let (Some(b), Some(i)) = (
                    a.child_by_field_name("argument"),
                    crate::syntax::subscript_index(a),
                ) else {
                    return Val::Unknown;
                };
                let bv = self.eval(st, b, depth + 1);
                let iv = self.eval(st, i, depth + 1);
                self.offset(&bv, b, iv)
            }
            _ => {
                // `&s.f` takes an address: it reads nothing, and `s.f` may be written through it.
                self.forget_expr(st, a);
                self.place = true;
                self.eval(st, a, depth + 1);
                self.place = false;
                Val::Unknown
            }
        }
    }

    /// `base + delta` elements of the pointer expression `base`.
    fn offset(&self, base: &Val, base_node: Node<'_>, delta: Val) -> Val {
        let step = {
            let b = strip(base_node);
            if b.kind() == "identifier" {
                self.info(text(b, self.src())).and_then(VarInfo::step)
            } else {
                None
            }
        };
        let bytes = match (&delta, step) {
            (Val::Int(d), Some(s)) => d.times(Interval::exact(s)),
            _ => Interval::TOP,
        };
        match base {
            Val::Int(i) => match delta {
                Val::Int(d) => Val::Int(i.plus(d)),
                _ => Val::Unknown,
            },
            Val::Heap { alloc, offset } => Val::Heap {
                alloc: *alloc,
                offset: offset.plus(bytes),
            },
            Val::NotHeap {
                what,
                size,
                offset,
                block,
            } => Val::NotHeap {
                what,
                size: *size,
                offset: offset.plus(bytes),
                block: *block,
            },
            _ => Val::Unknown,
        }
    }

    /// For a subscript of a declared array: its name, how many subscripts, how many dimensions.
    fn partial_subscript(&self, n: Node<'_>) -> Option<(String, usize, usize)> {
        let mut cur = n;
        let mut subs = 0;
        while cur.kind() == "subscript_expression" {
            subs += 1;
            cur = strip(cur.child_by_field_name("argument")?);
        }
        if cur.kind() != "identifier" {
            return None;
        }
        let name = text(cur, self.src());
        let info = self.info(name)?;
        info.is_array()
            .then(|| (name.to_string(), subs, info.dims.len()))
    }

    fn info_of(&self, n: Node<'_>) -> Option<VarInfo> {
        let b = strip(n);
        (b.kind() == "identifier")
            .then(|| self.info(text(b, self.src())).cloned())
            .flatten()
    }
}

impl Ctx<'_> {
    /// Checks a dereference of the pointer value `v` (the expression `at`), reading `width` bytes.
    pub fn deref(&mut self, st: &mut State, v: &Val, at: Node<'_>, width: Option<i64>) {
        let src = self.src();
        let name = text(at, src)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match v {
            Val::Null => self.emit(
                Check::NullDeref,
                at,
                format!("`{name}` is null on every path that reaches this dereference"),
                Vec::new(),
            ),
            Val::Heap { alloc, offset } => {
                let Some(a) = st.allocs.get(alloc).cloned() else {
                    return;
                };
                if let Status::Freed(f) = a.status {
                    let line = line_of(src, f.start);
                    self.emit(
                        Check::UseAfterFree,
                        at,
                        format!("`{name}` is used after the memory it points to was freed on line {line}"),
                        self.alloc_trace(&a),
                    );
                    return;
                }
                match a.null {
                    Nullness::Null => {
                        self.emit(
                            Check::NullDeref,
                            at,
                            format!("`{name}` is null here: the allocation failed on every path that reaches this dereference"),
                            self.alloc_trace(&a),
                        );
                        return;
                    }
                    Nullness::Unchecked => {
                        let line = line_of(src, a.site.start);
                        self.emit(
                            Check::UncheckedAlloc,
                            at,
                            format!("`{name}` comes from {} on line {line}, which can return NULL, and is dereferenced without a check", a.by),
                            self.alloc_trace(&a),
                        );
                        if let Some(x) = st.allocs.get_mut(alloc) {
                            x.null = Nullness::NonNull;
                        }
                    }
                    _ => {}
                }
                self.bounds(at, *offset, a.size, width, &name);
            }
            Val::NotHeap { size, offset, .. } => self.bounds(at, *offset, *size, width, &name),
            _ => {}
        }
    }

    fn bounds(
        &mut self,
        at: Node<'_>,
        off: Interval,
        size: Option<i64>,
        width: Option<i64>,
        name: &str,
    ) {
        let (Some(size), Some(w)) = (size, width) else {
            return;
        };
        if !off.bounded() {
            return;
        }
        if off.lo < 0 {
            self.emit(
                Check::BufferUnderrun,
                at,
                format!(
                    "`{name}` reaches {} bytes before the start of its {size}-byte buffer",
                    -off.lo
                ),
                Vec::new(),
            );
        } else if off.hi.saturating_add(w) > size {
            self.emit(
                Check::BufferOverrun,
                at,
                format!(
                    "`{name}` reaches byte {} of a {size}-byte buffer",
                    off.hi.saturating_add(w) - 1
                ),
                Vec::new(),
            );
        }
    }

    /// A subscript `x[i]` or dereference `*e`: checks, and returns the pointer it goes
    /// through (none for an element of a declared array; the caller reads the object's value by
    /// key).
    /// `a[i]` or `*p`: the object through the pointer is checked (unless the expression is a
    /// place being written), and the value of the named element is read or, for a place, taken.
    fn read_element(&mut self, st: &mut State, n: Node<'_>, place: bool, depth: usize) -> Val {
        if let Some(p) = self.access(st, n, depth + 1)
            && !place
        {
            self.read_through(st, &p, n);
        }
        match self.element_key(st, n) {
            Some(k) if place => st.get(&k),
            Some(k) => self.read_key(st, &k, n),
            None => Val::Unknown,
        }
    }

    /// The key of an element; `a[i]` with `i` known to be `c` is `a[c]`.
    fn element_key(&self, st: &State, n: Node<'_>) -> Option<String> {
        let k = object_key(n, self.src())?;
        if !k.contains("[?]") || n.kind() != "subscript_expression" {
            return Some(k);
        }
        let (Some(b), Some(i)) = (
            n.child_by_field_name("argument").map(strip),
            crate::syntax::subscript_index(n).map(strip),
        ) else {
            return Some(k);
        };
        if b.kind() != "identifier" || i.kind() != "identifier" {
            return Some(k);
        }
        match st.vars.get(text(i, self.src())) {
            Some(Val::Int(v)) if v.constant().is_some_and(|c| c >= 0) => {
                Some(format!("{}[{}]", text(b, self.src()), v.lo))
            }
            _ => Some(k),
        }
    }

    /// `T a[] = {x, y, ...}`: each element starts with its entry's value.
    fn initial_elements(&mut self, st: &mut State, name: &str, list: Node<'_>) {
        let mut w = list.walk();
        let entries: Vec<Node<'_>> = list
            .named_children(&mut w)
            .filter(|c| c.kind() != "comment")
            .collect();
        let plain = entries.len() <= 256 && entries.iter().all(|c| c.kind() != "initializer_pair");
        for (i, e) in entries.into_iter().enumerate() {
            let v = self.eval(st, e, 0);
            if plain && matches!(v, Val::Int(_)) {
                st.vars.insert(format!("{name}[{i}]"), v);
            }
        }
    }

    fn access(&mut self, st: &mut State, n: Node<'_>, depth: usize) -> Option<Val> {
        let src = self.src();
        if n.kind() == "pointer_expression" {
            let a = n.child_by_field_name("argument")?;
            let v = self.eval(st, a, depth + 1);
            let width = self.pointee_width(a);
            self.deref(st, &v, n, width);
            return Some(v);
        }
        // Subscripts: a declared array is checked against its dimensions, a pointer by offset.
        let mut idx = Vec::new();
        let mut cur = n;
        while cur.kind() == "subscript_expression" {
            let i = crate::syntax::subscript_index(cur)?;
            idx.push(i);
            cur = strip(cur.child_by_field_name("argument")?);
        }
        idx.reverse();
        if cur.kind() == "identifier"
            && let Some(info) = self.info(text(cur, src)).cloned()
            && info.is_array()
        {
            for (k, i) in idx.iter().enumerate() {
                let iv = self.eval(st, *i, depth + 1);
                let (Some(Some(d)), Val::Int(iv)) = (info.dims.get(k), iv) else {
                    continue;
                };
                if !iv.bounded() {
                    continue;
                }
                // A computed index (`j + 1`) is reported only when every value is out of bounds:
                // intervals do not know strides or relations between variables.
                let simple = matches!(strip(*i).kind(), "identifier" | "number_literal");
                let (lo, hi) = if simple {
                    (iv.lo, iv.hi)
                } else {
                    (iv.hi, iv.lo)
                };
                let iv = Interval { lo, hi };
                let name = text(n, src).to_string();
                if iv.lo < 0 {
                    self.emit(
                        Check::BufferUnderrun,
                        n,
                        format!("index {} of `{name}` is below 0", iv.lo),
                        Vec::new(),
                    );
                } else if iv.hi >= *d {
                    self.emit(
                        Check::BufferOverrun,
                        n,
                        format!(
                            "index {} of `{name}` is past the end of an array of {d} elements",
                            iv.hi
                        ),
                        Vec::new(),
                    );
                }
            }
            return None;
        }
        let (Some(b), Some(i)) = (
            n.child_by_field_name("argument"),
            crate::syntax::subscript_index(n),
        ) else {
            return None;
        };
        // `p->a[i]` and `s.a[i]`: the field may be an array, whose name is no read.
        self.place = strip(b).kind() == "field_expression";
        let bv = self.eval(st, b, depth + 1);
        self.place = false;
        let iv = self.eval(st, i, depth + 1);
        let ptr = self.offset(&bv, b, iv);
        let width = self.info_of(b).and_then(|i| i.step());
        // Null and use-after-free are about the base pointer; bounds about the element.
        let checked = match (&bv, &ptr) {
            (Val::Heap { .. } | Val::NotHeap { .. }, Val::Heap { .. } | Val::NotHeap { .. }) => ptr,
            _ => bv,
        };
        self.deref(st, &checked, n, width);
        Some(checked)
    }

    /// Bytes read by `*e`, when `e` is a one-level pointer variable or `p + i` of one.
    fn pointee_width(&self, e: Node<'_>) -> Option<i64> {
        let e = strip(e);
        match e.kind() {
            "identifier" => self.info_of(e).and_then(|i| i.step()),
            "binary_expression" => {
                let l = e.child_by_field_name("left")?;
                let r = e.child_by_field_name("right")?;
                self.pointee_width(l).or_else(|| self.pointee_width(r))
            }
            _ => None,
        }
    }

    fn assignment(&mut self, st: &mut State, n: Node<'_>, depth: usize) -> Val {
        let src = self.src();
        let (Some(l), Some(r)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return Val::Unknown;
        };
        let rv = self.eval(st, r, depth + 1);
        let op = operator(n, src);
        match op {
            "/=" | "%=" => self.check_division(n, l, r, &rv),
            "<<=" | ">>=" => self.check_shift(n, l, r, &rv),
            _ => {}
        }
        let v = match op {
            "=" => rv,
            "+=" | "-=" => {
                let lv = self.eval(st, l, depth + 1);
                let d = if op == "-=" {
                    match rv {
                        Val::Int(i) => Val::Int(i.negated()),
                        _ => Val::Unknown,
                    }
                } else {
                    rv
                };
                self.offset(&lv, l, d)
            }
            "*=" | "/=" => {
                let lv = self.eval(st, l, depth + 1);
                match (lv, rv) {
                    (Val::Int(a), Val::Int(b)) if op == "*=" => Val::Int(a.times(b)),
                    (Val::Int(a), Val::Int(b)) => Val::Int(a.divided(b)),
                    _ => Val::Unknown,
                }
            }
            _ => {
                self.eval(st, l, depth + 1);
                Val::Unknown
            }
        };
        // Struct copies: `a = b` copies b's tracked fields.
        let (ls, rs) = (strip(l), strip(r));
        if op == "=" && ls.kind() == "identifier" && rs.kind() == "identifier" {
            let (lk, rk) = (text(ls, src).to_string(), text(rs, src).to_string());
            let copies: Vec<(String, Val)> = st
                .vars
                .iter()
                .filter(|(k, _)| {
                    k.as_str() != rk && is_within(k, &rk) && k[rk.len()..].starts_with('.')
                })
                .map(|(k, v)| (format!("{lk}{}", &k[rk.len()..]), v.clone()))
                .collect();
            self.store(st, l, v.clone(), depth + 1);
            st.vars.extend(copies);
            return v;
        }
        self.store(st, l, v.clone(), depth + 1);
        v
    }

    fn binary(&mut self, st: &mut State, n: Node<'_>, depth: usize) -> Val {
        let src = self.src();
        let (Some(l), Some(r)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return Val::Unknown;
        };
        let op = operator(n, src);
        if op == "&&" || op == "||" {
            self.eval(st, l, depth + 1);
            // The right side runs only where the left side lets it; afterwards both ways merge.
            let short = crate::refine::refine(self, st, l, op != "&&");
            if let Some(mut s2) = crate::refine::refine(self, st, l, op == "&&") {
                self.eval(&mut s2, r, depth + 1);
                *st = match short {
                    Some(s1) => s1.join(&s2, false),
                    None => s2,
                };
            }
            return Val::Int(Interval { lo: 0, hi: 1 });
        }
        // In C++ `in >> x` may be a stream extraction that assigns `x`.
        if self.unit.cpp && op == ">>" && strip(r).kind() == "identifier" {
            self.forget_expr(st, r);
        }
        let lv = self.eval(st, l, depth + 1);
        let rv = self.eval(st, r, depth + 1);
        match op {
            "/" | "%" => self.check_division(n, l, r, &rv),
            "<<" | ">>" => self.check_shift(n, l, r, &rv),
            _ => {}
        }
        match (op, &lv, &rv) {
            ("+", Val::Heap { .. } | Val::NotHeap { .. }, _) => self.offset(&lv, l, rv.clone()),
            ("+", _, Val::Heap { .. } | Val::NotHeap { .. }) => self.offset(&rv, r, lv.clone()),
            ("-", Val::Heap { .. } | Val::NotHeap { .. }, Val::Int(i)) => {
                self.offset(&lv, l, Val::Int(i.negated()))
            }
            ("+", Val::Int(a), Val::Int(b)) => Val::Int(a.plus(*b)),
            ("-", Val::Int(a), Val::Int(b)) => Val::Int(a.plus(b.negated())),
            ("*", Val::Int(a), Val::Int(b)) => Val::Int(a.times(*b)),
            ("/", Val::Int(a), Val::Int(b)) => Val::Int(a.divided(*b)),
            ("%", _, Val::Int(b)) if b.bounded() && b.lo > 0 => Val::Int(Interval {
                lo: 0,
                hi: b.hi - 1,
            }),
            ("==" | "!=" | "<" | "<=" | ">" | ">=", Val::Int(a), Val::Int(b)) => {
                let t = crate::refine::compare(op, *a, *b);
                Val::Int(match t {
                    Some(true) => Interval::exact(1),
                    Some(false) => Interval::exact(0),
                    None => Interval { lo: 0, hi: 1 },
                })
            }
            ("==" | "!=", _, _) if pointers_equal(st, &lv, &rv).is_some() => {
                let eq = pointers_equal(st, &lv, &rv) == Some(true);
                Val::Int(Interval::exact(i64::from(eq == (op == "=="))))
            }
            ("==" | "!=" | "<" | "<=" | ">" | ">=", _, _) => Val::Int(Interval { lo: 0, hi: 1 }),
            _ => Val::Unknown,
        }
    }
}
