//! `ferret_cmem` is Ferret's C/C++ memory-safety analysis. It works on the tree-sitter syntax tree
//! of one translation unit: for every function it builds a control-flow graph ([`cfg`]) with
//! branch conditions, loops, `switch`, `goto` and calls that never return, then runs a forward
//! abstract interpretation over it (a worklist with must-joins at merges and widening at loop
//! heads) that tracks, per memory object (variables, fields, constant-index elements), pointer
//! states (heap allocation live / freed / null, not-heap addresses, null) and integer intervals.
//! Branch conditions refine the state on each edge and prune infeasible ones. Checks report only
//! what holds on every path that reaches the point: double free, use after free, free of a
//! non-heap or offset pointer, null dereference, dereference of an unchecked allocation, leaks,
//! buffer overrun and underrun against known sizes, reads of never-initialised locals, integer
//! division by zero, shifts out of range, returned addresses of locals, non-void functions that
//! reach their closing brace, function addresses tested as if they were pointers, and `if` and
//! `while` statements whose body is a stray `;`. Same-file
//! functions get summaries (frees parameter N, returns a fresh allocation, never returns), and
//! function-like macros whose body never returns end paths; calls whose arguments are known
//! are followed into the callee with those values (module `contexts`). Every function's analysis is bounded
//! by a step budget, so bad input never hangs.

mod analysis;
mod arith;
mod calls;
pub mod cfg;
mod contexts;
mod eval;
mod globals;
mod macros;
mod records;
mod refine;
mod structure;
mod syntax;
pub mod types;
mod uninit;
pub mod value;

#[cfg(test)]
mod cfg_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_contexts;
#[cfg(test)]
mod tests_real;
#[cfg(test)]
mod tests_structure;
#[cfg(test)]
mod tests_values;

use std::fmt;
use std::str::FromStr;

use ferret_core::Span;
use tree_sitter::Node;

pub use analysis::{analyze, analyze_dialect};

/// A defect the analysis can report; rules select them by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// `double-free`: a pointer freed twice.
    DoubleFree,
    /// `use-after-free`: freed memory read or written.
    UseAfterFree,
    /// `free-non-heap`: `free` of a local, global, array or string literal.
    FreeNonHeap,
    /// `free-offset`: `free` of a pointer that no longer points to the start of its block.
    FreeOffset,
    /// `null-deref`: a pointer that is null on every path is dereferenced.
    NullDeref,
    /// `unchecked-alloc`: the result of `malloc`/`calloc`/`realloc` used without a null check.
    UncheckedAlloc,
    /// `leak`: the last reference to an allocation is lost.
    Leak,
    /// `buffer-overrun`: an access past the end of an object of known size.
    BufferOverrun,
    /// `buffer-underrun`: an access before the start of an object.
    BufferUnderrun,
    /// `uninitialized-read`: a local variable, field or array element read before anything
    /// was stored in it, on every path.
    UninitializedRead,
    /// `divide-by-zero`: an integer division or remainder by a divisor that is zero on every path.
    DivideByZero,
    /// `shift-out-of-range`: a shift by a negative amount or by the operand's width or more.
    ShiftOutOfRange,
    /// `return-local-address`: a function returns the address of its own local storage.
    ReturnLocalAddress,
    /// `missing-return`: a function declared to return a value reaches its closing brace on a
    /// feasible path.
    MissingReturn,
    /// `function-address-test`: the address of a function is compared with NULL or used as a
    /// condition, which is always true (a call was meant).
    FunctionAddressTest,
    /// `empty-body`: `if (c);` with a side-effect-free condition, or `while (c);` whose
    /// condition reads only locals nothing else can change (it never ends once entered).
    EmptyBody,
}

impl Check {
    /// Every check.
    pub const ALL: [Check; 16] = [
        Check::DoubleFree,
        Check::UseAfterFree,
        Check::FreeNonHeap,
        Check::FreeOffset,
        Check::NullDeref,
        Check::UncheckedAlloc,
        Check::Leak,
        Check::BufferOverrun,
        Check::BufferUnderrun,
        Check::UninitializedRead,
        Check::DivideByZero,
        Check::ShiftOutOfRange,
        Check::ReturnLocalAddress,
        Check::MissingReturn,
        Check::FunctionAddressTest,
        Check::EmptyBody,
    ];

    /// The name rules use.
    pub fn name(self) -> &'static str {
        match self {
            Check::DoubleFree => "double-free",
            Check::UseAfterFree => "use-after-free",
            Check::FreeNonHeap => "free-non-heap",
            Check::FreeOffset => "free-offset",
            Check::NullDeref => "null-deref",
            Check::UncheckedAlloc => "unchecked-alloc",
            Check::Leak => "leak",
            Check::BufferOverrun => "buffer-overrun",
            Check::BufferUnderrun => "buffer-underrun",
            Check::UninitializedRead => "uninitialized-read",
            Check::DivideByZero => "divide-by-zero",
            Check::ShiftOutOfRange => "shift-out-of-range",
            Check::ReturnLocalAddress => "return-local-address",
            Check::MissingReturn => "missing-return",
            Check::FunctionAddressTest => "function-address-test",
            Check::EmptyBody => "empty-body",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Check {
    type Err = CmemError;
    fn from_str(s: &str) -> Result<Check, CmemError> {
        Check::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| CmemError::UnknownCheck(s.to_string()))
    }
}

/// Errors of the analysis.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CmemError {
    /// A rule named a check that does not exist.
    #[error(
        "unknown c-memory check `{0}` (expected one of double-free, use-after-free, free-non-heap, free-offset, null-deref, unchecked-alloc, leak, buffer-overrun, buffer-underrun, uninitialized-read, divide-by-zero, shift-out-of-range, return-local-address, missing-return, function-address-test, empty-body)"
    )]
    UnknownCheck(String),
    /// A function's CFG would exceed the node limit.
    #[error("function too large for the memory analysis (over {limit} CFG nodes)")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// Statements nest deeper than the builder follows.
    #[error("statements nested deeper than {limit}")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
}

/// One event on the way to a defect (allocation, free), for the finding's trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEvent {
    /// Where.
    pub span: Span,
    /// What happened, e.g. `allocated by malloc`.
    pub note: String,
}

/// A reported defect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defect {
    /// Which check.
    pub check: Check,
    /// The faulty expression.
    pub span: Span,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Allocation and free events that lead here, in order.
    pub trace: Vec<TraceEvent>,
}

/// What the analysis of one translation unit produced.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Defects of the selected checks, ordered by position.
    pub defects: Vec<Defect>,
    /// Functions whose analysis stopped at the step budget or a size limit (nothing reported
    /// for them).
    pub skipped_functions: usize,
}

/// The language of a translation unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// C.
    C,
    /// C++ (class-type objects are constructed, never left uninitialised).
    Cpp,
}

/// Analysis limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Transfer steps per function before its analysis is abandoned.
    pub steps_per_function: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps_per_function: 200_000,
        }
    }
}

fn span_of(n: Node<'_>) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}
