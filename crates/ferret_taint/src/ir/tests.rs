//! Tests of lowering: functions, parameters, constants, fields, aliases and the statement
//! and expression forms of the languages.

use super::*;
use ferret_lang::{Language, ParseLimits, parse};

fn lower(lang: Language, src: &str) -> FileFuncs {
    let p = parse(lang, src.as_bytes(), &ParseLimits::default()).unwrap();
    lower_file(lang, p.tree.root_node(), src.as_bytes())
}

#[test]
fn java_functions_params_constants_and_fields() {
    let f = lower(
        Language::Java,
        "class A {\n  private static final int FIVE = 5;\n  private String saved;\n  boolean t() { return true; }\n  void m(String a, int b) { String x = a; }\n}\n",
    );
    let names: Vec<&str> = f.funcs.iter().map(|x| x.name.as_str()).collect();
    assert!(names.contains(&"m") && names.contains(&"t"), "{names:?}");
    let m = f.funcs.iter().find(|x| x.name == "m").unwrap();
    assert_eq!(m.params, vec!["a", "b"]);
    assert_eq!(m.class.as_deref(), Some("A"));
    assert!(m.locals.contains("x"));
    assert_eq!(f.consts.get("A.FIVE"), Some(&Const::Int(5)));
    assert!(f.fields.contains("A.saved"));
    let t = f.funcs.iter().find(|x| x.name == "t").unwrap();
    assert_eq!(t.const_return, Some(Const::Bool(true)));
}

#[test]
fn python_methods_in_classes_and_reassigned_constants() {
    let f = lower(
        Language::Python,
        "DEBUG = False\nLEVEL = 1\nclass K:\n    def g(self, v):\n        return v\ndef h():\n    global LEVEL\n    LEVEL = 2\n",
    );
    let g = f
        .funcs
        .iter()
        .find(|x| x.name == "g")
        .expect("method inside a class");
    assert_eq!(g.params, vec!["self", "v"]);
    assert_eq!(f.consts.get("DEBUG"), Some(&Const::Bool(false)));
    assert!(
        !f.consts.contains_key("LEVEL"),
        "reassigned, so not a constant"
    );
}

#[test]
fn python_concatenated_strings_are_constant_only_without_interpolation() {
    let f = lower(
        Language::Python,
        "A = 'x' 'y'\ndef f(p):\n    b = 'a' f'{p}'\n",
    );
    assert_eq!(f.consts.get("A"), Some(&Const::Str("xy".into())));
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    assert!(
        !func
            .exprs
            .iter()
            .any(|e| matches!(&e.kind, ExprKind::Lit(Const::Str(s)) if s.contains('{'))),
        "an f-string part makes the whole string non-constant"
    );
    assert!(
        func.exprs
            .iter()
            .any(|e| matches!(&e.kind, ExprKind::Path(p) if p == "p")),
        "the interpolated name is read"
    );
}

#[test]
fn c_macros_name_variables() {
    let f = lower(
        Language::C,
        "#define ARG data\nvoid f(char *data) { system(ARG); }\n",
    );
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    assert!(
        func.exprs
            .iter()
            .any(|e| matches!(&e.kind, ExprKind::Path(p) if p == "data")),
        "ARG is read as data"
    );
}

#[test]
fn cpp_new_array_length_is_an_operand() {
    let f = lower(
        Language::Cpp,
        "void f(unsigned n, unsigned m) { char *p = new char[n]; int (*q)[4] = new int[m][4]; }\n",
    );
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    let arg_paths = |name: &str| {
        func.exprs.iter().any(|e| match &e.kind {
            ExprKind::Call { args, .. } => args
                .iter()
                .any(|a| matches!(&func.exprs[a.0 as usize].kind, ExprKind::Path(p) if p == name)),
            _ => false,
        })
    };
    assert!(arg_paths("n"), "`new char[n]` reads n");
    assert!(arg_paths("m"), "`new int[m][4]` reads m");
}

fn paths(func: &FuncIr) -> Vec<&str> {
    func.exprs
        .iter()
        .filter_map(|e| match &e.kind {
            ExprKind::Path(p) => Some(p.as_str()),
            _ => None,
        })
        .collect()
}

