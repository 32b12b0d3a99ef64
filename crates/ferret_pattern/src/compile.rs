//! Pattern compilation: from pattern text to a [`PNode`] tree.

use std::sync::{Arc, OnceLock};

use ferret_lang::{Language, ParseLimits, Syntax};
use tree_sitter::Node;

const MV: &str = "ferret_mv_";
const MVS: &str = "ferret_mvs_";
const ELLIPSIS: &str = "ferret_ellipsis";
const DEEP: &str = "ferret_deep";

/// A compiled pattern node.
#[derive(Debug, Clone, PartialEq)]
pub enum PNode {
    /// `$X`: binds any node; a name seen twice must bind equal code. `$_` binds nothing.
    Metavar(Arc<str>),
    /// `$...X`: binds a (possibly empty) sequence of arguments, statements or elements.
    SeqMetavar(Arc<str>),
    /// `(T $X)` or `($X : T)`: binds like `$X`, to code whose type is `T` (see
    /// `metavariable-type`).
    TypedMetavar {
        /// The name, without `$`.
        name: Arc<str>,
        /// The accepted types.
        types: Arc<[String]>,
    },
    /// `...`: any sequence (in a list), or anything (alone).
    Ellipsis,
    /// `<... P ...>`: P matches the node or any node inside it.
    Deep(Box<PNode>),
    /// `"..."`: any constant string literal.
    AnyString,
    /// A string literal; matches any string literal with the same content, whatever the quotes.
    Str(String),
    /// A dotted name such as `os.system`; also matches an alias of it made by an import.
    Chain {
        /// The name with `.` separators.
        canon: String,
        /// Its last segment.
        last: String,
    },
    /// A leaf token: keywords and operators compare by kind, names and literals by text.
    Token {
        /// tree-sitter kind id.
        kind: u16,
        /// Whether the token is a named node.
        named: bool,
        /// Its text.
        text: Box<str>,
    },
    /// A chain of one associative operator (`a && b && c`, `a | b | c`, PHP `a . b . c`),
    /// flattened: it matches the same operator's chain in the code, regrouped in any way, and
    /// for the bitwise operators (and `&&`/`||` under `commutative_boolop`) in any order.
    Assoc {
        /// Kind id of the binary node.
        kind: u16,
        /// Kind id of the operator token.
        op: u16,
        /// The operator is a boolean one (`&&`, `||`, `and`, `or`): commutative only when the
        /// rule asks for it.
        boolop: bool,
        /// The operator is commutative whatever the options (bitwise `&`, `|`, `^`).
        commutative: bool,
        /// The operands, left to right.
        operands: Vec<PNode>,
    },
    /// A plain import pattern: any import statement of this module (see `import_pat`).
    Import(String),
    /// An inner node with its significant children.
    Node {
        /// tree-sitter kind id.
        kind: u16,
        /// Children, without punctuation and comments.
        children: Vec<PNode>,
    },
}

/// The top of a compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternRoot {
    /// One node (an expression, a statement, a declaration...).
    Node(PNode),
    /// Several statements, matched against consecutive statements of one block.
    Seq(Vec<PNode>),
}

/// A compiled pattern for one language.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The language it was parsed as.
    pub lang: Language,
    /// The source text of the pattern.
    pub text: String,
    /// The compiled tree.
    pub root: PatternRoot,
    /// Identifiers and strings that any match must contain, for the prefilter.
    pub literals: Vec<String>,
    /// The rule's matching options.
    pub options: MatchOptions,
}

/// Semgrep's `options:` that change how a pattern matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOptions {
    /// `constant_propagation` (default on): a literal in the pattern also matches a variable
    /// that holds it, and an expression that folds to it.
    pub constant_propagation: bool,
    /// `symbolic_propagation` (default off): a variable also matches the expression last
    /// assigned to it.
    pub symbolic_propagation: bool,
    /// `commutative_boolop` (default off): `&&` and `||` chains match in any order.
    pub commutative_boolop: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            constant_propagation: true,
            symbolic_propagation: false,
            commutative_boolop: false,
        }
    }
}

