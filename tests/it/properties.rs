//! Properties of the core that must hold for every input: the summarizer
//! quotes the document faithfully and keeps to its budget, segmentation
//! covers the text in order, and nothing panics on any input.

use precis::extract::Extractor;
use precis::summarize::{Algorithm, Format, Length, SummarizeError, Summarizer, SummaryOptions};
use precis::text::{Language, segments, split_sentences};
use proptest::prelude::*;

/// Words of several scripts, so generated prose exercises stemming, stop
/// words and segmentation rules beyond English.
const WORDS: &[&str] = &[
    "the",
    "council",
    "voted",
    "Dr",
    "No",
    "3",
    "harbour",
    "wall",
    "Mr",
    "U.S",
    "e.g",
    "Straße",
    "am",
    "März",
    "ім",
    "Шевченка",
    "ст",
    "5",
    "مدينة",
    "الميناء",
    "λιμάνι",
    "சென்னை",
    "Oui",
    "«",
    "»",
    "\"",
    "(",
    ")",
    "İstanbul",
    "ﬁnal",
    "🙂",
    "***",
    "—",
    "",
];

/// Separators and terminators between words.
const GLUE: &[&str] = &[
    " ", " ", " ", ". ", "! ", "? ", "… ", ".\n", "\n", "\n\n", ", ", ".\" ", "\t", "\r\n",
    "\u{0}", "\u{85}", "\u{2028}", "...", ". ", "", "   \n  ",
];

/// Text shaped like prose: words of several scripts joined by spaces,
/// terminators and line breaks.
fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(WORDS), prop::sample::select(GLUE)),
        0..120,
    )
    .prop_map(|pieces| {
        pieces
            .into_iter()
            .map(|(word, glue)| format!("{word}{glue}"))
            .collect()
    })
}

/// Any text the summarizer may be sent: arbitrary Unicode (control
/// characters included), prose, and prose drowned in whitespace.
fn document() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prose(),
        2 => any::<String>(),
        1 => (prose(), 0usize..5000).prop_map(|(text, spaces)| {
            format!("{}{text}{}", " \n".repeat(spaces / 2), "\t".repeat(spaces))
        }),
    ]
}

fn language() -> impl Strategy<Value = Option<Language>> {
    prop_oneof![
        Just(None),
        Just(Some(Language::Undetermined)),
        prop::sample::select(Language::ALL.to_vec()).prop_map(Some),
    ]
}

fn length() -> impl Strategy<Value = Length> {
    prop_oneof![
        (0u32..12).prop_map(Length::Sentences),
        Just(Length::Sentences(u32::MAX)),
        (0u32..300).prop_map(Length::Words),
        (-0.5f64..1.5).prop_map(Length::Ratio),
        prop::sample::select(vec![f64::NAN, f64::INFINITY, f64::MIN_POSITIVE, 1.0])
            .prop_map(Length::Ratio),
    ]
}

fn options() -> impl Strategy<Value = SummaryOptions> {
    (
        length(),
        prop::sample::select(Algorithm::ALL.to_vec()),
        prop::bool::ANY,
        language(),
        prop::option::of(prose()),
    )
        .prop_map(
            |(length, algorithm, bullets, language, title)| SummaryOptions {
                length,
                algorithm,
                format: if bullets {
                    Format::Bullets
                } else {
                    Format::Paragraph
                },
                language,
                title,
            },
        )
}

