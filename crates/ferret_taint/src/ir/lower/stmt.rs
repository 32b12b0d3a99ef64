//! Lowering statements: declarations, assignments, branches, loops, switches, returns and
//! the other statement forms of the thirteen languages. `lower_stmt` dispatches on the
//! statement family that the language's `FlowKinds` names; each family has its own helper.

use tree_sitter::Node;

use super::super::literals::literal;
use super::super::{ExprId, ExprKind, StmtId, StmtKind};
use super::{Lower, span};

impl<'a> Lower<'a> {
    pub(crate) fn lower_stmt(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        if self.out_of_budget() {
            return self.stmt(StmtKind::Nop, sp);
        }
        let k = n.kind();
        let f = self.flow;
        if f.comments.contains(&k) {
            return self.stmt(StmtKind::Nop, sp);
        }
        if f.is_function(k) && !f.is_closure(k) {
            self.nested.push(n);
            return self.stmt(StmtKind::Nop, sp);
        }
        if f.is_class(k) {
            return self.stmt(StmtKind::Nop, sp);
        }
        if f.is_return(k) {
            return self.lower_return(n);
        }
        if f.is_branch(k) {
            return self.lower_branch(n);
        }
        if f.else_clauses.contains(&k) {
            return self.lower_children(n);
        }
        if f.match_statements.contains(&k) {
            return self.lower_python_match(n);
        }
        if f.switches.contains(&k)
            || f.loose_cases.contains(&k)
                && n.parent().is_some_and(|p| f.programs.contains(&p.kind()))
        {
            return self.lower_switch(n);
        }
        if f.is_loop(k) {
            return self.lower_loop(n);
        }
        if f.tries.contains(&k) {
            return self.lower_try(n);
        }
        if self.assignment_parts(n).is_some() && !f.lists.contains(&k) {
            let e = self.lower_expr(n);
            return self.stmt(StmtKind::Expr(e), sp);
        }
        if f.containers.contains(&k) {
            return self.lower_children(n);
        }
        if f.expression_statements.contains(&k) {
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

    /// A sequence of the node's named children, each lowered as a statement.
    fn lower_children(&mut self, n: Node<'a>) -> StmtId {
        let parts: Vec<StmtId> = self
            .named(n)
            .into_iter()
            .map(|c| self.lower_stmt(c))
            .collect();
        self.stmt(StmtKind::Seq(parts), span(n))
    }

    /// `return e` (Kotlin's `jump_expression` only when it returns).
    fn lower_return(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        if self.flow.bare_jumps.contains(&n.kind()) && !self.text(n).starts_with("return") {
            return self.stmt(StmtKind::Nop, sp);
        }
        let v = self.named(n).into_iter().next().map(|e| self.lower_expr(e));
        self.stmt(StmtKind::Return(v), sp)
    }

    /// `if`, `elif`, `unless` and their modifier forms.
    fn lower_branch(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        let k = n.kind();
        let cond_node = n
            .child_by_field_name("condition")
            .or_else(|| self.named(n).into_iter().next());
        let Some(cond_node) = cond_node else {
            return self.stmt(StmtKind::Nop, sp);
        };
        let cond = self.lower_expr(cond_node);
        let cond = if self.flow.is_negated_branch(k) {
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
        let alternatives = self.flow.alternatives;
        let then_node = n
            .child_by_field_name("consequence")
            .or_else(|| n.child_by_field_name("body"))
            .or_else(|| {
                self.named(n)
                    .into_iter()
                    .find(|c| c.id() != cond_node.id() && !alternatives.contains(&c.kind()))
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
                .filter(|c| alternatives.contains(&c.kind()))
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
        self.stmt(StmtKind::If { cond, then, els }, sp)
    }

    /// `switch`, `match`, `when` and `case`: the subject, then one of the cases or none.
    fn lower_switch(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
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
        let cases: Vec<Node<'a>> = self
            .named(body)
            .into_iter()
            .filter(|c| subject.is_none_or(|s| s.id() != c.id()))
            .collect();
        let f = self.flow;
        let choice = if cases
            .iter()
            .any(|c| f.case_groups.contains(&c.kind()) || f.case_arms.contains(&c.kind()))
        {
            if let Some(entry) = self.constant_case(subject, &cases) {
                // `switch (7)`: only the matching case runs (and what it falls through to).
                let taken = self.entered_cases(&cases, entry);
                pre.push(taken);
                return self.stmt(StmtKind::Seq(pre), sp);
            }
            self.lower_cases(&cases, sp)
        } else {
            let alts: Vec<StmtId> = cases.into_iter().map(|c| self.lower_stmt(c)).collect();
            self.stmt(
                StmtKind::Choice {
                    alts,
                    may_skip: true,
                },
                sp,
            )
        };
        pre.push(choice);
        self.stmt(StmtKind::Seq(pre), sp)
    }

    /// Java and C# cases: one of them is entered (or none, without a `default` label); a
    /// group's statements run in order and, unless the group ends in a `break`, `return`,
    /// `throw`... (`case_exits`), fall through into the next group's. A run of groups
    /// `a b c` linked by fall-through is lowered as `((a | skip) b | skip) c`, the paths
    /// `a b c`, `b c` and `c`, in linear size; arms (`case 1 -> ...`) never fall through.
    fn lower_cases(&mut self, cases: &[Node<'a>], sp: ferret_core::Span) -> StmtId {
        let f = self.flow;
        let mut has_default = false;
        let mut alts = Vec::new();
        let mut run: Option<StmtId> = None;
        for c in cases {
            has_default |= self.has_default_label(*c);
            let parts: Vec<StmtId> = self
                .named(*c)
                .into_iter()
                .filter(|x| !f.switch_labels.contains(&x.kind()))
                .map(|x| self.lower_stmt(x))
                .collect();
            let mut seq = parts;
            if let Some(prev) = run.take() {
                let entered = self.stmt(
                    StmtKind::Choice {
                        alts: vec![prev],
                        may_skip: true,
                    },
                    span(*c),
                );
                seq.insert(0, entered);
            }
            let this = self.stmt(StmtKind::Seq(seq), span(*c));
            if f.case_groups.contains(&c.kind()) && !self.ends_in_exit(*c, 0) {
                run = Some(this);
            } else {
                alts.push(this);
            }
        }
        if let Some(last) = run {
            alts.push(last);
        }
        self.stmt(
            StmtKind::Choice {
                alts,
                may_skip: !has_default,
            },
            sp,
        )
    }

    /// The case a switch on a literal enters (`None` inside when none does): the one whose
    /// label holds that literal, else the `default` one. `None` when the subject is not a
    /// literal or a label is not (a name might equal the subject).
    fn constant_case(
        &self,
        subject: Option<Node<'a>>,
        cases: &[Node<'a>],
    ) -> Option<Option<usize>> {
        let f = self.flow;
        let mut s = subject?;
        while f.wrappers.contains(&s.kind()) {
            let kids = self.named(s);
            if kids.len() != 1 {
                return None;
            }
            s = kids[0];
        }
        let v = literal(self.lang, s, self.src)?;
        let mut found = None;
        let mut default = None;
        for (i, c) in cases.iter().enumerate() {
            let labels: Vec<Node<'a>> = self
                .named(*c)
                .into_iter()
                .filter(|x| f.switch_labels.contains(&x.kind()))
                .collect();
            if labels.is_empty() {
                return None;
            }
            for l in labels {
                for x in self.named(l) {
                    match literal(self.lang, x, self.src) {
                        Some(lv) if lv == v => found = found.or(Some(i)),
                        Some(_) => {}
                        None => return None,
                    }
                }
            }
            if self.has_default_label(*c) {
                default = Some(i);
            }
        }
        Some(found.or(default))
    }

    /// The statements of the case `entry` and of the groups it falls through into.
    fn entered_cases(&mut self, cases: &[Node<'a>], entry: Option<usize>) -> StmtId {
        let f = self.flow;
        let mut parts = Vec::new();
        for c in entry.map_or(&[][..], |i| &cases[i..]) {
            for x in self.named(*c) {
                if !f.switch_labels.contains(&x.kind()) {
                    parts.push(self.lower_stmt(x));
                }
            }
            if !f.case_groups.contains(&c.kind()) || self.ends_in_exit(*c, 0) {
                break;
            }
        }
        let sp = cases
            .first()
            .map_or(ferret_core::Span::new(0, 0), |c| span(*c));
        self.stmt(StmtKind::Seq(parts), sp)
    }

    /// Whether a case carries a `default` label (Java `default:`, `default ->`, C# `default:`).
    fn has_default_label(&self, c: Node<'a>) -> bool {
        let f = self.flow;
        let mut w = c.walk();
        let kids: Vec<Node<'a>> = c.children(&mut w).collect();
        kids.iter().any(|k| {
            f.default_labels.contains(&k.kind())
                || f.switch_labels.contains(&k.kind()) && {
                    let mut w2 = k.walk();
                    k.children(&mut w2)
                        .any(|x| f.default_labels.contains(&x.kind()))
                }
        })
    }

    /// Whether the last statement of `n` ends the case: a `case_exits` statement, or a block
    /// whose last statement does.
    fn ends_in_exit(&self, n: Node<'a>, depth: usize) -> bool {
        let Some(last) = self.named(n).into_iter().last() else {
            return false;
        };
        let f = self.flow;
        if f.case_exits.contains(&last.kind()) {
            return true;
        }
        depth < 4 && f.bodies.contains(&last.kind()) && self.ends_in_exit(last, depth + 1)
    }

    /// What a loop binds on each iteration and the collection it iterates:
    /// `for x in xs`, `for (T x : xs)`, Go's `for k, v := range xs`.
    fn loop_binding(&mut self, n: Node<'a>) -> (Vec<String>, Option<ExprId>) {
        let k = n.kind();
        let f = self.flow;
        let mut bind = Vec::new();
        let mut iter = None;
        let target = n
            .child_by_field_name("left")
            .or_else(|| n.child_by_field_name("pattern"))
            .or_else(|| {
                n.child_by_field_name("name")
                    .filter(|_| f.named_loop_targets.contains(&k))
            })
            .or_else(|| {
                n.child_by_field_name("declarator")
                    .filter(|_| f.declarator_loop_targets.contains(&k))
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
            .find(|c| f.range_clauses.contains(&c.kind()))
            && let (Some(l), Some(r)) = (
                rc.child_by_field_name("left"),
                rc.child_by_field_name("right"),
            )
        {
            bind = self.places(l).into_iter().map(|(p, _)| p).collect();
            iter = Some(self.lower_expr(r));
        }
        (bind, iter)
    }

    /// Loops: the initialiser, then the loop with its binding, condition, body and update.
    fn lower_loop(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        let mut pre = Vec::new();
        let (bind, iter) = self.loop_binding(n);
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
        if self.flow.is_post_test_loop(n.kind()) {
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
        self.stmt(StmtKind::Seq(pre), sp)
    }

    /// `try`: the body and `finally` in sequence, then one of the handlers or none.
    fn lower_try(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        let mut seq = Vec::new();
        let mut handlers = Vec::new();
        for c in self.named(n) {
            if self.flow.handlers.contains(&c.kind()) {
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
        self.stmt(StmtKind::Seq(seq), sp)
    }
}
