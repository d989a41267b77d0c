//! The languages Precis reads, and everything that differs between them:
//! stemmer, stop words, segmentation rules and reading speed.
//!
//! A [`Language`] is parsed from a BCP-47 code or detected from the text
//! (see [`super::detect`]); segmentation rules live in [`super::rules`],
//! and the rest of the core asks a language for its stemmer, stop words and
//! reading speed instead of matching on languages. [`Language::Undetermined`] reads a text
//! language-neutrally, for languages Precis has no rules for.

use std::fmt;
use std::sync::OnceLock;

use rust_stemmers::Algorithm;
use rustc_hash::FxHashSet;

/// A language Precis can segment, stem and filter for stop words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// Arabic.
    Arabic,
    /// Danish.
    Danish,
    /// Dutch.
    Dutch,
    /// English.
    English,
    /// Finnish.
    Finnish,
    /// French.
    French,
    /// German.
    German,
    /// Greek.
    Greek,
    /// Hungarian.
    Hungarian,
    /// Italian.
    Italian,
    /// Norwegian (Bokmål and Nynorsk).
    Norwegian,
    /// Portuguese.
    Portuguese,
    /// Romanian.
    Romanian,
    /// Russian.
    Russian,
    /// Spanish.
    Spanish,
    /// Swedish.
    Swedish,
    /// Tamil.
    Tamil,
    /// Turkish.
    Turkish,
    /// Ukrainian (no Snowball stemmer exists; a light stemmer of our own).
    Ukrainian,
    /// No language in particular ("und"): no stemming, no stop words and
    /// only the segmentation rules that hold in every language. Used when
    /// the text's language is not one Precis reads or cannot be told.
    Undetermined,
}

/// Why a language code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguageError {
    /// The code is not a well-formed BCP-47 tag.
    #[error("{0:?} is not a BCP-47 language code such as \"en\" or \"en-US\"")]
    Malformed(String),
    /// The code is well formed but names a language Precis does not read.
    #[error("language {0:?} is not supported; supported: {list}", list = Language::supported_codes().join(", "))]
    Unsupported(String),
}

/// The longest tag accepted: a language, script, region and a few
/// variants or extensions fit well within it.
const MAX_TAG_BYTES: usize = 64;

