//! `precis summarize`: one document to standard output, or a JSONL batch.

use std::path::Path;
use std::process::ExitCode;

use precis::summarize::{Limits, Summarizer};

use super::{SummarizeArgs, batch, output};

/// Summarizes the input as the arguments say; exit code 2 for bad input.
pub fn run(args: SummarizeArgs) -> ExitCode {
    let text = match read_input(&args.input) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("precis: cannot read {}: {error}", args.input.display());
            return ExitCode::from(2);
        }
    };
    let options = args.options();
    if let Err(error) = options.length.validate() {
        eprintln!("precis: {error}");
        return ExitCode::from(2);
    }
    // The command line has no request-size concern: accept any file.
    let summarizer = Summarizer::new(Limits {
        max_document_bytes: usize::MAX,
    });
    if args.jsonl {
        return batch::run(&summarizer, &options, &text, args.threads);
    }
    match summarizer.summarize(&text, &options) {
        Ok(summary) if args.json => {
            println!("{}", output::summary_json(&summary));
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

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &Path) -> std::io::Result<String> {
    if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
}
