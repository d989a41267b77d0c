//! Extractive summarization: rank a document's sentences, pick the best
//! within a budget, and render them.
//!
//! [`Summarizer::summarize`] is the whole pipeline: validate, read the text
//! once (`analysis`), score sentences (`rank`), choose (`select`),
//! render. It is pure and deterministic: the same text and options always give
//! the same summary.

mod analysis;
mod error;
mod features;
mod graph;
mod options;
mod rank;
mod select;
mod vocabulary;

use std::ops::Range;

pub use error::SummarizeError;
pub use options::{Algorithm, Format, Length, Limits, SummaryOptions};

use crate::text::{Detection, Furniture, Language, detect_language, runs_on};
use analysis::Analysis;

/// A sentence of the document chosen for the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenSentence {
    /// The sentence exactly as in the document.
    pub text: String,
    /// Its position among the document's sentences, from 0.
    pub index: usize,
    /// Its UTF-8 byte range in the document.
    pub bytes: Range<usize>,
    /// Its range in Unicode scalar values.
    pub chars: Range<usize>,
    /// Its ranking score.
    pub score: f64,
}

/// A line of the document kept out of the summary as page furniture.
#[derive(Debug, Clone, PartialEq)]
pub struct FurnitureLine {
    /// The line exactly as in the document.
    pub text: String,
    /// Why it is not summary text.
    pub kind: Furniture,
    /// Its UTF-8 byte range in the document.
    pub bytes: Range<usize>,
    /// Its range in Unicode scalar values.
    pub chars: Range<usize>,
}

/// Sizes and reading times of a document and its summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SummaryStats {
    /// Sentences in the document.
    pub document_sentences: usize,
    /// Words in the document.
    pub document_words: usize,
    /// Sentences in the summary.
    pub summary_sentences: usize,
    /// Words in the summary.
    pub summary_words: usize,
    /// Estimated silent reading time of the document, in seconds.
    pub document_reading_seconds: f64,
    /// Estimated silent reading time of the summary, in seconds.
    pub summary_reading_seconds: f64,
}

/// A summary and how it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The rendered summary.
    pub text: String,
    /// The chosen sentences in document order.
    pub sentences: Vec<ChosenSentence>,
    /// The language the document was read in; [`Language::Undetermined`]
    /// when it was read language-neutrally.
    pub language: Language,
    /// What detection found, when the language was not given.
    pub detection: Option<Detection>,
    /// The method that ranked the sentences.
    pub algorithm: Algorithm,
    /// Sizes and reading times.
    pub stats: SummaryStats,
    /// The page furniture that was kept out of the summary, in document
    /// order.
    pub furniture: Vec<FurnitureLine>,
    /// Whether the summary holds more words than its word budget: no
    /// sentence fitted, so it is the best sentence that stands alone.
    pub budget_exceeded: bool,
}

/// Summarizes documents within configured limits. Cheap to share between
/// threads: it holds no state but its limits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summarizer {
    limits: Limits,
}

impl Summarizer {
    /// A summarizer that refuses documents over `limits`.
    pub fn new(limits: Limits) -> Self {
        Summarizer { limits }
    }

    /// The limits this summarizer enforces.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Checks a document against the limits without summarizing it, so
    /// callers can report every problem of a request at once.
    pub fn check_document(&self, text: &str) -> Result<(), SummarizeError> {
        if text.len() > self.limits.max_document_bytes {
            return Err(SummarizeError::DocumentTooLarge {
                size: text.len(),
                limit: self.limits.max_document_bytes,
            });
        }
        if text.trim().is_empty() {
            return Err(SummarizeError::EmptyDocument);
        }
        Ok(())
    }