/// Whether `code` has the shape of a BCP-47 tag: a primary subtag of two or
/// three letters, then subtags of one to eight letters or digits, joined by
/// `-` (or `_`), at most 64 bytes (`MAX_TAG_BYTES`) in all.
pub fn is_well_formed_tag(code: &str) -> bool {
    let mut subtags = code.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    code.len() <= MAX_TAG_BYTES
        && (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl Language {
    /// Every language with rules of its own, for listings and detection.
    pub const ALL: [Language; 19] = [
        Language::Arabic,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hungarian,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Spanish,
        Language::Swedish,
        Language::Tamil,
        Language::Turkish,
        Language::Ukrainian,
    ];

    /// Parses a BCP-47 tag; only its primary language subtag matters
    /// (`en-GB` reads as English). Three-letter ISO 639-2 codes are accepted,
    /// and "und" asks for language-neutral reading.
    pub fn from_code(code: &str) -> Result<Language, LanguageError> {
        if !is_well_formed_tag(code) {
            return Err(LanguageError::Malformed(code.to_string()));
        }
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if primary == Language::Undetermined.code() {
            return Ok(Language::Undetermined);
        }
        Language::ALL
            .into_iter()
            .find(|language| {
                language.code() == primary || language.iso639_2().contains(&primary.as_str())
            })
            .ok_or_else(|| LanguageError::Unsupported(code.to_string()))
    }

    /// The ISO 639-1 code, as used in responses.
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::Danish => "da",
            Language::Dutch => "nl",
            Language::English => "en",
            Language::Finnish => "fi",
            Language::French => "fr",
            Language::German => "de",
            Language::Greek => "el",
            Language::Hungarian => "hu",
            Language::Italian => "it",
            Language::Norwegian => "no",
            Language::Portuguese => "pt",
            Language::Romanian => "ro",
            Language::Russian => "ru",
            Language::Spanish => "es",
            Language::Swedish => "sv",
            Language::Tamil => "ta",
            Language::Turkish => "tr",
            Language::Ukrainian => "uk",
            Language::Undetermined => "und",
        }
    }

    /// Other codes that name the same language: ISO 639-2 (B and T) and,
    /// for Norwegian, the written standards.
    fn iso639_2(self) -> &'static [&'static str] {
        match self {
            Language::Arabic => &["ara"],
            Language::Danish => &["dan"],
            Language::Dutch => &["nld", "dut"],
            Language::English => &["eng"],
            Language::Finnish => &["fin"],
            Language::French => &["fra", "fre"],
            Language::German => &["deu", "ger"],
            Language::Greek => &["ell", "gre"],
            Language::Hungarian => &["hun"],
            Language::Italian => &["ita"],
            Language::Norwegian => &["nor", "nb", "nn", "nob", "nno"],
            Language::Portuguese => &["por"],
            Language::Romanian => &["ron", "rum"],
            Language::Russian => &["rus"],
            Language::Spanish => &["spa"],
            Language::Swedish => &["swe"],
            Language::Tamil => &["tam"],
            Language::Turkish => &["tur"],
            Language::Ukrainian => &["ukr"],
            Language::Undetermined => &[],
        }
    }

    /// The codes of all supported languages, for error messages and docs.
    pub fn supported_codes() -> Vec<&'static str> {
        Language::ALL
            .iter()
            .map(|language| language.code())
            .collect()
    }

    /// How the language's words are reduced to stems.
    pub fn stemmer(self) -> Stemming {
        Stemming::Snowball(match self {
            Language::Arabic => Algorithm::Arabic,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::English => Algorithm::English,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
            Language::Ukrainian => return Stemming::Ukrainian,
            Language::Undetermined => return Stemming::None,
        })
    }

    /// The language's stop words (lowercase), built once per process; none
    /// for [`Language::Undetermined`], since no list holds in every language.
    pub fn stop_words(self) -> &'static FxHashSet<&'static str> {
        static NONE: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
        static SETS: OnceLock<Vec<FxHashSet<&'static str>>> = OnceLock::new();
        let Some(index) = self.index() else {
            return NONE.get_or_init(FxHashSet::default);
        };
        let sets = SETS.get_or_init(|| {
            Language::ALL
                .iter()
                .map(|language| {
                    stop_words::lookup(language.code())
                        .unwrap_or_default()
                        .iter()
                        .copied()
                        .collect()
                })
                .collect()
        });
        &sets[index]
    }

    /// Average silent reading speed of adults in words per minute, from the
    /// IReST study of reading speed in 17 languages; languages it did not
    /// cover use its overall mean (184).
    pub fn words_per_minute(self) -> f64 {
        match self {
            Language::Arabic => 138.0,
            Language::Dutch => 202.0,
            Language::English => 228.0,
            Language::Finnish => 161.0,
            Language::French => 195.0,
            Language::German => 179.0,
            Language::Italian => 188.0,
            Language::Portuguese => 181.0,
            Language::Russian => 184.0,
            Language::Spanish => 218.0,
            Language::Swedish => 218.0,
            Language::Turkish => 166.0,
            _ => 184.0,
        }
    }

    /// The detector's name for the language; `None` for
    /// [`Language::Undetermined`].
    pub(super) fn whatlang(self) -> Option<whatlang::Lang> {
        use whatlang::Lang;
        Some(match self {
            Language::Arabic => Lang::Ara,
            Language::Danish => Lang::Dan,
            Language::Dutch => Lang::Nld,
            Language::English => Lang::Eng,
            Language::Finnish => Lang::Fin,
            Language::French => Lang::Fra,
            Language::German => Lang::Deu,
            Language::Greek => Lang::Ell,
            Language::Hungarian => Lang::Hun,
            Language::Italian => Lang::Ita,
            Language::Norwegian => Lang::Nob,
            Language::Portuguese => Lang::Por,
            Language::Romanian => Lang::Ron,
            Language::Russian => Lang::Rus,
            Language::Spanish => Lang::Spa,
            Language::Swedish => Lang::Swe,
            Language::Tamil => Lang::Tam,
            Language::Turkish => Lang::Tur,
            Language::Ukrainian => Lang::Ukr,
            Language::Undetermined => return None,
        })
    }

    /// The language's position in [`Language::ALL`].
    pub(super) fn index(self) -> Option<usize> {
        Language::ALL.iter().position(|&language| language == self)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How a language's words are reduced to stems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemming {
    /// A Snowball stemmer of `rust-stemmers`.
    Snowball(Algorithm),
    /// The light suffix stripper of the `stem_uk` module.
    Ukrainian,
    /// Words are compared as they are, lowercased.
    None,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_primary_subtag_of_bcp47_codes() {
        assert_eq!(Language::from_code("en"), Ok(Language::English));
        assert_eq!(Language::from_code("en-GB"), Ok(Language::English));
        assert_eq!(Language::from_code("RU"), Ok(Language::Russian));
        assert_eq!(Language::from_code("ukr"), Ok(Language::Ukrainian));
        assert_eq!(Language::from_code("nb-NO"), Ok(Language::Norwegian));
    }

    #[test]
    fn refuses_malformed_and_unsupported_codes() {
        assert!(matches!(
            Language::from_code(""),
            Err(LanguageError::Malformed(_))
        ));
        assert!(matches!(
            Language::from_code("english"),
            Err(LanguageError::Malformed(_))
        ));
        assert!(matches!(
            Language::from_code("e1"),
            Err(LanguageError::Malformed(_))
        ));
        assert!(matches!(
            Language::from_code("en-"),
            Err(LanguageError::Malformed(_))
        ));
        assert!(matches!(
            Language::from_code("xx"),
            Err(LanguageError::Unsupported(_))
        ));
        assert!(matches!(
            Language::from_code("ja"),
            Err(LanguageError::Unsupported(_))
        ));
    }

    #[test]
    fn und_reads_neutrally() {
        assert_eq!(Language::from_code("und"), Ok(Language::Undetermined));
        assert_eq!(Language::Undetermined.stemmer(), Stemming::None);
        assert!(Language::Undetermined.stop_words().is_empty());
        assert!(!Language::ALL.contains(&Language::Undetermined));
    }

    #[test]
    fn every_language_has_a_stemmer_and_stop_words() {
        for language in Language::ALL {
            let expected_snowball = language != Language::Ukrainian;
            assert_eq!(
                matches!(language.stemmer(), Stemming::Snowball(_)),
                expected_snowball,
                "{language}"
            );
            assert!(
                !language.stop_words().is_empty(),
                "{language} has no stop words"
            );
        }
    }
}
