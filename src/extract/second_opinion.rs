//! A second extractor's opinion, taken when the primary's body looks wrong.
//!
//! rs-trafilatura finds the article on most pages, but on some it returns
//! the whole page run together into one line, or the article followed by
//! comments and teasers of other stories. dom_smoothie (a Readability port
//! on the same HTML parser) fails differently, so when the two disagree in
//! one of these measurable ways its body is the better one:
//!
//! - the primary's text is one run-on block: a single line holds most of
//!   its words and is longer than any real paragraph;
//! - the second body is nearly all inside the primary's and the primary
//!   has much more: both found the article, and the surplus only one of
//!   them kept is the page around it.
//!
//! Text is compared by 4-word shingles, so reordering and whitespace do not
//! matter.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::text::words;

/// A paragraph this long (in words) that holds most of the text is the
/// page run together, not a paragraph.
const RUN_ON_WORDS: usize = 200;
/// Share of the second body's shingles that must be in the primary's for
/// the primary's surplus to count as page furniture.
const MIN_CONTAINED: f64 = 0.95;
/// The primary's surplus must be at least this share of the second body...
const MIN_SURPLUS: f64 = 0.10;
/// ...and the second body at least this share of the primary, so that a
/// fragment found by the second extractor never replaces a whole article.
const MIN_KEPT: f64 = 0.5;
/// Words per shingle.
const SHINGLE: usize = 4;

/// Which of the two extracted texts (lines are paragraphs) holds the
/// article: `primary` unless `second` is better by the rules above.
pub fn choose<'a>(primary: &'a str, second: &'a str) -> &'a str {
    let second_words = words(second).count();
    if second_words == 0 {
        return primary;
    }
    if is_run_on(primary) && !is_run_on(second) {
        return second;
    }
    let primary_words = words(primary).count() as f64;
    let second_words = second_words as f64;
    let surplus = primary_words >= second_words * (1.0 + MIN_SURPLUS)
        && second_words >= primary_words * MIN_KEPT;
    if surplus && contained_share(second, primary) >= MIN_CONTAINED {
        second
    } else {
        primary
    }
}

/// One line holds more than half of the text's words and more than a
/// paragraph's worth.
fn is_run_on(text: &str) -> bool {
    let total = words(text).count();
    let longest = text
        .lines()
        .map(|line| words(line).count())
        .max()
        .unwrap_or(0);
    longest >= RUN_ON_WORDS && longest * 2 > total
}

/// The share of `inner`'s shingles that also occur in `outer`.
fn contained_share(inner: &str, outer: &str) -> f64 {
    let outer: HashSet<u64> = shingles(outer).collect();
    let (mut found, mut total) = (0usize, 0usize);
    for shingle in shingles(inner) {
        total += 1;
        found += usize::from(outer.contains(&shingle));
    }
    if total == 0 {
        0.0
    } else {
        found as f64 / total as f64
    }
}

/// The text's runs of [`SHINGLE`] consecutive words, lowercased, hashed.
fn shingles(text: &str) -> impl Iterator<Item = u64> {
    let tokens: Vec<String> = words(text).map(str::to_lowercase).collect();
    let count = tokens.len().saturating_sub(SHINGLE - 1);
    (0..count).map(move |start| {
        let mut hasher = DefaultHasher::new();
        tokens[start..start + SHINGLE].hash(&mut hasher);
        hasher.finish()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: [&str; 3] = [
        "The old harbour library opened its doors again on Monday after two years of repairs.",
        "Workers replaced the leaking roof, rebuilt the reading room and restored the maps.",
        "The council said the building would stay open late on Thursdays from next month.",
    ];

    fn sentence(n: usize) -> String {
        format!(
            "Reader number {n} wrote that the new opening hours suit families with children well."
        )
    }

    #[test]
    fn a_page_run_together_gives_way_to_separate_paragraphs() {
        let run_on = (0..30).map(sentence).collect::<Vec<_>>().join(" ");
        let primary = format!("{run_on}\nContact us");
        let second = ARTICLE.join("\n");
        assert_eq!(choose(&primary, &second), second);
        assert_eq!(
            choose(&second, &primary),
            second,
            "a run-on second is never taken"
        );
    }

    #[test]
    fn a_surplus_of_other_text_gives_way_to_the_shared_article() {
        let second = ARTICLE.join("\n");
        let primary = format!("{second}\n{}", sentence(1));
        assert_eq!(choose(&primary, &second), second);
    }

    #[test]
    fn the_primary_stays_when_the_second_misses_or_adds_text() {
        let primary = ARTICLE.join("\n");
        let fragment = ARTICLE[0];
        assert_eq!(
            choose(&primary, fragment),
            primary,
            "a fragment is too small"
        );
        let other = format!("{}\n{}", ARTICLE[0], sentence(2));
        assert_eq!(
            choose(&primary, &other),
            primary,
            "the second is not inside"
        );
        let longer = format!("{primary}\n{}", sentence(3));
        assert_eq!(choose(&primary, &longer), primary);
        assert_eq!(choose(&primary, ""), primary);
        let close = format!("{primary} Late.");
        assert_eq!(
            choose(&close, &primary),
            close,
            "a surplus of one word is noise"
        );
    }
}
