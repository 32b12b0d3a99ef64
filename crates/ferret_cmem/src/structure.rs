//! Checks on a function's shape rather than on values: a function declared to return a value
//! whose closing brace is reached on a feasible path (`missing-return`), and the address of a
//! function compared with NULL or used as a condition (`function-address-test`), and `if` or
//! `while` statements whose body is an empty statement (`empty-body`).

use tree_sitter::Node;

use crate::analysis::{Function, Unit};
use crate::cfg::{Action, Cfg};
use crate::eval::Ctx;
use crate::syntax::{callee_name, operator, strip, text};
use crate::value::State;
use crate::{Check, Defect, span_of};

/// Reports `f`'s closing brace when a value-returning function reaches it on a feasible path
/// (`states` are the fixpoint's), unless the path's last statement is a call that may never
/// return (a function or macro the unit does not define: `fatal(...)`, `BUG()`).
pub(crate) fn missing_return(
    ctx: &mut Ctx<'_>,
    f: &Function<'_>,
    cfg: &Cfg<'_>,
    states: &[Option<State>],
) {
    if !ctx.checks.contains(&Check::MissingReturn) || !returns_value(f, ctx.unit) {
        return;
    }
    let src = ctx.unit.src;
    let body = &src[f.body.start_byte()..f.body.end_byte()];
    // `#if` branches the build does not compile, and inline assembly, hide returns.
    if body.contains(&b'#') || crate::analysis::contains(body, b"asm") {
        return;
    }
    let Some(end) = cfg
        .nodes
        .iter()
        .position(|n| matches!(n.action, Action::FallOff(_)))
    else {
        return;
    };
    if states[end].is_none() {
        return;
    }
    for n in &cfg.nodes {
        if n.succs.iter().any(|(s, _)| *s == end)
            && let Action::Stmt(s) = n.action
            && may_not_return(ctx.unit, s)
        {
            return;
        }
    }
    let at = f.body.end_byte().saturating_sub(1);
    let span = ferret_core::Span::new(at, at + 1);
    if ctx.seen.insert((Check::MissingReturn, span)) {
        ctx.defects.push(Defect {
            check: Check::MissingReturn,
            span,
            message: format!(
                "`{}` is declared to return a value, but a path reaches its closing brace without `return`",
                f.name
            ),
            trace: Vec::new(),
        });
    }
}

/// Whether `f` is declared to return a value: a pointer, or a non-`void` type it names (not
/// `main`, whose end returns 0, nor a constructor, destructor or `auto` function).
fn returns_value(f: &Function<'_>, unit: &Unit<'_>) -> bool {
    if f.name == "main" {
        return false;
    }
    let (Some(ty), Some(d)) = (
        f.def.child_by_field_name("type"),
        f.def.child_by_field_name("declarator"),
    ) else {
        return false;
    };
    // `T *f(...)`, `T &f(...)`: a pointer or reference; `T *x{}` (C++ read as C) is no function.
    let mut inner = d;
    let mut pointer = false;
    while matches!(
        inner.kind(),
        "pointer_declarator" | "reference_declarator" | "attributed_declarator"
    ) {
        pointer |= inner.kind() != "attributed_declarator";
        let Some(next) = inner
            .child_by_field_name("declarator")
            .or_else(|| inner.named_child(0))
        else {
            return false;
        };
        inner = next;
    }
    if inner.kind() != "function_declarator" {
        return false;
    }
    if pointer {
        return true;
    }
    // `API_MACRO void f(...)`: the macro is read as the type, `void` is in the head too.
    let head = text_between(unit.src, f.def.start_byte(), d.start_byte());
    if head
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w == "void")
    {
        return false;
    }
    match ty.kind() {
        "primitive_type" => text(ty, unit.src) != "void",
        "sized_type_specifier"
        | "struct_specifier"
        | "union_specifier"
        | "enum_specifier"
        | "type_identifier"
        | "template_type"
        | "qualified_identifier" => !text(ty, unit.src).to_ascii_lowercase().contains("void"),
        _ => false,
    }
}

