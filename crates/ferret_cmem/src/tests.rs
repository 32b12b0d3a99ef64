//! Tests of the analysis: each check, the path-sensitivity that keeps it precise, and budgets.

use ferret_lang::{Language, ParseLimits, parse};

use crate::{Check, Limits, analyze};

/// The (check, 1-based line) of every defect found in `code`.
fn found(code: &str) -> Vec<(Check, usize)> {
    found_in(Language::C, code)
}

fn found_in(lang: Language, code: &str) -> Vec<(Check, usize)> {
    let src = code.as_bytes();
    let parsed = parse(lang, src, &ParseLimits::default()).expect("parses");
    let out = analyze(parsed.tree.root_node(), src, &Check::ALL, Limits::default());
    out.defects
        .iter()
        .map(|d| {
            let line = src[..d.span.start].iter().filter(|b| **b == b'\n').count() + 1;
            (d.check, line)
        })
        .collect()
}

fn only(code: &str, check: Check) -> Vec<usize> {
    found(code)
        .into_iter()
        .filter(|(c, _)| *c == check)
        .map(|(_, l)| l)
        .collect()
}

#[test]
fn double_free_on_every_path() {
    let code = "void f(void) {\n char *p = malloc(4);\n free(p);\n free(p);\n}\n";
    assert_eq!(only(code, Check::DoubleFree), vec![4]);
}

#[test]
fn double_free_through_an_alias() {
    let code = "void f(void) {\n char *p = malloc(4);\n char *q = p;\n free(q);\n free(p);\n}\n";
    assert_eq!(only(code, Check::DoubleFree), vec![5]);
}

#[test]
fn a_free_on_one_branch_only_is_not_a_double_free() {
    let code = "void f(int c) {\n char *p = malloc(4);\n if (c) free(p);\n free(p);\n}\n";
    assert!(only(code, Check::DoubleFree).is_empty());
}

#[test]
fn exit_ends_the_path_before_the_second_free() {
    let code =
        "void f(void) {\n char *p = malloc(4);\n if (!p) { free(p); exit(1); }\n free(p);\n}\n";
    assert!(only(code, Check::DoubleFree).is_empty());
    let code = "void die(void) { exit(2); }\nvoid f(int c) {\n char *p = malloc(4);\n if (c) { free(p); die(); }\n free(p);\n}\n";
    assert!(only(code, Check::DoubleFree).is_empty());
}

#[test]
fn reassignment_between_frees_is_not_a_double_free() {
    let code = "void f(void) {\n char *p = malloc(4);\n free(p);\n p = malloc(8);\n free(p);\n}\n";
    assert!(only(code, Check::DoubleFree).is_empty());
}

#[test]
fn freeing_elements_then_the_array_is_not_a_double_free() {
    let code = "void f(int n) {\n char **a = malloc(8 * n);\n for (int i = 0; i < n; i++) free(a[i]);\n free(a);\n}\n";
    assert!(only(code, Check::DoubleFree).is_empty());
    let code = "void f(void) {\n char *a[2];\n a[0] = malloc(1);\n a[1] = malloc(1);\n free(a[0]);\n free(a[1]);\n free(a[0]);\n}\n";
    assert_eq!(only(code, Check::DoubleFree), vec![7]);
}

#[test]
fn use_after_free_by_deref_field_index_and_library_call() {
    let code = "struct s { int x; };\nvoid f(void) {\n struct s *p = malloc(sizeof(struct s));\n free(p);\n p->x = 1;\n}\n";
    assert_eq!(only(code, Check::UseAfterFree), vec![5]);
    let code = "void f(void) {\n char *p = malloc(4);\n free(p);\n p[0] = 'a';\n}\n";
    assert_eq!(only(code, Check::UseAfterFree), vec![4]);
    let code = "void f(void) {\n char *p = malloc(4);\n free(p);\n strcpy(p, \"a\");\n}\n";
    assert_eq!(only(code, Check::UseAfterFree), vec![4]);
    let code = "void f(void) {\n int *p = malloc(4);\n free(p);\n int x = *p;\n}\n";
    assert_eq!(only(code, Check::UseAfterFree), vec![4]);
}