    /// Summarizes `text`.
    pub fn summarize(
        &self,
        text: &str,
        options: &SummaryOptions,
    ) -> Result<Summary, SummarizeError> {
        self.check_document(text)?;
        options.length.validate()?;
        let (language, detection) = resolve_language(text, options.language);
        let analysis = self.analysis(text, options.title.as_deref(), language)?;
        if analysis.sentences.is_empty() {
            return Err(SummarizeError::NoSentences);
        }

        let expected_sentences = options.length.expected_sentences(&analysis);
        let scores = rank::rank(&analysis, options.algorithm, expected_sentences);
        let budget = options.length.budget(&analysis);
        let redundancy_vectors =
            (options.algorithm != Algorithm::Lead).then_some(analysis.vectors.as_slice());
        let candidates = select::Candidates {
            scores: &scores,
            word_counts: &analysis.word_counts,
            eligible: &analysis.eligible,
            leans_back: &analysis.leans_back,
            vectors: redundancy_vectors,
            reach: analysis.reach,
        };
        let selection = select::select(&candidates, budget);
        let chosen = selection.indices;

        let sentences = chosen_sentences(text, &analysis, &scores, &chosen);
        let furniture = furniture_lines(text, &analysis);
        let summary_words: usize = chosen
            .iter()
            .map(|&index| analysis.word_counts[index])
            .sum();
        let document_words = analysis.document_words;
        let seconds_per_word = 60.0 / language.words_per_minute();
        Ok(Summary {
            text: render(&sentences, options.format),
            language,
            detection,
            algorithm: options.algorithm,
            stats: SummaryStats {
                document_sentences: analysis.document_sentences,
                document_words,
                summary_sentences: sentences.len(),
                summary_words,
                document_reading_seconds: document_words as f64 * seconds_per_word,
                summary_reading_seconds: summary_words as f64 * seconds_per_word,
            },
            sentences,
            furniture,
            budget_exceeded: selection.over_budget,
        })
    }
}

impl Summarizer {
    /// Reads `text`, refusing it when it has more sentences than the
    /// limit, before any work that grows faster than the text.
    fn analysis(
        &self,
        text: &str,
        title: Option<&str>,
        language: Language,
    ) -> Result<Analysis, SummarizeError> {
        let analysis = Analysis::new(text, title, language);
        let limit = self.limits.max_sentences;
        if analysis.document_sentences > limit {
            return Err(SummarizeError::TooManySentences {
                count: analysis.document_sentences,
                limit,
            });
        }
        Ok(analysis)
    }
}

/// One sentence as the default ranking sees it, for tuning and debugging.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedSentence {
    /// The sentence, dateline excluded.
    pub text: String,
    /// Whether it may stand in a summary (prose of five words or more).
    pub eligible: bool,
    /// Its features, named as in [`FEATURE_NAMES`].
    pub features: Vec<f64>,
    /// Its default score.
    pub score: f64,
}

pub use features::FEATURE_NAMES;

impl Summarizer {
    /// Every sentence of `text` with the features the default ranking scores
    /// it by; the evaluation tools fit the ranking's weights from these.
    pub fn explain(
        &self,
        text: &str,
        options: &SummaryOptions,
    ) -> Result<Vec<ExplainedSentence>, SummarizeError> {
        self.check_document(text)?;
        let (language, _) = resolve_language(text, options.language);
        let analysis = self.analysis(text, options.title.as_deref(), language)?;
        let expected_sentences = options.length.expected_sentences(&analysis);
        Ok(features::features(&analysis, expected_sentences)
            .iter()
            .enumerate()
            .map(|(index, values)| ExplainedSentence {
                text: text[analysis.sentences[index].clone()].to_string(),
                eligible: analysis.eligible[index],
                features: values.to_vec(),
                score: features::weighted(values),
            })
            .collect())
    }
}

/// The language to read `text` in: the caller's, or else the detected one
/// (with the detection, which is `None` when the caller named a language).
fn resolve_language(text: &str, given: Option<Language>) -> (Language, Option<Detection>) {
    let detection = match given {
        Some(_) => None,
        None => Some(detect_language(text)),
    };
    let language = given
        .or(detection.map(|found| found.language))
        .unwrap_or(Language::Undetermined);
    (language, detection)
}

