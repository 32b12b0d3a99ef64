//! Unit tests of the CFG builder, one per construct.

use std::collections::HashSet;

use ferret_lang::{Language, ParseLimits, parse};

use crate::cfg::{Action, Cfg, build};

/// Builds the CFG of the first function in `code` and hands it to `f`.
fn with_cfg(code: &str, noreturn: &[&str], f: impl FnOnce(&Cfg<'_>, &[u8])) {
    let src = code.as_bytes();
    let parsed = parse(Language::C, src, &ParseLimits::default()).expect("parses");
    let root = parsed.tree.root_node();
    let mut w = root.walk();
    let func = root
        .named_children(&mut w)
        .find(|n| n.kind() == "function_definition")
        .expect("a function");
    let body = func.child_by_field_name("body").expect("a body");
    let set: HashSet<String> = noreturn.iter().map(|s| s.to_string()).collect();
    let cfg = build(body, src, &set).expect("builds");
    f(&cfg, src);
}

fn can_return(code: &str) -> bool {
    let mut r = false;
    with_cfg(code, &[], |c, _| r = c.can_return());
    r
}

fn count(cfg: &Cfg<'_>, pred: impl Fn(&Action<'_>) -> bool) -> usize {
    cfg.nodes.iter().filter(|n| pred(&n.action)).count()
}

#[test]
fn sequence_falls_off_the_end() {
    with_cfg("void f(void) { int a = 1; a++; g(a); }", &[], |c, _| {
        assert!(c.can_return());
        assert_eq!(count(c, |a| matches!(a, Action::Stmt(_))), 3);
        assert_eq!(count(c, |a| matches!(a, Action::FallOff(_))), 1);
    });
}

#[test]
fn if_else_has_two_labelled_edges() {
    with_cfg(
        "void f(int x) { if (x) g(); else h(); k(); }",
        &[],
        |c, _| {
            let b = c
                .nodes
                .iter()
                .find(|n| matches!(n.action, Action::Branch(_)))
                .expect("branch");
            assert_eq!(b.succs.len(), 2);
        },
    );
}

#[test]
fn noreturn_calls_end_paths() {
    assert!(!can_return("void f(void) { g(); exit(1); }"));
    assert!(!can_return("void f(void) { abort(); }"));
    assert!(!can_return("void f(jmp_buf b) { longjmp(b, 1); }"));
    assert!(!can_return("void f(void) { __builtin_unreachable(); }"));
    assert!(!can_return("void f(void) { assert(0); }"));
    assert!(can_return("void f(int p) { assert(p); }"));
    assert!(can_return("void f(int p) { if (!p) exit(1); g(); }"));
    let mut r = true;
    with_cfg("void f(void) { die(\"x\"); }", &["die"], |c, _| {
        r = c.can_return()
    });
    assert!(!r, "same-file noreturn functions end paths");
}

#[test]
fn constant_loops_without_break_never_exit() {
    assert!(!can_return("void f(void) { while (1) { g(); } }"));
    assert!(!can_return("void f(void) { for (;;) { g(); } }"));
    assert!(can_return("void f(void) { while (1) { if (g()) break; } }"));
    assert!(can_return("void f(int n) { while (n) { n--; } }"));
    assert!(can_return("void f(int n) { do { n--; } while (n); }"));
    assert!(!can_return("void f(int n) { do { n--; } while (1); }"));
}

#[test]
fn for_loop_has_a_back_edge_through_the_update() {
    with_cfg(
        "void f(void) { for (int i = 0; i < 3; i++) { if (i) continue; g(); } }",
        &[],
        |c, _| {
            assert!(c.can_return());
            // init, update, g(), the `if` branch and the loop condition.
            assert_eq!(count(c, |a| matches!(a, Action::Stmt(_))), 3);
            assert_eq!(count(c, |a| matches!(a, Action::Branch(_))), 2);
            let preds = c.pred_counts();
            assert!(preds.iter().any(|p| *p >= 2), "the loop head is a merge");
        },
    );
}

#[test]
fn switch_cases_fall_through_and_break() {
    with_cfg(
        "void f(int x) { switch (x) { case 1: g(); case 2: h(); break; default: exit(1); } k(); }",
        &[],
        |c, _| {
            let sw = c
                .nodes
                .iter()
                .find(|n| matches!(n.action, Action::Switch(_)))
                .expect("switch");
            assert_eq!(sw.succs.len(), 3, "two cases and a default");
            assert!(c.can_return());
        },
    );
    assert!(!can_return(
        "void f(int x) { switch (x) { default: exit(1); } }"
    ));
    assert!(can_return(
        "void f(int x) { switch (x) { case 1: exit(1); } }"
    ));
}

#[test]
fn goto_jumps_to_its_label() {
    assert!(!can_return("void f(void) { again: g(); goto again; }"));
    assert!(can_return(
        "void f(int x) { if (x) goto out; g(); out: return; }"
    ));
    // Code after a goto is reachable only through its label.
    with_cfg(
        "void f(void) { goto end; g(); end: h(); }",
        &[],
        |c, src| {
            let stmts: Vec<&str> = c
                .nodes
                .iter()
                .filter_map(|n| match n.action {
                    Action::Stmt(s) => Some(crate::syntax::text(s, src)),
                    _ => None,
                })
                .collect();
            assert_eq!(stmts, vec!["h();"]);
        },
    );
}

#[test]
fn returns_lead_to_the_exit_and_skip_the_rest() {
    with_cfg(
        "int f(int x) { if (x) return 1; return 2; g(); }",
        &[],
        |c, _| {
            assert_eq!(count(c, |a| matches!(a, Action::Return(_))), 2);
            assert_eq!(count(c, |a| matches!(a, Action::FallOff(_))), 0);
            assert_eq!(count(c, |a| matches!(a, Action::Stmt(_))), 0);
        },
    );
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let mut code = String::from("void f(int x) { ");
    for _ in 0..300 {
        code.push_str("if (x) { ");
    }
    code.push_str("g();");
    for _ in 0..300 {
        code.push_str(" }");
    }
    code.push_str(" }");
    let src = code.as_bytes();
    let limits = ParseLimits {
        max_depth: 100_000,
        ..ParseLimits::default()
    };
    let parsed = parse(Language::C, src, &limits).expect("parses");
    let root = parsed.tree.root_node();
    let func = root.named_child(0).expect("function");
    let body = func.child_by_field_name("body").expect("body");
    assert!(build(body, src, &HashSet::new()).is_err());
}
