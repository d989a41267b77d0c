//! Sentence similarity graphs and PageRank over them.
//!
//! A sparse similarity graph is built through an inverted index (only
//! sentences that share a term are compared); PageRank over it says how
//! central each sentence is.

use std::ops::Range;

use rayon::prelude::*;

use super::analysis::{Analysis, TermVector};

/// A symmetric weighted graph: for each sentence, its neighbours by index
/// with positive edge weights, sorted by index.
pub type Graph = Vec<Vec<(u32, f32)>>;

/// Another sentence within reach that shares at least one term with a
/// given one.
pub struct Neighbour {
    /// Its index among the document's sentences.
    pub index: u32,
    /// The cosine of the two TF-IDF vectors.
    pub cosine: f32,
    /// How many distinct terms the two share.
    pub shared_terms: f32,
}

/// Documents with more sentences than this build their graphs and run
/// PageRank's rounds on every core; below it the hand-off would cost more
/// than it saves. The results are the same either way, bit for bit: every
/// row is computed alone, in the same order of additions.
const PARALLEL_SENTENCES: usize = 4096;

/// Row `i` of the result is `row(i, neighbours)`, for every sentence `i`,
/// with the sentences at most `analysis.reach` apart that share a term with
/// it, sorted by index. Pairs are found through postings lists, so work
/// grows with shared terms within reach, not with all pairs; one pass
/// serves every graph built from it. A long document's rows are built in
/// blocks on every core.
fn neighbourhood_rows<R: Send>(
    analysis: &Analysis,
    row: impl Fn(usize, &[Neighbour]) -> R + Sync,
) -> Vec<R> {
    let count = analysis.vectors.len();
    let postings = Postings::new(&analysis.vectors, analysis.vocabulary_size);
    if count <= PARALLEL_SENTENCES {
        return Neighbourhoods::new(analysis, &postings).rows(0..count, &row);
    }
    let block = count.div_ceil(2 * rayon::current_num_threads());
    (0..count)
        .into_par_iter()
        .step_by(block)
        .flat_map_iter(|start| {
            Neighbourhoods::new(analysis, &postings).rows(start..count.min(start + block), &row)
        })
        .collect()
}

/// What finding the neighbours of a run of sentences needs besides the
/// postings: a sum per sentence, and where each term's postings come within
/// reach.
struct Neighbourhoods<'a> {
    analysis: &'a Analysis,
    postings: &'a Postings,
    cosines: Vec<f32>,
    shared: Vec<f32>,
    touched: Vec<u32>,
    neighbours: Vec<Neighbour>,
    /// How many of each term's postings lie before the reach, `usize::MAX`
    /// until the term is first met. The reach only moves forward, so each
    /// count goes on from where it was: a long document walks each postings
    /// list once instead of searching it at every sentence that has the
    /// term.
    passed: Vec<usize>,
}

impl<'a> Neighbourhoods<'a> {
    fn new(analysis: &'a Analysis, postings: &'a Postings) -> Self {
        let count = analysis.vectors.len();
        Neighbourhoods {
            analysis,
            postings,
            cosines: vec![0.0; count],
            shared: vec![0.0; count],
            touched: Vec::new(),
            neighbours: Vec::new(),
            passed: Vec::new(),
        }
    }