fn text_between(src: &[u8], a: usize, b: usize) -> &str {
    std::str::from_utf8(&src[a.min(b)..b]).unwrap_or("")
}

/// Whether the statement `s` may be a call that never returns: it calls, or names, something the
/// unit neither defines as a function nor knows as a C library function that returns.
fn may_not_return(unit: &Unit<'_>, s: Node<'_>) -> bool {
    let Some(e) = s.named_child(0).filter(|c| c.kind() != "comment") else {
        return false;
    };
    let e = strip(e);
    match e.kind() {
        "identifier" => true,
        "call_expression" => callee_name(e, unit.src)
            .is_none_or(|c| !unit.defined.contains_key(c) && !crate::macros::returns(c)),
        _ => false,
    }
}

/// Reports every place in `f` where a function's address is compared with NULL or used as a
/// condition: the address of a function is never NULL, so the test is constant and a call was
/// meant (`if (init == NULL)` for `if (init() == NULL)`). Files that declare weak symbols are
/// left alone: the address of an undefined weak function is NULL.
pub(crate) fn function_address_tests(ctx: &mut Ctx<'_>, f: &Function<'_>) {
    if !ctx.checks.contains(&Check::FunctionAddressTest) || ctx.unit.weak {
        return;
    }
    for n in descendants(f.body) {
        for tested in tested_operands(n, ctx.unit.src) {
            if let Some(name) = function_named(ctx, tested) {
                let span = span_of(tested);
                if ctx.seen.insert((Check::FunctionAddressTest, span)) {
                    ctx.defects.push(Defect {
                        check: Check::FunctionAddressTest,
                        span,
                        message: format!(
                            "the address of function `{name}` is never NULL, so this test is constant; was a call `{name}(...)` meant?"
                        ),
                        trace: Vec::new(),
                    });
                }
            }
        }
    }
}

/// The named nodes under `root` (itself included), at most 200,000 of them.
fn descendants(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if out.len() >= 200_000 {
            break;
        }
        out.push(n);
        let mut w = n.walk();
        stack.extend(n.named_children(&mut w));
    }
    out
}

