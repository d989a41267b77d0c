//! `precis.v1.SummaryService` over the core summarizer.
//!
//! Each handler validates and converts the request, runs the summarizer on
//! a pool of one thread per core (a long document must not stall the async
//! workers, and more threads than cores would only share them), and
//! converts the result back.

use std::pin::Pin;

use futures_util::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

use tonic_types::FieldViolation;

use super::convert::{ValidRequest, extract_request, summarize_request};

use super::call_scope::{CallScope, check_call};
use super::error::{invalid_argument, item_error, too_many_stream_items, transport_status};
use crate::pipeline::{Pipeline, Summarized};
use crate::proto::{self, summarize_stream_response::Result as ItemResult};

/// Bounds on one `SummarizeStream` call.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    /// Documents worked on at a time; more would only share the cores.
    pub concurrency: usize,
    /// Documents in one stream; past it the stream ends with
    /// RESOURCE_EXHAUSTED, so that no call holds its place forever.
    pub max_items: usize,
}

/// The gRPC face of a [`Pipeline`].
#[derive(Debug, Clone)]
pub struct SummaryGrpc {
    pipeline: Pipeline,
    streams: StreamLimits,
}

impl SummaryGrpc {
    /// Serves `pipeline`, with streams bounded by `streams`.
    pub fn new(pipeline: Pipeline, streams: StreamLimits) -> Self {
        let streams = StreamLimits {
            concurrency: streams.concurrency.max(1),
            ..streams
        };
        SummaryGrpc { pipeline, streams }
    }
}

/// Validates and summarizes one request.
async fn summarize(
    pipeline: Pipeline,
    request: proto::SummarizeRequest,
) -> Result<proto::SummarizeResponse, Status> {
    let valid = summarize_request(request, &pipeline)?;
    Ok(summarize_valid(pipeline, valid).await?.into())
}

/// Summarizes a validated request on the blocking pool; a page's article is
/// extracted first, on the same pool, and the summary is not started if the
/// call ended meanwhile.
pub(super) async fn summarize_valid(
    pipeline: Pipeline,
    valid: ValidRequest,
) -> Result<Summarized, Status> {
    blocking(move || {
        let source = pipeline.read(valid.document)?;
        check_call()?;
        let summary = pipeline.summarize(&source, &valid.options)?;
        Ok(Summarized { summary, source })
    })
    .await
}

/// Runs CPU-bound work on rayon's pool of one thread per core, so that a
/// long document does not stall the async workers; requests beyond the
/// cores wait their turn instead of each taking a thread (and its memory).
/// Work whose call has ended or outlived its deadline by the time a thread
/// is free is not started.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Status> + Send + 'static,
) -> Result<T, Status> {
    let scope = CallScope::current();
    let (done, result) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            scope.check()?;
            scope.run(work)
        }));
        let _ = done.send(outcome);
    });
    match result.await {
        Ok(Ok(answer)) => answer,
        Ok(Err(_)) | Err(_) => {
            tracing::error!("summarizing task panicked");
            Err(Status::internal("the server failed; the error was logged"))
        }
    }
}

/// Answers one stream item; its failure becomes the item's error.
async fn summarize_item(
    pipeline: Pipeline,
    item: proto::SummarizeStreamRequest,
) -> proto::SummarizeStreamResponse {
    let (result, field_prefix) = match item.request {
        None => {
            let missing = FieldViolation::new("request", "a request is required");
            (Err(invalid_argument(vec![missing])), "")
        }
        Some(request) => (summarize(pipeline, request).await, "request."),
    };
    let result = match result {
        Ok(response) => ItemResult::Response(response),
        Err(status) => ItemResult::Error(item_error(&status, field_prefix)),
    };
    proto::SummarizeStreamResponse {
        request_id: item.request_id,
        result: Some(result),
    }
}

/// The answer to a stream document refused at the admission limit: the
/// stream goes on, and the client may send the document again.
fn shed_item(item: proto::SummarizeStreamRequest, shed: &Status) -> proto::SummarizeStreamResponse {
    proto::SummarizeStreamResponse {
        request_id: item.request_id,
        result: Some(ItemResult::Error(item_error(shed, ""))),
    }
}

type ResponseStream =
    Pin<Box<dyn Stream<Item = Result<proto::SummarizeStreamResponse, Status>> + Send>>;

#[tonic::async_trait]
impl proto::summary_service_server::SummaryService for SummaryGrpc {
    #[tracing::instrument(skip_all)]
    async fn summarize(
        &self,
        request: Request<proto::SummarizeRequest>,
    ) -> Result<Response<proto::SummarizeResponse>, Status> {
        let response = summarize(self.pipeline, request.into_inner()).await?;
        tracing::debug!(sentences = response.sentences.len(), "summarized");
        Ok(Response::new(response))
    }

    #[tracing::instrument(skip_all)]
    async fn extract_article(
        &self,
        request: Request<proto::ExtractArticleRequest>,
    ) -> Result<Response<proto::ExtractArticleResponse>, Status> {
        let extractor = self.pipeline.extractor;
        let page = extract_request(request.into_inner(), &extractor)?;
        let article = blocking(move || Ok(page.article()?)).await?;
        tracing::debug!(paragraphs = article.paragraphs.len(), "extracted");
        Ok(Response::new(article.into()))
    }

    type SummarizeStreamStream = ResponseStream;

    #[tracing::instrument(skip_all)]
    async fn summarize_stream(
        &self,
        request: Request<Streaming<proto::SummarizeStreamRequest>>,
    ) -> Result<Response<Self::SummarizeStreamStream>, Status> {
        let pipeline = self.pipeline;
        let max_items = self.streams.max_items;
        // A document takes the call's place in the admission limit when it
        // arrives, and gives it back once answered: a quiet stream holds none.
        let scope = CallScope::current();
        let responses = request
            .into_inner()
            .enumerate()
            .map(move |(index, item)| {
                let item = match item {
                    Ok(_) if index >= max_items => Err(too_many_stream_items(max_items)),
                    Ok(item) => Ok((scope.start_work(), item)),
                    Err(status) => Err(transport_status(status)),
                };
                async move {
                    let (work, item) = item?;
                    Ok(match work {
                        Ok(_work) => summarize_item(pipeline, item).await,
                        Err(shed) => shed_item(item, &shed),
                    })
                }
            })
            .buffered(self.streams.concurrency);
        Ok(Response::new(Box::pin(responses)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_of_an_ended_call_is_not_started() {
        let (scope, end) = CallScope::open(None);
        drop(end);
        let started = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = started.clone();
        let result = scope
            .run_async(blocking(move || {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
                Ok(())
            }))
            .await;
        assert_eq!(result.unwrap_err().code(), tonic::Code::Cancelled);
        assert!(!started.load(std::sync::atomic::Ordering::Relaxed));
    }

    #[tokio::test]
    async fn work_of_a_live_call_runs() {
        let (scope, _end) = CallScope::open(None);
        assert_eq!(scope.run_async(blocking(|| Ok(7))).await.unwrap(), 7);
    }
}