/// Why a pattern did not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// The pattern is empty.
    #[error("pattern is empty")]
    Empty,
    /// The pattern is not valid code in the language.
    #[error("pattern does not parse as {lang}: {detail}")]
    Syntax {
        /// The language.
        lang: Language,
        /// What went wrong, e.g. the unparsable text.
        detail: String,
    },
    /// `<...` without its closing `...>`.
    #[error("unbalanced deep expression: `<...` has no matching `...>`")]
    UnbalancedDeep,
    /// A pattern made only of an ellipsis.
    #[error("a pattern cannot be only `...`")]
    OnlyEllipsis,
}

/// A set of node kind ids: a bitset, since the matcher asks it for nearly every node.
#[derive(Debug, Default, Clone)]
pub(crate) struct KindSet(Vec<u64>);

impl KindSet {
    pub(crate) fn insert(&mut self, id: u16) {
        let w = usize::from(id) / 64;
        if self.0.len() <= w {
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << (id % 64);
    }

    pub(crate) fn contains(&self, id: &u16) -> bool {
        self.0
            .get(usize::from(*id) / 64)
            .is_some_and(|w| (w >> (id % 64)) & 1 == 1)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The ids in the set, in order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = u16> + '_ {
        self.0.iter().enumerate().flat_map(|(w, bits)| {
            (0..64u16)
                .filter(move |b| (bits >> b) & 1 == 1)
                .map(move |b| w as u16 * 64 + b)
        })
    }
}

/// Kind-id sets for one language, derived from its [`Syntax`] names.
#[derive(Debug)]
pub(crate) struct Kinds {
    pub(crate) strings: KindSet,
    pub(crate) comments: KindSet,
    pub(crate) optional: KindSet,
    pub(crate) unordered: KindSet,
    pub(crate) kwargs: KindSet,
    pub(crate) parens: KindSet,
    pub(crate) expr_stmts: KindSet,
    pub(crate) blocks: KindSet,
    pub(crate) identifiers: KindSet,
    pub(crate) interpolations: KindSet,
    /// Binary expressions.
    pub(crate) binaries: KindSet,
    /// Number and boolean literals, which constant propagation folds.
    pub(crate) literals: KindSet,
}

pub(crate) fn kinds(lang: Language) -> &'static Kinds {
    static CACHE: [OnceLock<Kinds>; 13] = [const { OnceLock::new() }; 13];
    let idx = Language::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    CACHE[idx].get_or_init(|| {
        let ts = lang.ts_language();
        let syn = lang.syntax();
        let ids = |names: &[&str]| -> KindSet {
            let mut set = KindSet::default();
            for id in 0..ts.node_kind_count() as u16 {
                if let Some(name) = ts.node_kind_for_id(id)
                    && names.contains(&name)
                    && ts.node_kind_is_named(id)
                {
                    set.insert(id);
                }
            }
            set
        };
        let mut identifiers = KindSet::default();
        let mut interpolations = KindSet::default();
        for id in 0..ts.node_kind_count() as u16 {
            if !ts.node_kind_is_named(id) {
                continue;
            }
            let Some(name) = ts.node_kind_for_id(id) else {
                continue;
            };
            if name.ends_with("identifier")
                || matches!(name, "name" | "constant" | "word" | "variable_name")
            {
                identifiers.insert(id);
            }
            if name.contains("interpolation") || name == "template_substitution" {
                interpolations.insert(id);
            }
        }
        Kinds {
            strings: ids(syn.string_kinds),
            comments: ids(syn.comment_kinds),
            optional: ids(syn.optional_kinds),
            unordered: ids(syn.unordered_kinds),
            kwargs: ids(syn.keyword_arg_kinds),
            parens: ids(syn.paren_kinds),
            expr_stmts: ids(syn.expr_stmt_kinds),
            blocks: ids(syn.block_kinds),
            identifiers,
            interpolations,
            binaries: ids(syn.flow.binaries),
            literals: ids(&[
                syn.flow.integer_literals,
                syn.flow.true_literals,
                syn.flow.false_literals,
                syn.flow.boolean_literals,
            ]
            .concat()),
        }
    })
}