    /// `row(i, neighbours of i)` for each sentence `i` of `sentences`, in
    /// order.
    fn rows<R>(
        mut self,
        sentences: Range<usize>,
        row: impl Fn(usize, &[Neighbour]) -> R,
    ) -> Vec<R> {
        let reach = self.analysis.reach;
        // Short documents never leave the reach's start and need no counts.
        if sentences.end > reach + 1 {
            self.passed
                .resize(self.analysis.vocabulary_size, usize::MAX);
        }
        let mut rows = Vec::with_capacity(sentences.len());
        for i in sentences {
            let nearest = i.saturating_sub(reach);
            let farthest = i.saturating_add(reach);
            for &(term, weight) in &self.analysis.vectors[i] {
                let posting = self.postings.of(term);
                let start = match nearest {
                    0 => 0,
                    _ => {
                        let passed = &mut self.passed[term as usize];
                        if *passed == usize::MAX {
                            *passed = posting.partition_point(|&(j, _)| (j as usize) < nearest);
                        }
                        while posting
                            .get(*passed)
                            .is_some_and(|&(j, _)| (j as usize) < nearest)
                        {
                            *passed += 1;
                        }
                        *passed
                    }
                };
                for &(j, other) in &posting[start..] {
                    if j as usize > farthest {
                        break;
                    }
                    if j as usize == i {
                        continue;
                    }
                    if self.shared[j as usize] == 0.0 {
                        self.touched.push(j);
                    }
                    self.cosines[j as usize] += weight * other;
                    self.shared[j as usize] += 1.0;
                }
            }
            self.touched.sort_unstable();
            let (cosines, shared) = (&mut self.cosines, &mut self.shared);
            self.neighbours
                .extend(self.touched.drain(..).map(|j| Neighbour {
                    index: j,
                    cosine: std::mem::take(&mut cosines[j as usize]),
                    shared_terms: std::mem::take(&mut shared[j as usize]),
                }));
            rows.push(row(i, &self.neighbours));
            self.neighbours.clear();
        }
        rows
    }
}

/// The LexRank graph: TF-IDF cosine similarity.
pub fn cosine_graph(analysis: &Analysis) -> Graph {
    neighbourhood_rows(analysis, |_, neighbours| cosine_edges(neighbours))
}

/// The TextRank graph: shared distinct terms over the log of the lengths.
pub fn overlap_graph(analysis: &Analysis) -> Graph {
    let overlap = OverlapWeights::new(analysis);
    neighbourhood_rows(analysis, |i, neighbours| overlap.edges(i, neighbours))
}

/// The cosine and the overlap graph from one pass over the sentence pairs,
/// for the default ranking, which needs both.
pub fn cosine_and_overlap_graphs(analysis: &Analysis) -> (Graph, Graph) {
    let overlap = OverlapWeights::new(analysis);
    neighbourhood_rows(analysis, |i, neighbours| {
        (cosine_edges(neighbours), overlap.edges(i, neighbours))
    })
    .into_iter()
    .unzip()
}

/// The cosine edges of one sentence: every neighbour of positive cosine.
fn cosine_edges(neighbours: &[Neighbour]) -> Vec<(u32, f32)> {
    let mut edges = Vec::with_capacity(neighbours.len());
    edges.extend(
        neighbours
            .iter()
            .filter(|neighbour| neighbour.cosine > 0.0)
            .map(|neighbour| (neighbour.index, neighbour.cosine)),
    );
    edges
}

/// TextRank's normalisation: the log of each sentence's length in words.
struct OverlapWeights {
    logs: Vec<f32>,
}

impl OverlapWeights {
    fn new(analysis: &Analysis) -> Self {
        OverlapWeights {
            logs: analysis
                .word_counts
                .iter()
                .map(|&length| (length as f32).ln())
                .collect(),
        }
    }

    /// The overlap edges of sentence `i`: shared terms over the summed logs
    /// of the two lengths, where that sum is positive.
    fn edges(&self, i: usize, neighbours: &[Neighbour]) -> Vec<(u32, f32)> {
        let mut edges = Vec::with_capacity(neighbours.len());
        edges.extend(neighbours.iter().filter_map(|neighbour| {
            let norm = self.logs[i] + self.logs[neighbour.index as usize];
            let overlap = neighbour.shared_terms;
            let weight = if norm > 0.0 { overlap / norm } else { overlap };
            (weight > 0.0).then_some((neighbour.index, weight))
        }));
        edges
    }
}

/// For each term, the sentences that have it and its weight there, in
/// sentence order: one flat array rather than a list a term, since a
/// document has hundreds of terms and a list each cost as much to allocate
/// as the comparisons themselves.
struct Postings {
    entries: Vec<(u32, f32)>,
    /// Where each term's entries start in `entries`, and after the last
    /// term, where they end.
    starts: Vec<usize>,
}

