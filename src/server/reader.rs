//! The reader page: the front end built from `web/` (its output committed
//! in `web/dist/`) compiled into the binary, so a server needs no files
//! beside it to show the page. The page talks to the server only through
//! gRPC-Web on the same port.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::task::{Context, Poll};

use axum::body::Body as AxumBody;
use axum::response::IntoResponse;
use bytes::Bytes;
use http_body_util::Full;
use tonic::body::Body;
use tonic::service::Routes;
use tower::Service;

/// One file of the built page.
#[derive(Debug)]
struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
}

/// The page's files; the build names them without content hashes, so the
/// list stays fixed and every response is revalidated instead.
static ASSETS: [Asset; 3] = [
    Asset {
        path: "/",
        content_type: "text/html; charset=utf-8",
        body: include_str!("../../web/dist/index.html"),
    },
    Asset {
        path: "/assets/app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../../web/dist/assets/app.js"),
    },
    Asset {
        path: "/assets/app.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../web/dist/assets/app.css"),
    },
];

/// The page only loads its own files and calls its own origin.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The page's files, and `calls` (the services behind gRPC-Web) for every
/// other path.
pub fn with_page<S>(calls: S) -> Routes
where
    S: Service<http::Request<AxumBody>, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
{
    let router = ASSETS
        .iter()
        .fold(Routes::default().into_axum_router(), |router, asset| {
            router.route_service(asset.path, AssetService(asset))
        });
    Routes::from(router.fallback_service(calls))
}

/// Answers GET and HEAD with one embedded file.
#[derive(Debug, Clone, Copy)]
struct AssetService(&'static Asset);

impl<B> Service<http::Request<B>> for AssetService {
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<http::Response<Body>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let Asset {
            content_type, body, ..
        } = self.0;
        let builder = http::Response::builder();
        let response = match *request.method() {
            http::Method::GET | http::Method::HEAD => builder
                .header(http::header::CONTENT_TYPE, *content_type)
                .header(http::header::CACHE_CONTROL, "no-cache")
                .header(http::header::X_CONTENT_TYPE_OPTIONS, "nosniff")
                .header(
                    http::header::CONTENT_SECURITY_POLICY,
                    CONTENT_SECURITY_POLICY,
                )
                .body(Body::new(Full::new(Bytes::from_static(body.as_bytes())))),
            _ => builder
                .status(http::StatusCode::METHOD_NOT_ALLOWED)
                .header(http::header::ALLOW, "GET, HEAD")
                .body(Body::empty()),
        };
        ready(Ok(response.unwrap_or_default()))
    }
}
