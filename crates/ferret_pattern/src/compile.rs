//! Pattern compilation: from pattern text to a [`PNode`] tree.

use std::sync::{Arc, OnceLock};

use ferret_lang::Language;
use tree_sitter::Node;

use crate::search::{Parsed, parse_best};
use crate::subst::{EllipsisMode, HoleKind, PARAM_ELLIPSIS_SQUASHED, is_ident_byte};

pub(crate) const MV: &str = "ferret_mv_";
pub(crate) const MVS: &str = "ferret_mvs_";
pub(crate) const ELLIPSIS: &str = "ferret_ellipsis";
pub(crate) const DEEP: &str = "ferret_deep";

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
    /// `"=~/REGEX/"`: a constant string whose content the regex finds a match in.
    StrRegex(Arc<StrRegex>),
    /// A string literal; matches any string literal with the same content, whatever the quotes.
    Str(String),
    /// `"$X"`: any constant string; `$X` binds its content (a string literal's text between
    /// the quotes, or the code that folds to a constant string).
    StrMetavar(Arc<str>),
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

/// The regex of a `"=~/REGEX/flags"` pattern string.
#[derive(Debug)]
pub struct StrRegex {
    /// The regex as written between the slashes, with its flags as an inline group.
    pub source: String,
    pub(crate) regex: crate::TextRegex,
}

impl PartialEq for StrRegex {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl StrRegex {
    /// The regex of a string literal's content written `=~/REGEX/flags`, if it is one and
    /// compiles.
    fn parse(content: &str) -> Option<StrRegex> {
        let body = content.strip_prefix("=~/")?;
        let close = body.rfind('/')?;
        let flags = &body[close + 1..];
        if !flags
            .bytes()
            .all(|f| matches!(f, b'i' | b'm' | b's' | b'x'))
        {
            return None;
        }
        let source = if flags.is_empty() {
            body[..close].to_string()
        } else {
            format!("(?{flags}){}", &body[..close])
        };
        let regex = crate::TextRegex::new(&source).ok()?;
        Some(StrRegex { source, regex })
    }
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
    /// Identifiers that any match must contain, for the prefilter.
    pub literals: Vec<String>,
    /// String contents of the pattern: a match contains them unless constant propagation
    /// folds them from other text (`"a" + "b"` for `"ab"`); see [`Pattern::prefilter_literals`].
    pub strings: Vec<String>,
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
    /// Declarators of declarations that may declare several names.
    pub(crate) declarators: KindSet,
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
            declarators: ids(syn.declarator_kinds),
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

struct Conv<'a> {
    lang: Language,
    src: &'a str,
    kinds: &'static Kinds,
    deeps: Vec<((usize, usize), (usize, usize))>,
    /// Every hole's range in `src` and what it stands for.
    holes: Vec<(usize, usize, HoleKind)>,
}

impl Conv<'_> {
    fn text(&self, n: Node<'_>) -> &str {
        &self.src[n.start_byte()..n.end_byte()]
    }