impl Postings {
    fn new(vectors: &[TermVector], vocabulary_size: usize) -> Self {
        let mut starts = vec![0; vocabulary_size + 1];
        for &(term, _) in vectors.iter().flatten() {
            starts[term as usize + 1] += 1;
        }
        for term in 0..vocabulary_size {
            starts[term + 1] += starts[term];
        }
        let mut next = starts.clone();
        let mut entries = vec![(0, 0.0); starts[vocabulary_size]];
        for (sentence, vector) in vectors.iter().enumerate() {
            for &(term, weight) in vector {
                entries[next[term as usize]] = (sentence as u32, weight);
                next[term as usize] += 1;
            }
        }
        Postings { entries, starts }
    }

    /// The sentences that have `term`, with its weight in each.
    fn of(&self, term: u32) -> &[(u32, f32)] {
        &self.entries[self.starts[term as usize]..self.starts[term as usize + 1]]
    }
}

/// Probability of following an edge rather than jumping anywhere.
const DAMPING: f64 = 0.85;
/// Stop once no score moves by more than this.
const TOLERANCE: f64 = 1e-7;
/// Stop after this many rounds whatever the change.
const MAX_ITERATIONS: usize = 200;
/// Sentences a round hands to one core at a time (even, as rows go in
/// pairs).
const ROUND_BLOCK: usize = 1024;

/// PageRank by power iteration. Sentences with no edges spread their mass
/// evenly, so scores always sum to 1.
pub fn pagerank(graph: &Graph) -> Vec<f64> {
    let [scores] = pageranks([graph]);
    scores
}

/// The PageRank of each of `graphs`, all over the same sentences, in one
/// pass over their edges per round: each score read serves every graph, and
/// the graphs' sums run side by side. Each graph's scores are exactly those
/// [`pagerank`] gives it alone: a graph's missing edges add nothing, in the
/// same order, and a graph stops changing at its own convergence.
pub fn pageranks<const N: usize>(graphs: [&Graph; N]) -> [Vec<f64>; N] {
    let count = graphs[0].len();
    if count == 0 {
        return std::array::from_fn(|_| Vec::new());
    }
    let uniform = 1.0 / count as f64;
    let out_weights: [Vec<f64>; N] = graphs.map(|graph| {
        graph
            .iter()
            .map(|edges| edges.iter().map(|&(_, w)| f64::from(w)).sum())
            .collect()
    });
    let dangling: [Vec<usize>; N] =
        std::array::from_fn(|g| (0..count).filter(|&i| out_weights[g][i] == 0.0).collect());
    let flow = Flow::new(graphs, &out_weights);
    let mut scores = vec![[uniform; N]; count];
    let mut next = scores.clone();
    let mut converged = [false; N];
    for _ in 0..MAX_ITERATIONS {
        let base: [f64; N] = std::array::from_fn(|g| {
            let dangling_mass: f64 = dangling[g].iter().map(|&i| scores[i][g]).sum();
            (1.0 - DAMPING) * uniform + DAMPING * dangling_mass * uniform
        });
        let round = |(block, next): (usize, &mut [[f64; N]])| {
            for (pair, next) in next.chunks_mut(2).enumerate() {
                let inflows = flow.inflows(block * ROUND_BLOCK + 2 * pair, &scores);
                for (next, inflow) in next.iter_mut().zip(inflows) {
                    for g in 0..N {
                        if !converged[g] {
                            next[g] = base[g] + DAMPING * inflow[g];
                        }
                    }
                }
            }
        };
        if count > PARALLEL_SENTENCES {
            next.par_chunks_mut(ROUND_BLOCK).enumerate().for_each(round);
        } else {
            round((0, &mut next));
        }
        for (g, converged) in converged.iter_mut().enumerate() {
            *converged |= scores
                .iter()
                .zip(&next)
                .all(|(a, b)| (a[g] - b[g]).abs() < TOLERANCE);
        }
        std::mem::swap(&mut scores, &mut next);
        if converged.iter().all(|&done| done) {
            break;
        }
    }
    std::array::from_fn(|g| scores.iter().map(|score| score[g]).collect())
}

