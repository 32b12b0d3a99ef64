//! Tests of rule loading: errors that name the place, tolerant loading, every operator.

use super::*;
use ferret_pattern::{Condition, Formula};

fn load(yaml: &str) -> Result<Vec<Rule>, RuleError> {
    load_str(yaml, Path::new("rules/test.yaml"))
}

fn err(yaml: &str) -> String {
    load(yaml).unwrap_err().to_string()
}

#[test]
fn loads_a_full_rule() {
    let rules = load(
        r#"
rules:
  - id: py.cmd
    message: "os.system with $X"
    severity: ERROR
    languages: [python]
    metadata:
      cwe: ["CWE-78: OS Command Injection"]
      owasp: "A03:2021 - Injection"
      confidence: HIGH
      references: ["https://cwe.mitre.org/data/definitions/78.html"]
    paths:
      exclude: ["tests/"]
    patterns:
      - pattern: os.system($X)
      - pattern-not: os.system("...")
      - pattern-inside: |
          def $F(...):
            ...
      - metavariable-regex:
          metavariable: $X
          regex: ^[a-z]
      - focus-metavariable: $X
"#,
    )
    .unwrap();
    let r = &rules[0];
    assert_eq!(r.info.id, "py.cmd");
    assert_eq!(r.info.severity, Severity::High);
    assert_eq!(r.info.confidence, Confidence::High);
    assert_eq!(r.info.cwe, vec![Cwe(78)]);
    assert_eq!(r.formulas.len(), 1);
    assert_eq!(r.formulas[0].patterns.len(), 3);
    assert!(!r.paths.allows("tests/test_a.py"));
    assert!(!r.paths.allows("src/tests/test_a.py"));
    assert!(r.paths.allows("src/a.py"));
}

#[test]
fn malformed_yaml_names_the_file() {
    let e = err("rules:\n  - id: x\n    message: [unclosed\n");
    assert!(e.starts_with("rules/test.yaml: invalid YAML"), "{e}");
}

#[test]
fn unknown_keys_and_operators_name_the_yaml_path() {
    let e = err(
        "rules:\n  - id: r1\n    message: m\n    severity: INFO\n    languages: [python]\n    pattern: foo()\n    patern-not: bar()\n",
    );
    assert!(
        e.contains("rules/test.yaml:2: rule `r1`: at `rules[0].patern-not`: unknown key"),
        "{e}"
    );
    let e = err(
        "rules:\n  - id: r2\n    message: m\n    severity: INFO\n    languages: [python]\n    patterns:\n      - pattern: foo()\n      - pattern-nope: bar()\n",
    );
    assert!(
        e.contains("at `rules[0].patterns[1].pattern-nope`: unknown operator `pattern-nope`"),
        "{e}"
    );
}

#[test]
fn bad_patterns_regexes_and_values_are_errors() {
    let base = "rules:\n  - id: r\n    message: m\n    severity: INFO\n    languages: [java]\n";
    let e = err(&format!("{base}    pattern: 'class {{ void ('\n"));
    assert!(
        e.contains("at `rules[0].pattern`: pattern does not parse as java"),
        "{e}"
    );
    let e = err(&format!("{base}    pattern-regex: '(unclosed'\n"));
    assert!(e.contains("invalid regex"), "{e}");
    let e = err(
        "rules:\n  - id: r\n    message: m\n    severity: SEVERE\n    languages: [java]\n    pattern: f()\n",
    );
    assert!(
        e.contains("rules[0].severity") && e.contains("unknown severity"),
        "{e}"
    );
    let e = err(
        "rules:\n  - id: r\n    message: m\n    severity: INFO\n    languages: [cobol]\n    pattern: f()\n",
    );
    assert!(
        e.contains("rules[0].languages[0]") && e.contains("unknown language"),
        "{e}"
    );
    let e = err("rules:\n  - id: r\n    message: m\n    severity: INFO\n    languages: [java]\n");
    assert!(e.contains("needs exactly one of pattern"), "{e}");
    let e = err(&format!(
        "{base}    patterns:\n      - pattern: f($X)\n      - metavariable-comparison:\n          metavariable: $X\n          comparison: $X >\n"
    ));
    assert!(
        e.contains("rules[0].patterns[1].metavariable-comparison.comparison"),
        "{e}"
    );
    let e = err(&format!(
        "{base}    patterns:\n      - pattern: f($X)\n      - focus-metavariable: X\n"
    ));
    assert!(e.contains("is not a metavariable"), "{e}");
}

