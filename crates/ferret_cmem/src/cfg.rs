//! Per-function control-flow graphs built from the tree-sitter C/C++ syntax tree.
//!
//! One CFG node per statement (declaration, expression statement, branch condition, `switch`
//! discriminant, `return`), plus three fixed nodes: entry, exit (normal end of the function) and
//! abort (the end of a path through a call that never returns, `throw`, or a failed `assert`).
//! Edges out of a branch carry the condition and the outcome it takes, so the analysis can refine
//! its state on each edge and prune infeasible ones. Conditions that are literal constants
//! (`while (1)`, `if (0)`) get only their feasible edge, so the structural question "can this
//! function return?" is answered here too ([`Cfg::can_return`]).

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::CmemError;
use crate::syntax::{call_args, callee_name, strip, text};

/// Index of a CFG node.
pub type NodeId = usize;

/// The most nodes one function's CFG may have.
pub const MAX_CFG_NODES: usize = 50_000;
/// The deepest statement nesting the builder follows.
pub const MAX_NESTING: usize = 100;

/// Library functions that never return.
pub const NORETURN_FUNCTIONS: &[&str] = &[
    "exit",
    "abort",
    "_exit",
    "_Exit",
    "quick_exit",
    "longjmp",
    "siglongjmp",
    "_longjmp",
    "__builtin_unreachable",
    "__builtin_trap",
    "__assert_fail",
    "__assert_rtn",
    "pthread_exit",
    "thrd_exit",
    "err",
    "errx",
    "verr",
    "verrx",
    "terminate",
    "unreachable",
];

/// What a node does.
#[derive(Debug, Clone, Copy)]
pub enum Action<'t> {
    /// Function entry.
    Entry,
    /// Normal end of the function (every `return` and the closing brace lead here).
    Exit,
    /// End of a path that never returns (noreturn call, `throw`, failed `assert`).
    Abort,
    /// A declaration or an expression statement, evaluated for its effects.
    Stmt(Node<'t>),
    /// A condition; out-edges are [`EdgeCond::True`] / [`EdgeCond::False`].
    Branch(Node<'t>),
    /// A `switch` discriminant; out-edges are [`EdgeCond::Case`] / [`EdgeCond::Default`].
    Switch(Node<'t>),
    /// A `return` statement (its value is its first named child, if any); its only successor
    /// is the exit.
    Return(Node<'t>),
    /// The end of the function body reached without `return` (the body node); leads to the exit.
    FallOff(Node<'t>),
    /// A join point (loop head, label, case label): no effect.
    Join,
}

/// The condition under which an edge is taken.
#[derive(Debug, Clone, Copy)]
pub enum EdgeCond<'t> {
    /// Unconditional.
    Always,
    /// The condition holds.
    True(Node<'t>),
    /// The condition does not hold.
    False(Node<'t>),
    /// `switch (discr)` jumped to `case value:`.
    Case(Node<'t>, Node<'t>),
    /// `switch (discr)` jumped to `default:` (or past the switch).
    Default(Node<'t>),
}

/// One CFG node.
#[derive(Debug, Clone)]
pub struct CfgNode<'t> {
    /// What it does.
    pub action: Action<'t>,
    /// Successors with the condition of each edge.
    pub succs: Vec<(NodeId, EdgeCond<'t>)>,
}

/// A function's control-flow graph.
#[derive(Debug, Clone)]
pub struct Cfg<'t> {
    /// The nodes; [`Cfg::ENTRY`], [`Cfg::EXIT`] and [`Cfg::ABORT`] come first.
    pub nodes: Vec<CfgNode<'t>>,
}

impl Cfg<'_> {
    /// The entry node.
    pub const ENTRY: NodeId = 0;
    /// The normal exit node.
    pub const EXIT: NodeId = 1;
    /// The noreturn end node.
    pub const ABORT: NodeId = 2;

    /// Whether the exit is reachable from the entry along the graph's edges.
    pub fn can_return(&self) -> bool {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = vec![Self::ENTRY];
        while let Some(n) = stack.pop() {
            if n == Self::EXIT {
                return true;
            }
            if std::mem::replace(&mut seen[n], true) {
                continue;
            }
            stack.extend(self.nodes[n].succs.iter().map(|(s, _)| *s));
        }
        false
    }

    /// Predecessor counts, for finding merge points.
    pub fn pred_counts(&self) -> Vec<usize> {
        let mut c = vec![0; self.nodes.len()];
        for n in &self.nodes {
            for (s, _) in &n.succs {
                c[*s] += 1;
            }
        }
        c
    }
}

type Pending<'t> = Vec<(NodeId, EdgeCond<'t>)>;

struct Loop<'t> {
    breaks: Pending<'t>,
    continues: Pending<'t>,
    /// `false` for a `switch`, which takes `break` but not `continue`.
    is_loop: bool,
}

struct Builder<'t, 's> {
    src: &'s [u8],
    noreturn: &'s HashSet<String>,
    nodes: Vec<CfgNode<'t>>,
    labels: HashMap<String, NodeId>,
    gotos: Vec<(NodeId, String)>,
    loops: Vec<Loop<'t>>,
    depth: usize,
}

/// Builds the CFG of a function body (a `compound_statement`). `noreturn` names the same-file
/// functions known never to return.
pub fn build<'t>(
    body: Node<'t>,
    src: &[u8],
    noreturn: &HashSet<String>,
) -> Result<Cfg<'t>, CmemError> {
    let mut b = Builder {
        src,
        noreturn,
        nodes: Vec::new(),
        labels: HashMap::new(),
        gotos: Vec::new(),
        loops: Vec::new(),
        depth: 0,
    };
    for action in [Action::Entry, Action::Exit, Action::Abort] {
        b.nodes.push(CfgNode {
            action,
            succs: Vec::new(),
        });
    }
    let out = b.stmt(body, vec![(Cfg::ENTRY, EdgeCond::Always)])?;
    if !out.is_empty() {
        let end = b.add(Action::FallOff(body), out)?;
        b.nodes[end].succs.push((Cfg::EXIT, EdgeCond::Always));
    }
    for (from, label) in std::mem::take(&mut b.gotos) {
        // A goto to a label that is not in this function (or a computed goto) ends the path.
        if let Some(&to) = b.labels.get(&label) {
            b.nodes[from].succs.push((to, EdgeCond::Always));
        }
    }
    Ok(Cfg { nodes: b.nodes })
}