#[test]
fn free_of_non_heap_memory() {
    let code = "void f(void) {\n int x;\n int *p = &x;\n free(p);\n}\n";
    assert_eq!(only(code, Check::FreeNonHeap), vec![4]);
    let code = "void f(void) {\n char buf[8];\n free(buf);\n}\n";
    assert_eq!(only(code, Check::FreeNonHeap), vec![3]);
    let code = "void f(void) {\n char *s = \"lit\";\n free(s);\n}\n";
    assert_eq!(only(code, Check::FreeNonHeap), vec![3]);
    let code = "void f(char *p) {\n free(p);\n}\n";
    assert!(only(code, Check::FreeNonHeap).is_empty());
}

#[test]
fn free_of_an_offset_pointer() {
    let cases: [(&str, &[usize]); 6] = [
        (
            "void f(void) {\n char *p = malloc(8);\n p++;\n free(p);\n}\n",
            &[4],
        ),
        (
            "void f(void) {\n int *p = malloc(8);\n free(p + 1);\n}\n",
            &[3],
        ),
        (
            "void f(void) {\n char *p = malloc(8);\n p++;\n p--;\n free(p);\n}\n",
            &[],
        ),
        // Moved forward in a loop, or on one branch, and never moved back.
        (
            "void f(void) {\n char *p = malloc(8);\n if (!p) return;\n p[7] = 0;\n for (; *p != 'x'; p++) {}\n free(p);\n}\n",
            &[6],
        ),
        (
            "void f(int c) {\n char *p = malloc(8);\n if (c) p++;\n free(p);\n}\n",
            &[4],
        ),
        // A cursor of its own leaves the pointer to the block where it was.
        (
            "void f(void) {\n char *p = malloc(8);\n if (!p) return;\n p[7] = 0;\n for (char *q = p; *q != 'x'; q++) {}\n free(p);\n}\n",
            &[],
        ),
    ];
    for (code, want) in cases {
        assert_eq!(only(code, Check::FreeOffset), want, "{code}");
    }
}

#[test]
fn placement_new_and_alloca_macros_are_not_heap() {
    let placed = "void f() {\n char buf[8];\n char *p = new (buf) char;\n delete p;\n}\n";
    let cpp: Vec<(Check, usize)> = found_in(Language::Cpp, placed);
    assert!(cpp.contains(&(Check::FreeNonHeap, 4)), "{cpp:?}");
    let stack = "void f(void) {\n char *p = ALLOCA(8);\n free(p);\n}\n";
    assert_eq!(only(stack, Check::FreeNonHeap), vec![3]);
}

#[test]
fn null_dereference_after_a_check_or_assignment() {
    let code = "void f(int *p) {\n if (p == NULL) {\n  *p = 1;\n }\n}\n";
    assert_eq!(only(code, Check::NullDeref), vec![3]);
    let code = "void f(void) {\n int *p = NULL;\n *p = 1;\n}\n";
    assert_eq!(only(code, Check::NullDeref), vec![3]);
    let code = "int *none(void) { return NULL; }\nvoid f(void) {\n int *p = none();\n *p = 1;\n}\n";
    assert_eq!(only(code, Check::NullDeref), vec![4]);
    let code = "void f(int *p) {\n if (p != NULL) {\n  *p = 1;\n }\n}\n";
    assert!(only(code, Check::NullDeref).is_empty());
    let code = "void f(int *p) {\n if (p && *p) g();\n}\n";
    assert!(only(code, Check::NullDeref).is_empty());
}

#[test]
fn unchecked_allocation_results() {
    let code = "void f(void) {\n char *p = malloc(4);\n p[0] = 'a';\n free(p);\n}\n";
    assert_eq!(only(code, Check::UncheckedAlloc), vec![3]);
    let code = "void f(void) {\n char *p = malloc(4);\n if (p == NULL) return;\n p[0] = 'a';\n free(p);\n}\n";
    assert!(only(code, Check::UncheckedAlloc).is_empty());
    let code =
        "void f(void) {\n char *p = malloc(4);\n if (!p) exit(1);\n p[0] = 'a';\n free(p);\n}\n";
    assert!(only(code, Check::UncheckedAlloc).is_empty());
}

