//! `precis.v1.ArticleService` over an [`ArticleStore`].
//!
//! Handlers validate and convert the request, call the store, and convert
//! back; store failures map to statuses in `error::store_status`.
//! Summaries go through the [`SummaryCache`], so each version of an article
//! is summarized once per set of options.
//!
//! Every article written can be summarized: a create, and an update that
//! changes the title, body or language, is first summarized the way
//! `GetArticleSummary` will, and refused with Summarize's status (its
//! violations naming the article's fields) when that fails.

use std::sync::Arc;

use tonic::{Code, Request, Response, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use super::article_convert::{
    ValidCreate, ValidUpdate, create_request, fill_from_page, list_request, name_request,
    patch_from_page, update_request,
};
use super::convert::{summarize_request, summary_options};
use super::error::{
    invalid_argument, nest_violations, page_status, reason_name, rename_violations, store_status,
};
use super::summary_service::{blocking, summarize_valid};
use crate::metrics::Metrics;
use crate::pipeline::{Document as CheckedDocument, Pipeline, Source};
use crate::proto::{self, summarize_request::Document};
use crate::store::{
    Article, ArticleContent, ArticleId, ArticleStore, StoreError, SummaryCache, Timestamp,
    encode_token, summary_key,
};

/// How many times an update without an etag is tried when other writes
/// keep changing the article between its check and its write.
const UPDATE_ATTEMPTS: usize = 3;

/// The gRPC face of an article store.
pub struct ArticleGrpc {
    store: Arc<dyn ArticleStore>,
    summaries: SummaryCache,
    pipeline: Pipeline,
    metrics: Metrics,
}

impl ArticleGrpc {
    /// Serves the articles of `store`, summarized by `pipeline`, counting
    /// summary cache hits in `metrics`.
    pub fn new(store: Arc<dyn ArticleStore>, pipeline: Pipeline, metrics: Metrics) -> Self {
        ArticleGrpc {
            summaries: SummaryCache::new(store.clone()),
            store,
            pipeline,
            metrics,
        }
    }
}

/// The `SummarizeRequest` for an article's content: its body as the
/// document, its title and language unless the options name their own.
fn summary_request(
    content: &ArticleContent,
    options: proto::SummarizeRequest,
) -> proto::SummarizeRequest {
    let document = if content.text.trim().is_empty() {
        Document::Html(content.html.clone())
    } else {
        Document::Text(content.text.clone())
    };
    let or_stored = |given: String, stored: &str| {
        if given.is_empty() {
            stored.to_string()
        } else {
            given
        }
    };
    proto::SummarizeRequest {
        document: Some(document),
        title: or_stored(options.title, &content.title),
        language: or_stored(options.language, &content.language),
        ..options
    }
}

/// Whether a status of summarizing a stored article names its document
/// (`text` or `html`) rather than the options.
fn names_document(status: &Status) -> bool {
    status
        .get_error_details()
        .bad_request()
        .is_some_and(|bad_request| {
            bad_request
                .field_violations
                .iter()
                .any(|violation| matches!(violation.field.as_str(), "text" | "html"))
        })
}

/// The status of a failed summary of stored article `id`: problems of the
/// options name `options.*`; a stored body that cannot be summarized
/// (stored before writes were checked) is FAILED_PRECONDITION on the
/// article, to be fixed by updating it.
fn stored_summary_status(status: Status, id: &ArticleId) -> Status {
    if !names_document(&status) {
        return nest_violations(status, "options.");
    }
    tracing::warn!(%id, reason = status.message(), "a stored article cannot be summarized");
    let message = format!(
        "the stored article cannot be summarized ({}); update its text or html",
        status.message()
    );
    let details = ErrorDetails::with_precondition_failure_violation(
        reason_name(proto::ErrorReason::UnsummarizableArticle),
        format!("articles/{id}"),
        &message,
    );
    Status::with_error_details(Code::FailedPrecondition, message, details)
}

impl ArticleGrpc {
    /// Refuses `content` unless `GetArticleSummary` can summarize it: it is
    /// summarized as the default options would, with the cheapest ranking,
    /// and a failure answers Summarize's status, its violations naming the
    /// article's fields (`article.text`, or `article.html` for an article
    /// kept only as a page).
    async fn check_summarizable(
        &self,
        content: &ArticleContent,
        page: Option<Source>,
    ) -> Result<(), Status> {
        let body = if content.text.trim().is_empty() {
            "article.html"
        } else {
            "article.text"
        };
        let article_field = |field: &str| match field {
            "text" | "html" => body.to_string(),
            other => format!("article.{other}"),
        };
        let options = proto::SummarizeRequest {
            algorithm: proto::Algorithm::Lead as i32,
            ..proto::SummarizeRequest::default()
        };
        let request = summary_request(content, options);
        let pipeline = self.pipeline;
        let checked = match page {
            // The page was checked and read already: only the options remain.
            Some(page) => {
                let mut violations = Vec::new();
                let options = summary_options(request, &mut violations);
                if !violations.is_empty() {
                    return Err(rename_violations(
                        invalid_argument(violations),
                        article_field,
                    ));
                }
                blocking(move || Ok(pipeline.summarize(&page, &options).map(drop)?)).await
            }
            None => {
                let valid = summarize_request(request, &pipeline)
                    .map_err(|status| rename_violations(status, article_field))?;
                summarize_valid(pipeline, valid).await.map(drop)
            }
        };
        checked
            .map(drop)
            .map_err(|status| rename_violations(status, article_field))
    }

    /// Applies an update that changes what summaries are made of, once the
    /// patched article is known to be summarizable. The check is made on
    /// the version read, and the write is conditional on that version;
    /// without a client etag, a write that came in between makes it start
    /// again.
    async fn checked_update(&self, update: ValidUpdate) -> Result<Article, Status> {
        let mut read: Option<Source> = None;
        for _ in 0..UPDATE_ATTEMPTS {
            let current = self
                .store
                .get(&update.id)
                .await
                .map_err(|error| store_status(error, ""))?;
            let expected = update.etag.clone().unwrap_or_else(|| current.etag.clone());
            let mut patch = update.patch.clone();
            // With a stale client etag the write below refuses it as such.
            if expected == current.etag {
                // The update's page is read once, and only when it is the
                // body; a retry reuses what was read.
                let text = patch.text.as_deref().unwrap_or(&current.content.text);
                let body_is_page = update.page.is_some() && text.trim().is_empty();
                let unread = (body_is_page && read.is_none())
                    .then(|| update.page.clone())
                    .flatten();
                let known = read.take();
                let pipeline = self.pipeline;
                let (filled, current, page) = blocking(move || {
                    let page = match unread {
                        Some(page) => Some(
                            pipeline
                                .read(CheckedDocument::Page(page))
                                .map_err(|error| page_status(&error, "article.html"))?,
                        ),
                        None => known,
                    };
                    let mut patch = patch;
                    patch_from_page(&mut patch, &current, page.as_ref().filter(|_| body_is_page));
                    Ok((patch, current, page))
                })
                .await?;
                read = page;
                patch = filled;
                let mut patched = current;
                patched.apply(patch.clone(), Timestamp::now());
                let problems: Vec<_> = patched
                    .content
                    .problems()
                    .into_iter()
                    .map(|(field, reason)| FieldViolation::new(format!("article.{field}"), reason))
                    .collect();
                if !problems.is_empty() {
                    return Err(invalid_argument(problems));
                }
                let page = read.clone().filter(|_| body_is_page);
                self.check_summarizable(&patched.content, page).await?;
            }
            match self.store.update(&update.id, patch, Some(&expected)).await {
                Err(StoreError::EtagMismatch { .. }) if update.etag.is_none() => continue,
                result => return result.map_err(|error| store_status(error, "article.")),
            }
        }
        Err(Status::aborted(
            "the article kept changing while it was updated; read it again and retry",
        ))
    }
}

#[tonic::async_trait]
impl proto::article_service_server::ArticleService for ArticleGrpc {
    #[tracing::instrument(skip_all)]
    async fn create_article(
        &self,
        request: Request<proto::CreateArticleRequest>,
    ) -> Result<Response<proto::CreateArticleResponse>, Status> {
        let ValidCreate { new, page } = create_request(request.into_inner(), &self.pipeline)?;
        let pipeline = self.pipeline;
        let (new, page) = blocking(move || {
            let page = page
                .map(|page| pipeline.read(CheckedDocument::Page(page)))
                .transpose()
                .map_err(|error| page_status(&error, "article.html"))?;
            let mut new = new;
            fill_from_page(&mut new, page.as_ref());
            Ok((new, page))
        })
        .await?;
        self.check_summarizable(&new.content, page).await?;
        let article = self
            .store
            .create(new)
            .await
            .map_err(|error| store_status(error, "article."))?;
        tracing::debug!(id = %article.id, "created article");
        Ok(Response::new(proto::CreateArticleResponse {
            article: Some(article.into()),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn get_article(
        &self,
        request: Request<proto::GetArticleRequest>,
    ) -> Result<Response<proto::GetArticleResponse>, Status> {
        let id = name_request(&request.into_inner().name)?;
        let article = self
            .store
            .get(&id)
            .await
            .map_err(|error| store_status(error, ""))?;
        Ok(Response::new(proto::GetArticleResponse {
            article: Some(article.into()),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn update_article(
        &self,
        request: Request<proto::UpdateArticleRequest>,
    ) -> Result<Response<proto::UpdateArticleResponse>, Status> {
        let update = update_request(request.into_inner(), &self.pipeline)?;
        let article = if update.patch.changes_summary_input() {
            self.checked_update(update).await?
        } else {
            self.store
                .update(&update.id, update.patch, update.etag.as_deref())
                .await
                .map_err(|error| store_status(error, "article."))?
        };
        Ok(Response::new(proto::UpdateArticleResponse {
            article: Some(article.into()),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn delete_article(
        &self,
        request: Request<proto::DeleteArticleRequest>,
    ) -> Result<Response<proto::DeleteArticleResponse>, Status> {
        let request = request.into_inner();
        let id = name_request(&request.name)?;
        let etag = Some(request.etag).filter(|etag| !etag.is_empty());
        self.store
            .delete(&id, etag.as_deref())
            .await
            .map_err(|error| store_status(error, ""))?;
        Ok(Response::new(proto::DeleteArticleResponse {}))
    }

    #[tracing::instrument(skip_all)]
    async fn list_articles(
        &self,
        request: Request<proto::ListArticlesRequest>,
    ) -> Result<Response<proto::ListArticlesResponse>, Status> {
        let key = self.store.page_token_key();
        let query = list_request(request.into_inner(), key)?;
        let page = self
            .store
            .list(&query)
            .await
            .map_err(|error| store_status(error, ""))?;
        Ok(Response::new(proto::ListArticlesResponse {
            next_page_token: page
                .next
                .map(|cursor| encode_token(&cursor, &query.filter, key))
                .unwrap_or_default(),
            articles: page.articles.into_iter().map(Into::into).collect(),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn get_adjacent_articles(
        &self,
        request: Request<proto::GetAdjacentArticlesRequest>,
    ) -> Result<Response<proto::GetAdjacentArticlesResponse>, Status> {
        let id = name_request(&request.into_inner().name)?;
        let neighbours = self
            .store
            .adjacent(&id)
            .await
            .map_err(|error| store_status(error, ""))?;
        Ok(Response::new(proto::GetAdjacentArticlesResponse {
            previous: neighbours.previous.map(Into::into),
            next: neighbours.next.map(Into::into),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn get_article_summary(
        &self,
        request: Request<proto::GetArticleSummaryRequest>,
    ) -> Result<Response<proto::GetArticleSummaryResponse>, Status> {
        let request = request.into_inner();
        let options = request.options.unwrap_or_default();
        if let Some(document) = &options.document {
            let field = match document {
                Document::Text(_) => "options.text",
                Document::Html(_) => "options.html",
            };
            return Err(invalid_argument(vec![FieldViolation::new(
                field,
                "must be empty: the stored article is what is summarized",
            )]));
        }
        let id = name_request(&request.name)?;
        let article = self
            .store
            .get(&id)
            .await
            .map_err(|error| store_status(error, ""))?;
        let valid = summarize_request(summary_request(&article.content, options), &self.pipeline)
            .map_err(|status| stored_summary_status(status, &article.id))?;
        let key = summary_key(&article, &valid.options);
        let pipeline = self.pipeline;
        let lookup = self
            .summaries
            .get_or_compute(&key, || async move {
                let summarized = summarize_valid(pipeline, valid).await?;
                Ok::<_, Status>(proto::SummarizeResponse::from(summarized))
            })
            .await
            .map_err(|status| stored_summary_status(status, &article.id))?;
        self.metrics.summary_cache_lookup(lookup.hit);
        let summary = lookup.summary;
        Ok(Response::new(proto::GetArticleSummaryResponse {
            summary: Some(summary),
            etag: article.etag,
        }))
    }
}
