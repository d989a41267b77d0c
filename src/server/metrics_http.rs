//! The Prometheus scrape endpoint: `GET /metrics` over HTTP/1.1 on its own
//! port, apart from the gRPC port.

use std::convert::Infallible;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::metrics::Metrics;

/// Serves `metrics` on `listener` until the task is dropped or aborted.
pub async fn serve_metrics(listener: TcpListener, metrics: Metrics) {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                tracing::warn!(%error, "cannot accept a metrics connection");
                continue;
            }
        };
        let metrics = metrics.clone();
        tokio::spawn(async move {
            let answer = service_fn(move |request| {
                let metrics = metrics.clone();
                async move { Ok::<_, Infallible>(scrape(&request, &metrics)) }
            });
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), answer)
                .await
            {
                tracing::debug!(%error, %peer, "metrics connection failed");
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
