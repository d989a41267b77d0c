//! The trait every backend implements, and the types it speaks in.

use async_trait::async_trait;

use super::article::{Article, ArticleId, ArticlePatch, NewArticle};
use super::error::StoreError;
use super::page::{ArticlePage, ListQuery, PageTokenKey};

/// The articles published just before and just after one article in its
/// section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Neighbours {
    /// Published just before (or at the same time, with a smaller id).
    pub previous: Option<Article>,
    /// Published just after (or at the same time, with a greater id).
    pub next: Option<Article>,
}

/// What a cached summary is the summary of: one version of one article,
/// summarized with one set of options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SummaryKey {
    /// The article.
    pub id: ArticleId,
    /// [`Article::content_hash`] of the version summarized.
    pub content_hash: String,
    /// A hash of the summary options (title included), so that a key's
    /// size does not depend on what the client sent.
    pub options: String,
}

/// A durable store of articles. Every method that returns `Ok` after a write
/// has made that write durable: a crash right after loses nothing. Every
/// article read is checked against the hashes stored with it, and a
/// damaged one is [`StoreError::Damaged`], never returned.
#[async_trait]
pub trait ArticleStore: Send + Sync {
    /// Stores a new article. With a `request_id` seen before, returns the
    /// article that request created when the content is the same,
    /// [`StoreError::RequestIdReused`] when it differs, and
    /// [`StoreError::CreatedArticleDeleted`] when that article has since
    /// been deleted (a late retry never brings it back).
    async fn create(&self, new: NewArticle) -> Result<Article, StoreError>;

    /// The article with this id.
    async fn get(&self, id: &ArticleId) -> Result<Article, StoreError>;

    /// Applies `patch` as a new revision, if `expected_etag` (when given) is
    /// the stored etag. The patched article must still have a title and a
    /// body ([`StoreError::InvalidContent`] otherwise). Stale cached
    /// summaries of the article are dropped.
    async fn update(
        &self,
        id: &ArticleId,
        patch: ArticlePatch,
        expected_etag: Option<&str>,
    ) -> Result<Article, StoreError>;

    /// Deletes the article and its cached summaries, if `expected_etag`
    /// (when given) is the stored etag.
    async fn delete(&self, id: &ArticleId, expected_etag: Option<&str>) -> Result<(), StoreError>;

    /// One page of articles, newest publish time first, ties by greater id
    /// first; it ends early, before [`PAGE_BUDGET_BYTES`](super::PAGE_BUDGET_BYTES) of articles.
    async fn list(&self, query: &ListQuery) -> Result<ArticlePage, StoreError>;

    /// The neighbours of an article within its section, by (publish time,
    /// id).
    async fn adjacent(&self, id: &ArticleId) -> Result<Neighbours, StoreError>;

    /// A cached summary, as the bytes [`ArticleStore::put_summary`] stored.
    async fn summary(&self, key: &SummaryKey) -> Result<Option<Vec<u8>>, StoreError>;

    /// Caches a summary, evicting the oldest past [`SUMMARY_CACHE_BYTES`](super::SUMMARY_CACHE_BYTES).
    /// Ignored (not an error) when the article is gone or has changed
    /// since, so a slow summary never outlives its article.
    async fn put_summary(&self, key: &SummaryKey, summary: &[u8]) -> Result<(), StoreError>;

    /// The key this store's page tokens are signed with, kept in the
    /// database so that every server of it accepts them.
    fn page_token_key(&self) -> &PageTokenKey;
}
