//! The `precis` command: run the gRPC server, or summarize a file in-process.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use precis::server::{ServerConfig, serve, termination_signal};
use precis::summarize::{Algorithm, Format, Length, Limits, Summarizer, SummaryOptions};
use precis::text::{Language, Stemming, TermAnalyzer};
use tracing_subscriber::EnvFilter;

mod cli_eval;
mod cli_output;

/// Extractive summaries of news articles, over gRPC or on the command line.
#[derive(Parser)]
#[command(name = "precis", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the gRPC server until SIGINT or SIGTERM.
    Serve(ServeArgs),
    /// Summarize a file (or standard input) without a server.
    Summarize(SummarizeArgs),
    /// Split JSON Lines documents into sentences, for evaluation.
    #[command(hide = true)]
    Segment(SegmentArgs),
    /// Print the terms of each input line as a JSON array, for evaluation.
    #[command(hide = true)]
    Terms(TermsArgs),
}

#[derive(Args)]
struct TermsArgs {
    /// Language whose stop words (and stemmer) apply.
    #[arg(long, value_parser = Language::from_code)]
    language: Language,
    /// Keep words unstemmed, to compare with the stemmer.
    #[arg(long)]
    no_stem: bool,
}

#[derive(Args)]
struct SegmentArgs {
    /// JSON Lines, one `{"id", "text", "lang"?}` per line; `-` reads
    /// standard input. Writes `{"id", "sentences", "detected",
    /// "confidence"}` per line.
    #[arg(long, default_value = "-")]
    jsonl: PathBuf,
    /// Language for every document, over each one's `lang`.
    #[arg(long, value_parser = Language::from_code)]
    language: Option<Language>,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PRECIS_ADDR", default_value = "127.0.0.1:50051")]
    addr: SocketAddr,
    /// Largest request message accepted, in bytes.
    #[arg(long, env = "PRECIS_MAX_REQUEST_BYTES", default_value_t = ServerConfig::default().max_request_bytes)]
    max_request_bytes: usize,
    /// Longest document accepted, in bytes.
    #[arg(long, env = "PRECIS_MAX_DOCUMENT_BYTES", default_value_t = Limits::default().max_document_bytes)]
    max_document_bytes: usize,
    /// Documents of one stream summarized at a time [default: number of CPUs].
    #[arg(long, env = "PRECIS_STREAM_CONCURRENCY")]
    stream_concurrency: Option<usize>,
    /// Seconds in-flight requests may run on after a shutdown signal.
    #[arg(long, env = "PRECIS_SHUTDOWN_GRACE_SECONDS", default_value_t = 30)]
    shutdown_grace_seconds: u64,
}

#[derive(Args)]
struct SummarizeArgs {
    /// The article as plain text; `-` reads standard input.
    #[arg(default_value = "-")]
    input: PathBuf,
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
    /// Print the whole result as JSON instead of the summary text.
    #[arg(long, env = "PRECIS_JSON")]
    json: bool,
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

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match Cli::parse().command {
        Command::Serve(args) => run_server(args),
        Command::Summarize(args) => summarize(args),
        Command::Segment(args) => segment(args),
        Command::Terms(args) => terms(args),
    }
}

fn terms(args: TermsArgs) -> ExitCode {
    let stemming = if args.no_stem {
        Stemming::None
    } else {
        args.language.stemmer()
    };
    let analyzer = TermAnalyzer::with_stemming(args.language, stemming);
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    exit_code(cli_eval::terms_jsonl(stdin, stdout, &analyzer))
}

fn segment(args: SegmentArgs) -> ExitCode {
    let text = match read_input(&args.jsonl) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    exit_code(cli_eval::segment_jsonl(
        text.as_bytes(),
        stdout,
        args.language,
    ))
}

fn exit_code(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("precis: {error}");
            ExitCode::from(2)
        }
    }
}

fn run_server(args: ServeArgs) -> ExitCode {
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

fn summarize(args: SummarizeArgs) -> ExitCode {
    let text = match read_input(&args.input) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let length = match (args.length.sentences, args.length.words, args.length.ratio) {
        (_, Some(words), _) => Length::Words(words),
        (_, _, Some(ratio)) => Length::Ratio(ratio),
        (Some(sentences), _, _) => Length::Sentences(sentences),
        _ => Length::default(),
    };
    let options = SummaryOptions {
        length,
        algorithm: match args.algorithm {
            AlgorithmArg::Lead => Algorithm::Lead,
            AlgorithmArg::Lexrank => Algorithm::LexRank,
            AlgorithmArg::Textrank => Algorithm::TextRank,
            AlgorithmArg::Centrality => Algorithm::Centrality,
        },
        format: match args.format {
            FormatArg::Paragraph => Format::Paragraph,
            FormatArg::Bullets => Format::Bullets,
        },
        language: args.language,
        title: args.title,
    };
    // The command line has no request-size concern: accept any file.
    let summarizer = Summarizer::new(Limits {
        max_document_bytes: usize::MAX,
    });
    match summarizer.summarize(&text, &options) {
        Ok(summary) if args.json => {
            println!("{}", cli_output::summary_json(&summary));
            ExitCode::SUCCESS
        }
        Ok(summary) => {
            println!("{}", summary.text);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("precis: {error}");
            ExitCode::from(2)
        }
    }
}

/// Reads a file, or standard input for `-`; says why it cannot.
fn read_input(path: &PathBuf) -> Result<String, ExitCode> {
    let read = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    read.map_err(|error| {
        eprintln!("precis: cannot read {}: {error}", path.display());
        ExitCode::from(2)
    })
}
