//! Tests of the matching equivalences: constant and symbolic propagation, associative and
//! commutative operator chains.

use ferret_lang::{Language, ParseLimits, parse};

use crate::{MatchBudget, MatchOptions, Pattern, match_subtree};

fn lines_with(lang: Language, pattern: &str, code: &str, opts: MatchOptions) -> Vec<usize> {
    let mut p = Pattern::compile(lang, pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    p.options = opts;
    let parsed = parse(lang, code.as_bytes(), &ParseLimits::default()).unwrap();
    let ms = match_subtree(
        &p,
        parsed.tree.root_node(),
        code.as_bytes(),
        MatchBudget::default(),
    );
    let mut v: Vec<usize> = ms
        .iter()
        .map(|m| code[..m.span.start].matches('\n').count() + 1)
        .collect();
    v.sort();
    v.dedup();
    v
}

pub(crate) fn lines(lang: Language, pattern: &str, code: &str) -> Vec<usize> {
    lines_with(lang, pattern, code, MatchOptions::default())
}

#[test]
fn a_variable_holding_a_literal_matches_the_literal() {
    let code = "def f(c):\n    k = \"md5\"\n    new(k)\n    k = g()\n    new(k)\n    new(\"md\" + \"5\")\n";
    assert_eq!(lines(Language::Python, "new(\"md5\")", code), vec![3, 6]);
    let off = MatchOptions {
        constant_propagation: false,
        ..MatchOptions::default()
    };
    assert_eq!(
        lines_with(Language::Python, "new(\"md5\")", code, off),
        vec![] as Vec<usize>
    );
}

#[test]
fn branches_join_and_loops_forget() {
    let code = "function f(c) {\n  var a;\n  if (c) { a = 'x'; } else { a = 'y'; }\n  sink(a);\n  var b = 'z';\n  if (c) { b = g(); }\n  sink(b);\n  var d = 'q';\n  while (c) { d = d + 'q'; }\n  sink(d);\n}\n";
    // `a` is some string on every path, `b` only on one, `d` changes in the loop.
    assert_eq!(lines(Language::JavaScript, "sink(\"...\")", code), vec![4]);
    assert_eq!(
        lines(Language::JavaScript, "sink(\"x\")", code),
        vec![] as Vec<usize>
    );
}

#[test]
fn file_constants_reach_functions_unless_reassigned_or_shadowed() {
    let code = "KEY = 'secret'\nOTHER = 'secret'\ndef f():\n    use(KEY)\n    use(OTHER)\ndef g(KEY):\n    use(KEY)\ndef h():\n    global OTHER\n    OTHER = 'x'\n";
    assert_eq!(lines(Language::Python, "use('secret')", code), vec![4]);
    let java = "class A {\n  final int port = 8080;\n  void m() { listen(port); listen(80); }\n}\n";
    assert_eq!(lines(Language::Java, "listen(8080)", java), vec![3]);
}

#[test]
fn symbolic_propagation_follows_assignments_when_enabled() {
    let code = "x = make()\ny = x.part\nuse(y)\nz = make()\nif c:\n    z = other()\nuse(z)\n";
    let on = MatchOptions {
        symbolic_propagation: true,
        ..MatchOptions::default()
    };
    assert_eq!(
        lines_with(Language::Python, "use(make().part)", code, on),
        vec![3]
    );
    assert_eq!(
        lines_with(Language::Python, "use(make())", code, on),
        vec![] as Vec<usize>
    );
    assert_eq!(
        lines(Language::Python, "use(make().part)", code),
        vec![] as Vec<usize>
    );
}

#[test]
fn bitwise_chains_match_in_any_order_and_grouping() {
    let code = "x = F1 | F2\ny = F3 | F2 | F1\nz = F1 | (F3 | F2)\nw = F1 | F3\n";
    assert_eq!(lines(Language::Python, "F1 | F2", code), vec![1, 2, 3]);
    assert_eq!(
        lines(Language::Python, "$A | $A", code),
        vec![] as Vec<usize>
    );
}

#[test]
fn boolean_chains_regroup_but_keep_their_order() {
    let code = "if a and b and c:\n    pass\nif (a and b) and c:\n    pass\nif b and a and c:\n    pass\nif a and b:\n    pass\n";
    assert_eq!(lines(Language::Python, "a and b and c", code), vec![1, 3]);
    // A metavariable takes a run of operands.
    assert_eq!(lines(Language::Python, "a and $X", code), vec![1, 3, 7]);
    let js = "if (x() && y()) {}\nif (y() && x()) {}\n";
    assert_eq!(lines(Language::JavaScript, "x() && y()", js), vec![1]);
    let on = MatchOptions {
        commutative_boolop: true,
        ..MatchOptions::default()
    };
    assert_eq!(
        lines_with(Language::JavaScript, "x() && y()", js, on),
        vec![1, 2]
    );
}

#[test]
fn an_import_pattern_matches_every_form_that_imports_the_module() {
    let py = "import lib.sub as s\nfrom lib import sub, other\nfrom lib.sub import thing\nfrom lib import other\nfrom .lib import sub\nimport lib.subway\n";
    assert_eq!(lines(Language::Python, "import lib.sub", py), vec![1, 2, 3]);
    assert_eq!(
        lines(Language::Python, "from lib import sub", py),
        vec![1, 2, 3]
    );
    let go = "package p\nimport x \"a/b\"\nimport (\n\t\"c/d\"\n\t. \"a/b\"\n)\nimport \"a/bc\"\n";
    assert_eq!(lines(Language::Go, "import \"a/b\"", go), vec![2, 3]);
    let js = "import d from 'pkg';\nimport { a as b } from 'pkg/sub';\nimport 'pkgx';\n";
    assert_eq!(lines(Language::JavaScript, "import 'pkg'", js), vec![1, 2]);
}

#[test]
fn typed_metavariables_infer_from_values_boxing_and_arithmetic() {
    let java = "class A {\n  void m(Buf[] ps) {\n    var b = new Buf();\n    Integer n = 3;\n    take(b);\n    take(n + 1);\n    take(ps);\n    take(\"s\" + 1);\n  }\n}\n";
    assert_eq!(lines(Language::Java, "take((Buf $X))", java), vec![5]);
    assert_eq!(lines(Language::Java, "take((int $X))", java), vec![6]);
    // A declared name is not an expression of its type; its uses are.
    assert_eq!(lines(Language::Java, "(Buf[] $X)", java), vec![7]);
}

#[test]
fn interpolated_strings_fold_when_every_part_does() {
    let js = "const who = 'world';\nlog(`hello ${who}`);\nlog(`hello ${other}`);\nlog(`hello ${who}${who}`);\n";
    assert_eq!(
        lines(Language::JavaScript, "log(\"hello world\")", js),
        vec![2]
    );
    assert_eq!(lines(Language::JavaScript, "log(\"...\")", js), vec![2, 4]);
    let py = "def f(x):\n    a = 'b'\n    g(f\"{a}c\")\n    g(f\"{x}c\")\n    g(f\"{a!r}c\")\n";
    assert_eq!(lines(Language::Python, "g('bc')", py), vec![3]);
    let rb = "name = \"db\"\nrun(\"drop #{name}\")\nrun(\"drop #{x}\")\n";
    assert_eq!(lines(Language::Ruby, "run(\"drop db\")", rb), vec![2]);
    let php = "<?php\n$dir = \"/tmp\";\nexec(\"rm $dir\");\nexec(\"rm $other\");\nexec(\"rm {$a->b}\");\n";
    assert_eq!(lines(Language::Php, "exec(\"rm /tmp\")", php), vec![3]);
    assert_eq!(lines(Language::Php, "exec(\"...\")", php), vec![3]);
}

#[test]
fn conditionals_and_repetition_fold_to_some_string() {
    let js = "f(c ? 'a' : 'b');\nf(c ? 'a' : 'a');\nf(c ? 'a' : x);\n";
    assert_eq!(lines(Language::JavaScript, "f('...')", js), vec![1, 2]);
    assert_eq!(lines(Language::JavaScript, "f('a')", js), vec![2]);
    let py = "def t(n):\n    s = '[' * n\n    f(s)\n    f(n * ']')\n    f(n * 2)\n    f(('a' if n else 'b'))\n";
    assert_eq!(lines(Language::Python, "f('...')", py), vec![3, 4, 6]);
}

#[test]
fn declarators_without_a_value_field_and_subscript_targets() {
    let cs = "class A {\n  void T() {\n    string x = \"k\";\n    W(x);\n  }\n}\n";
    assert_eq!(lines(Language::CSharp, "W(\"k\")", cs), vec![4]);
    // `c[a] = 1` writes `c`, not `a`.
    let py = "a = 'k'\nc[a] = 1\nuse(a)\nuse(c)\n";
    assert_eq!(lines(Language::Python, "use('k')", py), vec![3]);
}

#[test]
fn a_string_metavariable_binds_the_content_of_a_constant_string() {
    let py = "def f(x):\n    foo('bar')\n    foo(x)\n    y = 'b' + 'ar'\n    foo(y)\n    same('a', 'a')\n    same('a', 'b')\n";
    assert_eq!(lines(Language::Python, "foo(\"$X\")", py), vec![2, 5]);
    assert_eq!(lines(Language::Python, "same(\"$X\", \"$X\")", py), vec![6]);
    assert_eq!(
        lines(Language::Python, "same($X, \"$X\")", py),
        vec![] as Vec<usize>
    );
}

#[test]
fn an_expression_statement_in_a_sequence_matches_inside_assignments_and_declarations() {
    let js = "import jwt from 'foo';\nlet a = jwt.sign({});\n";
    assert_eq!(
        lines(
            Language::JavaScript,
            "import $X from 'foo';\n...\n$X.sign(...);",
            js
        ),
        vec![1]
    );
    let py = "def f():\n    open_it()\n    x = close_it(1)\n    g(lambda: close_it(2))\n";
    assert_eq!(
        lines(Language::Python, "open_it()\n...\nclose_it(1)", py),
        vec![2]
    );
    // Not inside a nested function.
    assert_eq!(
        lines(Language::Python, "open_it()\n...\nclose_it(2)", py),
        vec![] as Vec<usize>
    );
}

#[test]
fn an_assignment_pattern_matches_a_declaration_with_that_value() {
    let ts = "var x = 1;\nx = 1;\nlet y: number = 1;\nvar z;\nconst w = 2;\n";
    assert_eq!(lines(Language::TypeScript, "$X = 1", ts), vec![1, 2, 3]);
    let java = "class A {\n  void f() {\n    int x = 1;\n    x = 1;\n    int[] a = g();\n  }\n}\n";
    assert_eq!(lines(Language::Java, "x = 1", java), vec![3, 4]);
    assert_eq!(lines(Language::Java, "$A = g()", java), vec![5]);
}

#[test]
fn a_repeated_metavariable_accepts_code_folding_to_the_same_constant() {
    let js = "const x = 'a';\nif (x === 'a') {}\nif (x === 'b') {}\nif (y === 'a') {}\n";
    assert_eq!(lines(Language::JavaScript, "$X === $X", js), vec![2]);
    let off = MatchOptions {
        constant_propagation: false,
        ..MatchOptions::default()
    };
    assert_eq!(
        lines_with(Language::JavaScript, "$X === $X", js, off),
        vec![] as Vec<usize>
    );
}

#[test]
fn php_literals_ignore_case() {
    let php = "<?php\nf(FALSE);\nf(False);\n$s = false;\nf($s);\nf(true);\n";
    assert_eq!(lines(Language::Php, "f(false);", php), vec![2, 3, 5]);
}

#[test]
fn else_blocks_join_and_short_circuit_assignments_are_conditional() {
    let java = "class A {\n  String s;\n  void f(boolean c) {\n    if (c) { s = \"k\"; } else { s = \"k\"; }\n    t(s);\n  }\n  void g(boolean c) {\n    if (c || (s = \"k\") != null) {}\n    t(s);\n  }\n}\n";
    assert_eq!(lines(Language::Java, "t(\"k\")", java), vec![5]);
}

#[test]
fn named_imports_match_in_any_order_among_others() {
    let js = "import {x} from 'm';\nimport {y, x} from 'm';\nimport {a, x, b, y} from 'm';\nimport {x, y} from 'n';\n";
    assert_eq!(
        lines(Language::JavaScript, "import {x, y} from 'm';", js),
        vec![2, 3]
    );
    assert_eq!(
        lines(Language::TypeScript, "import {x, y} from 'm';", js),
        vec![2, 3]
    );
}

#[test]
fn python_from_imports_match_names_in_any_order_among_others() {
    let py =
        "from z import x, a, y\nfrom z import x\nfrom z import (y,\n    x)\nfrom x import z, y\n";
    assert_eq!(
        lines(Language::Python, "from z import x, y", py),
        vec![1, 3]
    );
}
