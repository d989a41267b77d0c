//! `precis summarize`: one document to standard output, or a JSONL batch.

use std::path::Path;
use std::process::ExitCode;

use precis::extract::Article;
use precis::proto::{self, SummarizeResponse};
use precis::summarize::{Limits, Summarizer};

use super::extract::extractor;
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
    let page = (args.html || looks_like_html(&args.input, &bytes))
        .then(|| extractor().extract_bytes(&bytes));
    let text = match (page, String::from_utf8(bytes)) {
        (Some(Ok(article)), _) => Document::Article(article),
        (Some(Err(error)), _) => {
            eprintln!("precis: {}: {error}", args.input.display());
            return ExitCode::from(2);
        }
        (None, Ok(text)) => Document::Text(text),
        (None, Err(error)) => {
            eprintln!(
                "precis: {} is not UTF-8 text: {error}",
                args.input.display()
            );
            return ExitCode::from(2);
        }
    };
    let options = args.options();
    if let Err(error) = options.length.validate() {
        eprintln!("precis: {error}");
        return ExitCode::from(2);
    }
    // The command line has no request-size concern: accept any file.
    let summarizer = Summarizer::new(Limits::UNLIMITED);
    // The response the server builds for the same request, so that
    // `--json` prints what a gRPC client gets, in the proto JSON mapping.
    let response = match text {
        Document::Text(text) if args.jsonl => {
            return batch::run(&summarizer, &options, &text, args.threads);
        }
        Document::Text(text) => summarizer
            .summarize(&text, &options)
            .map(SummarizeResponse::from),
        Document::Article(article) => {
            summarizer
                .summarize_article(&article, &options)
                .map(|summary| SummarizeResponse {
                    document_text: article.text(),
                    ..summary.into()
                })
        }
    };
    match response {
        Ok(response) if args.json => {
            println!("{}", proto::to_json(&response));
            ExitCode::SUCCESS
        }
        Ok(response) => {
            println!("{}", response.summary);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("precis: {error}");
            ExitCode::from(2)
        }
    }
}

/// What `precis summarize` reads: plain text, or an article taken out of
/// its page.
enum Document {
    Text(String),
    Article(Article),
}

/// An `.html`/`.htm` file, or bytes that open like an HTML page.
fn looks_like_html(path: &Path, bytes: &[u8]) -> bool {
    let by_name = path.extension().is_some_and(|extension| {
        extension.eq_ignore_ascii_case("html") || extension.eq_ignore_ascii_case("htm")
    });
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let opening = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    by_name || opening.starts_with("<!doctype html") || opening.starts_with("<html")
}

/// Reads a file, or standard input for `-`, as bytes.
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
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
