//! What the default ranking knows about each sentence, as numbers in [0, 1],
//! and the weights that turn them into a score.
//!
//! The weights are fitted by `eval/fit_weights.py` on the even rows of each
//! evaluation set (the odd rows are held back) and live here as plain
//! constants, so ranking stays deterministic and needs no model file.

use super::analysis::{Analysis, dot};
use super::graph::{Graph, cosine_and_overlap_graphs, pageranks};

/// The names of the features, in the order of `Features` and `WEIGHTS`.
pub const FEATURE_NAMES: [&str; FEATURE_COUNT] = [
    "lead",
    "lexrank",
    "textrank",
    "forward",
    "backward",
    "title",
    "length",
    "quoted",
    "paragraph_start",
    "textrank_x_beyond",
    "length_x_beyond",
    "labelled",
];

/// How many features a sentence has.
pub const FEATURE_COUNT: usize = 12;

/// One sentence's features.
pub type Features = [f64; FEATURE_COUNT];

/// The weight of each feature in the default score.
pub const WEIGHTS: Features = [
    0.8, 0.2, 0.0, 0.3, -0.1, 0.25, 0.2, -0.25, -0.12, 5.52, -0.3, -0.5,
];

/// News puts its story in its first sentences: this many make the lead
/// that a short summary keeps unless it has reason to leave it, and a
/// longer summary adds to.
const NEWS_LEAD_SENTENCES: usize = 3;

/// Sentences longer than this many words count as full length.
const FULL_LENGTH_WORDS: f64 = 40.0;

/// The features of every sentence of `analysis` for a summary of about
/// `budget` sentences. Positions count eligible sentences only, so a headline
/// or byline does not push the lead down.
pub fn features(analysis: &Analysis, budget: usize) -> Vec<Features> {
    let budget = budget.max(1) as f64;
    let count = analysis.sentences.len();
    let (cosine, overlap) = cosine_and_overlap_graphs(analysis);
    let [lexrank, textrank] = pageranks([&cosine, &overlap]).map(scaled);
    let forward = scaled(directed_sums(&cosine, |i, j| j > i));
    let backward = scaled(directed_sums(&cosine, |i, j| j < i));
    // The share of the summary beyond the news lead: a summary of up to
    // three sentences is the lead's job, the rest of a longer one must
    // cover what is central. The budget alone decides, not the document's
    // length: a short brief has a lead too.
    let beyond = (budget - NEWS_LEAD_SENTENCES as f64).max(0.0) / budget;
    let mut rank = 0usize;
    (0..count)
        .map(|i| {
            let position = rank;
            let length =
                (analysis.word_counts[i] as f64).min(FULL_LENGTH_WORDS) / FULL_LENGTH_WORDS;
            rank += usize::from(analysis.eligible[i]);
            [
                1.0 / (1.0 + position as f64).sqrt(),
                lexrank[i],
                textrank[i],
                forward[i],
                backward[i],
                f64::from(dot(&analysis.vectors[i], &analysis.title)),
                length,
                f64::from(u8::from(analysis.quoted[i])),
                f64::from(u8::from(analysis.paragraph_starts[i])),
                beyond * textrank[i],
                beyond * length,
                f64::from(u8::from(analysis.labelled[i])),
            ]
        })
        .collect()
}

/// The default score: the weighted sum of a sentence's features.
pub fn weighted(features: &Features) -> f64 {
    features
        .iter()
        .zip(WEIGHTS)
        .map(|(value, weight)| value * weight)
        .sum()
}

/// For each sentence, the summed similarity to the sentences `towards`
/// accepts: later ones for PacSum's forward centrality (what the story goes
/// on to develop), earlier ones for backward.
fn directed_sums(graph: &Graph, towards: impl Fn(usize, usize) -> bool) -> Vec<f64> {
    graph
        .iter()
        .enumerate()
        .map(|(i, edges)| {
            edges
                .iter()
                .filter(|&&(j, _)| towards(i, j as usize))
                .map(|&(_, weight)| f64::from(weight))
                .sum()
        })
        .collect()
}

/// Scales values so the largest is 1 (all zeros stay zeros).
fn scaled(values: Vec<f64>) -> Vec<f64> {
    let top = values.iter().copied().fold(0.0, f64::max);
    if top > 0.0 {
        values.into_iter().map(|value| value / top).collect()
    } else {
        values
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Language;

    const STORY: &str = "Ferry strike ends\n\n\
        Ferry crews on the island routes ended their strike on Friday after the operator raised wages. \
        The strike had stranded hundreds of travellers on the island for four days. \
        \"We are glad it is over,\" one traveller said at the harbour. \
        A new timetable for the island ferry routes starts next week.";

    #[test]
    fn every_feature_lies_in_the_unit_interval() {
        let analysis = Analysis::new(STORY, None, Language::English);
        for sentence in features(&analysis, 2) {
            for (name, value) in FEATURE_NAMES.iter().zip(sentence) {
                assert!((0.0..=1.0).contains(&value), "{name} = {value}");
            }
        }
    }

    #[test]
    fn the_headline_is_set_aside_and_quotes_are_marked() {
        let analysis = Analysis::new(STORY, None, Language::English);
        let rows = features(&analysis, 2);
        let feature = |name: &str| FEATURE_NAMES.iter().position(|n| *n == name).unwrap();
        assert_eq!(
            analysis.furniture[0].2,
            crate::text::Furniture::Title,
            "the headline is the title, not a sentence to rank"
        );
        assert_eq!(
            rows[0][feature("lead")],
            1.0,
            "the lead is the first eligible sentence"
        );
        assert_eq!(rows[2][feature("quoted")], 1.0);
        assert_eq!(rows[1][feature("quoted")], 0.0);
        assert!(
            rows[0][feature("title")] > 0.0,
            "the headline serves as title"
        );
    }

    #[test]
    fn only_a_summary_longer_than_the_news_lead_reaches_beyond_it() {
        let analysis = Analysis::new(STORY, None, Language::English);
        let feature = FEATURE_NAMES
            .iter()
            .position(|n| *n == "length_x_beyond")
            .unwrap();
        let length =
            features(&analysis, 1)[0][FEATURE_NAMES.iter().position(|n| *n == "length").unwrap()];
        assert!(length > 0.0);
        assert_eq!(features(&analysis, 1)[0][feature], 0.0);
        assert_eq!(features(&analysis, 3)[0][feature], 0.0);
        let long = features(&analysis, 4)[0][feature];
        assert!(
            (long - 0.25 * length).abs() < 1e-9,
            "one of four beyond the lead: {long}"
        );
    }

    #[test]
    fn the_score_is_the_weighted_sum() {
        let mut row = [0.0; FEATURE_COUNT];
        row[0] = 1.0;
        row[4] = 0.5;
        assert!((weighted(&row) - (WEIGHTS[0] + 0.5 * WEIGHTS[4])).abs() < 1e-12);
    }
}
