//! Tests of the checks on a function's shape (missing return, function addresses tested) and of
//! macros that never return.

use crate::Check;
use crate::tests_values::{c, cpp};

const MR: Check = Check::MissingReturn;
const FA: Check = Check::FunctionAddressTest;

#[test]
fn a_value_returning_function_that_reaches_its_end() {
    let code = "int f(int x) {\n if (x == 0) {\n  return 0;\n }\n}\n";
    assert_eq!(c(code, MR), vec![5]);
    let code = "int f(int x) {\n switch (x) {\n case 1: return 0;\n case 2: break;\n default: return -1;\n }\n}\n";
    assert_eq!(c(code, MR), vec![7]);
    let code = "int f(int x) {\n int r = 0;\n if (x == 0) goto out;\n return r;\nout:\n r++;\n}\n";
    assert_eq!(c(code, MR), vec![7]);
    let code = "char *f(int x) {\n if (x) return \"a\";\n}\n";
    assert_eq!(c(code, MR), vec![3]);
    let code = "int f(int x) {\n if (x) return 1;\n}\n";
    assert_eq!(cpp(code, MR), vec![3]);
}

#[test]
fn every_path_returns_or_never_ends() {
    let cases = [
        "int f(int x) {\n if (x == 0) return 0;\n else return 1;\n}\n",
        "int f(int x) {\n switch (x) {\n case 1: return 0;\n default: return -1;\n }\n}\n",
        "int f(void) {\n for (;;) {\n  g();\n }\n}\n",
        "int f(int x) {\n if (x) return 1;\n exit(1);\n}\n",
        // Infeasible: the two tests cover every value.
        "int f(int x) {\n if (x > 0) return 1;\n if (x <= 0) return 0;\n}\n",
        "void f(int x) {\n if (x) return;\n}\n",
        "int main(void) {\n g();\n}\n",
        // A call to something the unit does not define may never return (`fatal` in a header).
        "int f(int x) {\n if (x) return 1;\n fatal(\"bad\");\n}\n",
        "int f(int x) {\n if (x) return 1;\n BUG();\n}\n",
        // `#if` branches hide returns.
        "int f(int x) {\n#ifdef A\n return 1;\n#endif\n}\n",
        // No return type: implicit int, often used as void in old code.
        "f(int x) {\n g(x);\n}\n",
        // A comment between `else` and its statement.
        "int f(int x) {\n if (x) return 1;\n else\n  /* why */\n  return 0;\n}\n",
        // A macro before the type is read as the type: `void` is still the return type.
        "API_EXPORT void f(int x) {\n if (x) g();\n}\n",
        // C++ read as C: `T *x{}` is a member, not a function.
        "struct C { int *x{}; };\n",
    ];
    for code in cases {
        assert!(c(code, MR).is_empty(), "{code}");
    }
    // A same-file function that returns is no excuse.
    let code = "void log_it(void) { }\nint f(int x) {\n if (x) return 1;\n log_it();\n}\n";
    assert_eq!(c(code, MR), vec![5]);
}

#[test]
fn macros_whose_body_never_returns_end_paths() {
    let code = "#define DIE(m) do { perror(m); exit(1); } while (0)\n\
                void f(int c) {\n char *p = malloc(4);\n if (c) { free(p); DIE(\"x\"); }\n free(p);\n}\n";
    assert!(c(code, Check::DoubleFree).is_empty());
    // Through a same-file noreturn function, and across line continuations.
    let code = "void die(void) { abort(); }\n#define FAIL(m) \\\n  die()\n\
                int f(int x) {\n if (x) return 1;\n FAIL(\"x\");\n}\n";
    assert!(c(code, MR).is_empty());
    // A macro that exits only on some paths does not end the path.
    let code = "#define CHECK(x) do { if (!(x)) exit(1); } while (0)\n\
                void f(int c) {\n char *p = malloc(4);\n if (c) { free(p); CHECK(c); }\n free(p);\n}\n";
    assert!(c(code, Check::DoubleFree).is_empty());
    let none = std::collections::HashSet::new();
    let bodies = [
        ("CHECK", "do { if (!(x)) exit(1); } while (0)"),
        ("DIE", "do { perror(m); exit(1); } while (0)"),
        ("ABORT_IF", "((x) ? abort() : (void)0)"),
        ("EXIT_CODE", "(exit_code + 1)"),
    ];
    assert_eq!(crate::macros::noreturn_macros(&bodies, &none), vec!["DIE"]);
}

