//! The terminal sink: findings with code frames, and the run summary.
//!
//! Everything that comes from a scanned file or a rule (code, messages, paths) goes through
//! [`for_each_cell`] or [`clean`] before it reaches the terminal: invalid UTF-8 becomes `�`,
//! control characters become their visible Unicode pictures (so a file cannot smuggle ANSI
//! escapes into the report), bidirectional overrides are spelled out as `<U+202E>` (so the
//! frame shows the code in its logical order), and tabs become four spaces so carets line up.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::Write;

use ferret_core::{DataflowStep, Finding, LineIndex, Position, ScanReport, ScanSummary, Severity};
use unicode_width::UnicodeWidthChar;

use crate::json::role_name;
use crate::{ReportError, SourceProvider};

/// How [`write_text`] renders findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Colour with ANSI escapes.
    pub color: bool,
    /// Lines of context shown above and below the matched lines.
    pub context_lines: usize,
}

impl Default for TextOptions {
    /// No colour, one line of context.
    fn default() -> Self {
        TextOptions {
            color: false,
            context_lines: 1,
        }
    }
}

/// Widest code line shown, in terminal columns; longer lines are cut around the match.
const MAX_LINE_COLS: usize = 160;
/// Columns kept left of the match when a long line is cut.
const LEFT_CONTEXT_COLS: usize = 24;
/// A multi-line match longer than this is shown as its first and last lines.
const MAX_SPAN_LINES: usize = 8;
/// Lines shown from the start of an elided multi-line match.
const SPAN_HEAD_LINES: usize = 4;
/// Lines shown from the end of an elided multi-line match.
const SPAN_TAIL_LINES: usize = 2;
/// Fix advice is wrapped at this many columns of text.
const ADVICE_COLS: usize = 96;
/// Example paths listed per skip reason in the summary.
const MAX_SKIP_EXAMPLES: usize = 10;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "1";
const GUTTER: &str = "1;34";
const NOTE: &str = "1;36";
const SKIP: &str = "33";

fn severity_style(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "1;35",
        Severity::High => "1;31",
        Severity::Medium => "1;33",
        Severity::Low => "1;36",
        Severity::Info => "1;32",
    }
}

