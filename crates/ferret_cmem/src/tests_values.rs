//! Tests of the value checks (uninitialised reads, division by zero, shifts, returned local
//! addresses), of constant globals and same-file constant returns deciding branches, and of
//! allocations made on one path only.

use ferret_lang::{Language, ParseLimits, parse};

use crate::{Check, Dialect, Limits, analyze_dialect};

fn lines(lang: Language, code: &str, check: Check) -> Vec<usize> {
    let src = code.as_bytes();
    let parsed = parse(lang, src, &ParseLimits::default()).expect("parses");
    let dialect = if lang == Language::Cpp {
        Dialect::Cpp
    } else {
        Dialect::C
    };
    let out = analyze_dialect(
        parsed.tree.root_node(),
        src,
        &Check::ALL,
        Limits::default(),
        dialect,
    );
    out.defects
        .iter()
        .filter(|d| d.check == check)
        .map(|d| src[..d.span.start].iter().filter(|b| **b == b'\n').count() + 1)
        .collect()
}

pub(crate) fn c(code: &str, check: Check) -> Vec<usize> {
    lines(Language::C, code, check)
}

pub(crate) fn cpp(code: &str, check: Check) -> Vec<usize> {
    lines(Language::Cpp, code, check)
}

#[test]
fn uninitialised_scalars_on_every_path() {
    let u = Check::UninitializedRead;
    assert_eq!(
        c("int f(void) {\n int a;\n int r = a;\n return r;\n}\n", u),
        vec![3]
    );
    assert_eq!(
        c("int f(void) {\n int a;\n if (0) a = 1;\n return a;\n}\n", u),
        vec![4]
    );
    // One path assigns it: not "on every path".
    assert!(
        c(
            "int f(int k) {\n int a;\n if (k) a = 1;\n return a;\n}\n",
            u
        )
        .is_empty()
    );
    // Assigned before the read, or given by address.
    assert!(c("int f(void) {\n int a;\n a = 2;\n return a;\n}\n", u).is_empty());
    assert!(c("int f(void) {\n int a;\n get(&a);\n return a;\n}\n", u).is_empty());
    // Statics and globals start at zero.
    assert!(c("int f(void) {\n static int a;\n return a;\n}\n", u).is_empty());
    // An uppercase macro may assign what it is given; `(void)x` reads nothing.
    assert!(c("int f(void) {\n int a;\n SET_IT(a);\n return a;\n}\n", u).is_empty());
    assert!(c("void f(void) {\n int a;\n (void)a;\n}\n", u).is_empty());
    // Either side of an `#if` may be what is compiled.
    let code = "int f(void) {\n int a;\n#ifdef X\n a = 1;\n#else\n a = 2;\n#endif\n return a;\n}\n";
    assert!(c(code, u).is_empty());
    let code = "int f(void) {\n int a;\n#ifdef X\n a = 1;\n#endif\n return a;\n}\n";
    assert!(c(code, u).is_empty());
    // Inline assembly writes its outputs; a row of a 2-D array is an address.
    assert!(
        c(
            "int f(void) {\n int a;\n asm volatile(\"x\" : \"=r\"(a));\n return a;\n}\n",
            u
        )
        .is_empty()
    );
    assert!(
        c(
            "void f(const char *s) {\n char t[2][8];\n sscanf(s, \"%s\", t[0]);\n}\n",
            u
        )
        .is_empty()
    );
    // A pointer never set, dereferenced.
    assert_eq!(c("void f(void) {\n int *p;\n *p = 1;\n}\n", u), vec![3]);
}

