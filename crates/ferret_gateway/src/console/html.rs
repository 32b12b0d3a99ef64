//! HTML building for the console: escaping, URL path segments, the page frame and a few small
//! widgets. Every value that comes from the store, the audit log or the request goes through
//! [`esc`] (text and attribute values alike) or [`seg`] (URL path segments).

use std::fmt::Write;

use crate::store::Role;

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes one URL path segment (everything but RFC 3986 unreserved characters).
pub(crate) fn seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Who is looking at a page (for the frame).
#[derive(Debug)]
pub(crate) struct Frame<'a> {
    /// E-mail.
    pub email: &'a str,
    /// Role.
    pub role: Role,
    /// Organisation name.
    pub org: &'a str,
    /// CSRF token for the logout form.
    pub csrf: &'a str,
    /// One-shot message.
    pub flash: Option<&'a str>,
}

fn nav(role: Role) -> &'static [(&'static str, &'static str)] {
    match role {
        Role::Admin => &[
            ("/console/orgs", "Organisations"),
            ("/console/quotas", "Quotas"),
            ("/console/authorised", "Authorised list"),
            ("/console/audit", "Audit log"),
        ],
        Role::OrgAdmin => &[("/console/orgs", "My organisation")],
        Role::Regulator => &[
            ("/console/vetting", "Vetting queue"),
            ("/console/authorised", "Authorised list"),
            ("/console/screening", "Screening hits"),
            ("/console/orgs", "Organisations"),
            ("/console/audit", "Audit log"),
        ],
        Role::User => &[],
    }
}

/// A complete page. `body` must already be safe HTML.
pub(crate) fn page(frame: Option<&Frame<'_>>, title: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Ferret console</title>\
         <link rel=\"stylesheet\" href=\"/console/static/console.css\"></head><body>\
         <header><a class=\"brand\" href=\"/console\">Ferret console</a>",
        esc(title)
    );
    if let Some(f) = frame {
        out.push_str("<nav>");
        for (href, label) in nav(f.role) {
            let _ = write!(out, "<a href=\"{href}\">{label}</a>");
        }
        let _ = write!(
            out,
            "</nav><div class=\"who\"><span id=\"whoami\">{}</span> \
             <span class=\"role\" id=\"role\">{}</span> <span class=\"org\">{}</span>\
             <form method=\"post\" action=\"/console/logout\" class=\"inline\">{}\
             <button type=\"submit\" id=\"logout\">Log out</button></form></div>",
            esc(f.email),
            esc(f.role.as_str()),
            esc(f.org),
            csrf_field(f.csrf)
        );
    }
    let _ = write!(out, "</header><main><h1>{}</h1>", esc(title));
    if let Some(msg) = frame.and_then(|f| f.flash) {
        let _ = write!(out, "<p class=\"flash\" id=\"flash\">{}</p>", esc(msg));
    }
    out.push_str(body);
    out.push_str("</main></body></html>\n");
    out
}

/// The hidden CSRF field of a form.
pub(crate) fn csrf_field(csrf: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(csrf)
    )
}

/// A table from a header row and rows of already-safe cells.
pub(crate) fn table(id: &str, head: &[&str], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        return format!("<p class=\"empty\" id=\"{}-empty\">None.</p>", esc(id));
    }
    let mut out = format!("<table id=\"{}\"><thead><tr>", esc(id));
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{c}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// A labelled text input.
pub(crate) fn input(name: &str, label: &str, required: bool) -> String {
    format!(
        "<label>{} <input type=\"text\" name=\"{}\"{}></label>",
        esc(label),
        esc(name),
        if required { " required" } else { "" }
    )
}

/// Formats unix seconds for display (empty for none).
pub(crate) fn when(t: Option<i64>) -> String {
    t.map(crate::rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(esc("Zürich AG"), "Zürich AG");
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(seg("Acme Labs/EU?x=1"), "Acme%20Labs%2FEU%3Fx%3D1");
        assert_eq!(seg("a@b.test"), "a%40b.test");
        assert_eq!(seg("Zü"), "Z%C3%BC");
    }

    #[test]
    fn page_escapes_title_identity_and_flash() {
        let f = Frame {
            email: "<e>@x.test",
            role: Role::Regulator,
            org: "O\"rg",
            csrf: "tok",
            flash: Some("<b>done</b>"),
        };
        let html = page(Some(&f), "T<i>", "<p>body</p>");
        assert!(html.contains("<title>T&lt;i&gt; · Ferret console</title>"));
        assert!(html.contains("&lt;e&gt;@x.test"));
        assert!(html.contains("O&quot;rg"));
        assert!(html.contains("&lt;b&gt;done&lt;/b&gt;"));
        assert!(html.contains("name=\"csrf\" value=\"tok\""));
        assert!(html.contains("/console/vetting"));
        assert!(!html.contains("<b>done"));
    }

    #[test]
    fn empty_table_says_none() {
        assert!(table("t", &["a"], &[]).contains("None."));
        let t = table("t", &["a<"], &[vec!["<i>x</i>".into()]]);
        assert!(t.contains("<th>a&lt;</th>") && t.contains("<td><i>x</i></td>"));
    }
}
