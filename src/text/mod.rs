//! Text as the summarizer reads it: languages, sentences, words and terms.

mod abbreviations;
mod dateline;
mod language;
mod segment;
mod tokens;

pub use dateline::dateline_length;
pub use language::{Language, LanguageError};
pub use segment::{is_terminated, split_sentences};
pub use tokens::{TermAnalyzer, count_words, words};