/// Wraps `text` in an ANSI style when colour is on.
fn paint(color: bool, style: &str, text: &str) -> String {
    if color && !text.is_empty() {
        format!("\x1b[{style}m{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// Writes every finding of `report` as a header, its location, a code frame with the match
/// underlined, its dataflow path and its suggested fix, separated by blank lines.
///
/// The code frame quotes the file returned by `sources`; when that is `None`, or when the file
/// no longer matches the finding's location, a note replaces the frame. Columns printed in
/// `path:line:col` count UTF-16 code units, as editors do. The summary is not printed here; see
/// [`write_summary`].
pub fn write_text(
    w: &mut dyn Write,
    report: &ScanReport,
    sources: &dyn SourceProvider,
    opts: &TextOptions,
) -> Result<(), ReportError> {
    let secrets_by_path = secrets_by_path(report);
    let advice: std::collections::HashMap<&str, String> = report
        .rules
        .iter()
        .filter_map(|r| Some((r.id.as_str(), fix_advice(&r.help)?)))
        .collect();
    // Findings come sorted by path: fetch and index each file once.
    let mut cached_path: Option<&str> = None;
    let mut cached: Option<(Cow<'_, [u8]>, LineIndex)> = None;
    for (i, finding) in report.findings.iter().enumerate() {
        let path = finding.location.path.as_str();
        if cached_path != Some(path) {
            cached = sources.source(path).map(|text| {
                let index = LineIndex::new(&text);
                (text, index)
            });
            cached_path = Some(path);
        }
        let mut out = Vec::new();
        if i > 0 {
            writeln!(out)?;
        }
        // Secrets the finding is about are masked in the quoted source too (same length, so
        // the line index still fits).
        let secrets = secrets_by_path.get(path).map(Vec::as_slice).unwrap_or(&[]);
        let masked: Option<Vec<u8>> = match (&cached, secrets.is_empty()) {
            (Some((t, _)), false) => {
                Some(ferret_core::redact_text(&String::from_utf8_lossy(t), secrets).into_bytes())
            }
            _ => None,
        };
        let source = cached.as_ref().map(|(t, idx)| match &masked {
            Some(m) => (m.as_slice(), idx),
            None => (t.as_ref(), idx),
        });
        let help = advice.get(finding.rule_id.as_str()).map(String::as_str);
        render_finding(&mut out, finding, source, help, opts)?;
        w.write_all(&out)?;
    }
    w.flush()?;
    Ok(())
}

/// Every secret found in each file, so that no code frame of that file shows one.
pub(crate) fn secrets_by_path(report: &ScanReport) -> std::collections::HashMap<&str, Vec<String>> {
    let mut map: std::collections::HashMap<&str, Vec<String>> = std::collections::HashMap::new();
    for f in report.findings.iter().filter(|f| !f.redact.is_empty()) {
        map.entry(f.location.path.as_str())
            .or_default()
            .extend(f.redact.iter().cloned());
    }
    // Longest first, so a value that contains another is masked whole.
    for v in map.values_mut() {
        v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        v.dedup();
    }
    map
}

/// The fix advice in a rule's documentation: the words of the paragraph that starts with
/// `Fix:` or `**Fix:**` (every built-in rule has one; see CONTRIBUTING.md), up to a blank line or
/// a code block, as one line.
pub(crate) fn fix_advice(help: &str) -> Option<String> {
    let mut lines = help.lines().map(str::trim);
    let first = lines.find_map(|l| {
        l.strip_prefix("**Fix:**")
            .or_else(|| l.strip_prefix("Fix:"))
    })?;
    let mut words: Vec<&str> = first.split_whitespace().collect();
    for line in lines {
        if line.is_empty() || line.starts_with("```") || line.starts_with("**") {
            break;
        }
        words.extend(line.split_whitespace());
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Writes `text` after `first` (the note's label), wrapped at about [`ADVICE_COLS`] columns,
/// continuation lines indented under the text.
fn write_wrapped(out: &mut Vec<u8>, first: &str, indent: &str, text: &str) -> std::io::Result<()> {
    let mut line = String::new();
    let mut lead = first.to_string();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > ADVICE_COLS {
            writeln!(out, "{lead}{line}")?;
            lead = indent.to_string();
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        writeln!(out, "{lead}{line}")?;
    }
    Ok(())
}

fn render_finding(
    out: &mut Vec<u8>,
    f: &Finding,
    source: Option<(&[u8], &LineIndex)>,
    help: Option<&str>,
    opts: &TextOptions,
) -> Result<(), ReportError> {
    let color = opts.color;
    let mut message = f.message.trim_end().lines();
    writeln!(
        out,
        "{} {}: {}",
        paint(color, severity_style(f.severity), f.severity.as_str()),
        paint(color, BOLD, &clean(&f.rule_id)),
        paint(color, BOLD, &clean(message.next().unwrap_or("").trim_end())),
    )?;
    for line in message {
        writeln!(out, "    {}", clean(line.trim_end()))?;
    }

    let frame = source.and_then(|(text, idx)| Frame::build(text, idx, f, opts.context_lines));
    let width = frame
        .as_ref()
        .map_or(digits(f.location.start.line as usize), |fr| fr.gutter_width)
        .max(2);
    let pad = " ".repeat(width);
    let bar = paint(color, GUTTER, "|");
    let eq = paint(color, GUTTER, "=");

    writeln!(
        out,
        "{pad}{} {}",
        paint(color, GUTTER, "-->"),
        location_text(&f.location.path, &f.location.start)
    )?;
    writeln!(out, "{pad} {bar}")?;
    match &frame {
        Some(frame) => frame.render(out, width, color, severity_style(f.severity))?,
        None => {
            let why = if source.is_some() {
                "the file no longer matches this location"
            } else {
                "the source is not available"
            };
            writeln!(
                out,
                "{pad} {eq} {}: {why}; code frame omitted",
                paint(color, NOTE, "note")
            )?;
        }
    }

    let has_notes = !f.dataflow.is_empty()
        || help.is_some()
        || f.fix.is_some()
        || f.triage.is_some()
        || !f.also_reported_by.is_empty();
    if has_notes && frame.is_some() {
        writeln!(out, "{pad} {bar}")?;
    }
    if !f.dataflow.is_empty() {
        writeln!(out, "{pad} {eq} {}:", paint(color, NOTE, "dataflow"))?;
        let num_width = digits(f.dataflow.len());
        for (n, step) in f.dataflow.iter().enumerate() {
            write_step(out, &pad, n + 1, num_width, step, color)?;
        }
    }
    if let Some(t) = &f.triage {
        write_triage(out, &pad, &eq, t, color)?;
    }
    if !f.also_reported_by.is_empty() {
        writeln!(
            out,
            "{pad} {eq} {}: {}",
            paint(color, NOTE, "also reported by"),
            clean(&f.also_reported_by.join(", "))
        )?;
    }
    if let Some(help) = help {
        let label = format!("{pad} {eq} {}: ", paint(color, NOTE, "help"));
        write_wrapped(out, &label, &format!("{pad}         "), &clean(help))?;
    }
    if let Some(fix) = &f.fix {
        let label = paint(color, NOTE, "fix");
        let lines: Vec<&str> = fix.trim_end().lines().collect();
        match lines.as_slice() {
            [] => writeln!(out, "{pad} {eq} {label}: remove the matched code")?,
            [one] => writeln!(out, "{pad} {eq} {label}: {}", clean(one))?,
            many => {
                writeln!(out, "{pad} {eq} {label}:")?;
                for line in many {
                    let line = clean(line);
                    if line.is_empty() {
                        writeln!(out)?;
                    } else {
                        writeln!(out, "{pad}     {line}")?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The model's verdict under a finding: verdict and confidence (or status), the explanation,
/// the verification, the exploit scenario and an accepted fix.
fn write_triage(
    out: &mut Vec<u8>,
    pad: &str,
    eq: &str,
    t: &ferret_core::Triage,
    color: bool,
) -> Result<(), ReportError> {
    let label = paint(color, NOTE, "model");
    let head = match (t.status, t.verdict) {
        (ferret_core::TriageStatus::Reviewed, Some(v)) => {
            let conf = t
                .confidence
                .map(|c| format!(" ({:.0}% sure)", c.0 * 100.0))
                .unwrap_or_default();
            let verified = match &t.verification {
                Some(v) if v.holds => ", verified",
                Some(_) => ", disputed by the verifier",
                None => "",
            };
            let cached = if t.from_cache { ", cached" } else { "" };
            format!("{}{conf}{verified}{cached}", v.as_str())
        }
        (status, _) => format!("{}: {}", status.as_str(), clean(t.note.trim())),
    };
    writeln!(out, "{pad} {eq} {label}: {head} [{}]", clean(&t.model))?;
    let mut line = |name: &str, text: &str| -> Result<(), ReportError> {
        let text = clean(text.trim());
        if !text.is_empty() {
            writeln!(out, "{pad}     {name}: {text}")?;
        }
        Ok(())
    };
    line("why", &t.explanation)?;
    if let Some(v) = &t.verification {
        line("verifier", &v.reason)?;
    }
    line("exploit", &t.exploit_scenario)?;
    if t.status == ferret_core::TriageStatus::Reviewed && !t.note.is_empty() {
        line("note", &t.note)?;
    }
    if let Some(fix) = &t.fix {
        if fix.accepted {
            writeln!(out, "{pad}     proposed fix (checked by a rescan):")?;
            for l in fix.diff.trim_end().lines() {
                writeln!(out, "{pad}       {}", clean(l))?;
            }
        } else {
            line("fix rejected", &fix.note)?;
        }
    }
    Ok(())
}

/// Writes the model pass's summary: candidates, reviewed, verdicts, statuses, calls, tokens,
/// cost and time.
pub fn write_model_summary(
    w: &mut dyn Write,
    m: &ferret_core::ModelRunSummary,
    color: bool,
) -> Result<(), ReportError> {
    let mut out = Vec::new();
    let label = |s: &str| paint(color, BOLD, &format!("{s:<12}"));
    writeln!(
        out,
        "{} ({}, prompts {})",
        paint(color, BOLD, "Model pass"),
        clean(&m.model),
        m.prompt_version
    )?;
    writeln!(
        out,
        "  {} {} findings in {} candidates; {} reviewed",
        label("candidates"),
        m.findings,
        m.candidates,
        m.reviewed
    )?;
    let join = |items: Vec<String>| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items.join(", ")
        }
    };
    writeln!(
        out,
        "  {} {}",
        label("verdicts"),
        join(
            m.by_verdict
                .iter()
                .map(|(v, n)| format!("{n} {}", v.as_str()))
                .collect()
        )
    )?;
    writeln!(
        out,
        "  {} {}",
        label("status"),
        join(
            m.by_status
                .iter()
                .map(|(s, n)| format!("{n} {}", s.as_str()))
                .collect()
        )
    )?;
    writeln!(
        out,
        "  {} {} calls, {} answered from the cache",
        label("calls"),
        m.calls,
        m.cache_hits
    )?;
    let budget = m
        .budget
        .map(|b| format!(" of a {b} budget"))
        .unwrap_or_default();
    writeln!(
        out,
        "  {} {} in ({} cached), {} out{budget}",
        label("tokens"),
        m.tokens.input,
        m.tokens.cached,
        m.tokens.output
    )?;
    match m.estimated_cost_usd {
        Some(c) => writeln!(out, "  {} ${c:.4} (estimated)", label("cost"))?,
        None => writeln!(
            out,
            "  {} not estimated (set --model-price-input and --model-price-output)",
            label("cost")
        )?,
    }
    writeln!(out, "  {} {:.2} s", label("time"), m.seconds)?;
    w.write_all(&out)?;
    Ok(())
}

fn write_step(
    out: &mut Vec<u8>,
    pad: &str,
    n: usize,
    num_width: usize,
    step: &DataflowStep,
    color: bool,
) -> Result<(), ReportError> {
    let role = role_name(step.role);
    let loc = &step.location;
    write!(
        out,
        "{pad}     {n:>num_width$}. {} {}:{}",
        paint(color, BOLD, &format!("{role:<6}")),
        clean(&loc.path),
        loc.start.line
    )?;
    let text = clean(step.text.trim());
    if !text.is_empty() {
        write!(out, "  {text}")?;
    }
    let note = clean(step.note.trim());
    if !note.is_empty() {
        write!(out, "  ({note})")?;
    }
    writeln!(out)?;
    Ok(())
}

/// `path:line:col`, the column in UTF-16 code units (bytes if that is unset).
fn location_text(path: &str, pos: &Position) -> String {
    let col = if pos.col_utf16 > 0 {
        pos.col_utf16
    } else {
        pos.col
    };
    format!("{}:{}:{}", clean(path), pos.line, col)
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// A code frame ready to print: the lines to show, with underlines.
#[derive(Debug)]
struct Frame<'t> {
    rows: Vec<Row<'t>>,
    gutter_width: usize,
    /// First terminal column shown (lines are cut on the left when the match is far right).
    window_start: usize,
}

#[derive(Debug)]
enum Row<'t> {
    /// A source line: 1-based number, bytes without terminator, underlined byte range.
    Code {
        number: usize,
        bytes: &'t [u8],
        underline: Option<(usize, usize)>,
    },
    /// Lines left out of a long match.
    Elided,
}

impl<'t> Frame<'t> {
    /// Lays out the frame for `f` in `text`, or `None` if the location does not fit the file.
    fn build(text: &'t [u8], idx: &LineIndex, f: &Finding, context: usize) -> Option<Self> {
        let last_line = idx.line_of(text.len());
        let start = resolve(text, idx, &f.location.start, last_line)?;
        let end = resolve(text, idx, &f.location.end, last_line)
            .unwrap_or(start)
            .max(start);
        let start_line = idx.line_of(start);
        let mut end_line = idx.line_of(end);
        if end_line > start_line && idx.line_span(text, end_line).0 == end {
            // The match ends with a line terminator: its last line is the one before.
            end_line -= 1;
        }

        // The last line worth showing as context: not the empty line after a final newline.
        let last_context = idx.line_count().saturating_sub(1).max(end_line);
        let first = start_line.saturating_sub(context);
        let last = end_line.saturating_add(context).min(last_context);

        let span_lines = end_line - start_line + 1;
        let shown = |l: usize| {
            span_lines <= MAX_SPAN_LINES
                || l < start_line + SPAN_HEAD_LINES
                || l + SPAN_TAIL_LINES > end_line
        };
        let mut rows = Vec::new();
        let mut elided = false;
        for line in first..=last {
            let in_span = (start_line..=end_line).contains(&line);
            if in_span && !shown(line) {
                if !elided {
                    rows.push(Row::Elided);
                    elided = true;
                }
                continue;
            }
            let (ls, le) = idx.line_span(text, line);
            let bytes = &text[ls..le];
            let underline = if !in_span {
                None
            } else {
                let a = if line == start_line {
                    start.min(le)
                } else {
                    ls + bytes
                        .iter()
                        .position(|b| !b.is_ascii_whitespace())
                        .unwrap_or(bytes.len())
                };
                let b = if line == end_line { end.min(le) } else { le };
                if a < b || (line == start_line && (start_line == end_line || a == le)) {
                    Some((a - ls, b.max(a) - ls))
                } else {
                    None
                }
            };
            rows.push(Row::Code {
                number: line + 1,
                bytes,
                underline,
            });
        }

        // Cut long lines around the start of the match.
        let (ls, le) = idx.line_span(text, start_line);
        let (start_col, _) = measure(&text[ls..le], start.min(le) - ls, start.min(le) - ls);
        let window_start = if start_col + LEFT_CONTEXT_COLS < MAX_LINE_COLS {
            0
        } else {
            start_col - LEFT_CONTEXT_COLS
        };

        Some(Frame {
            rows,
            gutter_width: digits(last + 1),
            window_start,
        })
    }

    fn render(
        &self,
        out: &mut Vec<u8>,
        width: usize,
        color: bool,
        mark_style: &str,
    ) -> Result<(), ReportError> {
        let pad = " ".repeat(width);
        let bar = paint(color, GUTTER, "|");
        for row in &self.rows {
            match row {
                Row::Elided => writeln!(out, "{}", paint(color, GUTTER, "..."))?,
                Row::Code {
                    number,
                    bytes,
                    underline,
                } => {
                    let (line, prefix) = render_window(bytes, self.window_start);
                    let num = paint(color, GUTTER, &format!("{number:>width$}"));
                    if line.is_empty() {
                        writeln!(out, "{num} {bar}")?;
                    } else {
                        writeln!(out, "{num} {bar} {line}")?;
                    }
                    if let Some((a, b)) = *underline {
                        let (ca, cb) = measure(bytes, a, b);
                        let lo = self.window_start;
                        let hi = lo + MAX_LINE_COLS;
                        let to_screen = |c: usize| c.clamp(lo, hi) - lo + prefix;
                        let (sa, sb) = (to_screen(ca), to_screen(cb));
                        let carets = "^".repeat(sb.saturating_sub(sa).max(1));
                        writeln!(
                            out,
                            "{pad} {bar} {}{}",
                            " ".repeat(sa),
                            paint(color, mark_style, &carets)
                        )?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The byte offset of `pos` in `text`: its `offset` when that agrees with its line and column,
/// else its line and column, else `None` (the file changed since the scan).
fn resolve(text: &[u8], idx: &LineIndex, pos: &Position, last_line: usize) -> Option<usize> {
    if pos.offset <= text.len() {
        let p = idx.position(text, pos.offset);
        if p.line == pos.line && p.col == pos.col {
            return Some(pos.offset);
        }
    }
    let line = (pos.line as usize).checked_sub(1)?;
    if line > last_line {
        return None;
    }
    let (ls, le) = idx.line_span(text, line);
    let col = (pos.col.max(1) - 1) as usize;
    Some(ls.saturating_add(col).min(le))
}

/// Calls `f(byte_offset, printable, width)` for each display cell of `bytes`: a character, or
/// an invalid byte shown as `�`.
fn for_each_cell(bytes: &[u8], mut f: impl FnMut(usize, &str, usize)) {
    let mut off = 0;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            let mut buf = [0u8; 4];
            match c {
                '\t' => f(off, "    ", 4),
                c if is_bidi_control(c) => {
                    let s = format!("<U+{:04X}>", c as u32);
                    f(off, &s, s.len());
                }
                c if (c as u32) < 0x20 => {
                    let picture = char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}');
                    f(off, picture.encode_utf8(&mut buf), 1);
                }
                '\u{7f}' => f(off, "\u{2421}", 1),
                c if c.is_control() => f(off, "\u{FFFD}", 1),
                c => f(off, c.encode_utf8(&mut buf), c.width().unwrap_or(0)),
            }
            off += c.len_utf8();
        }
        for _ in chunk.invalid() {
            f(off, "\u{FFFD}", 1);
            off += 1;
        }
    }
}

/// Characters that reorder text on screen (the "Trojan Source" set).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Terminal columns before byte offsets `a` and `b` of `bytes` (`b >= a`).
fn measure(bytes: &[u8], a: usize, b: usize) -> (usize, usize) {
    let mut col = 0;
    let (mut ca, mut cb) = (None, None);
    for_each_cell(bytes, |start, _, width| {
        if ca.is_none() && start >= a {
            ca = Some(col);
        }
        if cb.is_none() && start >= b {
            cb = Some(col);
        }
        col += width;
    });
    (ca.unwrap_or(col), cb.unwrap_or(col))
}

/// The printable form of `bytes` from terminal column `lo`, at most [`MAX_LINE_COLS`] wide,
/// with `…` where it was cut; also the width of the left `…` (0 or 1).
fn render_window(bytes: &[u8], lo: usize) -> (String, usize) {
    let hi = lo + MAX_LINE_COLS;
    let prefix = usize::from(lo > 0);
    let mut out = String::new();
    if lo > 0 {
        out.push('…');
    }
    let mut col = 0;
    let mut screen = lo; // the terminal column `out` has reached, in line columns
    let mut cut = false;
    for_each_cell(bytes, |_, text, width| {
        if col >= lo && col + width <= hi {
            while screen < col {
                out.push(' ');
                screen += 1;
            }
            out.push_str(text);
            screen += width;
        } else if col + width > hi {
            cut = true;
        }
        col += width;
    });
    if cut {
        out.push('…');
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    (out, prefix)
}

/// `s` made safe for a terminal, on one line: control characters, invalid text and bidi
/// overrides are replaced as in code frames.
fn clean(s: &str) -> Cow<'_, str> {
    let safe = |c: char| c != '\t' && !c.is_control() && !is_bidi_control(c);
    if s.chars().all(safe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for_each_cell(s.as_bytes(), |_, text, _| out.push_str(text));
    Cow::Owned(out)
}

/// Writes the run summary: files, lines, time and speed, rules, findings by severity,
/// suppressed findings, and skipped files by reason with up to ten example paths each.
pub fn write_summary(
    w: &mut dyn Write,
    summary: &ScanSummary,
    color: bool,
) -> Result<(), ReportError> {
    let mut out = Vec::new();
    let label = |s: &str| paint(color, BOLD, &format!("{s:<12}"));
    writeln!(out, "{}", paint(color, BOLD, "Scan summary"))?;
    let cached = if summary.files_cached > 0 {
        format!(", {} from the cache", summary.files_cached)
    } else {
        String::new()
    };
    writeln!(
        out,
        "  {} {} scanned, {} parsed{cached}",
        label("files"),
        summary.files_scanned,
        summary.files_parsed
    )?;
    writeln!(out, "  {} {}", label("lines"), summary.lines_scanned)?;
    if summary.default_ignored_dirs + summary.default_ignored_files > 0 {
        writeln!(
            out,
            "  {} {} directories and {} files of tests, vendored or minified code \
             (default ignore list; a .ferretignore or --no-default-ignore replaces it)",
            label("not scanned"),
            summary.default_ignored_dirs,
            summary.default_ignored_files
        )?;
    }
    let threads = match summary.threads {
        0 => String::new(),
        1 => ", 1 thread".to_string(),
        n => format!(", {n} threads"),
    };
    writeln!(
        out,
        "  {} {:.2} s ({:.0} lines/s{threads})",
        label("time"),
        summary.seconds,
        summary.lines_per_second()
    )?;
    if summary.skipped_rules.is_empty() {
        writeln!(out, "  {} {}", label("rules"), summary.rules)?;
    } else {
        writeln!(
            out,
            "  {} {} ({} skipped: cannot be compiled)",
            label("rules"),
            summary.rules,
            summary.skipped_rules.len()
        )?;
        for issue in summary.skipped_rules.iter().take(MAX_SKIP_EXAMPLES) {
            writeln!(out, "      {}", clean(&issue.to_string()))?;
        }
        if summary.skipped_rules.len() > MAX_SKIP_EXAMPLES {
            writeln!(
                out,
                "      … and {} more",
                summary.skipped_rules.len() - MAX_SKIP_EXAMPLES
            )?;
        }
    }

    let total: u64 = summary.findings_by_severity.values().sum();
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            let n = summary.findings_by_severity.get(s).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {}", paint(color, severity_style(*s), s.as_str())))
        })
        .collect();
    if by_severity.is_empty() {
        writeln!(out, "  {} {total}", label("findings"))?;
    } else {
        writeln!(
            out,
            "  {} {total} ({})",
            label("findings"),
            by_severity.join(", ")
        )?;
    }
    writeln!(out, "  {} {}", label("suppressed"), summary.suppressed)?;
    if summary.twins_merged > 0 {
        writeln!(
            out,
            "  {} {} (another rule's finding of the same weakness on the same line)",
            label("merged"),
            summary.twins_merged
        )?;
    }

    let reasons: BTreeSet<_> = summary
        .skipped_by_reason
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(r, _)| *r)
        .chain(summary.file_issues.iter().map(|i| i.reason))
        .collect();
    let count = |r| {
        let listed = summary.file_issues.iter().filter(|i| i.reason == r).count() as u64;
        summary
            .skipped_by_reason
            .get(&r)
            .copied()
            .unwrap_or(0)
            .max(listed)
    };
    let skipped: u64 = reasons.iter().map(|r| count(*r)).sum();
    writeln!(
        out,
        "  {} {skipped} {}",
        label("skipped"),
        if skipped == 1 { "file" } else { "files" }
    )?;
    for reason in reasons {
        let n = count(reason);
        writeln!(out, "    {} ({n})", paint(color, SKIP, reason.as_str()))?;
        let mut shown = 0u64;
        for issue in summary
            .file_issues
            .iter()
            .filter(|i| i.reason == reason)
            .take(MAX_SKIP_EXAMPLES)
        {
            let detail = clean(issue.detail.trim());
            if detail.is_empty() {
                writeln!(out, "      {}", clean(&issue.path))?;
            } else {
                writeln!(out, "      {}: {detail}", clean(&issue.path))?;
            }
            shown += 1;
        }
        if n > shown {
            writeln!(out, "      … and {} more", n - shown)?;
        }
    }
    w.write_all(&out)?;
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferret_core::{Confidence, Cwe, FindingLocation, SkipReason};
    use std::collections::HashMap;

    fn pos(text: &[u8], offset: usize) -> Position {
        LineIndex::new(text).position(text, offset)
    }

    /// A finding on `path` covering `[start, end)` of `text`.
    fn finding(path: &str, text: &[u8], start: usize, end: usize) -> Finding {
        Finding {
            rule_id: "test.rule".into(),
            message: "something is wrong".into(),
            severity: Severity::High,
            confidence: Confidence::High,
            cwe: vec![Cwe(78)],
            language: "python".into(),
            location: FindingLocation {
                path: path.into(),
                start: pos(text, start),
                end: pos(text, end),
            },
            snippet: String::new(),
            fingerprint: "0".repeat(32),
            metavars: vec![],
            dataflow: vec![],
            fix: None,
            triage: None,
            also_reported_by: Vec::new(),
            redact: Vec::new(),
        }
    }

    fn render(text: &[u8], f: Finding, context_lines: usize) -> String {
        let mut sources = HashMap::new();
        sources.insert(f.location.path.clone(), text.to_vec());
        let report = ScanReport {
            findings: vec![f],
            ..Default::default()
        };
        let mut out = Vec::new();
        let opts = TextOptions {
            color: false,
            context_lines,
        };
        write_text(&mut out, &report, &sources, &opts).expect("renders");
        String::from_utf8(out).expect("text output is UTF-8")
    }

    #[test]
    fn fix_advice_is_the_fix_paragraph_of_the_rule_docs() {
        let help = "What: a thing.\n\nWhy: because.\n\nFix: pass an argument list\nwithout a shell.\n\n**References**\n- x";
        assert_eq!(
            fix_advice(help).as_deref(),
            Some("pass an argument list without a shell.")
        );
        assert_eq!(fix_advice("Fix the call."), None);
        assert_eq!(fix_advice("What: a thing.\n\nFix:   \n"), None);
        // The markdown form, with a code block after the words.
        let md = "**What it finds:** x.\n\n**Fix:** read it from the\nenvironment.\n```ruby\nENV.fetch(\"K\")\n```\n";
        assert_eq!(
            fix_advice(md).as_deref(),
            Some("read it from the environment.")
        );
        // Only a code block: no words to print.
        assert_eq!(fix_advice("**Fix:**\n```c\nint d = 2;\n```\n"), None);
    }

    #[test]
    fn a_finding_shows_its_rule_fix_advice_wrapped() {
        let text = b"os.system(cmd)\n";
        let f = finding("a.py", text, 0, 14);
        let advice = "word ".repeat(30);
        let report = ScanReport {
            findings: vec![
                f.clone(),
                Finding {
                    rule_id: "other".into(),
                    ..f
                },
            ],
            rules: vec![ferret_core::RuleInfo {
                id: "test.rule".into(),
                help: format!("What: x.\n\nFix: {advice}"),
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut sources = HashMap::new();
        sources.insert("a.py".to_string(), text.to_vec());
        let mut out = Vec::new();
        write_text(&mut out, &report, &sources, &TextOptions::default()).expect("renders");
        let out = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = out.lines().filter(|l| l.contains("word")).collect();
        // 30 words of 4 letters: 19 fit in 96 columns, the rest on an indented second line.
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].starts_with("   = help: word word"), "{out}");
        assert!(lines[1].starts_with("           word"), "{out}");
        // The finding of a rule without advice has no help line.
        assert_eq!(out.matches("help:").count(), 1, "{out}");
    }

    fn at(text: &[u8], needle: &str) -> usize {
        text.windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .expect("needle present")
    }

    #[test]
    fn single_line_frame_underlines_the_match() {
        let text = b"import os\nos.system(cmd)\nprint(1)\n";
        let s = at(text, "os.system");
        let out = render(text, finding("a.py", text, s, s + 14), 1);
        assert_eq!(
            out,
            "high test.rule: something is wrong\n\
             \x20 --> a.py:2:1\n\
             \x20  |\n\
             \x201 | import os\n\
             \x202 | os.system(cmd)\n\
             \x20  | ^^^^^^^^^^^^^^\n\
             \x203 | print(1)\n"
        );
    }

    #[test]
    fn multi_line_span_underlines_each_line() {
        let text = b"x = 1\nrun(\n    a,\n    b)\ny = 2\n";
        let s = at(text, "run(");
        let e = at(text, "b)") + 2;
        let out = render(text, finding("m.py", text, s, e), 0);
        assert_eq!(
            out,
            "high test.rule: something is wrong\n\
             \x20 --> m.py:2:1\n\
             \x20  |\n\
             \x202 | run(\n\
             \x20  | ^^^^\n\
             \x203 |     a,\n\
             \x20  |     ^^\n\
             \x204 |     b)\n\
             \x20  |     ^^\n"
        );
    }

    #[test]
    fn long_multi_line_span_is_elided() {
        let mut text = String::from("f(\n");
        for i in 0..20 {
            text.push_str(&format!("  a{i},\n"));
        }
        text.push_str(")\n");
        let bytes = text.as_bytes();
        let out = render(bytes, finding("l.py", bytes, 0, bytes.len() - 1), 0);
        assert!(out.contains("\n...\n"), "{out}");
        assert!(out.contains(" 1 | f(\n"), "{out}");
        assert!(out.contains("22 | )\n"), "{out}");
        assert!(!out.contains("a10"), "{out}");
    }

    #[test]
    fn span_at_eof_without_newline() {
        let text = b"a = 1\nb = eval(x)";
        let s = at(text, "eval");
        let out = render(text, finding("e.py", text, s, text.len()), 1);
        assert!(
            out.contains(" 2 | b = eval(x)\n   |     ^^^^^^^\n"),
            "{out}"
        );
    }

    #[test]
    fn empty_span_at_very_end_of_file() {
        let text = b"a = 1\n";
        let out = render(text, finding("e.py", text, text.len(), text.len()), 1);
        assert!(out.contains("  --> e.py:2:1\n"), "{out}");
        assert!(out.contains(" 1 | a = 1\n 2 |\n   | ^\n"), "{out}");
    }

    #[test]
    fn match_ending_with_newline_does_not_underline_next_line() {
        let text = b"one\ntwo\nthree\n";
        let s = at(text, "two");
        let out = render(text, finding("n.txt", text, s, s + 4), 1);
        assert!(out.contains(" 2 | two\n   | ^^^\n 3 | three\n"), "{out}");
    }

    #[test]
    fn tabs_expand_and_carets_follow() {
        let text = b"\tif x:\n\t\teval(y)\n";
        let s = at(text, "eval");
        let out = render(text, finding("t.py", text, s, s + 7), 0);
        assert!(
            out.contains(" 2 |         eval(y)\n   |         ^^^^^^^\n"),
            "{out}"
        );
        assert!(!out.contains('\t'), "{out}");
    }

    #[test]
    fn invalid_utf8_and_control_bytes_are_replaced() {
        let text = b"x = \"\xff\xfe\x1b[31m\" + eval(y)\n";
        let s = at(text, "eval");
        let out = render(text, finding("b.py", text, s, s + 7), 0);
        assert!(!out.contains('\x1b'), "escape leaked: {out:?}");
        assert!(
            out.contains(" 1 | x = \"\u{FFFD}\u{FFFD}\u{241B}[31m\" + eval(y)\n"),
            "{out}"
        );
        // `x = "` 5, two replacement chars 2, ␛[31m 5, `" + ` 4: 16 cells.
        assert!(
            out.contains(&format!("   | {}^^^^^^^\n", " ".repeat(16))),
            "{out}"
        );
    }

    #[test]
    fn wide_characters_and_bidi_overrides_keep_carets_aligned() {
        let text = "s = \"日本\u{202E}\" + eval(y)\n".as_bytes();
        let s = at(text, "eval");
        let out = render(text, finding("w.py", text, s, s + 7), 0);
        assert!(out.contains("日本<U+202E>"), "{out}");
        // `s = "` 5, 日本 4, <U+202E> 8, `" + ` 4.
        assert!(
            out.contains(&format!("   | {}^^^^^^^\n", " ".repeat(21))),
            "{out}"
        );
    }

    #[test]
    fn very_long_lines_are_cut_around_the_match() {
        let mut text = "x".repeat(1000);
        text.push_str("eval(y)");
        text.push_str(&"z".repeat(1000));
        let bytes = text.as_bytes();
        let s = at(bytes, "eval");
        let out = render(bytes, finding("min.js", bytes, s, s + 7), 0);
        let code = out
            .lines()
            .find(|l| l.starts_with(" 1 | "))
            .expect("code row");
        assert!(code.chars().count() < MAX_LINE_COLS + 10, "{code}");
        assert!(
            code.starts_with(" 1 | …x") && code.ends_with("z…"),
            "{code}"
        );
        let carets = out.lines().find(|l| l.contains('^')).expect("caret row");
        let caret_col = carets.find('^').expect("caret");
        assert_eq!(&code[caret_col + 2..caret_col + 2 + 7], "eval(y)");
    }

    #[test]
    fn missing_source_omits_frame_with_note() {
        let text = b"os.system(cmd)\n";
        let mut f = finding("gone.py", text, 0, 14);
        f.fix = Some("subprocess.run(cmd)".into());
        let report = ScanReport {
            findings: vec![f],
            ..Default::default()
        };
        let sources: HashMap<String, Vec<u8>> = HashMap::new();
        let mut out = Vec::new();
        write_text(&mut out, &report, &sources, &TextOptions::default()).expect("renders");
        let out = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            out,
            "high test.rule: something is wrong\n\
             \x20 --> gone.py:1:1\n\
             \x20  |\n\
             \x20  = note: the source is not available; code frame omitted\n\
             \x20  = fix: subprocess.run(cmd)\n"
        );
    }

    #[test]
    fn stale_location_falls_back_to_note() {
        let text = b"short\n";
        let mut f = finding("s.py", text, 0, 5);
        f.location.start = Position {
            line: 40,
            col: 3,
            col_utf16: 3,
            offset: 900,
        };
        f.location.end = f.location.start;
        let out = render(text, f, 1);
        assert!(
            out.contains("note: the file no longer matches this location"),
            "{out}"
        );
    }

    #[test]
    fn offsets_are_recomputed_from_line_and_column_when_inconsistent() {
        let text = b"a\nb = eval(x)\n";
        let s = at(text, "eval");
        let mut f = finding("o.py", text, s, s + 7);
        f.location.start.offset = 0;
        f.location.end.offset = 0;
        let out = render(text, f, 0);
        assert!(
            out.contains(" 2 | b = eval(x)\n   |     ^^^^^^^\n"),
            "{out}"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let text = b"eval(x)\n";
        let f = finding("c.py", text, 0, 7);
        let plain = render(text, f.clone(), 0);
        assert!(!plain.contains('\x1b'));
        let mut sources = HashMap::new();
        sources.insert("c.py".to_string(), text.to_vec());
        let report = ScanReport {
            findings: vec![f],
            ..Default::default()
        };
        let mut out = Vec::new();
        let opts = TextOptions {
            color: true,
            context_lines: 0,
        };
        write_text(&mut out, &report, &sources, &opts).expect("renders");
        let coloured = String::from_utf8(out).expect("utf-8");
        assert!(coloured.contains("\x1b[1;31mhigh\x1b[0m"), "{coloured:?}");
    }

    #[test]
    fn summary_lists_everything() {
        use ferret_core::FileIssue;
        let mut s = ScanSummary {
            files_scanned: 12,
            files_parsed: 9,
            lines_scanned: 3000,
            bytes_scanned: 90_000,
            seconds: 1.5,
            threads: 2,
            rules: 40,
            suppressed: 2,
            ..Default::default()
        };
        s.findings_by_severity.insert(Severity::High, 2);
        s.findings_by_severity.insert(Severity::Low, 1);
        s.skipped_by_reason.insert(SkipReason::TooLarge, 13);
        s.skipped_by_reason.insert(SkipReason::ParseError, 1);
        for i in 0..13 {
            s.file_issues.push(FileIssue {
                path: format!("big/{i}.js"),
                reason: SkipReason::TooLarge,
                detail: "3 MB".into(),
            });
        }
        s.file_issues.push(FileIssue {
            path: "bad.py".into(),
            reason: SkipReason::ParseError,
            detail: String::new(),
        });
        let mut out = Vec::new();
        write_summary(&mut out, &s, false).expect("renders");
        let out = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            out,
            "Scan summary\n\
             \x20 files        12 scanned, 9 parsed\n\
             \x20 lines        3000\n\
             \x20 time         1.50 s (2000 lines/s, 2 threads)\n\
             \x20 rules        40\n\
             \x20 findings     3 (2 high, 1 low)\n\
             \x20 suppressed   2\n\
             \x20 skipped      14 files\n\
             \x20   too-large (13)\n\
             \x20     big/0.js: 3 MB\n\
             \x20     big/1.js: 3 MB\n\
             \x20     big/2.js: 3 MB\n\
             \x20     big/3.js: 3 MB\n\
             \x20     big/4.js: 3 MB\n\
             \x20     big/5.js: 3 MB\n\
             \x20     big/6.js: 3 MB\n\
             \x20     big/7.js: 3 MB\n\
             \x20     big/8.js: 3 MB\n\
             \x20     big/9.js: 3 MB\n\
             \x20     … and 3 more\n\
             \x20   parse-error (1)\n\
             \x20     bad.py\n"
        );
        let mut coloured = Vec::new();
        write_summary(&mut coloured, &s, true).expect("renders");
        assert!(coloured.contains(&0x1b));
    }
}
