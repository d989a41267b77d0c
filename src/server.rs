//! The running server: the summary service with health and reflection,
//! request tracing, size limits, admission (a bound on calls at work, a
//! deadline on every call), bounds on connections, gRPC-Web for browsers
//! (the reader page's own port, and the gRPC port for the origins CORS
//! allows), and graceful shutdown.
//!
//! Shutdown is one explicit path: when the `shutdown` future completes, health
//! reports NOT_SERVING, new calls other than health checks are refused, and
//! in-flight requests get up to [`ShutdownConfig::grace`] to finish;
//! once they have, the listeners close.

mod admission;
mod arrival;
mod auth;
mod config;
mod connections;
mod cors;
mod metrics_http;
mod reader;
mod ready;
mod request_id;
mod tls;

pub use crate::grpc::call_scope::RETRY_AFTER;
pub use admission::CallLimits;
pub use auth::{Authentication, TokenFileError};
pub use config::{Articles, RequestLimits, ServerConfig, ShutdownConfig, WebConfig};
pub use connections::{ConnectionLimits, raise_open_file_limit};
pub use metrics_http::serve_metrics;
pub use request_id::REQUEST_ID_HEADER;
pub use tls::{Tls, TlsFileError};

use std::future::Future;
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::OptionFuture;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tonic::Status;
use tonic::service::Routes;
use tonic::transport::Server;
use tonic_health::ServingStatus;
use tonic_web::GrpcWebLayer;
use tower::ServiceBuilder;
use tower::util::{MapResponseLayer, option_layer};

use crate::extract::Extractor;
use crate::grpc::error::{is_transport_refusal, transport_status};
use crate::grpc::{ArticleGrpc, StreamLimits, SummaryGrpc};
use crate::pipeline::Pipeline;
use crate::proto::{
    self, article_service_server::ArticleServiceServer,
    summary_service_server::SummaryServiceServer,
};
use crate::summarize::Summarizer;
use admission::AdmissionLayer;
use auth::AuthLayer;
use connections::ConnectionCallsLayer;
use request_id::RequestIdLayer;

/// How often an idle HTTP/2 connection is pinged, so that a vanished peer
/// is noticed.
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(60);
/// How long a ping may go unanswered before its connection is closed.
const KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest block of request headers accepted on HTTP/2, in bytes.
const MAX_HEADER_BYTES: u32 = 16 * 1024;

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The reflection service could not read the descriptor set.
    #[error("cannot build the reflection service: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    /// The TLS certificate or key cannot be used.
    #[error("cannot use the TLS certificate and key: {}", error_chain(.0))]
    Tls(tonic::transport::Error),
    /// The transport failed.
    #[error("transport error: {}", error_chain(.0))]
    Transport(#[from] tonic::transport::Error),
}

/// An error and its causes, outermost first, as one line.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        text.push_str(": ");
        text.push_str(&error.to_string());
        cause = error.source();
    }
    text
}

