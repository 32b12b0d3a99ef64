//! Lowering one function body: the `Lower` state (arenas, node budget, C aliases) and the
//! helpers every lowering step shares (text, arena pushes, places written by assignments,
//! subscript keys). The lowering of expressions, calls, Python `match` and statements is in
//! the sibling files, each one more `impl Lower` block.

mod call;
mod expr;
mod pattern;
mod recv;
mod stmt;

pub(crate) use recv::{implicit_this, type_name};

use std::collections::{HashMap, HashSet};

use ferret_core::Span;
use ferret_lang::{FlowKinds, Language};
use tree_sitter::Node;

use super::c_alias::Aliases;
use super::literals::{literal, path_text};
use super::{Const, Expr, ExprId, ExprKind, Recv, Stmt, StmtId, StmtKind};

pub(crate) struct Lower<'a> {
    pub(crate) lang: Language,
    /// The node kinds of `lang` that lowering gives a meaning.
    pub(crate) flow: &'static FlowKinds,
    pub(crate) src: &'a [u8],
    pub(crate) exprs: Vec<Expr>,
    pub(crate) stmts: Vec<Stmt>,
    pub(crate) nested: Vec<Node<'a>>,
    pub(crate) budget: usize,
    pub(crate) decls: Vec<String>,
    /// Parameters and the locals declared so far.
    pub(crate) local_names: HashSet<String>,
    /// Classes of parameters and locals, as far as lowering has seen: declared types and
    /// constructor calls assigned (see [`Recv`]).
    pub(crate) var_types: HashMap<String, Recv>,
    /// Declared types of parameters and locals (as written).
    pub(crate) declared: HashMap<String, String>,
    /// Fields of the class assigned a value of known class: (field, class).
    pub(crate) field_types: Vec<(String, String)>,
    pub(crate) macros: &'a HashMap<String, String>,
    pub(crate) aliases: Aliases,
}

