//! The `--json` output of `precis summarize`: the same fields, in the same
//! snake_case names, as the gRPC `SummarizeResponse`.

use precis::summarize::Summary;
use serde_json::{Value, json};

/// The summary as one JSON document.
pub fn summary_json(summary: &Summary) -> Value {
    let span = |range: &std::ops::Range<usize>| json!({ "start": range.start, "end": range.end });
    json!({
        "summary": summary.text,
        "sentences": summary.sentences.iter().map(|sentence| json!({
            "text": sentence.text,
            "index": sentence.index,
            "byte_span": span(&sentence.bytes),
            "char_span": span(&sentence.chars),
            "score": sentence.score,
        })).collect::<Vec<_>>(),
        "furniture": summary.furniture.iter().map(|line| json!({
            "text": line.text,
            "reason": line.kind.name(),
            "byte_span": span(&line.bytes),
            "char_span": span(&line.chars),
        })).collect::<Vec<_>>(),
        "language": summary.language.code(),
        "language_detected": summary.detection.is_some(),
        "language_confidence": summary.detection.map_or(0.0, |found| found.confidence),
        "language_fallback": summary.language == precis::text::Language::Undetermined,
        "detected_language": summary.detection.map_or("", |found| found.code),
        "algorithm": summary.algorithm.name(),
        "budget_exceeded": summary.budget_exceeded,
        "stats": {
            "document_sentences": summary.stats.document_sentences,
            "document_words": summary.stats.document_words,
            "summary_sentences": summary.stats.summary_sentences,
            "summary_words": summary.stats.summary_words,
            "document_reading_seconds": summary.stats.document_reading_seconds,
            "summary_reading_seconds": summary.stats.summary_reading_seconds,
        },
    })
}
