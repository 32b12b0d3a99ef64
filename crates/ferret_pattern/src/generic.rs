//! Semgrep's generic mode (`languages: [generic]`, "spacegrep"): patterns for text that has no
//! grammar here, such as configuration files, templates and documentation.
//!
//! Pattern and document are read as tokens: words (`[A-Za-z0-9_]+`), single ASCII punctuation
//! characters and other characters; whitespace between them does not matter. The document is
//! nested twice: by indentation (a line indented more than the one before opens a block, as in
//! Semgrep) and by `()`, `[]` and `{}` pairs closed on the same line. A match stays inside the
//! block or bracket group it starts in, but a pattern's tokens may descend into nested ones.
//! `...` skips tokens up to `ellipsis_max_span` lines (10 by default) below the last token
//! matched before it (each further `...` in a row adds as many lines); at the end of a pattern
//! it extends over the rest of the block within that limit. `$X` matches one word, `$...X` skips
//! like `...` and binds what it skipped. An indented part of a pattern must match a whole
//! indented block of the document. At each start the shortest match wins, and of two matches
//! that end at the same place only the shorter one is kept.

use std::cell::Cell;
use std::sync::Arc;

use ferret_core::Span;

use crate::{Binding, Match};

/// Most matches one pattern reports in one file.
const MAX_MATCHES: usize = 10_000;
/// Matching steps per file before the search gives up (what was found so far is kept).
const MAX_STEPS: u64 = 2_000_000;
/// Lines with more tokens than this have their brackets read as plain punctuation.
const MAX_BRACKET_LINE: usize = 4096;

/// Comments generic matching ignores (`options.generic_comment_style`); none by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommentStyle {
    /// Nothing is a comment.
    #[default]
    None,
    /// `/* ... */`.
    C,
    /// `/* ... */` and `// ...`.
    Cpp,
    /// `# ...`.
    Shell,
}

impl std::str::FromStr for CommentStyle {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "c" => Ok(CommentStyle::C),
            "cpp" => Ok(CommentStyle::Cpp),
            "shell" => Ok(CommentStyle::Shell),
            other => Err(format!(
                "unknown generic comment style `{other}` (expected c, cpp or shell)"
            )),
        }
    }
}

/// Options of generic matching, from a rule's `options:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenericOptions {
    /// `generic_ellipsis_max_span`: how many lines below the last matched token `...` reaches.
    pub ellipsis_max_span: u32,
    /// `generic_comment_style`.
    pub comment_style: CommentStyle,
}

impl Default for GenericOptions {
    fn default() -> Self {
        GenericOptions {
            ellipsis_max_span: 10,
            comment_style: CommentStyle::None,
        }
    }
}

/// Why a generic pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenericError {
    /// Nothing to match but ellipses (or nothing at all).
    #[error("a generic pattern needs at least one token besides `...`")]
    NoToken,
    /// `... $...X` or `$...X $...Y`: the second ellipsis could bind anything.
    #[error("`$...{0}` cannot directly follow another ellipsis")]
    DotsAfterDots(String),
}

#[derive(Debug, Clone)]
enum PNode {
    Atom(String),
    Mv(Arc<str>),
    Dots(Option<Arc<str>>),
    Block(Vec<PNode>),
}

/// A compiled generic pattern.
#[derive(Debug, Clone)]
pub struct GenericPattern {
    nodes: Vec<PNode>,
    words: Vec<String>,
    opts: GenericOptions,
    source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Word,
    Punct,
    Other,
    Dots(Option<Arc<str>>),
    Mv(Arc<str>),
}

#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
}

