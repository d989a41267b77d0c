//! Sentence ends that carry no terminator, as web pages, forums and emails
//! write them: an address or phone number closing a line whose break was
//! lost, a mail header's timestamp, a separator line, a heading in
//! asterisks, a sign-off ("Thanks,") or a salutation ("Hi Dana:") before
//! the next sentence, a word that only opens sentences ("Please …").
//!
//! Each rule looks at whitespace-separated tokens and asks for something
//! news prose rarely has at that place (an address, a timestamp, a rule of
//! dashes, a closing phrase opening a sentence), so that it can cut without
//! a full stop and still stay out of ordinary sentences. The letter
//! conventions come from the language's lists; the shapes hold everywhere.

mod letters;
mod shapes;
mod tokens;

use std::iter::Peekable;
use std::ops::Range;

use super::super::rules::Rules;
use letters::{opening_end, opens_sentence};
use shapes::{
    closes_header_name, has_address_mark, is_address, is_address_mark, is_emphasis_mark,
    is_phone_number, is_separator_line, is_url, timestamp_end,
};
use tokens::{ASCII_OTHER, ASCII_SPACE, BYTE_CLASS, Place, Tokens, starts_upper};

/// Adds to `cuts` (sorted byte offsets where a sentence ends) the ends
/// that the rules of this module find, keeping it sorted.
pub(super) fn add_cuts(text: &str, cuts: &mut Vec<usize>, rules: &Rules) {
    let mut scan = Scan {
        text,
        rules,
        known: cuts,
        tokens: Tokens { text, at: 0 }.peekable(),
        previous: None,
        emphasis_open: false,
        found: Vec::new(),
    };
    while let Some(token) = scan.tokens.next() {
        if scan.step(token) == Passed::PlainWord {
            scan.pass_plain_words();
        }
    }
    if !scan.found.is_empty() {
        let found = scan.found;
        cuts.extend(found);
        cuts.sort_unstable();
        cuts.dedup();
    }
}

/// The state of one pass over a text's tokens.
struct Scan<'a> {
    text: &'a str,
    rules: &'a Rules,
    /// The cuts made at terminators and line breaks, sorted, from the first
    /// that may still lie ahead.
    known: &'a [usize],
    tokens: Peekable<Tokens<'a>>,
    /// The last token looked at, or the whole of a timestamp or phrase.
    previous: Option<Range<usize>>,
    /// Whether an asterisk opened emphasis in the current sentence.
    emphasis_open: bool,
    /// The cuts found so far, in order.
    found: Vec<usize>,
}

/// What [`Scan::step`] passed.
#[derive(PartialEq, Eq)]
enum Passed {
    /// A word inside a sentence that no rule looks at, without looking
    /// ahead.
    PlainWord,
    Other,
}

