//! The flow IR: each function lowered from its tree-sitter tree into arenas of statements and
//! expressions with typed indices. Lowering is generic over languages: it recognises functions,
//! closures, classes, calls, returns, branches, loops and member accesses by the node kinds of
//! the file's language (`ferret_lang::FlowKinds`, one table per language), and assignments and
//! the rest by node kinds and field names that the grammars share, so one lowering serves all
//! thirteen languages.

use std::collections::{HashMap, HashSet};

use ferret_core::Span;
use ferret_lang::{FlowKinds, Language};
use serde::{Deserialize, Serialize};
use tree_sitter::Node;

/// Index of an expression in [`FuncIr::exprs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExprId(pub u32);

/// Index of a statement in [`FuncIr::stmts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StmtId(pub u32);

/// A compile-time constant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Const {
    /// An integer (also chars).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A string's content.
    Str(String),
    /// null / nil / None.
    Null,
}

impl Const {
    /// Truthiness, as a condition.
    pub fn truthy(&self) -> bool {
        match self {
            Const::Int(i) => *i != 0,
            Const::Bool(b) => *b,
            Const::Str(s) => !s.is_empty(),
            Const::Null => false,
        }
    }
}

/// An expression.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ExprKind {
    /// A variable or a field path: `x`, `obj.f`, `this.f`, `Class.FIELD`.
    Path(String),
    /// A literal.
    Lit(Const),
    /// A call (also `new C(...)`).
    Call {
        /// Last segment of the callee name (`exec`).
        name: String,
        /// The receiver (`obj` in `obj.m()`), if any.
        receiver: Option<ExprId>,
        /// Arguments.
        args: Vec<ExprId>,
        /// A class the call is bound to (`new C().m()`, `C.m()`), if known.
        class_hint: Option<String>,
        /// The receiver when it is a plain name or dotted path (`utils` in `utils.f()`), to
        /// resolve through the file's imports.
        qualifier: Option<String>,
    },
    /// An assignment used as an expression (or a declaration with initialiser).
    Assign {
        /// Target places (several for `a, b = ...`).
        places: Vec<(String, bool)>,
        /// The value.
        value: ExprId,
        /// Whether the old value flows too (`+=`).
        compound: bool,
        /// Expressions the target reads before the write (C and C++: the pointer in `p[i] = v`,
        /// `*p = v` and `p->f = v`), so that a write through a pointer is a use of it.
        reads: Vec<ExprId>,
    },
    /// `for x in it` binding, evaluated at the top of a loop.
    Binary {
        /// Operator text.
        op: String,
        /// Left operand.
        l: ExprId,
        /// Right operand.
        r: ExprId,
    },
    /// A unary operator.
    Unary {
        /// Operator text.
        op: String,
        /// Operand.
        e: ExprId,
    },
    /// A conditional expression (`c ? a : b`, Python's `a if c else b`): only the branch that a
    /// constant condition selects is evaluated.
    Cond {
        /// The condition.
        cond: ExprId,
        /// The value when it holds.
        then: ExprId,
        /// The value otherwise.
        els: ExprId,
    },
    /// A Python list or tuple display `[a, b]` (no unpacking): its elements stay apart by index.
    List(Vec<ExprId>),
    /// A Python dict display with constant keys `{"k": v}`: its entries stay apart by key.
    Dict(Vec<(String, ExprId)>),
    /// A lambda or closure, run where it is written; its parameters receive the taint of the
    /// call it is passed to.
    Closure {
        /// Parameter names (Kotlin's implicit `it` included).
        params: Vec<String>,
        /// The body.
        body: StmtId,
    },
    /// Anything else: taint flows from any child.
    Other(Vec<ExprId>),
}

/// An expression with its span.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// A statement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum StmtKind {
    /// Statements in order.
    Seq(Vec<StmtId>),
    /// An expression evaluated for its effects (assignments are expressions).
    Expr(ExprId),
    /// `return e`.
    Return(Option<ExprId>),
    /// `if cond then else`.
    If {
        /// Condition.
        cond: ExprId,
        /// Taken branch.
        then: StmtId,
        /// Other branch.
        els: Option<StmtId>,
    },
    /// Exactly one of these runs (switch cases, catch clauses), or none when `may_skip`.
    Choice {
        /// Alternatives.
        alts: Vec<StmtId>,
        /// Whether none may run.
        may_skip: bool,
    },
    /// A loop; `bind` is assigned from `iter` on each iteration.
    Loop {
        /// Loop variable place(s).
        bind: Vec<String>,
        /// Iterated collection.
        iter: Option<ExprId>,
        /// Condition, evaluated before each iteration.
        cond: Option<ExprId>,
        /// Body.
        body: StmtId,
    },
    /// Nothing.
    Nop,
}

/// A statement with its span.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stmt {
    /// What it is.
    pub kind: StmtKind,
    /// Where it is.
    pub span: Span,
}

/// One function lowered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FuncIr {
    /// Its name (`<module>` for top-level code).
    pub name: String,
    /// The enclosing class, if any.
    pub class: Option<String>,
    /// Parameter names.
    pub params: Vec<String>,
    /// Parameter spans (for sources written as parameters).
    pub param_spans: Vec<Span>,
    /// Expressions.
    pub exprs: Vec<Expr>,
    /// Statements.
    pub stmts: Vec<Stmt>,
    /// The body.
    pub body: StmtId,
    /// The whole definition.
    pub span: Span,
    /// A constant the function always returns (`return true;`), if any.
    pub const_return: Option<Const>,
    /// Lowering stopped at the node budget.
    pub truncated: bool,
    /// Names declared in the function (parameters and local declarations).
    pub locals: std::collections::HashSet<String>,
    /// Whether it takes a variable number of arguments (`...`, `*args`, `...rest`, `vararg`).
    pub variadic: bool,
    /// C and C++ parameters the function can write its caller's variable through: references
    /// (`T &x`) and pointers (`T *p`), as a bit set by position.
    pub out_params: u32,
    /// The enclosing namespace (C++ `namespace`, C# `namespace`), if any: an unqualified call
    /// refers to a function of the same namespace first.
    #[serde(default)]
    pub scope: Option<String>,
}

impl FuncIr {
    /// The expression `id`.
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.0 as usize]
    }

    /// The statement `id`.
    pub fn stmt(&self, id: StmtId) -> &Stmt {
        &self.stmts[id.0 as usize]
    }
}

/// The most IR nodes one function may lower to; bigger functions are cut and reported.
pub const MAX_NODES_PER_FUNCTION: usize = 200_000;

fn is_identifier_kind(k: &str) -> bool {
    k.ends_with("identifier")
        || matches!(
            k,
            "variable_name"
                | "name"
                | "self"
                | "this"
                | "constant"
                | "instance_variable"
                | "global_variable"
                | "class_variable"
                | "field"
                | "shorthand_property_identifier"
        )
}

fn is_string_kind(lang: Language, k: &str) -> bool {
    lang.syntax().string_kinds.contains(&k) || k == "string_literal" || k == "string"
}

/// The text of a string literal, if it has no interpolation.
fn string_value(n: Node<'_>, src: &[u8]) -> Option<String> {
    if n.kind() == "concatenated_string" {
        // `"a" f"{x}"`: constant only when every part is.
        let mut c = n.walk();
        let parts: Vec<Node<'_>> = n.named_children(&mut c).collect();
        let mut out = String::new();
        for p in parts {
            if p.kind().contains("comment") {
                continue;
            }
            out.push_str(&string_value(p, src)?);
        }
        return Some(out);
    }
    let mut c = n.walk();
    if n.children(&mut c).any(|ch| {
        let k = ch.kind();
        k.contains("interpolation")
            || k == "template_substitution"
            || k == "format_expression"
            || k == "variable_name"
            || k == "member_access_expression"
            || k == "subscript_expression"
            || k == "dynamic_variable_name"
            || k.contains("expression")
    }) {
        return None;
    }
    let t = std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).ok()?;
    let t = t.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '@');
    let t = t
        .trim_start_matches(['"', '\'', '`'])
        .trim_end_matches(['"', '\'', '`']);
    Some(t.to_string())
}

fn literal(lang: Language, n: Node<'_>, src: &[u8]) -> Option<Const> {
    let k = n.kind();
    let text = std::str::from_utf8(&src[n.start_byte()..n.end_byte()])
        .ok()?
        .trim();
    match k {
        "true" => return Some(Const::Bool(true)),
        "false" => return Some(Const::Bool(false)),
        "null" | "nil" | "none" | "null_literal" | "nullptr" => return Some(Const::Null),
        "boolean_literal" | "boolean" => return Some(Const::Bool(text == "true")),
        _ => {}
    }
    if matches!(text, "True" | "true") && n.child_count() == 0 {
        return Some(Const::Bool(true));
    }
    if matches!(text, "False" | "false") && n.child_count() == 0 {
        return Some(Const::Bool(false));
    }
    if matches!(text, "None" | "NULL" | "nil" | "null") && n.child_count() == 0 {
        return Some(Const::Null);
    }
    if k.contains("integer")
        || k.contains("number")
        || k == "int_literal"
        || k == "decimal_integer_literal"
        || k == "hex_integer_literal"
    {
        let clean: String = text
            .chars()
            .filter(|c| *c != '_')
            .collect::<String>()
            .trim_end_matches(['L', 'l', 'U', 'u'])
            .to_string();
        let v = if let Some(h) = clean
            .strip_prefix("0x")
            .or_else(|| clean.strip_prefix("0X"))
        {
            i64::from_str_radix(h, 16).ok()
        } else {
            clean.parse::<i64>().ok()
        };
        return v.map(Const::Int);
    }
    if k == "char_literal" || k == "character_literal" {
        let inner = text.trim_matches('\'');
        if inner.chars().count() == 1 {
            return inner.chars().next().map(|c| Const::Int(c as i64));
        }
    }
    if is_string_kind(lang, k) {
        return string_value(n, src).map(Const::Str);
    }
    None
}

/// Turns `a.b`, `a->b`, `a::b`, `this.x`, `$x` into a dotted path.
fn path_text(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut seg = false;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'@' || c >= 0x80 {
            out.push(c as char);
            seg = true;
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'.'
            || (c == b':' && b.get(i + 1) == Some(&b':'))
            || (c == b'-' && b.get(i + 1) == Some(&b'>'))
        {
            if !seg {
                return None;
            }
            out.push('.');
            seg = false;
            i += if c == b'.' { 1 } else { 2 };
        } else {
            return None;
        }
    }
    if !seg || out.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    Some(out)
}