/// Anonymous tokens that never carry meaning for matching.
pub(crate) fn is_punct(kind: &str) -> bool {
    matches!(kind, "," | ";" | "(" | ")" | "{" | "}")
}

/// The children of `node` that matter for matching: no punctuation, comments or MISSING nodes.
pub(crate) fn significant_children<'t>(node: Node<'t>, kinds: &Kinds) -> Vec<Node<'t>> {
    let mut out = Vec::with_capacity(node.child_count() as usize);
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if child.is_missing() || kinds.comments.contains(&child.kind_id()) {
            continue;
        }
        if !child.is_named() && is_punct(child.kind()) {
            continue;
        }
        out.push(child);
    }
    out
}

/// The text of a string literal without its prefix letters and quotes.
pub(crate) fn string_content(text: &str) -> &str {
    let prefixed =
        text.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '@' || c == '$');
    let prefixed = prefixed.trim_start_matches('#');
    // Only a prefix that is followed by a quote is a string prefix (r"", b'', @"", $"").
    let t = if prefixed.starts_with(['"', '\'', '`']) {
        prefixed
    } else {
        text
    };
    for q in ["\"\"\"", "'''", "\"", "'", "`"] {
        if t.len() >= 2 * q.len() && t.starts_with(q) {
            let inner = &t[q.len()..];
            let inner = inner.trim_end_matches('#');
            if let Some(stripped) = inner.strip_suffix(q) {
                return stripped;
            }
        }
    }
    t
}

