//! `precis serve`: its flags, one group per subsystem of the server, and
//! the gRPC server on a multi-threaded runtime.
//!
//! Each group maps onto the server's configuration in [`ServeArgs::config`]
//! and nowhere else; the flags' defaults are the configuration structs'
//! own (`precis::server::{RequestLimits, CallLimits, ...}::default()`), so
//! a default is written once.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use http::HeaderValue;
use precis::extract::PageLimits;
use precis::metrics::Metrics;
use precis::server::{
    Articles, Authentication, CallLimits, ConnectionLimits, RequestLimits, ServerConfig,
    ShutdownConfig, Tls, TlsFileError, TokenFileError, WebConfig, raise_open_file_limit, serve,
    serve_metrics, termination_signal,
};
use precis::store::{PostgresStore, SqliteStore, StoreError};
use precis::summarize::Limits;

/// Options of `precis serve`, by subsystem.
#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    listen: ListenArgs,
    #[command(flatten)]
    requests: RequestArgs,
    #[command(flatten)]
    calls: CallArgs,
    #[command(flatten)]
    connections: ConnectionArgs,
    #[command(flatten)]
    auth: AuthArgs,
    #[command(flatten)]
    web: WebArgs,
    #[command(flatten)]
    observability: ObservabilityArgs,
    #[command(flatten)]
    shutdown: ShutdownArgs,
    #[command(flatten)]
    store: StoreArgs,
}

/// Where the gRPC port listens, and whether it speaks TLS.
#[derive(Args)]
#[command(next_help_heading = "Listen and TLS")]
struct ListenArgs {
    /// Address of the gRPC port.
    #[arg(long, env = "PRECIS_ADDR", default_value = "127.0.0.1:50051")]
    addr: SocketAddr,
    /// The server's TLS certificate chain (PEM); with --tls-key, the gRPC
    /// port (and the reader page's) speaks TLS only [default: plaintext].
    #[arg(long, env = "PRECIS_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, env = "PRECIS_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// A CA certificate (PEM): clients must present a certificate it signed.
    #[arg(long, env = "PRECIS_TLS_CLIENT_CA", requires = "tls_cert")]
    tls_client_ca: Option<PathBuf>,
}

/// What one request may ask ([`RequestLimits`]).
#[derive(Args)]
#[command(next_help_heading = "Limits on requests")]
struct RequestArgs {
    /// Largest request message accepted, in bytes.
    #[arg(long, env = "PRECIS_MAX_REQUEST_BYTES", default_value_t = RequestLimits::default().max_request_bytes)]
    max_request_bytes: usize,
    /// Longest document accepted, in bytes.
    #[arg(long, env = "PRECIS_MAX_DOCUMENT_BYTES", default_value_t = Limits::default().max_document_bytes)]
    max_document_bytes: usize,
    /// The most sentences a document may have, bounding a request's time
    /// however short its sentences are (a MiB of news prose has about 9 000).
    #[arg(long, env = "PRECIS_MAX_SENTENCES", default_value_t = Limits::default().max_sentences)]
    max_sentences: usize,
    /// Largest HTML page accepted, in bytes (Summarize, ExtractArticle; a
    /// stored page is also held to --max-document-bytes).
    #[arg(long, env = "PRECIS_MAX_HTML_BYTES", default_value_t = PageLimits::default().max_bytes)]
    max_html_bytes: usize,
    /// Deepest nesting of elements in a page, a guard for the extractors'
    /// recursion; the time deep text costs is bounded apart.
    #[arg(long, env = "PRECIS_MAX_HTML_DEPTH", default_value_t = PageLimits::default().max_depth)]
    max_html_depth: usize,
    /// Documents of one stream summarized at a time [default: twice the
    /// number of CPUs].
    #[arg(long, env = "PRECIS_STREAM_CONCURRENCY")]
    stream_concurrency: Option<usize>,
    /// Documents one SummarizeStream call may send; past it the stream
    /// ends with RESOURCE_EXHAUSTED.
    #[arg(long, env = "PRECIS_MAX_STREAM_ITEMS", default_value_t = RequestLimits::default().max_stream_items)]
    max_stream_items: usize,
}