#[test]
fn uninitialised_fields_and_elements() {
    let u = Check::UninitializedRead;
    let code = "struct s { int a; int b; };\nint f(void) {\n struct s v;\n v.a = 1;\n int x = v.a;\n return v.b + x;\n}\n";
    assert_eq!(c(code, u), vec![6]);
    let code =
        "struct s { int a; int b; };\nint f(void) {\n struct s v;\n init(&v);\n return v.b;\n}\n";
    assert!(c(code, u).is_empty());
    let code = "int f(void) {\n int t[4];\n t[0] = 1;\n return t[0] + t[3];\n}\n";
    assert_eq!(c(code, u), vec![4]);
    // Written at an unknown index, or through a pointer to the array: no longer known.
    let code = "int f(int i) {\n int t[4];\n t[i] = 1;\n return t[3];\n}\n";
    assert!(c(code, u).is_empty());
    let code = "int f(void) {\n int t[4];\n int *p = t;\n p[3] = 1;\n return t[3];\n}\n";
    assert!(c(code, u).is_empty());
    // Never a struct in C++: it may have a constructor.
    let code = "struct s { int a; s() : a(0) {} };\nint f() {\n s v;\n return v.a;\n}\n";
    assert!(cpp(code, u).is_empty());
}

#[test]
fn cpp_references_and_streams_may_assign() {
    let u = Check::UninitializedRead;
    assert!(cpp("int f() {\n int n;\n std::cin >> n;\n return n;\n}\n", u).is_empty());
    assert!(cpp("int f() {\n int n;\n fill(n);\n return n;\n}\n", u).is_empty());
    assert_eq!(cpp("int f() {\n int n;\n return n + 1;\n}\n", u), vec![3]);
}

#[test]
fn division_by_zero_needs_a_zero_divisor_on_every_path() {
    let d = Check::DivideByZero;
    assert_eq!(c("int f(int x) {\n return x / 0;\n}\n", d), vec![2]);
    assert_eq!(
        c(
            "int f(int x) {\n int z = 2;\n return x % (z * z - 4);\n}\n",
            d
        ),
        vec![3]
    );
    assert_eq!(c("int f(int x) {\n x /= 0;\n return x;\n}\n", d), vec![2]);
    assert!(
        c(
            "int f(int x, int k) {\n int z = 0;\n if (k) z = 1;\n return x / z;\n}\n",
            d
        )
        .is_empty()
    );
    assert!(
        c(
            "int f(int x, int z) {\n if (z == 0) return 0;\n return x / z;\n}\n",
            d
        )
        .is_empty()
    );
    assert!(c("double f(double x) {\n return x / 0;\n}\n", d).is_empty());
}

#[test]
fn shifts_past_the_promoted_width_or_negative() {
    let s = Check::ShiftOutOfRange;
    assert_eq!(
        c("int f(void) {\n int a = 1;\n return a << 32;\n}\n", s),
        vec![3]
    );
    assert_eq!(c("int f(int a) {\n return a >> -1;\n}\n", s), vec![2]);
    assert!(c("long f(void) {\n long a = 1;\n return a << 32;\n}\n", s).is_empty());
    assert!(c("int f(char c) {\n return c << 24;\n}\n", s).is_empty());
    assert!(c("int f(int a, int n) {\n return a << n;\n}\n", s).is_empty());
    assert!(cpp("void f() {\n std::cout << 100;\n}\n", s).is_empty());
    // `sizeof` of a variable bounds the branch that guards the shift.
    let code = "int f(int v) {\n int n = 53;\n if (n < 8 * sizeof(v) - 1)\n  return v >> n;\n return 0;\n}\n";
    assert!(c(code, s).is_empty());
    // A cast decides the width; a type of unknown size is never judged.
    assert_eq!(c("int f(void) {\n return ((int)1) << 40;\n}\n", s), vec![2]);
    assert!(c("wide f(void) {\n return ((wide)1) << 127;\n}\n", s).is_empty());
    assert!(c("long f(void) {\n return ((long)1) << 62;\n}\n", s).is_empty());
    // C++ in a header read as C: the C grammar takes a C++ cast for comparisons, without a
    // parse error, and the cast's operand for the shifted value.
    let code = "unsigned long f(unsigned int hi, unsigned int lo) {\n return (static_cast<unsigned long>(hi) << 32) | lo;\n}\n";
    assert!(c(code, s).is_empty());
    assert_eq!(
        c("unsigned f(unsigned int hi) {\n return hi << 32;\n}\n", s),
        vec![2]
    );
}

