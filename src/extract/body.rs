//! The article body: the extractor's text split into paragraphs, with the
//! page furniture it lets through (bylines, timestamps, share and
//! navigation widgets, the repeated title) dropped.

use super::structured::collapse;
use crate::text::{LineSource, SentenceWords, classify_furniture, words};

/// The paragraphs of the extracted `content`, one per non-empty line,
/// without furniture.
pub fn paragraphs(content: &str, title: Option<&str>) -> Vec<String> {
    let lines: Vec<&str> = content
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let title_words: Option<Vec<&str>> = title.map(|title| words(title).collect());
    let kinds = classify_furniture(
        &lines,
        &SentenceWords::new(&lines),
        title_words.as_deref(),
        LineSource::Extracted,
    );
    lines
        .iter()
        .zip(kinds)
        .filter(|(_, kind)| kind.is_none())
        .map(|(line, _)| collapse(line))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines_are_dropped_and_whitespace_collapsed() {
        let content = "Harbour library reopens\n   By JANE ROE \n  11/20/2019 01:14 PM\n\
            The old harbour library   opened again on Monday.\n\nShare this article\n";
        assert_eq!(
            paragraphs(content, Some("Harbour library reopens")),
            ["The old harbour library opened again on Monday."]
        );
    }
}
