//! The `precis` command: run the gRPC server, or summarize in-process.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use cli::{Cli, Command, LogFormat};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match cli.command {
        Command::Serve(args) => cli::serve::run(*args),
        Command::SeedDemo(args) => cli::seed_demo::run(args),
        Command::Summarize(args) => cli::summarize::run(args),
        Command::Extract(args) => cli::extract::run(args),
        Command::ExtractPages(args) => cli::extract::pages(args),
        Command::Segment(args) => cli::eval::segment(args),
        Command::Terms(args) => cli::eval::terms(args),
        Command::Algorithms => cli::eval::algorithms(),
    }
}

/// Logs to standard error at `RUST_LOG` (default `info`), in `format`. The
/// HTML parser's and the extractor's own notes on a page's markup (an
/// unmatched tag, a JSON-LD block it cannot read) are per page, not about
/// the service, and are left out unless asked for.
fn init_logging(format: LogFormat) {
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,html5ever=error,trafilatura=error")),
        )
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
}
