//! Branch conditions: refining the state on the edge where a condition holds or fails, and
//! pruning edges that cannot be taken (`p == NULL` right after `p = &x`, `i < 10` when `i` is 20,
//! constant conditions).

use tree_sitter::Node;

use crate::eval::Ctx;
use crate::syntax::{object_key, operator, strip, text};
use crate::value::{Interval, Nullness, State, Val};

/// Compares two intervals; `Some` when the outcome is the same for every pair of values.
pub(crate) fn compare(op: &str, a: Interval, b: Interval) -> Option<bool> {
    let always = |lt: bool| Some(lt);
    match op {
        "<" if a.hi < b.lo => always(true),
        "<" if a.lo >= b.hi => always(false),
        "<=" if a.hi <= b.lo => always(true),
        "<=" if a.lo > b.hi => always(false),
        ">" => compare("<", b, a),
        ">=" => compare("<=", b, a),
        "==" if a.constant().is_some() && a == b => always(true),
        "==" if a.hi < b.lo || b.hi < a.lo => always(false),
        "!=" => compare("==", a, b).map(|x| !x),
        _ => None,
    }
}

/// The state on the edge where `cond` evaluates to `truth`; `None` when that edge is infeasible.
pub(crate) fn refine(ctx: &mut Ctx<'_>, st: &State, cond: Node<'_>, truth: bool) -> Option<State> {
    refine_depth(ctx, st, cond, truth, 0)
}

fn refine_depth(
    ctx: &mut Ctx<'_>,
    st: &State,
    cond: Node<'_>,
    truth: bool,
    depth: usize,
) -> Option<State> {
    if depth > 32 {
        return Some(st.clone());
    }
    let src = ctx.unit.src;
    let c = strip(cond);
    match c.kind() {
        "unary_expression" if operator(c, src) == "!" => {
            let Some(a) = c.child_by_field_name("argument") else {
                return Some(st.clone());
            };
            return refine_depth(ctx, st, a, !truth, depth + 1);
        }
        "binary_expression" => {
            let op = operator(c, src);
            let (Some(l), Some(r)) = (
                c.child_by_field_name("left"),
                c.child_by_field_name("right"),
            ) else {
                return Some(st.clone());
            };
            if (op == "&&" && truth) || (op == "||" && !truth) {
                let s1 = refine_depth(ctx, st, l, truth, depth + 1)?;
                return refine_depth(ctx, &s1, r, truth, depth + 1);
            }
            if op == "&&" || op == "||" {
                // `!(a && b)`: a fails, or a holds and b fails.
                let first = refine_depth(ctx, st, l, truth, depth + 1);
                let second = refine_depth(ctx, st, l, !truth, depth + 1)
                    .and_then(|s| refine_depth(ctx, &s, r, truth, depth + 1));
                return match (first, second) {
                    (Some(a), Some(b)) => Some(a.join(&b, false)),
                    (a, b) => a.or(b),
                };
            }
            if matches!(op, "==" | "!=" | "<" | "<=" | ">" | ">=") {
                return compare_edge(ctx, st, op, l, r, truth);
            }
        }
        "call_expression" => {
            if let Some(a) = condition_wrapper(ctx, c) {
                return refine_depth(ctx, st, a, truth, depth + 1);
            }
        }
        "assignment_expression" => {
            // `if ((p = malloc(n)))`: the assigned object.
            let Some(l) = c.child_by_field_name("left") else {
                return Some(st.clone());
            };
            return truthiness(ctx, st, l, truth);
        }
        _ => {}
    }
    truthiness(ctx, st, c, truth)
}

/// The condition inside a call that stands for it: `__builtin_expect(c, 1)`, or a macro-like
/// callee given one test (`ossl_assert(p != NULL)`, `likely(n > 0)`), which yields its truth.
fn condition_wrapper<'t>(ctx: &Ctx<'_>, call: Node<'t>) -> Option<Node<'t>> {
    let src = ctx.unit.src;
    let f = strip(call.child_by_field_name("function")?);
    if f.kind() != "identifier" {
        return None;
    }
    let name = text(f, src);
    let args = crate::syntax::call_args(call);
    if name == "__builtin_expect" && args.len() == 2 {
        return args.first().copied();
    }
    let [a] = args.as_slice() else {
        return None;
    };
    let test = match strip(*a).kind() {
        "binary_expression" => matches!(
            operator(strip(*a), src),
            "&&" | "||" | "==" | "!=" | "<" | "<=" | ">" | ">="
        ),
        "unary_expression" => operator(strip(*a), src) == "!",
        _ => false,
    };
    (test && ctx.may_be_macro(name)).then_some(*a)
}

