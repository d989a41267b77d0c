//! Words that a full stop follows without ending the sentence.
//!
//! Written for news prose. Three kinds matter: titles, which always precede a
//! name ("Dr. Smith"); words that precede a number ("No. 1", "Sept. 11"); and
//! ambiguous abbreviations ("Inc.", "U.S.", "a.m.") that end a sentence only
//! when the next word is one a sentence typically starts with.

use std::collections::HashSet;
use std::sync::OnceLock;

/// One language's abbreviation lists, all lowercase and without the final
/// full stop ("e.g" for "e.g.").
#[derive(Debug, Default)]
pub struct Abbreviations {
    titles: HashSet<&'static str>,
    before_numbers: HashSet<&'static str>,
    ambiguous: HashSet<&'static str>,
    sentence_starters: HashSet<&'static str>,
}

impl Abbreviations {
    fn new(
        titles: &[&'static str],
        before_numbers: &[&'static str],
        ambiguous: &[&'static str],
        sentence_starters: &[&'static str],
    ) -> Self {
        Abbreviations {
            titles: titles.iter().copied().collect(),
            before_numbers: before_numbers.iter().copied().collect(),
            ambiguous: ambiguous.iter().copied().collect(),
            sentence_starters: sentence_starters.iter().copied().collect(),
        }
    }

    /// A title such as "mr" never ends a sentence.
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(word)
    }

    /// A word such as "no" or "sept" does not end a sentence before a number.
    pub fn precedes_numbers(&self, word: &str) -> bool {
        self.before_numbers.contains(word)
    }

    /// An abbreviation that may or may not end a sentence.
    pub fn is_ambiguous(&self, word: &str) -> bool {
        self.ambiguous.contains(word)
    }

    /// A word that usually opens a sentence, so an ambiguous abbreviation
    /// before it ends the previous one.
    pub fn starts_sentences(&self, word: &str) -> bool {
        self.sentence_starters.contains(word)
    }
}

/// The lists for languages that have none yet: only the language-neutral
/// rules (initials, dotted abbreviations, lowercase continuations) apply.
pub fn none() -> &'static Abbreviations {
    static NONE: OnceLock<Abbreviations> = OnceLock::new();
    NONE.get_or_init(Abbreviations::default)
}

/// English abbreviations as they occur in news.
pub fn english() -> &'static Abbreviations {
    static ENGLISH: OnceLock<Abbreviations> = OnceLock::new();
    ENGLISH.get_or_init(|| {
        Abbreviations::new(
            &[
                "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "gen", "sen", "rep",
                "gov", "lt", "col", "capt", "cmdr", "adm", "maj", "sgt", "cpl", "pvt", "brig",
                "rev", "hon", "pres", "supt", "insp", "det", "vs", "v", "cf", "viz", "e.g", "i.e",
                "approx", "fig", "figs", "nos", "pp", "vol", "vols",
            ],
            &[
                "no", "art", "sec", "ch", "chap", "p", "op", "tel", "jan", "feb", "mar", "apr",
                "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "rd", "tue", "wed", "thu",
                "fri", "sat", "sun", "mon", "ca", "c", "nr",
            ],
            &[
                "inc", "ltd", "co", "corp", "plc", "llc", "bros", "etc", "u.s", "u.k", "u.n",
                "e.u", "d.c", "a.m", "p.m", "ph.d", "b.a", "m.a", "m.d", "b.c", "a.d", "jan",
                "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
                "mon", "tue", "wed", "thu", "fri", "sat", "sun", "st", "ste", "mt", "ft", "sr",
                "jr", "al", "est", "dept", "ed", "eds", "ave", "blvd",
            ],
            &[
                "a",
                "an",
                "the",
                "he",
                "she",
                "it",
                "they",
                "we",
                "i",
                "you",
                "his",
                "her",
                "its",
                "their",
                "our",
                "my",
                "your",
                "this",
                "that",
                "these",
                "those",
                "there",
                "but",
                "and",
                "or",
                "so",
                "yet",
                "in",
                "on",
                "at",
                "for",
                "with",
                "after",
                "before",
                "when",
                "while",
                "if",
                "as",
                "although",
                "though",
                "because",
                "since",
                "however",
                "meanwhile",
                "also",
                "then",
                "now",
                "still",
                "some",
                "many",
                "most",
                "one",
                "what",
                "who",
                "why",
                "how",
                "where",
                "last",
                "earlier",
                "later",
                "today",
                "yesterday",
            ],
        )
    })
}
