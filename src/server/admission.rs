//! Admission of calls: a bound on calls at work, with calls past it shed at
//! once, a deadline on every call, and a bound on request bytes arriving.
//!
//! A call takes a place in the limit only once it has work to do: a unary
//! call when its request message has arrived, a `SummarizeStream` call for
//! as long as one of its documents is being summarized. A call still
//! waiting for its message holds no place; the message must arrive within
//! [`CallLimits::arrival_timeout`], and the bytes of messages still arriving
//! are bounded across the server (a call whose bytes do not fit waits).
//! Health checks need no place; Health `Watch` and reflection streams have a
//! small limit of their own, so neither can crowd out the other. Calls open
//! in any state have a larger bound, [`CallLimits::max_open_calls`], so that
//! idle calls on many connections cannot grow memory without end.
//!
//! Once shutdown begins, every call but a health check is refused with
//! UNAVAILABLE, and the server stops once the calls admitted have ended.
//!
//! A shed call gets UNAVAILABLE with a `google.rpc.RetryInfo` hint instead of
//! waiting in an unbounded queue. Every call has a deadline, the client's
//! (`grpc-timeout`) or the server's default, whichever is sooner: past it
//! the call gets DEADLINE_EXCEEDED, and its [`CallScope`] tells the work
//! still queued or running for it to stop.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use http_body::{Frame, SizeHint};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::{Instant, Sleep};
use tonic::body::Body;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};
use tower::{Layer, Service};

use super::arrival::ArrivingBody;
use crate::grpc::call_scope::{CallScope, EndOfCall, RETRY_AFTER, deadline_exceeded, overloaded};
use crate::metrics::{InFlight, Metrics};

/// Bounds on each call's time, and on the streams that live long by design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallLimits {
    /// Calls at work at a time, across all connections; calls past it are
    /// shed with UNAVAILABLE and a retry hint rather than queued, so that
    /// a client backs off instead of waiting on work the server cannot
    /// reach in time. Health checks do not count, nor calls still waiting
    /// for their request.
    pub max_concurrent_requests: usize,
    /// How long a call's request message may take to arrive: a unary call's
    /// from its headers, each stream document's from its first byte.
    pub arrival_timeout: Duration,
    /// The longest a unary call may run, and its deadline when the client
    /// sets none.
    pub unary_deadline: Duration,
    /// The longest a streaming call (`SummarizeStream`, Health `Watch`,
    /// reflection) may stay open, and its deadline when the client sets
    /// none.
    pub stream_deadline: Duration,
    /// Health `Watch` and reflection streams open at a time; past it they
    /// are shed.
    pub max_watch_streams: usize,
    /// Calls open at a time, of every kind and in every state (waiting for
    /// their message, at work, quiet streams): what bounds the memory open
    /// calls hold, past what each connection's stream limit does.
    pub max_open_calls: usize,
}

impl Default for CallLimits {
    fn default() -> Self {
        CallLimits {
            max_concurrent_requests: 64,
            arrival_timeout: Duration::from_secs(30),
            unary_deadline: Duration::from_secs(60),
            stream_deadline: Duration::from_secs(60 * 60),
            max_watch_streams: 64,
            max_open_calls: 10_000,
        }
    }
}

/// How a call is admitted, by its method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CallKind {
    /// A health check: answered without a place once its request arrived.
    Probe,
    /// Health `Watch` and reflection: a place of their own limit for the
    /// whole call.
    Watch,
    /// `SummarizeStream`: a place while one of its documents is at work.
    Stream,
    /// Every other call: a place once its request has arrived.
    Unary,
}

impl CallKind {
    fn of(path: &str) -> CallKind {
        match path {
            "/grpc.health.v1.Health/Check" => CallKind::Probe,
            "/grpc.health.v1.Health/Watch" => CallKind::Watch,
            "/precis.v1.SummaryService/SummarizeStream" => CallKind::Stream,
            _ if path.starts_with("/grpc.reflection.") => CallKind::Watch,
            _ => CallKind::Unary,
        }
    }

    /// Whether the call waits for its request message before it runs.
    fn awaits_message(self) -> bool {
        matches!(self, CallKind::Probe | CallKind::Unary)
    }

    fn longest(self, limits: &CallLimits) -> Duration {
        match self {
            CallKind::Probe | CallKind::Unary => limits.unary_deadline,
            CallKind::Watch | CallKind::Stream => limits.stream_deadline,
        }
    }
}

/// Bounds the calls at work across all connections, and counts them.
#[derive(Debug, Clone)]
pub struct AdmissionLayer {
    shared: Arc<Shared>,
}

