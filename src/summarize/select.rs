//! Selection: which ranked sentences make the summary, within its budget.

use std::collections::BTreeSet;

use super::analysis::{TermVector, dot};

/// How much of the document a summary may keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The most sentences.
    pub sentences: usize,
    /// The most words, if words are counted.
    pub words: Option<usize>,
}

/// Two sentences whose TF-IDF cosine exceeds this say the same thing; the
/// lower-ranked one is kept only if nothing else is left.
pub const REDUNDANCY_THRESHOLD: f32 = 0.6;

/// Picks sentences by descending score (ties to the earlier one) that fit
/// the budget, eligible ones before any other, skipping any too similar to
/// one already picked at most `reach` sentences away when `vectors` are
/// given; returns their indices in document order.
pub fn select(
    scores: &[f64],
    word_counts: &[usize],
    eligible: &[bool],
    vectors: Option<&[TermVector]>,
    reach: usize,
    budget: Budget,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        eligible[b]
            .cmp(&eligible[a])
            .then(scores[b].total_cmp(&scores[a]))
            .then(a.cmp(&b))
    });

    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    let mut redundant: Vec<usize> = Vec::new();
    let mut words = 0usize;
    let fits = |words: usize, index: usize| {
        budget
            .words
            .is_none_or(|limit| words + word_counts[index] <= limit)
    };
    for &index in &order {
        if chosen.len() == budget.sentences {
            break;
        }
        if !fits(words, index) {
            continue;
        }
        let repeats = vectors.is_some_and(|vectors| {
            chosen
                .range(index.saturating_sub(reach)..=index.saturating_add(reach))
                .any(|&other| dot(&vectors[index], &vectors[other]) > REDUNDANCY_THRESHOLD)
        });
        if repeats {
            redundant.push(index);
            continue;
        }
        words += word_counts[index];
        chosen.insert(index);
    }
    for index in redundant {
        if chosen.len() == budget.sentences {
            break;
        }
        if fits(words, index) {
            words += word_counts[index];
            chosen.insert(index);
        }
    }
    chosen.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `select` with no redundancy check and a budget of `sentences`.
    fn select_by_count(
        scores: &[f64],
        word_counts: &[usize],
        eligible: &[bool],
        sentences: usize,
    ) -> Vec<usize> {
        let budget = Budget {
            sentences,
            words: None,
        };
        select(scores, word_counts, eligible, None, usize::MAX, budget)
    }

    #[test]
    fn takes_the_best_sentences_in_document_order() {
        let scores = [0.1, 0.9, 0.5, 0.7];
        assert_eq!(
            select_by_count(&scores, &[5, 5, 5, 5], &[true; 4], 2),
            [1, 3]
        );
    }

    #[test]
    fn ties_go_to_the_earlier_sentence() {
        assert_eq!(
            select_by_count(&[0.5, 0.5, 0.5], &[1, 1, 1], &[true; 3], 1),
            [0]
        );
    }

    #[test]
    fn eligible_sentences_come_first_and_others_fill_in() {
        let eligible = [false, true, false, true];
        let scores = [0.9, 0.2, 0.8, 0.1];
        assert_eq!(select_by_count(&scores, &[5; 4], &eligible, 2), [1, 3]);
        assert_eq!(select_by_count(&scores, &[5; 4], &eligible, 3), [0, 1, 3]);
    }

    #[test]
    fn word_budget_is_never_exceeded_and_smaller_sentences_fill_it() {
        let budget = Budget {
            sentences: 4,
            words: Some(12),
        };
        let picked = select(
            &[0.9, 0.8, 0.7, 0.6],
            &[10, 5, 2, 3],
            &[true; 4],
            None,
            usize::MAX,
            budget,
        );
        assert_eq!(picked, [0, 2]);
        let nothing_fits = Budget {
            sentences: 4,
            words: Some(1),
        };
        assert!(
            select(
                &[0.9, 0.8],
                &[10, 5],
                &[true; 2],
                None,
                usize::MAX,
                nothing_fits
            )
            .is_empty()
        );
    }

    #[test]
    fn redundant_sentences_give_way_unless_nothing_else_is_left() {
        let same = vec![(0, 1.0)];
        let other = vec![(1, 1.0)];
        let vectors = [same.clone(), same, other];
        let budget = Budget {
            sentences: 2,
            words: None,
        };
        assert_eq!(
            select(
                &[0.9, 0.8, 0.1],
                &[3, 3, 3],
                &[true; 3],
                Some(&vectors),
                usize::MAX,
                budget
            ),
            [0, 2]
        );
        let budget = Budget {
            sentences: 3,
            words: None,
        };
        assert_eq!(
            select(
                &[0.9, 0.8, 0.1],
                &[3, 3, 3],
                &[true; 3],
                Some(&vectors),
                usize::MAX,
                budget
            ),
            [0, 1, 2]
        );
    }

    #[test]
    fn repeats_count_only_within_reach() {
        let same = vec![(0, 1.0)];
        let vectors = [same.clone(), vec![(1, 1.0)], vec![(2, 1.0)], same];
        let budget = Budget {
            sentences: 2,
            words: None,
        };
        let scores = [0.9, 0.1, 0.1, 0.8];
        let pick = |reach| select(&scores, &[3; 4], &[true; 4], Some(&vectors), reach, budget);
        assert_eq!(pick(3), [0, 1], "the repeat three sentences away gives way");
        assert_eq!(pick(2), [0, 3], "out of reach, it is no repeat");
    }
}
