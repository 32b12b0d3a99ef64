//! Associative and commutative matching of operator chains (`a && b && c`, `a | b | c`).

use ferret_core::Span;
use tree_sitter::Node;

use crate::Binding;
use crate::compile::PNode;
use crate::matcher::{Ctx, Env, K};

impl<'t> Ctx<'_, 't> {
    /// Matches a flattened chain pattern against `t`.
    pub(crate) fn m_assoc(&self, p: &PNode, t: Node<'t>, env: &mut Env<'t>, k: K<'_, 't>) -> bool {
        let PNode::Assoc {
            kind,
            op,
            boolop,
            commutative,
            operands,
        } = p
        else {
            return false;
        };
        if t.kind_id() != *kind || !self.has_op(t, *op) {
            return match self.symbolic(t) {
                Some(e) => self.m(p, e, env, k),
                None => false,
            };
        }
        let mut flat = Vec::new();
        self.flatten(t, *kind, *op, &mut flat);
        if *commutative || (*boolop && self.opts.get().commutative_boolop) {
            let ps: Vec<&PNode> = operands.iter().filter(|p| **p != PNode::Ellipsis).collect();
            let total = flat.len();
            return self.unordered(&ps, &flat, 0, true, total, env, k);
        }
        self.assoc_seq(operands, &flat, env, k)
    }

    /// Whether binary node `t` has the operator token of kind `op`.
    fn has_op(&self, t: Node<'t>, op: u16) -> bool {
        let mut c = t.walk();
        t.children(&mut c)
            .any(|ch| !ch.is_named() && ch.kind_id() == op)
    }

    /// The operands of a chain of one operator, through regrouping parentheses.
    fn flatten(&self, t: Node<'t>, kind: u16, op: u16, out: &mut Vec<Node<'t>>) {
        let mut c = t.walk();
        for ch in t.named_children(&mut c) {
            if self.kinds.comments.contains(&ch.kind_id()) {
                continue;
            }
            let mut inner = ch;
            while self.kinds.parens.contains(&inner.kind_id())
                && let Some(x) = self.single_named_child(inner)
            {
                inner = x;
            }
            if inner.kind_id() == kind && self.has_op(inner, op) && out.len() < 64 {
                self.flatten(inner, kind, op, out);
            } else {
                out.push(ch);
            }
        }
    }

    /// An associative chain: each pattern operand matches one or more consecutive operands
    /// (several only for a metavariable, bound to their range), `...` any number.
    fn assoc_seq(&self, ps: &[PNode], ts: &[Node<'t>], env: &mut Env<'t>, k: K<'_, 't>) -> bool {
        if self.exhausted() {
            return true;
        }
        let Some((p0, rest)) = ps.split_first() else {
            return ts.is_empty() && k(env);
        };
        match p0 {
            PNode::Ellipsis => (0..=ts.len()).any(|i| self.assoc_seq(rest, &ts[i..], env, k)),
            PNode::Metavar(name) => (1..=ts.len()).any(|i| {
                if i == 1 {
                    return self.m(p0, ts[0], env, &mut |env| {
                        self.assoc_seq(rest, &ts[1..], env, k)
                    });
                }
                let b = Binding {
                    span: Span::new(ts[0].start_byte(), ts[i - 1].end_byte()),
                    node: None,
                };
                self.bind(name, b, env, &mut |env| {
                    self.assoc_seq(rest, &ts[i..], env, k)
                })
            }),
            _ => match ts.split_first() {
                Some((t0, tail)) => {
                    self.m(p0, *t0, env, &mut |env| self.assoc_seq(rest, tail, env, k))
                }
                None => false,
            },
        }
    }
}
