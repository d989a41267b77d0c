//! `precis extract`: the article of an HTML page, and the hidden
//! `precis extract-pages` that runs extraction over a benchmark directory.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use precis::extract::{Extractor, PageLimits};
use precis::proto::{self, ExtractArticleResponse};
use serde_json::json;

use super::input::read_bytes;
use super::output;
use super::{ExtractArgs, ExtractPagesArgs};

/// The command line's extractor: pages of any size, as the user owns the
/// machine.
pub fn extractor() -> Extractor {
    Extractor::new(PageLimits::ANY_SIZE)
}

/// Prints the article of one page: its title and paragraphs, or as JSON the
/// `ExtractArticleResponse` the server sends for the page, in the proto
/// JSON mapping.
pub fn run(args: ExtractArgs) -> ExitCode {
    let html = match read_bytes(&args.input) {
        Ok(html) => html,
        Err(error) => {
            eprintln!("precis: cannot read {}: {error}", args.input.display());
            return ExitCode::from(2);
        }
    };
    match extractor().extract_bytes(&html) {
        Ok(article) if args.json => {
            output::print(&proto::to_json(&ExtractArticleResponse::from(article)))
        }
        Ok(article) => match &article.title {
            Some(title) => output::print(&format!("{title}\n\n{}", article.text())),
            None => output::print(&article.text()),
        },
        Err(error) => {
            eprintln!("precis: {}: {error}", args.input.display());
            ExitCode::from(2)
        }
    }
}

/// Extracts every `<id>.html` page of a directory, in name order, as one
/// JSON line each with the time it took and the article's metadata; a page without an article gets
/// an empty text and the reason, and the pages after it are extracted all
/// the same.
pub fn pages(args: ExtractPagesArgs) -> ExitCode {
    let listing = std::fs::read_dir(&args.dir).and_then(|entries| {
        entries
            .map(|entry| entry.map(|entry| entry.path()))
            .collect::<std::io::Result<Vec<_>>>()
    });
    let mut paths = match listing {
        Ok(paths) => paths,
        Err(error) => {
            eprintln!("precis: cannot list {}: {error}", args.dir.display());
            return ExitCode::from(2);
        }
    };
    paths.retain(|path| {
        path.extension()
            .is_some_and(|extension| extension == "html")
    });
    paths.sort();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for path in paths {
        let Ok(html) = std::fs::read(&path) else {
            eprintln!("precis: cannot read {}", path.display());
            return ExitCode::from(2);
        };
        let start = Instant::now();
        let extracted = extractor().extract_bytes(&html);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let id = path
            .file_stem()
            .map(|stem| stem.to_string_lossy())
            .unwrap_or_default();
        let line = match extracted {
            Ok(article) => json!({
                "id": id,
                "system": "precis",
                "text": article.text(),
                "ms": ms,
                "title": article.title,
                "byline": article.byline,
                "published_time": article.published,
                "language": article.language,
                "canonical_url": article.canonical_url,
            }),
            Err(error) => {
                eprintln!("precis: {}: {error}", path.display());
                json!({"id": id, "system": "precis", "text": "", "ms": ms, "error": error.to_string()})
            }
        };
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
