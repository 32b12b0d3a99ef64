//! Structural matching of [`PNode`] trees against tree-sitter nodes, in continuation-passing
//! style so that every way a pattern can match is explored, and the one-traversal plan that
//! dispatches many patterns by node kind.

use std::cell::{Cell, OnceCell};
use std::sync::Arc;

use ferret_core::Span;
use ferret_lang::Language;
use tree_sitter::{Node, Tree};

use crate::compile::{
    Kinds, MatchOptions, PNode, Pattern, PatternRoot, chain_text, kinds, significant_children,
    string_content,
};
use crate::constprop::{self, Const, Def, Values};
use crate::{Binding, Bindings, Match};
use ferret_lang::imports::{self, Aliases};

/// The most matches kept for one pattern at one node (different metavariable bindings).
const MAX_MATCHES_PER_NODE: usize = 64;

/// A limit on matching work per file, in matcher steps.
#[derive(Debug, Clone, Copy)]
pub struct MatchBudget {
    /// Steps allowed for one file; a step is one pattern-node/tree-node comparison.
    pub steps: u64,
}

impl Default for MatchBudget {
    fn default() -> Self {
        MatchBudget { steps: 50_000_000 }
    }
}

pub(crate) type Env<'t> = Bindings<'t>;
pub(crate) type K<'k, 't> = &'k mut dyn FnMut(&mut Env<'t>) -> bool;

/// Matching state for one file.
pub(crate) struct Ctx<'a, 't> {
    pub(crate) src: &'a [u8],
    /// `src` as text, when it is valid UTF-8 (checked once, not per node).
    text: Option<&'a str>,
    pub(crate) kinds: &'static Kinds,
    lang: Language,
    root: Node<'t>,
    aliases: OnceCell<Aliases>,
    /// Constant and symbolic values of variable uses, computed on first need.
    values: OnceCell<Values<'t>>,
    /// The options of the pattern being matched.
    pub(crate) opts: Cell<MatchOptions>,
    /// Node kinds that may fold to a constant (names, concatenations, parentheses).
    foldable: &'static crate::compile::KindSet,
    steps: Cell<u64>,
    budget: u64,
}

impl<'a, 't> Ctx<'a, 't> {
    pub(crate) fn new(lang: Language, root: Node<'t>, src: &'a [u8], budget: MatchBudget) -> Self {
        Ctx {
            src,
            text: std::str::from_utf8(src).ok(),
            kinds: kinds(lang),
            lang,
            root,
            aliases: OnceCell::new(),
            values: OnceCell::new(),
            opts: Cell::new(MatchOptions::default()),
            foldable: constprop::foldable(lang),
            steps: Cell::new(0),
            budget: budget.steps,
        }
    }

    pub(crate) fn exhausted(&self) -> bool {
        self.steps.get() >= self.budget
    }

    /// Counts a step; true when the budget is spent.
    fn tick(&self) -> bool {
        let s = self.steps.get() + 1;
        self.steps.set(s);
        s >= self.budget
    }

    fn text(&self, n: Node<'_>) -> &'a str {
        let range = n.start_byte()..n.end_byte();
        if let Some(t) = self.text.and_then(|t| t.get(range.clone())) {
            return t;
        }
        std::str::from_utf8(self.src.get(range).unwrap_or_default()).unwrap_or("")
    }

    fn resolve(&self, name: &str) -> Option<String> {
        let aliases = self
            .aliases
            .get_or_init(|| imports::collect(self.lang, self.root, self.src));
        let (head, rest) = match name.find('.') {
            Some(i) => (&name[..i], Some(&name[i..])),
            None => (name, None),
        };
        let full = aliases.get(head)?;
        Some(match rest {
            Some(r) => format!("{full}{r}"),
            None => full.clone(),
        })
    }

    fn values(&self) -> &Values<'t> {
        self.values
            .get_or_init(|| Values::build(self.lang, self.root, self.src))
    }

