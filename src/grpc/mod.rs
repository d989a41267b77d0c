//! Thin tonic adapters over the core: requests in, core calls, responses
//! out, with every error mapped in [`error`].

mod article_convert;
mod article_service;
pub mod call_scope;
mod convert;
pub mod error;
mod summary_service;

pub use article_service::ArticleGrpc;
pub use summary_service::{StreamLimits, SummaryGrpc};