    fn convert(&self, n: Node<'_>) -> PNode {
        // A hole's node, or a statement made of it and its `;`.
        let (ns, ne) = (n.start_byte(), n.end_byte());
        if let Some((.., kind)) = self.holes.iter().find(|(s, e, _)| {
            *s == ns && (*e == ne || (*e + 1 == ne && self.src.as_bytes()[*e] == b';'))
        }) {
            return match kind {
                HoleKind::Ellipsis => PNode::Ellipsis,
                HoleKind::Metavar(name) => PNode::Metavar(Arc::from(name.as_str())),
                HoleKind::SeqMetavar(name) => PNode::SeqMetavar(Arc::from(name.as_str())),
            };
        }
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
                if let Some(re) = StrRegex::parse(content) {
                    return PNode::StrRegex(Arc::new(re));
                }
                if let Some(name) = content.strip_prefix('$').filter(|n| is_mv_name(n)) {
                    return PNode::StrMetavar(Arc::from(name));
                }
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
        if n.child_count() == 0
            && let Some(p) = self.string_piece(n, text)
        {
            return p;
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

    /// A literal piece of an interpolated string that is an operator: `...` (any text and
    /// interpolations), `$X` or `$...X`.
    fn string_piece(&self, n: Node<'_>, text: &str) -> Option<PNode> {
        if !n
            .parent()
            .is_some_and(|p| self.kinds.strings.contains(&p.kind_id()))
        {
            return None;
        }
        let t = text.trim();
        if t == "..." {
            return Some(PNode::Ellipsis);
        }
        if let Some(name) = t.strip_prefix("$...")
            && is_mv_name(name)
        {
            return Some(PNode::SeqMetavar(Arc::from(name)));
        }
        t.strip_prefix('$')
            .filter(|name| is_mv_name(name))
            .map(|name| PNode::Metavar(Arc::from(name)))
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

/// `text` without the comments it starts with: they say nothing about the code to match, and a
/// comment before the first statement would otherwise be part of the pattern's range.
fn strip_leading_comments(lang: Language, text: &str) -> &str {
    let mut rest = text;
    while let Some(end) = crate::subst::comment_end(lang, rest.as_bytes(), 0) {
        rest = rest[end..].trim_start();
    }
    rest
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

impl Pattern {
    /// Compiles `text` as a pattern of `lang`.
    pub fn compile(lang: Language, text: &str) -> Result<Pattern, CompileError> {
        let trimmed = strip_leading_comments(lang, text.trim());
        if trimmed.is_empty() {
            return Err(CompileError::Empty);
        }
        if trimmed.trim_end_matches(';') == "..." {
            return Ok(Pattern::lone_ellipsis(lang, trimmed));
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
                strings: Vec::new(),
                options: MatchOptions::default(),
            });
        }
        let typed = crate::types::strip_typed_metavars(lang, trimmed);
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
        let Some(Parsed {
            errors,
            full,
            sub,
            offset,
            tree,
            pat_end,
        }) = parse_best(lang, trimmed, &modes)?
        else {
            return Err(CompileError::Syntax {
                lang,
                detail: "no parse".into(),
            });
        };
        if errors.0 > 0 {
            return Err(CompileError::Syntax {
                lang,
                detail: format!("`{trimmed}` has {} syntax error(s)", errors.0),
            });
        }
        let start = offset;
        let end = offset + pat_end;
        let conv = Conv {
            lang,
            src: &full,
            kinds: kinds(lang),
            deeps: sub
                .deeps
                .iter()
                .map(|&((a, b), (c, d))| ((a + offset, b + offset), (c + offset, d + offset)))
                .collect(),
            holes: sub
                .holes
                .iter()
                .map(|h| (h.start + offset, h.end + offset, h.kind.clone()))
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
            return Ok(Pattern::lone_ellipsis(lang, source));
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
        let mut lits = Literals::default();
        match &root {
            PatternRoot::Node(n) => collect_literals(n, &mut lits),
            PatternRoot::Seq(ns) => ns.iter().for_each(|n| collect_literals(n, &mut lits)),
        }
        for v in [&mut lits.names, &mut lits.strings] {
            v.sort();
            v.dedup();
        }
        Ok(Pattern {
            lang,
            text: source.to_string(),
            root,
            literals: lits.names,
            strings: lits.strings,
            options: MatchOptions::default(),
        })
    }

    /// What any file this pattern matches in must contain, for the prefilter: its names, and
    /// its string contents unless constant propagation may fold them from other text.
    pub fn prefilter_literals(&self) -> Vec<String> {
        let mut out = self.literals.clone();
        if !self.options.constant_propagation {
            out.extend(self.strings.iter().cloned());
        }
        out
    }

    /// A pattern that is only `...`: it matches every statement or declaration (and, under
    /// `metavariable-pattern`, the bound code itself).
    fn lone_ellipsis(lang: Language, text: &str) -> Pattern {
        Pattern {
            lang,
            text: text.to_string(),
            root: PatternRoot::Node(PNode::Ellipsis),
            literals: Vec::new(),
            strings: Vec::new(),
            options: MatchOptions::default(),
        }
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
                    for alias in crate::kind_alias::target_kinds(self.lang, name.unwrap_or("")) {
                        v.push(ts.id_for_node_kind(alias, true));
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
                PNode::Str(_) | PNode::AnyString | PNode::StrRegex(_) | PNode::StrMetavar(_) => {
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
            // A keyword that is the whole statement (Python's `return`) stands for the
            // statement, which in the code may hold more (`return 1`).
            let keyword = !child.is_named() && child.child_count() == 0;
            if child.start_byte() <= start && end <= child.end_byte() && !keyword {
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

/// The text a pattern's matches contain: names, and string contents.
#[derive(Default)]
struct Literals {
    names: Vec<String>,
    strings: Vec<String>,
}

fn collect_literals(n: &PNode, out: &mut Literals) {
    match n {
        PNode::Token {
            named: true, text, ..
        } => {
            let t = text.trim_start_matches('$');
            if t.len() >= 2 && t.bytes().all(|b| is_ident_byte(b) || b >= 0x80) {
                out.names.push(t.to_string());
            }
        }
        PNode::Chain { last, .. } => {
            let t = last.trim_start_matches('$');
            if !t.is_empty() {
                out.names.push(t.to_string());
            }
        }
        PNode::Str(s) if s.len() >= 3 && !s.contains('\\') => out.strings.push(s.clone()),
        PNode::Node { children, .. }
        | PNode::Assoc {
            operands: children, ..
        } => children.iter().for_each(|c| collect_literals(c, out)),
        PNode::Deep(inner) => collect_literals(inner, out),
        _ => {}
    }
}

#[cfg(test)]
#[path = "compile_tests.rs"]
mod tests;
