//! Tests of what real C code needs from the null and uninitialised-read checks: macros the
//! parser does not expand, pointers known not to be null after a test, parts written on some
//! paths only, one name declared with two types, and typedefs of arrays.

use crate::Check;
use crate::tests_values::c;

#[test]
fn a_statement_macro_may_assign_what_it_is_given() {
    // `n2s` is defined here as a macro that assigns its second argument.
    let code = "#define n2s(c, s) ((s) = ((c)[0] << 8) | (c)[1], (c) += 2)\n\
                int f(const unsigned char *p) {\n int len;\n n2s(p, len);\n return len;\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
    // Nothing in the unit declares `c2l`: its definition is in a header, and it may be a macro.
    let code =
        "int f(const unsigned char *in) {\n unsigned long l;\n c2l(in, l);\n return (int)l;\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
    // An element given to such a call may be stored into.
    let code = "void f(int n, int *ap) {\n int *tp = alloca(n * sizeof(int));\n mul(tp[0], ap[0]);\n use(tp[0]);\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
    // A pointer given to it may be set.
    let code = "void f(void) {\n int *p = NULL;\n get_ptr(p);\n *p = 1;\n}\n";
    assert!(c(code, Check::NullDeref).is_empty());
}

#[test]
fn a_declared_function_or_a_library_call_reads_its_arguments() {
    let code = "void show(int v);\nvoid f(void) {\n int x;\n show(x);\n}\n";
    assert_eq!(c(code, Check::UninitializedRead), vec![4]);
    let code = "void f(void) {\n int x;\n printf(\"%d\", x);\n}\n";
    assert_eq!(c(code, Check::UninitializedRead), vec![3]);
    // A macro whose value is computed into an argument does not assign: `len` keeps its value.
    let code = "void f(char *out) {\n int len = 0;\n char *p = NULL;\n copy(out, DOWN16(len));\n if (len > 0)\n  *p = 1;\n}\n";
    assert!(c(code, Check::NullDeref).is_empty());
}

#[test]
fn a_pointer_that_failed_a_null_test_is_not_null() {
    // Called with `b == NULL`: `a` is not null after the first test, so `b->x` is never reached.
    let code = "struct s { int x; };\n\
                static int pick(struct s *a, struct s *b) {\n\
                 if (a == NULL && b == NULL)\n  return -1;\n\
                 return a != NULL ? a->x : b->x;\n}\n\
                int g(struct s *a) {\n return pick(a, NULL);\n}\n";
    assert!(c(code, Check::NullDeref).is_empty());
    // Without the first test, `b` may be reached while null.
    let code = "struct s { int x; };\n\
                static int pick(struct s *a, struct s *b) {\n\
                 return a != NULL ? a->x : b->x;\n}\n\
                int g(struct s *a) {\n return pick(a, NULL);\n}\n";
    assert_eq!(c(code, Check::NullDeref), vec![3]);
}

#[test]
fn a_null_pointer_compared_decides_a_flag() {
    // `want` is 0 when called with NULL, so the branch that dereferences `tab` is not taken.
    let code = "static void run(const int *g, const int *tab) {\n\
                 int want = (g != NULL);\n if (want)\n  use(tab[0]);\n}\n\
                void h(void) {\n run(NULL, NULL);\n}\n";
    assert!(c(code, Check::NullDeref).is_empty());
}

#[test]
fn an_assertion_macro_yields_its_condition() {
    let code = "static int dec(int cmd, const char *name) {\n\
                 if (ossl_assert(name != NULL))\n  if (strcmp(name, \"x\") == 0)\n   cmd = 1;\n return cmd;\n}\n\
                int g(int c) {\n return dec(c, NULL);\n}\n";
    assert!(c(code, Check::NullDeref).is_empty());
}

#[test]
fn parts_written_on_some_paths_are_not_unwritten() {
    let code = "unsigned f(int bits, unsigned k) {\n unsigned w[2];\n\
                 if (bits > 128)\n  w[0] = get(k);\n else\n  w[0] = 0;\n\
                 w[0] ^= k;\n return w[0];\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
    let code = "int f(int c) {\n int d[2];\n if (c)\n  d[0] = 1;\n return d[0];\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
    // Never written on any path: still reported.
    let code = "int f(int c) {\n int d[2];\n if (c)\n  d[1] = 1;\n return d[0];\n}\n";
    assert_eq!(c(code, Check::UninitializedRead), vec![5]);
}

#[test]
fn a_struct_with_written_fields_is_not_unwritten_as_a_whole() {
    let code = "struct pos { int a; int b; };\n\
                void f(struct pos *out) {\n struct pos p;\n p.a = 1;\n p.b = 2;\n memcpy(out, &p, sizeof p);\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
    let code = "struct pos { int a; int b; };\n\
                void f(struct pos *out) {\n struct pos p;\n memcpy(out, &p, sizeof p);\n}\n";
    assert_eq!(c(code, Check::UninitializedRead), vec![4]);
}

#[test]
fn an_array_chosen_by_a_condition_may_be_filled() {
    let code = "void f(char *out, int n) {\n char buf[64];\n\
                 fill(n > 32 ? buf : out, n);\n if (n > 32)\n  memcpy(out, buf, 32);\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
}

#[test]
fn one_name_with_two_types_is_not_tracked() {
    let code = "void f(int n) {\n for (int i = 0; i < n; i++) {\n  char key[20];\n  snprintf(key, sizeof(key), \"k%d\", i);\n  put(key);\n }\n\
                {\n  char *key = get();\n  put(key);\n }\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
}

#[test]
fn a_field_of_a_typedef_array_type_is_an_address() {
    let code = "typedef int fe[10];\n struct pt { fe x; fe y; };\n\
                static void fe_copy(fe h, const fe f) { memmove(h, f, sizeof(int) * 10); }\n\
                void f(struct pt *t) {\n struct pt m;\n fe_copy(m.x, t->y);\n fe_copy(m.y, t->x);\n use(&m);\n}\n";
    assert!(c(code, Check::UninitializedRead).is_empty());
}

#[test]
fn a_one_argument_macro_in_a_condition_is_a_predicate() {
    // `IS16(len)` tests `len`: it keeps the 0 the caller passed, so the loop is not entered.
    let code = "static void ctr(unsigned char *out, unsigned long len) {\n\
                 for (unsigned long i = 0; i < len; i++)\n  out[i] = 1;\n}\n\
                static void enc(unsigned char *out, unsigned long len) {\n\
                 if (!IS16(len))\n  pad(out);\n ctr(out, len);\n}\n\
                void top(void) {\n enc(NULL, 0);\n}\n";
    assert!(c(code, Check::NullDeref).is_empty());
}

#[test]
fn a_possible_macro_still_uses_the_pointers_it_is_given() {
    // Reading a field of freed memory is a use after free even if `show` were a macro.
    let code = "struct t { int a; };\nvoid f(void) {\n struct t *d = malloc(sizeof *d);\n if (!d) return;\n d->a = 1;\n free(d);\n show(d[0].a);\n}\n";
    assert_eq!(c(code, Check::UseAfterFree), vec![7]);
    // A heap pointer given to a lower-case callee keeps its block: the function still returns
    // a fresh allocation, which the caller leaks.
    let code = "static char *make(void) {\n char *p = malloc(8);\n if (!p) return NULL;\n show(p);\n return p;\n}\n\
                void g(void) {\n char *q = make();\n}\n";
    assert_eq!(c(code, Check::Leak), vec![8]);
}
