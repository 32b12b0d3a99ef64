//! Unit tests of `matcher.rs`.

use super::*;

use crate::equiv_tests::lines;

#[test]
fn python_calls_and_metavariables() {
    let code = "import os\nos.system(cmd)\nos.system('ls')\nos.popen(x)\nfoo(a, a)\nfoo(a, b)\n";
    assert_eq!(lines(Language::Python, "os.system($X)", code), vec![2, 3]);
    assert_eq!(lines(Language::Python, "foo($X, $X)", code), vec![5]);
    assert_eq!(lines(Language::Python, "foo(...)", code), vec![5, 6]);
    assert_eq!(lines(Language::Python, "os.system(\"...\")", code), vec![3]);
}

#[test]
fn ellipsis_positions_in_arguments() {
    let code = "f(1)\nf(1, 2)\nf(2, 1)\nf()\nf(3, 1, 4)\n";
    assert_eq!(lines(Language::Python, "f(1, ...)", code), vec![1, 2]);
    assert_eq!(lines(Language::Python, "f(..., 1)", code), vec![1, 3]);
    assert_eq!(
        lines(Language::Python, "f(..., 1, ...)", code),
        vec![1, 2, 3, 5]
    );
    assert_eq!(lines(Language::Python, "f($X)", code), vec![1]);
}

#[test]
fn keyword_arguments_in_any_order() {
    let code = "run(x, shell=True, cwd=d)\nrun(x, cwd=d, shell=True)\nrun(x, shell=False)\nrun(x, shell=True)\n";
    assert_eq!(
        lines(Language::Python, "run($C, ..., shell=True, ...)", code),
        vec![1, 2, 4]
    );
    assert_eq!(
        lines(Language::Python, "run($C, shell=True)", code),
        vec![4]
    );
    assert_eq!(
        lines(Language::Python, "run($C, cwd=$D, shell=True)", code),
        vec![1, 2]
    );
}

#[test]
fn import_aliases() {
    let code =
        "import subprocess as sp\nfrom os import system\nsp.call(x)\nsystem(y)\nother.call(z)\n";
    assert_eq!(
        lines(Language::Python, "subprocess.call(...)", code),
        vec![3]
    );
    assert_eq!(lines(Language::Python, "os.system(...)", code), vec![4]);
}

#[test]
fn parentheses_are_transparent() {
    let code = "x = (a + b)\ny = a + b\n";
    assert_eq!(lines(Language::Python, "a + b", code), vec![1, 2]);
}

#[test]
fn deep_expressions() {
    let code = "eval(a + req.query.x)\neval(b)\neval(f(g(req.query)))\n";
    assert_eq!(
        lines(Language::JavaScript, "eval(<... req.query ...>)", code),
        vec![1, 3]
    );
}

#[test]
fn statement_sequences() {
    let code = "def f():\n    x = open(p)\n    y = 1\n    x.close()\n\ndef g():\n    x = open(p)\n    z.close()\n";
    assert_eq!(
        lines(Language::Python, "$F = open(...)\n...\n$F.close()", code),
        vec![2]
    );
}

#[test]
fn java_method_calls_and_strings() {
    let code = "class A {\n  void m(String s) {\n    Runtime.getRuntime().exec(s);\n    Runtime.getRuntime().exec(\"ls\");\n    stmt.executeQuery(\"select\" + s);\n  }\n}\n";
    assert_eq!(
        lines(Language::Java, "Runtime.getRuntime().exec($X)", code),
        vec![3, 4]
    );
    assert_eq!(
        lines(Language::Java, "Runtime.getRuntime().exec(\"...\")", code),
        vec![4]
    );
    assert_eq!(
        lines(Language::Java, "$S.executeQuery(\"...\" + $X)", code),
        vec![5]
    );
}

#[test]
fn go_c_and_php() {
    let go = "package main\nimport ex \"os/exec\"\nfunc main() {\n\tex.Command(\"sh\", c)\n}\n";
    assert_eq!(lines(Language::Go, "exec.Command(...)", go), vec![4]);
    let c = "void f(char *s) {\n  char b[8];\n  strcpy(b, s);\n  strncpy(b, s, 8);\n}\n";
    assert_eq!(lines(Language::C, "strcpy($D, $S)", c), vec![3]);
    let php = "<?php\nexec($cmd);\nexec('ls');\n";
    assert_eq!(lines(Language::Php, "exec($X)", php), vec![2, 3]);
}