    /// The constant `t` folds to, when constant propagation is on and `t` is a variable or a
    /// concatenation.
    fn folded(&self, t: Node<'t>) -> Option<Const<'a>> {
        if !self.opts.get().constant_propagation {
            return None;
        }
        let tk = t.kind_id();
        let interpolated = self.kinds.strings.contains(&tk) && !self.is_string(t);
        if !self.foldable.contains(&tk) && !interpolated {
            return None;
        }
        self.values().eval(self.lang, self.src, t)
    }

    /// With symbolic propagation, the expression a variable use holds.
    pub(crate) fn symbolic(&self, t: Node<'t>) -> Option<Node<'t>> {
        if !self.opts.get().symbolic_propagation || !self.kinds.identifiers.contains(&t.kind_id()) {
            return None;
        }
        match self.values().def(t)? {
            Def::Expr(e) => Some(e),
            Def::AnyStr => None,
        }
    }

    fn is_string(&self, t: Node<'_>) -> bool {
        if !self.kinds.strings.contains(&t.kind_id()) {
            return false;
        }
        constprop::interpolations(self.lang, t).is_some_and(|parts| parts.is_empty())
    }

    pub(crate) fn bind(
        &self,
        name: &Arc<str>,
        b: Binding<'t>,
        env: &mut Env<'t>,
        k: K<'_, 't>,
    ) -> bool {
        if name.as_ref() == "_" {
            return k(env);
        }
        if let Some((_, old)) = env.iter().find(|(n, _)| n == name) {
            return if crate::same_code(self.src, old, &b) || self.same_constant(old, &b) {
                k(env)
            } else {
                false
            };
        }
        env.push((name.clone(), b));
        let r = k(env);
        env.pop();
        r
    }

    /// PHP literals are case-insensitive: `FALSE` is `false`, `0X1F` is `0x1f`.
    fn php_literal_eq(&self, kind: u16, a: &str, b: &str) -> bool {
        self.lang == Language::Php
            && self.kinds.literals.contains(&kind)
            && a.eq_ignore_ascii_case(b)
    }

    /// With constant propagation, whether two bound nodes fold to the same known constant
    /// (`x === "a"` where `x` holds `"a"` binds `$X === $X`).
    fn same_constant(&self, a: &Binding<'t>, b: &Binding<'t>) -> bool {
        if !self.opts.get().constant_propagation {
            return false;
        }
        let (Some(x), Some(y)) = (a.node, b.node) else {
            return false;
        };
        let fold = |n: Node<'t>| {
            let foldable = self.foldable.contains(&n.kind_id())
                || self.kinds.strings.contains(&n.kind_id())
                || self.kinds.literals.contains(&n.kind_id());
            if foldable {
                self.values().eval(self.lang, self.src, n)
            } else {
                None
            }
        };
        match (fold(x), fold(y)) {
            (Some(Const::Str(p)), Some(Const::Str(q))) => p == q,
            (Some(Const::Lit(pk, pt)), Some(Const::Lit(qk, qt))) => pk == qk && pt == qt,
            _ => false,
        }
    }

    /// Binds each metavariable of `list` to its node, then calls `k`.
    fn bind_nodes(&self, list: &[(Arc<str>, Node<'t>)], env: &mut Env<'t>, k: K<'_, 't>) -> bool {
        let Some(((name, node), rest)) = list.split_first() else {
            return k(env);
        };
        let b = Binding {
            span: Span::new(node.start_byte(), node.end_byte()),
            node: Some(*node),
        };
        self.bind(name, b, env, &mut |env| self.bind_nodes(rest, env, k))
    }

    /// Matches `p` against `t`; calls `k` for every way it matches until `k` returns true.
    pub(crate) fn m(&self, p: &PNode, t: Node<'t>, env: &mut Env<'t>, k: K<'_, 't>) -> bool {
        if self.tick() {
            return true;
        }
        let tk = t.kind_id();
        if self.kinds.parens.contains(&tk)
            && !matches!(p, PNode::Node { kind, .. } if *kind == tk)
            && !matches!(p, PNode::Ellipsis | PNode::Deep(_))
            && let Some(inner) = self.single_named_child(t)
        {
            return self.m(p, inner, env, k);
        }
        match p {
            PNode::Ellipsis => k(env),
            PNode::TypedMetavar { name, types } => {
                if !t.is_named() || crate::types::is_declared_name(t) {
                    return false;
                }
                let b = Binding {
                    span: Span::new(t.start_byte(), t.end_byte()),
                    node: Some(t),
                };
                let (with_mv, plain): (Vec<String>, Vec<String>) =
                    types.iter().cloned().partition(|ty| ty.contains('$'));
                if !plain.is_empty()
                    && crate::types::has_type(self.src, t, &plain)
                    && self.bind(name, b, env, k)
                {
                    return true;
                }
                let resolve = |s: &str| self.resolve(s);
                with_mv.iter().any(|ty| {
                    crate::type_mv::bindings(self.src, t, ty, &resolve)
                        .iter()
                        .any(|way| self.bind_nodes(way, env, &mut |env| self.bind(name, b, env, k)))
                })
            }
            PNode::Metavar(name) | PNode::SeqMetavar(name) => {
                if !t.is_named() {
                    return false;
                }
                let b = Binding {
                    span: Span::new(t.start_byte(), t.end_byte()),
                    node: Some(t),
                };
                self.bind(name, b, env, k)
            }
            PNode::Deep(inner) => {
                let mut stack = vec![t];
                let mut cursor = t.walk();
                while let Some(n) = stack.pop() {
                    if self.m(inner, n, env, k) {
                        return true;
                    }
                    let before = stack.len();
                    for c in n.named_children(&mut cursor) {
                        stack.push(c);
                    }
                    stack[before..].reverse();
                }
                false
            }
            PNode::Import(module) => {
                crate::import_pat::imports(self.lang, self.src, t, module) && k(env)
            }
            PNode::StrRegex(re) => {
                let found = if self.is_string(t) && !self.foldable.contains(&tk) {
                    re.regex.is_match(string_content(self.text(t)))
                } else {
                    matches!(self.folded(t), Some(Const::Str(c)) if re.regex.is_match(c.as_ref()))
                };
                found && k(env)
            }
            PNode::StrMetavar(name) => {
                let span = if self.is_string(t) && !self.foldable.contains(&tk) {
                    let text = self.text(t);
                    let content = string_content(text);
                    let at = t.start_byte() + (content.as_ptr() as usize - text.as_ptr() as usize);
                    Span::new(at, at + content.len())
                } else if matches!(self.folded(t), Some(Const::Str(_))) {
                    Span::new(t.start_byte(), t.end_byte())
                } else {
                    return false;
                };
                self.bind(name, Binding { span, node: None }, env, k)
            }
            PNode::AnyString => {
                if self.is_string(t)
                    || matches!(self.folded(t), Some(Const::Str(_) | Const::AnyStr))
                {
                    k(env)
                } else {
                    false
                }
            }
            PNode::Str(s) => {
                if (self.is_string(t)
                    && !self.foldable.contains(&tk)
                    && string_content(self.text(t)) == s)
                    || matches!(self.folded(t), Some(Const::Str(c)) if c == s.as_str())
                {
                    k(env)
                } else {
                    false
                }
            }
            PNode::Chain { canon, last } => {
                if !t.is_named() {
                    return false;
                }
                let text = self.text(t);
                // A dotted name keeps its last segment through alias resolution, so a node
                // whose text does not end with it cannot match (most nodes tested here).
                if !self.kinds.identifiers.contains(&tk) && !text.trim_end().ends_with(&**last) {
                    return false;
                }
                let ok = match chain_text(text) {
                    Some(tc) => tc == *canon || self.resolve(&tc).is_some_and(|r| r == *canon),
                    None => {
                        self.kinds.identifiers.contains(&tk)
                            && self.resolve(text).is_some_and(|r| r == *canon)
                    }
                };
                if ok {
                    return k(env);
                }
                match self.symbolic(t) {
                    Some(e) => self.m(p, e, env, k),
                    None => false,
                }
            }
            PNode::Token { kind, named, text } => {
                if t.child_count() != 0 && !self.kinds.identifiers.contains(&tk) {
                    return false;
                }
                let ok = if *named {
                    (self.text(t) == &**text
                        || self.php_literal_eq(*kind, self.text(t), text)
                        || (matches!(self.lang, Language::C | Language::Cpp)
                            && self.kinds.identifiers.contains(&tk)
                            && self.resolve(self.text(t)).is_some_and(|r| r == **text)))
                        && (tk == *kind
                            || (self.kinds.identifiers.contains(&tk)
                                && self.kinds.identifiers.contains(kind)))
                } else {
                    tk == *kind
                };
                let ok = ok
                    || (*named
                        && self.kinds.literals.contains(kind)
                        && matches!(self.folded(t), Some(Const::Lit(lk, lt))
                            if lk == *kind && (lt == &**text || self.php_literal_eq(lk, lt, text))));
                if ok { k(env) } else { false }
            }
            PNode::Assoc { .. } => self.m_assoc(p, t, env, k),
            PNode::Node { kind, children } => {
                if tk != *kind {
                    if let Some(e) = self.symbolic(t) {
                        return self.m(p, e, env, k);
                    }
                    if let Some(pk) = self.root.language().node_kind_for_id(*kind)
                        && let Some(tc) =
                            crate::kind_alias::children_as(self.lang, self.kinds, pk, t)
                    {
                        return self.m_children(*kind, children, &tc, env, k);
                    }
                    return self.any_loop(*kind, children, t, env, k);
                }
                let tc = significant_children(t, self.kinds);
                if let Some(split) = self.one_declarator_each(children, &tc) {
                    return split
                        .iter()
                        .any(|tc| self.m_children(*kind, children, tc, env, k));
                }
                self.m_children(*kind, children, &tc, env, k)
            }
        }
    }

    /// `for (...) BODY` matches every kind of for loop (counted, for-each, for-in).
    fn any_loop(
        &self,
        kind: u16,
        ps: &[PNode],
        t: Node<'t>,
        env: &mut Env<'t>,
        k: K<'_, 't>,
    ) -> bool {
        let ts = self.root.language();
        let (Some(pk), tk) = (ts.node_kind_for_id(kind), t.kind()) else {
            return false;
        };
        if pk != "for_statement" || !tk.contains("for") || tk == "for_statement" {
            return false;
        }
        let Some((body, header)) = ps.split_last() else {
            return false;
        };
        if !header
            .iter()
            .all(|p| matches!(p, PNode::Ellipsis | PNode::Token { named: false, .. }))
        {
            return false;
        }
        let Some(tbody) = significant_children(t, self.kinds).last().copied() else {
            return false;
        };
        self.m(body, tbody, env, k)
    }

    /// A pattern declaring one name against a declaration of several (`var a = 1, b = f()`):
    /// the declaration's children once per declarator, with the other declarators left out,
    /// so that the pattern matches each declarator as if it were declared alone.
    fn one_declarator_each(&self, ps: &[PNode], ts: &[Node<'t>]) -> Option<Vec<Vec<Node<'t>>>> {
        if self.kinds.declarators.is_empty() {
            return None;
        }
        let is_decl = |t: &Node<'t>| self.kinds.declarators.contains(&t.kind_id());
        let in_pattern = ps
            .iter()
            .filter(
                |p| matches!(p, PNode::Node { kind, .. } if self.kinds.declarators.contains(kind)),
            )
            .count();
        let declared: Vec<usize> = (0..ts.len()).filter(|&i| is_decl(&ts[i])).collect();
        if in_pattern != 1 || declared.len() < 2 || ps.contains(&PNode::Ellipsis) {
            return None;
        }
        Some(
            declared
                .iter()
                .map(|&keep| {
                    (0..ts.len())
                        .filter(|&i| i == keep || !is_decl(&ts[i]))
                        .map(|i| ts[i])
                        .collect()
                })
                .collect(),
        )
    }

    pub(crate) fn single_named_child(&self, t: Node<'t>) -> Option<Node<'t>> {
        let mut c = t.walk();
        let mut named = t
            .named_children(&mut c)
            .filter(|n| !self.kinds.comments.contains(&n.kind_id()));
        let first = named.next()?;
        if named.next().is_some() {
            return None;
        }
        Some(first)
    }

    fn m_children(
        &self,
        kind: u16,
        ps: &[PNode],
        ts: &[Node<'t>],
        env: &mut Env<'t>,
        k: K<'_, 't>,
    ) -> bool {
        if self.kinds.unordered.contains(&kind) {
            let ps: Vec<&PNode> = ps.iter().filter(|p| **p != PNode::Ellipsis).collect();
            return self.unordered(&ps, ts, 0, true, ts.len(), env, k);
        }
        if let Some((at_p, at_t)) = self.python_import_names(kind, ps, ts) {
            // `from m import a, b`: the names in any order, among others.
            let names: Vec<&PNode> = ps[at_p + 1..]
                .iter()
                .filter(|p| **p != PNode::Ellipsis)
                .collect();
            let tnames = &ts[at_t + 1..];
            return self.ml(&ps[..=at_p], &ts[..=at_t], env, &mut |env| {
                self.unordered(&names, tnames, 0, true, tnames.len(), env, k)
            });
        }
        let is_kw =
            |p: &PNode| matches!(p, PNode::Node { kind, .. } if self.kinds.kwargs.contains(kind));
        if !self.kinds.kwargs.is_empty() && ps.iter().any(is_kw) {
            let has_ellipsis = ps
                .iter()
                .any(|p| matches!(p, PNode::Ellipsis | PNode::SeqMetavar(_)));
            let pos_p: Vec<PNode> = ps.iter().filter(|p| !is_kw(p)).cloned().collect();
            let kw_p: Vec<&PNode> = ps.iter().filter(|p| is_kw(p)).collect();
            let pos_t: Vec<Node<'t>> = ts
                .iter()
                .copied()
                .filter(|t| !self.kinds.kwargs.contains(&t.kind_id()))
                .collect();
            let kw_t: Vec<Node<'t>> = ts
                .iter()
                .copied()
                .filter(|t| self.kinds.kwargs.contains(&t.kind_id()))
                .collect();
            let n_kw_t = kw_t.len();
            return self.ml(&pos_p, &pos_t, env, &mut |env| {
                self.unordered(&kw_p, &kw_t, 0, has_ellipsis, n_kw_t, env, k)
            });
        }
        self.ml(ps, ts, env, k)
    }

    /// Each of `ps` matches a distinct element of `ts`, in any order. Without `extra`, every
    /// element of `ts` must be used.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn unordered(
        &self,
        ps: &[&PNode],
        ts: &[Node<'t>],
        used: u64,
        extra: bool,
        total: usize,
        env: &mut Env<'t>,
        k: K<'_, 't>,
    ) -> bool {
        let Some((p0, rest)) = ps.split_first() else {
            if extra || used.count_ones() as usize == total {
                return k(env);
            }
            return false;
        };
        for (j, t) in ts.iter().enumerate().take(64) {
            if used & (1 << j) != 0 {
                continue;
            }
            if self.m(p0, *t, env, &mut |env| {
                self.unordered(rest, ts, used | (1 << j), extra, total, env, k)
            }) {
                return true;
            }
        }
        false
    }

    /// In a Python `from m import ...` pattern and code, the positions of the `import` keyword.
    fn python_import_names(
        &self,
        kind: u16,
        ps: &[PNode],
        ts: &[Node<'t>],
    ) -> Option<(usize, usize)> {
        if self.lang != Language::Python
            || self.root.language().node_kind_for_id(kind) != Some("import_from_statement")
        {
            return None;
        }
        let at_p = ps.iter().position(
            |p| matches!(p, PNode::Token { named: false, text, .. } if &**text == "import"),
        )?;
        let at_t = ts
            .iter()
            .position(|t| !t.is_named() && t.kind() == "import")?;
        Some((at_p, at_t))
    }

    /// Matches a list of pattern children against a list of target children.
    fn ml(&self, ps: &[PNode], ts: &[Node<'t>], env: &mut Env<'t>, k: K<'_, 't>) -> bool {
        if self.exhausted() {
            return true;
        }
        match ps.first() {
            None => {
                if ts
                    .iter()
                    .all(|t| self.kinds.optional.contains(&t.kind_id()))
                {
                    k(env)
                } else {
                    false
                }
            }
            Some(PNode::Ellipsis) => {
                for i in 0..=ts.len() {
                    if self.ml(&ps[1..], &ts[i..], env, k) {
                        return true;
                    }
                }
                false
            }
            Some(PNode::SeqMetavar(name)) => {
                for i in 0..=ts.len() {
                    let span = if i == 0 {
                        let at = ts.first().map(|t| t.start_byte()).unwrap_or(0);
                        Span::new(at, at)
                    } else {
                        Span::new(ts[0].start_byte(), ts[i - 1].end_byte())
                    };
                    let node = if i == 1 { Some(ts[0]) } else { None };
                    let b = Binding { span, node };
                    if self.bind(name, b, env, &mut |env| self.ml(&ps[1..], &ts[i..], env, k)) {
                        return true;
                    }
                }
                false
            }
            Some(p0) => {
                let Some((t0, rest)) = ts.split_first() else {
                    return false;
                };
                if self.kinds.optional.contains(&t0.kind_id())
                    && !matches!(p0, PNode::Node { kind, .. } if *kind == t0.kind_id())
                    && self.ml(ps, rest, env, k)
                {
                    return true;
                }
                self.m(p0, *t0, env, &mut |env| self.ml(&ps[1..], rest, env, k))
            }
        }
    }

    /// Matches a statement sequence starting at `ts[0]`; `k` receives the end byte of the match.
    fn seq(
        &self,
        ps: &[PNode],
        ts: &[Node<'t>],
        last_end: usize,
        after_ellipsis: bool,
        env: &mut Env<'t>,
        k: &mut dyn FnMut(&mut Env<'t>, usize) -> bool,
    ) -> bool {
        if self.exhausted() {
            return true;
        }
        match ps.first() {
            None => k(env, last_end),
            Some(PNode::Ellipsis) | Some(PNode::SeqMetavar(_)) => {
                if ps.len() == 1 {
                    let end = ts.last().map(|t| t.end_byte()).unwrap_or(last_end);
                    return k(env, end);
                }
                for i in 0..=ts.len() {
                    if self.seq(&ps[1..], &ts[i..], last_end, true, env, k) {
                        return true;
                    }
                }
                false
            }
            Some(p0) => {
                let Some((t0, rest)) = ts.split_first() else {
                    return false;
                };
                let end0 = t0.end_byte();
                if self.m_stmt(p0, *t0, env, &mut |env| {
                    self.seq(&ps[1..], rest, end0, false, env, k)
                }) {
                    return true;
                }
                if after_ellipsis && ps.len() == 1 {
                    // After `...`, the last statement may sit inside a nested block.
                    let mut stack: Vec<Node<'t>> = Vec::new();
                    let mut cursor = t0.walk();
                    stack.extend(t0.named_children(&mut cursor));
                    while let Some(n) = stack.pop() {
                        if self.kinds.blocks.contains(&n.kind_id()) {
                            for s in significant_children(n, self.kinds) {
                                let end = s.end_byte();
                                if self.m_stmt(p0, s, env, &mut |env| k(env, end)) {
                                    return true;
                                }
                            }
                        }
                        stack.extend(n.named_children(&mut cursor));
                    }
                }
                false
            }
        }
    }

    /// A statement of a sequence pattern against one statement: as a node, or, for an
    /// expression statement `E;`, `E` anywhere in an expression statement or variable
    /// declaration (outside nested functions and classes).
    fn m_stmt(&self, p: &PNode, t: Node<'t>, env: &mut Env<'t>, k: K<'_, 't>) -> bool {
        if self.m(p, t, env, k) {
            return true;
        }
        let PNode::Node { kind, children } = p else {
            return false;
        };
        let [inner] = children.as_slice() else {
            return false;
        };
        if !constprop::is_expression_statement(self.lang, *kind)
            || matches!(inner, PNode::Ellipsis | PNode::Metavar(_))
            || !constprop::holds_expression(self.lang, t)
        {
            return false;
        }
        let mut stack: Vec<Node<'t>> = Vec::new();
        let mut cursor = t.walk();
        stack.extend(t.named_children(&mut cursor));
        while let Some(n) = stack.pop() {
            if constprop::is_scope(self.lang, n) || self.kinds.blocks.contains(&n.kind_id()) {
                continue;
            }
            if self.m(inner, n, env, k) {
                return true;
            }
            stack.extend(n.named_children(&mut cursor));
        }
        false
    }

    /// Whether `node` is what a lone `...` matches: a statement or declaration (a named child
    /// of a block or of a declaration list), or the root of a subtree being searched.
    fn is_statement(&self, node: Node<'t>) -> bool {
        if !node.is_named() || self.kinds.comments.contains(&node.kind_id()) {
            return false;
        }
        match node.parent() {
            None => false,
            Some(_) if node.id() == self.root.id() => true,
            Some(p) => {
                self.kinds.blocks.contains(&p.kind_id())
                    || p.kind().ends_with("declaration_list")
                    || p.kind() == "class_body"
            }
        }
    }

    /// All matches of `pattern` rooted at `node`.
    pub(crate) fn match_at(&self, pattern: &Pattern, node: Node<'t>, out: &mut Vec<Match<'t>>) {
        self.opts.set(pattern.options);
        let mut env = Env::new();
        let before = out.len();
        match &pattern.root {
            PatternRoot::Node(PNode::Ellipsis) => {
                if self.is_statement(node) {
                    out.push(Match {
                        span: Span::new(node.start_byte(), node.end_byte()),
                        bindings: Vec::new(),
                    });
                }
            }
            PatternRoot::Node(p) => {
                let span = Span::new(node.start_byte(), node.end_byte());
                self.m(p, node, &mut env, &mut |env| {
                    out.push(Match {
                        span,
                        bindings: env.clone(),
                    });
                    out.len() - before >= MAX_MATCHES_PER_NODE
                });
            }
            PatternRoot::Seq(ps) => {
                let ts: Vec<Node<'t>> = significant_children(node, self.kinds)
                    .into_iter()
                    .filter(|n| n.is_named())
                    .collect();
                let leading = matches!(ps.first(), Some(PNode::Ellipsis));
                for i in 0..ts.len() {
                    if leading && i > 0 {
                        break;
                    }
                    let start = ts[i].start_byte();
                    let stop = self.seq(ps, &ts[i..], start, false, &mut env, &mut |env, end| {
                        out.push(Match {
                            span: Span::new(start, end),
                            bindings: env.clone(),
                        });
                        out.len() - before >= MAX_MATCHES_PER_NODE
                    });
                    if stop {
                        break;
                    }
                }
            }
        }
    }
}

/// Whether two nodes have the same tokens (ignoring whitespace and comments).
pub(crate) fn same_tokens(src: &[u8], a: Node<'_>, b: Node<'_>) -> bool {
    fn leaves<'s>(src: &'s [u8], n: Node<'_>, out: &mut Vec<&'s [u8]>) {
        let mut stack = vec![n];
        let mut cursor = n.walk();
        while let Some(x) = stack.pop() {
            if x.is_extra() {
                continue;
            }
            if x.child_count() == 0 {
                out.push(&src[x.start_byte()..x.end_byte()]);
                continue;
            }
            let before = stack.len();
            stack.extend(x.children(&mut cursor));
            stack[before..].reverse();
        }
    }
    let (mut la, mut lb) = (Vec::new(), Vec::new());
    leaves(src, a, &mut la);
    leaves(src, b, &mut lb);
    la == lb
}

/// Many patterns of one language, indexed by the node kinds they can start at.
#[derive(Debug)]
pub struct MatchPlan {
    lang: Language,
    patterns: Vec<Arc<Pattern>>,
    by_kind: Vec<Vec<u32>>,
    wildcard: Vec<u32>,
}

impl MatchPlan {
    /// Indexes `patterns` (all of language `lang`).
    pub fn new(lang: Language, patterns: Vec<Arc<Pattern>>) -> Self {
        let count = lang.ts_language().node_kind_count();
        let mut by_kind = vec![Vec::new(); count];
        let mut wildcard = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match p.root_kinds() {
                Some(ks) => {
                    for k in ks {
                        if let Some(v) = by_kind.get_mut(k as usize) {
                            v.push(i as u32);
                        }
                    }
                }
                None => wildcard.push(i as u32),
            }
        }
        MatchPlan {
            lang,
            patterns,
            by_kind,
            wildcard,
        }
    }

    /// The language.
    pub fn lang(&self) -> Language {
        self.lang
    }

    /// The patterns, in index order.
    pub fn patterns(&self) -> &[Arc<Pattern>] {
        &self.patterns
    }
}

/// Matches of every pattern of a plan in one file.
#[derive(Debug)]
pub struct PlanResults<'t> {
    /// Matches per pattern index.
    pub matches: Vec<Vec<Match<'t>>>,
    /// Whether the step budget ran out (results are then incomplete).
    pub exhausted: bool,
    /// Matcher steps used.
    pub steps: u64,
}

/// Runs every active pattern of `plan` over `tree` in one traversal.
pub fn run_plan<'t>(
    plan: &MatchPlan,
    tree: &'t Tree,
    src: &[u8],
    active: &[bool],
    budget: MatchBudget,
) -> PlanResults<'t> {
    let root = tree.root_node();
    let ctx = Ctx::new(plan.lang, root, src, budget);
    let mut matches: Vec<Vec<Match<'t>>> = vec![Vec::new(); plan.patterns.len()];
    let is_active = |i: u32| active.get(i as usize).copied().unwrap_or(true);
    if (0..plan.patterns.len() as u32).all(|i| !is_active(i)) {
        // Nothing to match: the file was parsed for another reason (the taint lowering, an
        // analyser), and walking its tree would find nothing.
        return PlanResults {
            matches: vec![Vec::new(); plan.patterns.len()],
            exhausted: false,
            steps: 0,
        };
    }
    let any_wild = plan.wildcard.iter().any(|&i| is_active(i));
    let mut cursor = root.walk();
    'walk: loop {
        let node = cursor.node();
        if let Some(list) = plan.by_kind.get(node.kind_id() as usize) {
            for &i in list {
                if is_active(i) {
                    ctx.match_at(&plan.patterns[i as usize], node, &mut matches[i as usize]);
                }
            }
        }
        if any_wild && node.is_named() {
            for &i in &plan.wildcard {
                if is_active(i) {
                    ctx.match_at(&plan.patterns[i as usize], node, &mut matches[i as usize]);
                }
            }
        }
        if ctx.exhausted() {
            break;
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    for list in &mut matches {
        dedupe(list);
    }
    PlanResults {
        matches,
        exhausted: ctx.exhausted(),
        steps: ctx.steps.get(),
    }
}

/// Removes matches with the same span and the same bindings.
pub(crate) fn dedupe(list: &mut Vec<Match<'_>>) {
    if list.len() < 2 {
        return;
    }
    type Key = (Span, Vec<(Arc<str>, Span)>);
    let mut seen: std::collections::HashSet<Key> =
        std::collections::HashSet::with_capacity(list.len());
    list.retain(|m| {
        let key = (
            m.span,
            m.bindings
                .iter()
                .map(|(n, b)| (n.clone(), b.span))
                .collect::<Vec<_>>(),
        );
        seen.insert(key)
    });
}

/// Matches one pattern against one subtree, for tests and `metavariable-pattern`.
pub fn match_subtree<'t>(
    pattern: &Pattern,
    root: Node<'t>,
    src: &[u8],
    budget: MatchBudget,
) -> Vec<Match<'t>> {
    let ctx = Ctx::new(pattern.lang, root, src, budget);
    let kinds = pattern.root_kinds();
    let mut out = Vec::new();
    let mut stack = vec![root];
    let mut cursor = root.walk();
    while let Some(n) = stack.pop() {
        let wanted = match &kinds {
            Some(ks) => ks.contains(&n.kind_id()),
            None => n.is_named(),
        };
        if wanted {
            ctx.match_at(pattern, n, &mut out);
        }
        let before = stack.len();
        stack.extend(n.children(&mut cursor));
        stack[before..].reverse();
    }
    dedupe(&mut out);
    out
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
