//! Time per input byte: any text or page, repeated to a small and to a
//! four times larger document, must take no more than about four times
//! as long on the larger one. A step whose work grows with the square of
//! its input (a long run of one pattern: letters, attributes, full
//! stops) takes sixteen times as long, and fails here long before a
//! request at the size limits would take seconds.
//!
//! Each run times four summaries, so the fuzzer runs a few inputs a
//! second; `bash fuzz/run.sh pace 600` is a useful session.

#![no_main]

use std::time::{Duration, Instant};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use precis::extract::Extractor;
use precis::summarize::{Summarizer, SummaryOptions};
use precis::text::Language;

/// The smaller document's size in bytes; the larger has four times as many.
const SMALL_BYTES: usize = 16 * 1024;
/// How much longer the larger document may take: four times for linear
/// work, twice that for noise.
const MAX_GROWTH: f64 = 8.0;
/// Below this, a timing is mostly noise and proves nothing.
const MIN_TIMED: Duration = Duration::from_millis(20);

/// What the fuzzer's bytes choose.
#[derive(Debug, Arbitrary)]
struct Input<'a> {
    /// Read as an HTML page rather than text.
    html: bool,
    /// The language named, detected when `None`.
    language: Option<u8>,
    /// Repeated to the document's size as the title too.
    title: Option<&'a str>,
    text: &'a str,
}

impl Input<'_> {
    /// The time one request of `input` repeated to `bytes` takes, the
    /// better of two runs.
    fn time(&self, bytes: usize) -> Duration {
        let text = repeated(self.text, bytes);
        let options = SummaryOptions {
            language: self.language.map(|choice| {
                Language::ALL
                    .get(usize::from(choice))
                    .copied()
                    .unwrap_or(Language::Undetermined)
            }),
            title: self.title.map(|title| repeated(title, bytes)),
            ..SummaryOptions::default()
        };
        (0..2)
            .map(|_| {
                let started = Instant::now();
                let summarizer = Summarizer::default();
                if self.html {
                    if let Ok(article) = Extractor::default().extract(&text) {
                        let _ = summarizer.summarize_article(&article, &options);
                    }
                } else {
                    let _ = summarizer.summarize(&text, &options);
                }
                started.elapsed()
            })
            .min()
            .unwrap_or_default()
    }
}

/// `piece` repeated to about `bytes`, cut on a character boundary.
fn repeated(piece: &str, bytes: usize) -> String {
    if piece.is_empty() {
        return String::new();
    }
    let mut text = piece.repeat(bytes / piece.len() + 1);
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

fuzz_target!(|input: Input| {
    let small = input.time(SMALL_BYTES);
    let large = input.time(4 * SMALL_BYTES);
    if large < MIN_TIMED {
        return;
    }
    let growth = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        growth <= MAX_GROWTH,
        "four times the input took {growth:.1} times as long ({small:?} to {large:?})"
    );
});
