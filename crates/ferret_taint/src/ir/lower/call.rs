//! Lowering calls: the callee, its receiver and qualifier, and the arguments.

use tree_sitter::Node;

use super::super::literals::path_text;
use super::super::{ExprId, ExprKind};
use super::{Lower, span};

impl<'a> Lower<'a> {
    pub(crate) fn lower_call(&mut self, n: Node<'a>) -> ExprId {
        let sp = span(n);
        let (callee, receiver_node) = self.callee_and_receiver(n);
        let name = self.callee_name(callee, receiver_node);
        let qualifier = receiver_node.and_then(|r| path_text(self.text(r)));
        let receiver = receiver_node.map(|r| self.lower_expr(r));
        let recv = self.recv_of(receiver_node, receiver);
        let args = self.lower_args(n);
        self.expr(
            ExprKind::Call {
                name,
                receiver,
                args,
                recv,
                qualifier,
            },
            sp,
        )
    }

    /// The callee and the receiver of a call: `obj.m(...)` splits a member callee into both.
    fn callee_and_receiver(&self, n: Node<'a>) -> (Option<Node<'a>>, Option<Node<'a>>) {
        let callee = n
            .child_by_field_name("function")
            .or_else(|| n.child_by_field_name("method"))
            .or_else(|| n.child_by_field_name("macro"))
            .or_else(|| n.child_by_field_name("constructor"))
            .or_else(|| n.child_by_field_name("type"))
            .or_else(|| n.child_by_field_name("name"));
        let explicit_receiver = n
            .child_by_field_name("object")
            .or_else(|| n.child_by_field_name("receiver"))
            .or_else(|| n.child_by_field_name("scope"));
        let mut callee = callee.or_else(|| self.named(n).into_iter().next());
        let mut receiver_node = explicit_receiver;
        // `obj.m(...)` where the callee is a member expression.
        if receiver_node.is_none()
            && let Some(c) = callee
            && self.flow.is_method_callee(c.kind())
        {
            let obj = c
                .child_by_field_name("object")
                .or_else(|| c.child_by_field_name("operand"))
                .or_else(|| c.child_by_field_name("expression"))
                .or_else(|| c.child_by_field_name("value"))
                .or_else(|| c.child_by_field_name("argument"))
                .or_else(|| c.child_by_field_name("path"))
                .or_else(|| c.child_by_field_name("scope"))
                .or_else(|| self.named(c).into_iter().next());
            let field = c
                .child_by_field_name("attribute")
                .or_else(|| c.child_by_field_name("property"))
                .or_else(|| c.child_by_field_name("field"))
                .or_else(|| c.child_by_field_name("name"))
                .or_else(|| self.named(c).into_iter().last());
            if let Some(o) = obj
                && field.is_some_and(|f| f.id() != o.id())
            {
                receiver_node = Some(o);
                callee = field;
            }
        }
        (callee, receiver_node)
    }

    /// The name a call calls: the callee's last segment without type arguments, or (C and C++)
    /// the function a function pointer only ever holds.
    fn callee_name(&self, callee: Option<Node<'a>>, receiver_node: Option<Node<'a>>) -> String {
        let name_text = callee.map(|c| self.text(c)).unwrap_or("");
        let name = name_text
            .rsplit(['.', ':', '>', '\\'])
            .next()
            .unwrap_or(name_text)
            .split('<')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches("new ")
            .to_string();
        // C and C++: a call through a function pointer that only ever holds `f` calls `f`.
        match self
            .aliases
            .funcs
            .get(name.trim_matches(|c: char| c == '(' || c == ')' || c == '*' || c == ' '))
        {
            Some(f) if receiver_node.is_none() => f.clone(),
            _ => name,
        }
    }

    /// The arguments of a call, C++ array lengths of `new T[n]` and a trailing block.
    fn lower_args(&mut self, n: Node<'a>) -> Vec<ExprId> {
        let f = self.flow;
        let args_node = n
            .child_by_field_name("arguments")
            .or_else(|| {
                // Go `T{F: v}`: the elements are the arguments.
                if f.composite_literals.contains(&n.kind()) {
                    n.child_by_field_name("body")
                } else {
                    None
                }
            })
            .or_else(|| {
                self.named(n).into_iter().find(|c| {
                    f.argument_lists.contains(&c.kind())
                        || (f.macro_calls.contains(&n.kind())
                            && f.macro_arguments.contains(&c.kind()))
                })
            });
        let mut args = Vec::new();
        if let Some(a) = args_node {
            let mut items = self.named(a);
            // Kotlin: call_suffix > value_arguments > value_argument.
            while items.len() == 1 && f.nested_argument_lists.contains(&items[0].kind()) {
                items = self.named(items[0]);
            }
            for item in items {
                args.push(self.lower_expr(item));
            }
        }
        // C++ `new T[n]` (and `new T[n][4]`): the array lengths are operands too.
        if f.array_news.contains(&n.kind())
            && let Some(d) = n.child_by_field_name("declarator")
        {
            let mut todo = vec![d];
            while let Some(d) = todo.pop() {
                if !f.new_declarators.contains(&d.kind()) {
                    continue;
                }
                if let Some(len) = d.child_by_field_name("length") {
                    args.push(self.lower_expr(len));
                }
                todo.extend(
                    self.named(d)
                        .into_iter()
                        .filter(|c| f.new_declarators.contains(&c.kind())),
                );
            }
        }
        // Trailing lambdas and blocks (Ruby `do ... end`, Kotlin `{ }`).
        if let Some(b) = n.child_by_field_name("block") {
            args.push(self.lower_expr(b));
        }
        args
    }
}
