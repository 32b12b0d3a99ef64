//! Prototype pollution in merges, deep copies and path setters.
//!
//! Per function, a flow-insensitive pass over its code (closures included) finds:
//!
//! - **keys** from the input: the function's parameters (weak: a bare parameter may be a number),
//!   and, strong, what is derived from a key (`path.split('.')`, `parts[i]`, `keys.shift()`, a
//!   plain function of it) or names the properties of an input object (`for (k in src)`,
//!   `Object.keys(src)` / `Object.entries(src)` loops and callbacks). A named property of an input
//!   (`row.id`) is data, not a key;
//! - **walked objects**: `x[k]` for a key `k`, the variables that hold one (`cur = cur[k] || {}`),
//!   and the parameters a recursive call receives one in (`merge(t[k], s[k])`);
//! - **writes** `walked[key] = value`. With the first key `__proto__` (or `constructor` then
//!   `prototype`) the walked object is `Object.prototype`, and the second key then adds a
//!   property to every object. A write is reported when one of the two keys is strong.
//!
//! The function is guarded, and nothing is reported, when it (with its callbacks) mentions
//! `constructor` or `prototype` in a string or regex (or a file-level constant holding one; a
//! guard against `__proto__` alone leaves `constructor.prototype` open), creates objects with
//! `Object.create(null)`, tests the walked object with `hasOwnProperty` / `Object.hasOwn`, or
//! tests a key used by the write with a call in a condition (an allow-list or a validation
//! helper). A write into a variable last assigned a fresh object (`out = {}`) is not reported.

use std::collections::{HashMap, HashSet};

use ferret_core::Span;
use tree_sitter::Node;

use crate::syntax::{
    bound_names, descendants, function_names, is_function, last_name, numeric_param, params, text,
    unwrap,
};
use crate::{Check, Defect, TraceEvent};

const MAGIC: [&str; 3] = ["__proto__", "constructor", "prototype"];
const KEY_LISTS: [&str; 4] = ["keys", "getOwnPropertyNames", "ownKeys", "entries"];
const CALLBACK_METHODS: [&str; 8] = [
    "forEach", "map", "reduce", "some", "every", "filter", "find", "flatMap",
];
const OWN_CHECKS: [&str; 3] = ["hasOwnProperty", "hasOwn", "propertyIsEnumerable"];

/// The prototype-pollution defects of a file.
pub(crate) fn find(root: Node<'_>, src: &[u8]) -> Vec<Defect> {
    let nodes = descendants(root);
    let magic_names = magic_constants(&nodes, src);
    let mut out = Vec::new();
    for f in nodes.iter().filter(|n| is_function(**n)) {
        if is_callback(*f) && f.parent().and_then(enclosing_function).is_some() {
            // Analysed with the function it is passed in, whose keys it sees.
            continue;
        }
        if guarded_scope(*f, src, &magic_names) {
            continue;
        }
        out.extend(Facts::of(*f, src).defects(src));
    }
    out
}

