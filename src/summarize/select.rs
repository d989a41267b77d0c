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
    /// Whether only eligible sentences may fill the budget. A count of
    /// sentences asks for that many lines, and takes headlines and
    /// fragments when too few sentences are left; a word or ratio budget
    /// asks for prose, and never pads it with them.
    pub eligible_only: bool,
}

/// The sentences chosen for a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Their indices, in document order.
    pub indices: Vec<usize>,
    /// Whether they hold more words than the budget: no sentence fitted, so
    /// the best one that stands alone was taken rather than none.
    pub over_budget: bool,
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
    /// in when too few eligible ones are left, and never a budget that is
    /// [`Budget::eligible_only`].
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
/// the budget, eligible ones before any other (and, for a budget that is
/// [`Budget::eligible_only`], no other), skipping any too similar to one
/// already picked within `reach`. A sentence that leans on the one before
/// it comes with that one (and that one with its own, if it leans too) or
/// not at all, so that no summary opens a thought with "He" or "However"
/// about something it left out. When no sentence fits the word budget, the
/// best one that stands alone is the summary, over budget.
pub fn select(candidates: &Candidates, budget: Budget) -> Selection {
    let Candidates {
        scores,
        eligible,
        word_counts,
        ..
    } = *candidates;
    let usable = |index: usize| eligible[index] || !budget.eligible_only;
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| usable(i)).collect();
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
        if !group.clone().all(usable) {
            continue;
        }
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
    let mut over_budget = false;
    if chosen.is_empty() && budget.words.is_some() {
        let best_alone = order
            .iter()
            .copied()
            .find(|&index| index == 0 || !candidates.leans_back[index]);
        over_budget = best_alone.is_some();
        chosen.extend(best_alone);
    }
    Selection {
        indices: chosen.into_iter().collect(),
        over_budget,
    }
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
            eligible_only: false,
        }
    }

    /// A budget of `limit` words, filled with eligible sentences only.
    fn words(limit: usize) -> Budget {
        Budget {
            sentences: 8,
            words: Some(limit),
            eligible_only: true,
        }
    }

    /// `select` with no redundancy check and a budget of `count` sentences.
    fn select_by_count(
        scores: &[f64],
        word_counts: &[usize],
        eligible: &[bool],
        count: usize,
    ) -> Vec<usize> {
        select(&plain(scores, word_counts, eligible), sentences(count)).indices
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
        let picked = select(
            &plain(&[0.9, 0.8, 0.7, 0.6], &[10, 5, 2, 3], &[true; 4]),
            words(12),
        );
        assert_eq!(
            picked,
            Selection {
                indices: vec![0, 2],
                over_budget: false
            }
        );
    }

    #[test]
    fn word_budgets_take_no_ineligible_sentence_even_where_it_fits() {
        let eligible = [true, false, true, false];
        let candidates = plain(&[0.9, 0.8, 0.7, 0.6], &[10, 3, 8, 2], &eligible);
        let picked = select(&candidates, words(15));
        assert_eq!(picked.indices, [0], "the 3- and 2-word lines stay out");
        let padded = Budget {
            eligible_only: false,
            ..words(15)
        };
        assert_eq!(select(&candidates, padded).indices, [0, 1, 3]);
    }

    #[test]
    fn a_sentence_leaning_on_an_ineligible_one_stays_out_of_word_budgets() {
        let leans_back = [false, false, true, false];
        let candidates = Candidates {
            leans_back: &leans_back,
            ..plain(
                &[0.1, 0.2, 0.9, 0.5],
                &[6, 3, 6, 6],
                &[true, false, true, true],
            )
        };
        assert_eq!(select(&candidates, words(20)).indices, [0, 3]);
    }

    #[test]
    fn when_nothing_fits_the_best_sentence_that_stands_alone_is_over_budget() {
        let leans_back = [false, true, false];
        let candidates = Candidates {
            leans_back: &leans_back,
            ..plain(&[0.5, 0.9, 0.7], &[20, 12, 15], &[true; 3])
        };
        assert_eq!(
            select(&candidates, words(10)),
            Selection {
                indices: vec![2],
                over_budget: true
            },
            "the best sentence leans on the one before it; the next stands alone"
        );
        let fragments_only = plain(&[0.8, 0.9], &[3, 2], &[false; 2]);
        let anything = Budget {
            eligible_only: false,
            ..words(1)
        };
        assert_eq!(
            select(&fragments_only, anything),
            Selection {
                indices: vec![1],
                over_budget: true
            },
            "a document of fragments still gets its best one"
        );
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
        assert_eq!(select(&candidates, sentences(2)).indices, [0, 2]);
        assert_eq!(select(&candidates, sentences(3)).indices, [0, 1, 2]);
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
            select(&candidates, sentences(2)).indices
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
            select(&candidates, sentences(3)).indices,
            [0, 1, 2],
            "the best sentence brings the one it leans on"
        );
        assert_eq!(
            select(&candidates, sentences(1)).indices,
            [0],
            "with room for one, the leaning sentence gives way"
        );
        let chain = [false, false, true, true, false];
        let candidates = Candidates {
            leans_back: &chain,
            ..plain(&[0.1, 0.2, 0.3, 0.9, 0.4], &[5; 5], &[true; 5])
        };
        assert_eq!(select(&candidates, sentences(3)).indices, [1, 2, 3]);
        let first = [true, false, false, false, false];
        let candidates = Candidates {
            leans_back: &first,
            ..plain(&[0.9, 0.1, 0.1, 0.1, 0.1], &[5; 5], &[true; 5])
        };
        assert_eq!(
            select(&candidates, sentences(1)).indices,
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
        assert_eq!(select(&candidates, words(10)).indices, [0, 1]);
    }
}
