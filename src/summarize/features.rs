//! What the default ranking knows about each sentence, as numbers in [0, 1],
//! and the weights that turn them into a score.
//!
//! The weights are fitted by `eval/fit_weights.py` on the first half of each
//! evaluation set (the second half is held back) and live here as plain
//! constants, so ranking stays deterministic and needs no model file.

use super::analysis::{Analysis, dot};
use super::rank::{Graph, cosine_and_overlap_graphs, pageranks};

/// The names of the features, in the order of [`Features`] and [`WEIGHTS`].
pub const FEATURE_NAMES: [&str; FEATURE_COUNT] = [
    "lead",
    "lead_in_budget",
    "first",
    "relative_position",
    "lexrank",
    "textrank",
    "forward",
    "backward",
    "title",
    "length",
    "quoted",
    "paragraph_start",
    "lead_x_coverage",
    "textrank_x_coverage",
    "length_x_coverage",
];

/// How many features a sentence has.
pub const FEATURE_COUNT: usize = 15;

/// One sentence's features.
pub type Features = [f64; FEATURE_COUNT];

/// The weight of each feature in the default score.
pub const WEIGHTS: Features = [
    1.0, 0.0, -0.15, -0.2, 0.15, 0.0, 0.2, 0.2, -0.1, 0.0, -0.15, 0.0, -0.75, 0.8, 0.2,
];

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
    let eligible_count = analysis
        .eligible
        .iter()
        .filter(|&&eligible| eligible)
        .count()
        .max(1);
    // The share of the document the summary keeps: a short summary of a
    // long story is its lead, a long one must cover what is central.
    let coverage = (budget / eligible_count as f64).min(1.0);
    let mut rank = 0usize;
    (0..count)
        .map(|i| {
            let position = rank;
            let length =
                (analysis.word_counts[i] as f64).min(FULL_LENGTH_WORDS) / FULL_LENGTH_WORDS;
            rank += usize::from(analysis.eligible[i]);
            [
                1.0 / (1.0 + position as f64).sqrt(),
                1.0 / (1.0 + position as f64 / budget),
                f64::from(u8::from(position == 0)),
                1.0 - position as f64 / eligible_count as f64,
                lexrank[i],
                textrank[i],
                forward[i],
                backward[i],
                f64::from(dot(&analysis.vectors[i], &analysis.title)),
                length,
                f64::from(u8::from(analysis.quoted[i])),
                f64::from(u8::from(analysis.paragraph_starts[i])),
                coverage / (1.0 + position as f64).sqrt(),
                coverage * textrank[i],
                coverage * length,
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
            rows[0][feature("first")],
            1.0,
            "the lead is the first eligible sentence"
        );
        assert_eq!(rows[0][feature("lead")], 1.0);
        assert_eq!(rows[2][feature("quoted")], 1.0);
        assert_eq!(rows[1][feature("quoted")], 0.0);
        assert!(
            rows[0][feature("title")] > 0.0,
            "the headline serves as title"
        );
    }

    #[test]
    fn coverage_grows_with_the_budget() {
        let analysis = Analysis::new(STORY, None, Language::English);
        let feature = FEATURE_NAMES
            .iter()
            .position(|n| *n == "lead_x_coverage")
            .unwrap();
        let short = features(&analysis, 1)[0][feature];
        let long = features(&analysis, 4)[0][feature];
        assert!(
            (short - 0.25).abs() < 1e-9,
            "one of four eligible sentences: {short}"
        );
        assert_eq!(long, 1.0);
    }

    #[test]
    fn the_score_is_the_weighted_sum() {
        let mut row = [0.0; FEATURE_COUNT];
        row[0] = 1.0;
        row[4] = 0.5;
        assert!((weighted(&row) - (WEIGHTS[0] + 0.5 * WEIGHTS[4])).abs() < 1e-12);
    }
}