/// Checks every promise a summary makes about `text` and `options`.
fn check_summary(text: &str, options: &SummaryOptions) -> Result<(), TestCaseError> {
    let summarizer = Summarizer::default();
    let result = summarizer.summarize(text, options);
    // Deterministic: a second run gives the same result, scores included
    // (compared as text so that a NaN score would still compare).
    let again = summarizer.summarize(text, options);
    prop_assert_eq!(format!("{result:?}"), format!("{again:?}"));

    let summary = match result {
        Ok(summary) => summary,
        Err(
            SummarizeError::EmptyDocument
            | SummarizeError::NoSentences
            | SummarizeError::ZeroSentences
            | SummarizeError::ZeroWords
            | SummarizeError::RatioOutOfRange(_),
        ) => return Ok(()),
        Err(other) => return Err(TestCaseError::fail(format!("unexpected error {other}"))),
    };

    let document_sentences = split_sentences(text, summary.language);
    let mut previous_end = 0;
    let mut previous_index = None;
    for sentence in &summary.sentences {
        // In document order, without overlap.
        prop_assert!(sentence.bytes.start >= previous_end);
        prop_assert!(previous_index.is_none_or(|index| sentence.index > index));
        previous_end = sentence.bytes.end;
        previous_index = Some(sentence.index);

        // The spans slice the input to exactly the sentence's text.
        prop_assert_eq!(&text[sentence.bytes.clone()], sentence.text.as_str());
        let by_chars: String = text
            .chars()
            .skip(sentence.chars.start)
            .take(sentence.chars.len())
            .collect();
        prop_assert_eq!(&by_chars, &sentence.text);

        // A sentence of the document (a dateline opening it may be cut).
        prop_assert!(
            document_sentences.iter().any(|range| range.end == sentence.bytes.end
                && range.start <= sentence.bytes.start),
            "{:?} is not a sentence of the document",
            sentence.text
        );
    }

    prop_assert_eq!(summary.stats.summary_sentences, summary.sentences.len());
    prop_assert!(summary.sentences.len() <= summary.stats.document_sentences);
    match options.length {
        Length::Sentences(count) => prop_assert!(summary.sentences.len() <= count as usize),
        // Over budget only when no sentence fits, with the best one alone.
        Length::Words(words) => prop_assert!(
            summary.stats.summary_words <= words as usize
                || (summary.budget_exceeded && summary.sentences.len() == 1)
        ),
        Length::Ratio(ratio) => {
            let allowed = (ratio * summary.stats.document_sentences as f64).ceil() as usize;
            prop_assert!(summary.sentences.len() <= allowed.max(1));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn summaries_quote_the_document_within_budget(text in document(), options in options()) {
        check_summary(&text, &options)?;
    }

    #[test]
    fn segments_cover_the_text_in_order(text in document(), language in language()) {
        let language = language.unwrap_or(Language::Undetermined);
        let pieces = segments(&text, language);
        let mut previous_end = 0;
        for range in &pieces {
            prop_assert!(range.start < range.end);
            prop_assert!(range.start >= previous_end);
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            let piece = &text[range.clone()];
            prop_assert_eq!(piece.trim(), piece);
            previous_end = range.end;
        }
        // Together the pieces hold every non-space character of the text.
        let covered: String = pieces
            .iter()
            .flat_map(|range| text[range.clone()].chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let all: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(covered, all);
        // Sentences are the pieces with words in them.
        let sentences = split_sentences(&text, language);
        prop_assert!(sentences.iter().all(|range| pieces.contains(range)));
    }
}

/// HTML-like bytes: tags, entities and text in random order, so the
/// extractors get past their first checks.
fn page() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        prop::sample::select(vec![
            "<html>",
            "<body>",
            "<p>",
            "</p>",
            "<div class=\"article\">",
            "</div>",
            "<table><tr><td>",
            "</td></tr></table>",
            "<h1>",
            "</h1>",
            "<meta charset=\"windows-1252\">",
            "<script>",
            "</script>",
            "<!--",
            "-->",
            "&amp;",
            "&#0;",
            "&#x110000;",
            "<title>",
            "</title>",
            "<article>",
            "</article>",
            "<br>",
            "<",
            ">",
            "\u{feff}",
        ])
        .prop_map(|piece| piece.as_bytes().to_vec()),
        prose().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..16),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn extraction_never_panics(html in page()) {
        if let Ok(article) = Extractor::default().extract_bytes(&html) {
            prop_assert!(!article.paragraphs.is_empty());
            let options = SummaryOptions::default();
            // An article's text is a document like any other.
            check_summary(&article.text(), &options)?;
        }
    }

    #[test]
    fn extraction_of_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Extractor::default().extract_bytes(&bytes);
    }
}
