//! Language detection: which language a text is in, how sure that is, and
//! whether Precis has rules for it.
//!
//! The detector (whatlang) knows about 70 languages, far more than Precis
//! reads, so that a Polish or Japanese text is recognised as such and read
//! language-neutrally instead of being forced into the nearest supported
//! language and its wrong stemmer. A guess below [`MIN_CONFIDENCE`] is not
//! trusted either.

use std::sync::OnceLock;

use super::language::Language;

/// What detection found in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// The language to read the text in: the detected one when Precis has
    /// rules for it and the guess is confident, else
    /// [`Language::Undetermined`].
    pub language: Language,
    /// The detector's best guess as a BCP-47 primary language subtag ("ja"),
    /// supported or not; "und" when the text gave no signal.
    pub code: &'static str,
    /// How sure the detector is of `code`, from 0 to 1.
    pub confidence: f64,
}

impl Detection {
    /// Whether the detected language was not used: unsupported, unsure, or
    /// nothing detected.
    pub fn is_fallback(&self) -> bool {
        self.language == Language::Undetermined
    }
}

/// Below this confidence a guess is reported but not used. whatlang's own
/// threshold for a "reliable" answer is 0.9; treebank sentences show that
/// its guesses for supported languages are right far more often than that
/// down to about 0.5 (see docs/languages.md).
pub const MIN_CONFIDENCE: f64 = 0.5;

/// How much of a text detection reads: enough for a confident guess, little
/// enough to stay cheap on a 1 MB document.
const SAMPLE_BYTES: usize = 4096;

/// Pieces a long text's sample is taken from, spread evenly over it, so that
/// a mixed-language document is judged by its dominant language rather
/// than by its opening.
const SAMPLE_PIECES: usize = 4;

/// Detects the language of `text`.
pub fn detect(text: &str) -> Detection {
    static DETECTOR: OnceLock<whatlang::Detector> = OnceLock::new();
    let detector = DETECTOR.get_or_init(whatlang::Detector::new);
    let sample = sample(text);
    let Some(info) = detector.detect(&sample) else {
        return Detection {
            language: Language::Undetermined,
            code: Language::Undetermined.code(),
            confidence: 0.0,
        };
    };
    let supported = Language::ALL
        .into_iter()
        .find(|language| language.whatlang() == Some(info.lang()));
    let language = supported
        .filter(|_| info.confidence() >= MIN_CONFIDENCE)
        .unwrap_or(Language::Undetermined);
    Detection {
        language,
        code: supported.map_or_else(|| iso639_1(info.lang()), Language::code),
        confidence: info.confidence(),
    }
}

/// The whole text when short; else [`SAMPLE_PIECES`] slices of it, spread
/// evenly and cut at character boundaries.
fn sample(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= SAMPLE_BYTES {
        return text.into();
    }
    let piece = SAMPLE_BYTES / SAMPLE_PIECES;
    let stride = text.len() / SAMPLE_PIECES;
    let mut sample = String::with_capacity(SAMPLE_BYTES + SAMPLE_PIECES);
    for i in 0..SAMPLE_PIECES {
        let start = floor_char_boundary(text, i * stride);
        let end = floor_char_boundary(text, start + piece);
        sample.push_str(&text[start..end]);
        sample.push('\n');
    }
    sample.into()
}

/// The largest character boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// ISO 639-1 codes of the detector's languages, as BCP-47 wants them; the
/// ISO 639-3 code where there is none (Akan has "ak", so every one has).
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_english_russian_and_ukrainian() {
        let english = "The minister said the talks had not produced any binding commitments.";
        let russian = "Министр заявил, что переговоры не привели к каким-либо обязательствам.";
        let ukrainian =
            "Міністр заявив, що переговори не призвели до жодних зобов'язань, які б ми прийняли.";
        assert_eq!(detect(english).language, Language::English);
        assert_eq!(detect(russian).language, Language::Russian);
        let found = detect(ukrainian);
        assert_eq!(found.language, Language::Ukrainian);
        assert_eq!(found.code, "uk");
        assert!(found.confidence >= MIN_CONFIDENCE && found.confidence <= 1.0);
    }

    #[test]
    fn unsupported_languages_fall_back_and_say_what_they_are() {
        let polish = "Rada miasta zdecydowała w poniedziałek, że nowy most zostanie zbudowany do końca przyszłego roku.";
        let japanese = "市議会は月曜日、新しい橋を来年末までに建設することを決めた。";
        for (text, code) in [(polish, "pl"), (japanese, "ja")] {
            let found = detect(text);
            assert_eq!(found.language, Language::Undetermined, "{text}");
            assert!(found.is_fallback());
            assert_eq!(found.code, code);
        }
    }

    #[test]
    fn no_signal_is_undetermined() {
        let found = detect("1234 5678 !!!");
        assert_eq!(found.language, Language::Undetermined);
        assert_eq!(found.code, "und");
        assert_eq!(found.confidence, 0.0);
    }

    #[test]
    fn long_mixed_documents_are_judged_by_their_dominant_language() {
        let english = "The harbour council met again on Monday to discuss the new sea wall. ";
        let russian = "Городской совет снова собрался в понедельник, чтобы обсудить новую дамбу. ";
        let text = format!("{}{}", english.repeat(12), russian.repeat(60));
        assert!(text.len() > SAMPLE_BYTES);
        assert_eq!(detect(&text).language, Language::Russian);
    }

    #[test]
    fn sample_pieces_end_on_char_boundaries() {
        let text = "жи".repeat(5000);
        let sampled = sample(&text);
        assert!(sampled.len() <= SAMPLE_BYTES + SAMPLE_PIECES);
        assert!(sampled.chars().all(|c| c == 'ж' || c == 'и' || c == '\n'));
    }
}
