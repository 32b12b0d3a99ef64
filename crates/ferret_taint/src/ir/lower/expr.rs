//! Lowering expressions: literals, names, closures, member accesses, subscripts and the other
//! expression forms, and turning a body's last expression into its return.

use ferret_core::Span;
use ferret_lang::Language;
use tree_sitter::Node;

use super::super::function::{param_name, param_nodes};
use super::super::literals::{is_identifier_kind, literal, path_text};
use super::super::{Const, ExprId, ExprKind, StmtId, StmtKind};
use super::{Lower, span};

impl<'a> Lower<'a> {
    pub(crate) fn lower_expr(&mut self, n: Node<'a>) -> ExprId {
        let sp = span(n);
        if self.out_of_budget() {
            return self.expr(ExprKind::Other(Vec::new()), sp);
        }
        let k = n.kind();
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
        if is_identifier_kind(k) {
            let mut t = self.text(n).to_string();
            // C and C++: an object-like macro that names a variable stands for it.
            if let Some(v) = self.macros.get(&t) {
                t = v.clone();
            }
            // C++: a reference names the variable it is bound to.
            if let Some(v) = self.aliases.refs.get(&t) {
                t = v.clone();
            }
            return self.expr(ExprKind::Path(t), sp);
        }
        if self.flow.is_function(k) {
            if self.flow.is_function_value(k) {
                let body = n
                    .child_by_field_name("body")
                    .or_else(|| self.named(n).into_iter().last());
                let st = match body {
                    Some(b) => self.lower_stmt(b),
                    None => self.stmt(StmtKind::Nop, sp),
                };
                let mut params: Vec<String> = param_nodes(n)
                    .into_iter()
                    .filter_map(|p| param_name(p, self.src).map(|(name, _)| name))
                    .collect();
                if params.is_empty() {
                    // `x => ...` (one bare parameter), Ruby `|x|`, Kotlin `{ a -> }` and `it`.
                    if let Some(p) = n.child_by_field_name("parameter") {
                        params.push(self.text(p).to_string());
                    }
                    let mut c = n.walk();
                    for ch in n.named_children(&mut c) {
                        if ch.kind().contains("parameter") && ch.kind() != "parameter" {
                            let mut c2 = ch.walk();
                            for x in ch.named_children(&mut c2) {
                                if let Some((name, _)) = param_name(x, self.src) {
                                    params.push(name);
                                }
                            }
                        }
                    }
                    if params.is_empty() && self.lang == Language::Kotlin {
                        params.push("it".to_string());
                    }
                }
                return self.expr(ExprKind::Closure { params, body: st }, sp);
            }
            self.nested.push(n);
            return self.expr(ExprKind::Other(Vec::new()), sp);
        }
        if let Some((target, value)) = self.assignment_parts(n) {
            let places = self.places(target);
            let declares = self.lang == Language::Python
                || matches!(
                    k,
                    "variable_declarator"
                        | "init_declarator"
                        | "let_declaration"
                        | "var_spec"
                        | "short_var_declaration"
                        | "property_declaration"
                        | "lexical_declaration"
                        | "const_spec"
                        | "static_variable_declaration"
                );
            if declares {
                self.decls.extend(places.iter().map(|(p, _)| p.clone()));
            }
            let compound = k.contains("augmented")
                || k.contains("compound")
                || k == "operator_assignment"
                || self.text(n).contains("+=");
            let mut reads = Vec::new();
            if matches!(self.lang, Language::C | Language::Cpp)
                && matches!(
                    target.kind(),
                    "subscript_expression" | "field_expression" | "pointer_expression"
                )
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
            return self.expr(
                ExprKind::Assign {
                    places,
                    value,
                    compound,
                    reads,
                },
                sp,
            );
        }
        if self.flow.is_call(k) {
            return self.lower_call(n);
        }
        if matches!(
            k,
            "binary_expression"
                | "binary_operator"
                | "boolean_operator"
                | "comparison_operator"
                | "binary"
                | "infix_expression"
                | "additive_expression"
                | "multiplicative_expression"
                | "comparison_expression"
                | "equality_expression"
                | "conjunction_expression"
                | "disjunction_expression"
                | "concatenated_string"
        ) {
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
                return self.expr(ExprKind::Binary { op, l, r }, sp);
            }
        }
        if matches!(k, "conditional_expression" | "ternary_expression") {
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
                return self.expr(ExprKind::Cond { cond, then, els }, sp);
            }
        }
        if matches!(
            k,
            "unary_expression"
                | "pointer_expression"
                | "not_operator"
                | "unary"
                | "prefix_expression"
                | "unary_op_expression"
        ) {
            let named = self.named(n);
            if named.len() == 1 {
                let op = self.text(n)[..named[0].start_byte() - n.start_byte()]
                    .trim()
                    .to_string();
                let e = self.lower_expr(named[0]);
                return self.expr(ExprKind::Unary { op, e }, sp);
            }
        }
        if matches!(
            k,
            "parenthesized_expression"
                | "expression_statement"
                | "argument"
                | "value_argument"
                | "parenthesized_statements"
        ) {
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
        if self.flow.is_member(k)
            && let Some(p) = path_text(self.text(n))
        {
            return self.expr(ExprKind::Path(p), sp);
        }
        if self.lang == Language::Python && matches!(k, "list" | "tuple") {
            let items = self.named(n);
            if items.iter().all(|c| !c.kind().contains("splat")) {
                let ids = items.into_iter().map(|c| self.lower_expr(c)).collect();
                return self.expr(ExprKind::List(ids), sp);
            }
        }
        if self.lang == Language::Python && k == "dictionary" {
            let items = self.named(n);
            let keys: Option<Vec<(String, Node<'a>)>> = items
                .iter()
                .map(|c| {
                    if c.kind() != "pair" {
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
                return self.expr(ExprKind::Dict(entries), sp);
            }
        }
        let children: Vec<ExprId> = self
            .named(n)
            .into_iter()
            .filter(|c| !c.kind().contains("type") || c.kind().contains("expression"))
            .map(|c| self.lower_expr(c))
            .collect();
        self.expr(ExprKind::Other(children), sp)
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
