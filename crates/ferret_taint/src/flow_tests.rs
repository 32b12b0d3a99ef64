//! Tests of flows inside one function: the statements of a JavaScript `case`, closures that
//! write variables they capture, and objects copied field by field. Each file is `m<i>.<ext>`;
//! `src()` is the source and the argument of `sink(...)` a sink; a finding is (file index, line).

use ferret_lang::Language;

use super::tests::{findings_in, python_findings};

fn lines(lang: Language, ext: &str, src: &str) -> Vec<usize> {
    findings_in(lang, ext, &[src])
        .into_iter()
        .map(|(_, l)| l)
        .collect()
}

#[test]
fn every_statement_of_a_javascript_case_runs_in_order() {
    let src = "function f(m, v) {\n  switch (m) {\n    case 1:\n      if (v) { log(v); }\n      sink(src());\n      break;\n    case 2:\n      let a = src();\n      a = 'x';\n      sink(a);\n      break;\n    default:\n      let b = 'y';\n      b = src();\n      sink(b);\n  }\n}\n";
    assert_eq!(lines(Language::JavaScript, "js", src), vec![5, 15]);
    assert_eq!(lines(Language::TypeScript, "ts", src), vec![5, 15]);
}

#[test]
fn a_closure_adds_taint_to_the_variables_it_captures() {
    let src = "function f(xs) {\n  const list = [];\n  xs.forEach(x => list.push(src()));\n  sink(list);\n  const kept = [];\n  xs.forEach(x => { const own = src(); kept.push(x); });\n  sink(kept);\n  sink(own);\n  let s = src();\n  xs.forEach(s => { sink(s); });\n  sink(s);\n}\n";
    // `own` is the closure's local; `s` inside is the parameter (clean), outside the source.
    assert_eq!(lines(Language::JavaScript, "js", src), vec![4, 11]);
}

#[test]
fn a_copied_python_object_keeps_its_fields_apart() {
    let src = "def f(o):\n    o.a = src()\n    o.b = 'x'\n    q = o\n    sink(q.b)\n    sink(q.a)\n    sink(q)\n    o.c = src()\n    r = o.c\n    sink(r)\n";
    assert_eq!(
        python_findings(&[src])
            .into_iter()
            .map(|(_, l)| l)
            .collect::<Vec<_>>(),
        vec![6, 7, 10]
    );
}

#[test]
fn a_copied_java_object_keeps_its_fields_apart() {
    let src = "class A {\n  void f(Job o) {\n    o.a = src();\n    o.b = \"x\";\n    Job q = o;\n    sink(q.b);\n    sink(q.a);\n    Job r = q;\n    sink(r.b);\n    sink(r);\n  }\n}\n";
    assert_eq!(lines(Language::Java, "java", src), vec![7, 10]);
}