struct Line {
    indent: usize,
    toks: Vec<Tok>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Splits `text` into lines of tokens; `pattern` recognises `...`, `$X` and `$...X`.
fn lex(text: &str, pattern: bool) -> Vec<Line> {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let mut cur = Line {
        indent: 0,
        toks: Vec::new(),
    };
    let mut at_line_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            lines.push(std::mem::replace(
                &mut cur,
                Line {
                    indent: 0,
                    toks: Vec::new(),
                },
            ));
            at_line_start = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            if at_line_start {
                cur.indent += 1;
            }
            i += 1;
            continue;
        }
        at_line_start = false;
        let start = i;
        let word_end = |from: usize| {
            let mut j = from;
            while j < b.len() && is_word(b[j]) {
                j += 1;
            }
            j
        };
        let metavar = |from: usize| {
            let j = word_end(from);
            let name = &text[from..j];
            let ok = j > from
                && !name.as_bytes()[0].is_ascii_digit()
                && name
                    .bytes()
                    .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit() || x == b'_');
            ok.then_some(j)
        };
        let (end, kind) = if pattern && text[i..].starts_with("$...") {
            match metavar(i + 4) {
                Some(j) => (j, Kind::Dots(Some(Arc::from(&text[i + 4..j])))),
                None => (i + 1, Kind::Punct),
            }
        } else if pattern && text[i..].starts_with("...") {
            (i + 3, Kind::Dots(None))
        } else if pattern && c == b'$' {
            match metavar(i + 1) {
                Some(j) => (j, Kind::Mv(Arc::from(&text[i + 1..j]))),
                None => (i + 1, Kind::Punct),
            }
        } else if is_word(c) {
            (word_end(i), Kind::Word)
        } else if c.is_ascii() {
            (i + 1, Kind::Punct)
        } else {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            (i + len, Kind::Other)
        };
        cur.toks.push(Tok { start, end, kind });
        i = end;
    }
    lines.push(cur);
    lines.retain(|l| !l.toks.is_empty());
    lines
}

