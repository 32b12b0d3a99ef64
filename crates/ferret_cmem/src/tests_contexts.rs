//! Tests of calls followed into same-file callees with the caller's argument values.

use ferret_lang::{Language, ParseLimits, parse};

use crate::{Check, Limits, analyze};

/// The messages of the defects of one check.
fn messages(code: &str, check: Check) -> Vec<String> {
    let parsed = parse(Language::C, code.as_bytes(), &ParseLimits::default()).expect("parses");
    let out = analyze(
        parsed.tree.root_node(),
        code.as_bytes(),
        &[check],
        Limits::default(),
    );
    out.defects.into_iter().map(|d| d.message).collect()
}

fn lines(code: &str, check: Check) -> Vec<usize> {
    crate::tests_values::c(code, check)
}

#[test]
fn a_constant_argument_reaches_an_index_in_the_callee() {
    let code =
        "int buf[5];\nvoid set(int index) {\n buf[index] = 1;\n}\nvoid f(void) {\n set(5);\n}\n";
    assert_eq!(lines(code, Check::BufferOverrun), vec![3]);
    let found = messages(code, Check::BufferOverrun);
    assert!(found[0].contains("when called from line 6"), "{found:?}");
    // In bounds for every caller: nothing.
    let code = "int buf[5];\nvoid set(int index) {\n buf[index] = 1;\n}\nvoid f(void) {\n set(4);\n set(0);\n}\n";
    assert!(lines(code, Check::BufferOverrun).is_empty());
    // A callee that checks its argument first.
    let code = "int buf[5];\nvoid set(int index) {\n if (index < 5) buf[index] = 1;\n}\nvoid f(void) {\n set(5);\n}\n";
    assert!(lines(code, Check::BufferOverrun).is_empty());
}

#[test]
fn an_array_argument_keeps_its_size_in_the_callee() {
    let code =
        "void fill(char *p) {\n p[8] = 0;\n}\nvoid f(void) {\n char small[8];\n fill(small);\n}\n";
    assert_eq!(lines(code, Check::BufferOverrun), vec![2]);
    let code =
        "void fill(char *p) {\n p[8] = 0;\n}\nvoid f(void) {\n char big[9];\n fill(big);\n}\n";
    assert!(lines(code, Check::BufferOverrun).is_empty());
}

#[test]
fn freed_and_null_arguments_in_the_callee() {
    let code = "void use(char *p) {\n p[0] = 1;\n}\nvoid f(void) {\n char *p = malloc(4);\n if (!p) return;\n free(p);\n use(p);\n}\n";
    assert_eq!(lines(code, Check::UseAfterFree), vec![2]);
    let code = "void use(int *p) {\n *p = 1;\n}\nvoid f(void) {\n use(NULL);\n}\n";
    assert_eq!(lines(code, Check::NullDeref), vec![2]);
    let code = "void use(int *p) {\n if (p) *p = 1;\n}\nvoid f(void) {\n use(NULL);\n}\n";
    assert!(lines(code, Check::NullDeref).is_empty());
    // The caller's block is the caller's to free: no leak in the callee.
    let code = "int use(char *p) {\n return p[0];\n}\nvoid f(void) {\n char *p = malloc(4);\n if (!p) return;\n use(p);\n free(p);\n}\n";
    assert!(lines(code, Check::Leak).is_empty());
}

#[test]
fn contexts_nest_and_stay_bounded() {
    let code = "int buf[5];\nvoid inner(int i) {\n buf[i] = 1;\n}\nvoid outer(int i) {\n inner(i + 1);\n}\nvoid f(void) {\n outer(4);\n}\n";
    assert_eq!(lines(code, Check::BufferOverrun), vec![3]);
    // Recursion ends at the depth bound.
    let code = "void r(int n) {\n r(n + 1);\n}\nvoid f(void) {\n r(0);\n}\n";
    assert!(lines(code, Check::BufferOverrun).is_empty());
}

#[test]
fn a_callee_returning_the_callers_array_returns_no_local() {
    let code = "static const char *same(const char *s) {\n return s;\n}\nvoid f(void) {\n char name[8];\n same(name);\n}\n";
    assert!(lines(code, Check::ReturnLocalAddress).is_empty());
}

#[test]
fn a_callee_returning_memory_it_freed() {
    let source = "static char *make(void) {\n char *p = malloc(4);\n if (!p) exit(1);\n free(p);\n return p;\n}\n";
    let twice = format!("{source}void f(void) {{\n char *d = make();\n free(d);\n}}\n");
    assert_eq!(lines(&twice, Check::DoubleFree), vec![9]);
    let used = format!("{source}void f(void) {{\n char *d = make();\n d[0] = 1;\n}}\n");
    assert_eq!(lines(&used, Check::UseAfterFree), vec![9]);
    // Freed on one path only: the caller may get live memory.
    let maybe = "static char *make(int c) {\n char *p = malloc(4);\n if (!p) exit(1);\n if (c) free(p);\n return p;\n}\nvoid f(int c) {\n char *d = make(c);\n free(d);\n}\n";
    assert!(lines(maybe, Check::DoubleFree).is_empty());
}