fn enclosing_function(n: Node<'_>) -> Option<Node<'_>> {
    let mut cur = Some(n);
    while let Some(c) = cur {
        if is_function(c) {
            return Some(c);
        }
        cur = c.parent();
    }
    None
}

/// A function written as the argument of a call (`xs.forEach(k => ...)`).
fn is_callback(f: Node<'_>) -> bool {
    f.parent().is_some_and(|p| p.kind() == "arguments")
}

/// A guard that names `constructor` or `prototype`: one that names only `__proto__` leaves
/// `constructor.prototype` open.
fn has_full_magic(s: &str) -> bool {
    MAGIC[1..].iter().any(|m| s.contains(m))
}

fn is_literal(n: Node<'_>) -> bool {
    matches!(n.kind(), "string" | "template_string" | "regex")
}

/// Names declared with a value that holds a magic string (`const BAD = ['__proto__', ...]`).
fn magic_constants(nodes: &[Node<'_>], src: &[u8]) -> HashSet<String> {
    nodes
        .iter()
        .filter(|n| n.kind() == "variable_declarator")
        .filter(|n| {
            n.child_by_field_name("value").is_some_and(|v| {
                descendants(v)
                    .into_iter()
                    .any(|d| is_literal(d) && has_full_magic(text(d, src)))
            })
        })
        .filter_map(|n| n.child_by_field_name("name"))
        .map(|n| text(n, src).to_string())
        .collect()
}

/// Guards that protect everything in the function `f` (with its callbacks).
fn guarded_scope(f: Node<'_>, src: &[u8], magic_names: &HashSet<String>) -> bool {
    descendants(f).into_iter().any(|n| match n.kind() {
        "string" | "template_string" | "regex" => has_full_magic(text(n, src)),
        "identifier" => magic_names.contains(text(n, src)),
        "call_expression" => {
            let callee = n.child_by_field_name("function").map(|c| text(c, src));
            let arg = n
                .child_by_field_name("arguments")
                .and_then(|a| a.named_child(0))
                .map(|a| a.kind());
            callee == Some("Object.create") && arg == Some("null")
        }
        _ => false,
    })
}

/// What one function's code says about keys and walked objects.
struct Facts<'t> {
    f: Node<'t>,
    nodes: Vec<Node<'t>>,
    /// Key variables; `true` when strong.
    keys: HashMap<String, bool>,
    /// Variables that hold input objects (for `for (k in src)`).
    inputs: HashSet<String>,
    /// Variables that hold walked objects; `true` when strong.
    walked: HashMap<String, bool>,
    /// `arguments[i]` is walked (a recursive call passes a walked object and the function
    /// reads its arguments by index).
    arguments_walked: bool,
}

impl<'t> Facts<'t> {
    fn of(f: Node<'t>, src: &[u8]) -> Facts<'t> {
        let mut facts = Facts {
            f,
            nodes: descendants(f),
            keys: HashMap::new(),
            inputs: HashSet::new(),
            walked: HashMap::new(),
            arguments_walked: false,
        };
        for (p, names) in params(f, src) {
            for n in names {
                facts.inputs.insert(n.clone());
                if !numeric_param(p, src) {
                    facts.keys.insert(n, false);
                }
            }
        }
        facts.inputs.insert("arguments".to_string());
        for _ in 0..6 {
            if !facts.round(src) {
                break;
            }
        }
        facts
    }

    /// One pass over the code; whether anything was learnt.
    fn round(&mut self, src: &[u8]) -> bool {
        let before = (self.keys.clone(), self.inputs.len(), self.walked.clone());
        let nodes = self.nodes.clone();
        for n in nodes {
            match n.kind() {
                "variable_declarator" => {
                    if let (Some(l), Some(v)) = (
                        n.child_by_field_name("name"),
                        n.child_by_field_name("value"),
                    ) {
                        self.bind(l, v, src);
                    }
                }
                "assignment_expression" => {
                    if let (Some(l), Some(v)) = (
                        n.child_by_field_name("left"),
                        n.child_by_field_name("right"),
                    ) && unwrap(l).kind() == "identifier"
                    {
                        self.bind(l, v, src);
                    }
                }
                "for_in_statement" => self.for_in(n, src),
                "call_expression" => {
                    self.callback(n, src);
                    self.recursion(n, src);
                }
                _ => {}
            }
        }
        (self.keys.clone(), self.inputs.len(), self.walked.clone()) != before
    }

    fn bind(&mut self, name: Node<'_>, value: Node<'_>, src: &[u8]) {
        if name.kind() != "identifier" {
            return;
        }
        let name = text(name, src).to_string();
        if let Some(strong) = self.key(value, src) {
            let e = self.keys.entry(name.clone()).or_insert(strong);
            *e |= strong;
        }
        if let Some((strong, _)) = self.walk(value, src) {
            let e = self.walked.entry(name.clone()).or_insert(strong);
            *e |= strong;
        }
        if self.input(value, src) {
            self.inputs.insert(name);
        }
    }

    fn strong_keys(&mut self, names: Vec<String>) {
        for n in names {
            self.keys.insert(n, true);
        }
    }

    /// `for (k in src)`, `for (k of Object.keys(src))`, `for ([k, v] of Object.entries(src))`,
    /// `for (p of path.split('.'))`.
    fn for_in(&mut self, n: Node<'_>, src: &[u8]) {
        let (Some(left), Some(right)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        let op = n.child_by_field_name("operator").map(|o| text(o, src));
        let mut names = Vec::new();
        if op == Some("in") {
            if self.input(right, src) {
                bound_names(left, src, &mut names);
            }
        } else if let Some(listed) = self.key_list(right, src) {
            first_binding(left, listed, src, &mut names);
        } else if self.key(right, src).is_some() {
            bound_names(left, src, &mut names);
        }
        self.strong_keys(names);
    }

    /// For `Object.keys(x)` and the like over an input: `Some(true)` when the elements are
    /// `[key, value]` pairs (`entries`).
    fn key_list(&self, e: Node<'_>, src: &[u8]) -> Option<bool> {
        let e = unwrap(e);
        if e.kind() != "call_expression" {
            return None;
        }
        let callee = unwrap(e.child_by_field_name("function")?);
        let method = last_name(callee, src);
        let arg = e.child_by_field_name("arguments")?.named_child(0)?;
        (callee.kind() == "member_expression"
            && KEY_LISTS.contains(&method.as_str())
            && matches!(
                text(callee.child_by_field_name("object")?, src),
                "Object" | "Reflect"
            )
            && self.input(arg, src))
        .then_some(method == "entries")
    }

    /// `Object.keys(src).forEach(k => ...)`, `keys.forEach(k => ...)`, `reduce((acc, k) => ...)`.
    fn callback(&mut self, call: Node<'_>, src: &[u8]) {
        let Some(callee) = call.child_by_field_name("function").map(unwrap) else {
            return;
        };
        if callee.kind() != "member_expression" {
            return;
        }
        let method = last_name(callee, src);
        if !CALLBACK_METHODS.contains(&method.as_str()) {
            return;
        }
        let Some(object) = callee.child_by_field_name("object") else {
            return;
        };
        let listed = match self.key_list(object, src) {
            Some(pairs) => pairs,
            None if self.key(object, src).is_some() => false,
            None => {
                // `args.forEach(obj => ...)` over an input: the elements are inputs.
                if self.input(object, src)
                    && let Some(cb) = call
                        .child_by_field_name("arguments")
                        .and_then(|a| a.named_child(0))
                        .filter(|c| is_function(*c))
                {
                    let at = usize::from(method == "reduce");
                    if let Some((_, names)) = params(cb, src).get(at) {
                        self.inputs.extend(names.iter().cloned());
                    }
                }
                return;
            }
        };
        let Some(cb) = call
            .child_by_field_name("arguments")
            .and_then(|a| a.named_child(0))
            .filter(|c| is_function(*c))
        else {
            return;
        };
        let at = usize::from(method == "reduce");
        let mut names = Vec::new();
        if let Some((p, _)) = params(cb, src).get(at) {
            first_binding(*p, listed, src, &mut names);
        }
        self.strong_keys(names);
    }

    /// A call of the function itself with a walked object makes that parameter walked.
    fn recursion(&mut self, call: Node<'_>, src: &[u8]) {
        let Some(callee) = call.child_by_field_name("function") else {
            return;
        };
        let name = last_name(callee, src);
        if name.is_empty() || !function_names(self.f, src).contains(&name) {
            return;
        }
        let Some(args) = call.child_by_field_name("arguments") else {
            return;
        };
        let ps = params(self.f, src);
        let mut cursor = args.walk();
        let args: Vec<Node<'_>> = args.named_children(&mut cursor).collect();
        for (i, a) in args.iter().enumerate() {
            if self.walk(*a, src).is_none() {
                continue;
            }
            match ps.get(i) {
                Some((_, names)) => {
                    for n in names {
                        self.walked.insert(n.clone(), true);
                    }
                }
                None => self.arguments_walked = true,
            }
            if ps.is_empty() {
                self.arguments_walked = true;
            }
        }
    }

    /// Whether an expression may hold an input object.
    fn input(&self, e: Node<'_>, src: &[u8]) -> bool {
        descendants(e)
            .into_iter()
            .any(|d| d.kind() == "identifier" && self.inputs.contains(text(d, src)))
    }

    /// Whether an expression is a key from the input, and how strong.
    fn key(&self, e: Node<'_>, src: &[u8]) -> Option<bool> {
        let e = unwrap(e);
        match e.kind() {
            "identifier" => self.keys.get(text(e, src)).copied(),
            "subscript_expression" => self
                .key(e.child_by_field_name("object")?, src)
                .map(|_| true),
            "call_expression" => {
                let callee = unwrap(e.child_by_field_name("function")?);
                match callee.kind() {
                    "member_expression" => self
                        .key(callee.child_by_field_name("object")?, src)
                        .map(|_| true),
                    "identifier" => {
                        let args = e.child_by_field_name("arguments")?;
                        let mut cursor = args.walk();
                        let any = args
                            .named_children(&mut cursor)
                            .any(|a| self.key(a, src).is_some());
                        any.then_some(true)
                    }
                    _ => None,
                }
            }
            "ternary_expression" => either(
                self.key(e.child_by_field_name("consequence")?, src),
                e.child_by_field_name("alternative")
                    .and_then(|a| self.key(a, src)),
            ),
            "binary_expression" if is_default_op(e, src) => either(
                e.child_by_field_name("left").and_then(|l| self.key(l, src)),
                e.child_by_field_name("right")
                    .and_then(|r| self.key(r, src)),
            ),
            _ => None,
        }
    }

    /// Whether an expression is an object reached through a key, how strong, and where.
    fn walk(&self, e: Node<'_>, src: &[u8]) -> Option<(bool, Span)> {
        let e = unwrap(e);
        let span = Span::new(e.start_byte(), e.end_byte());
        match e.kind() {
            "identifier" => self.walked.get(text(e, src)).map(|s| (*s, span)),
            "subscript_expression" => {
                let object = unwrap(e.child_by_field_name("object")?);
                if self.arguments_walked && text(object, src) == "arguments" {
                    return Some((true, span));
                }
                self.key(e.child_by_field_name("index")?, src)
                    .map(|s| (s, span))
            }
            "assignment_expression" => self.walk(e.child_by_field_name("left")?, src),
            "ternary_expression" => self
                .walk(e.child_by_field_name("consequence")?, src)
                .or_else(|| {
                    e.child_by_field_name("alternative")
                        .and_then(|a| self.walk(a, src))
                }),
            "binary_expression" if is_default_op(e, src) || op(e, src) == "&&" => {
                self.walk(e.child_by_field_name("left")?, src).or_else(|| {
                    e.child_by_field_name("right")
                        .and_then(|r| self.walk(r, src))
                })
            }
            _ => None,
        }
    }

    /// The unguarded writes `walked[key] = value` of the function itself and its callbacks
    /// (other nested functions are analysed on their own, with their enclosing function's
    /// guards); one per walked object, the first.
    fn defects(&self, src: &[u8]) -> Vec<Defect> {
        let mut out = Vec::new();
        let mut reported: HashSet<&str> = HashSet::new();
        for n in &self.nodes {
            if n.kind() != "assignment_expression" || !self.owns(*n) {
                continue;
            }
            let Some(left) = n.child_by_field_name("left").map(unwrap) else {
                continue;
            };
            if left.kind() != "subscript_expression" {
                continue;
            }
            let (Some(target), Some(index)) = (
                left.child_by_field_name("object"),
                left.child_by_field_name("index"),
            ) else {
                continue;
            };
            let (Some(key_strong), Some((walk_strong, walk_span))) =
                (self.key(index, src), self.walk(target, src))
            else {
                continue;
            };
            if !(key_strong || walk_strong)
                || reported.contains(text(unwrap(target), src))
                || self.fresh(*n, target, src)
                || self.checked(target, index, src)
            {
                continue;
            }
            reported.insert(text(unwrap(target), src));
            out.push(Defect {
                check: Check::PrototypePollution,
                span: Span::new(n.start_byte(), n.end_byte()),
                message: format!(
                    "`{}[{}] = ...` writes a property named by the input into an object reached \
                     through another key from the input; the keys `__proto__` (or `constructor` \
                     and `prototype`) make that object `Object.prototype`",
                    text(target, src),
                    text(index, src)
                ),
                trace: vec![TraceEvent {
                    span: walk_span,
                    note: "object reached through a key from the input".to_string(),
                }],
            });
        }
        out
    }

    /// Whether `n` belongs to this function or a callback in it, and not to a nested function
    /// of its own.
    fn owns(&self, n: Node<'_>) -> bool {
        let mut cur = n.parent();
        while let Some(p) = cur {
            if p == self.f {
                return true;
            }
            if is_function(p) && !is_callback(p) {
                return false;
            }
            cur = p.parent();
        }
        false
    }

    /// Whether the write's target variable was last assigned (in document order) a fresh object
    /// (`{}`, `[]`, `new C()`, `Object.create(...)`): `out = {}; for (k in src) out[k] = ...`
    /// fills a new object even where `out` held a walked one before.
    fn fresh(&self, write: Node<'_>, target: Node<'_>, src: &[u8]) -> bool {
        let target = unwrap(target);
        if target.kind() != "identifier" {
            return false;
        }
        let name = text(target, src);
        let last = self
            .nodes
            .iter()
            .filter(|n| n.end_byte() <= write.start_byte())
            .filter_map(|n| {
                let (l, v) = match n.kind() {
                    "variable_declarator" => (
                        n.child_by_field_name("name")?,
                        n.child_by_field_name("value")?,
                    ),
                    "assignment_expression" => (
                        n.child_by_field_name("left")?,
                        n.child_by_field_name("right")?,
                    ),
                    _ => return None,
                };
                (text(unwrap(l), src) == name).then_some(v)
            })
            .next_back();
        last.is_some_and(|v| {
            let v = unwrap(v);
            match v.kind() {
                "object" | "array" | "new_expression" => true,
                "call_expression" => v
                    .child_by_field_name("function")
                    .is_some_and(|c| text(c, src) == "Object.create"),
                _ => false,
            }
        })
    }

    /// Guards of one write: the walked object tested for own properties, or a key of the write
    /// passed to a call in a condition.
    fn checked(&self, target: Node<'_>, index: Node<'_>, src: &[u8]) -> bool {
        let target_text = text(unwrap(target), src);
        let mut key_texts = vec![text(unwrap(index), src)];
        if let Some(walked) = self.walk(target, src)
            && let Some(inner) = self
                .nodes
                .clone()
                .into_iter()
                .find(|d| d.start_byte() == walked.1.start && d.end_byte() == walked.1.end)
            && let Some(i) = inner.child_by_field_name("index")
        {
            key_texts.push(text(unwrap(i), src));
        }
        self.nodes.clone().into_iter().any(|d| {
            if d.kind() != "call_expression" {
                return false;
            }
            let callee = d.child_by_field_name("function").map(unwrap);
            let callee_text = callee.map(|c| text(c, src)).unwrap_or("");
            let args: Vec<Node<'_>> = d
                .child_by_field_name("arguments")
                .map(|a| {
                    let mut c = a.walk();
                    a.named_children(&mut c).collect()
                })
                .unwrap_or_default();
            if OWN_CHECKS.iter().any(|m| callee_text.contains(m)) {
                // `target.hasOwnProperty(k)`, `hasOwnProperty.call(target, k)`, `Object.hasOwn(target, k)`
                let object = callee
                    .and_then(|c| c.child_by_field_name("object"))
                    .map(|o| text(unwrap(o), src))
                    .unwrap_or("");
                let first = args.first().map(|a| text(unwrap(*a), src)).unwrap_or("");
                let tested = [object, first];
                return tested.contains(&target_text);
            }
            in_condition(d)
                && args
                    .iter()
                    .any(|a| key_texts.contains(&text(unwrap(*a), src)))
        })
    }
}

/// The names a loop variable or callback parameter binds as keys: the first element of a
/// `[key, value]` pattern for `entries`, else the whole binding.
fn first_binding(p: Node<'_>, pairs: bool, src: &[u8], out: &mut Vec<String>) {
    let mut p = p;
    while matches!(p.kind(), "required_parameter" | "optional_parameter") {
        match p.child_by_field_name("pattern") {
            Some(x) => p = x,
            None => return,
        }
    }
    if pairs {
        if p.kind() == "array_pattern"
            && let Some(first) = p.named_child(0)
        {
            bound_names(first, src, out);
        }
    } else {
        bound_names(p, src, out);
    }
}

fn either(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x || y),
        (x, None) => x,
        (None, y) => y,
    }
}

fn op<'a>(e: Node<'_>, src: &'a [u8]) -> &'a str {
    e.child_by_field_name("operator")
        .map_or("", |o| text(o, src))
}

fn is_default_op(e: Node<'_>, src: &[u8]) -> bool {
    matches!(op(e, src), "||" | "??")
}

/// Whether a call is part of a condition (`if`, loop test, `?:`, `&&`/`||` operand, `!`).
fn in_condition(n: Node<'_>) -> bool {
    let mut cur = n;
    while let Some(p) = cur.parent() {
        match p.kind() {
            "if_statement" | "while_statement" | "do_statement" => {
                return p.child_by_field_name("condition") == Some(cur);
            }
            "ternary_expression" => return p.child_by_field_name("condition") == Some(cur),
            "binary_expression" | "unary_expression" | "parenthesized_expression" => cur = p,
            _ => return false,
        }
    }
    false
}
