//! Command-line arguments; each flag can also come from a `PRECIS_*`
//! environment variable.

pub mod batch;
pub mod eval;
pub mod extract;
pub mod seed_demo;
pub mod serve;
pub mod summarize;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use http::HeaderValue;
use precis::extract::PageLimits;
use precis::server::{CallLimits, ConnectionLimits, ServerConfig};
use precis::summarize::{Algorithm, Format, Length, Limits, SummaryOptions};
use precis::text::Language;

/// Extractive summaries of news articles, over gRPC or on the command line.
#[derive(Parser)]
#[command(name = "precis", version, about)]
pub struct Cli {
    /// How log lines on standard error look: `text` for people, `json` (one
    /// object a line) for log collectors.
    #[arg(long, global = true, env = "PRECIS_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The shape of log lines.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines, coloured on a terminal.
    Text,
    /// One JSON object a line, with the span fields (method, request id).
    Json,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Run the gRPC server until SIGINT or SIGTERM.
    Serve(Box<ServeArgs>),
    /// Store a handful of demo articles in two sections, so the reader page
    /// has something to show; running it again changes nothing.
    SeedDemo(StoreArgs),
    /// Summarize a file, standard input, or a JSONL batch, without a server.
    Summarize(SummarizeArgs),
    /// Extract the article of an HTML page: metadata and body.
    Extract(ExtractArgs),
    /// Extract the article of every `*.html` page of a directory as JSON
    /// Lines, for the extraction benchmark (see `eval/extraction.sh`).
    #[command(hide = true)]
    ExtractPages(ExtractPagesArgs),
    /// Split JSON Lines documents into sentences, for evaluation.
    #[command(hide = true)]
    Segment(SegmentArgs),
    /// Print the terms of each input line as a JSON array, for evaluation.
    #[command(hide = true)]
    Terms(TermsArgs),
}

/// Options of `precis extract`.
#[derive(Args)]
pub struct ExtractArgs {
    /// The HTML page, in any encoding its `<meta charset>` names; `-` reads
    /// standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// Print the whole article as JSON instead of its title and body: the
    /// ExtractArticle response in the proto3 JSON mapping.
    #[arg(long, env = "PRECIS_JSON")]
    pub json: bool,
}

/// Options of the hidden `precis extract-pages`.
#[derive(Args)]
pub struct ExtractPagesArgs {
    /// A directory of `<id>.html` pages; writes `{"id", "system", "text",
    /// "ms"}` and the metadata (`"title"`, `"byline"`, `"published_time"`,
    /// `"language"`, `"canonical_url"`) per page, and `"error"` for a page
    /// without an article.
    pub dir: PathBuf,
}

/// Options of the hidden `precis terms`.
#[derive(Args)]
pub struct TermsArgs {
    /// Language whose stop words (and stemmer) apply.
    #[arg(long, value_parser = Language::from_code)]
    pub language: Language,
    /// Keep words unstemmed, to compare with the stemmer.
    #[arg(long)]
    pub no_stem: bool,
}

/// Options of the hidden `precis segment`.
#[derive(Args)]
pub struct SegmentArgs {
    /// JSON Lines, one `{"id", "text", "lang"?}` per line; `-` reads
    /// standard input. Writes `{"id", "sentences", "detected",
    /// "confidence"}` per line.
    #[arg(long, default_value = "-")]
    pub jsonl: PathBuf,
    /// Language for every document, over each one's `lang`.
    #[arg(long, value_parser = Language::from_code)]
    pub language: Option<Language>,
}

