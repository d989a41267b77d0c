//! A document read once for ranking: its sentences, their word counts and
//! their TF-IDF term vectors.

use std::ops::Range;

use super::vocabulary::Vocabulary;
use crate::text::{
    Furniture, Language, LineSource, SentenceWords, classify_furniture, count_words,
    dateline_length, is_caption, is_tag_line, is_terminated, leans_back, lowercase,
    opens_with_label, split_sentences, words,
};

/// A sparse vector over term ids, sorted by id, with unit length (or empty).
pub type TermVector = Vec<(u32, f32)>;

/// Everything ranking and selection need to know about a document. Page
/// furniture is set aside first: ranking sees the article's sentences only,
/// so a page's widgets and links change nothing but the furniture report.
pub struct Analysis {
    /// Byte ranges of the article's sentences in the text, after any
    /// dateline; furniture excluded.
    pub sentences: Vec<Range<usize>>,
    /// The position of each of `sentences` among all of the document's.
    pub positions: Vec<usize>,
    /// How many sentences the document has, furniture included.
    pub document_sentences: usize,
    /// How many words the document has: those of its sentences, furniture
    /// and datelines, since text between sentences holds none.
    pub document_words: usize,
    /// The furniture sentences, their positions and why they are furniture.
    pub furniture: Vec<(Range<usize>, usize, Furniture)>,
    /// Whether each sentence opens a paragraph.
    pub paragraph_starts: Vec<bool>,
    /// Whether each sentence opens with a quotation mark: reported speech,
    /// which news summaries paraphrase rather than quote.
    pub quoted: Vec<bool>,
    /// Whether each sentence opens with a short label and a colon, as
    /// captions, subheadings and interview turns do.
    pub labelled: Vec<bool>,
    /// Whether each sentence opens with a word that leans on the sentence
    /// before it ("He", "However"): it may stand in a summary only with
    /// that sentence.
    pub leans_back: Vec<bool>,
    /// Words in each sentence.
    pub word_counts: Vec<usize>,
    /// Whether each sentence may stand in a summary: prose, not a headline,
    /// a button label, a byline or a photo caption; in a text with no prose,
    /// every line.
    pub eligible: Vec<bool>,
    /// Unit TF-IDF vector of each sentence; inverse frequencies are over the
    /// document's own sentences.
    pub vectors: Vec<TermVector>,
    /// The title's unit TF-IDF vector, empty without a title.
    pub title: TermVector,
    /// How many distinct terms the document has.
    pub vocabulary_size: usize,
    /// How many sentences apart two sentences may be and still be compared:
    /// all of them in a document of up to [`FULL_GRAPH_SENTENCES`], else
    /// [`LOCAL_REACH`].
    pub reach: usize,
}

/// Documents of up to this many sentences (about 60 KB of news, six times
/// the longest article of the evaluation sets) compare every pair of
/// sentences that share a term.
pub const FULL_GRAPH_SENTENCES: usize = 512;

/// In longer documents a sentence is compared only with this many sentences
/// before and after it (about a news article's length of text either side),
/// so ranking and the redundancy check grow linearly with the document
/// instead of with the square of its sentences.
pub const LOCAL_REACH: usize = 32;

