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

/// What selection knows of each sentence of a document.
#[derive(Debug, Clone, Copy)]
pub struct Candidates<'a> {
    /// Each sentence's score; higher is better.
    pub scores: &'a [f64],
    /// Words in each sentence.
    pub word_counts: &'a [usize],
    /// Whether each sentence may stand in a summary; the others only fill
    /// in when too few eligible ones are left.
    pub eligible: &'a [bool],
    /// Whether each sentence leans on the one before it, and so is chosen
    /// only together with it.
    pub leans_back: &'a [bool],
    /// Each sentence's unit term vector, for the redundancy check; `None`
    /// skips it.
    pub vectors: Option<&'a [TermVector]>,
    /// How many sentences apart a repeat counts.
    pub reach: usize,
}

/// Picks sentences by descending score (ties to the earlier one) that fit
/// the budget, eligible ones before any other, skipping any too similar to
/// one already picked within `reach`; returns their indices in document
/// order. A sentence that leans on the one before it comes with that one
/// (and that one with its own, if it leans too) or not at all, so that no
/// summary opens a thought with "He" or "However" about something it left
/// out.
pub fn select(candidates: &Candidates, budget: Budget) -> Vec<usize> {
    let Candidates {
        scores,
        eligible,
        word_counts,
        ..
    } = *candidates;
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
    for &index in &order {
        if chosen.len() == budget.sentences {
            break;
        }
        let Some(group) = group_of(candidates, &chosen, index) else {
            continue;
        };
        let group_words: usize = group.clone().map(|i| word_counts[i]).sum();
        if !fits(budget, chosen.len() + group.len(), words + group_words) {
            continue;
        }
        if group.clone().any(|i| repeats(candidates, &chosen, i)) {
            redundant.push(index);
            continue;
        }
        words += group_words;
        chosen.extend(group);
    }
    for index in redundant {
        if chosen.len() == budget.sentences {
            break;
        }
        let Some(group) = group_of(candidates, &chosen, index) else {
            continue;
        };
        let group_words: usize = group.clone().map(|i| word_counts[i]).sum();
        if fits(budget, chosen.len() + group.len(), words + group_words) {
            words += group_words;
            chosen.extend(group);
        }
    }
    chosen.into_iter().collect()
}

/// The sentences that must join the summary for `index` to: `index` and
/// the run of sentences before it that each lean on their predecessor,
/// back to one that does not, the document's first, or one already chosen.
/// `None` when `index` is chosen already.
fn group_of(
    candidates: &Candidates,
    chosen: &BTreeSet<usize>,
    index: usize,
) -> Option<std::ops::Range<usize>> {
    if chosen.contains(&index) {
        return None;
    }
    let mut first = index;
    while first > 0 && candidates.leans_back[first] && !chosen.contains(&(first - 1)) {
        first -= 1;
    }
    Some(first..index + 1)
}

/// Whether a summary of `sentences` holding `words` words fits `budget`.
fn fits(budget: Budget, sentences: usize, words: usize) -> bool {
    sentences <= budget.sentences && budget.words.is_none_or(|limit| words <= limit)
}