#[test]
fn taint_rules_are_validated() {
    let ok = load("rules:\n  - id: t\n    mode: taint\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern-sources:\n      - pattern: input()\n    pattern-sinks:\n      - patterns:\n          - pattern: os.system($X)\n          - focus-metavariable: $X\n    pattern-sanitizers:\n      - pattern: shlex.quote(...)\n        by-side-effect: true\n    pattern-propagators:\n      - pattern: $L.append($R)\n        from: $R\n        to: $L\n").unwrap();
    let RuleMode::Taint(spec) = &ok[0].mode else {
        panic!("expected taint");
    };
    assert_eq!(spec.sources.len(), 1);
    assert!(spec.sanitizers[0].by_side_effect);
    assert_eq!(spec.propagators[0].from, "R");
    let e = err(
        "rules:\n  - id: t\n    mode: taint\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern-sources:\n      - pattern: input()\n",
    );
    assert!(e.contains("missing required key `pattern-sinks`"), "{e}");
    let e = err(
        "rules:\n  - id: t\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern: f()\n    pattern-sinks:\n      - pattern: g()\n",
    );
    assert!(e.contains("needs `mode: taint`"), "{e}");
}

#[test]
fn tolerant_loading_skips_only_the_bad_rule() {
    let yaml = "rules:\n  - id: good\n    message: m\n    severity: INFO\n    languages: [python]\n    pattern: f()\n  - id: bad\n    message: m\n    severity: INFO\n    languages: [python]\n    patterns:\n      - pattern: g()\n      - pattern-sometimes: h()\n";
    let loaded = load_str_tolerant(yaml, Path::new("rules/test.yaml")).unwrap();
    assert_eq!(loaded.rules.len(), 1);
    assert_eq!(loaded.rules[0].info.id, "good");
    let issue = &loaded.skipped[0];
    assert_eq!(
        (issue.rule.as_str(), issue.path.as_str(), issue.line),
        ("bad", "rules[1].patterns[1].pattern-sometimes", 7)
    );
    assert!(issue.message.contains("pattern-sometimes"), "{issue}");
    // The strict loader refuses the file, naming the same place.
    let e = err(yaml);
    assert!(e.contains("rule `bad`: at `rules[1].patterns[1]"), "{e}");
    // A file that is not a rule file is still an error.
    assert!(load_str_tolerant("rules: 3\n", Path::new("x.yaml")).is_err());
}

#[test]
fn operators_in_every_position_semgrep_allows() {
    let base = "rules:\n  - id: r\n    message: m\n    severity: INFO\n    languages: [python]\n";
    // pattern-inside as alternatives: all of them constrain, so they join the insides.
    let r = load(&format!(
            "{base}    patterns:\n      - pattern-either:\n          - pattern-inside: 'def a(): ...'\n          - pattern-inside: 'def b(): ...'\n      - pattern: f()\n"
        ))
        .unwrap();
    let Formula::And(c) = &r[0].formulas[0].formula else {
        panic!("expected a conjunction");
    };
    assert_eq!((c.positives.len(), c.insides.len()), (1, 1));
    assert!(c.insides[0].all_inside());
    // metavariable-type, a focus list, `$...X` and a filter-only metavariable-pattern.
    let r = load(&format!(
            "{base}    patterns:\n      - pattern: f($X, $...REST)\n      - metavariable-type:\n          metavariable: $X\n          types: [str, bytes]\n      - metavariable-pattern:\n          metavariable: $X\n          patterns:\n            - pattern-not: '\"...\"'\n      - focus-metavariable: [$X, $...REST]\n"
        ))
        .unwrap();
    let Formula::And(c) = &r[0].formulas[0].formula else {
        panic!("expected a conjunction");
    };
    assert!(matches!(&c.conditions[0], Condition::Type { types, .. } if types.len() == 2));
    assert_eq!(
        c.focus,
        vec![vec![Arc::<str>::from("X"), Arc::<str>::from("REST")]]
    );
    // PCRE look-around compiles.
    assert!(load(&format!("{base}    pattern-regex: 'foo(?!bar)'\n")).is_ok());
    // pattern-not is still not an alternative.
    let e = err(&format!(
        "{base}    pattern-either:\n      - pattern: f()\n      - pattern-not: g()\n"
    ));
    assert!(e.contains("unknown operator `pattern-not` here"), "{e}");
}

