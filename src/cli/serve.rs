//! `precis serve`: the gRPC server on a multi-threaded runtime.

use std::process::ExitCode;
use std::time::Duration;

use std::sync::Arc;

use precis::server::{Articles, ServerConfig, serve, termination_signal};
use precis::store::SqliteStore;
use precis::summarize::Limits;

use super::ServeArgs;

/// Serves until SIGINT or SIGTERM; fails when the article store cannot be
/// opened or the address cannot be bound.
pub fn run(args: ServeArgs) -> ExitCode {
    if let Some(url) = &args.database_url {
        let scheme = url.split(':').next().unwrap_or_default();
        tracing::error!(
            scheme,
            "--database-url (PRECIS_DATABASE_URL) is not supported by this build; \
             unset it to use the embedded SQLite database under --data-dir"
        );
        return ExitCode::FAILURE;
    }
    let defaults = ServerConfig::default();
    let mut config = ServerConfig {
        max_request_bytes: args.max_request_bytes,
        limits: Limits {
            max_document_bytes: args.max_document_bytes,
            max_sentences: args.max_sentences,
        },
        stream_concurrency: args
            .stream_concurrency
            .unwrap_or(defaults.stream_concurrency),
        shutdown_grace: Duration::from_secs(args.shutdown_grace_seconds),
        articles: None,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let store = SqliteStore::open(&args.data_dir)
            .await
            .map_err(std::io::Error::other)?;
        tracing::info!(database = %store.path().display(), "articles kept in SQLite");
        config.articles = Some(Articles(Arc::new(store)));
        let listener = tokio::net::TcpListener::bind(args.addr).await?;
        tracing::info!(addr = %listener.local_addr()?, "precis serving gRPC");
        serve(listener, config, termination_signal())
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
