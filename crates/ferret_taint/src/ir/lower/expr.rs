//! Lowering expressions: literals, names, closures, member accesses, subscripts and the other
//! expression forms, and turning a body's last expression into its return.

use ferret_core::Span;
use ferret_lang::Language;
use tree_sitter::Node;

use super::super::function::{param_name, param_nodes};
use super::super::literals::{literal, path_text};
use super::super::{Const, ExprId, ExprKind, StmtId, StmtKind};
use super::{Lower, span};

impl<'a> Lower<'a> {
    pub(crate) fn lower_expr(&mut self, n: Node<'a>) -> ExprId {
        let sp = span(n);
        if self.out_of_budget() {
            return self.expr(ExprKind::Other(Vec::new()), sp);
        }
        let k = n.kind();
        let f = self.flow;
        if let Some(c) = literal(self.lang, n, self.src) {
            return self.expr(ExprKind::Lit(c), sp);
        }
        if let Some((p, x)) = self.deref_alias(n) {
            // `*p` where `p = &x` reads `x`.
            let arg = n.child_by_field_name("argument").unwrap_or(n);
            let pe = self.expr(ExprKind::Path(p), span(arg));
            let xe = self.expr(ExprKind::Path(x), Span::new(sp.start, sp.start));
            return self.expr(ExprKind::Other(vec![pe, xe]), sp);
        }
        if let Some(u) = self.union_member(n) {
            return self.expr(ExprKind::Path(u), sp);
        }
        if f.identifiers.contains(&k) {
            return self.lower_name(n);
        }
        if f.switch_values.contains(&k) {
            return self.lower_switch_value(n);
        }
        if f.is_function(k) {
            if f.is_function_value(k) {
                return self.lower_closure(n);
            }
            self.nested.push(n);
            return self.expr(ExprKind::Other(Vec::new()), sp);
        }
        if let Some((target, value)) = self.assignment_parts(n) {
            return self.lower_assign(n, target, value);
        }
        if f.is_call(k) {
            return self.lower_call(n);
        }
        if let Some(e) = self.lower_operator(n) {
            return e;
        }
        if f.wrappers.contains(&k) {
            let named = self.named(n);
            if named.len() == 1 {
                return self.lower_expr(named[0]);
            }
        }
        if let Some(base) = self.subscript_base(n)
            && let Some(key) = self.constant_key(n, base)
            && let Some(bp) = path_text(self.text(base))
        {
            return self.expr(ExprKind::Path(format!("{bp}.[{key}]")), sp);
        }
        if f.is_member(k)
            && let Some(p) = path_text(self.text(n))
        {
            return self.expr(ExprKind::Path(p), sp);
        }
        if let Some(e) = self.lower_collection(n) {
            return e;
        }
        let children: Vec<ExprId> = self
            .named(n)
            .into_iter()
            .filter(|c| !f.types.contains(&c.kind()) || f.typed_expressions.contains(&c.kind()))
            .map(|c| self.lower_expr(c))
            .collect();
        self.expr(ExprKind::Other(children), sp)
    }

    /// A switch expression (`switch (m) { case 1 -> a; default -> b; }`, C# `m switch { 1 =>
    /// a, _ => b }`): the subject only chooses, so the value is one of the arms' values, a
    /// chain of conditional expressions whose first condition is the subject. The value of a
    /// group or of an arm with a block is what its statements compute.
    fn lower_switch_value(&mut self, n: Node<'a>) -> ExprId {
        let sp = span(n);
        let f = self.flow;
        let subject = n
            .child_by_field_name("condition")
            .or_else(|| n.child_by_field_name("value"))
            .or_else(|| {
                self.named(n)
                    .into_iter()
                    .find(|c| !f.case_arms.contains(&c.kind()))
            });
        let body = n.child_by_field_name("body").unwrap_or(n);
        let values: Vec<ExprId> = self
            .named(body)
            .into_iter()
            .filter(|c| subject.is_none_or(|s| s.id() != c.id()))
            .map(|c| {
                let v = if f.case_arms.contains(&c.kind()) {
                    self.named(c).into_iter().last().unwrap_or(c)
                } else {
                    c
                };
                self.lower_expr(v)
            })
            .collect();
        let s = match subject {
            Some(s) => {
                let e = self.lower_expr(s);
                self.expr(ExprKind::Other(vec![e]), span(s))
            }
            None => self.expr(ExprKind::Other(Vec::new()), Span::new(sp.start, sp.start)),
        };
        let none = self.expr(ExprKind::Lit(Const::Null), Span::new(sp.end, sp.end));
        let mut acc = none;
        for (i, v) in values.iter().enumerate().rev() {
            let cond = if i == 0 {
                s
            } else {
                self.expr(ExprKind::Other(Vec::new()), Span::new(sp.start, sp.start))
            };
            // Only the outermost node has the expression's span (a span names one node).
            let at = if i == 0 {
                sp
            } else {
                Span::new(sp.start, sp.start)
            };
            acc = self.expr(
                ExprKind::Cond {
                    cond,
                    then: *v,
                    els: acc,
                },
                at,
            );
        }
        if values.is_empty() {
            acc = self.expr(
                ExprKind::Cond {
                    cond: s,
                    then: none,
                    els: none,
                },
                sp,
            );
        }
        acc
    }