/// Builds the chosen sentences with byte and char ranges.
fn chosen_sentences(
    text: &str,
    analysis: &Analysis,
    scores: &[f64],
    chosen: &[usize],
) -> Vec<ChosenSentence> {
    let bytes: Vec<Range<usize>> = chosen
        .iter()
        .map(|&index| analysis.sentences[index].clone())
        .collect();
    chosen
        .iter()
        .zip(bytes.iter().zip(char_ranges(text, &bytes)))
        .map(|(&index, (bytes, chars))| ChosenSentence {
            text: text[bytes.clone()].to_string(),
            index: analysis.positions[index],
            bytes: bytes.clone(),
            chars,
            score: scores[index],
        })
        .collect()
}

/// The furniture sentences with byte and char ranges.
fn furniture_lines(text: &str, analysis: &Analysis) -> Vec<FurnitureLine> {
    let bytes: Vec<Range<usize>> = analysis
        .furniture
        .iter()
        .map(|(range, _, _)| range.clone())
        .collect();
    analysis
        .furniture
        .iter()
        .zip(char_ranges(text, &bytes))
        .map(|((bytes, _, kind), chars)| FurnitureLine {
            text: text[bytes.clone()].to_string(),
            kind: *kind,
            bytes: bytes.clone(),
            chars,
        })
        .collect()
}

/// The code-point ranges of ascending, disjoint byte ranges of `text`,
/// counting chars once from the start.
fn char_ranges(text: &str, bytes: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut chars_before = 0;
    let mut counted_to = 0;
    bytes
        .iter()
        .map(|range| {
            chars_before += text[counted_to..range.start].chars().count();
            let length = text[range.clone()].chars().count();
            let chars = chars_before..chars_before + length;
            chars_before += length;
            counted_to = range.end;
            chars
        })
        .collect()
}

