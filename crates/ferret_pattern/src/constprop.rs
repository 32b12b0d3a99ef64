//! Constant and symbolic propagation, as Semgrep applies it when matching: a literal in a
//! pattern (`"..."`, `"ab"`, `42`, `true`) also matches a variable that holds that literal on
//! every path to the use, and an expression that folds to it (`"a" + "b"`); with symbolic
//! propagation a variable also matches the expression last assigned to it
//! (`x = foo(); bar(x)` matches `bar(foo())`).
//!
//! The analysis is one walk of a file's tree, in source order, built lazily the first time a
//! pattern asks about a variable. It is flow-sensitive for straight-line code and branches
//! (each branch from a copy of the state, joined afterwards: a value survives a join only when
//! every path gives it, and different string literals join to "some string"); a variable
//! assigned inside a loop, `switch` or `try` is unknown there and after it. A file-level name
//! (a global or a field) assigned exactly once in the whole file, outside any function, is
//! known inside every function; parameters shadow it. Each use of a variable is recorded with
//! the definition that reaches it, so values are read at the point of use.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use ferret_lang::Language;
use tree_sitter::Node;

use crate::compile::{KindSet, kinds, string_content};

/// Longest chain of variables followed when folding a value.
const MAX_DEPTH: usize = 16;
/// Largest file (in nodes visited) the analysis runs on.
const MAX_NODES: usize = 400_000;

/// What reaches a use of a variable.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Def<'t> {
    /// The expression last assigned on every path.
    Expr(Node<'t>),
    /// Different string literals on different paths: some constant string.
    AnyStr,
}

/// A folded constant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Const<'s> {
    /// A string of known content.
    Str(Cow<'s, str>),
    /// A string of unknown content.
    AnyStr,
    /// A number or boolean literal: its kind and text.
    Lit(u16, &'s str),
}

/// Node kinds the analysis reads, per language.
struct Flow {
    functions: KindSet,
    branches: KindSet,
    alternatives: KindSet,
    opaque: KindSet,
    members: KindSet,
    pairs: KindSet,
    declarators: KindSet,
    positional: KindSet,
    compound: KindSet,
    params: KindSet,
    lists: KindSet,
    binaries: KindSet,
    concatenated: KindSet,
    literals: KindSet,
    classes: KindSet,
    conditionals: KindSet,
    subscripts: KindSet,
    expression_statements: KindSet,
    foldable: KindSet,
}

/// Node kinds of `lang` that may fold to a constant: names, concatenations, parentheses.
pub(crate) fn foldable(lang: Language) -> &'static KindSet {
    &flow(lang).foldable
}

fn flow(lang: Language) -> &'static Flow {
    static CACHE: [OnceLock<Flow>; 13] = [const { OnceLock::new() }; 13];
    let idx = Language::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    CACHE[idx].get_or_init(|| {
        let ts = lang.ts_language();
        let f = &lang.syntax().flow;
        let set = |lists: &[&[&str]]| -> KindSet {
            let mut s = KindSet::default();
            for id in 0..ts.node_kind_count() as u16 {
                if let Some(name) = ts.node_kind_for_id(id)
                    && ts.node_kind_is_named(id)
                    && lists.iter().any(|l| l.contains(&name))
                {
                    s.insert(id);
                }
            }
            s
        };
        Flow {
            functions: set(&[f.functions, f.closures]),
            branches: set(&[f.branches]),
            alternatives: set(&[f.alternatives, f.else_clauses]),
            opaque: set(&[f.loops, f.switches, f.tries, f.match_statements]),
            members: set(&[f.members]),
            pairs: set(&[f.pair_assignments]),
            declarators: set(&[f.declarators]),
            positional: set(&[f.positional_assignments]),
            compound: set(&[f.compound_assignments]),
            params: set(&[f.parameters, f.parameter_lists, f.parameter_groups]),
            lists: set(&[f.expression_lists]),
            binaries: set(&[f.binaries]),
            concatenated: set(&[f.concatenated_strings]),
            literals: set(&[
                f.integer_literals,
                f.true_literals,
                f.false_literals,
                f.boolean_literals,
            ]),
            classes: set(&[f.classes]),
            conditionals: set(&[f.conditionals]),
            subscripts: set(&[f.subscripts]),
            expression_statements: set(&[f.expression_statements]),
            foldable: {
                let k = kinds(lang);
                let mut s = set(&[f.binaries, f.concatenated_strings, f.conditionals]);
                for id in k.identifiers.ids().chain(k.parens.ids()) {
                    s.insert(id);
                }
                s
            },
        }
    })
}