/// If `text` is a dotted name (`a.b.c`, `a::b`, `a->b`, `\A\B`), returns it with `.` separators.
pub(crate) fn chain_text(text: &str) -> Option<String> {
    // Most texts asked about are plain names: no separator, no chain, no allocation.
    if !text
        .bytes()
        .any(|c| matches!(c, b'.' | b':' | b'-' | b'\\'))
    {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut seg = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 {
            if !seg && c.is_ascii_digit() {
                return None;
            }
            seg = true;
            out.push(c as char);
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'.' || c == b'\\' {
            if !seg && (c != b'\\' || !out.is_empty()) {
                return None;
            }
            if !out.is_empty() {
                out.push('.');
            }
            seg = false;
            i += 1;
        } else if (c == b':' && bytes.get(i + 1) == Some(&b':'))
            || (c == b'-' && bytes.get(i + 1) == Some(&b'>'))
        {
            if !seg {
                return None;
            }
            out.push('.');
            seg = false;
            i += 2;
        } else {
            return None;
        }
    }
    if !seg || !out.contains('.') {
        return None;
    }
    if out.contains(|c: char| c >= '\u{80}') {
        // Keep byte-exact; still fine as a key.
    }
    Some(out)
}

struct Subst {
    text: String,
    /// (call range, inner range) of every `<... E ...>`, in the substituted text.
    deeps: Vec<((usize, usize), (usize, usize))>,
}

#[derive(Clone, Copy)]
enum EllipsisMode<'a> {
    Bare,
    Statement(&'a str),
    Splat,
    /// Java formal parameters: a `...` standing alone between `(` or `,` and `,` or `)` is a
    /// run of parameters (`void $M(..., @$A $T $P, ...)`), written as a parameter with a
    /// placeholder type and name ([`PARAM_ELLIPSIS`]); an ellipsis alone on its line is the
    /// statement form given.
    Params(&'a str),
}

/// The placeholder parameter that [`EllipsisMode::Params`] writes for `...` (type and name).
const PARAM_ELLIPSIS: &str = "ferret_ellipsis ferret_ellipsis";
/// [`PARAM_ELLIPSIS`] without its space, as `Conv::convert` sees it.
const PARAM_ELLIPSIS_SQUASHED: &str = "ferret_ellipsisferret_ellipsis";

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn string_quotes(lang: Language) -> &'static [u8] {
    match lang {
        Language::Python | Language::Php | Language::Ruby => b"\"'",
        Language::JavaScript | Language::TypeScript | Language::Tsx => b"\"'`",
        _ => b"\"",
    }
}

fn substitute(pat: &str, syn: &Syntax, mode: EllipsisMode<'_>) -> Result<Subst, CompileError> {
    let mut out = Subst {
        text: String::with_capacity(pat.len() * 2),
        deeps: Vec::new(),
    };
    subst_into(pat, syn, mode, &mut out)?;
    Ok(out)
}

fn subst_into(
    pat: &str,
    syn: &Syntax,
    mode: EllipsisMode<'_>,
    out: &mut Subst,
) -> Result<(), CompileError> {
    let b = pat.as_bytes();
    let quotes = string_quotes(syn.lang);
    let mut braces: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // Strings are copied verbatim.
        if quotes.contains(&c) || (c == b'\'' && is_char_literal(b, i)) {
            let end = skip_string(b, i);
            out.text.push_str(&pat[i..end]);
            i = end;
            continue;
        }
        if b[i..].starts_with(b"<...") {
            let close = find_deep_close(b, i + 4).ok_or(CompileError::UnbalancedDeep)?;
            let call_start = out.text.len();
            out.text.push_str(DEEP);
            out.text.push('(');
            let inner_start = out.text.len();
            subst_into(pat[i + 4..close].trim(), syn, mode, out)?;
            let inner_end = out.text.len();
            out.text.push(')');
            out.deeps
                .push(((call_start, out.text.len()), (inner_start, inner_end)));
            i = close + 4;
            continue;
        }
        if c == b'$' {
            if b[i + 1..].starts_with(b"...")
                && b.get(i + 4)
                    .is_some_and(|&d| d.is_ascii_uppercase() || d == b'_')
            {
                let end = scan_mv_name(b, i + 4);
                out.text.push_str(syn.sigil);
                out.text.push_str(MVS);
                out.text.push_str(&pat[i + 4..end]);
                i = end;
                continue;
            }
            if b.get(i + 1)
                .is_some_and(|&d| d.is_ascii_uppercase() || d == b'_')
                && !(syn.lang == Language::Php
                    && is_php_superglobal(&pat[i + 1..scan_mv_name(b, i + 1)]))
            {
                let end = scan_mv_name(b, i + 1);
                out.text.push_str(syn.sigil);
                out.text.push_str(MV);
                out.text.push_str(&pat[i + 1..end]);
                i = end;
                continue;
            }
        }
        if b[i..].starts_with(b"for (...)") || b[i..].starts_with(b"for(...)") {
            let len = if b[i + 3] == b' ' { 9 } else { 8 };
            out.text.push_str("for (");
            for k in 0..3 {
                if k > 0 {
                    out.text.push(';');
                }
                out.text.push_str(syn.sigil);
                out.text.push_str(ELLIPSIS);
            }
            out.text.push(')');
            i += len;
            continue;
        }
        if b[i..].starts_with(b"...") {
            let prev = if i > 0 { b[i - 1] } else { b' ' };
            let next = b.get(i + 3).copied().unwrap_or(b' ');
            let operator =
                !is_ident_byte(next) && next != b'$' && !is_ident_byte(prev) && prev != b')';
            if operator {
                let line_start = pat[..i].rfind('\n').map(|p| p + 1).unwrap_or(0);
                let line_end = pat[i..].find('\n').map(|p| p + i).unwrap_or(pat.len());
                let prev_ns = pat[..i].trim_end().chars().last();
                let next_ns = pat[i + 3..].trim_start().chars().next();
                let alone = pat[line_start..line_end].trim().trim_end_matches(';') == "..."
                    || (prev_ns == Some('{') && next_ns == Some('}'));
                match mode {
                    EllipsisMode::Statement(form) if alone => {
                        out.text.push_str(form);
                        i = if b.get(i + 3) == Some(&b';') {
                            i + 4
                        } else {
                            i + 3
                        };
                    }
                    EllipsisMode::Params(form) if alone => {
                        out.text.push_str(form);
                        i = if b.get(i + 3) == Some(&b';') {
                            i + 4
                        } else {
                            i + 3
                        };
                    }
                    EllipsisMode::Params(_)
                        if braces.last() == Some(&b'(')
                            && matches!(prev_ns, Some('(' | ','))
                            && matches!(next_ns, Some(')' | ','))
                            && crate::params::opens_parameters(pat, i) =>
                    {
                        out.text.push_str(PARAM_ELLIPSIS);
                        i += 3;
                    }
                    EllipsisMode::Splat if braces.last() == Some(&b'{') => {
                        out.text.push_str("**");
                        out.text.push_str(ELLIPSIS);
                        i += 3;
                    }
                    _ => {
                        out.text.push_str(syn.sigil);
                        out.text.push_str(ELLIPSIS);
                        i += 3;
                    }
                }
                continue;
            }
        }
        match c {
            b'(' | b'[' | b'{' => braces.push(c),
            b')' | b']' | b'}' => {
                braces.pop();
            }
            _ => {}
        }
        // Copy one UTF-8 character.
        let len = utf8_len(c);
        out.text.push_str(&pat[i..(i + len).min(pat.len())]);
        i += len;
    }
    Ok(())
}

