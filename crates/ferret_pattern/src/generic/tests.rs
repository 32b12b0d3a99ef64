use super::*;

fn lines_of(pat: &str, doc: &str) -> Vec<usize> {
    lines_with(pat, doc, GenericOptions::default())
}

fn lines_with(pat: &str, doc: &str, opts: GenericOptions) -> Vec<usize> {
    let p = GenericPattern::compile(pat, opts).expect("pattern compiles");
    p.find(doc.as_bytes())
        .iter()
        .map(|m| doc[..m.span.start].matches('\n').count() + 1)
        .collect()
}

fn texts(pat: &str, doc: &str) -> Vec<String> {
    let p = GenericPattern::compile(pat, GenericOptions::default()).expect("pattern compiles");
    p.find(doc.as_bytes())
        .iter()
        .map(|m| doc[m.span.start..m.span.end].to_string())
        .collect()
}

#[test]
fn words_match_whole_and_whitespace_does_not_matter() {
    let doc =
        "exec(\"ls\")\nsome_exec(foo)\nexec (foo)\nexec (\n    bar\n)\nprint(\"exec(bar)\")\n";
    assert_eq!(lines_of("exec(...)", doc), vec![1, 3, 4, 7]);
    assert_eq!(texts("exec(...)", "x = exec (a, b);"), vec!["exec (a, b)"]);
}

#[test]
fn metavariables_bind_one_word_and_must_agree() {
    let p = GenericPattern::compile("$K = $K", GenericOptions::default()).unwrap();
    let doc = "a = a\nb = c\nd = e.f\n";
    let found = p.find(doc.as_bytes());
    assert_eq!(found.len(), 1);
    let b = found[0].get("K").expect("bound");
    assert_eq!(&doc[b.span.start..b.span.end], "a");
    // `$X` is one word: `e.f` is three tokens.
    assert_eq!(lines_of("d = $V ;", "d = e.f ;\nd = g ;\n"), vec![2]);
}

#[test]
fn ellipsis_reaches_ten_lines_and_more_with_more_dots() {
    let nine = format!("f(\n{})\n", "  1,\n".repeat(9));
    let ten = format!("f(\n{})\n", "  1,\n".repeat(10));
    assert_eq!(lines_of("f(...)", &nine), vec![1]);
    assert!(lines_of("f(...)", &ten).is_empty());
    assert_eq!(lines_of("f(... ...)", &ten), vec![1]);
}

#[test]
fn max_span_zero_keeps_the_ellipsis_on_one_line() {
    let opts = GenericOptions {
        ellipsis_max_span: 0,
        ..GenericOptions::default()
    };
    let doc = "a\nb\n\na b\n\nx, a, b, y\n";
    assert_eq!(lines_with("a ... b", doc, opts), vec![4, 6]);
    assert_eq!(lines_of("a ... b", doc), vec![1, 4, 6]);
}

#[test]
fn shortest_match_per_start_and_per_end() {
    // Two starts end at the same `b`: only the shorter match is kept.
    assert_eq!(texts("a ... b", "a a b"), vec!["a b"]);
    assert_eq!(
        texts("<$T ... >", "<div class=x><b>"),
        vec!["<div class=x>", "<b>"]
    );
}

#[test]
fn ellipsis_metavariable_binds_what_it_skipped() {
    let p =
        GenericPattern::compile("<script>\n$...X\n</script>", GenericOptions::default()).unwrap();
    let doc = "<!-- x -->\n<script>is this working?</script>\n";
    let m = p.find(doc.as_bytes());
    assert_eq!(m.len(), 1);
    let b = m[0].get("X").expect("bound");
    assert_eq!(&doc[b.span.start..b.span.end], "is this working?");
}

#[test]
fn a_match_stays_in_the_group_it_starts_in() {
    // `b ) c` starts inside `(a b)`, whose content ends before `)`.
    assert!(lines_of("b ) c", "foo(a b) c").is_empty());
    assert_eq!(lines_of("foo(a b) c", "foo(a b) c"), vec![1]);
}

