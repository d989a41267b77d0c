//! The whitespace-separated tokens the scan walks, and where each stands.

use std::ops::Range;

/// Where a token stands: first of its sentence (after a cut), first of its
/// line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    pub(super) sentence_start: bool,
    pub(super) line_start: bool,
}

/// Whitespace-separated tokens of a text, as byte ranges.
#[derive(Debug, Clone)]
pub(super) struct Tokens<'a> {
    pub(super) text: &'a str,
    pub(super) at: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let start = skip(self.text, self.at, true);
        if start == self.text.len() {
            self.at = start;
            return None;
        }
        self.at = skip(self.text, start, false);
        Some(start..self.at)
    }
}

/// The offset of the first character from `at` on that is whitespace
/// (`space` false) or not (`space` true), or the text's length. Text is
/// mostly ASCII, whose bytes are classed by a table without decoding.
fn skip(text: &str, mut at: usize, space: bool) -> usize {
    let bytes = text.as_bytes();
    let passed = if space { ASCII_SPACE } else { ASCII_OTHER };
    loop {
        while bytes
            .get(at)
            .is_some_and(|&byte| BYTE_CLASS[byte as usize] == passed)
        {
            at += 1;
        }
        match bytes.get(at) {
            Some(&byte) if BYTE_CLASS[byte as usize] == NOT_ASCII => {
                let c = text[at..].chars().next().unwrap_or_default();
                if c.is_whitespace() != space {
                    return at;
                }
                at += c.len_utf8();
            }
            _ => return at,
        }
    }
}

/// Classes of [`BYTE_CLASS`].
pub(super) const ASCII_SPACE: u8 = 0;
pub(super) const ASCII_OTHER: u8 = 1;
const NOT_ASCII: u8 = 2;

/// Each byte's class: ASCII whitespace as `char::is_whitespace` has it,
/// other ASCII, or a byte of a multi-byte character.
pub(super) const BYTE_CLASS: [u8; 256] = {
    let mut classes = [NOT_ASCII; 256];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = match byte as u8 {
            b'\t'..=b'\r' | b' ' => ASCII_SPACE,
            _ => ASCII_OTHER,
        };
        byte += 1;
    }
    classes
};

/// Whether the first letter or digit of `token` is a capital letter.
pub(super) fn starts_upper(token: &str) -> bool {
    token
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_uppercase)
}
