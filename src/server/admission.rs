//! Admission of calls: a bound on calls in flight, with calls past it shed
//! at once, and the client's deadline (`grpc-timeout`) enforced.
//!
//! A shed call gets UNAVAILABLE with a `google.rpc.RetryInfo` hint instead of
//! waiting in an unbounded queue. A call holds its place until its response
//! body has ended, so a stream counts for as long as it runs. A call past its
//! deadline gets DEADLINE_EXCEEDED, and its [`CallScope`] tells the work
//! still queued or running for it to stop. Health checks are always
//! admitted, so that an overloaded server still answers its orchestrator.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::future::BoxFuture;
use http_body::{Frame, SizeHint};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};
use tonic::body::Body;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};
use tower::{Layer, Service};

use crate::grpc::call_scope::{CallScope, EndOfCall, deadline_exceeded};
use crate::metrics::{InFlight, Metrics};

/// How long a shed client is told to wait before it tries again.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Bounds the calls in flight across all connections, and counts them.
#[derive(Debug, Clone)]
pub struct AdmissionLayer {
    places: Arc<Semaphore>,
    metrics: Metrics,
}

impl AdmissionLayer {
    /// Admits up to `max_calls` calls at a time (at least one), recording
    /// each call in `metrics`.
    pub fn new(max_calls: usize, metrics: Metrics) -> Self {
        AdmissionLayer {
            places: Arc::new(Semaphore::new(max_calls.max(1))),
            metrics,
        }
    }
}

impl<S> Layer<S> for AdmissionLayer {
    type Service = Admission<S>;

    fn layer(&self, inner: S) -> Admission<S> {
        Admission {
            inner,
            places: self.places.clone(),
            metrics: self.metrics.clone(),
        }
    }
}

/// The service [`AdmissionLayer`] wraps around the routes.
#[derive(Debug, Clone)]
pub struct Admission<S> {
    inner: S,
    places: Arc<Semaphore>,
    metrics: Metrics,
}

impl<S, B> Service<http::Request<B>> for Admission<S>
where
    S: Service<http::Request<B>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let mut inner = super::take_ready(&mut self.inner);
        if request.uri().path().starts_with("/grpc.health.v1.Health/") {
            return Box::pin(inner.call(request));
        }
        let method = request.uri().path().to_string();
        let Ok(place) = self.places.clone().try_acquire_owned() else {
            tracing::warn!(%method, "overloaded: call shed");
            self.metrics.call_shed(&method);
            return Box::pin(std::future::ready(Ok(overloaded().into_http())));
        };
        let record = CallRecord {
            in_flight: self.metrics.call_started(),
            metrics: self.metrics.clone(),
            method,
            started: Instant::now(),
        };
        let deadline = client_timeout(request.headers()).map(|timeout| Instant::now() + timeout);
        let (scope, end) = CallScope::open(deadline);
        let call = scope.clone().run_async(inner.call(request));
        Box::pin(async move {
            let response = match deadline {
                None => call.await?,
                Some(deadline) => match tokio::time::timeout_at(deadline, call).await {
                    Ok(response) => response?,
                    Err(_) => {
                        record.finish(Code::DeadlineExceeded);
                        return Ok(deadline_exceeded().into_http());
                    }
                },
            };
            // A status among the headers is a trailers-only answer.
            let early_code =
                Status::from_header_map(response.headers()).map(|status| status.code());
            Ok(response.map(|body| {
                Body::new(ScopedBody {
                    inner: body,
                    scope,
                    held: Some(Held {
                        _place: place,
                        _end: end,
                        record,
                        early_code,
                    }),
                    deadline: deadline.map(|deadline| Box::pin(tokio::time::sleep_until(deadline))),
                    cut_short: false,
                })
            }))
        })
    }
}

/// The answer to a call past the limit.
fn overloaded() -> Status {
    Status::with_error_details(
        Code::Unavailable,
        "the server is at its limit of concurrent requests; retry later",
        ErrorDetails::with_retry_info(Some(RETRY_AFTER)),
    )
}

/// The trailers that end a response with `status`.
fn status_trailers(status: &Status) -> http::HeaderMap {
    let mut trailers = http::HeaderMap::new();
    if let Err(error) = status.add_header(&mut trailers) {
        tracing::warn!(%error, "cannot encode a status as trailers");
    }
    trailers
}

