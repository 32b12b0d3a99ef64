//! The HTML sink: one self-contained page (inline CSS and script, no external resources, a
//! Content-Security-Policy that forbids any network access) with the run summary, the model
//! pass summary, and a findings table that can be filtered by severity, language, rule, verdict
//! and free text. Each finding opens to its code frame, dataflow path, verdict and fix. Every
//! interpolated value is escaped.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

use ferret_core::{ENGINE_VERSION, Finding, ScanReport, Severity, StepRole};

use crate::{ReportError, SourceProvider};

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --fg: #1d232b; --muted: #5d6875; --line: #d9dee4; --bg: #f6f7f9; --code: #0f1720;
  --critical: #7a0019; --high: #c62828; --medium: #d97706; --low: #2563eb; --info: #64748b; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 16px; margin: 20px 0 8px; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 18px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.filters select, .filters input { padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.sev-critical { color: var(--critical); } .sev-high { color: var(--high); } .sev-medium { color: var(--medium); }
.sev-low { color: var(--low); } .sev-info { color: var(--info); }
details summary { cursor: pointer; }
pre { background: var(--code); color: #e5e9ee; padding: 8px 10px; border-radius: 4px; overflow-x: auto; font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; }
pre .hit { background: #5b1d1d; display: inline-block; min-width: 100%; }
ol.flow li { margin: 2px 0; } code { font: 12px ui-monospace, Menlo, Consolas, monospace; }
.verdict { font-weight: 600; } .v-true_positive { color: var(--high); } .v-false_positive { color: #15803d; }
.v-uncertain, .v-needs_context { color: var(--medium); }
tr.hidden { display: none; }
"#;

const SCRIPT: &str = r#"
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.finding'));
  var ids = ['f-severity', 'f-language', 'f-rule', 'f-verdict'];
  var text = document.getElementById('f-text');
  var count = document.getElementById('f-count');
  function apply() {
    var want = {};
    ids.forEach(function (id) { want[id] = document.getElementById(id).value; });
    var q = text.value.toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!want['f-severity'] || r.dataset.severity === want['f-severity']) &&
        (!want['f-language'] || r.dataset.language === want['f-language']) &&
        (!want['f-rule'] || r.dataset.rule === want['f-rule']) &&
        (!want['f-verdict'] || r.dataset.verdict === want['f-verdict']) &&
        (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.classList.toggle('hidden', !ok);
      if (ok) { shown++; }
    });
    count.textContent = shown + ' of ' + rows.length + ' findings';
  }
  ids.forEach(function (id) { document.getElementById(id).addEventListener('change', apply); });
  text.addEventListener('input', apply);
  apply();
})();
"#;

fn select(out: &mut String, id: &str, label: &str, values: &BTreeSet<String>) {
    let _ = write!(
        out,
        "<label>{label} <select id=\"{id}\"><option value=\"\">all</option>"
    );
    for v in values {
        let e = escape(v);
        let _ = write!(out, "<option value=\"{e}\">{e}</option>");
    }
    out.push_str("</select></label>\n");
}

fn verdict_of(f: &Finding) -> String {
    match &f.triage {
        Some(t) => match t.verdict {
            Some(v) if t.status == ferret_core::TriageStatus::Reviewed => v.as_str().to_string(),
            _ => t.status.as_str().to_string(),
        },
        None => "not triaged".to_string(),
    }
}

/// The lines around a finding, numbered, with the matched lines marked.
fn code_frame(out: &mut String, f: &Finding, text: &[u8]) {
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let lines: Vec<&str> = text.lines().collect();
    let (first, last) = (
        f.location.start.line.max(1) as usize,
        f.location.end.line.max(f.location.start.line).max(1) as usize,
    );
    if first > lines.len() {
        out.push_str("<p class=\"muted\">the file no longer matches this location</p>");
        return;
    }
    let lo = first.saturating_sub(3).max(1);
    let hi = (last + 2).min(lines.len());
    out.push_str("<pre>");
    for n in lo..=hi {
        let line = escape(lines[n - 1]);
        if n >= first && n <= last {
            let _ = writeln!(out, "<span class=\"hit\">{n:>5} | {line}</span>");
        } else {
            let _ = writeln!(out, "{n:>5} | {line}");
        }
    }
    out.push_str("</pre>");
}