impl Scan<'_> {
    /// Looks at one token and the ones after it, cutting where a rule says.
    fn step(&mut self, token: Range<usize>) -> Passed {
        let text = self.text;
        let gap_start = self.previous.as_ref().map_or(0, |p| p.end);
        let sentence_start = self.sentence_start(&token, gap_start);
        if !sentence_start && is_plain_word(&text[token.clone()]) {
            self.previous = Some(token);
            return Passed::PlainWord;
        }
        let mut place = Place {
            sentence_start,
            line_start: self.line_start(&token, gap_start),
        };
        if !place.sentence_start
            && self.previous_ends_clause()
            && opens_sentence(text, token.clone(), &self.tokens, self.rules)
        {
            self.found.push(gap_start);
            place.sentence_start = true;
        }
        if place.sentence_start {
            self.emphasis_open = false;
        }
        let word = &text[token.clone()];
        let next = self.tokens.peek().map(|next| &text[next.clone()]);
        let mut last = token.clone();
        if let Some(stamp_end) = timestamp_end(text, &mut self.tokens, word) {
            if self.previous_is(closes_header_name) {
                self.found.push(gap_start);
            }
            if self
                .tokens
                .peek()
                .is_some_and(|n| starts_upper(&text[n.clone()]))
            {
                self.found.push(stamp_end);
            }
            last = token.start..stamp_end;
        } else if is_emphasis_mark(word) {
            // "** Storm warning ** Heavy rain…": the closing mark of a
            // heading in asterisks, before a capitalised word.
            if self.emphasis_open && next.is_some_and(starts_upper) {
                self.found.push(token.end);
            }
            self.emphasis_open = !self.emphasis_open;
        } else if is_separator_line(word) {
            if self.previous.is_some() && !self.previous_is(is_separator_line) {
                self.found.push(gap_start);
            }
            if next.is_some() {
                self.found.push(token.end);
            }
        } else if let Some(next) = next {
            let after_next = || {
                let mut ahead = self.tokens.clone();
                ahead.next();
                ahead.next().map(|after| &text[after])
            };
            if ends_before(word, next, after_next, place) {
                self.found.push(token.end);
            } else if let Some(end) = place
                .sentence_start
                .then(|| opening_end(text, token.clone(), &mut self.tokens, self.rules, place))
                .flatten()
            {
                self.found.push(end);
                last = token.start..end;
            }
        }
        self.previous = Some(last);
        Passed::Other
    }

    /// Passes the plain words that follow a plain word, as [`Scan::step`]
    /// would but a byte at a time, without making tokens: most of a text's
    /// tokens are such words. Stops at the first token that may be
    /// anything else (or holds a character beyond ASCII), which the next
    /// step reads.
    fn pass_plain_words(&mut self) {
        let bytes = self.text.as_bytes();
        let Some(mut at) = self.previous.as_ref().map(|previous| previous.end) else {
            return;
        };
        loop {
            let start = at
                + bytes[at..]
                    .iter()
                    .position(|&byte| BYTE_CLASS[usize::from(byte)] != ASCII_SPACE)
                    .unwrap_or(bytes.len() - at);
            if self.sentence_start(&(start..start), at)
                || !bytes.get(start).is_some_and(u8::is_ascii_lowercase)
            {
                break;
            }
            let Some(length) = bytes[start..].iter().position(|&byte| {
                BYTE_CLASS[usize::from(byte)] != ASCII_OTHER || is_address_mark(byte)
            }) else {
                break;
            };
            if BYTE_CLASS[usize::from(bytes[start + length])] != ASCII_SPACE {
                break;
            }
            at = start + length;
            self.previous = Some(start..at);
        }
        self.tokens = Tokens {
            text: self.text,
            at,
        }
        .peekable();
    }

    /// Whether `token`, whose gap starts at `gap_start`, opens a sentence:
    /// the first token, or the first after a cut. The cuts of this module
    /// count too: they stand for line breaks the text lost.
    fn sentence_start(&mut self, token: &Range<usize>, gap_start: usize) -> bool {
        // Gaps only move forward, so the known cuts before this one are
        // passed for good.
        while self.known.first().is_some_and(|&cut| cut < gap_start) {
            self.known = &self.known[1..];
        }
        self.first_or_after_found_cut(gap_start)
            || self.known.first().is_some_and(|&cut| cut <= token.start)
    }

    /// Whether `token`, whose gap starts at `gap_start`, opens a line (or
    /// follows a cut of this module).
    fn line_start(&self, token: &Range<usize>, gap_start: usize) -> bool {
        self.first_or_after_found_cut(gap_start)
            || self.text.as_bytes()[gap_start..token.start].contains(&b'\n')
    }

    /// Whether the token whose gap starts at `gap_start` is the text's
    /// first or follows a cut of this module, which opens both a sentence
    /// and a line.
    fn first_or_after_found_cut(&self, gap_start: usize) -> bool {
        self.previous.is_none() || self.found.last().is_some_and(|&cut| cut >= gap_start)
    }

    /// Whether the previous token exists and passes `test`.
    fn previous_is(&self, test: fn(&str) -> bool) -> bool {
        self.previous
            .as_ref()
            .is_some_and(|p| test(&self.text[p.clone()]))
    }

    /// Whether the previous token could end a clause: not a comma, colon,
    /// dash, ampersand, slash or opening bracket, which the next word
    /// continues.
    fn previous_ends_clause(&self) -> bool {
        self.previous_is(|token| !token.ends_with([',', ';', ':', '-', '(', '&', '/']))
    }
}

/// Whether a sentence ends right after `word`, judged from it and the
/// tokens that follow: an address or phone number closing its line, a
/// colon introducing a URL on the next line, or a "--" signature line.
fn ends_before<'a>(
    word: &str,
    next: &str,
    after_next: impl FnOnce() -> Option<&'a str>,
    place: Place,
) -> bool {
    if is_address(word) && !word.starts_with('(') {
        // A capitalised word, a URL or the asterisks of an emphasised
        // heading open the next line.
        return is_url(next) || starts_upper(next) && !is_address(next) || next.starts_with('*');
    }
    if is_phone_number(word) {
        // "555-0147 Fax (555) 0148": a label of the next number follows.
        let label = after_next()
            .is_some_and(|after| after.starts_with(|c: char| c.is_ascii_digit() || c == '('));
        return starts_upper(next)
            && next.chars().any(char::is_lowercase)
            && !next.ends_with(':')
            && !label;
    }
    if word.ends_with(':') {
        return is_url(next) && !place.sentence_start && word.chars().any(char::is_alphabetic);
    }
    word == "--" && place.line_start && starts_upper(next)
}

/// A token that opens in lowercase and has no colon, full stop or @, as
/// most tokens of prose do: inside a sentence no rule of this module cuts
/// at or after it, so the scan passes it by.
fn is_plain_word(token: &str) -> bool {
    token.as_bytes().first().is_some_and(u8::is_ascii_lowercase) && !has_address_mark(token)
}

#[cfg(test)]
mod tests;
