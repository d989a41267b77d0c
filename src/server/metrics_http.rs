//! The Prometheus scrape endpoint: `GET /metrics` over HTTP/1.1 on its own
//! port, apart from the gRPC port, with the same bounds on connections.

use std::convert::Infallible;

use futures_util::StreamExt;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::connections::{self, ConnectionLimits};
use crate::metrics::Metrics;

/// Serves `metrics` on `listener`, within `limits`, until the task is
/// dropped or aborted.
pub async fn serve_metrics(listener: TcpListener, metrics: Metrics, limits: ConnectionLimits) {
    let incoming = connections::incoming(listener, "metrics", limits, metrics.clone());
    let mut incoming = std::pin::pin!(incoming);
    while let Some(Ok(connection)) = incoming.next().await {
        let metrics = metrics.clone();
        let activity = connection.activity();
        tokio::spawn(async move {
            let answer = service_fn(move |request| {
                let _call = activity.call_started();
                let response = scrape(&request, &metrics);
                async move { Ok::<_, Infallible>(response) }
            });
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(connection), answer)
                .await
            {
                tracing::debug!(%error, "metrics connection failed");
            }
        });
    }
}

/// The metrics for `GET /metrics`, 404 for anything else.
fn scrape<B>(request: &http::Request<B>, metrics: &Metrics) -> http::Response<String> {
    let builder = http::Response::builder();
    let response = if request.method() == http::Method::GET && request.uri().path() == "/metrics" {
        builder
            .header(
                http::header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )
            .body(metrics.render())
    } else {
        builder
            .status(http::StatusCode::NOT_FOUND)
            .body("metrics are at /metrics\n".to_string())
    };
    response.unwrap_or_default()
}
