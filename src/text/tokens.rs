//! Words and terms: what the summarizer counts and compares.
//!
//! A word is a Unicode word (UAX #29) with a letter or digit in it. A term is
//! a word as ranking sees it: lowercased, stemmed, and dropped when it is a
//! stop word, so that "Elections" and "election" match and "the" does not.

use std::borrow::Cow;

use rust_stemmers::Stemmer;
use rustc_hash::FxHashSet;
use unicode_segmentation::{UnicodeSegmentation, UnicodeWords};

use super::ascii_words::AsciiWords;
use super::language::{Language, Stemming};
use super::stem_uk;

/// The words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    match AsciiWords::new(text) {
        Some(ascii) => Words::Ascii(ascii),
        None => Words::Unicode(text.unicode_words()),
    }
}

/// The words of a text: all-ASCII text, most news, takes a faster path to
/// the same words.
pub enum Words<'text> {
    /// The words of an all-ASCII text, split without Unicode tables.
    Ascii(AsciiWords<'text>),
    /// The words of any other text, by Unicode word boundaries.
    Unicode(UnicodeWords<'text>),
}

impl<'text> Iterator for Words<'text> {
    type Item = &'text str;

    fn next(&mut self) -> Option<&'text str> {
        match self {
            Words::Ascii(words) => words.next(),
            Words::Unicode(words) => words.next(),
        }
    }

    fn fold<B, F: FnMut(B, &'text str) -> B>(self, init: B, f: F) -> B {
        match self {
            Words::Ascii(words) => words.fold(init, f),
            Words::Unicode(words) => words.fold(init, f),
        }
    }
}

/// The number of words in `text`.
pub fn count_words(text: &str) -> usize {
    words(text).count()
}

/// `word` in lowercase, borrowed when it has no capital to lower, as
/// most words have not.
pub fn lowercase(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase())
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// About how many bytes of text hold one word (news averages about six).
const BYTES_PER_WORD: usize = 6;

/// The words of each of a document's sentences, found in one pass: word
/// segmentation is the costliest step of reading a sentence, and furniture
/// detection, counting and term analysis all need the same words.
pub struct SentenceWords<'text> {
    words: Vec<&'text str>,
    /// Where each sentence's words end in `words`.
    ends: Vec<usize>,
}

impl<'text> SentenceWords<'text> {
    /// Segments each of `sentences` into words.
    pub fn new(sentences: &[&'text str]) -> Self {
        let bytes: usize = sentences.iter().map(|sentence| sentence.len()).sum();
        let mut words = Vec::with_capacity(bytes / BYTES_PER_WORD);
        let ends = sentences
            .iter()
            .map(|sentence| {
                self::words(sentence).for_each(|word| words.push(word));
                words.len()
            })
            .collect();
        SentenceWords { words, ends }
    }

    /// The words of sentence `index`, in order.
    pub fn get(&self, index: usize) -> &[&'text str] {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.words[start..self.ends[index]]
    }
}

/// The longest word that is stemmed, in bytes: longer than any word of the
/// languages read (the longest in the evaluation texts has 46 bytes, a
/// Russian word of 23 letters; German compounds of 60 letters are known).
/// A longer run of letters is no word to stem, and Snowball's stemmers take
/// time growing with the square of a word's length: one of 400 000 letters
/// took seconds.
pub const MAX_STEMMED_WORD_BYTES: usize = 128;

/// Turns words into terms for one language.
pub struct TermAnalyzer {
    stemmer: WordStemmer,
    stop_words: &'static FxHashSet<&'static str>,
}

/// A ready stemmer: Snowball's are built once per analyzer.
enum WordStemmer {
    Snowball(Stemmer),
    Ukrainian,
    None,
}

impl TermAnalyzer {
    /// An analyzer with the language's stemmer and stop words.
    pub fn new(language: Language) -> Self {
        TermAnalyzer::with_stemming(language, language.stemmer())
    }

    /// An analyzer with the language's stop words and the given stemming,
    /// for measuring what a stemmer changes.
    pub fn with_stemming(language: Language, stemming: Stemming) -> Self {
        TermAnalyzer {
            stemmer: match stemming {
                Stemming::Snowball(algorithm) => WordStemmer::Snowball(Stemmer::create(algorithm)),
                Stemming::Ukrainian => WordStemmer::Ukrainian,
                Stemming::None => WordStemmer::None,
            },
            stop_words: language.stop_words(),
        }
    }

    /// The term of one word: lowercased and stemmed, or `None` for a stop
    /// word.
    pub fn term(&self, word: &str) -> Option<String> {
        self.lowercase_term(&word.to_lowercase())
    }

    /// The term of a word already lowercased, for callers that lowercase it
    /// for a lookup of their own first. A word longer than
    /// [`MAX_STEMMED_WORD_BYTES`] is its own term.
    pub fn lowercase_term(&self, lower: &str) -> Option<String> {
        if lower.len() > MAX_STEMMED_WORD_BYTES {
            return Some(lower.to_string());
        }
        if self.stop_words.contains(lower) {
            return None;
        }
        Some(match &self.stemmer {
            WordStemmer::Snowball(stemmer) => stemmer.stem(lower).into_owned(),
            WordStemmer::Ukrainian => stem_uk::stem(lower).into_owned(),
            WordStemmer::None => lower.to_string(),
        })
    }

    /// The terms of `text`, in order, repeats included.
    pub fn terms(&self, text: &str) -> Vec<String> {
        words(text).filter_map(|word| self.term(word)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_unicode_words_not_punctuation() {
        assert_eq!(count_words("Hello, world — it's 3.5 degrees!"), 5);
        assert_eq!(count_words("Привіт, світе!"), 2);
        assert_eq!(count_words("?! 🙂 --"), 0);
    }

    #[test]
    fn english_terms_are_stemmed_lowercase_content_words() {
        let analyzer = TermAnalyzer::new(Language::English);
        assert_eq!(analyzer.terms("The Elections were held"), ["elect", "held"]);
        assert_eq!(analyzer.terms("election"), ["elect"]);
    }

    #[test]
    fn ukrainian_terms_are_stemmed_lowercase_content_words() {
        let analyzer = TermAnalyzer::new(Language::Ukrainian);
        assert_eq!(
            analyzer.terms("Переговори та Угода про угоди"),
            ["переговор", "угод", "угод"]
        );
    }

    #[test]
    fn a_word_longer_than_any_real_one_is_its_own_term() {
        let analyzer = TermAnalyzer::new(Language::English);
        let long = "Y".repeat(MAX_STEMMED_WORD_BYTES + 1);
        assert_eq!(analyzer.terms(&long), [long.to_lowercase()]);
        let stemmed = format!("{}ings", "a".repeat(MAX_STEMMED_WORD_BYTES - 4));
        assert_ne!(
            analyzer.terms(&stemmed),
            [stemmed],
            "up to the limit, stemmed"
        );
    }

    #[test]
    fn undetermined_terms_are_every_word_lowercased() {
        let analyzer = TermAnalyzer::new(Language::Undetermined);
        assert_eq!(
            analyzer.terms("Rada i miasto, the Rady"),
            ["rada", "i", "miasto", "the", "rady"]
        );
    }
}
