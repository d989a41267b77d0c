//! Text as the summarizer reads it: languages, sentences, words and terms.

mod ascii_words;
mod caption;
mod dateline;
mod detect;
mod furniture;
mod language;
mod notices;
mod rules;
mod segment;
mod stem_uk;
mod tokens;

pub use caption::{is_caption, opens_with_label};
pub use dateline::dateline_length;
pub use detect::{Detection, MIN_CONFIDENCE, detect as detect_language};
pub use furniture::{Furniture, Source as LineSource, classify as classify_furniture, is_tag_line};
pub use language::{Language, LanguageError, Stemming, is_well_formed_tag};
pub use rules::leans_back;
pub use segment::{is_terminated, runs_on, segments, split_sentences};
pub use tokens::{
    MAX_STEMMED_WORD_BYTES, SentenceWords, TermAnalyzer, Words, count_words, lowercase, words,
};
