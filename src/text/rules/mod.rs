//! Each language's segmentation rules: the words a full stop follows
//! without ending the sentence, and how the language writes ordinals.
//!
//! Written for news prose. Three kinds of abbreviation matter: titles, which
//! always precede a name ("Dr. Smith", "проф. Иванов"); words that precede a
//! number ("No. 1", "ст. 5"); and ambiguous abbreviations ("Inc.", "U.S.",
//! "г.") that end a sentence only when the next word is one a sentence
//! typically starts with. One file per language holds its lists.

mod de;
mod en;
mod es;
mod fr;
mod lists;
mod ru;
mod uk;

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::language::Language;
use super::tokens::lowercase;
use lists::{Lists, PageLists};

/// One language's rules, ready for lookups.
#[derive(Debug, Default)]
pub struct Rules {
    titles: FxHashSet<&'static str>,
    before_numbers: FxHashSet<&'static str>,
    ambiguous: FxHashSet<&'static str>,
    sentence_starters: FxHashSet<&'static str>,
    list_closers: FxHashSet<&'static str>,
    number_closers: FxHashSet<&'static str>,
    ordinal_full_stop: bool,
    closings: &'static [&'static str],
    greetings: &'static [&'static str],
    openers: &'static [&'static str],
    interjections: FxHashSet<&'static str>,
    adverb_endings: &'static [&'static str],
    /// The first words of the closings, greetings and openers.
    phrase_starts: FxHashSet<&'static [u8]>,
    /// The length in bytes of the longest of `phrase_starts`.
    longest_phrase_start: usize,
    /// Which bytes open one of `phrase_starts`, ASCII lowercased, one bit
    /// a byte: most tokens are turned away by their first byte.
    phrase_first_bytes: [u64; 4],
    leaning: FxHashSet<&'static str>,
    caption_marks: FxHashSet<&'static str>,
    /// The length in characters of the longest caption mark, so that
    /// longer asides are passed over without being lowercased.
    longest_caption_mark: usize,
    caption_openers: &'static [&'static str],
}

impl Rules {
    fn new(lists: &Lists) -> Self {
        let set = |words: &[&'static str]| words.iter().copied().collect();
        let phrase_starts: FxHashSet<&'static [u8]> =
            [lists.closings, lists.greetings, lists.openers]
                .concat()
                .into_iter()
                .filter_map(|phrase| phrase.trim_end_matches(',').split(' ').next())
                .map(str::as_bytes)
                .collect();
        let mut phrase_first_bytes = [0u64; 4];
        for word in &phrase_starts {
            if let Some(&first) = word.first() {
                let byte = first.to_ascii_lowercase();
                phrase_first_bytes[usize::from(byte / 64)] |= 1 << (byte % 64);
            }
        }
        Rules {
            phrase_first_bytes,
            longest_phrase_start: phrase_starts
                .iter()
                .map(|word| word.len())
                .max()
                .unwrap_or(0),
            phrase_starts,
            titles: set(lists.titles),
            before_numbers: set(lists.before_numbers),
            ambiguous: set(lists.ambiguous),
            sentence_starters: set(lists.sentence_starters),
            list_closers: set(lists.list_closers),
            number_closers: set(lists.number_closers),
            ordinal_full_stop: lists.ordinal_full_stop,
            closings: lists.closings,
            greetings: lists.greetings,
            openers: lists.openers,
            interjections: set(lists.interjections),
            adverb_endings: lists.adverb_endings,
            leaning: set(lists.leaning),
            caption_marks: set(lists.caption_marks),
            longest_caption_mark: lists
                .caption_marks
                .iter()
                .map(|mark| mark.chars().count())
                .max()
                .unwrap_or(0),
            caption_openers: lists.caption_openers,
        }
    }

    /// Whether a sentence opening with `first` and `second` (its first two
    /// words, lowercase) leans on the sentence before it.
    pub fn leans_back(&self, first: &str, second: Option<&str>) -> bool {
        self.leaning.contains(first)
            || second
                .is_some_and(|second| self.leaning.contains(format!("{first} {second}").as_str()))
    }

    /// Whether `aside`, the words between brackets or commas in any case,
    /// point at a picture as captions do ("Left", "pictured").
    pub fn is_caption_mark(&self, aside: &str) -> bool {
        // Lowercasing never makes fewer characters, so an aside of more
        // characters than the longest mark is none.
        aside.chars().count() <= self.longest_caption_mark
            && self.caption_marks.contains(lowercase(aside).as_ref())
    }

    /// The ways a caption may open, lowercase ("pictured:").
    pub fn caption_openers(&self) -> &'static [&'static str] {
        self.caption_openers
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

    /// An abbreviation such as "etc" that ends a sentence before a capital.
    pub fn closes_lists(&self, word: &str) -> bool {
        self.list_closers.contains(word)
    }

    /// A unit or year abbreviation such as "г" that closes a phrase after a
    /// number.
    pub fn closes_numbers(&self, word: &str) -> bool {
        self.number_closers.contains(word)
    }

    /// Whether the word is in any of the lists: a known abbreviation.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.titles.contains(word)
            || self.before_numbers.contains(word)
            || self.ambiguous.contains(word)
    }

    /// Whether the language has abbreviation lists, so that a full stop after
    /// any other word can be trusted as a sentence end even before a
    /// lowercase word (informal writing).
    pub fn knows_its_abbreviations(&self) -> bool {
        !self.titles.is_empty()
    }