/// Options of `precis serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PRECIS_ADDR", default_value = "127.0.0.1:50051")]
    pub addr: SocketAddr,
    /// Largest request message accepted, in bytes.
    #[arg(long, env = "PRECIS_MAX_REQUEST_BYTES", default_value_t = ServerConfig::default().max_request_bytes)]
    pub max_request_bytes: usize,
    /// Longest document accepted, in bytes.
    #[arg(long, env = "PRECIS_MAX_DOCUMENT_BYTES", default_value_t = Limits::default().max_document_bytes)]
    pub max_document_bytes: usize,
    /// The most sentences a document may have, bounding a request's time
    /// however short its sentences are.
    #[arg(long, env = "PRECIS_MAX_SENTENCES", default_value_t = Limits::default().max_sentences)]
    pub max_sentences: usize,
    /// Largest HTML page accepted, in bytes (Summarize, ExtractArticle).
    #[arg(long, env = "PRECIS_MAX_HTML_BYTES", default_value_t = PageLimits::default().max_bytes)]
    pub max_html_bytes: usize,
    /// Deepest nesting of elements in a page, a guard for the extractors'
    /// recursion; the time deep text costs is bounded apart.
    #[arg(long, env = "PRECIS_MAX_HTML_DEPTH", default_value_t = PageLimits::default().max_depth)]
    pub max_html_depth: usize,
    /// Documents of one stream summarized at a time [default: twice the number of CPUs].
    #[arg(long, env = "PRECIS_STREAM_CONCURRENCY")]
    pub stream_concurrency: Option<usize>,
    /// Documents one SummarizeStream call may send; past it the stream
    /// ends with RESOURCE_EXHAUSTED.
    #[arg(long, env = "PRECIS_MAX_STREAM_ITEMS", default_value_t = ServerConfig::default().max_stream_items)]
    pub max_stream_items: usize,
    /// Requests at work at a time; past it, requests are answered
    /// UNAVAILABLE at once with a retry hint (health checks are always
    /// served, and a request takes a place only once it has arrived).
    #[arg(long, env = "PRECIS_MAX_CONCURRENT_REQUESTS", default_value_t = ServerConfig::default().max_concurrent_requests)]
    pub max_concurrent_requests: usize,
    /// Connections each port (gRPC, reader page, metrics) holds open at a
    /// time; past it new ones are closed on arrival. Lowered at start to fit
    /// the open-file limit, which the server raises to its hard limit.
    #[arg(long, env = "PRECIS_MAX_CONNECTIONS", default_value_t = ConnectionLimits::default().max_connections)]
    pub max_connections: usize,
    /// Calls at a time on one HTTP/2 connection (MAX_CONCURRENT_STREAMS).
    #[arg(long, env = "PRECIS_MAX_STREAMS_PER_CONNECTION", default_value_t = ConnectionLimits::default().max_streams)]
    pub max_streams_per_connection: u32,
    /// Seconds a new connection may take to start its first call (TLS
    /// handshake and request headers included) before it is closed.
    #[arg(long, env = "PRECIS_HANDSHAKE_TIMEOUT_SECONDS", default_value_t = ConnectionLimits::default().handshake_timeout.as_secs())]
    pub handshake_timeout_seconds: u64,
    /// Seconds a connection may stay open with no call in progress.
    #[arg(long, env = "PRECIS_IDLE_TIMEOUT_SECONDS", default_value_t = ConnectionLimits::default().idle_timeout.as_secs())]
    pub idle_timeout_seconds: u64,
    /// Seconds a request message may take to arrive (a unary call's from
    /// its headers, a stream document's from its first byte).
    #[arg(long, env = "PRECIS_ARRIVAL_TIMEOUT_SECONDS", default_value_t = CallLimits::default().arrival_timeout.as_secs())]
    pub arrival_timeout_seconds: u64,
    /// Longest run of a unary call, and its deadline when the client sets
    /// none.
    #[arg(long, env = "PRECIS_CALL_DEADLINE_SECONDS", default_value_t = CallLimits::default().unary_deadline.as_secs())]
    pub call_deadline_seconds: u64,
    /// Longest life of a stream (SummarizeStream, health Watch, reflection),
    /// and its deadline when the client sets none.
    #[arg(long, env = "PRECIS_STREAM_DEADLINE_SECONDS", default_value_t = CallLimits::default().stream_deadline.as_secs())]
    pub stream_deadline_seconds: u64,
    /// Health Watch and reflection streams open at a time; past it they are
    /// shed.
    #[arg(long, env = "PRECIS_MAX_WATCH_STREAMS", default_value_t = CallLimits::default().max_watch_streams)]
    pub max_watch_streams: usize,
    /// Calls open at a time in any state (waiting, at work, quiet streams),
    /// bounding the memory idle calls hold; past it calls are shed.
    #[arg(long, env = "PRECIS_MAX_OPEN_CALLS", default_value_t = CallLimits::default().max_open_calls)]
    pub max_open_calls: usize,
    /// A file of bearer tokens, one a line (`#` lines are comments), that
    /// CreateArticle, UpdateArticle and DeleteArticle need; without it they
    /// are open.
    #[arg(long, env = "PRECIS_AUTH_TOKEN_FILE")]
    pub auth_token_file: Option<PathBuf>,
    /// Require a token for every service call, reads included (health and
    /// reflection stay open).
    #[arg(long, env = "PRECIS_AUTH_READS", requires = "auth_token_file")]
    pub auth_reads: bool,
    /// The server's TLS certificate chain (PEM); with --tls-key, the port
    /// speaks TLS only.
    #[arg(long, env = "PRECIS_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, env = "PRECIS_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// A CA certificate (PEM): clients must present a certificate it signed.
    #[arg(long, env = "PRECIS_TLS_CLIENT_CA", requires = "tls_cert")]
    pub tls_client_ca: Option<PathBuf>,
    /// Address of a separate HTTP port serving the reader page at / and the
    /// services over gRPC-Web for it [default: no reader page].
    #[arg(long, env = "PRECIS_WEB_ADDR")]
    pub web_addr: Option<SocketAddr>,
    /// An origin (`https://news.example`) whose pages may call the gRPC port
    /// with gRPC-Web, to embed the summary button; repeat it, or separate
    /// origins with commas [default: none, the port speaks only gRPC].
    #[arg(long, env = "PRECIS_CORS_ORIGIN", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_origin: Vec<HeaderValue>,
    /// Address of a separate HTTP port serving Prometheus metrics at
    /// /metrics [default: no metrics port].
    #[arg(long, env = "PRECIS_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Seconds in-flight requests may run on after a shutdown signal.
    #[arg(long, env = "PRECIS_SHUTDOWN_GRACE_SECONDS", default_value_t = 30)]
    pub shutdown_grace_seconds: u64,
    /// Where articles are kept.
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Where articles are kept, for `serve` and `seed-demo` alike.
#[derive(Args)]
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