fn triage_block(out: &mut String, t: &ferret_core::Triage) {
    let verdict = match (t.status, t.verdict) {
        (ferret_core::TriageStatus::Reviewed, Some(v)) => v.as_str(),
        (s, _) => s.as_str(),
    };
    let conf = t
        .confidence
        .map(|c| format!(" ({:.0}% sure)", c.0 * 100.0))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<div class=\"triage\"><p><span class=\"verdict v-{v}\">{v}</span>{conf} <span class=\"muted\">— {model}, prompts {pv}{cached}</span></p>",
        v = escape(verdict),
        model = escape(&t.model),
        pv = escape(&t.prompt_version),
        cached = if t.from_cache { ", cached" } else { "" }
    );
    let para = |out: &mut String, label: &str, text: &str| {
        if !text.trim().is_empty() {
            let _ = write!(out, "<p><b>{label}:</b> {}</p>", escape(text.trim()));
        }
    };
    para(out, "Why", &t.explanation);
    if let Some(v) = &t.verification {
        let how = if v.holds {
            "verifier agrees"
        } else {
            "verifier disputes"
        };
        para(out, how, &v.reason);
    }
    para(out, "Exploit", &t.exploit_scenario);
    para(out, "Note", &t.note);
    if !t.evidence.is_empty() {
        out.push_str("<p><b>Evidence:</b></p><ul>");
        for e in &t.evidence {
            let _ = write!(
                out,
                "<li>{} <code>{}:{}</code> <code>{}</code></li>",
                escape(&e.role),
                escape(&e.path),
                e.line,
                escape(&e.quote)
            );
        }
        out.push_str("</ul>");
    }
    if let Some(fix) = &t.fix {
        let state = if fix.accepted {
            "Proposed fix (checked by a rescan)"
        } else {
            "Proposed fix, not accepted"
        };
        let _ = write!(
            out,
            "<p><b>{state}:</b> {}</p><pre>{}</pre>",
            escape(&fix.note),
            escape(&fix.diff)
        );
    }
    out.push_str("</div>");
}

