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

#[test]
fn a_java_case_group_runs_in_order_and_falls_through_until_a_break() {
    let src = r#"class A {
  void f(int m) {
    String z = "";
    switch (m) {
      case 1:
        String a = src();
        sink(a);
        break;
      case 2:
        String b = src();
      case 3:
        sink(b);
        break;
      case 4: {
        z = src();
        break;
      }
      case 5:
        sink(z);
        String c = src();
        c = "y";
        sink(c);
    }
  }
}
"#;
    // 7: the group's statements in order; 12: case 2 falls into case 3; 19: case 4 ends in
    // a `break` inside its block, so `z` is clean in case 5; 22: `c` was overwritten.
    assert_eq!(lines(Language::Java, "java", src), vec![7, 12]);
}

#[test]
fn a_java_switch_without_default_may_run_no_case() {
    let src = r#"class A {
  void f(int m) {
    String x = src();
    switch (m) {
      case 1: x = "a"; break;
      default: x = "b";
    }
    sink(x);
    String y = src();
    switch (m) {
      case 1: y = "a"; break;
      case 2: y = "b"; break;
    }
    sink(y);
    String w = src();
    switch (m) {
      case 1 -> w = "a";
      default -> w = "b";
    }
    sink(w);
  }
}
"#;
    assert_eq!(lines(Language::Java, "java", src), vec![14]);
}

#[test]
fn java_switch_rules_and_switch_expressions() {
    let src = r#"class A {
  void f(int m) {
    switch (m) {
      case 1 -> { String a = src(); sink(a); }
      case 2 -> sink(src());
      default -> { String d = src(); d = "k"; sink(d); }
    }
    String v = switch (m) { case 1 -> src(); default -> "x"; };
    sink(v);
    String w = switch (src()) { case "a" -> "x"; default -> "y"; };
    sink(w);
  }
}
"#;
    // 11: the subject only chooses between constants.
    assert_eq!(lines(Language::Java, "java", src), vec![4, 5, 9]);
}

#[test]
fn csharp_switch_sections_and_switch_expressions() {
    let src = r#"class A {
  void F(int m) {
    switch (m) {
      case 1:
        var a = src();
        sink(a);
        break;
      default:
        var b = src();
        b = "x";
        sink(b);
        break;
    }
    var v = m switch { 1 => src(), _ => "x" };
    sink(v);
    var w = src() switch { "a" => "x", _ => "y" };
    sink(w);
  }
}
"#;
    assert_eq!(lines(Language::CSharp, "cs", src), vec![6, 15]);
}

#[test]
fn a_function_bound_to_a_name_is_called_by_that_name() {
    let src = r#"const run = (cmd) => { sink(cmd); };
const fixed = function (s) { return 'constant'; };
const same = x => x;
const shell = (c) => { sink(c); };
function handler(req) {
  run(src());
  sink(fixed(src()));
  sink(same(src()));
  const local = (v) => sink(v);
  local(src());
}
function other(shell) {
  shell(src());
}
"#;
    // 1: `run` reached from line 6; 7: `fixed` drops its argument; 8: `same` returns it;
    // 9: the local closure reached from line 10; 4: `shell` is only called where a parameter
    // of that name shadows it.
    assert_eq!(lines(Language::JavaScript, "js", src), vec![1, 8, 9]);
    assert_eq!(lines(Language::TypeScript, "ts", src), vec![1, 8, 9]);
}

#[test]
fn a_typescript_class_field_holding_a_function_is_a_method() {
    let src = r#"class C {
  handle = (x: string) => { sink(x); };
  quiet = (x: string) => { sink('k'); };
  go() {
    this.handle(src());
    this.quiet(src());
  }
}
"#;
    assert_eq!(lines(Language::TypeScript, "ts", src), vec![2]);
}

#[test]
fn a_function_passed_by_name_receives_what_the_call_hands_it() {
    let src = r#"function show(item) { sink(item); }
const log = (line) => { sink(line); };
function quiet(v) { sink(v); }
function f(req, cb) {
  const items = [src()];
  items.forEach(show);
  fetchIt(src()).then(log);
  ['a', 'b'].forEach(quiet);
  items.forEach(cb);
  src().log(quiet('k'));
}
"#;
    // 3: `quiet` only ever receives constants (a call passed as an argument is no callback).
    assert_eq!(lines(Language::JavaScript, "js", src), vec![1, 2]);
}

#[test]
fn a_java_switch_on_a_literal_runs_only_its_case() {
    let src = r#"class A {
  void f() {
    String d = "";
    switch (7) {
      case 7:
        d = src();
        break;
      default:
        d = "x";
        break;
    }
    sink(d);
    switch (8) {
      case 7:
        sink(d);
        break;
      case 8:
      case 9:
        sink(d);
      default:
        d = "k";
    }
    sink(d);
  }
}
"#;
    // 12: case 7 runs; 15: case 7 does not; 19: case 8 does and falls into `default`.
    assert_eq!(lines(Language::Java, "java", src), vec![12, 19]);
}

#[test]
fn a_function_assigned_to_an_export_is_called_through_the_module() {
    let lib = r#"exports.run = function (cmd) { sink(cmd); };
module.exports.quiet = (x) => { sink('k'); };
exports.pass = x => x;
"#;
    let app = r#"const m = require('./m0');
function h() {
  m.run(src());
  m.quiet(src());
  sink(m.pass(src()));
}
"#;
    let got = findings_in(Language::JavaScript, "js", &[lib, app]);
    assert_eq!(got, vec![(0, 1), (1, 5)]);
}