struct Lower<'a> {
    lang: Language,
    /// The node kinds of `lang` that lowering gives a meaning.
    flow: &'static FlowKinds,
    src: &'a [u8],
    exprs: Vec<Expr>,
    stmts: Vec<Stmt>,
    nested: Vec<Node<'a>>,
    budget: usize,
    decls: Vec<String>,
    macros: &'a HashMap<String, String>,
    aliases: Aliases,
}

/// What a case of a Python `match` tests, and the names its pattern binds to the subject.
enum CaseTest {
    /// It always matches (`_`, a capture).
    Always(Vec<String>),
    /// It matches when the subject equals one of these.
    Lits(Vec<Const>, Vec<String>),
    /// It may or may not match.
    Unknown(Vec<String>),
}

fn span(n: Node<'_>) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

impl<'a> Lower<'a> {
    fn text(&self, n: Node<'_>) -> &'a str {
        std::str::from_utf8(&self.src[n.start_byte()..n.end_byte()]).unwrap_or("")
    }

    fn expr(&mut self, kind: ExprKind, span: Span) -> ExprId {
        self.exprs.push(Expr { kind, span });
        ExprId(self.exprs.len() as u32 - 1)
    }

    fn stmt(&mut self, kind: StmtKind, span: Span) -> StmtId {
        self.stmts.push(Stmt { kind, span });
        StmtId(self.stmts.len() as u32 - 1)
    }

    fn out_of_budget(&mut self) -> bool {
        if self.budget == 0 {
            return true;
        }
        self.budget -= 1;
        false
    }

    fn named(&self, n: Node<'a>) -> Vec<Node<'a>> {
        let mut c = n.walk();
        n.named_children(&mut c)
            .filter(|x| !x.kind().contains("comment"))
            .collect()
    }

    /// The cases a C or C++ `switch` on an integer literal runs: the matching `case` (or
    /// `default`) and the ones it falls through to. `None` when the subject is not a literal.
    fn constant_switch(&self, subject: Option<Node<'a>>, body: Node<'a>) -> Option<Vec<Node<'a>>> {
        if !matches!(self.lang, Language::C | Language::Cpp) {
            return None;
        }
        let mut s = subject?;
        while matches!(s.kind(), "parenthesized_expression" | "condition_clause") {
            s = self.named(s).into_iter().next()?;
        }
        let Some(Const::Int(v)) = literal(self.lang, s, self.src) else {
            return None;
        };
        let cases: Vec<Node<'a>> = self.named(body);
        if cases.iter().any(|c| c.kind() != "case_statement") {
            return None;
        }
        let value_of = |c: &Node<'a>| {
            c.child_by_field_name("value")
                .map(|x| literal(self.lang, x, self.src))
        };
        // a case whose label is not a literal might match: give up
        if cases.iter().any(|c| matches!(value_of(c), Some(None))) {
            return None;
        }
        let start = cases
            .iter()
            .position(|c| matches!(value_of(c), Some(Some(Const::Int(x))) if x == v))
            .or_else(|| cases.iter().position(|c| value_of(c).is_none()));
        let Some(start) = start else {
            return Some(Vec::new());
        };
        let mut taken = Vec::new();
        for c in &cases[start..] {
            taken.push(*c);
            let mut w = c.walk();
            if c.named_children(&mut w)
                .any(|x| matches!(x.kind(), "break_statement" | "return_statement"))
            {
                break;
            }
        }
        Some(taken)
    }

    /// `*p` where `p` only ever holds `&x`: (`p`, `x`).
    fn deref_alias(&self, n: Node<'a>) -> Option<(String, String)> {
        if n.kind() != "pointer_expression" || self.aliases.pointee.is_empty() {
            return None;
        }
        let op = n.child_by_field_name("operator")?;
        let arg = n.child_by_field_name("argument")?;
        if self.text(op) != "*" || arg.kind() != "identifier" {
            return None;
        }
        let p = self.text(arg);
        let x = self.aliases.pointee.get(p)?;
        Some((p.to_string(), x.clone()))
    }

    /// `u.f` where `u` is a local of a union type: every member is the same storage, `u`.
    fn union_member(&self, n: Node<'a>) -> Option<String> {
        if n.kind() != "field_expression" || self.aliases.unions.is_empty() {
            return None;
        }
        let arg = n.child_by_field_name("argument")?;
        let op = n.child_by_field_name("operator")?;
        if arg.kind() != "identifier" || self.text(op) != "." {
            return None;
        }
        let u = self.text(arg);
        self.aliases.unions.contains(u).then(|| u.to_string())
    }

    /// The place an assignment target writes: (path, strong update?).
    fn place(&self, n: Node<'a>) -> Option<(String, bool)> {
        let k = n.kind();
        if is_identifier_kind(k) {
            let t = self.text(n);
            let t = self.aliases.refs.get(t).map(String::as_str).unwrap_or(t);
            return Some((t.to_string(), true));
        }
        if let Some(u) = self.union_member(n) {
            return Some((u, true));
        }
        match k {
            "pointer_declarator"
            | "array_declarator"
            | "init_declarator"
            | "reference_declarator"
            | "parenthesized_declarator" => {
                let d = n
                    .child_by_field_name("declarator")
                    .or_else(|| self.named(n).into_iter().next())?;
                let (p, _) = self.place(d)?;
                return Some((p, true));
            }
            "pointer_expression"
            | "unary_expression"
            | "subscript_expression"
            | "subscript"
            | "element_access_expression"
            | "array_access"
            | "index_expression"
            | "element_reference"
            | "subscript_access"
            | "indexed_access_expression" => {
                let inner = n
                    .child_by_field_name("argument")
                    .or_else(|| n.child_by_field_name("array"))
                    .or_else(|| n.child_by_field_name("value"))
                    .or_else(|| n.child_by_field_name("expression"))
                    .or_else(|| n.child_by_field_name("operand"))
                    .or_else(|| self.named(n).into_iter().next())?;
                let (p, _) = self.place(inner)?;
                // `m["k"] = v` writes the key `k` only (a constant key keeps entries apart).
                if let Some(key) = self.constant_key(n, inner) {
                    return Some((format!("{p}.[{key}]"), true));
                }
                return Some((p, false));
            }
            "parenthesized_expression"
            | "variable_declarator"
            | "typed_parameter"
            | "expression_list"
            | "pattern_list"
            | "tuple_pattern"
            | "let_declaration" => {
                let inner = n
                    .child_by_field_name("name")
                    .or_else(|| n.child_by_field_name("pattern"))
                    .or_else(|| self.named(n).into_iter().next())?;
                return self.place(inner);
            }
            _ => {}
        }
        path_text(self.text(n)).map(|p| (p, true))
    }

    /// The indexed expression of a subscript `base[i]`.
    fn subscript_base(&self, n: Node<'a>) -> Option<Node<'a>> {
        if !KEYED_SUBSCRIPTS.contains(&n.kind()) && n.kind() != "array_access" {
            return None;
        }
        n.child_by_field_name("value")
            .or_else(|| n.child_by_field_name("object"))
            .or_else(|| n.child_by_field_name("array"))
            .or_else(|| n.child_by_field_name("expression"))
            .or_else(|| n.child_by_field_name("argument"))
            .or_else(|| n.child_by_field_name("operand"))
            .or_else(|| self.named(n).into_iter().next())
    }

    /// The constant string or integer key of a subscript `base[KEY]`, if it is one.
    fn constant_key(&self, n: Node<'a>, base: Node<'a>) -> Option<String> {
        if !KEYED_SUBSCRIPTS.contains(&n.kind()) {
            return None;
        }
        let idx = n
            .child_by_field_name("subscript")
            .or_else(|| n.child_by_field_name("index"))
            .or_else(|| self.named(n).into_iter().find(|c| c.id() != base.id()))?;
        let idx = if matches!(idx.kind(), "bracketed_argument_list" | "argument") {
            self.named(idx).into_iter().next()?
        } else {
            idx
        };
        let named = self.named(idx);
        // `-1`
        let lit = if matches!(idx.kind(), "unary_operator" | "unary_expression")
            && named.len() == 1
            && self.text(idx).trim_start().starts_with('-')
        {
            match literal(self.lang, named[0], self.src)? {
                Const::Int(i) => Const::Int(-i),
                _ => return None,
            }
        } else {
            literal(self.lang, idx, self.src)?
        };
        match lit {
            Const::Str(k) => Some(k),
            Const::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }

    fn places(&self, n: Node<'a>) -> Vec<(String, bool)> {
        if let Some((p, x)) = self.deref_alias(n) {
            // `*p = v` where `p = &x`: a write to `x` (and, weakly, through `p`).
            return vec![(x, true), (p, false)];
        }
        match n.kind() {
            "expression_list"
            | "pattern_list"
            | "tuple_pattern"
            | "tuple"
            | "left_assignment_list"
            | "destructuring_pattern"
            | "array_pattern"
            | "object_pattern"
            | "multiple_variable_declaration" => self
                .named(n)
                .into_iter()
                .filter_map(|c| self.place(c))
                .collect(),
            _ => self.place(n).into_iter().collect(),
        }
    }

    /// Fields that make a node an assignment: (target, value).
    fn assignment_parts(&self, n: Node<'a>) -> Option<(Node<'a>, Option<Node<'a>>)> {
        let k = n.kind();
        if k.contains("parameter") {
            return None;
        }
        if let (Some(l), Some(r)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) && (k.contains("assign")
            || k.contains("declaration")
            || k.contains("declarator")
            || k == "short_var_declaration"
            || k == "assignment"
            || k == "operator_assignment")
        {
            return Some((l, Some(r)));
        }
        if matches!(
            k,
            "variable_declarator"
                | "init_declarator"
                | "let_declaration"
                | "var_spec"
                | "const_spec"
                | "property_declaration"
                | "lexical_declaration"
                | "static_variable_declaration"
                | "const_declaration"
                | "property_element"
        ) {
            let target = n
                .child_by_field_name("name")
                .or_else(|| n.child_by_field_name("declarator"))
                .or_else(|| n.child_by_field_name("pattern"))
                .or_else(|| {
                    self.named(n).into_iter().find(|c| {
                        is_identifier_kind(c.kind()) || c.kind() == "variable_declaration"
                    })
                })?;
            let value = n.child_by_field_name("value").or_else(|| {
                self.named(n).into_iter().rev().find(|c| {
                    c.id() != target.id() && !c.kind().contains("type") && c.kind() != "modifiers"
                })
            });
            let value = value.map(|v| {
                if v.kind() == "equals_value_clause"
                    || v.kind() == "expression_list" && self.named(v).len() == 1
                {
                    self.named(v).into_iter().next().unwrap_or(v)
                } else {
                    v
                }
            });
            return Some((target, value));
        }
        if k == "assignment_expression" || k == "assignment" {
            let named = self.named(n);
            if named.len() >= 2 {
                return Some((named[0], Some(named[named.len() - 1])));
            }
        }
        None
    }

    fn lower_expr(&mut self, n: Node<'a>) -> ExprId {
        let sp = span(n);
        if self.out_of_budget() {
            return self.expr(ExprKind::Other(Vec::new()), sp);
        }
        let k = n.kind();
        if let Some(c) = literal(self.lang, n, self.src) {
            return self.expr(ExprKind::Lit(c), sp);
        }
        if let Some((p, x)) = self.deref_alias(n) {
            // `*p` where `p = &x` reads `x`.
            let arg = n.child_by_field_name("argument").unwrap_or(n);
            let pe = self.expr(ExprKind::Path(p), span(arg));
            let xe = self.expr(ExprKind::Path(x), Span::new(sp.start, sp.start));
            return self.expr(ExprKind::Other(vec![pe, xe]), sp);
        }
        if let Some(u) = self.union_member(n) {
            return self.expr(ExprKind::Path(u), sp);
        }
        if is_identifier_kind(k) {
            let mut t = self.text(n).to_string();
            // C and C++: an object-like macro that names a variable stands for it.
            if let Some(v) = self.macros.get(&t) {
                t = v.clone();
            }
            // C++: a reference names the variable it is bound to.
            if let Some(v) = self.aliases.refs.get(&t) {
                t = v.clone();
            }
            return self.expr(ExprKind::Path(t), sp);
        }
        if self.flow.is_function(k) {
            if self.flow.is_function_value(k) {
                let body = n
                    .child_by_field_name("body")
                    .or_else(|| self.named(n).into_iter().last());
                let st = match body {
                    Some(b) => self.lower_stmt(b),
                    None => self.stmt(StmtKind::Nop, sp),
                };
                let mut params: Vec<String> = param_nodes(n)
                    .into_iter()
                    .filter_map(|p| param_name(p, self.src).map(|(name, _)| name))
                    .collect();
                if params.is_empty() {
                    // `x => ...` (one bare parameter), Ruby `|x|`, Kotlin `{ a -> }` and `it`.
                    if let Some(p) = n.child_by_field_name("parameter") {
                        params.push(self.text(p).to_string());
                    }
                    let mut c = n.walk();
                    for ch in n.named_children(&mut c) {
                        if ch.kind().contains("parameter") && ch.kind() != "parameter" {
                            let mut c2 = ch.walk();
                            for x in ch.named_children(&mut c2) {
                                if let Some((name, _)) = param_name(x, self.src) {
                                    params.push(name);
                                }
                            }
                        }
                    }
                    if params.is_empty() && self.lang == Language::Kotlin {
                        params.push("it".to_string());
                    }
                }
                return self.expr(ExprKind::Closure { params, body: st }, sp);
            }
            self.nested.push(n);
            return self.expr(ExprKind::Other(Vec::new()), sp);
        }
        if let Some((target, value)) = self.assignment_parts(n) {
            let places = self.places(target);
            let declares = self.lang == Language::Python
                || matches!(
                    k,
                    "variable_declarator"
                        | "init_declarator"
                        | "let_declaration"
                        | "var_spec"
                        | "short_var_declaration"
                        | "property_declaration"
                        | "lexical_declaration"
                        | "const_spec"
                        | "static_variable_declaration"
                );
            if declares {
                self.decls.extend(places.iter().map(|(p, _)| p.clone()));
            }
            let compound = k.contains("augmented")
                || k.contains("compound")
                || k == "operator_assignment"
                || self.text(n).contains("+=");
            let mut reads = Vec::new();
            if matches!(self.lang, Language::C | Language::Cpp)
                && matches!(
                    target.kind(),
                    "subscript_expression" | "field_expression" | "pointer_expression"
                )
                && let Some(base) = target.child_by_field_name("argument")
            {
                reads.push(self.lower_expr(base));
            }
            // `m[k] = v` reads `k` when it is not a constant (C and C++ keep their own model of
            // writes through pointers above).
            if !matches!(self.lang, Language::C | Language::Cpp)
                && let Some(base) = self.subscript_base(target)
                && self.constant_key(target, base).is_none()
            {
                for idx in self.named(target) {
                    if idx.id() != base.id() {
                        reads.push(self.lower_expr(idx));
                    }
                }
            }
            let value = match value {
                Some(v) => self.lower_expr(v),
                None => self.expr(ExprKind::Other(Vec::new()), sp),
            };
            return self.expr(
                ExprKind::Assign {
                    places,
                    value,
                    compound,
                    reads,
                },
                sp,
            );
        }
        if self.flow.is_call(k) {
            return self.lower_call(n);
        }
        if matches!(
            k,
            "binary_expression"
                | "binary_operator"
                | "boolean_operator"
                | "comparison_operator"
                | "binary"
                | "infix_expression"
                | "additive_expression"
                | "multiplicative_expression"
                | "comparison_expression"
                | "equality_expression"
                | "conjunction_expression"
                | "disjunction_expression"
                | "concatenated_string"
        ) {
            let named = self.named(n);
            if named.len() == 2 {
                let op = n
                    .child_by_field_name("operator")
                    .map(|o| self.text(o).to_string())
                    .unwrap_or_else(|| {
                        let l = named[0].end_byte();
                        let r = named[1].start_byte();
                        String::from_utf8_lossy(&self.src[l..r]).trim().to_string()
                    });
                let l = self.lower_expr(named[0]);
                let r = self.lower_expr(named[1]);
                return self.expr(ExprKind::Binary { op, l, r }, sp);
            }
        }
        if matches!(k, "conditional_expression" | "ternary_expression") {
            let fields = (
                n.child_by_field_name("condition"),
                n.child_by_field_name("consequence"),
                n.child_by_field_name("alternative"),
            );
            let named = self.named(n);
            let parts = match fields {
                (Some(c), Some(t), Some(e)) => Some((c, t, e)),
                // Python: `a if c else b` has no field names.
                _ if self.lang == Language::Python && named.len() == 3 => {
                    Some((named[1], named[0], named[2]))
                }
                _ => None,
            };
            if let Some((c, t, e)) = parts {
                let cond = self.lower_expr(c);
                let then = self.lower_expr(t);
                let els = self.lower_expr(e);
                return self.expr(ExprKind::Cond { cond, then, els }, sp);
            }
        }
        if matches!(
            k,
            "unary_expression"
                | "pointer_expression"
                | "not_operator"
                | "unary"
                | "prefix_expression"
                | "unary_op_expression"
        ) {
            let named = self.named(n);
            if named.len() == 1 {
                let op = self.text(n)[..named[0].start_byte() - n.start_byte()]
                    .trim()
                    .to_string();
                let e = self.lower_expr(named[0]);
                return self.expr(ExprKind::Unary { op, e }, sp);
            }
        }
        if matches!(
            k,
            "parenthesized_expression"
                | "expression_statement"
                | "argument"
                | "value_argument"
                | "parenthesized_statements"
        ) {
            let named = self.named(n);
            if named.len() == 1 {
                return self.lower_expr(named[0]);
            }
        }
        if let Some(base) = self.subscript_base(n)
            && let Some(key) = self.constant_key(n, base)
            && let Some(bp) = path_text(self.text(base))
        {
            return self.expr(ExprKind::Path(format!("{bp}.[{key}]")), sp);
        }
        if self.flow.is_member(k)
            && let Some(p) = path_text(self.text(n))
        {
            return self.expr(ExprKind::Path(p), sp);
        }
        if self.lang == Language::Python && matches!(k, "list" | "tuple") {
            let items = self.named(n);
            if items.iter().all(|c| !c.kind().contains("splat")) {
                let ids = items.into_iter().map(|c| self.lower_expr(c)).collect();
                return self.expr(ExprKind::List(ids), sp);
            }
        }
        if self.lang == Language::Python && k == "dictionary" {
            let items = self.named(n);
            let keys: Option<Vec<(String, Node<'a>)>> = items
                .iter()
                .map(|c| {
                    if c.kind() != "pair" {
                        return None;
                    }
                    let key = match literal(self.lang, c.child_by_field_name("key")?, self.src)? {
                        Const::Str(k) => k,
                        Const::Int(i) => i.to_string(),
                        _ => return None,
                    };
                    Some((key, c.child_by_field_name("value")?))
                })
                .collect();
            if let Some(keys) = keys {
                let entries = keys
                    .into_iter()
                    .map(|(key, v)| (key, self.lower_expr(v)))
                    .collect();
                return self.expr(ExprKind::Dict(entries), sp);
            }
        }
        let children: Vec<ExprId> = self
            .named(n)
            .into_iter()
            .filter(|c| !c.kind().contains("type") || c.kind().contains("expression"))
            .map(|c| self.lower_expr(c))
            .collect();
        self.expr(ExprKind::Other(children), sp)
    }

    /// Turns the last expression statement of a body into a return.
    fn implicit_return(&mut self, s: StmtId) {
        let kind = self.stmts[s.0 as usize].kind.clone();
        match kind {
            StmtKind::Seq(items) => {
                if let Some(last) = items.last() {
                    self.implicit_return(*last);
                }
            }
            StmtKind::Expr(e)
                if !matches!(self.exprs[e.0 as usize].kind, ExprKind::Assign { .. }) =>
            {
                self.stmts[s.0 as usize].kind = StmtKind::Return(Some(e));
            }
            _ => {}
        }
    }

    fn lower_call(&mut self, n: Node<'a>) -> ExprId {
        let sp = span(n);
        let callee = n
            .child_by_field_name("function")
            .or_else(|| n.child_by_field_name("method"))
            .or_else(|| n.child_by_field_name("macro"))
            .or_else(|| n.child_by_field_name("constructor"))
            .or_else(|| n.child_by_field_name("type"))
            .or_else(|| n.child_by_field_name("name"));
        let explicit_receiver = n
            .child_by_field_name("object")
            .or_else(|| n.child_by_field_name("receiver"))
            .or_else(|| n.child_by_field_name("scope"));
        let mut callee = callee.or_else(|| self.named(n).into_iter().next());
        let mut receiver_node = explicit_receiver;
        // `obj.m(...)` where the callee is a member expression.
        if receiver_node.is_none()
            && let Some(c) = callee
            && self.flow.is_method_callee(c.kind())
        {
            let obj = c
                .child_by_field_name("object")
                .or_else(|| c.child_by_field_name("operand"))
                .or_else(|| c.child_by_field_name("expression"))
                .or_else(|| c.child_by_field_name("value"))
                .or_else(|| c.child_by_field_name("argument"))
                .or_else(|| c.child_by_field_name("path"))
                .or_else(|| c.child_by_field_name("scope"))
                .or_else(|| self.named(c).into_iter().next());
            let field = c
                .child_by_field_name("attribute")
                .or_else(|| c.child_by_field_name("property"))
                .or_else(|| c.child_by_field_name("field"))
                .or_else(|| c.child_by_field_name("name"))
                .or_else(|| self.named(c).into_iter().last());
            if let Some(o) = obj
                && field.is_some_and(|f| f.id() != o.id())
            {
                receiver_node = Some(o);
                callee = field;
            }
        }
        let name_text = callee.map(|c| self.text(c)).unwrap_or("");
        let name = name_text
            .rsplit(['.', ':', '>', '\\'])
            .next()
            .unwrap_or(name_text)
            .split('<')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches("new ")
            .to_string();
        // C and C++: a call through a function pointer that only ever holds `f` calls `f`.
        let name = match self
            .aliases
            .funcs
            .get(name.trim_matches(|c: char| c == '(' || c == ')' || c == '*' || c == ' '))
        {
            Some(f) if receiver_node.is_none() => f.clone(),
            _ => name,
        };
        let mut class_hint = None;
        if let Some(r) = receiver_node {
            let rt = self.text(r).trim().trim_start_matches(['(', ' ']).trim();
            if let Some(rest) = rt.strip_prefix("new ") {
                class_hint = Some(
                    rest.split(['(', '<', ' '])
                        .next()
                        .unwrap_or("")
                        .rsplit('.')
                        .next()
                        .unwrap_or("")
                        .to_string(),
                );
            } else if rt.starts_with(char::is_uppercase) && path_text(rt).is_some() {
                class_hint = Some(rt.rsplit('.').next().unwrap_or(rt).to_string());
            } else if matches!(rt, "this" | "self" | "$this") {
                class_hint = Some(String::from("<self>"));
            }
        }
        let qualifier = receiver_node.and_then(|r| path_text(self.text(r)));
        let receiver = receiver_node.map(|r| self.lower_expr(r));
        let args_node = n
            .child_by_field_name("arguments")
            .or_else(|| {
                // Go `T{F: v}`: the elements are the arguments.
                if n.kind() == "composite_literal" {
                    n.child_by_field_name("body")
                } else {
                    None
                }
            })
            .or_else(|| {
                self.named(n).into_iter().find(|c| {
                    c.kind().contains("argument")
                        || c.kind() == "call_suffix"
                        || (n.kind() == "macro_invocation" && c.kind() == "token_tree")
                })
            });
        let mut args = Vec::new();
        if let Some(a) = args_node {
            let mut items = self.named(a);
            // Kotlin: call_suffix > value_arguments > value_argument.
            while items.len() == 1
                && (items[0].kind().ends_with("arguments") || items[0].kind() == "value_arguments")
            {
                items = self.named(items[0]);
            }
            for item in items {
                args.push(self.lower_expr(item));
            }
        }
        // C++ `new T[n]` (and `new T[n][4]`): the array lengths are operands too.
        if n.kind() == "new_expression"
            && let Some(d) = n.child_by_field_name("declarator")
        {
            let mut todo = vec![d];
            while let Some(d) = todo.pop() {
                if d.kind() != "new_declarator" {
                    continue;
                }
                if let Some(len) = d.child_by_field_name("length") {
                    args.push(self.lower_expr(len));
                }
                todo.extend(
                    self.named(d)
                        .into_iter()
                        .filter(|c| c.kind() == "new_declarator"),
                );
            }
        }
        // Trailing lambdas and blocks (Ruby `do ... end`, Kotlin `{ }`).
        if let Some(b) = n.child_by_field_name("block") {
            args.push(self.lower_expr(b));
        }
        self.expr(
            ExprKind::Call {
                name,
                receiver,
                args,
                class_hint,
                qualifier,
            },
            sp,
        )
    }

    /// Python's `match`: a chain of `if subject == literal` tests, one per `case`, so that a
    /// constant subject selects its case and the others are dead. Patterns other than literals,
    /// unions of literals, captures and `_` are tests of unknown outcome.
    fn lower_python_match(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        let Some(subject_node) = n.child_by_field_name("subject") else {
            return self.stmt(StmtKind::Nop, sp);
        };
        let subject = self.lower_expr(subject_node);
        let first = self.stmt(StmtKind::Expr(subject), span(subject_node));
        let clauses: Vec<Node<'a>> = n
            .child_by_field_name("body")
            .map(|b| {
                self.named(b)
                    .into_iter()
                    .filter(|c| c.kind() == "case_clause")
                    .collect()
            })
            .unwrap_or_default();
        let mut chain: Option<StmtId> = None;
        for cl in clauses.into_iter().rev() {
            let csp = span(cl);
            let pats: Vec<Node<'a>> = self
                .named(cl)
                .into_iter()
                .filter(|c| c.kind() == "case_pattern")
                .collect();
            // `case a, b:` is a sequence pattern.
            let test = if pats.len() == 1 {
                self.case_test(pats[0])
            } else {
                CaseTest::Unknown(Vec::new())
            };
            let mut then_parts = Vec::new();
            let cond = match test {
                CaseTest::Always(binds) => {
                    self.bind_case(&binds, subject, csp, &mut then_parts);
                    None
                }
                CaseTest::Lits(lits, binds) => {
                    self.bind_case(&binds, subject, csp, &mut then_parts);
                    let mut cond: Option<ExprId> = None;
                    for c in lits {
                        let r = self.expr(ExprKind::Lit(c), csp);
                        let eq = self.expr(
                            ExprKind::Binary {
                                op: "==".into(),
                                l: subject,
                                r,
                            },
                            csp,
                        );
                        cond = Some(match cond {
                            None => eq,
                            Some(prev) => self.expr(
                                ExprKind::Binary {
                                    op: "or".into(),
                                    l: prev,
                                    r: eq,
                                },
                                csp,
                            ),
                        });
                    }
                    cond
                }
                CaseTest::Unknown(binds) => {
                    self.bind_case(&binds, subject, csp, &mut then_parts);
                    Some(self.expr(ExprKind::Other(Vec::new()), csp))
                }
            };
            let cond = match (cond, cl.child_by_field_name("guard")) {
                (c, Some(g)) => {
                    let ge = match self.named(g).into_iter().next() {
                        Some(x) => self.lower_expr(x),
                        None => self.expr(ExprKind::Other(Vec::new()), span(g)),
                    };
                    Some(match c {
                        None => ge,
                        Some(c) => self.expr(
                            ExprKind::Binary {
                                op: "and".into(),
                                l: c,
                                r: ge,
                            },
                            csp,
                        ),
                    })
                }
                (c, None) => c,
            };
            if let Some(body) = cl.child_by_field_name("consequence") {
                then_parts.push(self.lower_stmt(body));
            }
            let then = self.stmt(StmtKind::Seq(then_parts), csp);
            chain = Some(match cond {
                // An irrefutable pattern: the cases after it never run.
                None => then,
                Some(cond) => self.stmt(
                    StmtKind::If {
                        cond,
                        then,
                        els: chain,
                    },
                    csp,
                ),
            });
        }
        let mut parts = vec![first];
        parts.extend(chain);
        self.stmt(StmtKind::Seq(parts), sp)
    }

    /// Capture names of a case pattern receive the subject.
    fn bind_case(&mut self, binds: &[String], subject: ExprId, sp: Span, out: &mut Vec<StmtId>) {
        if binds.is_empty() {
            return;
        }
        self.decls.extend(binds.iter().cloned());
        let e = self.expr(
            ExprKind::Assign {
                places: binds.iter().map(|b| (b.clone(), true)).collect(),
                value: subject,
                compound: false,
                reads: Vec::new(),
            },
            sp,
        );
        out.push(self.stmt(StmtKind::Expr(e), sp));
    }

    /// What a Python case pattern tests.
    fn case_test(&self, p: Node<'a>) -> CaseTest {
        let named = self.named(p);
        match p.kind() {
            "case_pattern" => {
                if named.is_empty() {
                    // `_`
                    return CaseTest::Always(Vec::new());
                }
                if named.len() == 1 {
                    if self.text(p).trim_start().starts_with('-') {
                        return match literal(self.lang, named[0], self.src) {
                            Some(Const::Int(i)) => CaseTest::Lits(vec![Const::Int(-i)], Vec::new()),
                            _ => CaseTest::Unknown(Vec::new()),
                        };
                    }
                    return self.case_test(named[0]);
                }
                CaseTest::Unknown(Vec::new())
            }
            "dotted_name" if named.len() == 1 => {
                CaseTest::Always(vec![self.text(named[0]).to_string()])
            }
            "identifier" => CaseTest::Always(vec![self.text(p).to_string()]),
            "union_pattern" => {
                let mut lits = Vec::new();
                for x in named {
                    match self.case_test(x) {
                        CaseTest::Lits(l, b) if b.is_empty() => lits.extend(l),
                        CaseTest::Always(b) if b.is_empty() => {
                            return CaseTest::Always(Vec::new());
                        }
                        _ => return CaseTest::Unknown(Vec::new()),
                    }
                }
                CaseTest::Lits(lits, Vec::new())
            }
            "as_pattern" => {
                let name = named
                    .iter()
                    .rev()
                    .find(|x| x.kind() == "identifier")
                    .map(|x| self.text(*x).to_string());
                let inner = named
                    .iter()
                    .find(|x| x.kind() == "case_pattern")
                    .map(|x| self.case_test(*x))
                    .unwrap_or(CaseTest::Unknown(Vec::new()));
                let add = |mut b: Vec<String>| {
                    b.extend(name.clone());
                    b
                };
                match inner {
                    CaseTest::Always(b) => CaseTest::Always(add(b)),
                    CaseTest::Lits(l, b) => CaseTest::Lits(l, add(b)),
                    CaseTest::Unknown(b) => CaseTest::Unknown(add(b)),
                }
            }
            _ => match literal(self.lang, p, self.src) {
                Some(c) => CaseTest::Lits(vec![c], Vec::new()),
                None => CaseTest::Unknown(Vec::new()),
            },
        }
    }

    fn lower_stmt(&mut self, n: Node<'a>) -> StmtId {
        let sp = span(n);
        if self.out_of_budget() {
            return self.stmt(StmtKind::Nop, sp);
        }
        let k = n.kind();
        if k.contains("comment") {
            return self.stmt(StmtKind::Nop, sp);
        }
        if self.flow.is_function(k) && !self.flow.is_closure(k) {
            self.nested.push(n);
            return self.stmt(StmtKind::Nop, sp);
        }
        if self.flow.is_class(k) {
            return self.stmt(StmtKind::Nop, sp);
        }
        if self.flow.is_return(k) {
            if k == "jump_expression" && !self.text(n).starts_with("return") {
                return self.stmt(StmtKind::Nop, sp);
            }
            let v = self.named(n).into_iter().next().map(|e| self.lower_expr(e));
            return self.stmt(StmtKind::Return(v), sp);
        }
        if self.flow.is_branch(k) {
            let cond_node = n
                .child_by_field_name("condition")
                .or_else(|| self.named(n).into_iter().next());
            let Some(cond_node) = cond_node else {
                return self.stmt(StmtKind::Nop, sp);
            };
            let cond = self.lower_expr(cond_node);
            let negate = self.flow.is_negated_branch(k);
            let cond = if negate {
                self.expr(
                    ExprKind::Unary {
                        op: "!".into(),
                        e: cond,
                    },
                    span(cond_node),
                )
            } else {
                cond
            };
            let then_node = n
                .child_by_field_name("consequence")
                .or_else(|| n.child_by_field_name("body"))
                .or_else(|| {
                    self.named(n).into_iter().find(|c| {
                        c.id() != cond_node.id()
                            && !c.kind().contains("else")
                            && !c.kind().contains("elif")
                            && !c.kind().contains("elsif")
                    })
                });
            let then = match then_node {
                Some(t) => self.lower_stmt(t),
                None => self.stmt(StmtKind::Nop, sp),
            };
            let mut c = n.walk();
            let alts: Vec<Node<'a>> = n
                .children_by_field_name("alternative", &mut c)
                .collect::<Vec<_>>();
            let alts = if alts.is_empty() {
                self.named(n)
                    .into_iter()
                    .filter(|c| {
                        c.kind().contains("else")
                            || c.kind().contains("elif")
                            || c.kind().contains("elsif")
                    })
                    .collect()
            } else {
                alts
            };
            let els = match alts.len() {
                0 => None,
                1 => Some(self.lower_stmt(alts[0])),
                _ => {
                    let ids: Vec<StmtId> = alts.into_iter().map(|a| self.lower_stmt(a)).collect();
                    Some(self.stmt(
                        StmtKind::Choice {
                            alts: ids,
                            may_skip: false,
                        },
                        sp,
                    ))
                }
            };
            return self.stmt(StmtKind::If { cond, then, els }, sp);
        }
        if k == "else_clause" || k == "else" {
            let inner: Vec<StmtId> = self
                .named(n)
                .into_iter()
                .map(|c| self.lower_stmt(c))
                .collect();
            return self.stmt(StmtKind::Seq(inner), sp);
        }
        if k == "match_statement" && self.lang == Language::Python {
            return self.lower_python_match(n);
        }
        if k.contains("switch")
            || k == "match_expression"
            || k == "when_expression"
            || k == "case"
            || k == "case_statement" && n.parent().is_some_and(|p| p.kind() == "program")
        {
            let subject = n
                .child_by_field_name("condition")
                .or_else(|| n.child_by_field_name("value"));
            let mut pre = Vec::new();
            if let Some(s) = subject {
                let e = self.lower_expr(s);
                pre.push(self.stmt(StmtKind::Expr(e), span(s)));
            }
            let body = n.child_by_field_name("body").unwrap_or(n);
            if let Some(taken) = self.constant_switch(subject, body) {
                // C and C++ `switch (7)`: only the matching case runs (then falls through to
                // the next ones until a `break`).
                let parts: Vec<StmtId> = taken.into_iter().map(|c| self.lower_stmt(c)).collect();
                pre.push(self.stmt(StmtKind::Seq(parts), sp));
                return self.stmt(StmtKind::Seq(pre), sp);
            }
            let alts: Vec<StmtId> = self
                .named(body)
                .into_iter()
                .filter(|c| subject.is_none_or(|s| s.id() != c.id()))
                .map(|c| self.lower_stmt(c))
                .collect();
            let choice = self.stmt(
                StmtKind::Choice {
                    alts,
                    may_skip: true,
                },
                sp,
            );
            pre.push(choice);
            return self.stmt(StmtKind::Seq(pre), sp);
        }
        if self.flow.is_loop(k) {
            let mut bind = Vec::new();
            let mut iter = None;
            let mut pre = Vec::new();
            let target = n
                .child_by_field_name("left")
                .or_else(|| n.child_by_field_name("pattern"))
                .or_else(|| {
                    if k == "enhanced_for_statement" || k == "foreach_statement" {
                        n.child_by_field_name("name")
                    } else {
                        None
                    }
                })
                .or_else(|| {
                    if k == "for_range_loop" {
                        n.child_by_field_name("declarator")
                    } else {
                        None
                    }
                });
            let coll = n.child_by_field_name("right").or_else(|| {
                if target.is_some() {
                    n.child_by_field_name("value")
                } else {
                    None
                }
            });
            if let (Some(t), Some(c)) = (target, coll) {
                bind = self.places(t).into_iter().map(|(p, _)| p).collect();
                iter = Some(self.lower_expr(c));
            }
            // Go: for k, v := range xs { } keeps the clause in a child.
            if let Some(rc) = self
                .named(n)
                .into_iter()
                .find(|c| c.kind() == "range_clause")
                && let (Some(l), Some(r)) = (
                    rc.child_by_field_name("left"),
                    rc.child_by_field_name("right"),
                )
            {
                bind = self.places(l).into_iter().map(|(p, _)| p).collect();
                iter = Some(self.lower_expr(r));
            }
            if let Some(init) = n
                .child_by_field_name("initializer")
                .or_else(|| n.child_by_field_name("init"))
            {
                pre.push(self.lower_stmt(init));
            }
            let cond = n
                .child_by_field_name("condition")
                .map(|c| self.lower_expr(c));
            let body_node = n
                .child_by_field_name("body")
                .or_else(|| self.named(n).into_iter().last());
            let mut body_parts = Vec::new();
            if let Some(b) = body_node {
                body_parts.push(self.lower_stmt(b));
            }
            if let Some(u) = n
                .child_by_field_name("update")
                .or_else(|| n.child_by_field_name("increment"))
            {
                let e = self.lower_expr(u);
                body_parts.push(self.stmt(StmtKind::Expr(e), span(u)));
            }
            let body = self.stmt(StmtKind::Seq(body_parts), sp);
            if self.flow.is_post_test_loop(k) {
                // The body of a do-while runs once before the condition is tested.
                pre.push(body);
            }
            let lp = self.stmt(
                StmtKind::Loop {
                    bind,
                    iter,
                    cond,
                    body,
                },
                sp,
            );
            pre.push(lp);
            return self.stmt(StmtKind::Seq(pre), sp);
        }
        if matches!(
            k,
            "try_statement" | "try_expression" | "begin" | "try_with_resources_statement"
        ) {
            let mut seq = Vec::new();
            let mut handlers = Vec::new();
            for c in self.named(n) {
                let ck = c.kind();
                if ck.contains("catch") || ck.contains("except") || ck.contains("rescue") {
                    handlers.push(self.lower_stmt(c));
                } else {
                    seq.push(self.lower_stmt(c));
                }
            }
            if !handlers.is_empty() {
                seq.push(self.stmt(
                    StmtKind::Choice {
                        alts: handlers,
                        may_skip: true,
                    },
                    sp,
                ));
            }
            return self.stmt(StmtKind::Seq(seq), sp);
        }
        if self.assignment_parts(n).is_some() && !k.contains("list") {
            let e = self.lower_expr(n);
            return self.stmt(StmtKind::Expr(e), sp);
        }
        let container = k.ends_with("statement") && !matches!(k, "expression_statement")
            || k.ends_with("block")
            || k.ends_with("body")
            || k.ends_with("declaration")
            || k.ends_with("_list")
            || k.ends_with("clause")
            || matches!(
                k,
                "program"
                    | "module"
                    | "source_file"
                    | "translation_unit"
                    | "compilation_unit"
                    | "statements"
                    | "then"
                    | "do"
                    | "block"
                    | "compound_statement"
                    | "chunk"
                    | "global_statement"
                    | "local_variable_declaration"
                    | "lexical_declaration"
                    | "variable_declaration"
                    | "var_declaration"
                    | "const_declaration"
                    | "declaration"
                    | "field_declaration"
                    | "expression_statement"
            );
        if container && k != "expression_statement" {
            let parts: Vec<StmtId> = self
                .named(n)
                .into_iter()
                .map(|c| self.lower_stmt(c))
                .collect();
            return self.stmt(StmtKind::Seq(parts), sp);
        }
        if k == "expression_statement" {
            let parts: Vec<StmtId> = self
                .named(n)
                .into_iter()
                .map(|c| {
                    let e = self.lower_expr(c);
                    self.stmt(StmtKind::Expr(e), span(c))
                })
                .collect();
            return self.stmt(StmtKind::Seq(parts), sp);
        }
        let e = self.lower_expr(n);
        self.stmt(StmtKind::Expr(e), sp)
    }
}

fn function_name(n: Node<'_>, src: &[u8]) -> String {
    let text =
        |x: Node<'_>| String::from_utf8_lossy(&src[x.start_byte()..x.end_byte()]).into_owned();
    if let Some(name) = n.child_by_field_name("name") {
        return text(name);
    }
    // C and C++: the declarator chain ends in the name.
    let mut d = n.child_by_field_name("declarator");
    while let Some(x) = d {
        if is_identifier_kind(x.kind())
            || x.kind() == "qualified_identifier"
            || x.kind() == "destructor_name"
            || x.kind() == "operator_name"
        {
            let t = text(x);
            return t.rsplit("::").next().unwrap_or(&t).to_string();
        }
        d = x.child_by_field_name("declarator");
    }
    let mut c = n.walk();
    if let Some(id) = n
        .named_children(&mut c)
        .find(|x| x.kind() == "simple_identifier" || x.kind() == "identifier")
    {
        return text(id);
    }
    // An anonymous function assigned to a name: `const f = () => ...`.
    if let Some(p) = n.parent()
        && let Some(name) = p
            .child_by_field_name("name")
            .or_else(|| p.child_by_field_name("left"))
    {
        return text(name);
    }
    format!("<anonymous@{}>", n.start_position().row + 1)
}

fn param_nodes<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let params = n
        .child_by_field_name("parameters")
        .or_else(|| {
            let mut d = n.child_by_field_name("declarator");
            while let Some(x) = d {
                if let Some(p) = x.child_by_field_name("parameters") {
                    return Some(p);
                }
                d = x.child_by_field_name("declarator");
            }
            None
        })
        .or_else(|| {
            let mut c = n.walk();
            n.named_children(&mut c)
                .find(|x| x.kind().contains("parameters") || x.kind() == "formal_parameters")
        });
    let Some(params) = params else {
        return Vec::new();
    };
    let mut c = params.walk();
    params
        .named_children(&mut c)
        .filter(|p| !p.kind().contains("comment") && p.kind() != "receiver")
        .collect()
}

fn param_name(p: Node<'_>, src: &[u8]) -> Option<(String, Span)> {
    let text =
        |x: Node<'_>| String::from_utf8_lossy(&src[x.start_byte()..x.end_byte()]).into_owned();
    if is_identifier_kind(p.kind()) {
        return Some((text(p), span(p)));
    }
    for field in ["name", "pattern", "declarator"] {
        if let Some(x) = p.child_by_field_name(field) {
            return param_name(x, src);
        }
    }
    // First identifier below (Python `x: int`, `x=1`, `*args`).
    let mut stack = vec![p];
    while let Some(x) = stack.pop() {
        if is_identifier_kind(x.kind()) {
            return Some((text(x), span(x)));
        }
        let mut c = x.walk();
        let kids: Vec<Node<'_>> = x.named_children(&mut c).collect();
        stack.extend(kids.into_iter().rev());
    }
    None
}

/// The innermost enclosing namespace's name (C++ `namespace_definition`, C#
/// `namespace_declaration` and file-scoped namespaces).
fn enclosing_namespace(n: Node<'_>, src: &[u8]) -> Option<String> {
    let text =
        |x: Node<'_>| String::from_utf8_lossy(&src[x.start_byte()..x.end_byte()]).into_owned();
    let mut root = n;
    let mut p = n.parent();
    while let Some(x) = p {
        if matches!(x.kind(), "namespace_definition" | "namespace_declaration") {
            return x.child_by_field_name("name").map(text);
        }
        root = x;
        p = x.parent();
    }
    // C#: `namespace A.B;` applies to the rest of the file.
    let mut c = root.walk();
    let ns = root
        .named_children(&mut c)
        .find(|k| k.kind() == "file_scoped_namespace_declaration")?;
    ns.child_by_field_name("name").map(text)
}

fn enclosing_class(flow: &FlowKinds, n: Node<'_>, src: &[u8]) -> Option<String> {
    let mut p = n.parent();
    while let Some(x) = p {
        if flow.is_class(x.kind()) {
            let name = x
                .child_by_field_name("name")
                .or_else(|| x.child_by_field_name("type"))?;
            let t = String::from_utf8_lossy(&src[name.start_byte()..name.end_byte()]).into_owned();
            return Some(t.split('<').next().unwrap_or(&t).trim().to_string());
        }
        p = x.parent();
    }
    None
}

/// Subscripts whose constant key names a container entry (`m["k"]`, `a[0]`); Java's
/// `array_access` is a subscript too, but its elements are not told apart.
const KEYED_SUBSCRIPTS: &[&str] = &[
    "subscript",
    "subscript_expression",
    "element_reference",
    "index_expression",
    "element_access_expression",
];

/// Everything lowered from one file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FileFuncs {
    /// The functions, the file's top-level code first (named `<module>`).
    pub funcs: Vec<FuncIr>,
    /// Constants: fields and globals with a literal initialiser that nothing reassigns, by
    /// name and by `Class.name`.
    pub consts: HashMap<String, Const>,
    /// Functions that hit [`MAX_NODES_PER_FUNCTION`].
    pub truncated: Vec<String>,
    /// Class fields (`Class.field`) and top-level variables (`name`) declared in the file.
    pub fields: std::collections::HashSet<String>,
    /// Local names that imports bind, to qualified names (`wrap` → `util.wrap`).
    pub imports: HashMap<String, String>,
}

fn lower_function<'a>(
    lang: Language,
    n: Node<'a>,
    src: &'a [u8],
    nested: &mut Vec<Node<'a>>,
    top: bool,
    macros: &'a HashMap<String, String>,
    union_types: &HashSet<String>,
) -> FuncIr {
    let aliases = if !top && matches!(lang, Language::C | Language::Cpp) {
        collect_aliases(&lang.syntax().flow, n, src, union_types)
    } else {
        Aliases::default()
    };
    let mut lw = Lower {
        lang,
        flow: &lang.syntax().flow,
        src,
        exprs: Vec::new(),
        stmts: Vec::new(),
        nested: Vec::new(),
        budget: MAX_NODES_PER_FUNCTION,
        decls: Vec::new(),
        macros,
        aliases,
    };
    let mut variadic = false;
    let mut out_params = 0u32;
    let (name, params, param_spans, body) = if top {
        // The file's own statements (the root may share a kind with a class-like construct,
        // such as Python's `module` and Ruby's `module`).
        let mut c = n.walk();
        let kids: Vec<Node<'a>> = n.named_children(&mut c).collect();
        let parts: Vec<StmtId> = kids.into_iter().map(|k| lw.lower_stmt(k)).collect();
        let b = lw.stmt(StmtKind::Seq(parts), span(n));
        ("<module>".to_string(), Vec::new(), Vec::new(), b)
    } else {
        let mut names = Vec::new();
        let mut spans = Vec::new();
        variadic = param_nodes(n).iter().any(|p| {
            let k = p.kind();
            let t = &src[p.start_byte()..p.end_byte()];
            k.contains("variadic")
                || k.contains("splat")
                || k.contains("rest")
                || k.contains("spread")
                || t == b"..."
                || t.starts_with(b"vararg")
        });
        for p in param_nodes(n) {
            if let Some((name, sp)) = param_name(p, src) {
                if matches!(lang, Language::C | Language::Cpp)
                    && names.len() < 32
                    && p.child_by_field_name("declarator").is_some_and(|d| {
                        matches!(d.kind(), "reference_declarator" | "pointer_declarator")
                    })
                {
                    out_params |= 1 << names.len();
                }
                names.push(name);
                spans.push(sp);
            }
        }
        let body_node = n.child_by_field_name("body").or_else(|| {
            let mut c = n.walk();
            n.named_children(&mut c)
                .filter(|x| {
                    x.kind().contains("block")
                        || x.kind().contains("body")
                        || x.kind() == "compound_statement"
                })
                .last()
        });
        let b = match body_node {
            Some(b) => lw.lower_stmt(b),
            None => lw.stmt(StmtKind::Nop, span(n)),
        };
        // Expression-bodied functions and languages whose last expression is the result.
        let expression_body = body_node.is_some_and(|b| {
            matches!(b.kind(), "arrow_expression_clause" | "function_body")
                || !(b.kind().contains("block")
                    || b.kind().contains("body")
                    || b.kind() == "compound_statement")
        });
        if expression_body || matches!(lang, Language::Rust | Language::Ruby | Language::Kotlin) {
            lw.implicit_return(b);
        }
        (function_name(n, src), names, spans, b)
    };
    nested.append(&mut lw.nested);
    let truncated = lw.budget == 0;
    let mut locals: std::collections::HashSet<String> = lw.decls.drain(..).collect();
    locals.extend(params.iter().cloned());
    // Every file's IR lives until the project-wide pass: keep no spare capacity.
    locals.shrink_to_fit();
    lw.exprs.shrink_to_fit();
    lw.stmts.shrink_to_fit();
    let mut f = FuncIr {
        name,
        class: if top {
            None
        } else {
            enclosing_class(lw.flow, n, src)
        },
        scope: if top {
            None
        } else {
            enclosing_namespace(n, src)
        },
        params,
        param_spans,
        exprs: lw.exprs,
        stmts: lw.stmts,
        body,
        span: span(n),
        const_return: None,
        truncated,
        locals,
        variadic,
        out_params,
    };
    f.const_return = const_return(&f);
    f
}

/// `return LITERAL;` as the only return, with no other statement that can return otherwise.
fn const_return(f: &FuncIr) -> Option<Const> {
    let mut found: Option<Const> = None;
    for s in &f.stmts {
        if let StmtKind::Return(r) = &s.kind {
            let c = match r.map(|e| &f.expr(e).kind) {
                Some(ExprKind::Lit(c)) => c.clone(),
                _ => return None,
            };
            match &found {
                None => found = Some(c),
                Some(prev) if *prev == c => {}
                Some(_) => return None,
            }
        }
    }
    found
}

/// Lowers every function of a parsed file.
pub fn lower_file<'a>(lang: Language, root: Node<'a>, src: &'a [u8]) -> FileFuncs {
    let flow = &lang.syntax().flow;
    let mut out = FileFuncs::default();
    let mut pending: Vec<Node<'_>> = Vec::new();
    let macros = ferret_lang::macros::file_renames(lang, root, src);
    let union_types = union_types(lang, root, src);
    let module = lower_function(lang, root, src, &mut pending, true, &macros, &union_types);
    // Functions nested in classes are found by walking class bodies too.
    let mut stack = vec![root];
    let mut c = root.walk();
    let mut class_fns = Vec::new();
    while let Some(x) = stack.pop() {
        for ch in x.named_children(&mut c) {
            let k = ch.kind();
            if flow.is_function(k) && !flow.is_closure(k) {
                class_fns.push(ch);
            } else if flow.is_class(k)
                || k.contains("body")
                || (k == "block" && x.kind() == "class_definition")
                || k.contains("declaration_list")
                || k == "class_body"
                || k.contains("namespace")
                || k == "decorated_definition"
                || k == "template_declaration"
                || k == "linkage_specification"
                || k == "preproc_if"
                || k == "preproc_ifdef"
                || k == "preproc_else"
                || k == "export_statement"
                || k == "impl_item"
            {
                stack.push(ch);
            }
        }
    }
    collect_consts(lang, root, src, &module, &mut out.consts);
    collect_fields(flow, root, src, &mut out.fields);
    out.imports = ferret_lang::imports::collect(lang, root, src);
    out.funcs.push(module);
    pending.extend(class_fns);
    let mut seen = std::collections::HashSet::new();
    while let Some(n) = pending.pop() {
        if !seen.insert(n.id()) {
            continue;
        }
        let mut more = Vec::new();
        let f = lower_function(lang, n, src, &mut more, false, &macros, &union_types);
        if f.truncated {
            out.truncated.push(f.name.clone());
        }
        out.funcs.push(f);
        pending.extend(more);
    }
    // Reassigned names are not constants.
    let mut assigned = std::collections::HashSet::new();
    for f in out.funcs.iter().skip(1) {
        for e in &f.exprs {
            if let ExprKind::Assign { places, .. } = &e.kind {
                for (p, _) in places {
                    assigned.insert(
                        p.trim_start_matches("this.")
                            .trim_start_matches("self.")
                            .to_string(),
                    );
                }
            }
        }
    }
    out.consts
        .retain(|k, _| !assigned.contains(k.rsplit('.').next().unwrap_or(k)));
    out
}