#[test]
fn a_function_address_tested_as_a_pointer() {
    let code = "int g(void);\nvoid f(void) {\n if (g == NULL) h();\n}\n";
    assert_eq!(c(code, FA), vec![3]);
    let code = "int g(void) { return 1; }\nvoid f(void) {\n if (!g) h();\n int r = g ? 1 : 2;\n}\n";
    assert_eq!(c(code, FA), vec![3, 4]);
    let code = "int g(void);\nvoid f(void) {\n if (&g != 0 && x) h();\n}\n";
    assert_eq!(c(code, FA), vec![3]);
}

#[test]
fn calls_pointers_and_weak_functions_are_not_function_addresses() {
    let cases = [
        "int g(void);\nvoid f(void) {\n if (g() == NULL) h();\n}\n",
        // A function pointer variable may be NULL.
        "int (*g)(void);\nvoid f(void) {\n if (g == NULL) h();\n}\n",
        "void f(int (*g)(void)) {\n if (!g) h();\n}\n",
        // A local of the same name hides the function.
        "int g(void);\nvoid f(void) {\n int g = k();\n if (!g) h();\n}\n",
        // A weak function's address is NULL when nothing defines it.
        "int g(void) __attribute__((weak));\nvoid f(void) {\n if (g) g();\n}\n",
        "int g(void);\nvoid f(void) {\n if (x == NULL) h(g);\n}\n",
    ];
    for code in cases {
        assert!(c(code, FA).is_empty(), "{code}");
    }
}

#[test]
fn printf_dereferences_only_the_arguments_of_percent_s_and_n() {
    let nd = Check::NullDeref;
    let code = "void f(void) {\n char *p = NULL;\n printf(\"%s\\n\", p);\n}\n";
    assert_eq!(c(code, nd), vec![3]);
    let code = "void f(void) {\n char *p = NULL;\n printf(\"%p %d\\n\", p, 1);\n}\n";
    assert!(c(code, nd).is_empty());
    let code = "void f(int n) {\n char *p = NULL;\n fprintf(stderr, \"%*d %lu %s\\n\", n, 1, (unsigned long)p, \"x\");\n}\n";
    assert!(c(code, nd).is_empty());
    let code =
        "void f(int n) {\n char *p = NULL;\n fprintf(stderr, \"%*d %-5.2s\\n\", n, 1, p);\n}\n";
    assert_eq!(c(code, nd), vec![3]);
    // A format that is not a literal says nothing.
    let code = "void f(const char *fmt) {\n char *p = NULL;\n printf(fmt, p);\n}\n";
    assert!(c(code, nd).is_empty());
    let uaf = Check::UseAfterFree;
    let code = "void f(void) {\n char *p = malloc(4);\n free(p);\n printf(\"%p\\n\", p);\n}\n";
    assert!(c(code, uaf).is_empty());
    let code = "void f(void) {\n char *p = malloc(4);\n free(p);\n printf(\"%s\\n\", p);\n}\n";
    assert_eq!(c(code, uaf), vec![4]);
}

#[test]
fn an_if_or_while_whose_body_is_an_empty_statement() {
    let eb = Check::EmptyBody;
    let code = "void f(int c, int x) {\n if (c == 0);\n g(x);\n}\n";
    assert_eq!(c(code, eb), vec![2]);
    let code = "void f(void) {\n int x = 0;\n while (x < 10);\n x++;\n}\n";
    assert_eq!(c(code, eb), vec![3]);
    let cases = [
        // A call in the condition is the point (`if (write(...));` silences a warning).
        "void f(int fd) {\n if (write(fd, \"x\", 1) < 0);\n}\n",
        "void f(int c) {\n if (c);\n else g();\n}\n",
        // Counting and spinning loops: the condition changes.
        "void f(char *s) {\n int n = 0;\n while (s[n++]);\n}\n",
        "void f(void) {\n int x = 0;\n while (x++ < 10);\n}\n",
        "extern volatile int ready;\nvoid f(void) {\n while (!ready);\n}\n",
        "void f(void) {\n volatile int x = 0;\n while (x == 0);\n}\n",
        "void f(void) {\n int x = 0;\n start(&x);\n while (x == 0);\n}\n",
        "void f(void) {\n while (1);\n}\n",
        "void f(int x) {\n while (x < 10) x++;\n}\n",
    ];
    for code in cases {
        assert!(c(code, eb).is_empty(), "{code}");
    }
}