/// Serves on `listener` until `shutdown` completes and in-flight requests
/// have finished (or the grace period is over); and the reader page on
/// `reader` when given: the page, and the same services over gRPC-Web (and
/// gRPC), with the same limits and tokens.
pub async fn serve(
    listener: TcpListener,
    reader: Option<TcpListener>,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let pipeline = Pipeline {
        extractor: Extractor::new(config.limits.page),
        summarizer: Summarizer::new(config.limits.document),
    };
    let streams = StreamLimits {
        concurrency: config.limits.stream_concurrency,
        max_items: config.limits.max_stream_items,
    };
    let max_request_bytes = config.limits.max_request_bytes;
    let summary_server = SummaryServiceServer::new(SummaryGrpc::new(pipeline, streams))
        .max_decoding_message_size(max_request_bytes);
    let article_server = config.articles.map(|Articles(store)| {
        ArticleServiceServer::new(ArticleGrpc::new(store, pipeline, config.metrics.clone()))
            .max_decoding_message_size(max_request_bytes)
    });

    let (health, health_server) = tonic_health::server::health_reporter();
    health
        .set_serving::<SummaryServiceServer<SummaryGrpc>>()
        .await;
    let serves_articles = article_server.is_some();
    if serves_articles {
        health
            .set_serving::<ArticleServiceServer<ArticleGrpc>>()
            .await;
    }

    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(proto::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            // So that clients can decode google.rpc error details by name.
            .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
    };
    let mut routes = Routes::builder();
    routes
        .add_service(health_server)
        .add_service(reflection().build_v1()?)
        .add_service(reflection().build_v1alpha()?)
        .add_service(summary_server);
    if let Some(article_server) = article_server {
        routes.add_service(article_server);
    }
    let routes = routes.routes();

    // Set once shutdown begins: the reader port stops accepting with the
    // gRPC port, and the grace period starts.
    let (stopping, stop) = watch::channel(false);
    let stop_accepting = async move {
        shutdown.await;
        tracing::info!("shutting down: no new requests, finishing in-flight ones");
        health
            .set_not_serving::<SummaryServiceServer<SummaryGrpc>>()
            .await;
        if serves_articles {
            health
                .set_not_serving::<ArticleServiceServer<ArticleGrpc>>()
                .await;
        }
        health
            .set_service_status("", ServingStatus::NotServing)
            .await;
        let _ = stopping.send(true);
    };

    // Every call passes the same layers on either port, and one admission
    // bound holds across both.
    let metrics = config.metrics;
    let admission = AdmissionLayer::new(
        config.calls,
        max_request_bytes,
        metrics.clone(),
        stop.clone(),
    );
    // Once shutdown begins, the ports stay open for health checks (which
    // answer NOT_SERVING) until the calls admitted have ended.
    let drained = admission.drained();
    let stop_serving = async move {
        stop_accepting.await;
        drained.await;
    };
    let reader_drained = admission.drained();
    let reader_stop = shutdown_begun(stop.clone()).then(|_| reader_drained);
    let calls = ServiceBuilder::new()
        .layer(RequestIdLayer)
        .layer(AuthLayer::new(config.authentication))
        .layer(admission)
        .layer(MapResponseLayer::new(restate_transport_refusal));
    let limits = config.connections;
    let cross_origin = (!config.web.cors_origins.is_empty()).then(|| {
        (
            cors::grpc_web_cors(config.web.cors_origins),
            GrpcWebLayer::new(),
        )
    });
    let serving = builder(config.tls.as_ref(), cross_origin.is_some(), &limits)?
        .layer(ConnectionCallsLayer)
        .layer(option_layer(cross_origin))
        .layer(calls.clone())
        .add_routes(routes.clone())
        .serve_with_incoming_shutdown(
            connections::incoming(listener, "grpc", limits, metrics.clone()),
            stop_serving,
        );
    let reader_serving = match reader {
        Some(reader) => Some(
            builder(config.tls.as_ref(), true, &limits)?
                .layer(ConnectionCallsLayer)
                .add_routes(reader::with_page(
                    ServiceBuilder::new()
                        .layer(GrpcWebLayer::new())
                        .layer(calls)
                        .service(routes),
                ))
                .serve_with_incoming_shutdown(
                    connections::incoming(reader, "web", limits, metrics),
                    reader_stop,
                ),
        ),
        None => None,
    };
    // Without a reader port, that side is done at once.
    let reader_serving = OptionFuture::from(reader_serving).map(|served| served.unwrap_or(Ok(())));

    let grace = config.shutdown.grace;
    let grace_over = async move {
        if shutdown_begun(stop).await {
            tokio::time::sleep(grace).await;
        } else {
            std::future::pending().await
        }
    };
    tokio::select! {
        result = async { tokio::try_join!(serving, reader_serving) } => { result?; }
        () = grace_over => tracing::warn!(?grace, "in-flight requests outlived the shutdown grace period; stopping"),
    }
    tracing::info!("stopped");
    Ok(())
}

/// Completes once `stop` is set, with true; or with false when its sender
/// is dropped without setting it.
async fn shutdown_begun(mut stop: watch::Receiver<bool>) -> bool {
    stop.wait_for(|stopping| *stopping).await.is_ok()
}

/// A server builder with TLS when configured, HTTP/1.1 (which browsers use
/// for gRPC-Web without TLS) when asked, and HTTP/2 within `limits`: a bound
/// on calls per connection and on header size, and pings that find
/// vanished peers.
fn builder(
    tls: Option<&Tls>,
    http1: bool,
    limits: &ConnectionLimits,
) -> Result<Server, ServeError> {
    let server = Server::builder()
        .accept_http1(http1)
        .max_concurrent_streams(limits.max_streams)
        .http2_max_header_list_size(MAX_HEADER_BYTES)
        .http2_keepalive_interval(Some(KEEPALIVE_INTERVAL))
        .http2_keepalive_timeout(Some(KEEPALIVE_TIMEOUT));
    Ok(match tls {
        Some(tls) => server
            .tls_config(tls.server_config())
            .map_err(ServeError::Tls)?,
        None => server,
    })
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn termination_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// Restates tonic's own refusal of a unary request (OUT_OF_RANGE for an
/// oversized one, INTERNAL for one that is not valid protobuf) with the
/// code it should have (see [`transport_status`]). The error is sent as a
/// trailers-only response, so its status sits in the response headers.
fn restate_transport_refusal<B>(mut response: http::Response<B>) -> http::Response<B> {
    let Some(status) = Status::from_header_map(response.headers()) else {
        return response;
    };
    if is_transport_refusal(&status) {
        let headers = response.headers_mut();
        if let Err(error) = transport_status(status).add_header(headers) {
            tracing::warn!(%error, "cannot restate a refused request's status");
        }
    }
    response
}