/// PHP's superglobals look like metavariables but are code.
fn is_php_superglobal(name: &str) -> bool {
    matches!(
        name,
        "_GET"
            | "_POST"
            | "_REQUEST"
            | "_COOKIE"
            | "_SERVER"
            | "_FILES"
            | "_ENV"
            | "_SESSION"
            | "GLOBALS"
    )
}

fn utf8_len(c: u8) -> usize {
    match c {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

fn is_char_literal(b: &[u8], i: usize) -> bool {
    // 'x' or '\n' style; a lone quote (a Rust lifetime) is not a literal.
    (b.get(i + 2) == Some(&b'\'') && b.get(i + 1) != Some(&b'\\'))
        || (b.get(i + 1) == Some(&b'\\') && b[i + 2..].iter().take(8).any(|&c| c == b'\''))
}

fn skip_string(b: &[u8], start: usize) -> usize {
    let q = b[start];
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

fn scan_mv_name(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_uppercase() || b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    i
}

fn find_deep_close(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 1;
    while i + 3 < b.len() + 1 {
        if b[i..].starts_with(b"<...") {
            depth += 1;
            i += 4;
            continue;
        }
        if b[i..].starts_with(b"...>") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
            i += 4;
            continue;
        }
        i += 1;
    }
    None
}

struct Conv<'a> {
    lang: Language,
    src: &'a str,
    kinds: &'static Kinds,
    deeps: Vec<((usize, usize), (usize, usize))>,
}

impl Conv<'_> {
    fn text(&self, n: Node<'_>) -> &str {
        &self.src[n.start_byte()..n.end_byte()]
    }

    fn convert(&self, n: Node<'_>) -> PNode {
        let text = self.text(n);
        let squashed: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ';')
            .collect();
        let bare = squashed.trim_start_matches('$').trim_start_matches("**");
        let ell = bare.trim_end_matches("()");
        if ell == ELLIPSIS
            || ell == "intferret_ellipsis"
            || ell == "$ferret_ellipsis"
            || squashed == PARAM_ELLIPSIS_SQUASHED
        {
            return PNode::Ellipsis;
        }
        if let Some(name) = bare.strip_prefix(MVS)
            && is_mv_name(name)
        {
            return PNode::SeqMetavar(Arc::from(name));
        }
        if let Some(name) = bare.strip_prefix(MV)
            && is_mv_name(name)
        {
            return PNode::Metavar(Arc::from(name));
        }
        if let Some(&(_, inner)) = self
            .deeps
            .iter()
            .find(|((s, e), _)| *s == n.start_byte() && *e == n.end_byte())
            && let Some(inner_node) = find_node(n, inner.0, inner.1)
        {
            return PNode::Deep(Box::new(unwrap_single(inner_node, self)));
        }
        let kind = n.kind_id();
        if self.kinds.strings.contains(&kind) {
            let has_interp = {
                let mut c = n.walk();
                n.children(&mut c)
                    .any(|ch| self.kinds.interpolations.contains(&ch.kind_id()))
            };
            if !has_interp {
                let content = string_content(text);
                return if content == "..." {
                    PNode::AnyString
                } else {
                    PNode::Str(content.to_string())
                };
            }
        }
        if n.is_named()
            && !text.contains(MV)
            && !text.contains(ELLIPSIS)
            && let Some(canon) = chain_text(text)
        {
            let last = canon.rsplit('.').next().unwrap_or("").to_string();
            return PNode::Chain { canon, last };
        }
        if n.child_count() == 0 {
            return PNode::Token {
                kind,
                named: n.is_named(),
                text: text.into(),
            };
        }
        let children: Vec<PNode> = significant_children(n, self.kinds)
            .into_iter()
            .map(|c| self.convert(c))
            .collect();
        if let Some(assoc) = self.assoc(n, &children) {
            return assoc;
        }
        PNode::Node { kind, children }
    }

    /// `L op R` with an associative operator, flattened with the chains of the same operator
    /// among its operands.
    fn assoc(&self, n: Node<'_>, children: &[PNode]) -> Option<PNode> {
        let [
            l,
            PNode::Token {
                kind: op,
                named: false,
                text,
            },
            r,
        ] = children
        else {
            return None;
        };
        if !self.kinds.binaries.contains(&n.kind_id()) {
            return None;
        }
        let (boolop, commutative) = match &**text {
            "&&" | "||" | "and" | "or" => (true, false),
            "&" | "|" | "^" => (false, true),
            "." if self.lang == Language::Php => (false, false),
            _ => return None,
        };
        let mut operands = Vec::new();
        for side in [l, r] {
            match side {
                PNode::Assoc {
                    kind,
                    op: o,
                    operands: inner,
                    ..
                } if *kind == n.kind_id() && o == op => operands.extend(inner.iter().cloned()),
                other => operands.push(other.clone()),
            }
        }
        Some(PNode::Assoc {
            kind: n.kind_id(),
            op: *op,
            boolop,
            commutative,
            operands,
        })
    }
}

