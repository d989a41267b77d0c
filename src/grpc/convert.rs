//! Conversions between generated messages and core types. Requests are
//! checked field by field and every problem is reported at once.

use tonic::Status;
use tonic_types::FieldViolation;

use super::error::invalid_argument;
use crate::proto::{self, summarize_request};
use crate::summarize::{Algorithm, Format, Length, Summarizer, Summary, SummaryOptions};
use crate::text::Language;

/// A request that passed validation: the text and the core's options.
pub struct ValidRequest {
    /// The document.
    pub text: String,
    /// How to summarize it.
    pub options: SummaryOptions,
}

/// Validates a `SummarizeRequest` against the summarizer's limits and turns it
/// into core options. An oversized document is refused first, as
/// RESOURCE_EXHAUSTED; every other problem is an INVALID_ARGUMENT naming its
/// fields.
pub fn summarize_request(
    request: proto::SummarizeRequest,
    summarizer: &Summarizer,
) -> Result<ValidRequest, Status> {
    let mut violations = Vec::new();
    let text = match request.document {
        Some(summarize_request::Document::Text(text)) => {
            if let Err(error) = summarizer.check_document(&text) {
                let status = Status::from(error);
                if status.code() != tonic::Code::InvalidArgument {
                    return Err(status);
                }
                violations.push(FieldViolation::new("text", status.message()));
            }
            text
        }
        None => {
            violations.push(FieldViolation::new(
                "text",
                "a document is required: set text",
            ));
            String::new()
        }
    };

    let language = if request.language.is_empty() {
        None
    } else {
        Language::from_code(&request.language)
            .map_err(|error| violations.push(FieldViolation::new("language", error.to_string())))
            .ok()
    };

    let length = match request.length {
        None => Length::default(),
        Some(summarize_request::Length::Sentences(count)) => Length::Sentences(count),
        Some(summarize_request::Length::Words(count)) => Length::Words(count),
        Some(summarize_request::Length::Ratio(ratio)) => Length::Ratio(ratio),
    };
    if let Err(error) = length.validate() {
        let (_, field) = super::error::classify(&error);
        violations.push(FieldViolation::new(field, error.to_string()));
    }

    let format = match proto::SummaryFormat::try_from(request.format) {
        Ok(proto::SummaryFormat::Unspecified | proto::SummaryFormat::Paragraph) => {
            Format::Paragraph
        }
        Ok(proto::SummaryFormat::Bullets) => Format::Bullets,
        Err(_) => {
            violations.push(FieldViolation::new(
                "format",
                format!("unknown format {}", request.format),
            ));
            Format::default()
        }
    };
    let algorithm = match proto::Algorithm::try_from(request.algorithm) {
        Ok(algorithm) => core_algorithm(algorithm),
        Err(_) => {
            violations.push(FieldViolation::new(
                "algorithm",
                format!("unknown algorithm {}", request.algorithm),
            ));
            Algorithm::default()
        }
    };

    if !violations.is_empty() {
        return Err(invalid_argument(violations));
    }
    let title = Some(request.title).filter(|title| !title.trim().is_empty());
    Ok(ValidRequest {
        text,
        options: SummaryOptions {
            length,
            algorithm,
            format,
            language,
            title,
        },
    })
}

fn core_algorithm(algorithm: proto::Algorithm) -> Algorithm {
    match algorithm {
        proto::Algorithm::Unspecified => Algorithm::default(),
        proto::Algorithm::Lead => Algorithm::Lead,
        proto::Algorithm::Lexrank => Algorithm::LexRank,
        proto::Algorithm::Textrank => Algorithm::TextRank,
        proto::Algorithm::Centrality => Algorithm::Centrality,
    }
}

fn proto_algorithm(algorithm: Algorithm) -> proto::Algorithm {
    match algorithm {
        Algorithm::Lead => proto::Algorithm::Lead,
        Algorithm::LexRank => proto::Algorithm::Lexrank,
        Algorithm::TextRank => proto::Algorithm::Textrank,
        Algorithm::Centrality => proto::Algorithm::Centrality,
    }
}

fn count(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn span(range: &std::ops::Range<usize>) -> proto::TextSpan {
    proto::TextSpan {
        start: range.start as u64,
        end: range.end as u64,
    }
}

impl From<Summary> for proto::SummarizeResponse {
    fn from(summary: Summary) -> Self {
        let stats = summary.stats;
        proto::SummarizeResponse {
            summary: summary.text,
            sentences: summary
                .sentences
                .into_iter()
                .map(|sentence| proto::SummarySentence {
                    index: count(sentence.index),
                    byte_span: Some(span(&sentence.bytes)),
                    char_span: Some(span(&sentence.chars)),
                    score: sentence.score,
                    text: sentence.text,
                })
                .collect(),
            language: summary.language.code().to_string(),
            language_detected: summary.detection.is_some(),
            detected_language: summary.detection.map_or("", |found| found.code).to_string(),
            language_confidence: summary.detection.map_or(0.0, |found| found.confidence),
            language_fallback: summary.language == Language::Undetermined,
            algorithm: proto_algorithm(summary.algorithm) as i32,
            stats: Some(proto::SummaryStats {
                document_sentences: count(stats.document_sentences),
                document_words: count(stats.document_words),
                summary_sentences: count(stats.summary_sentences),
                summary_words: count(stats.summary_words),
                document_reading_seconds: stats.document_reading_seconds,
                summary_reading_seconds: stats.summary_reading_seconds,
            }),
        }
    }
}
