//! `mode: analysis` rules: a semantic analyser (`analyzer: c-memory` or `js-library`) and the
//! check the rule selects (`check: double-free`, `check: redos`) instead of patterns. An unknown analyser or check, a pattern key
//! or a language the analyser does not read is a rule error that names the YAML path.

use ferret_lang::Language;
use serde_json::{Map, Value};

use crate::AnalysisSpec;
use crate::load::{FORMULA_KEYS, R, as_str, bad, req};

/// `mode: analysis`: `analyzer` and `check`, and no patterns.
pub(crate) fn spec(
    o: &Map<String, Value>,
    path: &str,
    languages: &[Language],
    text_only: bool,
) -> R<AnalysisSpec> {
    for k in FORMULA_KEYS.iter().chain(&[
        "pattern-sources",
        "pattern-sinks",
        "pattern-sanitizers",
        "pattern-propagators",
    ]) {
        if o.contains_key(*k) {
            return bad(
                &format!("{path}.{k}"),
                format!("`{k}` is not allowed in an analysis rule"),
            );
        }
    }
    let analyzer = as_str(req(o, "analyzer", path)?, &format!("{path}.analyzer"))?;
    let check = as_str(req(o, "check", path)?, &format!("{path}.check"))?;
    match analyzer {
        "c-memory" => {
            if text_only
                || languages
                    .iter()
                    .any(|l| !matches!(l, Language::C | Language::Cpp))
            {
                return bad(
                    &format!("{path}.languages"),
                    "the c-memory analyzer reads only c and cpp",
                );
            }
            let check: ferret_cmem::Check =
                check.parse().or_else(|e: ferret_cmem::CmemError| {
                    bad(&format!("{path}.check"), e.to_string())
                })?;
            Ok(AnalysisSpec::CMemory(check))
        }
        "js-library" => {
            if text_only
                || languages.iter().any(|l| {
                    !matches!(
                        l,
                        Language::JavaScript | Language::TypeScript | Language::Tsx
                    )
                })
            {
                return bad(
                    &format!("{path}.languages"),
                    "the js-library analyzer reads only javascript and typescript",
                );
            }
            let check: ferret_jsan::Check =
                check.parse().or_else(|e: ferret_jsan::JsanError| {
                    bad(&format!("{path}.check"), e.to_string())
                })?;
            Ok(AnalysisSpec::JsLibrary(check))
        }
        other => bad(
            &format!("{path}.analyzer"),
            format!("unknown analyzer `{other}` (expected c-memory or js-library)"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::{AnalysisSpec, RuleMode, load_str};

    const BASE: &str = "rules:\n  - id: c.memory.t\n    message: m\n    severity: ERROR\n";

    fn load(rest: &str) -> Result<Vec<crate::Rule>, String> {
        load_str(&format!("{BASE}{rest}"), std::path::Path::new("t.yaml"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn analysis_rules_select_a_check() {
        let r = load("    languages: [c, cpp]\n    mode: analysis\n    analyzer: c-memory\n    check: double-free\n")
            .expect("loads");
        assert!(matches!(
            r[0].mode,
            RuleMode::Analysis(AnalysisSpec::CMemory(ferret_cmem::Check::DoubleFree))
        ));
    }

    #[test]
    fn js_library_rules_select_a_check_for_javascript_and_typescript() {
        let r = load("    languages: [javascript, typescript]\n    mode: analysis\n    analyzer: js-library\n    check: prototype-pollution\n")
            .expect("loads");
        assert!(matches!(
            r[0].mode,
            RuleMode::Analysis(AnalysisSpec::JsLibrary(
                ferret_jsan::Check::PrototypePollution
            ))
        ));
        let e = load("    languages: [python]\n    mode: analysis\n    analyzer: js-library\n    check: redos\n").unwrap_err();
        assert!(e.contains("reads only javascript and typescript"), "{e}");
        let e = load("    languages: [javascript]\n    mode: analysis\n    analyzer: js-library\n    check: leak\n").unwrap_err();
        assert!(e.contains("unknown js-library check"), "{e}");
    }

    #[test]
    fn unknown_analyzers_checks_and_stray_keys_are_errors() {
        let e = load(
            "    languages: [c]\n    mode: analysis\n    analyzer: c-memory\n    check: nope\n",
        )
        .unwrap_err();
        assert!(
            e.contains("rules[0].check") && e.contains("unknown c-memory check"),
            "{e}"
        );
        let e =
            load("    languages: [c]\n    mode: analysis\n    analyzer: magic\n    check: leak\n")
                .unwrap_err();
        assert!(e.contains("unknown analyzer `magic`"), "{e}");
        let e = load("    languages: [python]\n    mode: analysis\n    analyzer: c-memory\n    check: leak\n").unwrap_err();
        assert!(e.contains("reads only c and cpp"), "{e}");
        let e = load("    languages: [c]\n    mode: analysis\n    analyzer: c-memory\n    check: leak\n    pattern: f()\n").unwrap_err();
        assert!(e.contains("not allowed in an analysis rule"), "{e}");
        let e = load("    languages: [c]\n    check: leak\n    pattern: f()\n").unwrap_err();
        assert!(e.contains("needs `mode: analysis`"), "{e}");
        let e = load("    languages: [c]\n    mode: analysis\n    check: leak\n").unwrap_err();
        assert!(e.contains("analyzer"), "{e}");
    }
}