fn is_mv_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// The smallest node under `root` that spans exactly `[start, end)` after trimming, if any.
fn find_node(root: Node<'_>, start: usize, end: usize) -> Option<Node<'_>> {
    let mut node = root;
    'descend: loop {
        if node.start_byte() == start && node.end_byte() == end {
            // Prefer the outermost node with exactly this range; wrappers are unwrapped later.
            return Some(node);
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.start_byte() <= start && end <= child.end_byte() {
                node = child;
                continue 'descend;
            }
        }
        return None;
    }
}

fn count_errors(node: Node<'_>) -> usize {
    if !node.has_error() {
        return 0;
    }
    let mut count = 0;
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            count += 1;
            continue;
        }
        if n.has_error() {
            for c in n.children(&mut cursor) {
                stack.push(c);
            }
        }
    }
    count
}

impl Pattern {
    /// Compiles `text` as a pattern of `lang`.
    pub fn compile(lang: Language, text: &str) -> Result<Pattern, CompileError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(CompileError::Empty);
        }
        if trimmed == "..." {
            return Err(CompileError::OnlyEllipsis);
        }
        let source = trimmed;
        if let Some(module) = crate::import_pat::pattern_module(lang, trimmed) {
            return Ok(Pattern {
                lang,
                text: source.to_string(),
                literals: vec![module.rsplit(['.', '/']).next().unwrap_or("").to_string()]
                    .into_iter()
                    .filter(|l| l.len() >= 2)
                    .collect(),
                root: PatternRoot::Node(PNode::Import(module)),
                options: MatchOptions::default(),
            });
        }
        let typed = crate::types::strip_typed_metavars(trimmed);
        let trimmed = typed.text.as_str();
        let syn = lang.syntax();
        let mut modes: Vec<EllipsisMode<'_>> = syn
            .stmt_ellipsis
            .iter()
            .map(|f| EllipsisMode::Statement(f))
            .collect();
        modes.push(EllipsisMode::Bare);
        if lang == Language::Python {
            modes.push(EllipsisMode::Splat);
        }
        if lang == Language::Java
            && let Some(form) = syn.stmt_ellipsis.first()
        {
            modes.push(EllipsisMode::Params(form));
        }
        let limits = ParseLimits::default();
        let mut best: Option<(usize, String, Subst, usize, tree_sitter::Tree)> = None;
        'search: for mode in modes {
            let sub = substitute(trimmed, syn, mode)?;
            for (prefix, suffix) in syn.wrappers {
                let full = format!("{prefix}{}{suffix}", sub.text);
                let Ok(parsed) = ferret_lang::parse(lang, full.as_bytes(), &limits) else {
                    continue;
                };
                let errors = count_errors(parsed.tree.root_node());
                let better = best.as_ref().is_none_or(|(e, ..)| errors < *e);
                if better {
                    let sub_copy = Subst {
                        text: sub.text.clone(),
                        deeps: sub.deeps.clone(),
                    };
                    best = Some((errors, full, sub_copy, prefix.len(), parsed.tree));
                }
                if errors == 0 {
                    break 'search;
                }
            }
        }
        let Some((errors, full, sub, offset, tree)) = best else {
            return Err(CompileError::Syntax {
                lang,
                detail: "no parse".into(),
            });
        };
        if errors > 0 {
            return Err(CompileError::Syntax {
                lang,
                detail: format!("`{trimmed}` has {errors} syntax error(s)"),
            });
        }
        let start = offset;
        let end = offset + sub.text.len();
        let conv = Conv {
            lang,
            src: &full,
            kinds: kinds(lang),
            deeps: sub
                .deeps
                .iter()
                .map(|&((a, b), (c, d))| ((a + offset, b + offset), (c + offset, d + offset)))
                .collect(),
        };
        let root =
            extract(tree.root_node(), start, end, &conv).ok_or_else(|| CompileError::Syntax {
                lang,
                detail: format!(
                    "`{trimmed}` is not a complete expression, statement or declaration"
                ),
            })?;
        if matches!(root, PatternRoot::Node(PNode::Ellipsis)) {
            return Err(CompileError::OnlyEllipsis);
        }
        let root = if typed.types.is_empty() {
            root
        } else {
            match root {
                PatternRoot::Node(n) => PatternRoot::Node(retype(n, &typed.types)),
                PatternRoot::Seq(ns) => {
                    PatternRoot::Seq(ns.into_iter().map(|n| retype(n, &typed.types)).collect())
                }
            }
        };
        let mut literals = Vec::new();
        match &root {
            PatternRoot::Node(n) => collect_literals(n, &mut literals),
            PatternRoot::Seq(ns) => ns.iter().for_each(|n| collect_literals(n, &mut literals)),
        }
        literals.sort();
        literals.dedup();
        Ok(Pattern {
            lang,
            text: source.to_string(),
            root,
            literals,
            options: MatchOptions::default(),
        })
    }

    /// Node kinds at which this pattern can match, or `None` for any node.
    pub(crate) fn root_kinds(&self) -> Option<Vec<u16>> {
        let k = kinds(self.lang);
        match &self.root {
            PatternRoot::Seq(_) => Some(k.blocks.ids().collect()),
            PatternRoot::Node(n) => match n {
                PNode::Node { kind, .. }
                | PNode::Token { kind, .. }
                | PNode::Assoc { kind, .. } => {
                    let mut v = vec![*kind];
                    let ts = self.lang.ts_language();
                    let name = ts.node_kind_for_id(*kind);
                    if k.parens.contains(kind) || name == Some("for_statement") {
                        return None;
                    }
                    v.sort();
                    Some(v)
                }
                PNode::Import(_) => {
                    let ts = self.lang.ts_language();
                    let names = crate::import_pat::statement_kinds(self.lang);
                    Some(
                        (0..ts.node_kind_count() as u16)
                            .filter(|id| {
                                ts.node_kind_is_named(*id)
                                    && ts.node_kind_for_id(*id).is_some_and(|n| names.contains(&n))
                            })
                            .collect(),
                    )
                }
                PNode::Str(_) | PNode::AnyString => {
                    let mut v: Vec<u16> = k.strings.ids().collect();
                    if self.options.constant_propagation {
                        // Variables and concatenations may fold to the string.
                        v.extend(crate::constprop::foldable(self.lang).ids());
                        v.sort();
                        v.dedup();
                    }
                    Some(v)
                }
                _ => None,
            },
        }
    }
}