/// What every connection's admission shares.
#[derive(Debug)]
struct Shared {
    /// Set once shutdown begins: calls other than health checks are then
    /// refused, so that the server drains.
    stopping: watch::Receiver<bool>,
    /// Calls admitted and not yet ended, for the drain to wait on.
    open_calls: watch::Sender<usize>,
    /// A permit per call open, whatever its kind.
    open_places: Arc<Semaphore>,
    places: Arc<Semaphore>,
    watch_places: Arc<Semaphore>,
    arriving_bytes: Arc<Semaphore>,
    arriving_budget: usize,
    max_message_bytes: usize,
    limits: CallLimits,
    metrics: Metrics,
}

impl AdmissionLayer {
    /// Admits up to `limits.max_concurrent_requests` calls at work at a
    /// time (at least one), with messages of up to `max_message_bytes` and
    /// the other bounds of `limits`, recording each call in `metrics`. The
    /// bytes of messages still arriving are bounded by what the admitted
    /// calls may hold: that many messages of the largest size. Once
    /// `stopping` is set, only health checks are admitted.
    pub fn new(
        limits: CallLimits,
        max_message_bytes: usize,
        metrics: Metrics,
        stopping: watch::Receiver<bool>,
    ) -> Self {
        let max_calls = limits.max_concurrent_requests.max(1);
        let arriving_bytes = max_calls
            .saturating_mul(max_message_bytes)
            .clamp(1, Semaphore::MAX_PERMITS);
        AdmissionLayer {
            shared: Arc::new(Shared {
                stopping,
                open_calls: watch::Sender::new(0),
                open_places: Arc::new(Semaphore::new(limits.max_open_calls.max(1))),
                places: Arc::new(Semaphore::new(max_calls)),
                watch_places: Arc::new(Semaphore::new(limits.max_watch_streams.max(1))),
                arriving_bytes: Arc::new(Semaphore::new(arriving_bytes)),
                arriving_budget: arriving_bytes,
                max_message_bytes,
                limits,
                metrics,
            }),
        }
    }
}

impl AdmissionLayer {
    /// Completes once no admitted call is open (health watches and
    /// reflection aside).
    pub fn drained(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut open_calls = self.shared.open_calls.subscribe();
        async move {
            let _ = open_calls.wait_for(|open| *open == 0).await;
        }
    }
}

/// Counts an admitted call as open while it lives.
struct OpenCall(watch::Sender<usize>);

impl OpenCall {
    fn new(open_calls: &watch::Sender<usize>) -> Self {
        open_calls.send_modify(|open| *open += 1);
        OpenCall(open_calls.clone())
    }
}

impl Drop for OpenCall {
    fn drop(&mut self) {
        self.0.send_modify(|open| *open -= 1);
    }
}

impl<S> Layer<S> for AdmissionLayer {
    type Service = Admission<S>;