impl Analysis {
    /// Segments `text`, sets furniture aside and builds the vectors in one
    /// pass over its words. Without a `title`, a headline opening the text
    /// serves as one (and, being the title, is furniture).
    pub fn new(text: &str, title: Option<&str>, language: Language) -> Analysis {
        let mut dateline_words = 0;
        let all: Vec<Range<usize>> = split_sentences(text, language)
            .into_iter()
            .map(|range| {
                let dateline = dateline_length(&text[range.clone()]);
                if dateline > 0 {
                    dateline_words += count_words(&text[range.start..range.start + dateline]);
                }
                range.start + dateline..range.end
            })
            .collect();
        let texts: Vec<&str> = all.iter().map(|range| &text[range.clone()]).collect();
        let all_words = SentenceWords::new(&texts);
        let given_title: Option<Vec<&str>> = title.map(|title| words(title).collect());
        let mut kinds =
            classify_furniture(&texts, &all_words, given_title.as_deref(), LineSource::Text);
        let headline = title.is_none().then(|| headline(&texts, &kinds)).flatten();
        if let Some(headline) = headline {
            kinds[headline] = Some(Furniture::Title);
        }
        let title_words = given_title.or(headline.map(|index| all_words.get(index).to_vec()));
        let lines_only = !has_prose(&texts, &all_words, &kinds);
        if lines_only {
            keep_lines(&mut kinds);
        }
        let mut sentences = Vec::with_capacity(all.len());
        let mut positions = Vec::with_capacity(all.len());
        let mut furniture = Vec::new();
        let mut furniture_words = 0;
        for (position, (range, kind)) in all.iter().zip(kinds).enumerate() {
            let kind = kind.or_else(|| is_tag_line(texts[position]).then_some(Furniture::Widget));
            match kind {
                Some(kind) => {
                    furniture.push((range.clone(), position, kind));
                    furniture_words += all_words.get(position).len();
                }
                None => {
                    sentences.push(range.clone());
                    positions.push(position);
                }
            }
        }
        let paragraph_starts = (0..sentences.len())
            .map(|i| i == 0 || text[sentences[i - 1].end..sentences[i].start].contains("\n\n"))
            .collect();
        let quoted = sentences
            .iter()
            .map(|range| text[range.clone()].starts_with(['"', '“', '„', '«', '‘', '\'']))
            .collect();
        let labelled = sentences
            .iter()
            .map(|range| opens_with_label(&text[range.clone()]))
            .collect();
        let leans_back = positions
            .iter()
            .map(|&position| match all_words.get(position) {
                [first, rest @ ..] => leans_back(
                    language,
                    &lowercase(first),
                    rest.first().map(|second| lowercase(second)).as_deref(),
                ),
                [] => false,
            })
            .collect();
        let mut vocabulary = Vocabulary::new(language, text.len());
        let mut counts: Vec<TermVector> = Vec::with_capacity(sentences.len());
        let mut word_counts = Vec::with_capacity(sentences.len());
        let mut ids = Vec::new();
        for &position in &positions {
            let words = all_words.get(position);
            vocabulary.read(words, &mut ids);
            word_counts.push(words.len());
            counts.push(term_counts(&mut ids));
        }
        let eligible = sentences
            .iter()
            .zip(&word_counts)
            .map(|(range, &words)| {
                let sentence = &text[range.clone()];
                lines_only
                    || words >= MIN_SUMMARY_SENTENCE_WORDS
                        && is_terminated(sentence)
                        && !is_caption(sentence, language)
            })
            .collect();
        if let Some(title_words) = &title_words {
            vocabulary.read(title_words, &mut ids);
        }
        let title_counts = term_counts(&mut ids);
        let vocabulary_size = vocabulary.len();

        let mut document_frequency = vec![0u32; vocabulary_size];
        for sentence in &counts {
            for &(id, _) in sentence {
                document_frequency[id as usize] += 1;
            }
        }
        let sentence_count = counts.len() as f32;
        // Most terms share a handful of small frequencies: one logarithm
        // for each frequency rather than one a term.
        let most = document_frequency.iter().copied().max().unwrap_or(0);
        let idf_of_frequency: Vec<f32> = (0..=most)
            .map(|df| ((1.0 + sentence_count) / (1.0 + df as f32)).ln() + 1.0)
            .collect();
        let idf: Vec<f32> = document_frequency
            .iter()
            .map(|&df| idf_of_frequency[df as usize])
            .collect();

        let vectors = counts
            .iter()
            .map(|sentence| tf_idf(sentence, &idf))
            .collect();
        Analysis {
            document_sentences: all.len(),
            document_words: dateline_words + word_counts.iter().sum::<usize>() + furniture_words,
            sentences,
            positions,
            furniture,
            paragraph_starts,
            quoted,
            labelled,
            leans_back,
            word_counts,
            eligible,
            vectors,
            title: tf_idf(&title_counts, &idf),
            vocabulary_size,
            reach: reach(counts.len()),
        }
    }
}

