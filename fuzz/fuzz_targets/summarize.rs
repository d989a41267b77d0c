//! Summaries of any text with any options: the chosen sentences quote the
//! document exactly, in order, within the budget, and nothing panics.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use precis::summarize::{Algorithm, Format, Length, Summarizer, SummaryOptions};
use precis::text::Language;

/// The options of a request, as the fuzzer's bytes choose them.
#[derive(Debug, Arbitrary)]
struct Input<'a> {
    length: (u8, u32, f64),
    algorithm: u8,
    bullets: bool,
    language: Option<u8>,
    title: Option<&'a str>,
    text: &'a str,
}

impl Input<'_> {
    fn options(&self) -> SummaryOptions {
        let (kind, count, ratio) = self.length;
        SummaryOptions {
            length: match kind % 3 {
                0 => Length::Sentences(count),
                1 => Length::Words(count),
                _ => Length::Ratio(ratio),
            },
            algorithm: Algorithm::ALL[usize::from(self.algorithm) % Algorithm::ALL.len()],
            format: if self.bullets {
                Format::Bullets
            } else {
                Format::Paragraph
            },
            language: self.language.map(|choice| {
                Language::ALL
                    .get(usize::from(choice))
                    .copied()
                    .unwrap_or(Language::Undetermined)
            }),
            title: self.title.map(str::to_string),
        }
    }
}

fuzz_target!(|input: Input| {
    let options = input.options();
    let text = input.text;
    let Ok(summary) = Summarizer::default().summarize(text, &options) else {
        return;
    };
    let mut previous_end = 0;
    for sentence in &summary.sentences {
        assert!(sentence.bytes.start >= previous_end);
        previous_end = sentence.bytes.end;
        assert_eq!(&text[sentence.bytes.clone()], sentence.text);
        let by_chars = text
            .chars()
            .skip(sentence.chars.start)
            .take(sentence.chars.len());
        assert!(by_chars.eq(sentence.text.chars()));
    }
    match options.length {
        Length::Sentences(count) => assert!(summary.sentences.len() <= count as usize),
        // Over budget only when no sentence fits, with the best one alone.
        Length::Words(words) => assert!(
            summary.stats.summary_words <= words as usize
                || (summary.budget_exceeded && summary.sentences.len() == 1)
        ),
        Length::Ratio(ratio) => {
            let allowed = (ratio * summary.stats.document_sentences as f64).ceil() as usize;
            assert!(summary.sentences.len() <= allowed.max(1));
        }
    }
});