/// Whether a literal condition is constant: `Some(true)` for `1`, `true`; `Some(false)` for `0`,
/// `false`, `NULL`.
pub fn literal_truth(cond: Node<'_>, src: &[u8]) -> Option<bool> {
    let c = strip(cond);
    match c.kind() {
        "true" => Some(true),
        "false" | "null" | "nullptr" => Some(false),
        "number_literal" => {
            let t = text(c, src).trim_end_matches(['u', 'U', 'l', 'L']);
            let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                i64::from_str_radix(h, 16).ok()?
            } else {
                t.parse::<i64>().ok()?
            };
            Some(v != 0)
        }
        "unary_expression" if crate::syntax::operator(c, src) == "!" => {
            literal_truth(c.child_by_field_name("argument")?, src).map(|b| !b)
        }
        // `assert(!"unreachable")`, `assert(0 && "msg")`
        "string_literal" => Some(true),
        "binary_expression" if crate::syntax::operator(c, src) == "&&" => {
            let l = literal_truth(c.child_by_field_name("left")?, src);
            let r = literal_truth(c.child_by_field_name("right")?, src);
            match (l, r) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            }
        }
        _ => None,
    }
}

impl<'t> Builder<'t, '_> {
    fn add(&mut self, action: Action<'t>, preds: Pending<'t>) -> Result<NodeId, CmemError> {
        if self.nodes.len() >= MAX_CFG_NODES {
            return Err(CmemError::TooLarge {
                limit: MAX_CFG_NODES,
            });
        }
        let id = self.nodes.len();
        self.nodes.push(CfgNode {
            action,
            succs: Vec::new(),
        });
        self.connect(preds, id);
        Ok(id)
    }

    fn connect(&mut self, preds: Pending<'t>, to: NodeId) {
        for (from, cond) in preds {
            self.nodes[from].succs.push((to, cond));
        }
    }

    /// A two-way branch on `cond`: the pending edges for "holds" and "does not hold", without
    /// the edge a literal constant rules out.
    fn branch(
        &mut self,
        cond: Node<'t>,
        preds: Pending<'t>,
    ) -> Result<(Pending<'t>, Pending<'t>), CmemError> {
        let b = self.add(Action::Branch(cond), preds)?;
        let truth = literal_truth(cond, self.src);
        let t = if truth == Some(false) {
            Vec::new()
        } else {
            vec![(b, EdgeCond::True(cond))]
        };
        let f = if truth == Some(true) {
            Vec::new()
        } else {
            vec![(b, EdgeCond::False(cond))]
        };
        Ok((t, f))
    }

    fn is_noreturn_call(&self, expr: Node<'t>) -> bool {
        let e = strip(expr);
        if e.kind() != "call_expression" {
            return false;
        }
        callee_name(e, self.src)
            .is_some_and(|n| NORETURN_FUNCTIONS.contains(&n) || self.noreturn.contains(n))
    }

    fn stmt(&mut self, n: Node<'t>, preds: Pending<'t>) -> Result<Pending<'t>, CmemError> {
        if preds.is_empty() && n.kind() != "labeled_statement" && !has_label(n, 0) {
            // Unreachable code without labels: nothing can flow into it.
            return Ok(Vec::new());
        }
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(CmemError::TooDeep { limit: MAX_NESTING });
        }
        let r = self.stmt_inner(n, preds);
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, n: Node<'t>, preds: Pending<'t>) -> Result<Pending<'t>, CmemError> {
        match n.kind() {
            "compound_statement" | "translation_unit" => {
                let mut cur = preds;
                let mut walk = n.walk();
                for c in n.named_children(&mut walk) {
                    cur = self.stmt(c, cur)?;
                }
                Ok(cur)
            }
            "expression_statement" => self.expression_statement(n, preds),
            "if_statement" => {
                let cond = n.child_by_field_name("condition").map(unwrap_condition);
                let Some(cond) = cond else {
                    return Ok(preds);
                };
                let (t, f) = self.branch(cond, preds)?;
                let mut out = match n.child_by_field_name("consequence") {
                    Some(c) => self.stmt(c, t)?,
                    None => t,
                };
                match n.child_by_field_name("alternative") {
                    Some(alt) => {
                        let inner = if alt.kind() == "else_clause" {
                            // `else /* why */ return 0;`: the comment is not the statement.
                            let mut w = alt.walk();
                            alt.named_children(&mut w).find(|c| c.kind() != "comment")
                        } else {
                            Some(alt)
                        };
                        match inner {
                            Some(s) => out.extend(self.stmt(s, f)?),
                            None => out.extend(f),
                        }
                    }
                    None => out.extend(f),
                }
                Ok(out)
            }
            "while_statement" => {
                let head = self.add(Action::Join, preds)?;
                let cond = n.child_by_field_name("condition").map(unwrap_condition);
                let (t, f) = match cond {
                    Some(c) => self.branch(c, vec![(head, EdgeCond::Always)])?,
                    None => (vec![(head, EdgeCond::Always)], Vec::new()),
                };
                self.loop_body(n.child_by_field_name("body"), t, head, f)
            }
            "for_statement" => self.for_statement(n, preds),
            "for_range_loop" => {
                let head = self.add(Action::Join, preds)?;
                self.loop_body(
                    n.child_by_field_name("body"),
                    vec![(head, EdgeCond::Always)],
                    head,
                    vec![(head, EdgeCond::Always)],
                )
            }
            "do_statement" => {
                let head = self.add(Action::Join, preds)?;
                self.loops.push(Loop {
                    breaks: Vec::new(),
                    continues: Vec::new(),
                    is_loop: true,
                });
                let body_out = match n.child_by_field_name("body") {
                    Some(b) => self.stmt(b, vec![(head, EdgeCond::Always)])?,
                    None => vec![(head, EdgeCond::Always)],
                };
                let lp = self.loops.pop().unwrap_or_else(empty_loop);
                let mut into_cond = body_out;
                into_cond.extend(lp.continues);
                let mut out = lp.breaks;
                match n.child_by_field_name("condition").map(unwrap_condition) {
                    Some(c) => {
                        let (t, f) = self.branch(c, into_cond)?;
                        self.connect(t, head);
                        out.extend(f);
                    }
                    None => out.extend(into_cond),
                }
                Ok(out)
            }
            "switch_statement" => self.switch_statement(n, preds),
            "break_statement" => {
                if let Some(l) = self.loops.last_mut() {
                    l.breaks.extend(preds);
                }
                Ok(Vec::new())
            }
            "continue_statement" => {
                if let Some(l) = self.loops.iter_mut().rev().find(|l| l.is_loop) {
                    l.continues.extend(preds);
                }
                Ok(Vec::new())
            }
            "return_statement" | "co_return_statement" => {
                let r = self.add(Action::Return(n), preds)?;
                self.nodes[r].succs.push((Cfg::EXIT, EdgeCond::Always));
                Ok(Vec::new())
            }
            "throw_statement" => {
                let t = self.add(Action::Stmt(n), preds)?;
                self.nodes[t].succs.push((Cfg::ABORT, EdgeCond::Always));
                Ok(Vec::new())
            }
            "goto_statement" => {
                let g = self.add(Action::Join, preds)?;
                if let Some(l) = n.child_by_field_name("label") {
                    self.gotos.push((g, text(l, self.src).to_string()));
                }
                Ok(Vec::new())
            }
            "labeled_statement" => {
                let l = self.add(Action::Join, preds)?;
                if let Some(name) = n.child_by_field_name("label") {
                    self.labels.insert(text(name, self.src).to_string(), l);
                }
                let mut cur = vec![(l, EdgeCond::Always)];
                let mut walk = n.walk();
                for c in n.named_children(&mut walk) {
                    if c.kind() != "statement_identifier" {
                        cur = self.stmt(c, cur)?;
                    }
                }
                Ok(cur)
            }
            "try_statement" => {
                let start = self.add(Action::Join, preds)?;
                let mut out = match n.child_by_field_name("body") {
                    Some(b) => self.stmt(b, vec![(start, EdgeCond::Always)])?,
                    None => vec![(start, EdgeCond::Always)],
                };
                let mut walk = n.walk();
                for c in n.named_children(&mut walk) {
                    if c.kind() == "catch_clause"
                        && let Some(b) = c.child_by_field_name("body")
                    {
                        out.extend(self.stmt(b, vec![(start, EdgeCond::Always)])?);
                    }
                }
                Ok(out)
            }
            "comment" | "empty_statement" | ";" => Ok(preds),
            "preproc_if" | "preproc_ifdef" | "preproc_elif" | "preproc_elifdef"
            | "preproc_else" => self.preproc(n, preds),
            "case_statement" => {
                // A case label outside a switch body we walk (malformed code): run its statements.
                self.case_body(n, preds)
            }
            _ => {
                let s = self.add(Action::Stmt(n), preds)?;
                Ok(vec![(s, EdgeCond::Always)])
            }
        }
    }

    /// `#if` / `#ifdef` inside a function: which branch the build compiles is not known, so
    /// both are paths (the statements of this branch, or the `#else` / `#elif` alternative).
    fn preproc(&mut self, n: Node<'t>, preds: Pending<'t>) -> Result<Pending<'t>, CmemError> {
        let skip: Vec<usize> = ["name", "condition", "alternative"]
            .iter()
            .filter_map(|f| n.child_by_field_name(f).map(|c| c.id()))
            .collect();
        let alt = n.child_by_field_name("alternative");
        // `#if 0` is never compiled, `#if 1` always is.
        let fixed = n
            .child_by_field_name("condition")
            .filter(|c| c.kind() == "number_literal")
            .map(|c| text(c, self.src).trim() != "0");
        if fixed == Some(false) {
            return match alt {
                Some(a) => self.stmt(a, preds),
                None => Ok(preds),
            };
        }
        let mut cur = preds.clone();
        let mut walk = n.walk();
        for c in n.named_children(&mut walk) {
            if !skip.contains(&c.id()) {
                cur = self.stmt(c, cur)?;
            }
        }
        if fixed == Some(true) {
            return Ok(cur);
        }
        let other = match alt {
            Some(a) => self.stmt(a, preds)?,
            None => preds,
        };
        cur.extend(other);
        Ok(cur)
    }

    fn expression_statement(
        &mut self,
        n: Node<'t>,
        preds: Pending<'t>,
    ) -> Result<Pending<'t>, CmemError> {
        let Some(e) = n.named_child(0).filter(|c| c.kind() != "comment") else {
            return Ok(preds);
        };
        let s = strip(e);
        if s.kind() == "call_expression"
            && callee_name(s, self.src).is_some_and(|c| c == "assert" || c == "ASSERT")
            && let Some(cond) = call_args(s).first().copied()
        {
            let (t, f) = self.branch(cond, preds)?;
            self.connect(f, Cfg::ABORT);
            return Ok(t);
        }
        let id = self.add(Action::Stmt(n), preds)?;
        if self.is_noreturn_call(e) || s.kind() == "throw_expression" {
            self.nodes[id].succs.push((Cfg::ABORT, EdgeCond::Always));
            return Ok(Vec::new());
        }
        Ok(vec![(id, EdgeCond::Always)])
    }

    fn for_statement(&mut self, n: Node<'t>, preds: Pending<'t>) -> Result<Pending<'t>, CmemError> {
        let mut cur = preds;
        if let Some(init) = n.child_by_field_name("initializer") {
            let s = self.add(Action::Stmt(init), cur)?;
            cur = vec![(s, EdgeCond::Always)];
        }
        let head = self.add(Action::Join, cur)?;
        let (t, f) = match n.child_by_field_name("condition") {
            Some(c) => self.branch(c, vec![(head, EdgeCond::Always)])?,
            None => (vec![(head, EdgeCond::Always)], Vec::new()),
        };
        self.loops.push(Loop {
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: true,
        });
        let mut body_out = match n.child_by_field_name("body") {
            Some(b) => self.stmt(b, t)?,
            None => t,
        };
        let lp = self.loops.pop().unwrap_or_else(empty_loop);
        body_out.extend(lp.continues);
        match n.child_by_field_name("update") {
            Some(u) if !body_out.is_empty() => {
                let s = self.add(Action::Stmt(u), body_out)?;
                self.nodes[s].succs.push((head, EdgeCond::Always));
            }
            _ => self.connect(body_out, head),
        }
        let mut out = f;
        out.extend(lp.breaks);
        Ok(out)
    }

    fn loop_body(
        &mut self,
        body: Option<Node<'t>>,
        into: Pending<'t>,
        head: NodeId,
        exits: Pending<'t>,
    ) -> Result<Pending<'t>, CmemError> {
        self.loops.push(Loop {
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: true,
        });
        let out = match body {
            Some(b) => self.stmt(b, into)?,
            None => into,
        };
        let lp = self.loops.pop().unwrap_or_else(empty_loop);
        self.connect(out, head);
        self.connect(lp.continues, head);
        let mut all = exits;
        all.extend(lp.breaks);
        Ok(all)
    }

    fn switch_statement(
        &mut self,
        n: Node<'t>,
        preds: Pending<'t>,
    ) -> Result<Pending<'t>, CmemError> {
        let Some(discr) = n.child_by_field_name("condition").map(unwrap_condition) else {
            return Ok(preds);
        };
        let sw = self.add(Action::Switch(discr), preds)?;
        self.loops.push(Loop {
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut cur: Pending<'t> = Vec::new();
        let mut has_default = false;
        if let Some(body) = n.child_by_field_name("body") {
            let mut walk = body.walk();
            for c in body.named_children(&mut walk) {
                if c.kind() == "case_statement" {
                    let edge = match c.child_by_field_name("value") {
                        Some(v) => EdgeCond::Case(discr, v),
                        None => {
                            has_default = true;
                            EdgeCond::Default(discr)
                        }
                    };
                    cur.push((sw, edge));
                    let label = self.add(Action::Join, cur)?;
                    cur = self.case_body(c, vec![(label, EdgeCond::Always)])?;
                } else {
                    cur = self.stmt(c, cur)?;
                }
            }
        }
        let lp = self.loops.pop().unwrap_or_else(empty_loop);
        let mut out = cur;
        out.extend(lp.breaks);
        if !has_default {
            out.push((sw, EdgeCond::Default(discr)));
        }
        Ok(out)
    }

    fn case_body(&mut self, c: Node<'t>, preds: Pending<'t>) -> Result<Pending<'t>, CmemError> {
        let value = c.child_by_field_name("value").map(|v| v.id());
        let mut cur = preds;
        let mut walk = c.walk();
        for s in c.named_children(&mut walk) {
            if Some(s.id()) == value || s.kind() == "comment" {
                continue;
            }
            cur = self.stmt(s, cur)?;
        }
        Ok(cur)
    }
}