/// The line that opens the text as its headline, when no title was given:
/// the first, or the first after the page's menus and notices, if it has
/// no full stop.
fn headline(texts: &[&str], kinds: &[Option<Furniture>]) -> Option<usize> {
    let unterminated = |index: &usize| !is_terminated(texts[*index]);
    let opening = Some(0)
        .filter(|_| !texts.is_empty())
        .filter(unterminated)
        .filter(|_| kinds.first() != Some(&Some(Furniture::Navigation)));
    opening.or_else(|| kinds.iter().position(Option::is_none).filter(unterminated))
}

/// Whether a document has a sentence of prose that is not furniture: five
/// words or more ending in a terminator.
fn has_prose(texts: &[&str], all_words: &SentenceWords, kinds: &[Option<Furniture>]) -> bool {
    (0..texts.len()).any(|index| {
        kinds[index].is_none()
            && all_words.get(index).len() >= MIN_SUMMARY_SENTENCE_WORDS
            && is_terminated(texts[index])
    })
}

/// A text with no prose (a comment, a headline, chat lines) is summarized
/// by its lines: its headline is one of them, and if no line is left but
/// furniture, the furniture is all the text there is.
fn keep_lines(kinds: &mut [Option<Furniture>]) {
    for kind in kinds.iter_mut() {
        if *kind == Some(Furniture::Title) {
            *kind = None;
        }
    }
    if kinds.iter().all(Option::is_some) {
        kinds.fill(None);
    }
}

/// How far apart sentences are compared in a document of `sentence_count`.
fn reach(sentence_count: usize) -> usize {
    if sentence_count <= FULL_GRAPH_SENTENCES {
        sentence_count
    } else {
        LOCAL_REACH
    }
}

/// Sentences shorter than this ("No time to read?", "Nobody was hurt.")
/// carry too little to stand in a summary when longer ones exist.
const MIN_SUMMARY_SENTENCE_WORDS: usize = 5;

/// Counts repeated term ids into a vector sorted by id, emptying `ids`.
fn term_counts(ids: &mut Vec<u32>) -> TermVector {
    ids.sort_unstable();
    let mut counts: TermVector = Vec::with_capacity(ids.len());
    for id in ids.drain(..) {
        match counts.last_mut() {
            Some((last, count)) if *last == id => *count += 1.0,
            _ => counts.push((id, 1.0)),
        }
    }
    counts
}

/// Weighs term counts by inverse frequency and scales to unit length.
fn tf_idf(counts: &TermVector, idf: &[f32]) -> TermVector {
    let mut vector: TermVector = counts
        .iter()
        .map(|&(id, count)| (id, count * idf[id as usize]))
        .collect();
    let norm = vector.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    vector
}

/// The dot product of two sparse vectors; the cosine of unit vectors.
pub fn dot(a: &TermVector, b: &TermVector) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_sharing_terms_are_similar_and_vectors_are_unit() {
        let text = "Floods closed the bridge. The bridge reopened after the floods. Tickets cost ten euros.";
        let analysis = Analysis::new(text, Some("Bridge floods"), Language::English);
        assert_eq!(analysis.sentences.len(), 3);
        assert_eq!(analysis.word_counts, [4, 6, 4]);
        for vector in &analysis.vectors {
            let length: f32 = vector.iter().map(|(_, w)| w * w).sum();
            assert!((length - 1.0).abs() < 1e-5);
        }
        let related = dot(&analysis.vectors[0], &analysis.vectors[1]);
        let unrelated = dot(&analysis.vectors[0], &analysis.vectors[2]);
        assert!(related > 0.5, "related sentences score {related}");
        assert_eq!(unrelated, 0.0);
        assert!(dot(&analysis.title, &analysis.vectors[0]) > 0.5);
    }
}
