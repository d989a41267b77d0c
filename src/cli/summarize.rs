//! `precis summarize`: one document to standard output, or a JSONL batch.

use std::process::ExitCode;

use precis::pipeline::{Document, Pipeline};
use precis::proto::{self, SummarizeResponse};
use precis::summarize::{Limits, Summarizer};

use super::extract::extractor;
use super::input::{looks_like_html, read_bytes};
use super::output;
use super::{SummarizeArgs, batch};

/// Summarizes the input as the arguments say; exit code 2 for bad input.
pub fn run(args: SummarizeArgs) -> ExitCode {
    let bytes = match read_bytes(&args.input) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("precis: cannot read {}: {error}", args.input.display());
            return ExitCode::from(2);
        }
    };
    // The command line has no request-size concern: accept any file.
    let pipeline = Pipeline {
        extractor: extractor(),
        summarizer: Summarizer::new(Limits::UNLIMITED),
    };
    let document = if args.html || looks_like_html(&args.input, &bytes) {
        match pipeline.extractor.page_from_bytes(&bytes) {
            Ok(page) => Document::Page(page),
            Err(error) => {
                eprintln!("precis: {}: {error}", args.input.display());
                return ExitCode::from(2);
            }
        }
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => Document::Text(text),
            Err(error) => {
                eprintln!(
                    "precis: {} is not UTF-8 text: {error}",
                    args.input.display()
                );
                return ExitCode::from(2);
            }
        }
    };
    let options = args.options();
    if let Err(error) = options.length.validate() {
        eprintln!("precis: {error}");
        return ExitCode::from(2);
    }
    if let (Document::Text(text), true) = (&document, args.jsonl) {
        return batch::run(&pipeline.summarizer, &options, text, args.threads);
    }
    match pipeline.run(document, &options) {
        // The response the server builds for the same request, so that
        // `--json` prints what a gRPC client gets, in the proto JSON mapping.
        Ok(summarized) if args.json => {
            output::print(&proto::to_json(&SummarizeResponse::from(summarized)))
        }
        Ok(summarized) => output::print(&summarized.summary.text),
        Err(error) => {
            eprintln!("precis: {error}");
            ExitCode::from(2)
        }
    }
}