type Env<'s, 't> = HashMap<&'s str, Option<Def<'t>>>;

/// The definitions reaching the variable uses of one file.
#[derive(Debug, Default)]
pub(crate) struct Values<'t> {
    uses: HashMap<usize, Def<'t>>,
}

struct Walker<'s, 't> {
    src: &'s [u8],
    flow: &'static Flow,
    idents: &'static KindSet,
    strings: &'static KindSet,
    uses: HashMap<usize, Def<'t>>,
    budget: usize,
}

impl<'t> Values<'t> {
    /// Analyses the file under `root`.
    pub(crate) fn build(lang: Language, root: Node<'t>, src: &[u8]) -> Values<'t> {
        let k = kinds(lang);
        let mut w = Walker {
            src,
            flow: flow(lang),
            idents: &k.identifiers,
            strings: &k.strings,
            uses: HashMap::new(),
            budget: MAX_NODES,
        };
        let globals = w.globals(root);
        let mut env = globals.clone();
        w.visit(root, &mut env, &globals);
        Values { uses: w.uses }
    }

    /// What reaches the variable use `n`, if it is one with a known definition.
    pub(crate) fn def(&self, n: Node<'_>) -> Option<Def<'t>> {
        self.uses.get(&n.start_byte()).copied()
    }

    /// The constant `n` folds to: a literal, a variable holding one, a concatenation of them.
    pub(crate) fn eval<'s>(&self, lang: Language, src: &'s [u8], n: Node<'t>) -> Option<Const<'s>> {
        self.eval_at(lang, src, n, 0)
    }

    fn eval_at<'s>(
        &self,
        lang: Language,
        src: &'s [u8],
        n: Node<'t>,
        depth: usize,
    ) -> Option<Const<'s>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let k = kinds(lang);
        let f = flow(lang);
        let id = n.kind_id();
        let text = || std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).ok();
        if k.parens.contains(&id) {
            let inner = n.named_child(0).filter(|_| n.named_child_count() == 1)?;
            return self.eval_at(lang, src, inner, depth + 1);
        }
        if f.concatenated.contains(&id) {
            let mut out = String::new();
            let mut c = n.walk();
            for part in n.named_children(&mut c) {
                match self.eval_at(lang, src, part, depth + 1)? {
                    Const::Str(s) => out.push_str(&s),
                    Const::AnyStr => return Some(Const::AnyStr),
                    Const::Lit(..) => return None,
                }
            }
            return Some(Const::Str(Cow::Owned(out)));
        }
        if k.strings.contains(&id) {
            return self.eval_string(lang, src, n, depth);
        }
        if f.conditionals.contains(&id) {
            return self.eval_conditional(lang, src, n, depth);
        }
        if f.literals.contains(&id) {
            return Some(Const::Lit(id, text()?));
        }
        if k.identifiers.contains(&id) {
            return match self.def(n)? {
                Def::AnyStr => Some(Const::AnyStr),
                Def::Expr(e) => self.eval_at(lang, src, e, depth + 1),
            };
        }
        if f.binaries.contains(&id) {
            let op = n.child_by_field_name("operator")?;
            let op = std::str::from_utf8(&src[op.start_byte()..op.end_byte()]).ok()?;
            let concat = op == "+" || (op == "." && lang == Language::Php);
            let left = n.child_by_field_name("left")?;
            let right = n.child_by_field_name("right")?;
            if op == "*" && matches!(lang, Language::Python | Language::Ruby) {
                // `"ab" * n`: some string, whatever `n` is.
                return self.repeated(lang, src, left, right, depth);
            }
            if !concat {
                return None;
            }
            let l = self.eval_at(lang, src, left, depth + 1)?;
            let r = self.eval_at(lang, src, right, depth + 1)?;
            return match (l, r) {
                (Const::Str(a), Const::Str(b)) => Some(Const::Str(Cow::Owned(format!("{a}{b}")))),
                (Const::Str(_) | Const::AnyStr, Const::Str(_) | Const::AnyStr) => {
                    Some(Const::AnyStr)
                }
                _ => None,
            };
        }
        None
    }
    /// A string literal; one with interpolations folds when every interpolated value does.
    fn eval_string<'s>(
        &self,
        lang: Language,
        src: &'s [u8],
        n: Node<'t>,
        depth: usize,
    ) -> Option<Const<'s>> {
        let text = std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).ok()?;
        let content = string_content(text);
        let parts = interpolations(lang, n)?;
        if parts.is_empty() {
            return Some(Const::Str(Cow::Borrowed(content)));
        }
        let base = n.start_byte() + (content.as_ptr() as usize - text.as_ptr() as usize);
        let (mut out, mut at, mut known) = (String::new(), base, true);
        for (range, e) in parts {
            let piece = range
                .start
                .checked_sub(at)
                .and_then(|_| src.get(at..range.start))?;
            out.push_str(std::str::from_utf8(piece).ok()?);
            match self.eval_at(lang, src, e, depth + 1)? {
                Const::Str(s) => out.push_str(&s),
                Const::AnyStr => known = false,
                Const::Lit(..) => return None,
            }
            at = range.end;
        }
        let end = base + content.len();
        out.push_str(std::str::from_utf8(src.get(at..end)?).ok()?);
        Some(if known {
            Const::Str(Cow::Owned(out))
        } else {
            Const::AnyStr
        })
    }

    /// `c ? a : b`: the value both branches agree on; some string when both are strings.
    fn eval_conditional<'s>(
        &self,
        lang: Language,
        src: &'s [u8],
        n: Node<'t>,
        depth: usize,
    ) -> Option<Const<'s>> {
        let (a, b) = match (
            n.child_by_field_name("consequence"),
            n.child_by_field_name("alternative"),
        ) {
            (Some(a), Some(b)) => (a, b),
            // Python's `a if c else b` has no fields.
            _ if n.named_child_count() == 3 => (n.named_child(0)?, n.named_child(2)?),
            _ => return None,
        };
        let a = self.eval_at(lang, src, a, depth + 1)?;
        let b = self.eval_at(lang, src, b, depth + 1)?;
        match (a, b) {
            (a, b) if a == b => Some(a),
            (Const::Str(_) | Const::AnyStr, Const::Str(_) | Const::AnyStr) => Some(Const::AnyStr),
            _ => None,
        }
    }

    /// `s * n` (or `n * s`) where `s` folds to a string: some string.
    fn repeated<'s>(
        &self,
        lang: Language,
        src: &'s [u8],
        left: Node<'t>,
        right: Node<'t>,
        depth: usize,
    ) -> Option<Const<'s>> {
        let is_str = |n| {
            matches!(
                self.eval_at(lang, src, n, depth + 1),
                Some(Const::Str(_) | Const::AnyStr)
            )
        };
        (is_str(left) || is_str(right)).then_some(Const::AnyStr)
    }
}

