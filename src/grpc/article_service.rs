//! `precis.v1.ArticleService` over an [`ArticleStore`].
//!
//! Handlers validate and convert the request, call the store, and convert
//! back; store failures map to statuses in `error::store_status`.
//! Summaries go through the [`SummaryCache`], so each version of an article
//! is summarized once per set of options.

use std::sync::Arc;

use prost::Message;
use tonic::{Request, Response, Status};
use tonic_types::FieldViolation;

use super::article_convert::{
    create_request, detect_language, list_request, name_request, update_request,
};
use super::convert::summarize_request;
use super::error::{invalid_argument, nest_violations, store_status};
use super::summary_service::{Pipeline, blocking, summarize_valid};
use crate::metrics::Metrics;
use crate::proto::{self, summarize_request::Document};
use crate::store::{ArticleStore, SummaryCache, encode_token, summary_key};

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

/// The `SummarizeRequest` for a stored article: its body as the document,
/// its title and language unless the options name their own.
fn summary_request(
    article: &crate::store::Article,
    options: proto::SummarizeRequest,
) -> proto::SummarizeRequest {
    let content = &article.content;
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

#[tonic::async_trait]
impl proto::article_service_server::ArticleService for ArticleGrpc {
    #[tracing::instrument(skip_all)]
    async fn create_article(
        &self,
        request: Request<proto::CreateArticleRequest>,
    ) -> Result<Response<proto::CreateArticleResponse>, Status> {
        let mut new = create_request(request.into_inner(), &self.pipeline)?;
        let content = new.content;
        let extractor = self.pipeline.extractor;
        new.content = blocking(move || {
            let mut content = content;
            detect_language(&mut content, &extractor)?;
            Ok(content)
        })
        .await?;
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
        let article = self
            .store
            .update(&update.id, update.patch, update.etag.as_deref())
            .await
            .map_err(|error| store_status(error, "article."))?;
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
        let query = list_request(request.into_inner())?;
        let page = self
            .store
            .list(&query)
            .await
            .map_err(|error| store_status(error, ""))?;
        Ok(Response::new(proto::ListArticlesResponse {
            next_page_token: page
                .next
                .map(|cursor| encode_token(&cursor, &query.filter))
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
        let valid = summarize_request(summary_request(&article, options), &self.pipeline)
            .map_err(|status| nest_violations(status, "options."))?;
        let key = summary_key(&article, &valid.options);
        let pipeline = self.pipeline;
        let mut computed = false;
        let encoded = self
            .summaries
            .get_or_compute(&key, || {
                computed = true;
                async move {
                    let summary = summarize_valid(pipeline, valid).await?;
                    Ok::<_, Status>(summary.encode_to_vec())
                }
            })
            .await?;
        self.metrics.summary_cache_lookup(!computed);
        let summary = proto::SummarizeResponse::decode(encoded.as_slice()).map_err(|error| {
            tracing::error!(%error, id = %article.id, "cached summary cannot be decoded");
            Status::internal("a cached summary is corrupt; the error was logged")
        })?;
        Ok(Response::new(proto::GetArticleSummaryResponse {
            summary: Some(summary),
            etag: article.etag,
        }))
    }
}
