//! Unit tests of `compile.rs`.

use super::*;

fn root(lang: Language, text: &str) -> PatternRoot {
    Pattern::compile(lang, text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .root
}

#[test]
fn metavariables_and_ellipses_become_operators() {
    let PatternRoot::Node(PNode::Node { children, .. }) = root(Language::Python, "foo($X, ...)")
    else {
        panic!("expected a call");
    };
    assert!(matches!(&children[0], PNode::Token { text, .. } if &**text == "foo"));
    let PNode::Node { children: args, .. } = &children[1] else {
        panic!("expected arguments");
    };
    assert_eq!(args[0], PNode::Metavar(Arc::from("X")));
    assert_eq!(args[1], PNode::Ellipsis);
}

#[test]
fn dotted_names_become_chains() {
    let PatternRoot::Node(PNode::Node { children, .. }) = root(Language::Python, "os.system($X)")
    else {
        panic!()
    };
    assert!(matches!(&children[0], PNode::Chain { canon, .. } if canon == "os.system"));
}

#[test]
fn statement_sequences_compile_in_every_wrapped_language() {
    assert!(matches!(
        root(Language::Java, "$X = foo();\n...\nbar($X);"),
        PatternRoot::Seq(v) if v.len() == 3
    ));
    assert!(matches!(
        root(Language::Go, "$X := foo()\n...\nbar($X)"),
        PatternRoot::Seq(v) if v.len() == 3
    ));
    assert!(matches!(
        root(Language::Python, "$F = open(...)\n...\n$F.close()"),
        PatternRoot::Seq(v) if v.len() == 3
    ));
}

#[test]
fn deep_and_string_ellipsis() {
    let PatternRoot::Node(PNode::Node { children, .. }) =
        root(Language::JavaScript, "eval(<... $X ...>)")
    else {
        panic!()
    };
    let PNode::Node { children: args, .. } = &children[1] else {
        panic!()
    };
    assert_eq!(
        args[0],
        PNode::Deep(Box::new(PNode::Metavar(Arc::from("X"))))
    );
    let PatternRoot::Node(PNode::Node { children, .. }) = root(Language::Java, "foo(\"...\")")
    else {
        panic!()
    };
    let PNode::Node { children: args, .. } = &children[1] else {
        panic!()
    };
    assert_eq!(args[0], PNode::AnyString);
}

#[test]
fn string_contents_are_required_only_without_constant_propagation() {
    let mut p = Pattern::compile(Language::Python, "open(\"password\")").unwrap();
    // `"pass" + "word"` matches too, so the file need not contain `password`.
    assert_eq!(p.prefilter_literals(), vec!["open".to_string()]);
    p.options.constant_propagation = false;
    let mut want = vec!["open".to_string(), "password".to_string()];
    want.sort();
    let mut got = p.prefilter_literals();
    got.sort();
    assert_eq!(got, want);
}

#[test]
fn php_keeps_dollar_variables() {
    let p = Pattern::compile(Language::Php, "exec($CMD)").unwrap();
    let PatternRoot::Node(PNode::Node { children, .. }) = p.root else {
        panic!()
    };
    let PNode::Node { children: args, .. } = &children[1] else {
        panic!("{children:?}")
    };
    let found = format!("{args:?}");
    assert!(found.contains("Metavar(\"CMD\")"), "{found}");
}

#[test]
fn bad_patterns_are_errors() {
    assert!(matches!(
        Pattern::compile(Language::Python, "   "),
        Err(CompileError::Empty)
    ));
    assert!(matches!(
        Pattern::compile(Language::Python, "foo(<... $X)"),
        Err(CompileError::UnbalancedDeep)
    ));
    assert!(matches!(
        Pattern::compile(Language::Java, "class { void ( }}}"),
        Err(CompileError::Syntax { .. })
    ));
}

#[test]
fn literals_are_required_identifiers() {
    let p = Pattern::compile(Language::Python, "subprocess.call($X, shell=True)").unwrap();
    assert!(p.literals.contains(&"call".to_string()), "{:?}", p.literals);
    assert!(p.literals.contains(&"shell".to_string()));
    assert!(!p.literals.iter().any(|l| l.contains("ferret")));
}

#[test]
fn chain_text_normalises_separators() {
    assert_eq!(chain_text("a.b").as_deref(), Some("a.b"));
    assert_eq!(chain_text("a :: b").as_deref(), Some("a.b"));
    assert_eq!(chain_text("$a->b").as_deref(), Some("$a.b"));
    assert_eq!(chain_text("foo").as_deref(), None);
    assert_eq!(chain_text("a.b()").as_deref(), None);
    assert_eq!(chain_text("1.5").as_deref(), None);
}