/// Whether the statement `n` is an expression statement or a variable declaration: where an
/// expression-statement pattern in a sequence also matches an expression inside (Semgrep
/// reads `let x = e;` as `x = e;` and matches `f(...);` deep in `x = f(1);`).
pub(crate) fn holds_expression(lang: Language, n: Node<'_>) -> bool {
    let f = flow(lang);
    let id = n.kind_id();
    if f.expression_statements.contains(&id) {
        return true;
    }
    if f.functions.contains(&id) || f.classes.contains(&id) {
        return false;
    }
    let mut c = n.walk();
    f.declarators.contains(&id)
        || n.named_children(&mut c).any(|ch| {
            f.declarators.contains(&ch.kind_id()) && ch.child_by_field_name("value").is_some()
                || after_equals(ch).is_some() && f.declarators.contains(&ch.kind_id())
        })
}

/// Whether `kind` is an expression statement of `lang`.
pub(crate) fn is_expression_statement(lang: Language, kind: u16) -> bool {
    flow(lang).expression_statements.contains(&kind)
}

/// Whether `n` starts a new scope (a function or class) that a deep statement match does not
/// enter.
pub(crate) fn is_scope(lang: Language, n: Node<'_>) -> bool {
    let f = flow(lang);
    f.functions.contains(&n.kind_id()) || f.classes.contains(&n.kind_id())
}