/// The share of each neighbour's score that flows along each edge of
/// several graphs: the union of their edges, zero where a graph lacks one,
/// sentence after sentence. Neighbours and shares lie in separate arrays, so
/// an edge takes no padding: a long document's edges outgrow the cache, and
/// every round reads them all.
struct Flow<const N: usize> {
    neighbours: Vec<u32>,
    /// The shares of the edge to the neighbour at the same place.
    shares: Vec<[f64; N]>,
    /// Where each sentence's edges end in both arrays.
    ends: Vec<usize>,
}

impl<const N: usize> Flow<N> {
    fn new(graphs: [&Graph; N], out_weights: &[Vec<f64>; N]) -> Self {
        let count = graphs[0].len();
        let most_edges = graphs
            .iter()
            .map(|graph| graph.iter().map(Vec::len).sum::<usize>())
            .max()
            .unwrap_or(0);
        let mut neighbours = Vec::with_capacity(most_edges);
        let mut shares = Vec::with_capacity(most_edges);
        let mut ends = Vec::with_capacity(count);
        for rows in (0..count).map(|i| graphs.map(|graph| &graph[i])) {
            let mut cursors = [0; N];
            // Rows are sorted by neighbour: merge them.
            while let Some(j) = (0..N)
                .filter_map(|g| rows[g].get(cursors[g]).map(|&(j, _)| j))
                .min()
            {
                let mut edge = [0.0; N];
                for g in 0..N {
                    if let Some(&(k, w)) = rows[g].get(cursors[g])
                        && k == j
                    {
                        edge[g] = f64::from(w) / out_weights[g][j as usize];
                        cursors[g] += 1;
                    }
                }
                neighbours.push(j);
                shares.push(edge);
            }
            ends.push(neighbours.len());
        }
        Flow {
            neighbours,
            shares,
            ends,
        }
    }

    /// The edges into sentence `i`: its neighbours and their shares.
    #[inline]
    fn edges(&self, i: usize) -> (&[u32], &[[f64; N]]) {
        let edges = i.checked_sub(1).map_or(0, |before| self.ends[before])..self.ends[i];
        (&self.neighbours[edges.clone()], &self.shares[edges])
    }

