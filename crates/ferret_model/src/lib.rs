//! `ferret_model` is Ferret's model pass. Static analysis finds and ranks candidate sites; this
//! crate has a model judge each one with exactly the context it needs, then tries to disprove
//! the positive verdicts, and proposes fixes that a rescan must confirm.
//!
//! - [`provider`]: OpenAI Chat Completions, OpenAI Responses and Anthropic Messages, with
//!   structured output, streaming, usage accounting, retries that honour `retry-after`, and a
//!   concurrency limit.
//! - [`candidates`]: ranking and deduplication by root cause (no model).
//! - [`slice`]: the bounded, deterministic context slice of a candidate (no model).
//! - [`pass`]: triage, the `needs_context` round, verification, evidence checks, fixes, the
//!   token budget and the run summary.
//! - [`cache`]: verdicts on disk, keyed by what determines them.
//! - [`mask`]: secrets are masked in everything sent.
//! - [`patch`]: strict application of a proposed unified diff.
//!
//! Nothing here runs unless the user asks for the model pass.

pub mod cache;
pub mod candidates;
pub mod json;
pub mod mask;
pub mod pass;
pub mod patch;
pub mod prompts;
pub mod provider;
pub mod slice;

pub use pass::{
    CostEstimate, EngineRescan, Pass, PassError, PassOptions, Prices, Rescan, estimate,
};
pub use provider::{ApiStyle, ModelError, ModelSpec, Provider, ProviderConfig};
pub use slice::Sources;
