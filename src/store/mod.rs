//! Durable storage of articles behind one trait, [`ArticleStore`], with a
//! backend per database.
//!
//! The trait is object-safe (through `async_trait`, which boxes each
//! returned future) so that the server holds an `Arc<dyn ArticleStore>`
//! and picks the backend at start-up from its flags. One heap allocation
//! per call is nothing next to a database round trip.
//!
//! Every backend must pass the shared conformance suite in
//! `tests/it/store_conformance/`. Types here know nothing of gRPC.

mod article;
mod backend;
mod error;
mod migration;
mod page;
pub mod postgres;
pub mod sqlite;
mod summary_cache;

pub use article::{
    Article, ArticleContent, ArticleId, ArticlePatch, MAX_AUTHOR_BYTES, MAX_CANONICAL_URL_BYTES,
    MAX_ID_LEN, MAX_SECTION_BYTES, MAX_TITLE_BYTES, NewArticle, Timestamp,
};
pub use backend::{ArticleStore, Neighbours, SummaryKey};
pub use error::StoreError;
pub use page::{
    ArticlePage, Cursor, DEFAULT_PAGE_SIZE, ListFilter, ListQuery, MAX_PAGE_SIZE,
    PAGE_BUDGET_BYTES, PageTokenKey, decode_token, encode_token, page_size,
};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;
pub use summary_cache::{Cacheable, Lookup, SUMMARY_CACHE_BYTES, SummaryCache, summary_key};