/// Locates the pattern's nodes inside the wrapped parse and converts them.
fn extract(root: Node<'_>, start: usize, end: usize, conv: &Conv<'_>) -> Option<PatternRoot> {
    let mut node = root;
    'descend: loop {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.start_byte() <= start && end <= child.end_byte() {
                node = child;
                continue 'descend;
            }
        }
        break;
    }
    let kinds = conv.kinds;
    if node.start_byte() == start
        && node.end_byte() == end
        && !kinds.blocks.contains(&node.kind_id())
    {
        return Some(PatternRoot::Node(unwrap_single(node, conv)));
    }
    let inside: Vec<Node<'_>> = significant_children(node, kinds)
        .into_iter()
        .filter(|c| c.start_byte() >= start && c.end_byte() <= end)
        .collect();
    match inside.len() {
        0 => None,
        1 => Some(PatternRoot::Node(unwrap_single(inside[0], conv))),
        _ => Some(PatternRoot::Seq(
            inside.into_iter().map(|c| conv.convert(c)).collect(),
        )),
    }
}

/// A lone expression statement stands for its expression, so that `foo($X)` matches calls
/// anywhere, not only calls used as statements.
fn unwrap_single(mut node: Node<'_>, conv: &Conv<'_>) -> PNode {
    loop {
        if conv.kinds.expr_stmts.contains(&node.kind_id()) {
            let named: Vec<Node<'_>> = significant_children(node, conv.kinds)
                .into_iter()
                .filter(|c| c.is_named())
                .collect();
            if named.len() == 1 {
                node = named[0];
                continue;
            }
        }
        if node.named_child_count() == 1
            && let Some(child) = node.named_child(0)
            && child.start_byte() == node.start_byte()
            && child.end_byte() == node.end_byte()
        {
            node = child;
            continue;
        }
        break;
    }
    conv.convert(node)
}