/// `text` with the comments of `style` replaced by spaces (line breaks kept), so that offsets
/// do not move.
fn blank_comments(text: &str, style: CommentStyle) -> std::borrow::Cow<'_, str> {
    if style == CommentStyle::None {
        return text.into();
    }
    let mut b = text.as_bytes().to_vec();
    let mut i = 0;
    let blank = |b: &mut Vec<u8>, from: usize, to: usize| {
        for x in &mut b[from..to] {
            if *x != b'\n' {
                *x = b' ';
            }
        }
    };
    while i < b.len() {
        let rest = &b[i..];
        let line_comment = match style {
            CommentStyle::Shell => rest.starts_with(b"#"),
            CommentStyle::Cpp => rest.starts_with(b"//"),
            _ => false,
        };
        if line_comment {
            let end = rest
                .iter()
                .position(|&x| x == b'\n')
                .map_or(b.len(), |p| i + p);
            blank(&mut b, i, end);
            i = end;
        } else if matches!(style, CommentStyle::C | CommentStyle::Cpp) && rest.starts_with(b"/*") {
            let end = rest[2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(b.len(), |p| i + 2 + p + 2);
            blank(&mut b, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    // Only whole characters were replaced, by ASCII spaces.
    String::from_utf8(b).map_or_else(|_| text.into(), Into::into)
}

impl GenericPattern {
    /// Compiles a generic pattern.
    pub fn compile(text: &str, opts: GenericOptions) -> Result<GenericPattern, GenericError> {
        let blanked = blank_comments(text, opts.comment_style);
        let lines = lex(&blanked, true);
        let mut words = Vec::new();
        for t in lines.iter().flat_map(|l| &l.toks) {
            if t.kind == Kind::Word {
                words.push(blanked[t.start..t.end].to_string());
            }
        }
        let mut pos = 0;
        let nodes = pattern_block(&blanked, &lines, &mut pos, 0);
        check(&nodes)?;
        if !has_token(&nodes) {
            return Err(GenericError::NoToken);
        }
        words.sort();
        words.dedup();
        Ok(GenericPattern {
            nodes,
            words,
            opts,
            source: text.to_string(),
        })
    }

    /// The same pattern compiled with other options (a rule's `options:` are read after its
    /// formula).
    pub fn with_options(&self, opts: GenericOptions) -> Result<GenericPattern, GenericError> {
        GenericPattern::compile(&self.source, opts)
    }

    /// The options.
    pub fn options(&self) -> GenericOptions {
        self.opts
    }

    /// Every match in `src`.
    pub fn find<'t>(&self, src: &[u8]) -> Vec<Match<'t>> {
        let text = String::from_utf8_lossy(src);
        if !self.words.iter().all(|w| text.contains(w.as_str())) {
            return Vec::new();
        }
        let text = blank_comments(&text, self.opts.comment_style);
        let doc = Doc::new(&text);
        let m = Matcher {
            doc: &doc,
            text: &text,
            span: self.opts.ellipsis_max_span,
            steps: Cell::new(0),
        };
        let leading_dots = matches!(self.nodes.first(), Some(PNode::Dots(_)));
        let first_atom = match self.nodes.first() {
            Some(PNode::Atom(a)) => Some(a.as_str()),
            _ => None,
        };
        let mut found: Vec<Option<(usize, usize, Env)>> = Vec::new();
        let mut by_end: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for s in 0..doc.atoms.len() {
            if m.steps.get() > MAX_STEPS || found.len() >= MAX_MATCHES {
                break;
            }
            if leading_dots && !doc.atoms[s].opens {
                continue;
            }
            if first_atom.is_some_and(|a| m.atom_text(s) != a) {
                continue;
            }
            let end = doc.containers[doc.atoms[s].container].end;
            if let Some((env, stop)) = m.seq(&self.nodes, s, end, true, None, &Vec::new(), None) {
                let start = doc.atoms[s].start;
                // Of two matches ending at the same place, the shorter (later) one is kept.
                if let Some(earlier) = by_end.insert(stop, found.len()) {
                    found[earlier] = None;
                }
                found.push(Some((start, stop.max(start), env)));
            }
        }
        found
            .into_iter()
            .flatten()
            .map(|(start, end, env)| Match {
                span: Span::new(start, end),
                bindings: env
                    .into_iter()
                    .map(|(n, span)| (n, Binding { span, node: None }))
                    .collect(),
            })
            .collect()
    }
}

fn pattern_block(text: &str, lines: &[Line], pos: &mut usize, indent: usize) -> Vec<PNode> {
    let mut out = Vec::new();
    while *pos < lines.len() {
        let line = &lines[*pos];
        if line.indent < indent {
            break;
        }
        if line.indent > indent {
            let sub = pattern_block(text, lines, pos, line.indent);
            out.push(PNode::Block(sub));
            continue;
        }
        for t in &line.toks {
            out.push(match &t.kind {
                Kind::Dots(n) => PNode::Dots(n.clone()),
                Kind::Mv(n) => PNode::Mv(n.clone()),
                _ => PNode::Atom(text[t.start..t.end].to_string()),
            });
        }
        *pos += 1;
    }
    out
}

fn check(nodes: &[PNode]) -> Result<(), GenericError> {
    for w in nodes.windows(2) {
        if let (PNode::Dots(_), PNode::Dots(Some(n))) = (&w[0], &w[1]) {
            return Err(GenericError::DotsAfterDots(n.to_string()));
        }
    }
    for n in nodes {
        if let PNode::Block(sub) = n {
            check(sub)?;
        }
    }
    Ok(())
}

fn has_token(nodes: &[PNode]) -> bool {
    nodes.iter().any(|n| match n {
        PNode::Atom(_) | PNode::Mv(_) => true,
        PNode::Dots(_) => false,
        PNode::Block(sub) => has_token(sub),
    })
}

fn only_dots(nodes: &[PNode]) -> bool {
    nodes.iter().all(|n| match n {
        PNode::Dots(_) => true,
        PNode::Block(sub) => only_dots(sub),
        _ => false,
    })
}

/// One document token.
struct DAtom {
    start: usize,
    end: usize,
    line: u32,
    word: bool,
    /// Innermost block or bracket group.
    container: usize,
    /// The indentation block that starts with this token.
    block: Option<usize>,
    /// Whether some block or group starts here (where a pattern that starts with `...` may).
    opens: bool,
}

struct Container {
    end: usize,
}

struct Doc {
    atoms: Vec<DAtom>,
    containers: Vec<Container>,
}

fn opener(t: &str) -> Option<u8> {
    match t {
        "(" => Some(b')'),
        "[" => Some(b']'),
        "{" => Some(b'}'),
        _ => None,
    }
}

fn is_closer(t: &str) -> bool {
    matches!(t, ")" | "]" | "}")
}

impl Doc {
    fn new(text: &str) -> Doc {
        let mut doc = Doc {
            atoms: Vec::new(),
            containers: vec![Container { end: 0 }],
        };
        let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for line in lex(text, false) {
            while stack.last().is_some_and(|(ind, _)| *ind > line.indent) {
                if let Some((_, c)) = stack.pop() {
                    doc.containers[c].end = doc.atoms.len();
                }
            }
            let parent = stack.last().map_or(0, |(_, c)| *c);
            let mut cur = parent;
            let mut block = None;
            if stack.last().is_some_and(|(ind, _)| *ind < line.indent) {
                doc.containers.push(Container { end: 0 });
                cur = doc.containers.len() - 1;
                stack.push((line.indent, cur));
                block = Some(cur);
            }
            let row = line_starts.partition_point(|&s| s <= line.toks[0].start) as u32;
            let texts: Vec<&str> = line.toks.iter().map(|t| &text[t.start..t.end]).collect();
            let mut memo = vec![None; texts.len()];
            let first = doc.atoms.len();
            doc.place(&line.toks, &texts, 0, texts.len(), cur, row, &mut memo);
            if let Some(a) = doc.atoms.get_mut(first) {
                a.block = block;
                a.opens |= block.is_some();
            }
        }
        let n = doc.atoms.len();
        for (_, c) in stack {
            doc.containers[c].end = n;
        }
        if let Some(a) = doc.atoms.first_mut() {
            a.opens = true;
        }
        doc
    }

    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        toks: &[Tok],
        texts: &[&str],
        lo: usize,
        hi: usize,
        cur: usize,
        row: u32,
        memo: &mut Vec<Option<Option<usize>>>,
    ) {
        let mut i = lo;
        while i < hi {
            let close = if texts.len() <= MAX_BRACKET_LINE && opener(texts[i]).is_some() {
                group_end(texts, i, memo, 0).filter(|&e| e < hi)
            } else {
                None
            };
            self.push(&toks[i], cur, row);
            match close {
                Some(e) => {
                    if e > i + 1 {
                        self.containers.push(Container { end: 0 });
                        let c = self.containers.len() - 1;
                        let first = self.atoms.len();
                        self.place(toks, texts, i + 1, e, c, row, memo);
                        self.containers[c].end = self.atoms.len();
                        self.atoms[first].opens = true;
                    }
                    self.push(&toks[e], cur, row);
                    i = e + 1;
                }
                None => i += 1,
            }
        }
    }

    fn push(&mut self, t: &Tok, container: usize, line: u32) {
        self.atoms.push(DAtom {
            start: t.start,
            end: t.end,
            line,
            word: t.kind == Kind::Word,
            container,
            block: None,
            opens: false,
        });
    }
}

/// Where the bracket opened at `p` closes on its line, if it does (nested pairs closed
/// properly; a bracket that does not close is plain punctuation).
fn group_end(
    texts: &[&str],
    p: usize,
    memo: &mut Vec<Option<Option<usize>>>,
    depth: usize,
) -> Option<usize> {
    if let Some(r) = memo[p] {
        return r;
    }
    let want = opener(texts[p])?;
    let mut j = p + 1;
    let mut r = None;
    while j < texts.len() {
        let t = texts[j];
        if opener(t).is_some() {
            j = match (depth < 256).then(|| group_end(texts, j, memo, depth + 1)) {
                Some(Some(e)) => e + 1,
                _ => j + 1,
            };
        } else if is_closer(t) {
            r = (t.as_bytes()[0] == want).then_some(j);
            break;
        } else {
            j += 1;
        }
    }
    memo[p] = Some(r);
    r
}

type Env = Vec<(Arc<str>, Span)>;

/// An ellipsis being matched: how far it may reach and what it skipped.
#[derive(Clone)]
struct Dots {
    max_line: u32,
    /// Start of the first skipped token, and end of the last (or where the ellipsis began).
    from: Option<usize>,
    to: usize,
    name: Option<Arc<str>>,
}

struct Matcher<'a> {
    doc: &'a Doc,
    text: &'a str,
    span: u32,
    steps: Cell<u64>,
}

impl Matcher<'_> {
    fn atom_text(&self, i: usize) -> &str {
        let a = &self.doc.atoms[i];
        &self.text[a.start..a.end]
    }

    /// Binds a `$...X` ellipsis to what it skipped; `None` if `X` is bound to other text.
    fn close(&self, dots: Option<&Dots>, env: &Env) -> Option<Env> {
        let Some(Dots {
            from,
            to,
            name: Some(name),
            ..
        }) = dots
        else {
            return Some(env.clone());
        };
        let span = Span::new(from.unwrap_or(*to), *to);
        self.bind(env, name, span)
    }

    fn bind(&self, env: &Env, name: &Arc<str>, span: Span) -> Option<Env> {
        let text = &self.text[span.start..span.end];
        match env.iter().find(|(n, _)| n == name) {
            Some((_, s)) => (&self.text[s.start..s.end] == text).then(|| env.clone()),
            None => {
                let mut e = env.clone();
                e.push((name.clone(), span));
                Some(e)
            }
        }
    }

    fn skip(&self, dots: &mut Dots, i: usize) {
        let a = &self.doc.atoms[i];
        dots.from.get_or_insert(a.start);
        dots.to = a.end;
    }

    /// Matches `pat` from token `i`, staying before token `end`. Returns the bindings and the
    /// end offset of the match. `root`: the pattern's top level, which may stop anywhere.
    #[allow(clippy::too_many_arguments)]
    fn seq(
        &self,
        pat: &[PNode],
        i: usize,
        end: usize,
        root: bool,
        dots: Option<Dots>,
        env: &Env,
        last: Option<usize>,
    ) -> Option<(Env, usize)> {
        self.steps.set(self.steps.get() + 1);
        if self.steps.get() > MAX_STEPS {
            return None;
        }
        let atoms = &self.doc.atoms;
        let last_end = last.map_or_else(|| atoms.get(i).map_or(0, |a| a.start), |l| atoms[l].end);
        let Some((head, rest)) = pat.split_first() else {
            let group_end = last.map_or(end, |l| self.doc.containers[atoms[l].container].end);
            return match dots {
                Some(mut d) => {
                    // Trailing dots take the rest of the block, within their reach.
                    let mut k = i;
                    while k < group_end.min(end) && atoms[k].line <= d.max_line {
                        self.skip(&mut d, k);
                        k += 1;
                    }
                    let stop = d.to.max(last_end);
                    Some((self.close(Some(&d), env)?, stop))
                }
                None if root || i >= group_end.min(end) => Some((env.clone(), last_end)),
                None => None,
            };
        };
        if let PNode::Dots(name) = head {
            let d = match dots {
                Some(mut d) => {
                    d.max_line = d.max_line.saturating_add(self.span);
                    d
                }
                None => Dots {
                    max_line: last
                        .map_or_else(|| atoms.get(i).map_or(0, |a| a.line), |l| atoms[l].line)
                        .saturating_add(self.span),
                    from: None,
                    to: last_end,
                    name: name.clone(),
                },
            };
            return self.seq(rest, i, end, root, Some(d), env, last);
        }
        let mut i = i;
        let mut dots = dots;
        loop {
            if i >= end {
                return (only_dots(pat) && root)
                    .then(|| self.close(dots.as_ref(), env).map(|e| (e, last_end)))
                    .flatten();
            }
            let a = &atoms[i];
            if dots.as_ref().is_some_and(|d| a.line > d.max_line) {
                return None;
            }
            if let Some(r) = self.here(head, rest, i, end, root, dots.as_ref(), env) {
                return Some(r);
            }
            match &mut dots {
                Some(d) => {
                    self.skip(d, i);
                    i += 1;
                }
                None => return None,
            }
            self.steps.set(self.steps.get() + 1);
            if self.steps.get() > MAX_STEPS {
                return None;
            }
        }
    }

    /// Matches `head` at token `i` exactly (no skipping), then the rest.
    #[allow(clippy::too_many_arguments)]
    fn here(
        &self,
        head: &PNode,
        rest: &[PNode],
        i: usize,
        end: usize,
        root: bool,
        dots: Option<&Dots>,
        env: &Env,
    ) -> Option<(Env, usize)> {
        let a = &self.doc.atoms[i];
        match head {
            PNode::Atom(t) => {
                if self.atom_text(i) != t.as_str() {
                    return None;
                }
                let env = self.close(dots, env)?;
                self.seq(rest, i + 1, end, root, None, &env, Some(i))
            }
            PNode::Mv(name) => {
                if !a.word {
                    return None;
                }
                let env = self.close(dots, env)?;
                let env = self.bind(&env, name, Span::new(a.start, a.end))?;
                self.seq(rest, i + 1, end, root, None, &env, Some(i))
            }
            PNode::Block(sub) => {
                let b = a.block?;
                let block_end = self.doc.containers[b].end.min(end);
                let env = self.close(dots, env)?;
                let (env, _) = self.seq(sub, i, block_end, false, None, &env, None)?;
                let last = block_end.checked_sub(1);
                self.seq(rest, block_end, end, root, None, &env, last)
            }
            PNode::Dots(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;
