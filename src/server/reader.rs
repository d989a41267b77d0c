//! The reader page: the front end built from `web/` (its output committed
//! in `web/dist/`) compiled into the binary, so a server needs no files
//! beside it to show the page. The page talks to the server only through
//! gRPC-Web on the same port.

use std::convert::Infallible;

use axum::body::Body as AxumBody;
use axum::response::IntoResponse;
use axum::routing::get;
use http::{StatusCode, header};
use tonic::service::Routes;
use tower::{Service, ServiceExt};

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

/// The page's files, `calls` (the services behind gRPC-Web) for gRPC and
/// gRPC-Web requests, and 404 Not Found for anything else. Each file
/// answers GET and HEAD; other methods get 405 Method Not Allowed.
pub fn with_page<S>(calls: S) -> Routes
where
    S: Service<http::Request<AxumBody>, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
{
    let router = ASSETS
        .iter()
        .fold(Routes::default().into_axum_router(), |router, asset| {
            router.route(asset.path, get(move || async move { serve(asset) }))
        });
    let fallback = move |request: http::Request<AxumBody>| {
        let calls = calls.clone();
        async move {
            if is_grpc(&request) {
                let Ok(response) = calls.oneshot(request).await;
                response.into_response()
            } else {
                (
                    StatusCode::NOT_FOUND,
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    "not found: the reader page is at /\n",
                )
                    .into_response()
            }
        }
    };
    Routes::from(router.fallback(fallback))
}

/// Whether a request is a call (gRPC, or gRPC-Web in either encoding),
/// by its content type.
fn is_grpc<B>(request: &http::Request<B>) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/grpc"))
}

/// One embedded file, with the headers every file is sent with.
fn serve(asset: &'static Asset) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        ],
        asset.body,
    )
}