fn assigned(func: &FuncIr) -> Vec<(String, bool)> {
    func.exprs
        .iter()
        .filter_map(|e| match &e.kind {
            ExprKind::Assign { places, .. } => Some(places.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn c_pointer_to_a_local_reads_and_writes_the_local() {
    let f = lower(
        Language::C,
        "void f(void) { int x; int *p = &x; int *q = &x; *p = 1; int y = *q; }\n",
    );
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    assert!(
        assigned(func).contains(&("x".to_string(), true)),
        "`*p = 1` writes x"
    );
    // `*q` reads both q and x
    assert!(
        func.exprs
            .iter()
            .any(|e| matches!(&e.kind, ExprKind::Path(p) if p == "x")
                && e.span.start == e.span.end),
        "`*q` reads x"
    );
    assert!(paths(func).contains(&"q"));
}

#[test]
fn c_reassigned_or_escaping_pointers_are_not_aliases() {
    let f = lower(
        Language::C,
        "void g(int **pp);\nvoid f(int *o) { int x; int *p = &x; int *q = &x; p = o; g(&q); *p = 1; *q = 2; }\n",
    );
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    let places = assigned(func);
    assert!(!places.iter().any(|(p, _)| p == "x"), "{places:?}");
    assert!(places.contains(&("p".to_string(), false)));
    assert!(places.contains(&("q".to_string(), false)));
}

#[test]
fn cpp_references_name_their_variable() {
    let f = lower(
        Language::Cpp,
        "void f() { int x = 0; int &r = x; r = 5; int y = r; char *s; char *&t = s; t = 0; }\n",
    );
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    assert!(!paths(func).contains(&"r"), "{:?}", paths(func));
    assert!(
        assigned(func).contains(&("s".to_string(), true)),
        "`t = 0` writes s"
    );
    assert!(assigned(func).contains(&("x".to_string(), true)));
}

#[test]
fn c_function_pointer_calls_its_function_and_union_members_share_storage() {
    let f = lower(
        Language::C,
        "typedef union { int a; long b; } U;\nvoid s(int v);\nvoid f(int d) { void (*fp)(int) = s; U u; u.a = d; int e = u.b; fp(e); (*fp)(e); }\n",
    );
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    let calls: Vec<&str> = func
        .exprs
        .iter()
        .filter_map(|e| match &e.kind {
            ExprKind::Call { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(calls, vec!["s", "s"]);
    assert!(assigned(func).contains(&("u".to_string(), true)));
    assert!(paths(func).contains(&"u"));
    assert!(!paths(func).iter().any(|p| p.starts_with("u.")));
}

#[test]
fn c_address_of_is_a_unary_operator() {
    let f = lower(Language::C, "void f(void) { int x; g(&x); }\n");
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    assert!(
        func.exprs
            .iter()
            .any(|e| matches!(&e.kind, ExprKind::Unary { op, .. } if op == "&"))
    );
}

#[test]
fn c_switch_on_a_literal_runs_only_the_matching_case() {
    let f = lower(
        Language::C,
        "void f(int a) { int x; switch (7) { case 6: x = a; break; case 7: x = 1; case 8: x = 2; break; default: x = 3; break; } }\n",
    );
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    let lits: Vec<i64> = func
        .exprs
        .iter()
        .filter_map(|e| match &e.kind {
            ExprKind::Assign { value, .. } => match &func.expr(*value).kind {
                ExprKind::Lit(Const::Int(i)) => Some(*i),
                _ => None,
            },
            _ => None,
        })
        .collect();
    // case 7 falls through to case 8, which breaks; case 6 and default are not lowered
    assert_eq!(lits, vec![1, 2]);
    assert!(!paths(func).contains(&"a"));
    assert!(
        !func
            .stmts
            .iter()
            .any(|s| matches!(s.kind, StmtKind::Choice { .. }))
    );
}

#[test]
fn c_and_cpp_out_parameters_are_references_and_pointers() {
    let f = lower(
        Language::Cpp,
        "void f(int a, int &b, char *c, const char **d) { }\n",
    );
    let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
    assert_eq!(func.out_params, 0b1110);
    let j = lower(Language::Java, "class A { void m(int[] a) { } }\n");
    assert!(j.funcs.iter().all(|x| x.out_params == 0));
}
