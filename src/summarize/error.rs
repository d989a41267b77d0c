//! Why a document could not be summarized.

use crate::error_code::ErrorCode;

/// A request the summarizer refuses, each with an English message for the
/// caller and its kind of failure ([`SummarizeError::error_code`]), which
/// transports map to their own codes in one place.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SummarizeError {
    /// The text is empty or only whitespace.
    #[error("the document is empty")]
    EmptyDocument,
    /// The text has no letter or digit in it, such as a text of only
    /// punctuation or emoji. Any text with words has a summary, if only
    /// of its lines.
    #[error("the document has no words to summarize")]
    NoSentences,
    /// The text is longer than the summarizer was configured to accept.
    #[error("the document is {size} bytes long, over the limit of {limit} bytes")]
    DocumentTooLarge {
        /// The document's length in bytes.
        size: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The text has more sentences than the summarizer was configured to
    /// rank.
    #[error("the document has {count} sentences, over the limit of {limit} sentences")]
    TooManySentences {
        /// The document's sentences.
        count: usize,
        /// The configured limit.
        limit: usize,
    },
    /// A summary of zero sentences was asked for.
    #[error("the number of sentences must be at least 1")]
    ZeroSentences,
    /// A summary of zero words was asked for.
    #[error("the word budget must be at least 1")]
    ZeroWords,
    /// A ratio outside (0, 1] was asked for.
    #[error("the ratio must be greater than 0 and at most 1, not {0}")]
    RatioOutOfRange(f64),
}

impl SummarizeError {
    /// A document over a limit is the server's refusal to spend more on it;
    /// every other error is the request's own.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            SummarizeError::DocumentTooLarge { .. } | SummarizeError::TooManySentences { .. } => {
                ErrorCode::ResourceExhausted
            }
            SummarizeError::EmptyDocument
            | SummarizeError::NoSentences
            | SummarizeError::ZeroSentences
            | SummarizeError::ZeroWords
            | SummarizeError::RatioOutOfRange(_) => ErrorCode::InvalidArgument,
        }
    }
}