/// The named child after a declarator's `=`, for grammars without a `value` field (C#).
fn after_equals(n: Node<'_>) -> Option<Node<'_>> {
    let mut c = n.walk();
    let mut seen = false;
    for ch in n.children(&mut c) {
        if seen && ch.is_named() {
            return Some(ch);
        }
        seen |= ch.kind() == "=";
    }
    None
}

/// The interpolated expressions of the string literal `n`, each with the byte range of the
/// source it stands for (`${x}`, `{x}`, `#{x}`, PHP's `$x`): empty for a plain string, `None`
/// when an interpolation is more than one expression (a format specifier, a PHP `{...}`).
pub(crate) fn interpolations<'t>(
    lang: Language,
    n: Node<'t>,
) -> Option<Vec<(std::ops::Range<usize>, Node<'t>)>> {
    let k = kinds(lang);
    let f = flow(lang);
    let mut out = Vec::new();
    let mut c = n.walk();
    for ch in n.children(&mut c) {
        let id = ch.kind_id();
        if k.interpolations.contains(&id) {
            if ch.named_child_count() != 1 {
                return None;
            }
            out.push((ch.byte_range(), ch.named_child(0)?));
        } else if lang == Language::Php && ch.is_named() {
            if k.identifiers.contains(&id) || f.members.contains(&id) {
                out.push((ch.byte_range(), ch));
            } else if ch.kind() == "subscript_expression" {
                return None;
            }
        } else if lang == Language::Php && ch.kind() == "{" {
            return None;
        }
    }
    Some(out)
}

impl<'s, 't> Walker<'s, 't> {
    fn text(&self, n: Node<'_>) -> &'s str {
        std::str::from_utf8(&self.src[n.start_byte()..n.end_byte()]).unwrap_or("")
    }

    /// File-level names assigned exactly once in the file, outside every function.
    fn globals(&mut self, root: Node<'t>) -> Env<'s, 't> {
        let mut count: HashMap<&'s str, (usize, Option<Node<'t>>)> = HashMap::new();
        let mut stack = vec![(root, false)];
        let mut cursor = root.walk();
        let mut seen = 0usize;
        while let Some((n, in_fn)) = stack.pop() {
            seen += 1;
            if seen > MAX_NODES {
                return Env::new();
            }
            let id = n.kind_id();
            if let Some((target, value)) = self.assignment(n) {
                let compound = self.flow.compound.contains(&id);
                for name in self.written_names(target) {
                    let e = count.entry(name).or_insert((0, None));
                    e.0 += 1;
                    e.1 = if in_fn || compound { None } else { value };
                }
            }
            let in_fn = in_fn || self.flow.functions.contains(&id);
            for c in n.named_children(&mut cursor) {
                stack.push((c, in_fn));
            }
        }
        count
            .into_iter()
            .filter_map(|(name, (times, value))| {
                (times == 1).then_some((name, Some(Def::Expr(value?))))
            })
            .collect()
    }

    /// The target and value of an assignment or declaration.
    fn assignment(&self, n: Node<'t>) -> Option<(Node<'t>, Option<Node<'t>>)> {
        let id = n.kind_id();
        let f = self.flow;
        if f.params.contains(&id) {
            return None;
        }
        if f.pairs.contains(&id)
            && let (Some(l), Some(r)) = (
                n.child_by_field_name("left"),
                n.child_by_field_name("right"),
            )
        {
            return Some((self.single(l).unwrap_or(l), Some(self.single(r)?)));
        }
        if f.declarators.contains(&id) {
            let target = n
                .child_by_field_name("name")
                .or_else(|| n.child_by_field_name("declarator"))
                .or_else(|| n.child_by_field_name("pattern"))?;
            let value = n
                .child_by_field_name("value")
                .or_else(|| after_equals(n))
                .and_then(|v| self.single(v));
            return Some((target, value));
        }
        if f.positional.contains(&id) && n.named_child_count() >= 2 {
            let l = n.named_child(0)?;
            let r = n.named_child((n.named_child_count() - 1) as u32)?;
            return Some((l, self.single(r)));
        }
        None
    }

