//! Term ids of one document. Each distinct word is lowercased, checked
//! against the stop words and stemmed once per thread, however often it
//! occurs and in however many documents: news repeats its words, so most
//! tokens cost one hash lookup.

use std::cell::RefCell;
use std::collections::hash_map::Entry;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use crate::text::{Language, TermAnalyzer, lowercase};

/// The words one thread remembers before it starts afresh, which bounds its
/// memory (about 7 MB) whatever it reads. A thousand news articles bring
/// about 34 000 distinct words; with room for fewer, the thread forgot and
/// stemmed again the words of every few hundred articles.
const REMEMBERED_WORDS: usize = 50_000;

/// About how many bytes of news bring one new distinct word.
const BYTES_PER_DISTINCT_WORD: usize = 10;

/// What a thread has learnt of one language's words: each word's term as a
/// number that stays the same from document to document.
#[derive(Default)]
struct KnownTerms {
    /// The term each word as written became, `None` for a stop word. Words
    /// of up to 24 bytes, nearly all, are kept inside the table: comparing
    /// a key then reads no memory of its own, which in a table of tens of
    /// thousands of words would mostly miss the cache.
    by_word: FxHashMap<CompactString, Option<u32>>,
    /// The number of each term.
    by_term: FxHashMap<String, u32>,
}

thread_local! {
    static KNOWN: RefCell<FxHashMap<Language, KnownTerms>> = RefCell::default();
}

/// The terms met so far in one document, numbered in order of first
/// appearance.
pub struct Vocabulary<'text> {
    language: Language,
    analyzer: TermAnalyzer,
    /// What the thread knows of the language, held here while the
    /// document is read and given back when it is dropped.
    known: KnownTerms,
    /// The document's term id of each word as written, `None` for a stop word.
    by_word: FxHashMap<&'text str, Option<u32>>,
    /// The document's id of each of the thread's term numbers.
    local: FxHashMap<u32, u32>,
}

impl<'text> Vocabulary<'text> {
    /// An empty vocabulary read with `language`'s stemmer and stop words,
    /// with room for the words of about `text_bytes` of text.
    pub fn new(language: Language, text_bytes: usize) -> Self {
        let known = KNOWN.with_borrow_mut(|known| {
            if known
                .values()
                .map(|terms| terms.by_word.len())
                .sum::<usize>()
                > REMEMBERED_WORDS
            {
                known.clear();
            }
            known.remove(&language).unwrap_or_default()
        });
        let distinct_words = (text_bytes / BYTES_PER_DISTINCT_WORD).min(REMEMBERED_WORDS);
        Vocabulary {
            language,
            analyzer: TermAnalyzer::new(language),
            known,
            by_word: FxHashMap::with_capacity_and_hasher(distinct_words, Default::default()),
            local: FxHashMap::with_capacity_and_hasher(distinct_words, Default::default()),
        }
    }

    /// Appends the term ids of `words` to `ids`, in order, repeats
    /// included.
    pub fn read(&mut self, words: &[&'text str], ids: &mut Vec<u32>) {
        ids.extend(words.iter().filter_map(|word| self.id(word)));
    }

    /// How many distinct terms have been met.
    pub fn len(&self) -> usize {
        self.local.len()
    }

    fn id(&mut self, word: &'text str) -> Option<u32> {
        let vacant = match self.by_word.entry(word) {
            Entry::Occupied(occupied) => return *occupied.get(),
            Entry::Vacant(vacant) => vacant,
        };
        let id = self.known.term(&self.analyzer, word).map(|term| {
            let next = u32::try_from(self.local.len()).unwrap_or(u32::MAX);
            *self.local.entry(term).or_insert(next)
        });
        *vacant.insert(id)
    }
}

impl Drop for Vocabulary<'_> {
    fn drop(&mut self) {
        let known = std::mem::take(&mut self.known);
        KNOWN.with_borrow_mut(|thread| thread.insert(self.language, known));
    }
}

impl KnownTerms {
    /// The thread's number of the term of `word`, stemming it with
    /// `analyzer` if it is new. A capitalised form ("Elections" opening a
    /// sentence) takes the term of its lowercase form when that one is
    /// known, and teaches it otherwise, so each spelling is stemmed once.
    fn term(&mut self, analyzer: &TermAnalyzer, word: &str) -> Option<u32> {
        if let Some(&term) = self.by_word.get(word) {
            return term;
        }
        let lower = lowercase(word);
        let capitalised = lower != word;
        if capitalised && let Some(&term) = self.by_word.get(lower.as_ref()) {
            self.by_word.insert(word.into(), term);
            return term;
        }
        let term = analyzer.lowercase_term(&lower).map(|term| {
            let next = u32::try_from(self.by_term.len()).unwrap_or(u32::MAX);
            *self.by_term.entry(term).or_insert(next)
        });
        self.by_word.insert(word.into(), term);
        if capitalised {
            self.by_word.insert(lower.as_ref().into(), term);
        }
        term
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        crate::text::words(text).collect()
    }

    #[test]
    fn forms_of_one_term_share_an_id_and_stop_words_have_none() {
        for _ in 0..2 {
            let mut vocabulary = Vocabulary::new(Language::English, 0);
            let mut ids = Vec::new();
            vocabulary.read(
                &words("The Elections and the election, elections!"),
                &mut ids,
            );
            assert_eq!(ids, [0, 0, 0]);
            vocabulary.read(&words("Votes were counted"), &mut ids);
            assert_eq!(ids, [0, 0, 0, 1, 2]);
            assert_eq!(vocabulary.len(), 3);
        }
    }

    #[test]
    fn ids_follow_each_document_not_the_thread() {
        let mut ids = Vec::new();
        Vocabulary::new(Language::English, 0).read(&words("Ferries sail"), &mut ids);
        let mut vocabulary = Vocabulary::new(Language::English, 0);
        ids.clear();
        vocabulary.read(&words("Sailing ferry"), &mut ids);
        assert_eq!(ids, [0, 1], "numbered in this document's order");
    }
}