    /// A name, through C macros that name a variable and C++ references.
    fn lower_name(&mut self, n: Node<'a>) -> ExprId {
        let mut t = self.text(n).to_string();
        // C and C++: an object-like macro that names a variable stands for it.
        if let Some(v) = self.macros.get(&t) {
            t = v.clone();
        }
        // C++: a reference names the variable it is bound to.
        if let Some(v) = self.aliases.refs.get(&t) {
            t = v.clone();
        }
        self.expr(ExprKind::Path(t), span(n))
    }

    /// A closure or anonymous function, lowered in place with its parameters and body.
    fn lower_closure(&mut self, n: Node<'a>) -> ExprId {
        let sp = span(n);
        let body = n
            .child_by_field_name("body")
            .or_else(|| self.named(n).into_iter().last());
        let declared_before = self.decls.len();
        let st = match body {
            Some(b) => self.lower_stmt(b),
            None => self.stmt(StmtKind::Nop, sp),
        };
        let mut locals = self.decls[declared_before..].to_vec();
        locals.sort();
        locals.dedup();
        let mut params: Vec<String> = param_nodes(self.flow, n)
            .into_iter()
            .filter_map(|p| param_name(self.flow, p, self.src).map(|(name, _)| name))
            .collect();
        if params.is_empty() {
            // `x => ...` (one bare parameter), Ruby `|x|`, Kotlin `{ a -> }` and `it`.
            if let Some(p) = n.child_by_field_name("parameter") {
                params.push(self.text(p).to_string());
            }
            let mut c = n.walk();
            for ch in n.named_children(&mut c) {
                if self.flow.parameter_groups.contains(&ch.kind()) {
                    let mut c2 = ch.walk();
                    for x in ch.named_children(&mut c2) {
                        if let Some((name, _)) = param_name(self.flow, x, self.src) {
                            params.push(name);
                        }
                    }
                }
            }
            if params.is_empty() && self.lang == Language::Kotlin {
                params.push("it".to_string());
            }
        }
        self.expr(
            ExprKind::Closure {
                params,
                locals,
                body: st,
            },
            sp,
        )
    }

    /// An assignment or declaration: the places it writes, its value and what it reads.
    fn lower_assign(&mut self, n: Node<'a>, target: Node<'a>, value: Option<Node<'a>>) -> ExprId {
        let sp = span(n);
        let k = n.kind();
        let places = self.places(target);
        let declares =
            self.lang == Language::Python || self.flow.declaring_assignments.contains(&k);
        if declares {
            self.decls.extend(places.iter().map(|(p, _)| p.clone()));
            self.local_names
                .extend(places.iter().map(|(p, _)| p.clone()));
        }
        let compound = self.flow.compound_assignments.contains(&k) || self.text(n).contains("+=");
        if let Some(v) = value
            && self.flow.function_bindings.contains(&k)
            && self.flow.is_function_value(v.kind())
            && (self.flow.identifiers.contains(&target.kind())
                || crate::ir::export_member(self.flow, target, self.src).is_some())
        {
            // `const f = (x) => ...`: a call `f(...)` runs it, so it is a function `f` too;
            // likewise `exports.f = ...`, called as the module's `f`.
            self.nested.push(v);
        }
        let mut reads = Vec::new();
        if matches!(self.lang, Language::C | Language::Cpp)
            && self.flow.written_bases.contains(&target.kind())
            && let Some(base) = target.child_by_field_name("argument")
        {
            reads.push(self.lower_expr(base));
        }
        // `m[k] = v` reads `k` when it is not a constant (C and C++ keep their own model of
        // writes through pointers above).
        if !matches!(self.lang, Language::C | Language::Cpp)
            && let Some(base) = self.subscript_base(target)
            && self.constant_key(target, base).is_none()
        {
            for idx in self.named(target) {
                if idx.id() != base.id() {
                    reads.push(self.lower_expr(idx));
                }
            }
        }
        let value = match value {
            Some(v) => self.lower_expr(v),
            None => self.expr(ExprKind::Other(Vec::new()), sp),
        };
        if let [(p, _)] = places.as_slice() {
            let decl = if declares || self.flow.declarators.contains(&k) {
                self.declared_type(n)
            } else {
                None
            };
            self.note_assigned_type(p, decl, value);
        }
        self.expr(
            ExprKind::Assign {
                places,
                value,
                compound,
                reads,
            },
            sp,
        )
    }