    /// The score flowing into each graph's sentences `first` and, when
    /// there is one, `first + 1`. The two rows' sums run side by side, each
    /// still adding its edges in order: the results are exactly those of
    /// one row at a time, while the processor overlaps the additions that
    /// one row would have to wait for one after another.
    fn inflows(&self, first: usize, scores: &[[f64; N]]) -> [[f64; N]; 2] {
        let one = self.edges(first);
        let two = if first + 1 < self.ends.len() {
            self.edges(first + 1)
        } else {
            (&[][..], &[][..])
        };
        let side_by_side = one.0.len().min(two.0.len());
        let mut inflows = [[0.0; N]; 2];
        let (one_neighbours, one_shares) = (&one.0[..side_by_side], &one.1[..side_by_side]);
        let (two_neighbours, two_shares) = (&two.0[..side_by_side], &two.1[..side_by_side]);
        for edge in 0..side_by_side {
            let score = scores[one_neighbours[edge] as usize];
            let other_score = scores[two_neighbours[edge] as usize];
            for g in 0..N {
                inflows[0][g] += one_shares[edge][g] * score[g];
                inflows[1][g] += two_shares[edge][g] * other_score[g];
            }
        }
        for (inflow, (neighbours, shares)) in inflows.iter_mut().zip([one, two]) {
            let rest = neighbours[side_by_side..]
                .iter()
                .zip(&shares[side_by_side..]);
            for (&j, shares) in rest {
                let score = scores[j as usize];
                for g in 0..N {
                    inflow[g] += shares[g] * score[g];
                }
            }
        }
        inflows
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::text::Language;

    /// Four sentences, the third off the topic of the others.
    pub(in crate::summarize) const TEXT: &str = "The river flooded the old town overnight. \
        Rescue teams moved families from the flooded town by boat. \
        A local bakery won a prize for its rye bread. \
        The flood in the town was the worst in forty years, rescue teams said.";

    #[test]
    fn pagerank_scores_sum_to_one_and_favour_the_hub() {
        let graph: Graph = vec![
            vec![(1, 1.0), (2, 1.0)],
            vec![(0, 1.0)],
            vec![(0, 1.0)],
            vec![],
        ];
        let scores = pagerank(&graph);
        assert!((scores.iter().sum::<f64>() - 1.0).abs() < 1e-6);
        assert!(scores[0] > scores[1] && scores[1] > scores[3]);
        assert!((scores[1] - scores[2]).abs() < 1e-12);
    }

    #[test]
    fn joint_pagerank_equals_each_graph_alone() {
        let analysis = Analysis::new(TEXT, None, Language::English);
        let (cosine, overlap) = cosine_and_overlap_graphs(&analysis);
        // One graph converges in fewer rounds when it lacks most edges.
        let sparse: Graph = cosine
            .iter()
            .enumerate()
            .map(|(i, edges)| {
                edges
                    .iter()
                    .copied()
                    .filter(|&(j, _)| i + j as usize == 3)
                    .collect()
            })
            .collect();
        for (a, b) in [(&cosine, &overlap), (&sparse, &overlap), (&cosine, &sparse)] {
            let [joint_a, joint_b] = pageranks([a, b]);
            assert_eq!(joint_a, pagerank(a));
            assert_eq!(joint_b, pagerank(b));
        }
    }

    /// PageRank as textbook power iteration, one sentence's sum at a time,
    /// with the same arithmetic in the same order as [`pageranks`].
    fn pagerank_row_by_row(graph: &Graph) -> Vec<f64> {
        let count = graph.len();
        let uniform = 1.0 / count as f64;
        let out: Vec<f64> = graph
            .iter()
            .map(|edges| edges.iter().map(|&(_, w)| f64::from(w)).sum())
            .collect();
        let mut scores = vec![uniform; count];
        for _ in 0..MAX_ITERATIONS {
            let dangling: f64 = (0..count)
                .filter(|&i| out[i] == 0.0)
                .map(|i| scores[i])
                .sum();
            let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
            let next: Vec<f64> = graph
                .iter()
                .map(|edges| {
                    let inflow = edges.iter().fold(0.0, |sum, &(j, w)| {
                        sum + f64::from(w) / out[j as usize] * scores[j as usize]
                    });
                    base + DAMPING * inflow
                })
                .collect();
            let converged = scores
                .iter()
                .zip(&next)
                .all(|(a, b)| (a - b).abs() < TOLERANCE);
            scores = next;
            if converged {
                break;
            }
        }
        scores
    }

    /// A symmetric graph, as the similarity graphs are, of `count`
    /// sentences with the edges `pairs` (weights in sevenths) that fall
    /// inside it; rows come out sorted by neighbour.
    fn symmetric_graph(count: usize, pairs: &std::collections::BTreeMap<(u32, u32), u32>) -> Graph {
        let mut graph: Graph = vec![Vec::new(); count];
        for (&(i, j), &sevenths) in pairs {
            if i < j && (j as usize) < count {
                let weight = sevenths as f32 / 7.0;
                graph[i as usize].push((j, weight));
                graph[j as usize].push((i, weight));
            }
        }
        graph
    }

    proptest::proptest! {
        // Odd and even sentence counts, rows of uneven length, sentences
        // without edges: the cases where sentences are summed side by side.
        #[test]
        fn pagerank_is_bit_for_bit_the_row_by_row_iteration(
            count in 1usize..40,
            pairs in proptest::collection::btree_map((0u32..40, 0u32..40), 1u32..98, 0..400),
        ) {
            let graph = symmetric_graph(count, &pairs);
            proptest::prop_assert_eq!(pagerank(&graph), pagerank_row_by_row(&graph));
        }
    }

    /// A document long enough to be ranked on every core, whose sentences
    /// share terms unevenly: each takes eight words of a list of forty.
    fn long_story() -> Analysis {
        const WORDS: [&str; 40] = [
            "harbour",
            "crew",
            "rope",
            "ferry",
            "storm",
            "island",
            "pier",
            "wave",
            "sail",
            "anchor",
            "captain",
            "tide",
            "cargo",
            "deck",
            "lighthouse",
            "gull",
            "net",
            "fish",
            "boat",
            "mast",
            "coast",
            "rock",
            "wind",
            "rain",
            "beacon",
            "dock",
            "hull",
            "oar",
            "keel",
            "bay",
            "cliff",
            "shore",
            "reef",
            "buoy",
            "cabin",
            "galley",
            "map",
            "compass",
            "lantern",
            "signal",
        ];
        let text: String = (0..PARALLEL_SENTENCES * 2 + 7)
            .map(|i| {
                let words: Vec<&str> = (0..8).map(|k| WORDS[(i * 7 + k * k * 13) % 40]).collect();
                format!("The {}. ", words.join(" "))
            })
            .collect();
        Analysis::new(&text, None, Language::English)
    }

    #[test]
    fn long_documents_rank_on_every_core_as_on_one() {
        let analysis = long_story();
        let count = analysis.vectors.len();
        assert!(count > PARALLEL_SENTENCES);
        let overlap = OverlapWeights::new(&analysis);
        let row = |i: usize, neighbours: &[Neighbour]| {
            (cosine_edges(neighbours), overlap.edges(i, neighbours))
        };
        let postings = Postings::new(&analysis.vectors, analysis.vocabulary_size);
        let one_block = Neighbourhoods::new(&analysis, &postings).rows(0..count, row);
        let (cosine, overlap_graph) = cosine_and_overlap_graphs(&analysis);
        let (one_cosine, one_overlap): (Graph, Graph) = one_block.into_iter().unzip();
        assert_eq!(cosine, one_cosine);
        assert_eq!(overlap_graph, one_overlap);
        assert!(cosine.iter().any(|edges| edges.len() > 1));
        assert_eq!(pagerank(&cosine), pagerank_row_by_row(&cosine));
        assert_eq!(
            pagerank(&overlap_graph),
            pagerank_row_by_row(&overlap_graph)
        );
    }

    /// A document whose sentences all share the term "harbour".
    fn harbour_story(sentences: usize) -> String {
        (0..sentences)
            .map(|i| format!("The harbour crew number {i} checked the ropes again. "))
            .collect()
    }

    #[test]
    fn short_documents_compare_every_pair_and_long_ones_only_neighbours() {
        use crate::summarize::analysis::{FULL_GRAPH_SENTENCES, LOCAL_REACH};
        let short = Analysis::new(&harbour_story(100), None, Language::English);
        let graph = cosine_graph(&short);
        assert!(graph.iter().all(|edges| edges.len() == 99));

        let long_count = FULL_GRAPH_SENTENCES * 4;
        let long = Analysis::new(&harbour_story(long_count), None, Language::English);
        assert_eq!(long.sentences.len(), long_count);
        let graph = cosine_graph(&long);
        let edges: usize = graph.iter().map(Vec::len).sum();
        assert!(edges <= long_count * 2 * LOCAL_REACH, "{edges} edges");
        assert_eq!(graph[long_count / 2].len(), 2 * LOCAL_REACH);
        for (i, neighbours) in graph.iter().enumerate() {
            assert!(
                neighbours
                    .iter()
                    .all(|&(j, _)| (j as usize).abs_diff(i) <= LOCAL_REACH)
            );
        }
    }

    #[test]
    fn cosine_graph_is_symmetric_and_skips_unrelated_pairs() {
        let analysis = Analysis::new(TEXT, None, Language::English);
        let graph = cosine_graph(&analysis);
        assert!(
            graph[2].is_empty(),
            "the bakery shares no term: {:?}",
            graph[2]
        );
        for (i, edges) in graph.iter().enumerate() {
            for &(j, w) in edges {
                let back = graph[j as usize]
                    .iter()
                    .find(|&&(k, _)| k as usize == i)
                    .map(|&(_, w)| w);
                assert!(back.is_some_and(|b| (b - w).abs() < 1e-6));
            }
        }
    }
}
