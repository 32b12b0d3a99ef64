//! The IR's data: typed indices, constants, expression and statement kinds, and one lowered
//! function (`FuncIr`) with its arenas, plus the node budget that bounds a function's size.

use ferret_core::Span;
use serde::{Deserialize, Serialize};

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
        /// What is known of the receiver's class, for resolving the call (see [`Recv`]).
        recv: Recv,
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
        /// Names the body declares: its own locals, not the enclosing function's.
        locals: Vec<String>,
        /// The body.
        body: StmtId,
    },
    /// Anything else: taint flows from any child.
    Other(Vec<ExprId>),
}

/// What lowering knows about the receiver of a call, from syntax and declarations; the
/// project pass turns it into callees (see `analysis::resolve`). Class names are the last
/// segment of the written type, without type arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recv {
    /// No receiver: `f(x)` (a module function, or a method of the caller's own class in
    /// languages with an implicit `this`).
    None,
    /// `this.m()`, `self.m()`, `$this->m()`: the caller's class, or an override.
    This,
    /// `C.m()`, `C::m()` with `C` a capitalised name: a static call on class `C` (or a module
    /// `C` the file imports).
    Static(String),
    /// A receiver constructed right there or held by a local assigned a constructor call:
    /// `new C().m()`, `C(x).m()`, `c = C(); c.m()`, `w = mod.wrapper(r); w.m()`. Exactly
    /// class `C` when the project defines a class `C` (else of unknown class).
    Exact(String),
    /// A variable, parameter or field declared with type `T` (written text, qualifier kept:
    /// `store.Store`): `T`'s method or an override or implementation in a subclass.
    Declared(String),
    /// `this.f.m()`, `self.f.m()` (or a bare `f` that is no local, in a language with an
    /// implicit `this`): the declared or constructed type of field `f` of the caller's class.
    Field(String),
    /// A receiver of unknown type: a parameter without a declared type, a call's result, an
    /// attribute chain. It is no project method; only a module function when the receiver
    /// is a name that is no local (a module or namespace).
    Unknown,
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
    /// Fields of its class the function assigns a value of known class (`self.repo = Repo()`,
    /// `this.svc = svc` for a parameter `Service svc`): (field, class as written).
    #[serde(default)]
    pub field_types: Vec<(String, String)>,
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
