//! Arithmetic checks on integer intervals: division or remainder by a divisor that is zero on
//! every path, shifts by a negative amount or by at least the width of the promoted left operand,
//! and the address of a local returned from its function. Only expressions whose type is known to
//! be an integer are judged (`x / 0.0` is IEEE arithmetic, and in C++ `out << 64` may be a stream).

use tree_sitter::Node;

use crate::Check;
use crate::eval::Ctx;
use crate::syntax::{operator, text};
use crate::types::{BaseKind, parse_number, type_node_size};
use crate::value::Val;

/// Whether a literal's text is a floating-point constant.
fn float_literal(t: &str) -> bool {
    let hex = t.starts_with("0x") || t.starts_with("0X");
    t.contains('.') || (!hex && (t.contains(['e', 'E', 'f', 'F'])))
}

impl Ctx<'_> {
    /// Whether `e` certainly has an integer type: integer literals, integer-typed variables and
    /// constants, and arithmetic over them.
    pub(crate) fn is_int_expr(&self, e: Node<'_>, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        let src = self.src();
        match e.kind() {
            "parenthesized_expression" => e
                .named_child(0)
                .is_some_and(|c| self.is_int_expr(c, depth + 1)),
            "cast_expression" => {
                let ty = e.child_by_field_name("type").map_or("", |t| text(t, src));
                !ty.contains("float")
                    && !ty.contains("double")
                    && !ty.contains('*')
                    && e.child_by_field_name("value")
                        .is_some_and(|v| self.is_int_expr(v, depth + 1))
            }
            "number_literal" => !float_literal(text(e, src)),
            "char_literal" | "sizeof_expression" => true,
            "identifier" => {
                let name = text(e, src);
                match self.info(name) {
                    Some(i) => {
                        i.base == BaseKind::Scalar && !i.float && i.pointers == 0 && !i.is_array()
                    }
                    None => self.unit.defines.contains_key(name),
                }
            }
            "binary_expression" => {
                matches!(
                    operator(e, src),
                    "+" | "-" | "*" | "/" | "%" | "<<" | ">>" | "&" | "|" | "^"
                ) && ["left", "right"].iter().all(|f| {
                    e.child_by_field_name(f)
                        .is_some_and(|c| self.is_int_expr(c, depth + 1))
                })
            }
            // An element of an integer array, or what an integer pointer points to.
            "subscript_expression" | "pointer_expression" if operator(e, src) != "&" => {
                let mut base = e;
                let mut levels = 0;
                while matches!(base.kind(), "subscript_expression" | "pointer_expression") {
                    levels += 1;
                    base = match base.child_by_field_name("argument") {
                        Some(b) => crate::syntax::strip(b),
                        None => return false,
                    };
                }
                base.kind() == "identifier"
                    && self.info(text(base, src)).is_some_and(|i| {
                        i.base == BaseKind::Scalar
                            && !i.float
                            && i.pointers + i.dims.len() == levels
                    })
            }
            // A call of a same-file function declared to return an integer.
            "call_expression" => e
                .child_by_field_name("function")
                .is_some_and(|f| self.unit.int_functions.contains(text(f, src))),
            "unary_expression" => {
                matches!(operator(e, src), "-" | "+" | "~")
                    && e.child_by_field_name("argument")
                        .is_some_and(|c| self.is_int_expr(c, depth + 1))
            }
            _ => false,
        }
    }

    /// `l / r` or `l % r` (also `/=`, `%=`) at `at`, with the divisor's value `rv`.
    pub(crate) fn check_division(&mut self, at: Node<'_>, l: Node<'_>, r: Node<'_>, rv: &Val) {
        let Val::Int(d) = rv else { return };
        if d.constant() != Some(0) || !self.is_int_expr(l, 0) || !self.is_int_expr(r, 0) {
            return;
        }
        let divisor = text(r, self.src())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.emit(
            Check::DivideByZero,
            at,
            format!(
                "the divisor `{divisor}` is zero on every path that reaches this integer division"
            ),
            Vec::new(),
        );
    }

    /// Width in bits of the left operand of a shift after integer promotion, when its type is
    /// known: a declared variable, a literal, or a cast to a type of known size.
    fn shift_width(&self, l: Node<'_>, depth: usize) -> Option<i64> {
        let src = self.src();
        if depth > 16 {
            return None;
        }
        match l.kind() {
            "parenthesized_expression" => self.shift_width(l.named_child(0)?, depth + 1),
            "cast_expression" => {
                let size = type_node_size(l.child_by_field_name("type")?, src)?;
                Some(size.max(4) * 8)
            }
            "identifier" => {
                let i = self.info(text(l, src))?;
                Some(i.elem?.max(4) * 8)
            }
            "number_literal" => {
                let t = text(l, src);
                let v = parse_number(t)?;
                let long = t.contains(['l', 'L']) || v > i64::from(u32::MAX);
                Some(if long { 64 } else { 32 })
            }
            "char_literal" => Some(32),
            _ => None,
        }
    }

    /// `l << r` or `l >> r` (also `<<=`, `>>=`) at `at`, with the amount's value `rv`.
    pub(crate) fn check_shift(&mut self, at: Node<'_>, l: Node<'_>, r: Node<'_>, rv: &Val) {
        let Val::Int(amount) = rv else { return };
        if !amount.bounded() || !self.is_int_expr(l, 0) || !self.is_int_expr(r, 0) {
            return;
        }
        let width = self.shift_width(l, 0);
        let what = text(r, self.src())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let message = if amount.hi < 0 {
            format!(
                "the shift amount `{what}` is negative on every path ({})",
                amount.hi
            )
        } else if let Some(width) = width
            && amount.lo >= width
        {
            format!(
                "the shift amount `{what}` is at least {}, but the shifted operand has only {width} bits",
                amount.lo
            )
        } else {
            return;
        };
        self.emit(Check::ShiftOutOfRange, at, message, Vec::new());
    }

    /// A `return` of the value `v` (the expression `at`).
    pub(crate) fn check_return(&mut self, at: Node<'_>, v: &Val) {
        if let Val::NotHeap { what, .. } = v
            && self.returns_pointer
            && matches!(*what, "local array" | "local variable" | "alloca block")
        {
            let name = text(at, self.src())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            self.emit(
                Check::ReturnLocalAddress,
                at,
                format!("`{name}` is the address of a {what}, which no longer exists once the function returns"),
                Vec::new(),
            );
        }
    }
}
