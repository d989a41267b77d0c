//! A request id per call: the client's `x-request-id` when it sends a
//! usable one, else a fresh UUIDv7; it names the call's log span and is
//! echoed in the response headers, so a client can quote it and an operator
//! can find the call's log lines.

use std::task::{Context, Poll};

use futures_util::future::BoxFuture;
use http::HeaderValue;
use tower::{Layer, Service};
use tracing::Instrument;

/// The header that carries the id both ways.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The longest client id kept; longer ones are replaced.
const MAX_CLIENT_ID_BYTES: usize = 128;

/// Gives every call an id and a log span named after it.
#[derive(Debug, Clone, Default)]
pub struct RequestIdLayer;

impl<S> Layer<S> for RequestIdLayer {
    type Service = RequestId<S>;

    fn layer(&self, inner: S) -> RequestId<S> {
        RequestId { inner }
    }
}

/// The service [`RequestIdLayer`] wraps around the routes.
#[derive(Debug, Clone)]
pub struct RequestId<S> {
    inner: S,
}

/// The client's id when it is short printable ASCII, else a new one.
fn request_id(headers: &http::HeaderMap) -> HeaderValue {
    let usable = |value: &&HeaderValue| {
        let bytes = value.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= MAX_CLIENT_ID_BYTES
            && bytes.iter().all(|byte| byte.is_ascii_graphic())
    };
    match headers.get(REQUEST_ID_HEADER).filter(usable) {
        Some(value) => value.clone(),
        None => HeaderValue::from_str(&uuid::Uuid::now_v7().to_string())
            .expect("a UUID is a valid header value"),
    }
}

impl<S, B, ResBody> Service<http::Request<B>> for RequestId<S>
where
    S: Service<http::Request<B>, Response = http::Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = http::Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        let id = request_id(request.headers());
        request.headers_mut().insert(REQUEST_ID_HEADER, id.clone());
        let span = tracing::info_span!(
            "grpc",
            method = %request.uri().path(),
            request_id = %String::from_utf8_lossy(id.as_bytes()),
        );
        let mut inner = super::ready::take_ready(&mut self.inner);
        let call = span.in_scope(|| inner.call(request));
        Box::pin(
            async move {
                let mut response = call.await?;
                response.headers_mut().insert(REQUEST_ID_HEADER, id);
                Ok(response)
            }
            .instrument(span),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_for(value: Option<&str>) -> String {
        let mut headers = http::HeaderMap::new();
        if let Some(value) = value {
            headers.insert(REQUEST_ID_HEADER, value.parse().unwrap());
        }
        request_id(&headers).to_str().unwrap().to_string()
    }

    #[test]
    fn a_usable_client_id_is_kept() {
        assert_eq!(id_for(Some("order-42/retry-1")), "order-42/retry-1");
    }

    #[test]
    fn missing_long_or_spaced_ids_are_replaced_by_uuids() {
        for value in [
            None,
            Some(""),
            Some("has space"),
            Some(&"x".repeat(129)[..]),
        ] {
            let id = id_for(value);
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "{value:?} -> {id}");
        }
    }
}