#[test]
fn flat_patterns_descend_into_indented_blocks() {
    let doc = "class Foo {\n  void foo() {\n    f = open();\n    try {\n      use(f);\n    }\n    finally {\n      close(f);\n    }\n  }\n}\n";
    assert_eq!(lines_of("$V = open();\n...\nclose($V);", doc), vec![3]);
    assert!(lines_of("$V = open();\n...\nclose(g);", doc).is_empty());
}

#[test]
fn indented_patterns_match_indented_blocks_only() {
    let doc = "[system]\n  name = \"Debian\"\n\n[system]\n  max_threads = 2\n[user]\n  name = \"Admin\"\n";
    assert_eq!(lines_of("[system]\n...\nname = ...", doc), vec![1, 4]);
    assert_eq!(lines_of("[system]\n  ...\n  name = ...", doc), vec![1]);
}

#[test]
fn trailing_ellipsis_extends_to_the_end_of_the_block() {
    let doc = "user = bob\npassword = p@ss w0rd\nserver = x\n";
    let opts = GenericOptions {
        ellipsis_max_span: 0,
        ..GenericOptions::default()
    };
    let p = GenericPattern::compile("password = $...P", opts).unwrap();
    let m = p.find(doc.as_bytes());
    let b = m[0].get("P").expect("bound");
    assert_eq!(&doc[b.span.start..b.span.end], "p@ss w0rd");
}

#[test]
fn comments_are_ignored_only_when_asked() {
    let doc = "(a b c)\n\na // ignore me\nb\n\na\n/*\n  ignore me too\n*/\nb\n\na # not a comment here\nb\n";
    let cpp = GenericOptions {
        comment_style: CommentStyle::Cpp,
        ..GenericOptions::default()
    };
    assert_eq!(lines_with("a b", doc, cpp), vec![1, 3, 6]);
    assert_eq!(lines_of("a b", doc), vec![1]);
    let shell = GenericOptions {
        comment_style: CommentStyle::Shell,
        ..GenericOptions::default()
    };
    assert_eq!(lines_with("a b", doc, shell), vec![1, 12]);
}

#[test]
fn dollar_before_a_metavariable_is_punctuation() {
    let doc = "proxy_pass $1://$2/$3;\nproxy_pass $host://x;\nproxy_pass http://$1;\n";
    assert_eq!(lines_of("proxy_pass $$SCHEME:// ...;", doc), vec![1, 2]);
}

#[test]
fn bad_patterns_are_refused() {
    assert_eq!(
        GenericPattern::compile("...", GenericOptions::default()).unwrap_err(),
        GenericError::NoToken
    );
    assert!(matches!(
        GenericPattern::compile("a ... $...X b", GenericOptions::default()),
        Err(GenericError::DotsAfterDots(_))
    ));
    assert!("bash".parse::<CommentStyle>().is_err());
}

#[test]
fn unclosed_and_mismatched_brackets_are_plain() {
    assert_eq!(lines_of("f ( x ]", "f ( x ] y"), vec![1]);
    assert_eq!(
        lines_of("{{ ... }}", "Woop {{/<script>alert(\"hey\");</script>}}"),
        vec![1]
    );
}

#[test]
fn under_metavariable_pattern_a_generic_pattern_reads_the_bound_text_alone() {
    use crate::{Condition, Conjunction, Formula, FormulaCtx, TextRegex};
    let src = b"key = \"a b\" + \"c d\"";
    // A pattern that starts with `...` starts only where a text starts: in the bound string,
    // not in the whole file (whose start, `key`, lies outside the binding).
    let inner = GenericPattern::compile("... $W", GenericOptions::default()).unwrap();
    let c = Conjunction {
        positives: vec![Formula::Regex(Arc::new(
            TextRegex::new(r#"key = (?P<S>"[^"]*")"#).unwrap(),
        ))],
        conditions: vec![Condition::Pattern {
            name: Arc::from("S"),
            formula: Box::new(Formula::Generic(Arc::new(inner))),
        }],
        ..Conjunction::default()
    };
    let ctx = FormulaCtx { src, matches: &[] };
    let got = Formula::And(Box::new(c)).eval(&ctx);
    assert_eq!(got.len(), 1);
    let w = got[0].get("W").expect("bound");
    assert_eq!(&src[w.span.start..w.span.end], b"a");
}
