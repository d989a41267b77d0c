//! What a caller asks of a summary, and the limits that bound its work.

use super::analysis::Analysis;
use super::error::SummarizeError;
use super::select::Budget;
use crate::text::Language;

/// A ranking method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// The first sentences.
    Lead,
    /// PageRank over TF-IDF cosine similarity.
    LexRank,
    /// PageRank over normalised word overlap.
    TextRank,
    /// Centrality blended with position and title similarity.
    #[default]
    Centrality,
}

impl Algorithm {
    /// Every method, for listings and evaluation.
    pub const ALL: [Algorithm; 4] = [
        Algorithm::Lead,
        Algorithm::LexRank,
        Algorithm::TextRank,
        Algorithm::Centrality,
    ];

    /// The method's name in the CLI and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Lead => "lead",
            Algorithm::LexRank => "lexrank",
            Algorithm::TextRank => "textrank",
            Algorithm::Centrality => "centrality",
        }
    }
}

/// How long a summary may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// At most this many sentences.
    Sentences(u32),
    /// At most this many words, in whole sentences; the best sentence
    /// alone, over budget, when none fits.
    Words(u32),
    /// This share of the document's sentences (those that may stand in a
    /// summary, when it has any), rounded up.
    Ratio(f64),
}

impl Default for Length {
    /// Three sentences: what a summary button shows.
    fn default() -> Self {
        Length::Sentences(3)
    }
}

impl Length {
    /// Refuses lengths that cannot give a summary.
    pub fn validate(self) -> Result<(), SummarizeError> {
        match self {
            Length::Sentences(0) => Err(SummarizeError::ZeroSentences),
            Length::Words(0) => Err(SummarizeError::ZeroWords),
            Length::Ratio(ratio) if !(ratio > 0.0 && ratio <= 1.0) => {
                Err(SummarizeError::RatioOutOfRange(ratio))
            }
            _ => Ok(()),
        }
    }

    /// About how many sentences of `analysis` a summary of this length holds:
    /// a word budget counts in sentences of the document's mean length.
    pub(super) fn expected_sentences(self, analysis: &Analysis) -> usize {
        match self {
            Length::Words(words) => {
                let total: usize = analysis.word_counts.iter().sum();
                let mean = total as f64 / analysis.word_counts.len().max(1) as f64;
                (f64::from(words) / mean.max(1.0)).round().max(1.0) as usize
            }
            _ => self.budget(analysis).sentences,
        }
    }

    /// The budget of this length for `analysis`. A word or ratio budget is
    /// filled with eligible sentences only, and a ratio is a share of them:
    /// headlines and fragments serve only a document that has nothing else.
    pub(super) fn budget(self, analysis: &Analysis) -> Budget {
        let sentence_count = analysis.sentences.len();
        let eligible_count = analysis
            .eligible
            .iter()
            .filter(|&&eligible| eligible)
            .count();
        let eligible_only = eligible_count > 0;
        match self {
            Length::Sentences(count) => Budget {
                sentences: count as usize,
                words: None,
                eligible_only: false,
            },
            Length::Words(words) => Budget {
                sentences: sentence_count,
                words: Some(words as usize),
                eligible_only,
            },
            Length::Ratio(ratio) => {
                let pool = if eligible_only {
                    eligible_count
                } else {
                    sentence_count
                };
                Budget {
                    sentences: ((ratio * pool as f64).ceil() as usize).clamp(1, pool.max(1)),
                    words: None,
                    eligible_only,
                }
            }
        }
    }
}

/// How the chosen sentences are rendered as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Joined into one paragraph.
    #[default]
    Paragraph,
    /// One "• " key point per line.
    Bullets,
    /// One sentence per line with no mark, as batch output and ROUGE's
    /// summary-level scoring read summaries.
    Lines,
}

impl Format {
    /// The format's name in the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Format::Paragraph => "paragraph",
            Format::Bullets => "bullets",
            Format::Lines => "lines",
        }
    }
}

/// What the caller wants of a summary.
#[derive(Debug, Clone, Default)]
pub struct SummaryOptions {
    /// The budget.
    pub length: Length,
    /// The ranking method.
    pub algorithm: Algorithm,
    /// The rendering.
    pub format: Format,
    /// The document's language; detected when `None`. An explicit language
    /// always wins over detection.
    pub language: Option<Language>,
    /// The article's title, which helps ranking but is never part of the
    /// summary.
    pub title: Option<String>,
}

/// Limits that keep one request's work bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The longest document accepted, in bytes.
    pub max_document_bytes: usize,
    /// The most sentences a document may have: each costs analysis and
    /// ranking work, so this bounds a request's time however short its
    /// sentences are.
    pub max_sentences: usize,
}

impl Limits {
    /// No limits, for the command line, where the user owns the machine.
    pub const UNLIMITED: Limits = Limits {
        max_document_bytes: usize::MAX,
        max_sentences: usize::MAX,
    };
}

impl Default for Limits {
    /// One MiB, and 20 000 sentences: a mebibyte of news prose has about
    /// 9 000.
    fn default() -> Self {
        Limits {
            max_document_bytes: 1024 * 1024,
            max_sentences: 20_000,
        }
    }
}
