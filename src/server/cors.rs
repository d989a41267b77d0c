//! Cross-origin gRPC-Web on the gRPC port, for sites that embed the summary
//! button: only the origins given are allowed, and only the headers a
//! gRPC-Web call needs cross over.

use std::time::Duration;

use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName};
use http::{HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::request_id::REQUEST_ID_HEADER;

/// How long a browser may reuse a preflight answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// A CORS policy admitting gRPC-Web calls from `origins` (exact
/// `scheme://host[:port]` values).
pub fn grpc_web_cors(origins: Vec<HeaderValue>) -> CorsLayer {
    let header = HeaderName::from_static;
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::POST])
        .allow_headers([
            CONTENT_TYPE,
            AUTHORIZATION,
            header("x-grpc-web"),
            header("x-user-agent"),
            header("grpc-timeout"),
            header(REQUEST_ID_HEADER),
        ])
        .expose_headers([
            header("grpc-status"),
            header("grpc-message"),
            header("grpc-status-details-bin"),
            header(REQUEST_ID_HEADER),
        ])
        .max_age(PREFLIGHT_MAX_AGE)
}