#[test]
fn returned_addresses_of_locals() {
    let r = Check::ReturnLocalAddress;
    assert_eq!(
        c("char *f(void) {\n char b[4];\n return b;\n}\n", r),
        vec![3]
    );
    assert_eq!(
        c(
            "int *f(void) {\n int x = 1;\n int *p = &x;\n return p;\n}\n",
            r
        ),
        vec![4]
    );
    assert!(c("char *f(void) {\n static char b[4];\n return b;\n}\n", r).is_empty());
    assert!(c("char *f(char *b) {\n return b;\n}\n", r).is_empty());
    // Returned by value, a class copies the array.
    assert!(
        cpp(
            "std::string f() {\n char b[4] = \"ab\";\n return b;\n}\n",
            r
        )
        .is_empty()
    );
}

#[test]
fn constant_globals_decide_branches() {
    let df = Check::DoubleFree;
    // A static never written, and a const, are constants.
    let code = "static int on = 1;\nvoid f(void) {\n char *p = malloc(4);\n if (on) free(p);\n free(p);\n}\n";
    assert_eq!(c(code, df), vec![5]);
    let code = "const int ON = 1;\nvoid f(void) {\n char *p = malloc(4);\n if (ON == 1) free(p);\n free(p);\n}\n";
    assert_eq!(c(code, df), vec![5]);
    // Written somewhere, address taken, or not static: unknown.
    for code in [
        "static int on = 1;\nvoid off(void) { on = 0; }\nvoid f(void) {\n char *p = malloc(4);\n if (on) free(p);\n free(p);\n}\n",
        "static int on = 1;\nint *h(void) { return &on; }\nvoid f(void) {\n char *p = malloc(4);\n if (on) free(p);\n free(p);\n}\n",
        "int on = 1;\nvoid f(void) {\n char *p = malloc(4);\n if (on) free(p);\n free(p);\n}\n",
    ] {
        assert!(c(code, df).is_empty(), "{code}");
    }
    // Enumerators are constants too.
    let code = "enum { A, B, C };\nint f(int x) {\n return x / (C - 2 * B);\n}\n";
    assert_eq!(c(code, Check::DivideByZero), vec![3]);
}

#[test]
fn same_file_functions_returning_a_constant() {
    let code = "static int yes(void) { return 1; }\nvoid f(void) {\n char *p = malloc(4);\n if (yes()) free(p);\n free(p);\n}\n";
    assert_eq!(c(code, Check::DoubleFree), vec![5]);
    let code = "static int maybe(int k) { if (k) return 1; return 0; }\nvoid f(int k) {\n char *p = malloc(4);\n if (maybe(k)) free(p);\n free(p);\n}\n";
    assert!(c(code, Check::DoubleFree).is_empty());
}

#[test]
fn an_allocation_on_one_path_survives_the_join() {
    let code =
        "void f(int k) {\n char *p = NULL;\n if (k) p = malloc(4);\n free(p);\n free(p);\n}\n";
    assert_eq!(c(code, Check::DoubleFree), vec![5]);
    // Freed when set, or never set: no leak and no double free.
    let code = "void f(int k) {\n char *p = NULL;\n if (k) p = malloc(4);\n if (p) free(p);\n}\n";
    assert!(c(code, Check::Leak).is_empty());
    assert!(c(code, Check::DoubleFree).is_empty());
    let code = "void f(int k) {\n char *p = NULL;\n if (k) p = malloc(4);\n free(p);\n}\n";
    assert!(c(code, Check::Leak).is_empty());
}

#[test]
fn code_under_if_0_is_never_compiled() {
    let code = "void f(void) {\n int t[4];\n#if 0\n t[4] = 1;\n#endif\n t[3] = 1;\n}\n";
    assert!(c(code, Check::BufferOverrun).is_empty());
    let code = "void f(void) {\n int t[4];\n#if 1\n t[4] = 1;\n#endif\n}\n";
    assert_eq!(c(code, Check::BufferOverrun), vec![4]);
}

