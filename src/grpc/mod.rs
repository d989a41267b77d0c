//! Thin tonic adapters over the core: requests in, core calls, responses
//! out, with every error mapped in [`error`].

mod convert;
pub mod error;
mod summary_service;

pub use summary_service::SummaryGrpc;
