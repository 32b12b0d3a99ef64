//! Lowering Python's `match`: each `case` becomes a test of the subject, and capture names
//! bind the subject.

use ferret_core::Span;
use tree_sitter::Node;

use super::super::literals::literal;
use super::super::{Const, ExprId, ExprKind, StmtId, StmtKind};
use super::{Lower, span};

/// What a case of a Python `match` tests, and the names its pattern binds to the subject.
pub(crate) enum CaseTest {
    /// It always matches (`_`, a capture).
    Always(Vec<String>),
    /// It matches when the subject equals one of these.
    Lits(Vec<Const>, Vec<String>),
    /// It may or may not match.
    Unknown(Vec<String>),
}

impl<'a> Lower<'a> {
    /// Python's `match`: a chain of `if subject == literal` tests, one per `case`, so that a
    /// constant subject selects its case and the others are dead. Patterns other than literals,
    /// unions of literals, captures and `_` are tests of unknown outcome.
    pub(crate) fn lower_python_match(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        let Some(subject_node) = n.child_by_field_name("subject") else {
            return self.stmt(StmtKind::Nop, sp);
        };
        let subject = self.lower_expr(subject_node);
        let first = self.stmt(StmtKind::Expr(subject), span(subject_node));
        let clauses: Vec<Node<'a>> = n
            .child_by_field_name("body")
            .map(|b| {
                self.named(b)
                    .into_iter()
                    .filter(|c| self.flow.case_clauses.contains(&c.kind()))
                    .collect()
            })
            .unwrap_or_default();
        let mut chain: Option<StmtId> = None;
        for cl in clauses.into_iter().rev() {
            let csp = span(cl);
            let pats: Vec<Node<'a>> = self
                .named(cl)
                .into_iter()
                .filter(|c| self.flow.case_patterns.contains(&c.kind()))
                .collect();
            // `case a, b:` is a sequence pattern.
            let test = if pats.len() == 1 {
                self.case_test(pats[0])
            } else {
                CaseTest::Unknown(Vec::new())
            };
            let mut then_parts = Vec::new();
            let cond = match test {
                CaseTest::Always(binds) => {
                    self.bind_case(&binds, subject, csp, &mut then_parts);
                    None
                }
                CaseTest::Lits(lits, binds) => {
                    self.bind_case(&binds, subject, csp, &mut then_parts);
                    let mut cond: Option<ExprId> = None;
                    for c in lits {
                        let r = self.expr(ExprKind::Lit(c), csp);
                        let eq = self.expr(
                            ExprKind::Binary {
                                op: "==".into(),
                                l: subject,
                                r,
                            },
                            csp,
                        );
                        cond = Some(match cond {
                            None => eq,
                            Some(prev) => self.expr(
                                ExprKind::Binary {
                                    op: "or".into(),
                                    l: prev,
                                    r: eq,
                                },
                                csp,
                            ),
                        });
                    }
                    cond
                }
                CaseTest::Unknown(binds) => {
                    self.bind_case(&binds, subject, csp, &mut then_parts);
                    Some(self.expr(ExprKind::Other(Vec::new()), csp))
                }
            };
            let cond = match (cond, cl.child_by_field_name("guard")) {
                (c, Some(g)) => {
                    let ge = match self.named(g).into_iter().next() {
                        Some(x) => self.lower_expr(x),
                        None => self.expr(ExprKind::Other(Vec::new()), span(g)),
                    };
                    Some(match c {
                        None => ge,
                        Some(c) => self.expr(
                            ExprKind::Binary {
                                op: "and".into(),
                                l: c,
                                r: ge,
                            },
                            csp,
                        ),
                    })
                }
                (c, None) => c,
            };
            if let Some(body) = cl.child_by_field_name("consequence") {
                then_parts.push(self.lower_stmt(body));
            }
            let then = self.stmt(StmtKind::Seq(then_parts), csp);
            chain = Some(match cond {
                // An irrefutable pattern: the cases after it never run.
                None => then,
                Some(cond) => self.stmt(
                    StmtKind::If {
                        cond,
                        then,
                        els: chain,
                    },
                    csp,
                ),
            });
        }
        let mut parts = vec![first];
        parts.extend(chain);
        self.stmt(StmtKind::Seq(parts), sp)
    }

    /// Capture names of a case pattern receive the subject.
    pub(crate) fn bind_case(
        &mut self,
        binds: &[String],
        subject: ExprId,
        sp: Span,
        out: &mut Vec<StmtId>,
    ) {
        if binds.is_empty() {
            return;
        }
        self.decls.extend(binds.iter().cloned());
        self.local_names.extend(binds.iter().cloned());
        let e = self.expr(
            ExprKind::Assign {
                places: binds.iter().map(|b| (b.clone(), true)).collect(),
                value: subject,
                compound: false,
                reads: Vec::new(),
            },
            sp,
        );
        out.push(self.stmt(StmtKind::Expr(e), sp));
    }

    /// What a Python case pattern tests.
    pub(crate) fn case_test(&self, p: Node<'a>) -> CaseTest {
        let named = self.named(p);
        let f = self.flow;
        let k = p.kind();
        if f.case_patterns.contains(&k) {
            if named.is_empty() {
                // `_`
                return CaseTest::Always(Vec::new());
            }
            if named.len() == 1 {
                if self.text(p).trim_start().starts_with('-') {
                    return match literal(self.lang, named[0], self.src) {
                        Some(Const::Int(i)) => CaseTest::Lits(vec![Const::Int(-i)], Vec::new()),
                        _ => CaseTest::Unknown(Vec::new()),
                    };
                }
                return self.case_test(named[0]);
            }
            return CaseTest::Unknown(Vec::new());
        }
        if f.capture_patterns.contains(&k) && named.len() == 1 {
            return CaseTest::Always(vec![self.text(named[0]).to_string()]);
        }
        if f.plain_identifiers.contains(&k) {
            return CaseTest::Always(vec![self.text(p).to_string()]);
        }
        if f.union_patterns.contains(&k) {
            let mut lits = Vec::new();
            for x in named {
                match self.case_test(x) {
                    CaseTest::Lits(l, b) if b.is_empty() => lits.extend(l),
                    CaseTest::Always(b) if b.is_empty() => {
                        return CaseTest::Always(Vec::new());
                    }
                    _ => return CaseTest::Unknown(Vec::new()),
                }
            }
            return CaseTest::Lits(lits, Vec::new());
        }
        if f.as_patterns.contains(&k) {
            return self.as_case_test(&named);
        }
        match literal(self.lang, p, self.src) {
            Some(c) => CaseTest::Lits(vec![c], Vec::new()),
            None => CaseTest::Unknown(Vec::new()),
        }
    }

    /// `p as name`: what `p` tests, and `name` bound too.
    fn as_case_test(&self, named: &[Node<'a>]) -> CaseTest {
        let f = self.flow;
        let name = named
            .iter()
            .rev()
            .find(|x| f.plain_identifiers.contains(&x.kind()))
            .map(|x| self.text(*x).to_string());
        let inner = named
            .iter()
            .find(|x| f.case_patterns.contains(&x.kind()))
            .map(|x| self.case_test(*x))
            .unwrap_or(CaseTest::Unknown(Vec::new()));
        let add = |mut b: Vec<String>| {
            b.extend(name.clone());
            b
        };
        match inner {
            CaseTest::Always(b) => CaseTest::Always(add(b)),
            CaseTest::Lits(l, b) => CaseTest::Lits(l, add(b)),
            CaseTest::Unknown(b) => CaseTest::Unknown(add(b)),
        }
    }
}
