//! Extraction of any bytes as a page: an article or an error, never a
//! panic; an article's text must summarize like any document.

#![no_main]

use libfuzzer_sys::fuzz_target;
use precis::extract::Extractor;
use precis::summarize::{Summarizer, SummaryOptions};

fuzz_target!(|html: &[u8]| {
    if let Ok(article) = Extractor::default().extract_bytes(html) {
        assert!(!article.paragraphs.is_empty());
        let _ = Summarizer::default().summarize_article(&article, &SummaryOptions::default());
    }
});
