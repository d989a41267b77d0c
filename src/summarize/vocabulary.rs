//! Term ids of one document. Each distinct word is lowercased, checked
//! against the stop words and stemmed once, however often it occurs: news
//! repeats its words, so most tokens cost one hash lookup.

use rustc_hash::FxHashMap;

use crate::text::{Language, TermAnalyzer, words};

/// The terms met so far, numbered in order of first appearance.
pub struct Vocabulary<'text> {
    analyzer: TermAnalyzer,
    /// What each word as written became: its term's id, or `None` for a
    /// stop word.
    by_word: FxHashMap<&'text str, Option<u32>>,
    by_term: FxHashMap<String, u32>,
}

impl<'text> Vocabulary<'text> {
    /// An empty vocabulary read with `language`'s stemmer and stop words.
    pub fn new(language: Language) -> Self {
        Vocabulary {
            analyzer: TermAnalyzer::new(language),
            by_word: FxHashMap::default(),
            by_term: FxHashMap::default(),
        }
    }

    /// Appends the term ids of `text` to `ids`, in order, repeats included,
    /// and returns how many words `text` has.
    pub fn read(&mut self, text: &'text str, ids: &mut Vec<u32>) -> usize {
        let mut word_count = 0;
        for word in words(text) {
            word_count += 1;
            if let Some(id) = self.id(word) {
                ids.push(id);
            }
        }
        word_count
    }

    /// How many distinct terms have been met.
    pub fn len(&self) -> usize {
        self.by_term.len()
    }

    fn id(&mut self, word: &'text str) -> Option<u32> {
        if let Some(&id) = self.by_word.get(word) {
            return id;
        }
        let id = self.analyzer.term(word).map(|term| {
            let next = u32::try_from(self.by_term.len()).unwrap_or(u32::MAX);
            *self.by_term.entry(term).or_insert(next)
        });
        self.by_word.insert(word, id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_one_term_share_an_id_and_stop_words_have_none() {
        let mut vocabulary = Vocabulary::new(Language::English);
        let mut ids = Vec::new();
        let words = vocabulary.read("The Elections and the election, elections!", &mut ids);
        assert_eq!(words, 6);
        assert_eq!(ids, [0, 0, 0]);
        assert_eq!(vocabulary.read("Votes were counted", &mut ids), 3);
        assert_eq!(ids, [0, 0, 0, 1, 2]);
        assert_eq!(vocabulary.len(), 3);
    }
}
