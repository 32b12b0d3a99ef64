//! Lowering statements: declarations, assignments, branches, loops, switches, returns and
//! the other statement forms of the thirteen languages.

use ferret_lang::Language;
use tree_sitter::Node;

use super::super::{ExprKind, StmtId, StmtKind};
use super::{Lower, span};

impl<'a> Lower<'a> {
    pub(crate) fn lower_stmt(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        if self.out_of_budget() {
            return self.stmt(StmtKind::Nop, sp);
        }
        let k = n.kind();
        if k.contains("comment") {
            return self.stmt(StmtKind::Nop, sp);
        }
        if self.flow.is_function(k) && !self.flow.is_closure(k) {
            self.nested.push(n);
            return self.stmt(StmtKind::Nop, sp);
        }
        if self.flow.is_class(k) {
            return self.stmt(StmtKind::Nop, sp);
        }
        if self.flow.is_return(k) {
            if k == "jump_expression" && !self.text(n).starts_with("return") {
                return self.stmt(StmtKind::Nop, sp);
            }
            let v = self.named(n).into_iter().next().map(|e| self.lower_expr(e));
            return self.stmt(StmtKind::Return(v), sp);
        }
        if self.flow.is_branch(k) {
            let cond_node = n
                .child_by_field_name("condition")
                .or_else(|| self.named(n).into_iter().next());
            let Some(cond_node) = cond_node else {
                return self.stmt(StmtKind::Nop, sp);
            };
            let cond = self.lower_expr(cond_node);
            let negate = self.flow.is_negated_branch(k);
            let cond = if negate {
                self.expr(
                    ExprKind::Unary {
                        op: "!".into(),
                        e: cond,
                    },
                    span(cond_node),
                )
            } else {
                cond
            };
            let then_node = n
                .child_by_field_name("consequence")
                .or_else(|| n.child_by_field_name("body"))
                .or_else(|| {
                    self.named(n).into_iter().find(|c| {
                        c.id() != cond_node.id()
                            && !c.kind().contains("else")
                            && !c.kind().contains("elif")
                            && !c.kind().contains("elsif")
                    })
                });
            let then = match then_node {
                Some(t) => self.lower_stmt(t),
                None => self.stmt(StmtKind::Nop, sp),
            };
            let mut c = n.walk();
            let alts: Vec<Node<'a>> = n
                .children_by_field_name("alternative", &mut c)
                .collect::<Vec<_>>();
            let alts = if alts.is_empty() {
                self.named(n)
                    .into_iter()
                    .filter(|c| {
                        c.kind().contains("else")
                            || c.kind().contains("elif")
                            || c.kind().contains("elsif")
                    })
                    .collect()
            } else {
                alts
            };
            let els = match alts.len() {
                0 => None,
                1 => Some(self.lower_stmt(alts[0])),
                _ => {
                    let ids: Vec<StmtId> = alts.into_iter().map(|a| self.lower_stmt(a)).collect();
                    Some(self.stmt(
                        StmtKind::Choice {
                            alts: ids,
                            may_skip: false,
                        },
                        sp,
                    ))
                }
            };
            return self.stmt(StmtKind::If { cond, then, els }, sp);
        }
        if k == "else_clause" || k == "else" {
            let inner: Vec<StmtId> = self
                .named(n)
                .into_iter()
                .map(|c| self.lower_stmt(c))
                .collect();
            return self.stmt(StmtKind::Seq(inner), sp);
        }
        if k == "match_statement" && self.lang == Language::Python {
            return self.lower_python_match(n);
        }
        if k.contains("switch")
            || k == "match_expression"
            || k == "when_expression"
            || k == "case"
            || k == "case_statement" && n.parent().is_some_and(|p| p.kind() == "program")
        {
            let subject = n
                .child_by_field_name("condition")
                .or_else(|| n.child_by_field_name("value"));
            let mut pre = Vec::new();
            if let Some(s) = subject {
                let e = self.lower_expr(s);
                pre.push(self.stmt(StmtKind::Expr(e), span(s)));
            }
            let body = n.child_by_field_name("body").unwrap_or(n);
            if let Some(taken) = self.constant_switch(subject, body) {
                // C and C++ `switch (7)`: only the matching case runs (then falls through to
                // the next ones until a `break`).
                let parts: Vec<StmtId> = taken.into_iter().map(|c| self.lower_stmt(c)).collect();
                pre.push(self.stmt(StmtKind::Seq(parts), sp));
                return self.stmt(StmtKind::Seq(pre), sp);
            }
            let alts: Vec<StmtId> = self
                .named(body)
                .into_iter()
                .filter(|c| subject.is_none_or(|s| s.id() != c.id()))
                .map(|c| self.lower_stmt(c))
                .collect();
            let choice = self.stmt(
                StmtKind::Choice {
                    alts,
                    may_skip: true,
                },
                sp,
            );
            pre.push(choice);
            return self.stmt(StmtKind::Seq(pre), sp);
        }
        if self.flow.is_loop(k) {
            let mut bind = Vec::new();
            let mut iter = None;
            let mut pre = Vec::new();
            let target = n
                .child_by_field_name("left")
                .or_else(|| n.child_by_field_name("pattern"))
                .or_else(|| {
                    if k == "enhanced_for_statement" || k == "foreach_statement" {
                        n.child_by_field_name("name")
                    } else {
                        None
                    }
                })
                .or_else(|| {
                    if k == "for_range_loop" {
                        n.child_by_field_name("declarator")
                    } else {
                        None
                    }
                });
            let coll = n.child_by_field_name("right").or_else(|| {
                if target.is_some() {
                    n.child_by_field_name("value")
                } else {
                    None
                }
            });
            if let (Some(t), Some(c)) = (target, coll) {
                bind = self.places(t).into_iter().map(|(p, _)| p).collect();
                iter = Some(self.lower_expr(c));
            }
            // Go: for k, v := range xs { } keeps the clause in a child.
            if let Some(rc) = self
                .named(n)
                .into_iter()
                .find(|c| c.kind() == "range_clause")
                && let (Some(l), Some(r)) = (
                    rc.child_by_field_name("left"),
                    rc.child_by_field_name("right"),
                )
            {
                bind = self.places(l).into_iter().map(|(p, _)| p).collect();
                iter = Some(self.lower_expr(r));
            }
            if let Some(init) = n
                .child_by_field_name("initializer")
                .or_else(|| n.child_by_field_name("init"))
            {
                pre.push(self.lower_stmt(init));
            }
            let cond = n
                .child_by_field_name("condition")
                .map(|c| self.lower_expr(c));
            let body_node = n
                .child_by_field_name("body")
                .or_else(|| self.named(n).into_iter().last());
            let mut body_parts = Vec::new();
            if let Some(b) = body_node {
                body_parts.push(self.lower_stmt(b));
            }
            if let Some(u) = n
                .child_by_field_name("update")
                .or_else(|| n.child_by_field_name("increment"))
            {
                let e = self.lower_expr(u);
                body_parts.push(self.stmt(StmtKind::Expr(e), span(u)));
            }
            let body = self.stmt(StmtKind::Seq(body_parts), sp);
            if self.flow.is_post_test_loop(k) {
                // The body of a do-while runs once before the condition is tested.
                pre.push(body);
            }
            let lp = self.stmt(
                StmtKind::Loop {
                    bind,
                    iter,
                    cond,
                    body,
                },
                sp,
            );
            pre.push(lp);
            return self.stmt(StmtKind::Seq(pre), sp);
        }
        if matches!(
            k,
            "try_statement" | "try_expression" | "begin" | "try_with_resources_statement"
        ) {
            let mut seq = Vec::new();
            let mut handlers = Vec::new();
            for c in self.named(n) {
                let ck = c.kind();
                if ck.contains("catch") || ck.contains("except") || ck.contains("rescue") {
                    handlers.push(self.lower_stmt(c));
                } else {
                    seq.push(self.lower_stmt(c));
                }
            }
            if !handlers.is_empty() {
                seq.push(self.stmt(
                    StmtKind::Choice {
                        alts: handlers,
                        may_skip: true,
                    },
                    sp,
                ));
            }
            return self.stmt(StmtKind::Seq(seq), sp);
        }
        if self.assignment_parts(n).is_some() && !k.contains("list") {
            let e = self.lower_expr(n);
            return self.stmt(StmtKind::Expr(e), sp);
        }
        let container = k.ends_with("statement") && !matches!(k, "expression_statement")
            || k.ends_with("block")
            || k.ends_with("body")
            || k.ends_with("declaration")
            || k.ends_with("_list")
            || k.ends_with("clause")
            || matches!(
                k,
                "program"
                    | "module"
                    | "source_file"
                    | "translation_unit"
                    | "compilation_unit"
                    | "statements"
                    | "then"
                    | "do"
                    | "block"
                    | "compound_statement"
                    | "chunk"
                    | "global_statement"
                    | "local_variable_declaration"
                    | "lexical_declaration"
                    | "variable_declaration"
                    | "var_declaration"
                    | "const_declaration"
                    | "declaration"
                    | "field_declaration"
                    | "expression_statement"
            );
        if container && k != "expression_statement" {
            let parts: Vec<StmtId> = self
                .named(n)
                .into_iter()
                .map(|c| self.lower_stmt(c))
                .collect();
            return self.stmt(StmtKind::Seq(parts), sp);
        }
        if k == "expression_statement" {
            let parts: Vec<StmtId> = self
                .named(n)
                .into_iter()
                .map(|c| {
                    let e = self.lower_expr(c);
                    self.stmt(StmtKind::Expr(e), span(c))
                })
                .collect();
            return self.stmt(StmtKind::Seq(parts), sp);
        }
        let e = self.lower_expr(n);
        self.stmt(StmtKind::Expr(e), sp)
    }
}