#[test]
fn leaks_at_return_and_on_overwrite() {
    // Reported at the allocation.
    let code = "void f(void) {\n char *p = malloc(4);\n if (!p) return;\n p[0] = 1;\n}\n";
    assert_eq!(only(code, Check::Leak), vec![2]);
    let code = "void f(void) {\n char *p = malloc(4);\n p = malloc(8);\n free(p);\n}\n";
    assert_eq!(only(code, Check::Leak), vec![2]);
    // Escapes are never leaks: returned, stored in a field or global, passed to unknown code.
    for code in [
        "char *f(void) {\n char *p = malloc(4);\n return p;\n}\n",
        "struct s { char *b; };\nvoid f(struct s *o) {\n char *p = malloc(4);\n o->b = p;\n}\n",
        "char *g;\nvoid f(void) {\n char *p = malloc(4);\n g = p;\n}\n",
        "void f(void) {\n char *p = malloc(4);\n keep(p);\n}\n",
        "void f(void) {\n char *p = malloc(4);\n if (p == NULL) return;\n free(p);\n}\n",
    ] {
        assert!(only(code, Check::Leak).is_empty(), "{code}");
    }
}

#[test]
fn buffer_overrun_with_constant_indexes_and_loops() {
    let code = "void f(void) {\n int a[10];\n a[10] = 1;\n a[9] = 1;\n}\n";
    assert_eq!(only(code, Check::BufferOverrun), vec![3]);
    let code = "void f(void) {\n int a[10];\n for (int i = 0; i <= 10; i++) a[i] = 0;\n}\n";
    assert_eq!(only(code, Check::BufferOverrun), vec![3]);
    let code = "void f(void) {\n int a[10];\n for (int i = 0; i < 10; i++) a[i] = 0;\n}\n";
    assert!(only(code, Check::BufferOverrun).is_empty());
    let code = "void f(void) {\n int *p = malloc(10 * sizeof(int));\n if (!p) return;\n p[10] = 1;\n free(p);\n}\n";
    assert_eq!(only(code, Check::BufferOverrun), vec![4]);
    let code =
        "void f(void) {\n char *p = malloc(5);\n if (!p) return;\n *(p + 5) = 1;\n free(p);\n}\n";
    assert_eq!(only(code, Check::BufferOverrun), vec![4]);
    let code =
        "#define N 4\nvoid f(void) {\n char b[N];\n memset(b, 0, 5);\n memcpy(b, \"abc\", 4);\n}\n";
    assert_eq!(only(code, Check::BufferOverrun), vec![4]);
    let code = "void f(void) {\n char b[3];\n strcpy(b, \"abc\");\n}\n";
    assert_eq!(only(code, Check::BufferOverrun), vec![3]);
    let code = "void f(void) {\n int a[3][4];\n a[2][4] = 0;\n a[2][3] = 0;\n}\n";
    assert_eq!(only(code, Check::BufferOverrun), vec![3]);
}

#[test]
fn a_pointer_to_an_array_is_a_pointer() {
    let code = "void f(void) {\n int arr[4] = {0};\n int (*p)[] = malloc(sizeof arr);\n if (!p) return;\n memcpy(p, arr, sizeof(arr));\n free(p);\n}\n";
    assert!(found(code).is_empty(), "{:?}", found(code));
}

#[test]
fn computed_indexes_report_only_when_always_out_of_bounds() {
    let code = "void f(void) {\n int s[48];\n for (int j = 0; j < 48; j += 8) s[j + 1] = 0;\n s[47 + 1] = 0;\n}\n";
    assert_eq!(only(code, Check::BufferOverrun), vec![4]);
}

#[test]
fn calls_in_conditions_keep_their_effects() {
    let code =
        "void f(void) {\n char *buf = NULL;\n if (ok() && get(&buf) > 0) {\n  buf[0] = 1;\n }\n}\n";
    assert!(only(code, Check::NullDeref).is_empty());
    let code = "void f(const char *e) {\n long v = strtol(e, NULL, 10);\n}\n";
    assert!(only(code, Check::NullDeref).is_empty());
}

#[test]
fn buffer_underrun() {
    let code = "void f(void) {\n int a[10];\n a[-1] = 1;\n}\n";
    assert_eq!(only(code, Check::BufferUnderrun), vec![3]);
    let code = "void f(void) {\n int a[10];\n int *p = a;\n p--;\n *p = 1;\n}\n";
    assert_eq!(only(code, Check::BufferUnderrun), vec![5]);
}

