//! Term ids of one document. Each distinct word is lowercased, checked
//! against the stop words and stemmed once per thread, however often it
//! occurs and in however many documents: news repeats its words, so most
//! tokens cost one hash lookup. A word longer than any real one is not
//! remembered past its document, so what a thread keeps is bounded in
//! bytes whatever it reads.

use std::cell::RefCell;
use std::collections::hash_map::Entry;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use crate::text::{Language, MAX_STEMMED_WORD_BYTES, TermAnalyzer, lowercase};

/// The bytes of words and terms one thread remembers before it starts
/// afresh, which bounds its memory whatever it reads. A thousand news
/// articles bring about 34 000 distinct words, about 5 MB; with room for
/// fewer, the thread forgot and stemmed again the words of every few
/// hundred articles.
const REMEMBERED_BYTES: usize = 8 * 1024 * 1024;

/// What remembering one word or term costs besides its own bytes: its
/// entry in a hash table, with the table's spare room.
const ENTRY_BYTES: usize = 64;

/// The most words a document's own tables are sized for at the start.
const MAX_PRESIZED_WORDS: usize = 50_000;

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
    /// About how much memory the two tables hold.
    bytes: usize,
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
    /// The document's id of each word too long to stem, lowercased: such
    /// words are the document's alone and never join the thread's tables.
    long_words: FxHashMap<String, u32>,
}

impl<'text> Vocabulary<'text> {
    /// An empty vocabulary read with `language`'s stemmer and stop words,
    /// with room for the words of about `text_bytes` of text.
    pub fn new(language: Language, text_bytes: usize) -> Self {
        let known = KNOWN.with_borrow_mut(|known| {
            if known.values().map(|terms| terms.bytes).sum::<usize>() > REMEMBERED_BYTES {
                known.clear();
            }
            known.remove(&language).unwrap_or_default()
        });
        let distinct_words = (text_bytes / BYTES_PER_DISTINCT_WORD).min(MAX_PRESIZED_WORDS);
        Vocabulary {
            language,
            analyzer: TermAnalyzer::new(language),
            known,
            by_word: FxHashMap::with_capacity_and_hasher(distinct_words, Default::default()),
            local: FxHashMap::with_capacity_and_hasher(distinct_words, Default::default()),
            long_words: FxHashMap::default(),
        }
    }

    /// Appends the term ids of `words` to `ids`, in order, repeats
    /// included.
    pub fn read(&mut self, words: &[&'text str], ids: &mut Vec<u32>) {
        ids.extend(words.iter().filter_map(|word| self.id(word)));
    }

    /// How many distinct terms have been met.
    pub fn len(&self) -> usize {
        self.local.len() + self.long_words.len()
    }

    fn id(&mut self, word: &'text str) -> Option<u32> {
        let next = u32::try_from(self.len()).unwrap_or(u32::MAX);
        let vacant = match self.by_word.entry(word) {
            Entry::Occupied(occupied) => return *occupied.get(),
            Entry::Vacant(vacant) => vacant,
        };
        let id = if word.len() > MAX_STEMMED_WORD_BYTES {
            let term = lowercase(word).into_owned();
            Some(*self.long_words.entry(term).or_insert(next))
        } else {
            self.known
                .term(&self.analyzer, word)
                .map(|term| *self.local.entry(term).or_insert(next))
        };
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
            match self.by_term.entry(term) {
                Entry::Occupied(occupied) => *occupied.get(),
                Entry::Vacant(vacant) => {
                    self.bytes += vacant.key().len() + ENTRY_BYTES;
                    *vacant.insert(next)
                }
            }
        });
        self.remember(word, term);
        if capitalised {
            self.remember(&lower, term);
        }
        term
    }

    fn remember(&mut self, word: &str, term: Option<u32>) {
        self.bytes += word.len() + ENTRY_BYTES;
        self.by_word.insert(word.into(), term);
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
    fn long_words_have_ids_but_are_not_remembered_by_the_thread() {
        let long = "y".repeat(MAX_STEMMED_WORD_BYTES + 1);
        let capitalised = long.to_uppercase();
        let text = format!("Ferries {long} sail {capitalised} {long}");
        let mut vocabulary = Vocabulary::new(Language::English, 0);
        let mut ids = Vec::new();
        vocabulary.read(&words(&text), &mut ids);
        assert_eq!(ids, [0, 1, 2, 1, 1]);
        drop(vocabulary);
        let remembered = KNOWN.with_borrow(|known| {
            known[&Language::English]
                .by_word
                .keys()
                .any(|word| word.len() > MAX_STEMMED_WORD_BYTES)
        });
        assert!(!remembered);
    }

    #[test]
    fn what_a_thread_remembers_stays_within_its_bytes() {
        let text: String = (0..REMEMBERED_BYTES / ENTRY_BYTES)
            .map(|i| format!("w{i} "))
            .collect();
        let mut vocabulary = Vocabulary::new(Language::English, 0);
        vocabulary.read(&words(&text), &mut Vec::new());
        drop(vocabulary);
        drop(Vocabulary::new(Language::German, 0));
        let bytes: usize = KNOWN.with_borrow(|known| known.values().map(|terms| terms.bytes).sum());
        assert_eq!(bytes, 0, "a thread over its bytes starts afresh");
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