pub(crate) fn span(n: Node<'_>) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

impl<'a> Lower<'a> {
    pub(crate) fn text(&self, n: Node<'_>) -> &'a str {
        std::str::from_utf8(&self.src[n.start_byte()..n.end_byte()]).unwrap_or("")
    }

    pub(crate) fn expr(&mut self, kind: ExprKind, span: Span) -> ExprId {
        self.exprs.push(Expr { kind, span });
        ExprId(self.exprs.len() as u32 - 1)
    }

    pub(crate) fn stmt(&mut self, kind: StmtKind, span: Span) -> StmtId {
        self.stmts.push(Stmt { kind, span });
        StmtId(self.stmts.len() as u32 - 1)
    }

    pub(crate) fn out_of_budget(&mut self) -> bool {
        if self.budget == 0 {
            return true;
        }
        self.budget -= 1;
        false
    }

    /// The named children of `n`, comments left out.
    pub(crate) fn named(&self, n: Node<'a>) -> Vec<Node<'a>> {
        let mut c = n.walk();
        n.named_children(&mut c)
            .filter(|x| !self.flow.comments.contains(&x.kind()))
            .collect()
    }

    /// The cases a C or C++ `switch` on an integer literal runs: the matching `case` (or
    /// `default`) and the ones it falls through to. `None` when the subject is not a literal.
    pub(crate) fn constant_switch(
        &self,
        subject: Option<Node<'a>>,
        body: Node<'a>,
    ) -> Option<Vec<Node<'a>>> {
        if !matches!(self.lang, Language::C | Language::Cpp) {
            return None;
        }
        let mut s = subject?;
        let f = self.flow;
        while f.switch_subject_wrappers.contains(&s.kind()) {
            s = self.named(s).into_iter().next()?;
        }
        let Some(Const::Int(v)) = literal(self.lang, s, self.src) else {
            return None;
        };
        let cases: Vec<Node<'a>> = self.named(body);
        if cases.iter().any(|c| !f.case_labels.contains(&c.kind())) {
            return None;
        }
        let value_of = |c: &Node<'a>| {
            c.child_by_field_name("value")
                .map(|x| literal(self.lang, x, self.src))
        };
        // a case whose label is not a literal might match: give up
        if cases.iter().any(|c| matches!(value_of(c), Some(None))) {
            return None;
        }
        let start = cases
            .iter()
            .position(|c| matches!(value_of(c), Some(Some(Const::Int(x))) if x == v))
            .or_else(|| cases.iter().position(|c| value_of(c).is_none()));
        let Some(start) = start else {
            return Some(Vec::new());
        };
        let mut taken = Vec::new();
        for c in &cases[start..] {
            taken.push(*c);
            let mut w = c.walk();
            if c.named_children(&mut w)
                .any(|x| f.case_exits.contains(&x.kind()))
            {
                break;
            }
        }
        Some(taken)
    }

    /// `*p` where `p` only ever holds `&x`: (`p`, `x`).
    pub(crate) fn deref_alias(&self, n: Node<'a>) -> Option<(String, String)> {
        let f = self.flow;
        if !f.pointer_expressions.contains(&n.kind()) || self.aliases.pointee.is_empty() {
            return None;
        }
        let op = n.child_by_field_name("operator")?;
        let arg = n.child_by_field_name("argument")?;
        if self.text(op) != "*" || !f.plain_identifiers.contains(&arg.kind()) {
            return None;
        }
        let p = self.text(arg);
        let x = self.aliases.pointee.get(p)?;
        Some((p.to_string(), x.clone()))
    }

    /// `u.f` where `u` is a local of a union type: every member is the same storage, `u`.
    pub(crate) fn union_member(&self, n: Node<'a>) -> Option<String> {
        let f = self.flow;
        if !f.field_expressions.contains(&n.kind()) || self.aliases.unions.is_empty() {
            return None;
        }
        let arg = n.child_by_field_name("argument")?;
        let op = n.child_by_field_name("operator")?;
        if !f.plain_identifiers.contains(&arg.kind()) || self.text(op) != "." {
            return None;
        }
        let u = self.text(arg);
        self.aliases.unions.contains(u).then(|| u.to_string())
    }

    /// The place an assignment target writes: (path, strong update?).
    pub(crate) fn place(&self, n: Node<'a>) -> Option<(String, bool)> {
        let k = n.kind();
        let f = self.flow;
        if f.identifiers.contains(&k) {
            let t = self.text(n);
            let t = self.aliases.refs.get(t).map(String::as_str).unwrap_or(t);
            return Some((t.to_string(), true));
        }
        if let Some(u) = self.union_member(n) {
            return Some((u, true));
        }
        if f.declarator_wrappers.contains(&k) {
            let d = n
                .child_by_field_name("declarator")
                .or_else(|| self.named(n).into_iter().next())?;
            let (p, _) = self.place(d)?;
            return Some((p, true));
        }
        if f.indexed_places.contains(&k) {
            let inner = n
                .child_by_field_name("argument")
                .or_else(|| n.child_by_field_name("array"))
                .or_else(|| n.child_by_field_name("value"))
                .or_else(|| n.child_by_field_name("expression"))
                .or_else(|| n.child_by_field_name("operand"))
                .or_else(|| self.named(n).into_iter().next())?;
            let (p, _) = self.place(inner)?;
            // `m["k"] = v` writes the key `k` only (a constant key keeps entries apart).
            if let Some(key) = self.constant_key(n, inner) {
                return Some((format!("{p}.[{key}]"), true));
            }
            return Some((p, false));
        }
        if f.named_places.contains(&k) {
            let inner = n
                .child_by_field_name("name")
                .or_else(|| n.child_by_field_name("pattern"))
                .or_else(|| self.named(n).into_iter().next())?;
            return self.place(inner);
        }
        path_text(self.text(n)).map(|p| (p, true))
    }

    /// The indexed expression of a subscript `base[i]`.
    pub(crate) fn subscript_base(&self, n: Node<'a>) -> Option<Node<'a>> {
        if !self.flow.subscripts.contains(&n.kind()) {
            return None;
        }
        n.child_by_field_name("value")
            .or_else(|| n.child_by_field_name("object"))
            .or_else(|| n.child_by_field_name("array"))
            .or_else(|| n.child_by_field_name("expression"))
            .or_else(|| n.child_by_field_name("argument"))
            .or_else(|| n.child_by_field_name("operand"))
            .or_else(|| self.named(n).into_iter().next())
    }

    /// The constant string or integer key of a subscript `base[KEY]`, if it is one.
    pub(crate) fn constant_key(&self, n: Node<'a>, base: Node<'a>) -> Option<String> {
        if !self.flow.keyed_subscripts.contains(&n.kind()) {
            return None;
        }
        let idx = n
            .child_by_field_name("subscript")
            .or_else(|| n.child_by_field_name("index"))
            .or_else(|| self.named(n).into_iter().find(|c| c.id() != base.id()))?;
        let idx = if self.flow.key_wrappers.contains(&idx.kind()) {
            self.named(idx).into_iter().next()?
        } else {
            idx
        };
        let named = self.named(idx);
        // `-1`
        let lit = if self.flow.negations.contains(&idx.kind())
            && named.len() == 1
            && self.text(idx).trim_start().starts_with('-')
        {
            match literal(self.lang, named[0], self.src)? {
                Const::Int(i) => Const::Int(-i),
                _ => return None,
            }
        } else {
            literal(self.lang, idx, self.src)?
        };
        match lit {
            Const::Str(k) => Some(k),
            Const::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }

    pub(crate) fn places(&self, n: Node<'a>) -> Vec<(String, bool)> {
        if let Some((p, x)) = self.deref_alias(n) {
            // `*p = v` where `p = &x`: a write to `x` (and, weakly, through `p`).
            return vec![(x, true), (p, false)];
        }
        if self.flow.destructurings.contains(&n.kind()) {
            self.named(n)
                .into_iter()
                .filter_map(|c| self.place(c))
                .collect()
        } else {
            self.place(n).into_iter().collect()
        }
    }

    /// Fields that make a node an assignment: (target, value).
    pub(crate) fn assignment_parts(&self, n: Node<'a>) -> Option<(Node<'a>, Option<Node<'a>>)> {
        let k = n.kind();
        let f = self.flow;
        if f.parameters.contains(&k) {
            return None;
        }
        if let (Some(l), Some(r)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) && f.pair_assignments.contains(&k)
        {
            return Some((l, Some(r)));
        }
        if f.declarators.contains(&k) {
            return self.declarator_parts(n);
        }
        if f.positional_assignments.contains(&k) {
            let named = self.named(n);
            if named.len() >= 2 {
                return Some((named[0], Some(named[named.len() - 1])));
            }
        }
        None
    }

    /// The declared name and the initial value of a declarator (`x = v` in `int x = v;`).
    fn declarator_parts(&self, n: Node<'a>) -> Option<(Node<'a>, Option<Node<'a>>)> {
        let f = self.flow;
        let target = n
            .child_by_field_name("name")
            .or_else(|| n.child_by_field_name("declarator"))
            .or_else(|| n.child_by_field_name("pattern"))
            .or_else(|| {
                self.named(n).into_iter().find(|c| {
                    f.identifiers.contains(&c.kind()) || f.nested_declarations.contains(&c.kind())
                })
            })?;
        let value = n.child_by_field_name("value").or_else(|| {
            self.named(n).into_iter().rev().find(|c| {
                c.id() != target.id()
                    && !f.types.contains(&c.kind())
                    && !f.modifier_lists.contains(&c.kind())
            })
        });
        let value = value.map(|v| {
            if f.value_clauses.contains(&v.kind())
                || f.expression_lists.contains(&v.kind()) && self.named(v).len() == 1
            {
                self.named(v).into_iter().next().unwrap_or(v)
            } else {
                v
            }
        });
        Some((target, value))
    }
}
