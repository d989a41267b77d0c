//! Conversions between generated messages and core types. Requests are
//! checked field by field and every problem is reported at once.

use prost::Message;
use tonic::Status;
use tonic_types::FieldViolation;

use super::error::{classify, invalid_argument, page_status};
use crate::extract::{Article, ExtractError, Extractor, Page};
use crate::pipeline::{Document, Pipeline, Summarized};
use crate::proto::{self, summarize_request};
use crate::store::Cacheable;
use crate::summarize::{Algorithm, Format, Length, Summary, SummaryOptions};
use crate::text::{Furniture, Language};

/// A request that passed validation: the checked document and the core's
/// options.
pub struct ValidRequest {
    /// The document.
    pub document: Document,
    /// How to summarize it.
    pub options: SummaryOptions,
}

/// Validates a `SummarizeRequest` against the summarizer's limits and turns it
/// into core options. An oversized document is refused first, as
/// RESOURCE_EXHAUSTED; every other problem is an INVALID_ARGUMENT naming its
/// fields.
pub fn summarize_request(
    mut request: proto::SummarizeRequest,
    pipeline: &Pipeline,
) -> Result<ValidRequest, Status> {
    let mut violations = Vec::new();
    let document = match request.document.take() {
        Some(summarize_request::Document::Text(text)) => match pipeline.text(text) {
            Ok(document) => Some(document),
            Err(error) if classify(&error).0 == tonic::Code::ResourceExhausted => {
                return Err(error.into());
            }
            Err(error) => {
                violations.push(FieldViolation::new("text", error.to_string()));
                None
            }
        },
        Some(summarize_request::Document::Html(html)) => {
            check_html(&pipeline.extractor, html, "html", &mut violations)?.map(Document::Page)
        }
        None => {
            violations.push(FieldViolation::new(
                "text",
                "a document is required: set text or html",
            ));
            None
        }
    };

    let options = summary_options(request, &mut violations);
    match document {
        Some(document) if violations.is_empty() => Ok(ValidRequest { document, options }),
        _ => Err(invalid_argument(violations)),
    }
}

/// Validates the options of a `SummarizeRequest`, its document aside,
/// adding each problem to `violations`.
pub fn summary_options(
    request: proto::SummarizeRequest,
    violations: &mut Vec<FieldViolation>,
) -> SummaryOptions {
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
        let (_, field) = classify(&error);
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

    let title = Some(request.title).filter(|title| !title.trim().is_empty());
    SummaryOptions {
        length,
        algorithm,
        format,
        language,
        title,
    }
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
            furniture: summary
                .furniture
                .into_iter()
                .map(|line| proto::FurnitureLine {
                    reason: furniture_reason(line.kind) as i32,
                    byte_span: Some(span(&line.bytes)),
                    char_span: Some(span(&line.chars)),
                    text: line.text,
                })
                .collect(),
            document_text: String::new(),
            budget_exceeded: summary.budget_exceeded,
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

impl From<Summarized> for proto::SummarizeResponse {
    /// A page's summary carries the extracted text its spans index into;
    /// a text's summary indexes into the request's own text.
    fn from(summarized: Summarized) -> Self {
        let Summarized { summary, source } = summarized;
        proto::SummarizeResponse {
            document_text: if source.article.is_some() {
                source.text
            } else {
                String::new()
            },
            ..summary.into()
        }
    }
}

/// The cache keeps a stored article's summary as its encoded response.
impl Cacheable for proto::SummarizeResponse {
    fn to_bytes(&self) -> Vec<u8> {
        self.encode_to_vec()
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Self::decode(bytes).ok()
    }
}

fn furniture_reason(kind: Furniture) -> proto::FurnitureReason {
    match kind {
        Furniture::Widget => proto::FurnitureReason::Widget,
        Furniture::Navigation => proto::FurnitureReason::Navigation,
        Furniture::Byline => proto::FurnitureReason::Byline,
        Furniture::Dateline => proto::FurnitureReason::Dateline,
        Furniture::Title => proto::FurnitureReason::Title,
    }
}

/// Checks the page in a request's `field`: a page over the size limit is
/// refused at once, as RESOURCE_EXHAUSTED; any other problem joins the
/// request's field violations.
pub fn check_html(
    extractor: &Extractor,
    html: String,
    field: &str,
    violations: &mut Vec<FieldViolation>,
) -> Result<Option<Page>, Status> {
    match extractor.page(html) {
        Ok(page) => Ok(Some(page)),
        Err(error @ ExtractError::PageTooLarge { .. }) => Err(page_status(&error, field)),
        Err(error) => {
            violations.push(FieldViolation::new(field, error.to_string()));
            Ok(None)
        }
    }
}

/// Validates an `ExtractArticleRequest`, returning its checked page.
pub fn extract_request(
    request: proto::ExtractArticleRequest,
    extractor: &Extractor,
) -> Result<Page, Status> {
    Ok(extractor.page(request.html)?)
}

impl From<Article> for proto::ExtractArticleResponse {
    fn from(article: Article) -> Self {
        proto::ExtractArticleResponse {
            text: article.text(),
            published_time: article
                .published
                .and_then(|published| published.parse::<prost_types::Timestamp>().ok()),
            title: article.title.unwrap_or_default(),
            byline: article.byline.unwrap_or_default(),
            language: article.language.unwrap_or_default(),
            canonical_url: article.canonical_url.unwrap_or_default(),
            paragraphs: article.paragraphs,
        }
    }
}