/// Renders sentences with their inner whitespace (hard wraps, double
/// spaces) collapsed to single spaces. In a paragraph, a sentence that
/// ends on a word with no terminator (a headline, a line of chat) takes a
/// full stop before the next, which would otherwise read as its
/// continuation.
fn render(sentences: &[ChosenSentence], format: Format) -> String {
    let (separator, prefix) = match format {
        Format::Paragraph => (" ", ""),
        Format::Bullets => ("\n", "• "),
        Format::Lines => ("\n", ""),
    };
    let mut rendered = String::with_capacity(
        sentences
            .iter()
            .map(|sentence| 1 + separator.len() + prefix.len() + sentence.text.len())
            .sum(),
    );
    for (position, sentence) in sentences.iter().enumerate() {
        if position > 0 {
            if format == Format::Paragraph && runs_on(&sentences[position - 1].text) {
                rendered.push('.');
            }
            rendered.push_str(separator);
        }
        rendered.push_str(prefix);
        for (index, word) in sentence.text.split_whitespace().enumerate() {
            if index > 0 {
                rendered.push(' ');
            }
            rendered.push_str(word);
        }
    }
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::count_words;

    const ARTICLE: &str = "Heavy rain flooded the harbour district of Portvale on Monday night.\n\n\
        Emergency crews pumped water from the harbour district until dawn, the mayor said. \
        A jazz festival in the hills drew a record crowd. \
        Flooding in the harbour district has grown more frequent, and the mayor promised new flood barriers. \
        Forecasters expect more rain on Thursday.";

    fn options(length: Length, algorithm: Algorithm) -> SummaryOptions {
        SummaryOptions {
            length,
            algorithm,
            language: Some(Language::English),
            ..SummaryOptions::default()
        }
    }

    #[test]
    fn lead_returns_the_first_sentences() {
        let summary = Summarizer::default()
            .summarize(ARTICLE, &options(Length::Sentences(2), Algorithm::Lead))
            .unwrap();
        let indices: Vec<usize> = summary.sentences.iter().map(|s| s.index).collect();
        assert_eq!(indices, [0, 1]);
        assert_eq!(summary.stats.summary_sentences, 2);
    }

    #[test]
    fn spans_slice_the_input_exactly() {
        let text = format!("Ünïcödé héadline\n\n{ARTICLE}");
        for algorithm in Algorithm::ALL {
            let summary = Summarizer::default()
                .summarize(&text, &options(Length::Sentences(3), algorithm))
                .unwrap();
            for sentence in &summary.sentences {
                assert_eq!(&text[sentence.bytes.clone()], sentence.text);
                let by_chars: String = text
                    .chars()
                    .skip(sentence.chars.start)
                    .take(sentence.chars.len())
                    .collect();
                assert_eq!(by_chars, sentence.text);
            }
        }
    }

    #[test]
    fn default_summary_skips_the_off_topic_sentence() {
        let summary = Summarizer::default()
            .summarize(
                ARTICLE,
                &options(Length::Sentences(3), Algorithm::Centrality),
            )
            .unwrap();
        assert!(
            summary.sentences.iter().all(|s| !s.text.contains("jazz")),
            "{:?}",
            summary.text
        );
        assert!(
            summary
                .sentences
                .windows(2)
                .all(|pair| pair[0].index < pair[1].index)
        );
    }

    #[test]
    fn word_budget_and_ratio_are_respected() {
        let summarizer = Summarizer::default();
        let by_words = summarizer
            .summarize(ARTICLE, &options(Length::Words(20), Algorithm::Centrality))
            .unwrap();
        assert!(by_words.stats.summary_words <= 20 && by_words.stats.summary_words > 0);
        let by_ratio = summarizer
            .summarize(ARTICLE, &options(Length::Ratio(0.5), Algorithm::LexRank))
            .unwrap();
        assert_eq!(
            by_ratio.sentences.len(),
            3,
            "half of 5 sentences, rounded up"
        );
        let tiny_ratio = summarizer
            .summarize(ARTICLE, &options(Length::Ratio(0.01), Algorithm::LexRank))
            .unwrap();
        assert_eq!(tiny_ratio.sentences.len(), 1);
    }

    #[test]
    fn word_and_ratio_budgets_count_and_take_real_sentences_only() {
        let text = "Heavy rain flooded the harbour district of Portvale on Monday night. Facebook Twitter Email\n\
            Crews pumped water from the flooded streets until dawn. Nobody was hurt.\n\
            Related coverage\n\
            The mayor promised new flood barriers for the harbour district.\n\
            Tags: weather, floods, harbour";
        let summarizer = Summarizer::default();
        let by_words = summarizer
            .summarize(text, &options(Length::Words(100), Algorithm::Centrality))
            .unwrap();
        let indices: Vec<usize> = by_words.sentences.iter().map(|s| s.index).collect();
        assert_eq!(indices, [0, 2, 5], "{:?}", by_words.text);
        assert!(!by_words.budget_exceeded);
        let by_ratio = summarizer
            .summarize(text, &options(Length::Ratio(0.5), Algorithm::Lead))
            .unwrap();
        assert_eq!(by_ratio.sentences.len(), 2, "half of 3 real sentences");
        assert!(by_ratio.sentences.iter().all(|s| count_words(&s.text) >= 5));
        let by_count = summarizer
            .summarize(text, &options(Length::Sentences(5), Algorithm::Lead))
            .unwrap();
        assert_eq!(
            by_count.sentences.len(),
            5,
            "a count of sentences still takes lines when prose runs out"
        );
    }

    #[test]
    fn a_word_budget_below_every_sentence_gets_the_lead_over_budget() {
        let summary = Summarizer::default()
            .summarize(ARTICLE, &options(Length::Words(3), Algorithm::Lead))
            .unwrap();
        let indices: Vec<usize> = summary.sentences.iter().map(|s| s.index).collect();
        assert_eq!(indices, [0]);
        assert!(summary.budget_exceeded);
        assert!(summary.stats.summary_words > 3);
    }

    #[test]
    fn short_documents_are_returned_whole() {
        let summary = Summarizer::default()
            .summarize(
                "One fact. Another fact.",
                &options(Length::Sentences(5), Algorithm::TextRank),
            )
            .unwrap();
        assert_eq!(summary.text, "One fact. Another fact.");
    }

    #[test]
    fn texts_without_prose_are_summarized_by_their_lines() {
        let summarizer = Summarizer::default();
        let one_sentence = options(Length::Sentences(1), Algorithm::Centrality);
        for text in [
            "great gym and great services",
            "Storm closes schools across the region",
            "love it",
        ] {
            let summary = summarizer.summarize(text, &one_sentence).unwrap();
            assert_eq!(summary.text, text);
            assert!(summary.furniture.is_empty(), "{:?}", summary.furniture);
        }
        let chat = "hey are you coming tonight\nyes around 8\nok see you there";
        let summary = summarizer
            .summarize(chat, &options(Length::Words(7), Algorithm::Centrality))
            .unwrap();
        assert!(
            !summary.sentences.is_empty(),
            "a word budget is met by lines"
        );
        let widget_only = summarizer
            .summarize("Share this article", &one_sentence)
            .unwrap();
        assert_eq!(
            widget_only.text, "Share this article",
            "all the text there is"
        );
    }

    #[test]
    fn the_lines_of_a_text_with_prose_stay_out_of_a_short_summary() {
        let text = "Comments\nlove this\nso true\n\
            The council approved the new sea wall on Monday, the mayor said.";
        let summary = Summarizer::default()
            .summarize(text, &options(Length::Sentences(1), Algorithm::Centrality))
            .unwrap();
        assert_eq!(
            summary.text,
            "The council approved the new sea wall on Monday, the mayor said."
        );
    }

    #[test]
    fn paragraphs_end_unterminated_lines_before_the_next() {
        let text = "Storm closes schools across the region as the river floods\n\
            Work starts on the new harbour barrier\nIngredients:\nthree eggs";
        let mut lines = options(Length::Sentences(4), Algorithm::Lead);
        let summary = Summarizer::default().summarize(text, &lines).unwrap();
        assert_eq!(
            summary.text,
            "Storm closes schools across the region as the river floods. \
             Work starts on the new harbour barrier. Ingredients: three eggs"
        );
        lines.format = Format::Lines;
        let summary = Summarizer::default().summarize(text, &lines).unwrap();
        let texts: Vec<&str> = summary.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(summary.text, texts.join("\n"), "lines need no full stop");
    }

    #[test]
    fn bullets_put_one_key_point_per_line() {
        let mut bullets = options(Length::Sentences(2), Algorithm::Lead);
        bullets.format = Format::Bullets;
        let summary = Summarizer::default().summarize(ARTICLE, &bullets).unwrap();
        let lines: Vec<&str> = summary.text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|line| line.starts_with("• ")));
    }

    #[test]
    fn stats_count_words_and_reading_time() {
        let summary = Summarizer::default()
            .summarize(ARTICLE, &options(Length::Sentences(1), Algorithm::Lead))
            .unwrap();
        assert_eq!(summary.stats.document_sentences, 5);
        assert_eq!(summary.stats.summary_words, 11);
        let expected = summary.stats.document_words as f64 * 60.0 / 228.0;
        assert!((summary.stats.document_reading_seconds - expected).abs() < 1e-9);
        assert!(summary.stats.summary_reading_seconds < summary.stats.document_reading_seconds);
    }

    #[test]
    fn document_words_count_sentences_furniture_and_datelines() {
        let text = "Harbour wall approved\n\nPORTVALE (Reuters) -- The council approved the sea wall. \
            It costs 48.5 million euros, the mayor's office said.\n\n------\n\n\
            READ MORE: Floods close the fish market 🙂\n\nShare this article";
        let summary = Summarizer::default()
            .summarize(text, &options(Length::Sentences(1), Algorithm::Lead))
            .unwrap();
        assert!(summary.furniture.len() >= 2, "{:?}", summary.furniture);
        assert_eq!(summary.stats.document_words, count_words(text));
    }

    #[test]
    fn invalid_requests_are_refused() {
        let summarizer = Summarizer::new(Limits {
            max_document_bytes: 64,
            max_sentences: 3,
        });
        let ok = options(Length::Sentences(1), Algorithm::Centrality);
        assert_eq!(
            summarizer.summarize("  \n ", &ok),
            Err(SummarizeError::EmptyDocument)
        );
        assert_eq!(
            summarizer.summarize("?!… 🙂🙂 —", &ok),
            Err(SummarizeError::NoSentences)
        );
        assert!(matches!(
            summarizer.summarize(&"word ".repeat(20), &ok),
            Err(SummarizeError::DocumentTooLarge {
                size: 100,
                limit: 64
            })
        ));
        assert_eq!(
            summarizer.summarize("One. Two. Three. Four.", &ok),
            Err(SummarizeError::TooManySentences { count: 4, limit: 3 })
        );
        assert!(summarizer.summarize("One. Two. Three.", &ok).is_ok());
        for (length, error) in [
            (Length::Sentences(0), SummarizeError::ZeroSentences),
            (Length::Words(0), SummarizeError::ZeroWords),
            (Length::Ratio(0.0), SummarizeError::RatioOutOfRange(0.0)),
            (Length::Ratio(1.5), SummarizeError::RatioOutOfRange(1.5)),
        ] {
            assert_eq!(
                summarizer.summarize("A sentence.", &options(length, Algorithm::Lead)),
                Err(error)
            );
        }
        assert!(matches!(
            Length::Ratio(f64::NAN).validate(),
            Err(SummarizeError::RatioOutOfRange(_))
        ));
    }

    #[test]
    fn detects_the_language_when_none_is_given() {
        let text = "Сильный дождь затопил портовый район города в понедельник вечером. Спасатели откачивали воду до самого утра.";
        let summary = Summarizer::default()
            .summarize(text, &SummaryOptions::default())
            .unwrap();
        assert_eq!(summary.language, Language::Russian);
        let detection = summary.detection.unwrap();
        assert_eq!(detection.code, "ru");
        assert!(detection.confidence > 0.5);
    }

    #[test]
    fn an_explicit_language_wins_over_detection() {
        let text = "Сильный дождь затопил портовый район города в понедельник вечером. Спасатели откачивали воду до самого утра.";
        let summary = Summarizer::default()
            .summarize(
                text,
                &SummaryOptions {
                    language: Some(Language::Ukrainian),
                    ..SummaryOptions::default()
                },
            )
            .unwrap();
        assert_eq!(summary.language, Language::Ukrainian);
        assert_eq!(summary.detection, None);
    }

    #[test]
    fn an_unsupported_language_is_read_neutrally() {
        let text = "Ulewne deszcze zalały w poniedziałek dzielnicę portową miasta. Strażacy wypompowywali wodę aż do rana. Burmistrz obiecał nowe zapory.";
        let summary = Summarizer::default()
            .summarize(text, &SummaryOptions::default())
            .unwrap();
        assert_eq!(summary.language, Language::Undetermined);
        let detection = summary.detection.unwrap();
        assert_eq!(detection.code, "pl");
        assert!(detection.is_fallback());
        assert_eq!(summary.stats.document_sentences, 3);
    }

    #[test]
    fn summaries_are_deterministic() {
        let summarizer = Summarizer::default();
        let first = summarizer
            .summarize(ARTICLE, &SummaryOptions::default())
            .unwrap();
        for _ in 0..5 {
            assert_eq!(
                summarizer
                    .summarize(ARTICLE, &SummaryOptions::default())
                    .unwrap(),
                first
            );
        }
    }
}
