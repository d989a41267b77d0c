//! Sentence ranking: a score per sentence, higher meaning more worth keeping.
//!
//! The graph methods run PageRank on a similarity graph ([`super::graph`]).
//! The default blends that centrality with the sentence's position and its
//! similarity to the title, since news puts the story first.

use super::analysis::Analysis;
use super::features;
use super::graph::{cosine_graph, overlap_graph, pagerank};
use super::options::Algorithm;

/// Scores every sentence of `analysis` with `algorithm`.
pub fn rank(analysis: &Analysis, algorithm: Algorithm, budget: usize) -> Vec<f64> {
    match algorithm {
        Algorithm::Lead => lead(analysis.sentences.len()),
        Algorithm::LexRank => lexrank(analysis),
        Algorithm::TextRank => textrank(analysis),
        Algorithm::Centrality => centrality(analysis, budget),
    }
}

/// Earlier is better: 1, 1/2, 1/3, ...
fn lead(count: usize) -> Vec<f64> {
    (0..count).map(|index| 1.0 / (index as f64 + 1.0)).collect()
}

/// PageRank over TF-IDF cosine similarity.
fn lexrank(analysis: &Analysis) -> Vec<f64> {
    pagerank(&cosine_graph(analysis))
}

/// PageRank over word overlap normalised by the log of sentence lengths, as
/// TextRank defines sentence similarity.
fn textrank(analysis: &Analysis) -> Vec<f64> {
    pagerank(&overlap_graph(analysis))
}

/// The fitted blend of position, centrality, title similarity and the rest
/// of [`features`].
fn centrality(analysis: &Analysis, budget: usize) -> Vec<f64> {
    features::features(analysis, budget)
        .iter()
        .map(features::weighted)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summarize::graph::tests::TEXT;
    use crate::text::Language;

    #[test]
    fn graph_methods_rank_the_off_topic_sentence_last() {
        let analysis = Analysis::new(TEXT, None, Language::English);
        for algorithm in [
            Algorithm::LexRank,
            Algorithm::TextRank,
            Algorithm::Centrality,
        ] {
            let scores = rank(&analysis, algorithm, 3);
            let lowest = (0..scores.len()).min_by(|&a, &b| scores[a].total_cmp(&scores[b]));
            assert_eq!(lowest, Some(2), "{algorithm:?} scored {scores:?}");
        }
    }

    #[test]
    fn lead_prefers_earlier_sentences() {
        let analysis = Analysis::new(TEXT, None, Language::English);
        let scores = rank(&analysis, Algorithm::Lead, 3);
        assert!(scores.windows(2).all(|pair| pair[0] > pair[1]));
    }
}
