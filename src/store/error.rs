//! How a store operation fails, independent of the backend.

use super::article::{Article, ArticleContent, ArticleId};
use crate::error_code::ErrorCode;

/// Why a store operation failed. Each variant has one code
/// ([`StoreError::error_code`]), whatever the backend.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No article has this id.
    #[error("article {0} does not exist")]
    NotFound(ArticleId),
    /// An article with this id exists already.
    #[error("article {0} already exists")]
    AlreadyExists(ArticleId),
    /// The `request_id` created an article before, from different content.
    #[error("request_id {0:?} was already used for a different article")]
    RequestIdReused(String),
    /// The client's etag is not the stored one: someone else wrote first.
    #[error("article {id} has changed: its etag is {current:?}, not {given:?}")]
    EtagMismatch {
        /// The article.
        id: ArticleId,
        /// The etag the client sent.
        given: String,
        /// The stored etag.
        current: String,
    },
    /// An update would leave the article without a title or body.
    #[error("invalid {field}: {reason}")]
    InvalidContent {
        /// The field at fault.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// The `request_id` created an article that has since been deleted: a
    /// retry must not bring it back.
    #[error("request_id {request_id:?} created article {id}, which has since been deleted")]
    CreatedArticleDeleted {
        /// The client's idempotency key.
        request_id: String,
        /// The article it created.
        id: ArticleId,
    },
    /// Stored data is not what was written (a damaged row or file); it is
    /// never served. The message is for logs and operators.
    #[error("{0}")]
    Damaged(String),
    /// The backend failed (I/O, a lost connection). The message is for
    /// logs, not for clients.
    #[error("storage backend failed: {0}")]
    Backend(String),
}

impl StoreError {
    /// What kind of failure this is: a reused `request_id` is as much a
    /// conflict as a taken id, and the etag of a lost race asks for a retry.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            StoreError::NotFound(_) | StoreError::CreatedArticleDeleted { .. } => {
                ErrorCode::NotFound
            }
            StoreError::AlreadyExists(_) | StoreError::RequestIdReused(_) => {
                ErrorCode::AlreadyExists
            }
            StoreError::EtagMismatch { .. } => ErrorCode::Aborted,
            StoreError::InvalidContent { .. } => ErrorCode::InvalidArgument,
            StoreError::Damaged(_) => ErrorCode::DataLoss,
            StoreError::Backend(_) => ErrorCode::Internal,
        }
    }

    /// Wraps any backend error; its text is logged, never sent to clients.
    pub fn backend(error: impl std::fmt::Display) -> StoreError {
        StoreError::Backend(error.to_string())
    }
}

/// [`StoreError::EtagMismatch`] unless `expected` (when given) is the
/// article's etag; every backend checks a conditional write this way.
pub(crate) fn check_etag(article: &Article, expected: Option<&str>) -> Result<(), StoreError> {
    match expected {
        Some(given) if given != article.etag => Err(StoreError::EtagMismatch {
            id: article.id.clone(),
            given: given.to_string(),
            current: article.etag.clone(),
        }),
        _ => Ok(()),
    }
}

/// `article` as read back, or [`StoreError::Damaged`] when it does not
/// match the content hash stored with it or its own etag.
pub(crate) fn check_intact(
    article: Article,
    stored_content_hash: &str,
) -> Result<Article, StoreError> {
    if article.is_intact(stored_content_hash) {
        Ok(article)
    } else {
        Err(StoreError::Damaged(format!(
            "article {} is damaged: its stored hashes do not match its fields",
            article.id
        )))
    }
}

/// [`StoreError::InvalidContent`] for the first reason `content` cannot be
/// stored.
pub(crate) fn check_content(content: &ArticleContent) -> Result<(), StoreError> {
    match content.problems().into_iter().next() {
        Some((field, reason)) => Err(StoreError::InvalidContent { field, reason }),
        None => Ok(()),
    }
}