/// Gives the metavariables of typed ones (`(T $X)`) their types.
fn retype(n: PNode, types: &[(String, String)]) -> PNode {
    match n {
        PNode::Metavar(name) => {
            let ts: Vec<String> = types
                .iter()
                .filter(|(n, _)| **n == *name)
                .map(|(_, t)| t.clone())
                .collect();
            if ts.is_empty() {
                PNode::Metavar(name)
            } else {
                PNode::TypedMetavar {
                    name,
                    types: ts.into(),
                }
            }
        }
        PNode::Node { kind, children } => PNode::Node {
            kind,
            children: children.into_iter().map(|c| retype(c, types)).collect(),
        },
        PNode::Deep(inner) => PNode::Deep(Box::new(retype(*inner, types))),
        PNode::Assoc {
            kind,
            op,
            boolop,
            commutative,
            operands,
        } => PNode::Assoc {
            kind,
            op,
            boolop,
            commutative,
            operands: operands.into_iter().map(|c| retype(c, types)).collect(),
        },
        other => other,
    }
}

fn collect_literals(n: &PNode, out: &mut Vec<String>) {
    match n {
        PNode::Token {
            named: true, text, ..
        } => {
            let t = text.trim_start_matches('$');
            if t.len() >= 2 && t.bytes().all(|b| is_ident_byte(b) || b >= 0x80) {
                out.push(t.to_string());
            }
        }
        PNode::Chain { last, .. } => {
            let t = last.trim_start_matches('$');
            if !t.is_empty() {
                out.push(t.to_string());
            }
        }
        PNode::Str(s) if s.len() >= 3 && !s.contains('\\') => out.push(s.clone()),
        PNode::Node { children, .. }
        | PNode::Assoc {
            operands: children, ..
        } => children.iter().for_each(|c| collect_literals(c, out)),
        PNode::Deep(inner) => collect_literals(inner, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(lang: Language, text: &str) -> PatternRoot {
        Pattern::compile(lang, text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .root
    }

    #[test]
    fn metavariables_and_ellipses_become_operators() {
        let PatternRoot::Node(PNode::Node { children, .. }) =
            root(Language::Python, "foo($X, ...)")
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
        let PatternRoot::Node(PNode::Node { children, .. }) =
            root(Language::Python, "os.system($X)")
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
}