    /// The phrases that close a letter before the signer's name that may
    /// start at `token`, lowercase, a final comma when the phrase needs one
    /// ("best,"); tried in order, so longer phrases come before their
    /// beginnings. None when no phrase of any list starts with `token`.
    pub fn closings_at(&self, token: &str) -> &'static [&'static str] {
        self.phrases_at(token, self.closings)
    }

    /// The words that open a salutation ("hi", "dear") that may start at
    /// `token`, lowercase.
    pub fn greetings_at(&self, token: &str) -> &'static [&'static str] {
        self.phrases_at(token, self.greetings)
    }

    /// The words that only open sentences when capitalised ("however,"),
    /// lowercase, a final comma when they need one, that may start at
    /// `token`.
    pub fn openers_at(&self, token: &str) -> &'static [&'static str] {
        self.phrases_at(token, self.openers)
    }

    /// `phrases`, or none when no phrase starts with `token`: most tokens
    /// are no phrase's start, which one lookup tells instead of one
    /// comparison a phrase.
    fn phrases_at(&self, token: &str, phrases: &'static [&'static str]) -> &'static [&'static str] {
        if self.may_open_phrase(token) {
            phrases
        } else {
            &[]
        }
    }

    /// Whether `token`, or `token` without its final commas, is the first
    /// word of a closing, greeting or opener in ASCII case-insensitive
    /// comparison, as the phrases are matched.
    fn may_open_phrase(&self, token: &str) -> bool {
        let lookup = |word: &str| {
            let Some(&first) = word.as_bytes().first() else {
                return false;
            };
            let byte = first.to_ascii_lowercase();
            if word.len() > self.longest_phrase_start
                || self.phrase_first_bytes[usize::from(byte / 64)] & (1 << (byte % 64)) == 0
            {
                return false;
            }
            let mut buffer = [0u8; 32];
            let Some(lower) = buffer.get_mut(..word.len()) else {
                return self
                    .phrase_starts
                    .contains(word.to_ascii_lowercase().as_bytes());
            };
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            self.phrase_starts.contains(&*lower)
        };
        let bare = token.trim_end_matches(',');
        lookup(token) || bare.len() < token.len() && lookup(bare)
    }

    /// Whether a lowercase word opening a line before a comma cannot be
    /// the name a message is addressed to: a word that starts sentences, an
    /// interjection or a sentence adverb ("meanwhile", "yes", "sadly").
    pub fn is_not_a_name(&self, word: &str) -> bool {
        self.sentence_starters.contains(word)
            || self.interjections.contains(word)
            || self
                .adverb_endings
                .iter()
                .any(|ending| word.ends_with(ending))
    }

    /// Whether a full stop after a number marks an ordinal, as in German
    /// ("am 3. März", "das 19. Jahrhundert"), rather than a sentence end.
    pub fn ordinal_full_stop(&self) -> bool {
        self.ordinal_full_stop
    }
}

/// Whether a sentence of `language` whose first two words are `first` and
/// `second` leans on the sentence before it (see `Rules::leans_back`).
pub fn leans_back(language: Language, first: &str, second: Option<&str>) -> bool {
    of(language).leans_back(first, second)
}

/// The words of page notices in every language that has them, together:
/// a page's cookie banner or share row is often in another language than
/// its article (an English banner over a Ukrainian story), and a pasted
/// page's language is a guess.
#[derive(Debug)]
pub struct PageWords {
    /// See `PageLists::consent_topics`.
    pub consent_topics: Vec<&'static str>,
    /// See `PageLists::consent_cues`, each split into its words.
    pub consent_cues: Vec<Vec<&'static str>>,
    /// See `PageLists::rights_reserved`, each split into its words.
    pub rights_reserved: Vec<Vec<&'static str>>,
    /// See `PageLists::share`.
    pub share: FxHashSet<&'static str>,
}

/// The page notice words of all languages (see [`PageWords`]).
pub fn page_words() -> &'static PageWords {
    static WORDS: OnceLock<PageWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let all: Vec<Lists> = Language::ALL
            .iter()
            .map(|&language| lists(language))
            .collect();
        let gather = |list: fn(&PageLists) -> &'static [&'static str]| {
            let mut words: Vec<&'static str> = all
                .iter()
                .flat_map(|lists| list(&lists.page))
                .copied()
                .collect();
            words.sort_unstable();
            words.dedup();
            words
        };
        let phrases = |list: fn(&PageLists) -> &'static [&'static str]| {
            gather(list)
                .into_iter()
                .map(|phrase| phrase.split(' ').collect())
                .collect()
        };
        PageWords {
            consent_topics: gather(|page| page.consent_topics),
            consent_cues: phrases(|page| page.consent_cues),
            rights_reserved: phrases(|page| page.rights_reserved),
            share: gather(|page| page.share).into_iter().collect(),
        }
    })
}

/// The rules of `language`. Languages without lists of their own get only
/// the language-neutral rules (initials, dotted abbreviations, lowercase
/// continuations).
pub fn of(language: Language) -> &'static Rules {
    static RULES: OnceLock<Vec<Rules>> = OnceLock::new();
    static NEUTRAL: OnceLock<Rules> = OnceLock::new();
    let Some(index) = language.index() else {
        return NEUTRAL.get_or_init(Rules::default);
    };
    let all = RULES.get_or_init(|| {
        Language::ALL
            .iter()
            .map(|&language| Rules::new(&lists(language)))
            .collect()
    });
    &all[index]
}

fn lists(language: Language) -> Lists {
    match language {
        Language::English => en::LISTS,
        Language::German => de::LISTS,
        Language::French => fr::LISTS,
        Language::Spanish => es::LISTS,
        Language::Russian => ru::LISTS,
        Language::Ukrainian => uk::LISTS,
        // Ordinals written "3." with no lists of abbreviations yet.
        Language::Danish
        | Language::Norwegian
        | Language::Finnish
        | Language::Hungarian
        | Language::Turkish => Lists {
            ordinal_full_stop: true,
            ..Lists::default()
        },
        _ => Lists::default(),
    }
}