/// The value of an expression without effects (on a copy of the state, reporting off).
fn peek(ctx: &mut Ctx<'_>, st: &State, e: Node<'_>) -> Val {
    let e = strip(e);
    if e.kind() == "assignment_expression"
        && let Some(l) = e.child_by_field_name("left")
        && let Some(k) = object_key(l, ctx.unit.src)
    {
        return st.get(&k);
    }
    let report = std::mem::replace(&mut ctx.report, false);
    let mut copy = st.clone();
    let v = ctx.eval(&mut copy, e, 0);
    ctx.report = report;
    v
}

fn key_of(ctx: &Ctx<'_>, e: Node<'_>) -> Option<String> {
    let e = strip(e);
    if e.kind() == "assignment_expression" {
        return object_key(e.child_by_field_name("left")?, ctx.unit.src);
    }
    let k = object_key(e, ctx.unit.src)?;
    (!k.contains("[?]")).then_some(k)
}

/// `e` used as a condition on its own: non-zero / non-null when `truth`.
fn truthiness(ctx: &mut Ctx<'_>, st: &State, e: Node<'_>, truth: bool) -> Option<State> {
    let v = peek(ctx, st, e);
    match v {
        Val::Int(i) => {
            if let Some(k) = key_of(ctx, e) {
                let mut s = st.clone();
                if truth {
                    if i.constant() == Some(0) {
                        return None;
                    }
                    // Non-zero: trim a zero bound.
                    let mut i2 = i;
                    if i2.lo == 0 {
                        i2.lo = 1;
                    } else if i2.hi == 0 {
                        i2.hi = -1;
                    }
                    s.vars.insert(k, Val::Int(i2));
                } else {
                    s.vars.insert(k, Val::Int(i.meet(Interval::exact(0))?));
                }
                Some(s)
            } else {
                let nonzero = i.lo > 0 || i.hi < 0;
                let zero = i.constant() == Some(0);
                if (truth && zero) || (!truth && nonzero) {
                    None
                } else {
                    Some(st.clone())
                }
            }
        }
        _ => nullness(ctx, st, e, v, !truth),
    }
}

/// The edge where the pointer `e` (value `v`) is null (`want_null`) or not.
fn nullness(ctx: &Ctx<'_>, st: &State, e: Node<'_>, v: Val, want_null: bool) -> Option<State> {
    let mut s = st.clone();
    match &v {
        Val::Null => (want_null).then_some(s),
        Val::NotHeap { .. } | Val::NonNull => (!want_null).then_some(s),
        Val::Heap { alloc, .. } => {
            if let Some(a) = s.allocs.get_mut(alloc) {
                match (a.null, want_null) {
                    (Nullness::NonNull, true) | (Nullness::Null, false) => return None,
                    (_, true) => a.null = Nullness::Null,
                    (_, false) => a.null = Nullness::NonNull,
                }
            }
            Some(s)
        }
        _ => {
            // An untracked pointer tested against NULL is null on one edge and not null on the
            // other (`if (p == NULL) return;` leaves `p` non-null).
            if let Some(k) = key_of(ctx, e) {
                let is_ptr = ctx.info(&k).is_none_or(|i| i.pointers > 0)
                    || k.contains("->")
                    || k.contains('.');
                if is_ptr && (want_null || v == Val::Unknown) {
                    s.vars
                        .insert(k, if want_null { Val::Null } else { Val::NonNull });
                }
            }
            Some(s)
        }
    }
}

fn is_null_literal(ctx: &Ctx<'_>, e: Node<'_>) -> bool {
    let e = strip(e);
    match e.kind() {
        "null" | "nullptr" => true,
        "number_literal" => text(e, ctx.unit.src) == "0",
        "identifier" => text(e, ctx.unit.src) == "NULL",
        _ => false,
    }
}