/// Options of `precis summarize`.
#[derive(Args)]
pub struct SummarizeArgs {
    /// The article as plain text, or with --jsonl a file of articles; `-`
    /// reads standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// Read the input as an HTML page and summarize its article; implied by
    /// an `.html` or `.htm` file or a page that opens like HTML.
    #[arg(long, env = "PRECIS_HTML", conflicts_with = "jsonl")]
    pub html: bool,
    /// Read one JSON article per line ({"id", "text", "title"?, "lang"?})
    /// and write {"id", "summary"} per line, one summary sentence per line.
    #[arg(long, env = "PRECIS_JSONL")]
    pub jsonl: bool,
    /// Worker threads for --jsonl [default: number of CPUs].
    #[arg(long, env = "PRECIS_THREADS")]
    pub threads: Option<usize>,
    #[command(flatten)]
    length: LengthArgs,
    /// How to render the summary.
    #[arg(long, env = "PRECIS_FORMAT", value_enum, default_value_t = FormatArg::Paragraph)]
    format: FormatArg,
    /// Ranking method.
    #[arg(long, env = "PRECIS_ALGORITHM", value_enum, default_value_t = AlgorithmArg::Centrality)]
    algorithm: AlgorithmArg,
    /// Language as a BCP-47 code; detected when absent.
    #[arg(long, env = "PRECIS_LANGUAGE", value_parser = Language::from_code)]
    language: Option<Language>,
    /// The article's title, which helps ranking.
    #[arg(long, env = "PRECIS_TITLE")]
    title: Option<String>,
    /// Print the whole result as JSON instead of the summary text: the
    /// Summarize response in the proto3 JSON mapping (lowerCamelCase
    /// fields, enum value names, fields at their default left out).
    #[arg(long, env = "PRECIS_JSON")]
    pub json: bool,
}

#[derive(Args)]
#[group(multiple = false)]
struct LengthArgs {
    /// Number of sentences [default: 3].
    #[arg(long, env = "PRECIS_SENTENCES")]
    sentences: Option<u32>,
    /// Word budget, in whole sentences.
    #[arg(long, env = "PRECIS_WORDS")]
    words: Option<u32>,
    /// Share of the document's sentences, in (0, 1].
    #[arg(long, env = "PRECIS_RATIO")]
    ratio: Option<f64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Paragraph,
    Bullets,
}

#[derive(Clone, Copy, ValueEnum)]
enum AlgorithmArg {
    Lead,
    Lexrank,
    Textrank,
    Centrality,
}

impl SummarizeArgs {
    /// The core options these arguments ask for.
    pub fn options(&self) -> SummaryOptions {
        let length = &self.length;
        SummaryOptions {
            length: match (length.sentences, length.words, length.ratio) {
                (_, Some(words), _) => Length::Words(words),
                (_, _, Some(ratio)) => Length::Ratio(ratio),
                (Some(sentences), _, _) => Length::Sentences(sentences),
                _ => Length::default(),
            },
            algorithm: match self.algorithm {
                AlgorithmArg::Lead => Algorithm::Lead,
                AlgorithmArg::Lexrank => Algorithm::LexRank,
                AlgorithmArg::Textrank => Algorithm::TextRank,
                AlgorithmArg::Centrality => Algorithm::Centrality,
            },
            format: match self.format {
                FormatArg::Paragraph => Format::Paragraph,
                FormatArg::Bullets => Format::Bullets,
            },
            language: self.language,
            title: self.title.clone(),
        }
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
