//! Runs each Rust main-content extractor that Precis chose among over the
//! benchmark pages and writes `{"id", "system", "text", "ms"}` per line, for
//! `eval/extraction.py` to score. Kept out of the product's dependencies.
//!
//! Usage: `extraction-candidates HTML_DIR > candidates.jsonl`

use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

type Extractor = fn(&[u8]) -> String;

fn rs_trafilatura(html: &[u8]) -> String {
    rs_trafilatura::extract_bytes(html)
        .map(|result| result.content_text)
        .unwrap_or_default()
}

fn trafilatura(html: &[u8]) -> String {
    let html = String::from_utf8_lossy(html);
    trafilatura::extract(&html, &trafilatura::Options::default())
        .map(|result| result.content_text)
        .unwrap_or_default()
}

fn rs_trafilatura_precision(html: &[u8]) -> String {
    let options = rs_trafilatura::Options {
        favor_precision: true,
        ..rs_trafilatura::Options::default()
    };
    rs_trafilatura::extract_bytes_with_options(html, &options)
        .map(|result| result.content_text)
        .unwrap_or_default()
}

fn trafilatura_precision(html: &[u8]) -> String {
    let html = String::from_utf8_lossy(html);
    let mut options = trafilatura::Options::default();
    options.focus = trafilatura::ExtractionFocus::FavorPrecision;
    trafilatura::extract(&html, &options)
        .map(|result| result.content_text)
        .unwrap_or_default()
}

fn dom_smoothie(html: &[u8]) -> String {
    let html = String::from_utf8_lossy(html).into_owned();
    dom_smoothie::Readability::new(html, None, None)
        .and_then(|mut readability| readability.parse())
        .map(|article| article.text_content.to_string())
        .unwrap_or_default()
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: extraction-candidates HTML_DIR");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("read the html directory")
        .map(|entry| entry.expect("list the html directory").path())
        .filter(|path| path.to_string_lossy().ends_with(".html.gz"))
        .collect();
    pages.sort();
    let systems: [(&str, Extractor); 5] = [
        ("rs-trafilatura", rs_trafilatura),
        ("rs-trafilatura favor_precision", rs_trafilatura_precision),
        ("trafilatura", trafilatura),
        ("trafilatura FavorPrecision", trafilatura_precision),
        ("dom_smoothie", dom_smoothie),
    ];
    let mut out = std::io::stdout().lock();
    for path in &pages {
        let html = read_gz(path);
        let id = path.file_name().unwrap().to_string_lossy().trim_end_matches(".html.gz").to_string();
        for (system, extract) in systems {
            let start = Instant::now();
            let text = std::panic::catch_unwind(|| extract(&html)).unwrap_or_default();
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            let line = serde_json::json!({"id": id, "system": system, "text": text, "ms": ms});
            writeln!(out, "{line}").expect("write a line");
        }
    }
}

fn read_gz(path: &Path) -> Vec<u8> {
    let file = std::fs::File::open(path).expect("open a page");
    let mut html = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut html)
        .expect("decompress a page");
    html
}
