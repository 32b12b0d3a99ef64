//! Tests of pattern forms that need more than one substitution to parse: declarations with
//! ellipses and metavariable names, partial declarations, lone annotations and decorators,
//! interpolated strings, and a lone `...`.

use ferret_lang::{Language, ParseLimits, parse};

use crate::equiv_tests::lines;
use crate::{MatchBudget, Pattern};

#[test]
fn php_names_in_declarations_take_metavariables() {
    let code =
        "<?php\nclass A {\n  public $x;\n}\nfunction f($a, $b) {\n  return $a;\n}\n$y = 1;\n";
    assert_eq!(lines(Language::Php, "class $X { ... }", code), vec![2]);
    assert_eq!(
        lines(Language::Php, "function $F(..., $B, ...) { ... }", code),
        vec![5]
    );
}

#[test]
fn ruby_class_names_take_metavariables() {
    let code = "class Foo < Base\n  def x\n  end\nend\nputs 1\n";
    assert_eq!(
        lines(Language::Ruby, "class $X < Base\n  ...\nend", code),
        vec![1]
    );
}

#[test]
fn parameters_and_fields_take_metavariables_and_ellipses() {
    let java = "class A {\n  public void run(int a, String b) { sink(b); }\n  private void other() {}\n}\n";
    assert_eq!(
        lines(Language::Java, "public void $F(..., $X, ...) { ... }", java),
        vec![2]
    );
    let kotlin = "fun hello(name: String) {\n  println(name)\n}\nval x = 1\n";
    assert_eq!(
        lines(Language::Kotlin, "fun $X(...) {\n  ...\n}", kotlin),
        vec![1]
    );
    let rust = "struct Point {\n    x: i32,\n    y: i32,\n}\nfn main() {}\n";
    assert_eq!(lines(Language::Rust, "struct $S { ... }", rust), vec![1]);
}

#[test]
fn a_declaration_without_its_body_matches_any_body() {
    let java = "class A {\n  void foo(int x) {\n    bar(x);\n  }\n  void baz() {}\n}\n";
    assert_eq!(lines(Language::Java, "void foo(...)", java), vec![2]);
    let js = "function foo(a, b) {\n  return a;\n}\nfunction bar() {}\n";
    assert_eq!(
        lines(Language::JavaScript, "function foo(...)", js),
        vec![1]
    );
    let py = "def handler(req):\n    return req\n\ndef other():\n    pass\n";
    assert_eq!(lines(Language::Python, "def handler(...)", py), vec![1]);
}

#[test]
fn lone_decorators_and_annotations_match_where_they_are_applied() {
    let py = "@app.route(\"/x\")\ndef f():\n    pass\n\n@cache\ndef g():\n    pass\n";
    assert_eq!(lines(Language::Python, "@$NAME.route($X)", py), vec![1]);
    let java = "class A {\n  @SomeAnnot(1)\n  void foo() {}\n  @Other\n  void bar() {}\n}\n";
    assert_eq!(lines(Language::Java, "@SomeAnnot(...)", java), vec![2]);
}

#[test]
fn interpolations_in_strings_are_code() {
    let js = "const a = `select ${id} from t`;\nconst b = `plain`;\nconst c = \"x\";\n";
    assert_eq!(lines(Language::JavaScript, "`...${$X}...`", js), vec![1]);
    let py = "q = f\"select {name} from t\"\nr = \"select {name}\"\n";
    assert_eq!(lines(Language::Python, "f\"...{$X}...\"", py), vec![1]);
}

#[test]
fn a_lone_ellipsis_matches_each_statement() {
    let py = "import os\n\ndef f():\n    x = 1\n    return x\n";
    assert_eq!(lines(Language::Python, "...", py), vec![1, 3, 4, 5]);
}

#[test]
fn a_metavariable_pattern_in_another_language_reads_the_bound_string() {
    use crate::{Condition, Conjunction, Formula, FormulaCtx, MatchPlan, run_plan};
    use std::sync::Arc;
    let code = "eval_c(\"x++;\")\neval_c(\"++x;\")\neval_c(\"y = x + 1;\")\n";
    let outer = Pattern::compile(Language::Python, "eval_c($CODE)").unwrap();
    let inner = Pattern::compile(Language::C, "$X++;").unwrap();
    let plan = MatchPlan::new(Language::Python, vec![Arc::new(outer)]);
    let formula = Formula::And(Box::new(Conjunction {
        positives: vec![Formula::Pattern(0)],
        conditions: vec![Condition::Foreign {
            name: Arc::from("CODE"),
            plan: Arc::new(MatchPlan::new(Language::C, vec![Arc::new(inner)])),
            formula: Box::new(Formula::Pattern(0)),
        }],
        ..Conjunction::default()
    }));
    let parsed = parse(Language::Python, code.as_bytes(), &ParseLimits::default()).unwrap();
    let results = run_plan(
        &plan,
        &parsed.tree,
        code.as_bytes(),
        &[],
        MatchBudget::default(),
    );
    let ctx = FormulaCtx {
        src: code.as_bytes(),
        matches: &results.matches,
    };
    let found = formula.eval(&ctx);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].span.start, 0);
    // `$X` is bound inside the string, at the file's offsets.
    let x = found[0].get("X").expect("$X bound");
    assert_eq!(&code[x.span.start..x.span.end], "x");
}

#[test]
fn a_regex_string_matches_strings_whose_content_it_finds() {
    let code = "a = open(\"/srv/x\")\nb = open(\"/etc/passwd\")\nc = open(\"/SRV/y\")\n";
    assert_eq!(
        lines(Language::Python, "open(\"=~/^\\/srv\\//\")", code),
        vec![1]
    );
    assert_eq!(
        lines(Language::Python, "open(\"=~/^\\/srv\\//i\")", code),
        vec![1, 3]
    );
}

#[test]
fn a_ruby_interpolation_is_not_a_comment() {
    let rb = "x = `ls #{dir}`\ny = `ls`\n";
    assert_eq!(lines(Language::Ruby, "`...#{$V}...`", rb), vec![1]);
}