/// Admission and the time calls may take ([`CallLimits`]).
#[derive(Args)]
#[command(next_help_heading = "Limits on calls")]
struct CallArgs {
    /// Requests at work at a time; past it, requests are answered
    /// UNAVAILABLE at once with a retry hint (health checks are always
    /// served, and a request takes a place only once it has arrived).
    #[arg(long, env = "PRECIS_MAX_CONCURRENT_REQUESTS", default_value_t = CallLimits::default().max_concurrent_requests)]
    max_concurrent_requests: usize,
    /// Seconds a request message may take to arrive (a unary call's from
    /// its headers, a stream document's from its first byte).
    #[arg(long, env = "PRECIS_ARRIVAL_TIMEOUT_SECONDS", default_value_t = CallLimits::default().arrival_timeout.as_secs())]
    arrival_timeout_seconds: u64,
    /// Longest run of a unary call, and its deadline when the client sets
    /// none.
    #[arg(long, env = "PRECIS_CALL_DEADLINE_SECONDS", default_value_t = CallLimits::default().unary_deadline.as_secs())]
    call_deadline_seconds: u64,
    /// Longest life of a stream (SummarizeStream, health Watch, reflection),
    /// and its deadline when the client sets none.
    #[arg(long, env = "PRECIS_STREAM_DEADLINE_SECONDS", default_value_t = CallLimits::default().stream_deadline.as_secs())]
    stream_deadline_seconds: u64,
    /// Health Watch and reflection streams open at a time; past it they are
    /// shed.
    #[arg(long, env = "PRECIS_MAX_WATCH_STREAMS", default_value_t = CallLimits::default().max_watch_streams)]
    max_watch_streams: usize,
    /// Calls open at a time in any state (waiting, at work, quiet streams,
    /// health checks), bounding the memory idle calls hold; past it calls
    /// are shed.
    #[arg(long, env = "PRECIS_MAX_OPEN_CALLS", default_value_t = CallLimits::default().max_open_calls)]
    max_open_calls: usize,
}

/// Bounds on each port's connections ([`ConnectionLimits`]).
#[derive(Args)]
#[command(next_help_heading = "Limits on connections")]
struct ConnectionArgs {
    /// Connections each port (gRPC, reader page, metrics) holds open at a
    /// time; past it new ones are closed on arrival. Lowered at start to fit
    /// the open-file limit, which the server raises to its hard limit.
    #[arg(long, env = "PRECIS_MAX_CONNECTIONS", default_value_t = ConnectionLimits::default().max_connections)]
    max_connections: usize,
    /// Calls at a time on one HTTP/2 connection (MAX_CONCURRENT_STREAMS).
    #[arg(long, env = "PRECIS_MAX_STREAMS_PER_CONNECTION", default_value_t = ConnectionLimits::default().max_streams)]
    max_streams_per_connection: u32,
    /// Seconds a new connection may take to start its first call (TLS
    /// handshake and request headers included) before it is closed.
    #[arg(long, env = "PRECIS_HANDSHAKE_TIMEOUT_SECONDS", default_value_t = ConnectionLimits::default().handshake_timeout.as_secs())]
    handshake_timeout_seconds: u64,
    /// Seconds a connection may stay open with no call in progress.
    #[arg(long, env = "PRECIS_IDLE_TIMEOUT_SECONDS", default_value_t = ConnectionLimits::default().idle_timeout.as_secs())]
    idle_timeout_seconds: u64,
}

/// Bearer tokens for the calls that change articles, or for every call.
#[derive(Args)]
#[command(next_help_heading = "Authentication")]
struct AuthArgs {
    /// A file of bearer tokens, one a line (`#` lines are comments), that
    /// CreateArticle, UpdateArticle and DeleteArticle need; without it they
    /// are open [default: none].
    #[arg(long, env = "PRECIS_AUTH_TOKEN_FILE")]
    auth_token_file: Option<PathBuf>,
    /// Require a token for every service call, reads included (health and
    /// reflection stay open).
    #[arg(long, env = "PRECIS_AUTH_READS", requires = "auth_token_file")]
    auth_reads: bool,
}

/// Browsers: the reader page's port, and gRPC-Web on the gRPC port.
#[derive(Args)]
#[command(next_help_heading = "Reader page and gRPC-Web")]
struct WebArgs {
    /// Address of a separate HTTP port serving the reader page at / and the
    /// services over gRPC-Web for it [default: no reader page].
    #[arg(long, env = "PRECIS_WEB_ADDR")]
    web_addr: Option<SocketAddr>,
    /// An origin (`https://news.example`) whose pages may call the gRPC port
    /// with gRPC-Web, to embed the summary button; repeat it, or separate
    /// origins with commas [default: none, the port speaks only gRPC].
    #[arg(long, env = "PRECIS_CORS_ORIGIN", value_delimiter = ',', value_parser = parse_origin)]
    cors_origin: Vec<HeaderValue>,
}

