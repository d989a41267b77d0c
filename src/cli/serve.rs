//! `precis serve`: the gRPC server on a multi-threaded runtime.

use std::process::ExitCode;
use std::time::Duration;

use std::sync::Arc;

use precis::extract::PageLimits;
use precis::metrics::Metrics;
use precis::server::{
    Articles, Authentication, CallLimits, ConnectionLimits, ServerConfig, Tls,
    raise_open_file_limit, serve_metrics, serve_with_reader, termination_signal,
};
use precis::store::{PostgresStore, SqliteStore, StoreError};
use precis::summarize::Limits;

use super::{ServeArgs, StoreArgs};

/// Serves until SIGINT or SIGTERM; fails when the article store cannot be
/// opened or the address cannot be bound.
pub fn run(args: ServeArgs) -> ExitCode {
    limit_malloc_arenas();
    match raise_open_file_limit() {
        Ok(files) => tracing::debug!(files, "open-file limit"),
        Err(error) => tracing::warn!(%error, "cannot raise the open-file limit"),
    }
    let authentication = match &args.auth_token_file {
        None => None,
        Some(path) => match Authentication::from_file(path, args.auth_reads) {
            Ok(authentication) => Some(authentication),
            Err(error) => {
                tracing::error!(%error, "cannot load the bearer tokens");
                return ExitCode::FAILURE;
            }
        },
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            match Tls::from_files(cert, key, args.tls_client_ca.as_deref()) {
                Ok(tls) => Some(tls),
                Err(error) => {
                    tracing::error!(%error, "cannot set up TLS");
                    return ExitCode::FAILURE;
                }
            }
        }
        _ => None,
    };
    let defaults = ServerConfig::default();
    let mut config = ServerConfig {
        max_request_bytes: args.max_request_bytes,
        limits: Limits {
            max_document_bytes: args.max_document_bytes,
            max_sentences: args.max_sentences,
        },
        page_limits: PageLimits {
            max_bytes: args.max_html_bytes,
            max_depth: args.max_html_depth,
        },
        stream_concurrency: args
            .stream_concurrency
            .unwrap_or(defaults.stream_concurrency),
        max_stream_items: args.max_stream_items,
        shutdown_grace: Duration::from_secs(args.shutdown_grace_seconds),
        max_concurrent_requests: args.max_concurrent_requests,
        calls: CallLimits {
            arrival_timeout: Duration::from_secs(args.arrival_timeout_seconds),
            unary_deadline: Duration::from_secs(args.call_deadline_seconds),
            stream_deadline: Duration::from_secs(args.stream_deadline_seconds),
            max_watch_streams: args.max_watch_streams,
            max_open_calls: args.max_open_calls,
        },
        connections: ConnectionLimits {
            max_connections: args.max_connections,
            max_streams: args.max_streams_per_connection,
            handshake_timeout: Duration::from_secs(args.handshake_timeout_seconds),
            idle_timeout: Duration::from_secs(args.idle_timeout_seconds),
        },
        articles: None,
        authentication,
        tls,
        metrics: Metrics::default(),
        cors_origins: args.cors_origin.clone(),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        config.articles = Some(
            open_store(&args.store)
                .await
                .map_err(std::io::Error::other)?,
        );
        if let Some(addr) = args.metrics_addr {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!(addr = %listener.local_addr()?, "Prometheus metrics at /metrics");
            tokio::spawn(serve_metrics(
                listener,
                config.metrics.clone(),
                config.connections,
            ));
        }
        let listener = tokio::net::TcpListener::bind(args.addr).await?;
        let reader = match args.web_addr {
            Some(addr) => {
                let reader = tokio::net::TcpListener::bind(addr).await?;
                let addr = reader.local_addr()?;
                tracing::info!(%addr, "reader page at http://{addr}/");
                Some(reader)
            }
            None => None,
        };
        tracing::info!(addr = %listener.local_addr()?, "precis serving gRPC");
        serve_with_reader(listener, reader, config, termination_signal())
            .await
            .map_err(std::io::Error::other)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, addr = %args.addr, "server failed");
            ExitCode::FAILURE
        }
    }
}

/// PostgreSQL when a database URL is given (never falling back to SQLite
/// when it cannot be reached), else the embedded SQLite file.
pub async fn open_store(args: &StoreArgs) -> Result<Articles, StoreError> {
    if let Some(url) = &args.database_url {
        let store = PostgresStore::connect(url, args.database_pool_size).await?;
        tracing::info!(
            pool_size = args.database_pool_size,
            "articles kept in PostgreSQL"
        );
        return Ok(Articles(Arc::new(store)));
    }
    let store = SqliteStore::open(&args.data_dir).await?;
    tracing::info!(database = %store.path().display(), "articles kept in SQLite");
    Ok(Articles(Arc::new(store)))
}

/// Two malloc arenas instead of glibc's eight per core: every thread of the
/// blocking pools would otherwise get an arena of its own, and a
/// long-running server's resident memory crept up by a fifth over a
/// million requests (`eval/soak.sh`) as they fragmented.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before
    // any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
