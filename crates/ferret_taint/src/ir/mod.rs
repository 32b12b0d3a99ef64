//! The flow IR: each function lowered from its tree-sitter tree into arenas of statements and
//! expressions with typed indices. Lowering is generic over languages: it recognises every
//! family of nodes (functions, closures, classes, calls, returns, branches, loops, members,
//! identifiers, literals, assignments, declarations, subscripts, switches, ...) by the node kinds
//! of the file's language (`ferret_lang::FlowKinds`, one table per language) and by the field
//! names the grammars share, never by a kind's spelling, so one lowering serves all thirteen
//! languages.

mod c_alias;
mod collect;
mod function;
mod literals;
mod lower;
mod types;

pub use function::{FileFuncs, lower_file};
pub use types::*;

pub(crate) use function::export_member;
pub(crate) use lower::implicit_this;

#[cfg(test)]
mod tests;