fn empty_loop<'t>() -> Loop<'t> {
    Loop {
        breaks: Vec::new(),
        continues: Vec::new(),
        is_loop: true,
    }
}

/// The expression inside `( ... )` of a condition; a declaration condition (`if (T x = e)`) stays.
fn unwrap_condition(c: Node<'_>) -> Node<'_> {
    if c.kind() == "condition_clause" {
        return c
            .child_by_field_name("value")
            .or_else(|| {
                let last = c.named_child_count().saturating_sub(1);
                c.named_child(u32::try_from(last).unwrap_or(0))
            })
            .unwrap_or(c);
    }
    c
}

/// Whether a statement holds a label somewhere inside (a `goto` may jump into it).
fn has_label(n: Node<'_>, depth: usize) -> bool {
    if matches!(n.kind(), "labeled_statement" | "case_statement") || depth > MAX_NESTING {
        // Too deep to look: assume a label, which keeps the code (it is only a precision loss).
        return true;
    }
    if !matches!(
        n.kind(),
        "compound_statement"
            | "preproc_if"
            | "preproc_ifdef"
            | "preproc_elif"
            | "preproc_else"
            | "if_statement"
            | "else_clause"
            | "while_statement"
            | "for_statement"
            | "do_statement"
            | "switch_statement"
    ) {
        return false;
    }
    let mut walk = n.walk();
    for c in n.named_children(&mut walk) {
        if has_label(c, depth + 1) {
            return true;
        }
    }
    false
}