/// The client's `grpc-timeout`, when present and well formed: at most eight
/// digits and a unit (H, M, S, m, u, n).
fn client_timeout(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(amount * 3600),
        "M" => Duration::from_secs(amount * 60),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    })
}

/// What a call keeps in the metrics while it runs, to record how it ended.
struct CallRecord {
    metrics: Metrics,
    method: String,
    started: Instant,
    in_flight: InFlight,
}

impl CallRecord {
    fn finish(self, code: Code) {
        self.metrics
            .call_finished(&self.method, code, self.started.elapsed());
        drop(self.in_flight);
    }
}

/// What an admitted call holds until its answer ends.
struct Held {
    _place: OwnedSemaphorePermit,
    _end: EndOfCall,
    record: CallRecord,
    early_code: Option<Code>,
}

impl Held {
    /// Frees the place and records the call as ended with `trailers`'
    /// status, else the status sent with the headers.
    fn release(self, trailers: Option<&http::HeaderMap>) {
        let code = trailers
            .and_then(Status::from_header_map)
            .map(|status| status.code())
            .or(self.early_code)
            .unwrap_or(Code::Unknown);
        self.record.finish(code);
    }
}

/// A response body that keeps its call's place and scope until it ends,
/// runs its stream's work in that scope, and ends a stream that outlives its
/// deadline with DEADLINE_EXCEEDED.
struct ScopedBody {
    inner: Body,
    scope: CallScope,
    held: Option<Held>,
    deadline: Option<Pin<Box<Sleep>>>,
    cut_short: bool,
}

impl Drop for ScopedBody {
    fn drop(&mut self) {
        // A trailers-only answer is dropped unread (its status was in the
        // headers); any other answer dropped before its end lost its client.
        if let Some(held) = self.held.take() {
            let code = held.early_code.unwrap_or(Code::Cancelled);
            held.record.finish(code);
        }
    }
}

impl http_body::Body for ScopedBody {
    type Data = bytes::Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<bytes::Bytes>, Status>>> {
        let this = &mut *self;
        if this.cut_short {
            return Poll::Ready(None);
        }
        let inner = &mut this.inner;
        let polled = this.scope.clone().run(|| Pin::new(inner).poll_frame(cx));
        let ended = match &polled {
            Poll::Ready(None) => true,
            Poll::Ready(Some(Err(status))) => {
                if let Some(held) = this.held.take() {
                    held.record.finish(status.code());
                }
                true
            }
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_ref()
                    && let Some(held) = this.held.take()
                {
                    held.release(Some(trailers));
                }
                frame.is_trailers()
            }
            Poll::Pending => {
                let expired = this
                    .deadline
                    .as_mut()
                    .is_some_and(|deadline| deadline.as_mut().poll(cx).is_ready());
                if expired {
                    this.cut_short = true;
                    let trailers = status_trailers(&deadline_exceeded());
                    if let Some(held) = this.held.take() {
                        held.release(Some(&trailers));
                    }
                    return Poll::Ready(Some(Ok(Frame::trailers(trailers))));
                }
                false
            }
        };
        if ended && let Some(held) = this.held.take() {
            // Free the place before the client sees the end of the call.
            held.release(None);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.cut_short || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeout_of(value: &str) -> Option<Duration> {
        let mut headers = http::HeaderMap::new();
        headers.insert("grpc-timeout", value.parse().unwrap());
        client_timeout(&headers)
    }

    #[test]
    fn grpc_timeouts_parse_in_every_unit() {
        assert_eq!(timeout_of("2H"), Some(Duration::from_secs(7200)));
        assert_eq!(timeout_of("3M"), Some(Duration::from_secs(180)));
        assert_eq!(timeout_of("4S"), Some(Duration::from_secs(4)));
        assert_eq!(timeout_of("250m"), Some(Duration::from_millis(250)));
        assert_eq!(timeout_of("7u"), Some(Duration::from_micros(7)));
        assert_eq!(timeout_of("1n"), Some(Duration::from_nanos(1)));
    }

    #[test]
    fn malformed_grpc_timeouts_are_ignored() {
        for value in ["", "S", "123456789S", "5x", "-5S", "5"] {
            assert_eq!(timeout_of(value), None, "{value:?}");
        }
    }
}