fn flip(op: &str) -> &str {
    match op {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        o => o,
    }
}

fn negate(op: &str) -> &str {
    match op {
        "<" => ">=",
        "<=" => ">",
        ">" => "<=",
        ">=" => "<",
        "==" => "!=",
        _ => "==",
    }
}

fn compare_edge(
    ctx: &mut Ctx<'_>,
    st: &State,
    op: &str,
    l: Node<'_>,
    r: Node<'_>,
    truth: bool,
) -> Option<State> {
    let op = if truth { op } else { negate(op) };
    // Pointer tests against NULL.
    for (p, other) in [(l, r), (r, l)] {
        if is_null_literal(ctx, other) {
            let v = peek(ctx, st, p);
            if !matches!(v, Val::Int(_)) && matches!(op, "==" | "!=") {
                return nullness(ctx, st, p, v, op == "==");
            }
        }
    }
    let lv = peek(ctx, st, l);
    let rv = peek(ctx, st, r);
    let (Val::Int(a), Val::Int(b)) = (&lv, &rv) else {
        // Unknown integers: `x < 10` still bounds `x` when `x` is an integer variable.
        let mut s = st.clone();
        for (side, other_v, o) in [(l, &rv, op), (r, &lv, flip(op))] {
            if let (Some(k), Val::Int(b)) = (key_of(ctx, side), other_v)
                && ctx
                    .info(&k)
                    .is_some_and(|i| i.pointers == 0 && !i.is_array())
                && matches!(st.get(&k), Val::Unknown)
            {
                let i = restrict(Interval::TOP, o, *b)?;
                s.vars.insert(k, Val::Int(i));
            }
        }
        return Some(s);
    };
    if compare(op, *a, *b) == Some(false) {
        return None;
    }
    let mut s = st.clone();
    if let Some(k) = key_of(ctx, l) {
        s.vars.insert(k, Val::Int(restrict(*a, op, *b)?));
    }
    if let Some(k) = key_of(ctx, r) {
        s.vars.insert(k, Val::Int(restrict(*b, flip(op), *a)?));
    }
    Some(s)
}

/// `a` restricted to the values that satisfy `a op b`.
fn restrict(a: Interval, op: &str, b: Interval) -> Option<Interval> {
    let r = match op {
        "<" => Interval {
            lo: i64::MIN,
            hi: b.hi.saturating_sub(1),
        },
        "<=" => Interval {
            lo: i64::MIN,
            hi: b.hi,
        },
        ">" => Interval {
            lo: b.lo.saturating_add(1),
            hi: i64::MAX,
        },
        ">=" => Interval {
            lo: b.lo,
            hi: i64::MAX,
        },
        "==" => b,
        "!=" => {
            if let Some(c) = b.constant() {
                if a.constant() == Some(c) {
                    return None;
                }
                if a.lo == c {
                    return Some(Interval {
                        lo: c + 1,
                        hi: a.hi,
                    });
                }
                if a.hi == c {
                    return Some(Interval {
                        lo: a.lo,
                        hi: c - 1,
                    });
                }
            }
            return Some(a);
        }
        _ => return Some(a),
    };
    // Unbounded ends stay unbounded.
    let r = Interval {
        lo: if b.lo == i64::MIN && matches!(op, ">" | ">=") {
            i64::MIN
        } else {
            r.lo
        },
        hi: if b.hi == i64::MAX && matches!(op, "<" | "<=") {
            i64::MAX
        } else {
            r.hi
        },
    };
    a.meet(r)
}

/// The edge from `switch (discr)` to `case value:`.
pub(crate) fn case(
    ctx: &mut Ctx<'_>,
    st: &State,
    discr: Node<'_>,
    value: Node<'_>,
) -> Option<State> {
    let dv = peek(ctx, st, discr);
    let vv = peek(ctx, st, value);
    let (Val::Int(d), Val::Int(v)) = (dv, vv) else {
        return Some(st.clone());
    };
    if compare("==", d, v) == Some(false) {
        return None;
    }
    let mut s = st.clone();
    if let Some(k) = key_of(ctx, discr) {
        s.vars.insert(k, Val::Int(d.meet(v)?));
    }
    Some(s)
}