    /// Binary, conditional and unary operators, when the node has their shape.
    fn lower_operator(&mut self, n: Node<'a>) -> Option<ExprId> {
        let sp = span(n);
        let k = n.kind();
        if self.flow.binaries.contains(&k) {
            let named = self.named(n);
            if named.len() == 2 {
                let op = n
                    .child_by_field_name("operator")
                    .map(|o| self.text(o).to_string())
                    .unwrap_or_else(|| {
                        let l = named[0].end_byte();
                        let r = named[1].start_byte();
                        String::from_utf8_lossy(&self.src[l..r]).trim().to_string()
                    });
                let l = self.lower_expr(named[0]);
                let r = self.lower_expr(named[1]);
                return Some(self.expr(ExprKind::Binary { op, l, r }, sp));
            }
        }
        if self.flow.conditionals.contains(&k) {
            let fields = (
                n.child_by_field_name("condition"),
                n.child_by_field_name("consequence"),
                n.child_by_field_name("alternative"),
            );
            let named = self.named(n);
            let parts = match fields {
                (Some(c), Some(t), Some(e)) => Some((c, t, e)),
                // Python: `a if c else b` has no field names.
                _ if self.lang == Language::Python && named.len() == 3 => {
                    Some((named[1], named[0], named[2]))
                }
                _ => None,
            };
            if let Some((c, t, e)) = parts {
                let cond = self.lower_expr(c);
                let then = self.lower_expr(t);
                let els = self.lower_expr(e);
                return Some(self.expr(ExprKind::Cond { cond, then, els }, sp));
            }
        }
        if self.flow.unaries.contains(&k) {
            let named = self.named(n);
            if named.len() == 1 {
                let op = self.text(n)[..named[0].start_byte() - n.start_byte()]
                    .trim()
                    .to_string();
                let e = self.lower_expr(named[0]);
                return Some(self.expr(ExprKind::Unary { op, e }, sp));
            }
        }
        None
    }

    /// Python list, tuple and dictionary displays whose items are known one by one.
    fn lower_collection(&mut self, n: Node<'a>) -> Option<ExprId> {
        let sp = span(n);
        let k = n.kind();
        let f = self.flow;
        if f.sequence_literals.contains(&k) {
            let items = self.named(n);
            if items.iter().all(|c| !f.splats.contains(&c.kind())) {
                let ids = items.into_iter().map(|c| self.lower_expr(c)).collect();
                return Some(self.expr(ExprKind::List(ids), sp));
            }
        }
        if f.dict_literals.contains(&k) {
            let items = self.named(n);
            let keys: Option<Vec<(String, Node<'a>)>> = items
                .iter()
                .map(|c| {
                    if !f.pairs.contains(&c.kind()) {
                        return None;
                    }
                    let key = match literal(self.lang, c.child_by_field_name("key")?, self.src)? {
                        Const::Str(k) => k,
                        Const::Int(i) => i.to_string(),
                        _ => return None,
                    };
                    Some((key, c.child_by_field_name("value")?))
                })
                .collect();
            if let Some(keys) = keys {
                let entries = keys
                    .into_iter()
                    .map(|(key, v)| (key, self.lower_expr(v)))
                    .collect();
                return Some(self.expr(ExprKind::Dict(entries), sp));
            }
        }
        None
    }

    /// Turns the last expression statement of a body into a return.
    pub(crate) fn implicit_return(&mut self, s: StmtId) {
        let kind = self.stmts[s.0 as usize].kind.clone();
        match kind {
            StmtKind::Seq(items) => {
                if let Some(last) = items.last() {
                    self.implicit_return(*last);
                }
            }
            StmtKind::Expr(e)
                if !matches!(self.exprs[e.0 as usize].kind, ExprKind::Assign { .. }) =>
            {
                self.stmts[s.0 as usize].kind = StmtKind::Return(Some(e));
            }
            _ => {}
        }
    }
}