/// The operands `n` tests for being non-null: a condition of `if`, `while`, `do`, `for` or `?:`,
/// the operand of `!`, `&&` and `||`, and a side of `==` / `!=` whose other side is NULL.
fn tested_operands<'t>(n: Node<'t>, src: &[u8]) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    match n.kind() {
        "if_statement"
        | "while_statement"
        | "do_statement"
        | "for_statement"
        | "conditional_expression" => {
            if let Some(c) = n.child_by_field_name("condition") {
                let c = match c.kind() {
                    "condition_clause" => c.child_by_field_name("value").unwrap_or(c),
                    _ => c,
                };
                out.push(c);
            }
        }
        "unary_expression" if operator(n, src) == "!" => {
            out.extend(n.child_by_field_name("argument"));
        }
        "binary_expression" => {
            let (Some(l), Some(r)) = (
                n.child_by_field_name("left"),
                n.child_by_field_name("right"),
            ) else {
                return out;
            };
            match operator(n, src) {
                "&&" | "||" => out.extend([l, r]),
                "==" | "!=" => {
                    if is_null(r, src) {
                        out.push(l);
                    } else if is_null(l, src) {
                        out.push(r);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
    out
}

/// Whether `e` is a null pointer constant: `NULL`, `nullptr`, `0`, `(void *)0`.
fn is_null(e: Node<'_>, src: &[u8]) -> bool {
    let e = strip(e);
    match e.kind() {
        "null" | "nullptr" => true,
        "identifier" => text(e, src) == "NULL",
        "number_literal" => text(e, src) == "0",
        _ => false,
    }
}

/// The function `e` names, when `e` is a function's name (or its address, `&f`) and no
/// variable of that name hides the function.
fn function_named<'a>(ctx: &Ctx<'a>, e: Node<'_>) -> Option<&'a str> {
    let mut e = strip(e);
    if e.kind() == "pointer_expression" && operator(e, ctx.unit.src) == "&" {
        e = strip(e.child_by_field_name("argument")?);
    }
    if e.kind() != "identifier" {
        return None;
    }
    let name = text(e, ctx.unit.src);
    let unit = ctx.unit;
    (unit.functions.contains(name)
        && !unit.macros.contains(name)
        && !unit.globals.contains_key(name)
        && !ctx.locals.contains_key(name))
    .then_some(name)
}

/// Reports `if (c);` (no `else`) whose condition has no side effect, which runs the statement
/// after it whatever `c` is, and `while (c);` whose condition has no side effect and reads only
/// plain locals that are neither `volatile` nor address-taken: nothing can change them, so the
/// loop never ends once entered. `while (1);` (a deliberate halt) has no variable and is left
/// alone.
pub(crate) fn empty_bodies(ctx: &mut Ctx<'_>, f: &Function<'_>) {
    if !ctx.checks.contains(&Check::EmptyBody) {
        return;
    }
    let src = ctx.unit.src;
    for n in descendants(f.body) {
        let body = match n.kind() {
            "if_statement" if n.child_by_field_name("alternative").is_none() => {
                n.child_by_field_name("consequence")
            }
            "while_statement" => n.child_by_field_name("body"),
            _ => continue,
        };
        let Some(body) = body.filter(|b| is_empty_statement(*b, src)) else {
            continue;
        };
        let Some(cond) = n.child_by_field_name("condition") else {
            continue;
        };
        let Some(names) = pure_names(cond, src) else {
            continue;
        };
        let message = if n.kind() == "if_statement" {
            "this `if` has an empty body (`;`): the statement after it runs whether the condition holds or not"
        } else {
            if names.is_empty() || !names.iter().all(|x| unchanging_local(ctx, f, x)) {
                continue;
            }
            "this `while` loop has an empty body and its condition reads only locals nothing can change: once entered, it never ends"
        };
        let span = span_of(n);
        if ctx.seen.insert((Check::EmptyBody, span)) {
            ctx.defects.push(Defect {
                check: Check::EmptyBody,
                span: ferret_core::Span::new(n.start_byte(), body.end_byte()),
                message: message.to_string(),
                trace: Vec::new(),
            });
        }
    }
}

/// Whether `n` is the empty statement `;`.
fn is_empty_statement(n: Node<'_>, src: &[u8]) -> bool {
    n.kind() == "expression_statement" && n.named_child_count() == 0 && text(n, src).trim() == ";"
}

/// The identifiers `cond` reads, when it has no side effect (no call, assignment, increment) and
/// reads no memory through a pointer, field or element; `None` otherwise.
fn pure_names<'a>(cond: Node<'_>, src: &'a [u8]) -> Option<Vec<&'a str>> {
    let mut names = Vec::new();
    let mut stack = vec![cond];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "call_expression"
            | "assignment_expression"
            | "update_expression"
            | "field_expression"
            | "subscript_expression"
            | "pointer_expression"
            | "comment"
            | "ERROR" => return None,
            "identifier" => names.push(text(n, src)),
            _ => {}
        }
        if names.len() > 64 {
            return None;
        }
        let mut w = n.walk();
        stack.extend(n.named_children(&mut w));
    }
    Some(names)
}

/// Whether `name` is a plain non-pointer local of `f` that is not `volatile` and whose address is
/// never taken, so only `f`'s own statements can change it.
fn unchanging_local(ctx: &Ctx<'_>, f: &Function<'_>, name: &str) -> bool {
    let Some(info) = ctx.locals.get(name) else {
        return false;
    };
    if !info.local || info.pointers > 0 || !info.dims.is_empty() {
        return false;
    }
    let body = text(f.def, ctx.unit.src);
    let words: Vec<&str> = body
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    if words.contains(&"volatile") {
        return false;
    }
    !body.contains(&format!("&{name}")) && !body.contains(&format!("& {name}"))
}