#[test]
fn duplicate_ids_are_rejected() {
    let mut rules = load("rules:\n  - id: d\n    message: m\n    severity: INFO\n    languages: [python]\n    pattern: f()\n").unwrap();
    rules.extend(load("rules:\n  - id: d\n    message: m\n    severity: INFO\n    languages: [python]\n    pattern: g()\n").unwrap());
    assert!(matches!(
        crate::RuleSet::new(rules),
        Err(RuleError::Duplicate { .. })
    ));
}

#[test]
fn regex_rules_apply_to_any_text() {
    let r = load("rules:\n  - id: key\n    message: m\n    severity: INFO\n    languages: [regex]\n    pattern-regex: AKIA[0-9A-Z]{16}\n").unwrap();
    assert!(r[0].languages.is_empty());
    assert!(r[0].text_formula.is_some());
    // `pattern` in a generic rule is a generic-mode pattern.
    let g = load(
        "rules:\n  - id: key\n    message: m\n    severity: INFO\n    languages: [generic]\n    pattern: foo ... bar\n",
    )
    .unwrap();
    assert!(matches!(g[0].text_formula, Some(Formula::Generic(_))));
    let e = err(
        "rules:\n  - id: key\n    message: m\n    severity: INFO\n    languages: [generic]\n    pattern: '...'\n",
    );
    assert!(e.contains("generic pattern"), "{e}");
}

#[test]
fn generic_options_and_fix_regex_are_read() {
    let base = "rules:\n  - id: g\n    message: m\n    severity: INFO\n    languages: [generic]\n    pattern: a ... b\n";
    let r = load(&format!(
        "{base}    options:\n      generic_ellipsis_max_span: 0\n      generic_comment_style: cpp\n      constant_propagation: false\n"
    ))
    .unwrap();
    let Some(Formula::Generic(p)) = &r[0].text_formula else {
        panic!("a generic formula");
    };
    assert_eq!(p.options().ellipsis_max_span, 0);
    assert_eq!(p.options().comment_style, ferret_pattern::CommentStyle::Cpp);
    let e = err(&format!(
        "{base}    options:\n      generic_comment_style: lisp\n"
    ));
    assert!(e.contains("options.generic_comment_style"), "{e}");
    let e = err(&format!(
        "{base}    options:\n      generic_ellipsis_max_span: -1\n"
    ));
    assert!(e.contains("generic_ellipsis_max_span"), "{e}");

    let r = load(&format!(
        "{base}    fix-regex:\n      regex: '(a)'\n      replacement: '\\1x'\n      count: 1\n"
    ))
    .unwrap();
    let fr = r[0].fix_regex.as_ref().expect("fix-regex");
    assert_eq!(fr.apply("aa"), "axa");
    let e = err(&format!(
        "{base}    fix-regex:\n      regex: a\n      replacement: b\n      count: 0\n"
    ));
    assert!(e.contains("fix-regex.count"), "{e}");
    let e = err(&format!(
        "{base}    fix-regex:\n      regex: '('\n      replacement: b\n"
    ));
    assert!(e.contains("fix-regex.regex"), "{e}");
}

/// docs/SEMGREP.md names every key the loader accepts, so the page cannot silently fall behind.
#[test]
fn the_compatibility_page_names_every_accepted_key() {
    let doc = include_str!("../../../../docs/SEMGREP.md");
    let mut missing = Vec::new();
    for key in RULE_KEYS
        .iter()
        .chain(EITHER_KEYS)
        .chain(formula::CONJ_KEYS)
        .chain(SPOT_KEYS)
        .chain(PROPAGATOR_KEYS)
    {
        if !doc.contains(&format!("`{key}`")) {
            missing.push(*key);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/SEMGREP.md does not name: {missing:?}"
    );
}
