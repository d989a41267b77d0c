//! `precis serve`: the gRPC server on a multi-threaded runtime.

use std::process::ExitCode;
use std::time::Duration;

use precis::server::{ServerConfig, serve, termination_signal};
use precis::summarize::Limits;

use super::ServeArgs;

/// Serves until SIGINT or SIGTERM; fails when the address cannot be bound.
pub fn run(args: ServeArgs) -> ExitCode {
    let defaults = ServerConfig::default();
    let config = ServerConfig {
        max_request_bytes: args.max_request_bytes,
        limits: Limits {
            max_document_bytes: args.max_document_bytes,
        },
        stream_concurrency: args
            .stream_concurrency
            .unwrap_or(defaults.stream_concurrency),
        shutdown_grace: Duration::from_secs(args.shutdown_grace_seconds),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
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