    fn layer(&self, inner: S) -> Admission<S> {
        Admission {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service [`AdmissionLayer`] wraps around the routes.
#[derive(Debug, Clone)]
pub struct Admission<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S, B> Service<http::Request<B>> for Admission<S>
where
    S: Service<http::Request<Body>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: http_body::Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<tonic::codegen::StdError> + Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let inner = super::ready::take_ready(&mut self.inner);
        Box::pin(self.shared.clone().admit(inner, request))
    }
}

impl Shared {
    /// Waits for the call's message when it needs one, takes its place, and
    /// serves it within its deadline.
    async fn admit<S, B>(
        self: Arc<Self>,
        mut inner: S,
        request: http::Request<B>,
    ) -> Result<http::Response<Body>, S::Error>
    where
        S: Service<http::Request<Body>, Response = http::Response<Body>>,
        B: http_body::Body<Data = Bytes> + Send + Unpin + 'static,
        B::Error: Into<tonic::codegen::StdError> + Send + 'static,
    {
        let arrived = Instant::now();
        let method = request.uri().path().to_string();
        let kind = CallKind::of(&method);
        let longest = kind.longest(&self.limits);
        let timeout = client_timeout(request.headers()).map_or(longest, |asked| asked.min(longest));
        let deadline = arrived + timeout;
        if kind != CallKind::Probe && *self.stopping.borrow() {
            return Ok(self.refuse(&method, arrived, shutting_down()));
        }
        let Ok(open_place) = self.open_places.clone().try_acquire_owned() else {
            tracing::warn!(%method, "too many calls open: call shed");
            self.metrics.call_shed(&method);
            return Ok(overloaded().into_http());
        };

        let (parts, body) = request.into_parts();
        let body = ArrivingBody::new(
            body,
            self.arriving_bytes.clone(),
            self.arriving_budget,
            self.limits.arrival_timeout,
        );
        let body = if kind.awaits_message() {
            let arrival_deadline = deadline.min(arrived + self.limits.arrival_timeout);
            let arrival = body.first_message(self.max_message_bytes);
            match tokio::time::timeout_at(arrival_deadline, arrival).await {
                Ok(Ok(body)) => Body::new(body),
                Ok(Err(status)) => return Ok(self.refuse(&method, arrived, status)),
                Err(_) if arrival_deadline == deadline => {
                    return Ok(self.refuse(&method, arrived, deadline_exceeded()));
                }
                Err(_) => {
                    let status = message_too_slow(self.limits.arrival_timeout);
                    return Ok(self.refuse(&method, arrived, status));
                }
            }
        } else {
            Body::new(body)
        };

        let place = match kind {
            CallKind::Unary => Some(self.places.clone().try_acquire_owned()),
            CallKind::Watch => Some(self.watch_places.clone().try_acquire_owned()),
            CallKind::Probe | CallKind::Stream => None,
        };
        let place = match place.transpose() {
            Ok(place) => place,
            Err(_) => {
                tracing::warn!(%method, "overloaded: call shed");
                self.metrics.call_shed(&method);
                return Ok(overloaded().into_http());
            }
        };
        let open = matches!(kind, CallKind::Unary | CallKind::Stream)
            .then(|| OpenCall::new(&self.open_calls));
        let record = CallRecord {
            in_flight: self.metrics.call_started(),
            metrics: self.metrics.clone(),
            method,
            started: arrived,
        };
        let (scope, end) = CallScope::open(Some(deadline));
        let scope = match kind {
            CallKind::Stream => {
                scope.taking_places_for_work(self.places.clone(), self.metrics.clone())
            }
            _ => scope,
        };
        let request = http::Request::from_parts(parts, body);
        let call = scope.clone().run_async(inner.call(request));
        let response = match tokio::time::timeout_at(deadline, call).await {
            Ok(response) => response?,
            Err(_) => {
                record.finish(Code::DeadlineExceeded);
                return Ok(deadline_exceeded().into_http());
            }
        };
        // A status among the headers is a trailers-only answer.
        let early_code = Status::from_header_map(response.headers()).map(|status| status.code());
        Ok(response.map(|body| {
            Body::new(ScopedBody {
                inner: body,
                scope,
                held: Some(Held {
                    _open_place: open_place,
                    _place: place,
                    _open: open,
                    _end: end,
                    record,
                    early_code,
                }),
                deadline: Box::pin(tokio::time::sleep_until(deadline)),
                cut_short: false,
            })
        }))
    }

    /// Answers a call that ended before it was admitted, and records it.
    fn refuse(&self, method: &str, arrived: Instant, status: Status) -> http::Response<Body> {
        self.metrics
            .call_finished(method, status.code(), arrived.elapsed());
        status.into_http()
    }
}

/// The answer to a call that arrives while the server drains.
fn shutting_down() -> Status {
    Status::with_error_details(
        Code::Unavailable,
        "the server is shutting down; retry on another",
        ErrorDetails::with_retry_info(Some(RETRY_AFTER)),
    )
}

/// The answer to a call whose request message did not arrive in time.
fn message_too_slow(arrival_timeout: Duration) -> Status {
    Status::deadline_exceeded(format!(
        "the request message did not arrive within {} s",
        arrival_timeout.as_secs_f64()
    ))
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
    _open_place: OwnedSemaphorePermit,
    _place: Option<OwnedSemaphorePermit>,
    _open: Option<OpenCall>,
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
    deadline: Pin<Box<Sleep>>,
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
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
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
                if this.deadline.as_mut().poll(cx).is_ready() {
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

    #[test]
    fn methods_are_admitted_by_kind() {
        assert_eq!(
            CallKind::of("/grpc.health.v1.Health/Check"),
            CallKind::Probe
        );
        assert_eq!(
            CallKind::of("/grpc.health.v1.Health/Watch"),
            CallKind::Watch
        );
        assert_eq!(
            CallKind::of("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"),
            CallKind::Watch
        );
        assert_eq!(
            CallKind::of("/precis.v1.SummaryService/SummarizeStream"),
            CallKind::Stream
        );
        assert_eq!(
            CallKind::of("/precis.v1.SummaryService/Summarize"),
            CallKind::Unary
        );
        assert_eq!(CallKind::of("/made.Up/Method"), CallKind::Unary);
    }
}