#[test]
fn a_copy_length_related_to_its_offset_is_not_an_overrun() {
    let code = "void f(unsigned char *d, unsigned long n) {\n unsigned long v = 0;\n unsigned char *b = (unsigned char *)&v;\n if (n > 0 && n < sizeof(v))\n  memcpy(d, b + (sizeof(v) - n), n);\n}\n";
    assert!(c(code, Check::BufferOverrun).is_empty());
}

#[test]
fn array_sizes_from_initialiser_lists() {
    let code = "void f(void) {\n int a[] = {1, 2, 3, 4, 5};\n a[4] = 0;\n a[5] = 1;\n}\n";
    assert_eq!(c(code, Check::BufferOverrun), vec![4]);
    let code = "void f(void) {\n int m[][2] = {{1, 2}, {3, 4}};\n m[1][1] = 0;\n m[2][1] = 1;\n}\n";
    assert_eq!(c(code, Check::BufferOverrun), vec![4]);
    // Designators place elements anywhere: no size is assumed.
    let code = "void f(void) {\n int a[] = {[9] = 1, 2};\n a[5] = 1;\n}\n";
    assert!(c(code, Check::BufferOverrun).is_empty());
}

#[test]
fn rand_results_range_up_to_rand_max() {
    let code = "int rand(void);\nvoid f(void) {\n int a[5];\n int i = rand();\n a[i] = 1;\n a[i % 5] = 2;\n if (i < 5) a[i] = 3;\n}\n";
    assert_eq!(c(code, Check::BufferOverrun), vec![5]);
    // A unit's own `rand` is analysed like any other function.
    let code =
        "static int rand(void) { return 1; }\nvoid f(void) {\n int a[5];\n a[rand()] = 1;\n}\n";
    assert!(c(code, Check::BufferOverrun).is_empty());
}

#[test]
fn out_parameters_of_library_calls_are_stored_into() {
    let code = "long f(const char *s) {\n char *end = NULL;\n long v = strtol(s, &end, 0);\n if (*end != 0) return -1;\n return v;\n}\n";
    assert!(c(code, Check::NullDeref).is_empty());
}

#[test]
fn c_functions_that_do_not_parse_are_not_reported() {
    // C++ in a header read as C.
    let code = "class K {\n K(int t) : p_(nullptr) { int *q = NULL; if (t) { *q = 1; } }\n};\nvoid f(void) {\n int *q = NULL;\n *q = 1;\n}\n";
    assert_eq!(c(code, Check::NullDeref), vec![6]);
}

#[test]
fn integer_divisors_from_calls_elements_and_pointers() {
    let code = "int zero(void) {\n return 0;\n}\nint f(int x) {\n return x / zero();\n}\n";
    assert_eq!(c(code, Check::DivideByZero), vec![5]);
    let code =
        "int f(int x) {\n int d[3] = {1, 0, 2};\n int k = 1;\n return x / d[1] + x / d[k];\n}\n";
    assert_eq!(c(code, Check::DivideByZero), vec![4, 4]);
    // A write at an unknown index may change any element.
    let code = "int f(int x, int j) {\n int d[3] = {1, 0, 2};\n d[j] = 5;\n return x / d[1];\n}\n";
    assert!(c(code, Check::DivideByZero).is_empty());
    // A function returning a double: IEEE division.
    let code = "double zero(void) {\n return 0;\n}\ndouble f(double x) {\n return x / zero();\n}\n";
    assert!(c(code, Check::DivideByZero).is_empty());
}

#[test]
fn no_size_from_lists_of_macros_or_beside_an_unknown_size() {
    let code = "void f(int n) {\n int a[n + 1] = {1};\n a[2] = 0;\n int v[] = { VERSION };\n v[1] = 0;\n int t[] = { PAIR(1, 2) };\n t[1] = 0;\n}\n";
    assert!(c(code, Check::BufferOverrun).is_empty());
}