    /// A value, unwrapping a one-item expression list; `None` for a list of several.
    fn single(&self, v: Node<'t>) -> Option<Node<'t>> {
        if self.flow.lists.contains(&v.kind_id()) {
            return (v.named_child_count() == 1)
                .then(|| v.named_child(0))
                .flatten();
        }
        Some(v)
    }

    /// The variable names an assignment target writes (`x`, `self.x`, `a, b`).
    fn written_names(&self, target: Node<'_>) -> Vec<&'s str> {
        let id = target.kind_id();
        if self.idents.contains(&id) {
            return vec![self.text(target)];
        }
        if self.flow.subscripts.contains(&id) {
            // `c[i] = v` changes `c`, not `i`.
            return target
                .named_child(0)
                .map(|base| self.written_names(base))
                .unwrap_or_default();
        }
        if self.flow.members.contains(&id) {
            let last = (0..target.named_child_count())
                .rev()
                .find_map(|i| target.named_child(i as u32));
            return last.map(|l| vec![self.text(l)]).unwrap_or_default();
        }
        let mut out = Vec::new();
        let mut stack = vec![target];
        let mut c = target.walk();
        while let Some(n) = stack.pop() {
            if self.idents.contains(&n.kind_id()) {
                out.push(self.text(n));
            }
            stack.extend(n.named_children(&mut c));
        }
        out
    }

    /// Every name written anywhere under `n` (assignments, declarations, loop variables).
    fn assigned_under(&self, n: Node<'_>, out: &mut Vec<&'s str>) {
        let mut stack = vec![n];
        let mut c = n.walk();
        while let Some(x) = stack.pop() {
            if let Some((t, _)) = self.assignment(x) {
                out.extend(self.written_names(t));
            }
            for field in ["left", "name", "pattern", "declarator", "value"] {
                // Loop variables (`for x in xs`, `for (T x : xs)`).
                if self.flow.opaque.contains(&x.kind_id())
                    && field != "value"
                    && let Some(t) = x.child_by_field_name(field)
                {
                    out.extend(self.written_names(t));
                }
            }
            if (x.kind().contains("update") || self.flow.compound.contains(&x.kind_id()))
                && let Some(t) = x
                    .child_by_field_name("argument")
                    .or_else(|| x.child_by_field_name("left"))
                    .or_else(|| x.named_child(0))
            {
                out.extend(self.written_names(t));
            }
            stack.extend(x.named_children(&mut c));
        }
    }

    fn visit(&mut self, n: Node<'t>, env: &mut Env<'s, 't>, globals: &Env<'s, 't>) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let id = n.kind_id();
        let f = self.flow;
        if self.idents.contains(&id) {
            if let Some(Some(d)) = env.get(self.text(n)) {
                self.uses.insert(n.start_byte(), *d);
            }
            return;
        }
        if f.functions.contains(&id) || f.classes.contains(&id) && n.parent().is_some() {
            // A function starts from the file-level constants, without its parameters.
            let mut inner = globals.clone();
            if f.functions.contains(&id) {
                let mut params = Vec::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    if f.params.contains(&ch.kind_id())
                        || n.child_by_field_name("parameters").map(|p| p.id()) == Some(ch.id())
                    {
                        params.extend(self.all_idents(ch));
                    }
                }
                for p in params {
                    inner.insert(p, None);
                }
            }
            self.children(n, &mut inner, globals);
            return;
        }
        if let Some((target, value)) = self.assignment(n) {
            if let Some(v) = value {
                self.visit(v, env, globals);
            }
            if !self.idents.contains(&target.kind_id()) {
                self.visit(target, env, globals);
            }
            let compound = f.compound.contains(&id);
            let names = self.written_names(target);
            let single = names.len() == 1 && self.idents.contains(&target.kind_id());
            for name in names {
                let def = match value {
                    Some(v) if single && !compound => Some(Def::Expr(v)),
                    _ => None,
                };
                env.insert(name, def);
            }
            return;
        }
        if f.members.contains(&id) {
            // Only the object of `a.b` is a variable use.
            if let Some(obj) = n.named_child(0) {
                self.visit(obj, env, globals);
            }
            return;
        }
        if f.branches.contains(&id) {
            self.branch(n, env, globals);
            return;
        }
        if f.binaries.contains(&id) && self.short_circuit(n, env, globals) {
            return;
        }
        if f.opaque.contains(&id) || n.kind().contains("update") {
            let mut written = Vec::new();
            self.assigned_under(n, &mut written);
            for w in &written {
                env.insert(w, None);
            }
            self.children(n, env, globals);
            for w in written {
                env.insert(w, None);
            }
            if f.opaque.contains(&id) {
                // Only literals survive a loop or a switch, as in Semgrep.
                let strings = self.strings;
                let literals = &f.literals;
                env.retain(|_, d| match d {
                    Some(Def::Expr(e)) => {
                        strings.contains(&e.kind_id()) || literals.contains(&e.kind_id())
                    }
                    Some(Def::AnyStr) | None => true,
                });
            }
            return;
        }
        self.children(n, env, globals);
    }

    fn children(&mut self, n: Node<'t>, env: &mut Env<'s, 't>, globals: &Env<'s, 't>) {
        let mut c = n.walk();
        let kids: Vec<Node<'t>> = n.named_children(&mut c).collect();
        for ch in kids {
            self.visit(ch, env, globals);
        }
    }

    fn all_idents(&self, n: Node<'_>) -> Vec<&'s str> {
        let mut out = Vec::new();
        let mut stack = vec![n];
        let mut c = n.walk();
        while let Some(x) = stack.pop() {
            if self.idents.contains(&x.kind_id()) {
                out.push(self.text(x));
            }
            stack.extend(x.named_children(&mut c));
        }
        out
    }

    /// `a && b`, `a || b`: `b` runs only on some paths, so what it assigns is unknown after.
    fn short_circuit(&mut self, n: Node<'t>, env: &mut Env<'s, 't>, globals: &Env<'s, 't>) -> bool {
        let (Some(op), Some(l), Some(r)) = (
            n.child_by_field_name("operator"),
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return false;
        };
        if !matches!(self.text(op), "&&" | "||" | "and" | "or" | "??") {
            return false;
        }
        self.visit(l, env, globals);
        let mut e = env.clone();
        self.visit(r, &mut e, globals);
        let mut written = Vec::new();
        self.assigned_under(r, &mut written);
        for w in written {
            env.insert(w, None);
        }
        true
    }

    /// `if`: the condition, then each branch from a copy of the state, joined.
    fn branch(&mut self, n: Node<'t>, env: &mut Env<'s, 't>, globals: &Env<'s, 't>) {
        let f = self.flow;
        let mut c = n.walk();
        let kids: Vec<Node<'t>> = n.named_children(&mut c).collect();
        let cond = n.child_by_field_name("condition");
        if let Some(cnd) = cond {
            self.visit(cnd, env, globals);
        }
        let mut outs: Vec<Env<'s, 't>> = Vec::new();
        let mut has_else = false;
        let alternative = n.child_by_field_name("alternative").map(|a| a.id());
        for ch in kids {
            if Some(ch.id()) == cond.map(|x| x.id()) {
                continue;
            }
            let mut e = env.clone();
            if Some(ch.id()) == alternative {
                // Java, C: `else { ... }` is a block in the `alternative` field.
                has_else = true;
            }
            if f.alternatives.contains(&ch.kind_id()) || f.branches.contains(&ch.kind_id()) {
                has_else = true;
                if f.branches.contains(&ch.kind_id()) {
                    // `elif`: a branch of its own, whose fall-through is the last `else`.
                    self.branch(ch, &mut e, globals);
                    outs.push(e);
                    continue;
                }
            }
            self.visit(ch, &mut e, globals);
            outs.push(e);
        }
        if !has_else {
            outs.push(env.clone());
        }
        let Some((first, rest)) = outs.split_first() else {
            return;
        };
        let mut joined = first.clone();
        for other in rest {
            self.join(&mut joined, other);
        }
        // Names only some branch knew are unknown after the join.
        for (name, d) in joined.iter_mut() {
            if outs.iter().any(|o| !o.contains_key(name)) {
                *d = None;
            }
        }
        *env = joined;
    }

    fn join(&self, a: &mut Env<'s, 't>, b: &Env<'s, 't>) {
        for (name, da) in a.iter_mut() {
            let db = b.get(name).copied().flatten();
            *da = match (*da, db) {
                (Some(Def::Expr(x)), Some(Def::Expr(y))) if x.id() == y.id() => *da,
                (Some(x), Some(y)) if self.is_str(x) && self.is_str(y) => match (x, y) {
                    (Def::Expr(p), Def::Expr(q))
                        if string_content(self.text(p)) == string_content(self.text(q)) =>
                    {
                        Some(x)
                    }
                    _ => Some(Def::AnyStr),
                },
                _ => None,
            };
        }
    }

    fn is_str(&self, d: Def<'t>) -> bool {
        match d {
            Def::AnyStr => true,
            Def::Expr(e) => {
                self.strings.contains(&e.kind_id()) && {
                    let mut c = e.walk();
                    !e.children(&mut c)
                        .any(|ch| ch.is_named() && ch.child_count() > 0)
                }
            }
        }
    }
}