/// What the server tells its operators besides its logs (whose format is
/// `--log-format`, a flag of every subcommand).
#[derive(Args)]
#[command(next_help_heading = "Observability")]
struct ObservabilityArgs {
    /// Address of a separate HTTP port serving Prometheus metrics at
    /// /metrics [default: no metrics port].
    #[arg(long, env = "PRECIS_METRICS_ADDR")]
    metrics_addr: Option<SocketAddr>,
}

/// How the server stops on SIGINT or SIGTERM ([`ShutdownConfig`]).
#[derive(Args)]
#[command(next_help_heading = "Shutdown")]
struct ShutdownArgs {
    /// Seconds in-flight requests may run on after a shutdown signal.
    #[arg(long, env = "PRECIS_SHUTDOWN_GRACE_SECONDS", default_value_t = ShutdownConfig::default().grace.as_secs())]
    shutdown_grace_seconds: u64,
}

/// Where articles are kept, for `serve` and `seed-demo` alike.
#[derive(Args)]
#[command(next_help_heading = "Article store")]
pub struct StoreArgs {
    /// Directory of the embedded SQLite article database (created when
    /// missing).
    #[arg(long, env = "PRECIS_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// A PostgreSQL URL (postgres://...) to keep articles in instead of the
    /// embedded database; replicas given the same URL share the articles.
    #[arg(long, env = "PRECIS_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Connections to PostgreSQL each server keeps at most.
    #[arg(long, env = "PRECIS_DATABASE_POOL_SIZE", default_value_t = 16)]
    pub database_pool_size: usize,
}