/// Whether `index` says what a chosen sentence within reach says.
fn repeats(candidates: &Candidates, chosen: &BTreeSet<usize>, index: usize) -> bool {
    let reach = candidates.reach;
    candidates.vectors.is_some_and(|vectors| {
        chosen
            .range(index.saturating_sub(reach)..=index.saturating_add(reach))
            .any(|&other| dot(&vectors[index], &vectors[other]) > REDUNDANCY_THRESHOLD)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Candidates with `scores`, `word_counts` and `eligible`, none leaning
    /// back, with no redundancy check.
    fn plain<'a>(
        scores: &'a [f64],
        word_counts: &'a [usize],
        eligible: &'a [bool],
    ) -> Candidates<'a> {
        Candidates {
            scores,
            word_counts,
            eligible,
            leans_back: &NO_LEANING,
            vectors: None,
            reach: usize::MAX,
        }
    }

    const NO_LEANING: [bool; 8] = [false; 8];

    fn sentences(count: usize) -> Budget {
        Budget {
            sentences: count,
            words: None,
        }
    }

    /// `select` with no redundancy check and a budget of `count` sentences.
    fn select_by_count(
        scores: &[f64],
        word_counts: &[usize],
        eligible: &[bool],
        count: usize,
    ) -> Vec<usize> {
        select(&plain(scores, word_counts, eligible), sentences(count))
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
            &plain(&[0.9, 0.8, 0.7, 0.6], &[10, 5, 2, 3], &[true; 4]),
            budget,
        );
        assert_eq!(picked, [0, 2]);
        let nothing_fits = Budget {
            sentences: 4,
            words: Some(1),
        };
        assert!(select(&plain(&[0.9, 0.8], &[10, 5], &[true; 2]), nothing_fits).is_empty());
    }

    #[test]
    fn redundant_sentences_give_way_unless_nothing_else_is_left() {
        let same = vec![(0, 1.0)];
        let other = vec![(1, 1.0)];
        let vectors = [same.clone(), same, other];
        let candidates = Candidates {
            vectors: Some(&vectors),
            ..plain(&[0.9, 0.8, 0.1], &[3, 3, 3], &[true; 3])
        };
        assert_eq!(select(&candidates, sentences(2)), [0, 2]);
        assert_eq!(select(&candidates, sentences(3)), [0, 1, 2]);
    }

    #[test]
    fn repeats_count_only_within_reach() {
        let same = vec![(0, 1.0)];
        let vectors = [same.clone(), vec![(1, 1.0)], vec![(2, 1.0)], same];
        let scores = [0.9, 0.1, 0.1, 0.8];
        let pick = |reach| {
            let candidates = Candidates {
                vectors: Some(&vectors),
                reach,
                ..plain(&scores, &[3; 4], &[true; 4])
            };
            select(&candidates, sentences(2))
        };
        assert_eq!(pick(3), [0, 1], "the repeat three sentences away gives way");
        assert_eq!(pick(2), [0, 3], "out of reach, it is no repeat");
    }

    #[test]
    fn a_leaning_sentence_comes_with_the_one_before_or_not_at_all() {
        let scores = [0.5, 0.1, 0.9, 0.3, 0.2];
        let leans_back = [false, false, true, false, false];
        let candidates = Candidates {
            leans_back: &leans_back,
            ..plain(&scores, &[5; 5], &[true; 5])
        };
        assert_eq!(
            select(&candidates, sentences(3)),
            [0, 1, 2],
            "the best sentence brings the one it leans on"
        );
        assert_eq!(
            select(&candidates, sentences(1)),
            [0],
            "with room for one, the leaning sentence gives way"
        );
        let chain = [false, false, true, true, false];
        let candidates = Candidates {
            leans_back: &chain,
            ..plain(&[0.1, 0.2, 0.3, 0.9, 0.4], &[5; 5], &[true; 5])
        };
        assert_eq!(select(&candidates, sentences(3)), [1, 2, 3]);
        let first = [true, false, false, false, false];
        let candidates = Candidates {
            leans_back: &first,
            ..plain(&[0.9, 0.1, 0.1, 0.1, 0.1], &[5; 5], &[true; 5])
        };
        assert_eq!(
            select(&candidates, sentences(1)),
            [0],
            "the document's first sentence leans on nothing before it"
        );
    }

    #[test]
    fn a_leaning_pair_must_fit_the_word_budget_together() {
        let leans_back = [false, false, true];
        let candidates = Candidates {
            leans_back: &leans_back,
            ..plain(&[0.1, 0.2, 0.9], &[4, 6, 5], &[true; 3])
        };
        let budget = Budget {
            sentences: 3,
            words: Some(10),
        };
        assert_eq!(select(&candidates, budget), [0, 1]);
    }
}