#[test]
fn conditions_prune_infeasible_paths() {
    // The branch that frees is dead.
    let code =
        "void f(void) {\n char *p = malloc(4);\n int x = 0;\n if (x) free(p);\n free(p);\n}\n";
    assert!(only(code, Check::DoubleFree).is_empty());
    let code =
        "void f(void) {\n char *p = malloc(4);\n int x = 1;\n if (x) free(p);\n free(p);\n}\n";
    assert_eq!(only(code, Check::DoubleFree), vec![5]);
    // A switch on a constant runs only its case.
    let code = "void f(void) {\n char *p = malloc(4);\n int k = 2;\n switch (k) { case 1: free(p); break; case 2: break; }\n free(p);\n}\n";
    assert!(only(code, Check::DoubleFree).is_empty());
}

#[test]
fn summaries_carry_frees_and_allocations_across_functions() {
    let code = "void release(char *q) { free(q); }\nvoid f(void) {\n char *p = malloc(4);\n release(p);\n free(p);\n}\n";
    assert_eq!(only(code, Check::DoubleFree), vec![5]);
    let code = "char *make(void) { char *p = malloc(4); return p; }\nvoid f(void) {\n char *p = make();\n if (!p) return;\n p[0] = 1;\n}\n";
    assert_eq!(only(code, Check::Leak), vec![3]);
}

#[test]
fn cpp_new_and_delete() {
    let code = "void f() {\n int *p = new int[4];\n delete[] p;\n delete[] p;\n}\n";
    assert_eq!(
        found_in(Language::Cpp, code)
            .into_iter()
            .filter(|(c, _)| *c == Check::DoubleFree)
            .map(|(_, l)| l)
            .collect::<Vec<_>>(),
        vec![4]
    );
}

#[test]
fn cpp_escapes_placement_new_lambdas_and_static_locals() {
    for code in [
        "void f() {\n unsigned char st[16];\n int *v = new (st) int(1);\n}\n",
        "void f() {\n int *v = new int;\n run([&] { delete v; });\n}\n",
        "void f() {\n static int *const v = new int;\n}\n",
    ] {
        assert!(found_in(Language::Cpp, code).is_empty(), "{code}");
    }
}

#[test]
fn huge_functions_stop_at_the_budget() {
    let mut code = String::from("void f(int n) {\n char *p = malloc(4);\n");
    for i in 0..3000 {
        code.push_str(&format!(" if (n > {i}) n--; else n++;\n"));
    }
    code.push_str(" free(p);\n free(p);\n}\n");
    let src = code.as_bytes();
    let parsed = parse(Language::C, src, &ParseLimits::default()).expect("parses");
    let small = Limits {
        steps_per_function: 1000,
    };
    let start = std::time::Instant::now();
    let out = analyze(parsed.tree.root_node(), src, &Check::ALL, small);
    assert_eq!(out.skipped_functions, 1);
    assert!(out.defects.is_empty());
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn an_unexpanded_macro_may_assign_its_arguments() {
    // `SKIP_PREFIX(u, "GET ")` is a macro from a header that advances `u`: after it nothing is
    // known of `u`, so `u[-1]` is not an underrun.
    let code = "void f(void) {\n char buf[64];\n char *u = buf;\n if (SKIP_PREFIX(u, \"GET \")) {\n  u[-1] = 0;\n }\n}\n";
    assert!(only(code, Check::BufferUnderrun).is_empty());
    // A function (declared here, so no macro) cannot change a pointer passed by value: the
    // underrun stays.
    let code = "void log_it(char *s);\nvoid f(void) {\n char buf[64];\n char *u = buf;\n log_it(u);\n u[-1] = 0;\n}\n";
    assert_eq!(only(code, Check::BufferUnderrun), vec![6]);
    // Nor does a macro-like name change the double free of a pointer it was not given.
    let code = "void f(void) {\n char *p = malloc(4);\n free(p);\n TRACE(\"x\");\n free(p);\n}\n";
    assert_eq!(only(code, Check::DoubleFree), vec![5]);
}