/// Writes the HTML report.
pub fn write_html(
    w: &mut dyn Write,
    report: &ScanReport,
    sources: &dyn SourceProvider,
) -> Result<(), ReportError> {
    let mut out = String::new();
    out.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>Ferret report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style></head><body>\n<header><h1>Ferret report</h1>");
    let _ = write!(
        out,
        "<p class=\"muted\">ferret {} · {} findings</p></header>\n<main>\n",
        escape(ENGINE_VERSION),
        report.findings.len()
    );

    // Summary cards.
    let s = &report.summary;
    out.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
    let card = |out: &mut String, label: &str, value: String| {
        let _ = write!(
            out,
            "<div class=\"card\"><b>{}</b>{}</div>",
            escape(&value),
            escape(label)
        );
    };
    card(&mut out, "files scanned", s.files_scanned.to_string());
    card(&mut out, "lines", s.lines_scanned.to_string());
    card(&mut out, "seconds", format!("{:.2}", s.seconds));
    card(&mut out, "rules", s.rules.to_string());
    for sev in Severity::ALL.iter().rev() {
        let n = report
            .findings
            .iter()
            .filter(|f| f.severity == *sev)
            .count();
        card(&mut out, sev.as_str(), n.to_string());
    }
    card(&mut out, "suppressed", s.suppressed.to_string());
    card(&mut out, "files skipped", s.file_issues.len().to_string());
    out.push_str("</div></section>\n");

    if let Some(m) = &report.model_run {
        out.push_str("<section id=\"model\"><h2>Model pass</h2><div class=\"cards\">");
        card(&mut out, "model", m.model.clone());
        card(&mut out, "candidates", m.candidates.to_string());
        card(&mut out, "reviewed", m.reviewed.to_string());
        for (v, n) in &m.by_verdict {
            card(&mut out, v.as_str(), n.to_string());
        }
        for (st, n) in &m.by_status {
            if *st != ferret_core::TriageStatus::Reviewed {
                card(&mut out, st.as_str(), n.to_string());
            }
        }
        card(
            &mut out,
            "tokens in / out / cached",
            format!(
                "{} / {} / {}",
                m.tokens.input, m.tokens.output, m.tokens.cached
            ),
        );
        if let Some(c) = m.estimated_cost_usd {
            card(&mut out, "estimated cost", format!("${c:.4}"));
        }
        out.push_str("</div></section>\n");
    }

    // Filters.
    let sevs: BTreeSet<String> = report
        .findings
        .iter()
        .map(|f| f.severity.as_str().to_string())
        .collect();
    let langs: BTreeSet<String> = report.findings.iter().map(|f| f.language.clone()).collect();
    let rules: BTreeSet<String> = report.findings.iter().map(|f| f.rule_id.clone()).collect();
    let verdicts: BTreeSet<String> = report.findings.iter().map(verdict_of).collect();
    out.push_str("<section id=\"findings\"><h2>Findings</h2><div class=\"filters\">\n");
    select(&mut out, "f-severity", "Severity", &sevs);
    select(&mut out, "f-language", "Language", &langs);
    select(&mut out, "f-rule", "Rule", &rules);
    select(&mut out, "f-verdict", "Verdict", &verdicts);
    out.push_str("<input id=\"f-text\" type=\"search\" placeholder=\"Search\"> <span id=\"f-count\" class=\"muted\"></span></div>\n");
    out.push_str("<table><thead><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Finding</th><th>Verdict</th></tr></thead><tbody>\n");

    let secrets = crate::text::secrets_by_path(report);
    let mut cached_path: Option<&str> = None;
    let mut cached: Option<Vec<u8>> = None;
    for f in &report.findings {
        let path = f.location.path.as_str();
        if cached_path != Some(path) {
            cached = sources.source(path).map(|t| t.into_owned());
            cached_path = Some(path);
        }
        let verdict = verdict_of(f);
        let _ = write!(
            out,
            "<tr class=\"finding\" data-severity=\"{sev}\" data-language=\"{lang}\" data-rule=\"{rule}\" data-verdict=\"{verdict}\">\
             <td class=\"sev sev-{sev}\">{sev}</td><td><code>{rule}</code></td><td><code>{path}:{line}</code></td><td><details><summary>{msg}</summary>",
            sev = f.severity.as_str(),
            lang = escape(&f.language),
            rule = escape(&f.rule_id),
            verdict = escape(&verdict),
            path = escape(path),
            line = f.location.start.line,
            msg = escape(f.message.lines().next().unwrap_or("").trim()),
        );
        let rest: Vec<&str> = f.message.lines().skip(1).collect();
        if !rest.is_empty() {
            let _ = write!(out, "<p>{}</p>", escape(&rest.join("\n")));
        }
        if !f.cwe.is_empty() {
            let cwes: Vec<String> = f.cwe.iter().map(|c| c.to_string()).collect();
            let _ = write!(
                out,
                "<p class=\"muted\">{} · confidence {}</p>",
                escape(&cwes.join(", ")),
                f.confidence
            );
        }
        match &cached {
            Some(text) if secrets.contains_key(path) => {
                let masked =
                    ferret_core::redact_text(&String::from_utf8_lossy(text), &secrets[path]);
                code_frame(&mut out, f, masked.as_bytes());
            }
            Some(text) => code_frame(&mut out, f, text),
            None => {
                let _ = write!(out, "<pre>{}</pre>", escape(&f.snippet));
            }
        }
        if !f.dataflow.is_empty() {
            out.push_str("<p><b>Dataflow:</b></p><ol class=\"flow\">");
            for step in &f.dataflow {
                let role = match step.role {
                    StepRole::Source => "source",
                    StepRole::Step => "step",
                    StepRole::Sink => "sink",
                };
                let _ = write!(
                    out,
                    "<li>{role} <code>{}:{}</code> <code>{}</code> <span class=\"muted\">{}</span></li>",
                    escape(&step.location.path),
                    step.location.start.line,
                    escape(step.text.trim()),
                    escape(step.note.trim())
                );
            }
            out.push_str("</ol>");
        }
        if let Some(fix) = &f.fix {
            let _ = write!(out, "<p><b>Rule's fix:</b></p><pre>{}</pre>", escape(fix));
        }
        if let Some(t) = &f.triage {
            triage_block(&mut out, t);
        }
        let _ = writeln!(
            out,
            "</details></td><td class=\"verdict v-{v}\">{v}</td></tr>",
            v = escape(&verdict)
        );
    }
    out.push_str("</tbody></table></section>\n");
    if !s.file_issues.is_empty() {
        out.push_str("<section id=\"skipped\"><h2>Skipped files</h2><ul>");
        for i in &s.file_issues {
            let _ = write!(
                out,
                "<li><code>{}</code> — {} {}</li>",
                escape(&i.path),
                i.reason.as_str(),
                escape(&i.detail)
            );
        }
        out.push_str("</ul></section>\n");
    }
    out.push_str("</main>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script></body></html>\n");
    w.write_all(out.as_bytes())?;
    Ok(())
}
