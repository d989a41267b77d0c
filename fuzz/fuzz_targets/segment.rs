//! Segmentation of any text in any language: pieces in order, without
//! overlap, on character boundaries, holding every non-space character.

#![no_main]

use libfuzzer_sys::fuzz_target;
use precis::text::{Language, segments, split_sentences};

fuzz_target!(|input: (u8, &str)| {
    let (choice, text) = input;
    let languages = Language::ALL;
    let language = languages
        .get(usize::from(choice))
        .copied()
        .unwrap_or(Language::Undetermined);
    let pieces = segments(text, language);
    let mut previous_end = 0;
    for range in &pieces {
        assert!(range.start < range.end && range.start >= previous_end);
        assert_eq!(text[range.clone()].trim(), &text[range.clone()]);
        previous_end = range.end;
    }
    let covered = pieces
        .iter()
        .flat_map(|range| text[range.clone()].chars())
        .filter(|c| !c.is_whitespace());
    assert!(covered.eq(text.chars().filter(|c| !c.is_whitespace())));
    let sentences = split_sentences(text, language);
    assert!(sentences.iter().all(|range| pieces.contains(range)));
});
