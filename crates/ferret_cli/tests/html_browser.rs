//! The HTML report in headless Chromium: `ferret scan --format html` on the example project,
//! opened from disk, filtered by severity, language and rule, and a finding opened.

use std::process::Command;

use browser_test::{Browser, skip_requested};

#[tokio::test]
async fn the_html_report_filters_in_a_real_browser() {
    if skip_requested() {
        eprintln!("browser test skipped: {}=1", browser_test::SKIP_ENV);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let examples =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/vulnerable-app");
    let out = Command::new(env!("CARGO_BIN_EXE_ferret"))
        .current_dir(&examples)
        .args(["scan", ".", "--format", "html", "--fail-on", "never", "-o"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&report).unwrap();
    let total = html.matches("<tr class=\"finding\"").count();
    assert!(total >= 7, "{total} findings");

    let browser = Browser::launch()
        .await
        .expect("cannot start headless Chromium");
    browser
        .goto(&format!("file://{}", report.display()))
        .await
        .unwrap();
    assert_eq!(browser.title().await.unwrap(), "Ferret report");
    let count = browser
        .find("#f-count")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(count, format!("{total} of {total} findings"));

    // Rows that are shown, by their data attributes.
    async fn visible(b: &Browser, attr: &str) -> Vec<String> {
        let mut out = Vec::new();
        for row in b.find_all("tr.finding").await.unwrap() {
            let class = row.attr("class").await.unwrap().unwrap_or_default();
            if !class.contains("hidden") {
                out.push(row.attr(attr).await.unwrap().unwrap_or_default());
            }
        }
        out
    }

    // Filter by language: only Go rows remain.
    browser
        .click("#f-language option[value=\"go\"]")
        .await
        .unwrap();
    let langs = visible(&browser, "data-language").await;
    assert!(
        !langs.is_empty() && langs.iter().all(|l| l == "go"),
        "{langs:?}"
    );
    let expected = html.matches("data-language=\"go\"").count();
    assert_eq!(langs.len(), expected);
    // Back to all languages, then a severity.
    browser
        .click("#f-language option[value=\"\"]")
        .await
        .unwrap();
    browser
        .click("#f-severity option[value=\"high\"]")
        .await
        .unwrap();
    let sevs = visible(&browser, "data-severity").await;
    assert!(
        !sevs.is_empty() && sevs.iter().all(|s| s == "high"),
        "{sevs:?}"
    );
    let shown = browser
        .find("#f-count")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, format!("{} of {total} findings", sevs.len()));
    // Free text narrows further; a rule filter picks one rule.
    browser
        .click("#f-severity option[value=\"\"]")
        .await
        .unwrap();
    let first_rule = visible(&browser, "data-rule").await[0].clone();
    browser
        .click(&format!("#f-rule option[value=\"{first_rule}\"]"))
        .await
        .unwrap();
    let rules = visible(&browser, "data-rule").await;
    assert!(rules.iter().all(|r| *r == first_rule), "{rules:?}");
    // Opening a finding shows its code frame.
    browser
        .click("tr.finding:not(.hidden) summary")
        .await
        .unwrap();
    let frame = browser
        .find("tr.finding:not(.hidden) details pre")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(frame.contains(" | "), "{frame}");
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&shots).unwrap();
    browser
        .screenshot(&shots.join("report-filtered.png"))
        .await
        .unwrap();
}