fn collect_consts(
    lang: Language,
    root: Node<'_>,
    src: &[u8],
    _module: &FuncIr,
    out: &mut HashMap<String, Const>,
) {
    let flow = &lang.syntax().flow;
    let mut stack = vec![root];
    let mut c = root.walk();
    while let Some(x) = stack.pop() {
        let k = x.kind();
        if flow.is_function(k) {
            continue;
        }
        if matches!(
            k,
            "variable_declarator"
                | "init_declarator"
                | "const_spec"
                | "var_spec"
                | "property_declaration"
                | "assignment"
                | "const_item"
                | "static_item"
                | "const_element"
                | "property_element"
        ) {
            let name = x
                .child_by_field_name("name")
                .or_else(|| x.child_by_field_name("declarator"))
                .or_else(|| x.child_by_field_name("left"));
            let value = x
                .child_by_field_name("value")
                .or_else(|| x.child_by_field_name("right"));
            if let (Some(nm), Some(v)) = (name, value) {
                let v = if v.kind() == "expression_list" || v.kind() == "equals_value_clause" {
                    v.named_child(0).unwrap_or(v)
                } else {
                    v
                };
                if let Some(cst) = literal(lang, v, src) {
                    let mut nm = nm;
                    while let Some(d) = nm.child_by_field_name("declarator") {
                        nm = d;
                    }
                    let t = String::from_utf8_lossy(&src[nm.start_byte()..nm.end_byte()])
                        .trim_start_matches('*')
                        .trim()
                        .to_string();
                    if let Some(cls) = enclosing_class(flow, x, src) {
                        out.insert(format!("{cls}.{t}"), cst.clone());
                    }
                    out.insert(t, cst);
                }
            }
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
}

/// Class fields and top-level variables: every declared name outside function bodies.
fn collect_fields(
    flow: &FlowKinds,
    root: Node<'_>,
    src: &[u8],
    out: &mut std::collections::HashSet<String>,
) {
    let mut stack = vec![root];
    let mut c = root.walk();
    while let Some(x) = stack.pop() {
        let k = x.kind();
        if flow.is_function(k) {
            continue;
        }
        if matches!(
            k,
            "variable_declarator"
                | "init_declarator"
                | "var_spec"
                | "property_declaration"
                | "property_element"
                | "assignment"
                | "field_declaration"
                | "declaration"
        ) {
            let mut name = x
                .child_by_field_name("name")
                .or_else(|| x.child_by_field_name("declarator"))
                .or_else(|| x.child_by_field_name("left"));
            while let Some(d) = name.and_then(|n| n.child_by_field_name("declarator")) {
                name = Some(d);
            }
            if let Some(nm) = name
                && (is_identifier_kind(nm.kind()) || nm.kind() == "variable_name")
            {
                let t = String::from_utf8_lossy(&src[nm.start_byte()..nm.end_byte()])
                    .trim_start_matches('$')
                    .to_string();
                match enclosing_class(flow, x, src) {
                    Some(cls) => out.insert(format!("{cls}.{t}")),
                    None => out.insert(t),
                };
            }
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
}

/// C and C++ names that stand for another variable or function within one function body.
#[derive(Debug, Default)]
struct Aliases {
    /// `T *p = &x;` and `p` never reassigned: `*p` is `x`.
    pointee: HashMap<String, String>,
    /// `T &r = x;`: `r` is `x`.
    refs: HashMap<String, String>,
    /// `void (*fp)(T) = f;` and `fp` never reassigned: calling `fp` calls `f`.
    funcs: HashMap<String, String>,
    /// Locals of a union type.
    unions: HashSet<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum AliasKind {
    Pointee,
    Ref,
    Func,
}

/// The declared name of a declarator and what kind of alias it may be.
fn declarator_alias<'a>(d: Node<'a>, src: &'a [u8]) -> Option<(&'a str, Option<AliasKind>)> {
    let text = |n: Node<'_>| std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).ok();
    let inner = |n: Node<'a>| {
        n.child_by_field_name("declarator").or_else(|| {
            let mut c = n.walk();
            n.named_children(&mut c)
                .find(|x| x.kind() != "type_qualifier")
        })
    };
    let ident = |mut n: Node<'a>| {
        for _ in 0..8 {
            if n.kind() == "identifier" {
                return text(n);
            }
            n = inner(n)?;
        }
        None
    };
    match d.kind() {
        "identifier" => Some((text(d)?, None)),
        "reference_declarator" => Some((ident(inner(d)?)?, Some(AliasKind::Ref))),
        "pointer_declarator" => {
            // `T *&r = p` is a reference (to a pointer)
            let mut x = inner(d)?;
            while x.kind() == "pointer_declarator" {
                x = inner(x)?;
            }
            let kind = if x.kind() == "reference_declarator" {
                AliasKind::Ref
            } else {
                AliasKind::Pointee
            };
            Some((ident(inner(d)?)?, Some(kind)))
        }
        "function_declarator" => {
            let pd = inner(d)?;
            let is_ptr = pd.kind() == "parenthesized_declarator"
                && inner(pd).is_some_and(|x| x.kind() == "pointer_declarator");
            Some((ident(pd)?, is_ptr.then_some(AliasKind::Func)))
        }
        _ => Some((ident(d)?, None)),
    }
}

/// Finds the aliases of one C or C++ function: pointers initialised to `&x`, references and
/// function pointers that are never reassigned, and locals of a union type.
fn collect_aliases(
    flow: &FlowKinds,
    func: Node<'_>,
    src: &[u8],
    union_types: &HashSet<String>,
) -> Aliases {
    let text = |n: Node<'_>| std::str::from_utf8(&src[n.start_byte()..n.end_byte()]).unwrap_or("");
    let Some(body) = func.child_by_field_name("body") else {
        return Aliases::default();
    };
    // name -> its one alias target, or None once it is declared or written otherwise
    let mut cand: HashMap<String, Option<(AliasKind, String)>> = HashMap::new();
    let mut unions = HashSet::new();
    // names written (or whose address escapes) after their declaration: a reference still
    // names its variable, a pointer no longer surely points to it
    let mut reassigned = HashSet::new();
    let mut note = |name: &str, t: Option<(AliasKind, String)>| {
        cand.entry(name.to_string())
            .and_modify(|v| *v = None)
            .or_insert(t);
    };
    let mut stack = vec![body];
    let mut c = body.walk();
    while let Some(x) = stack.pop() {
        let k = x.kind();
        if x.id() != body.id() && (flow.is_function(k) || flow.is_class(k)) {
            continue;
        }
        match k {
            "declaration" => {
                let ty = x.child_by_field_name("type");
                let is_union = ty.is_some_and(|t| {
                    t.kind() == "union_specifier"
                        || (t.kind() == "type_identifier" && union_types.contains(text(t)))
                });
                let mut c2 = x.walk();
                for d in x.children_by_field_name("declarator", &mut c2) {
                    let (d, value) = if d.kind() == "init_declarator" {
                        match d.child_by_field_name("declarator") {
                            Some(inner) => (inner, d.child_by_field_name("value")),
                            None => continue,
                        }
                    } else {
                        (d, None)
                    };
                    let Some((name, kind)) = declarator_alias(d, src) else {
                        continue;
                    };
                    if is_union && kind.is_none() {
                        unions.insert(name.to_string());
                    }
                    let target = match (kind, value) {
                        (Some(AliasKind::Ref | AliasKind::Func), Some(v))
                            if v.kind() == "identifier" =>
                        {
                            kind.map(|k| (k, text(v).to_string()))
                        }
                        (Some(AliasKind::Pointee), Some(v))
                            if v.kind() == "pointer_expression"
                                && v.child_by_field_name("operator")
                                    .is_some_and(|o| text(o) == "&")
                                && v.child_by_field_name("argument")
                                    .is_some_and(|a| a.kind() == "identifier") =>
                        {
                            v.child_by_field_name("argument")
                                .map(|a| (AliasKind::Pointee, text(a).to_string()))
                        }
                        _ => None,
                    };
                    note(name, target);
                }
            }
            "assignment_expression" | "update_expression" => {
                let target = x
                    .child_by_field_name("left")
                    .or_else(|| x.child_by_field_name("argument"));
                if let Some(t) = target.filter(|t| t.kind() == "identifier") {
                    reassigned.insert(text(t));
                }
            }
            // `&p`: whoever gets it may reassign `p`.
            "pointer_expression"
                if x.child_by_field_name("operator")
                    .is_some_and(|o| text(o) == "&") =>
            {
                if let Some(a) = x
                    .child_by_field_name("argument")
                    .filter(|a| a.kind() == "identifier")
                {
                    reassigned.insert(text(a));
                }
            }
            _ => {}
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
    let mut out = Aliases {
        unions,
        ..Aliases::default()
    };
    for (name, t) in cand {
        let Some((kind, target)) = t else { continue };
        if target == name || (kind != AliasKind::Ref && reassigned.contains(name.as_str())) {
            continue;
        }
        match kind {
            AliasKind::Pointee => out.pointee.insert(name, target),
            AliasKind::Ref => out.refs.insert(name, target),
            AliasKind::Func => out.funcs.insert(name, target),
        };
    }
    // A reference to a reference names the first variable.
    let refs = out.refs.clone();
    for v in out.refs.values_mut().chain(out.pointee.values_mut()) {
        if let Some(t) = refs.get(v.as_str()) {
            *v = t.clone();
        }
    }
    out
}

/// Names of the union types of a C or C++ file: `union U {...}` and `typedef union {...} U;`.
fn union_types(lang: Language, root: Node<'_>, src: &[u8]) -> HashSet<String> {
    let mut out = HashSet::new();
    if !matches!(lang, Language::C | Language::Cpp) {
        return out;
    }
    let text =
        |n: Node<'_>| String::from_utf8_lossy(&src[n.start_byte()..n.end_byte()]).into_owned();
    let mut stack = vec![root];
    let mut c = root.walk();
    while let Some(x) = stack.pop() {
        match x.kind() {
            "union_specifier" => {
                if let Some(n) = x.child_by_field_name("name") {
                    out.insert(text(n));
                }
            }
            "type_definition"
                if x.child_by_field_name("type")
                    .is_some_and(|t| t.kind() == "union_specifier") =>
            {
                let mut c2 = x.walk();
                for d in x.children_by_field_name("declarator", &mut c2) {
                    if d.kind() == "type_identifier" {
                        out.insert(text(d));
                    }
                }
            }
            _ => {}
        }
        if lang.syntax().flow.is_function(x.kind()) {
            continue;
        }
        for ch in x.named_children(&mut c) {
            stack.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferret_lang::{ParseLimits, parse};

    fn lower(lang: Language, src: &str) -> FileFuncs {
        let p = parse(lang, src.as_bytes(), &ParseLimits::default()).unwrap();
        lower_file(lang, p.tree.root_node(), src.as_bytes())
    }

    #[test]
    fn java_functions_params_constants_and_fields() {
        let f = lower(
            Language::Java,
            "class A {\n  private static final int FIVE = 5;\n  private String saved;\n  boolean t() { return true; }\n  void m(String a, int b) { String x = a; }\n}\n",
        );
        let names: Vec<&str> = f.funcs.iter().map(|x| x.name.as_str()).collect();
        assert!(names.contains(&"m") && names.contains(&"t"), "{names:?}");
        let m = f.funcs.iter().find(|x| x.name == "m").unwrap();
        assert_eq!(m.params, vec!["a", "b"]);
        assert_eq!(m.class.as_deref(), Some("A"));
        assert!(m.locals.contains("x"));
        assert_eq!(f.consts.get("A.FIVE"), Some(&Const::Int(5)));
        assert!(f.fields.contains("A.saved"));
        let t = f.funcs.iter().find(|x| x.name == "t").unwrap();
        assert_eq!(t.const_return, Some(Const::Bool(true)));
    }

    #[test]
    fn python_methods_in_classes_and_reassigned_constants() {
        let f = lower(
            Language::Python,
            "DEBUG = False\nLEVEL = 1\nclass K:\n    def g(self, v):\n        return v\ndef h():\n    global LEVEL\n    LEVEL = 2\n",
        );
        let g = f
            .funcs
            .iter()
            .find(|x| x.name == "g")
            .expect("method inside a class");
        assert_eq!(g.params, vec!["self", "v"]);
        assert_eq!(f.consts.get("DEBUG"), Some(&Const::Bool(false)));
        assert!(
            !f.consts.contains_key("LEVEL"),
            "reassigned, so not a constant"
        );
    }

    #[test]
    fn python_concatenated_strings_are_constant_only_without_interpolation() {
        let f = lower(
            Language::Python,
            "A = 'x' 'y'\ndef f(p):\n    b = 'a' f'{p}'\n",
        );
        assert_eq!(f.consts.get("A"), Some(&Const::Str("xy".into())));
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        assert!(
            !func
                .exprs
                .iter()
                .any(|e| matches!(&e.kind, ExprKind::Lit(Const::Str(s)) if s.contains('{'))),
            "an f-string part makes the whole string non-constant"
        );
        assert!(
            func.exprs
                .iter()
                .any(|e| matches!(&e.kind, ExprKind::Path(p) if p == "p")),
            "the interpolated name is read"
        );
    }

    #[test]
    fn c_macros_name_variables() {
        let f = lower(
            Language::C,
            "#define ARG data\nvoid f(char *data) { system(ARG); }\n",
        );
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        assert!(
            func.exprs
                .iter()
                .any(|e| matches!(&e.kind, ExprKind::Path(p) if p == "data")),
            "ARG is read as data"
        );
    }

    #[test]
    fn cpp_new_array_length_is_an_operand() {
        let f = lower(
            Language::Cpp,
            "void f(unsigned n, unsigned m) { char *p = new char[n]; int (*q)[4] = new int[m][4]; }\n",
        );
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        let arg_paths = |name: &str| {
            func.exprs.iter().any(|e| match &e.kind {
                ExprKind::Call { args, .. } => args.iter().any(
                    |a| matches!(&func.exprs[a.0 as usize].kind, ExprKind::Path(p) if p == name),
                ),
                _ => false,
            })
        };
        assert!(arg_paths("n"), "`new char[n]` reads n");
        assert!(arg_paths("m"), "`new int[m][4]` reads m");
    }

    fn paths(func: &FuncIr) -> Vec<&str> {
        func.exprs
            .iter()
            .filter_map(|e| match &e.kind {
                ExprKind::Path(p) => Some(p.as_str()),
                _ => None,
            })
            .collect()
    }

    fn assigned(func: &FuncIr) -> Vec<(String, bool)> {
        func.exprs
            .iter()
            .filter_map(|e| match &e.kind {
                ExprKind::Assign { places, .. } => Some(places.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    #[test]
    fn c_pointer_to_a_local_reads_and_writes_the_local() {
        let f = lower(
            Language::C,
            "void f(void) { int x; int *p = &x; int *q = &x; *p = 1; int y = *q; }\n",
        );
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        assert!(
            assigned(func).contains(&("x".to_string(), true)),
            "`*p = 1` writes x"
        );
        // `*q` reads both q and x
        assert!(
            func.exprs
                .iter()
                .any(|e| matches!(&e.kind, ExprKind::Path(p) if p == "x")
                    && e.span.start == e.span.end),
            "`*q` reads x"
        );
        assert!(paths(func).contains(&"q"));
    }

    #[test]
    fn c_reassigned_or_escaping_pointers_are_not_aliases() {
        let f = lower(
            Language::C,
            "void g(int **pp);\nvoid f(int *o) { int x; int *p = &x; int *q = &x; p = o; g(&q); *p = 1; *q = 2; }\n",
        );
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        let places = assigned(func);
        assert!(!places.iter().any(|(p, _)| p == "x"), "{places:?}");
        assert!(places.contains(&("p".to_string(), false)));
        assert!(places.contains(&("q".to_string(), false)));
    }

    #[test]
    fn cpp_references_name_their_variable() {
        let f = lower(
            Language::Cpp,
            "void f() { int x = 0; int &r = x; r = 5; int y = r; char *s; char *&t = s; t = 0; }\n",
        );
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        assert!(!paths(func).contains(&"r"), "{:?}", paths(func));
        assert!(
            assigned(func).contains(&("s".to_string(), true)),
            "`t = 0` writes s"
        );
        assert!(assigned(func).contains(&("x".to_string(), true)));
    }

    #[test]
    fn c_function_pointer_calls_its_function_and_union_members_share_storage() {
        let f = lower(
            Language::C,
            "typedef union { int a; long b; } U;\nvoid s(int v);\nvoid f(int d) { void (*fp)(int) = s; U u; u.a = d; int e = u.b; fp(e); (*fp)(e); }\n",
        );
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        let calls: Vec<&str> = func
            .exprs
            .iter()
            .filter_map(|e| match &e.kind {
                ExprKind::Call { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(calls, vec!["s", "s"]);
        assert!(assigned(func).contains(&("u".to_string(), true)));
        assert!(paths(func).contains(&"u"));
        assert!(!paths(func).iter().any(|p| p.starts_with("u.")));
    }

    #[test]
    fn c_address_of_is_a_unary_operator() {
        let f = lower(Language::C, "void f(void) { int x; g(&x); }\n");
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        assert!(
            func.exprs
                .iter()
                .any(|e| matches!(&e.kind, ExprKind::Unary { op, .. } if op == "&"))
        );
    }

    #[test]
    fn c_switch_on_a_literal_runs_only_the_matching_case() {
        let f = lower(
            Language::C,
            "void f(int a) { int x; switch (7) { case 6: x = a; break; case 7: x = 1; case 8: x = 2; break; default: x = 3; break; } }\n",
        );
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        let lits: Vec<i64> = func
            .exprs
            .iter()
            .filter_map(|e| match &e.kind {
                ExprKind::Assign { value, .. } => match &func.expr(*value).kind {
                    ExprKind::Lit(Const::Int(i)) => Some(*i),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        // case 7 falls through to case 8, which breaks; case 6 and default are not lowered
        assert_eq!(lits, vec![1, 2]);
        assert!(!paths(func).contains(&"a"));
        assert!(
            !func
                .stmts
                .iter()
                .any(|s| matches!(s.kind, StmtKind::Choice { .. }))
        );
    }

    #[test]
    fn c_and_cpp_out_parameters_are_references_and_pointers() {
        let f = lower(
            Language::Cpp,
            "void f(int a, int &b, char *c, const char **d) { }\n",
        );
        let func = f.funcs.iter().find(|x| x.name == "f").unwrap();
        assert_eq!(func.out_params, 0b1110);
        let j = lower(Language::Java, "class A { void m(int[] a) { } }\n");
        assert!(j.funcs.iter().all(|x| x.out_params == 0));
    }
}