/// A file the flags name that the server cannot use.
#[derive(Debug, thiserror::Error)]
enum ConfigError {
    #[error(transparent)]
    Tokens(#[from] TokenFileError),
    #[error(transparent)]
    Tls(#[from] TlsFileError),
}

impl ServeArgs {
    /// The server configuration the flags ask for, with the token file and
    /// the TLS files read. The store is left out: it is opened on the
    /// server's runtime (see [`open_store`]).
    fn config(&self) -> Result<ServerConfig, ConfigError> {
        let ServeArgs {
            listen,
            requests,
            calls,
            connections,
            auth,
            web,
            observability: _,
            shutdown,
            store: _,
        } = self;
        // The token file first: of two unusable files, its is reported.
        let authentication = match &auth.auth_token_file {
            Some(path) => Some(Authentication::from_file(path, auth.auth_reads)?),
            None => None,
        };
        let tls = match (&listen.tls_cert, &listen.tls_key) {
            (Some(cert), Some(key)) => {
                Some(Tls::from_files(cert, key, listen.tls_client_ca.as_deref())?)
            }
            _ => None,
        };
        Ok(ServerConfig {
            tls,
            limits: RequestLimits {
                max_request_bytes: requests.max_request_bytes,
                document: Limits {
                    max_document_bytes: requests.max_document_bytes,
                    max_sentences: requests.max_sentences,
                },
                page: PageLimits {
                    max_bytes: requests.max_html_bytes,
                    max_depth: requests.max_html_depth,
                },
                stream_concurrency: requests
                    .stream_concurrency
                    .unwrap_or_else(|| RequestLimits::default().stream_concurrency),
                max_stream_items: requests.max_stream_items,
            },
            calls: CallLimits {
                max_concurrent_requests: calls.max_concurrent_requests,
                arrival_timeout: Duration::from_secs(calls.arrival_timeout_seconds),
                unary_deadline: Duration::from_secs(calls.call_deadline_seconds),
                stream_deadline: Duration::from_secs(calls.stream_deadline_seconds),
                max_watch_streams: calls.max_watch_streams,
                max_open_calls: calls.max_open_calls,
            },
            connections: ConnectionLimits {
                max_connections: connections.max_connections,
                max_streams: connections.max_streams_per_connection,
                handshake_timeout: Duration::from_secs(connections.handshake_timeout_seconds),
                idle_timeout: Duration::from_secs(connections.idle_timeout_seconds),
            },
            authentication,
            articles: None,
            web: WebConfig {
                cors_origins: web.cors_origin.clone(),
            },
            metrics: Metrics::default(),
            shutdown: ShutdownConfig {
                grace: Duration::from_secs(shutdown.shutdown_grace_seconds),
            },
        })
    }
}

/// Serves until SIGINT or SIGTERM; fails when a file the flags name cannot
/// be used, the article store cannot be opened or an address cannot be
/// bound.
pub fn run(args: ServeArgs) -> ExitCode {
    limit_malloc_arenas();
    match raise_open_file_limit() {
        Ok(files) => tracing::debug!(files, "open-file limit"),
        Err(error) => tracing::warn!(%error, "cannot raise the open-file limit"),
    }
    let mut config = match args.config() {
        Ok(config) => config,
        Err(ConfigError::Tokens(error)) => {
            tracing::error!(%error, "cannot load the bearer tokens");
            return ExitCode::FAILURE;
        }
        Err(ConfigError::Tls(error)) => {
            tracing::error!(%error, "cannot set up TLS");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    let addr = args.listen.addr;
    let result = runtime.block_on(async {
        config.articles = Some(
            open_store(&args.store)
                .await
                .map_err(std::io::Error::other)?,
        );
        if let Some(addr) = args.observability.metrics_addr {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!(addr = %listener.local_addr()?, "Prometheus metrics at /metrics");
            tokio::spawn(serve_metrics(
                listener,
                config.metrics.clone(),
                config.connections,
            ));
        }
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let reader = match args.web.web_addr {
            Some(addr) => {
                let reader = tokio::net::TcpListener::bind(addr).await?;
                let addr = reader.local_addr()?;
                tracing::info!(%addr, "reader page at http://{addr}/");
                Some(reader)
            }
            None => None,
        };
        tracing::info!(addr = %listener.local_addr()?, "precis serving gRPC");
        serve(listener, reader, config, termination_signal())
            .await
            .map_err(std::io::Error::other)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, %addr, "server failed");
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

/// An origin as browsers send it: `http` or `https`, a host, maybe a port,
/// and nothing after.
fn parse_origin(origin: &str) -> Result<HeaderValue, String> {
    // Spaces around the commas of a list are not part of an origin.
    let origin = origin.trim();
    let uri: http::Uri = origin.parse().map_err(|error| format!("{error}"))?;
    let plain = matches!(uri.scheme_str(), Some("http" | "https"))
        && uri.authority().is_some()
        && origin.matches('/').count() == 2;
    if !plain {
        return Err("an origin is scheme://host[:port], as https://news.example".into());
    }
    HeaderValue::from_str(origin).map_err(|error| format!("{error}"))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::path::Path;

    use clap::{Arg, ArgAction, CommandFactory, Parser};

    use super::*;
    use crate::cli::{Cli, Command};

    /// Where docs/configuration.md's generated tables begin and end.
    const TABLES_BEGIN: &str =
        "<!-- flags tables: generated by `flags_tables` in src/cli/serve.rs -->\n";
    const TABLES_END: &str = "<!-- end of the flags tables -->";

    /// The flags of `precis serve` as docs/configuration.md shows them: a
    /// table per help heading, the flags of every subcommand first.
    fn flags_tables() -> String {
        let cli = Cli::command();
        let serve = cli.find_subcommand("serve").expect("a serve subcommand");
        let mut sections: Vec<(&str, Vec<&Arg>)> = vec![(
            "Every subcommand",
            cli.get_arguments()
                .filter(|arg| arg.is_global_set())
                .collect(),
        )];
        for arg in serve.get_arguments() {
            let heading = arg.get_help_heading().unwrap_or("Options");
            match sections.last_mut() {
                Some((last, args)) if *last == heading => args.push(arg),
                _ => sections.push((heading, vec![arg])),
            }
        }
        let mut tables = String::new();
        for (heading, args) in sections {
            write!(
                tables,
                "**{heading}**\n\n| Flag | Environment | Default | Meaning |\n|---|---|---|---|\n"
            )
            .unwrap();
            for arg in args {
                let (meaning, default) = meaning_and_default(arg);
                let env = arg.get_env().map_or("none".to_string(), |env| {
                    format!("`{}`", env.to_string_lossy())
                });
                writeln!(
                    tables,
                    "| `--{}` | {env} | {default} | {} |",
                    arg.get_long().expect("long flags only"),
                    meaning.replace('|', "\\|"),
                )
                .unwrap();
            }
            tables.push('\n');
        }
        tables
    }

    /// An argument's help, and its default: clap's own, else what its help
    /// says in `[default: ...]` (which is then left out of the meaning).
    fn meaning_and_default(arg: &Arg) -> (String, String) {
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        if let Some((meaning, rest)) = help.split_once(" [default: ") {
            let default = rest.strip_suffix(']').expect("a closed [default: ...]");
            return (meaning.to_string(), default.to_string());
        }
        let defaults: Vec<_> = arg
            .get_default_values()
            .iter()
            .map(|value| format!("`{}`", value.to_string_lossy()))
            .collect();
        let default = match arg.get_action() {
            ArgAction::SetTrue => "off".to_string(),
            _ if defaults.is_empty() => "none".to_string(),
            _ => defaults.join(", "),
        };
        (help, default)
    }

    /// Run with UPDATE_DOCS set, rewrites the doc's tables instead.
    #[test]
    fn documented_flags_tables_match_the_flags() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md");
        let doc = std::fs::read_to_string(&path).expect("docs/configuration.md");
        let start =
            doc.find(TABLES_BEGIN).expect("the tables' opening marker") + TABLES_BEGIN.len();
        let end = doc.find(TABLES_END).expect("the tables' closing marker");
        let tables = flags_tables();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{tables}{}", &doc[..start], &doc[end..]);
            std::fs::write(&path, updated).expect("rewrite docs/configuration.md");
            return;
        }
        assert!(
            doc[start..end] == tables,
            "docs/configuration.md's flags tables are not the flags' own; rewrite them with \
             `UPDATE_DOCS=1 cargo test --bin precis flags_tables`\n\ndocumented:\n{}\nflags:\n{tables}",
            &doc[start..end],
        );
    }

    fn serve_args(flags: &[&str]) -> ServeArgs {
        let cli = Cli::try_parse_from(["precis", "serve"].iter().chain(flags)).expect("flags");
        match cli.command {
            Command::Serve(args) => *args,
            _ => unreachable!("a serve command"),
        }
    }

    #[test]
    fn without_flags_the_configuration_is_the_default() {
        let config = serve_args(&[]).config().expect("a configuration");
        let defaults = ServerConfig::default();
        assert_eq!(
            format!("{:?}", config.limits),
            format!("{:?}", defaults.limits)
        );
        assert_eq!(config.calls, defaults.calls);
        assert_eq!(config.connections, defaults.connections);
        assert_eq!(config.web, defaults.web);
        assert_eq!(config.shutdown, defaults.shutdown);
        assert!(config.tls.is_none() && config.authentication.is_none());
    }

    #[test]
    fn each_flag_sets_its_own_field() {
        let flags = [
            ("--max-request-bytes", "1"),
            ("--max-document-bytes", "2"),
            ("--max-sentences", "3"),
            ("--max-html-bytes", "4"),
            ("--max-html-depth", "5"),
            ("--stream-concurrency", "6"),
            ("--max-stream-items", "7"),
            ("--max-concurrent-requests", "8"),
            ("--arrival-timeout-seconds", "9"),
            ("--call-deadline-seconds", "10"),
            ("--stream-deadline-seconds", "11"),
            ("--max-watch-streams", "12"),
            ("--max-open-calls", "13"),
            ("--max-connections", "14"),
            ("--max-streams-per-connection", "15"),
            ("--handshake-timeout-seconds", "16"),
            ("--idle-timeout-seconds", "17"),
            ("--shutdown-grace-seconds", "18"),
            ("--cors-origin", "https://a.example,https://b.example"),
        ];
        let flags: Vec<&str> = flags
            .iter()
            .flat_map(|(flag, value)| [*flag, value])
            .collect();
        let config = serve_args(&flags).config().expect("a configuration");
        let limits = config.limits;
        assert_eq!(
            (
                limits.max_request_bytes,
                limits.document.max_document_bytes,
                limits.document.max_sentences,
                limits.page.max_bytes,
                limits.page.max_depth,
                limits.stream_concurrency,
                limits.max_stream_items,
            ),
            (1, 2, 3, 4, 5, 6, 7)
        );
        let seconds = Duration::from_secs;
        assert_eq!(
            config.calls,
            CallLimits {
                max_concurrent_requests: 8,
                arrival_timeout: seconds(9),
                unary_deadline: seconds(10),
                stream_deadline: seconds(11),
                max_watch_streams: 12,
                max_open_calls: 13,
            }
        );
        assert_eq!(
            config.connections,
            ConnectionLimits {
                max_connections: 14,
                max_streams: 15,
                handshake_timeout: seconds(16),
                idle_timeout: seconds(17),
            }
        );
        assert_eq!(config.shutdown.grace, seconds(18));
        assert_eq!(
            config.web.cors_origins,
            ["https://a.example", "https://b.example"]
        );
    }
}
