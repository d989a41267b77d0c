//! The shapes of tokens that web and mail text puts at the end of a line:
//! addresses, phone numbers, timestamps, separator lines, asterisks.

use std::iter::Peekable;

use super::tokens::{Tokens, starts_upper};

/// A web address ("http://…", "www.…"), as opposed to a mail address.
pub(super) fn is_url(token: &str) -> bool {
    is_address(token) && !token.contains('@')
}

/// Whether `token` has a colon, a full stop or an @, as every address
/// does and most words do not.
pub(super) fn has_address_mark(token: &str) -> bool {
    token.bytes().any(is_address_mark)
}

/// Whether `byte` is one of the marks of [`has_address_mark`].
pub(super) fn is_address_mark(byte: u8) -> bool {
    matches!(byte, b':' | b'.' | b'@')
}

/// A URL ("http://…", "www.…") or an email address, with any brackets or
/// angle brackets around it.
pub(super) fn is_address(token: &str) -> bool {
    if !has_address_mark(token) {
        return false;
    }
    let token = token
        .trim_start_matches(['<', '[', '(', '"'])
        .trim_end_matches(['>', ']', ')', ',', ';', '"']);
    let lower_starts = |prefix: &str| {
        token
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    if lower_starts("http://") || lower_starts("https://") || lower_starts("mailto:") {
        return true;
    }
    if lower_starts("www.") {
        return token.len() > 6 && token[4..].contains('.');
    }
    let Some((user, domain)) = token.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && domain.rsplit_once('.').is_some_and(|(host, top)| {
            !host.is_empty() && top.len() >= 2 && top.chars().all(|c| c.is_ascii_alphabetic())
        })
}

/// A phone number written in groups: "212-555-0147", "713.555.0188",
/// "555-0147" (the last group of four digits, the first of three, seven to
/// eleven digits in all), unlike a year range ("1939-1945").
pub(super) fn is_phone_number(token: &str) -> bool {
    // Most tokens are words: a phone number opens with a digit.
    if !token.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut groups = token.split(['-', '.', '/']);
    let first = groups.next().unwrap_or_default();
    let last = token.rsplit(['-', '.', '/']).next().unwrap_or_default();
    let digits = token.chars().filter(char::is_ascii_digit).count();
    first.len() == 3
        && last.len() == 4
        && (7..=11).contains(&digits)
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/'))
        && groups.all(|group| !group.is_empty())
}

/// One to three asterisks standing alone, opening or closing emphasis.
pub(super) fn is_emphasis_mark(token: &str) -> bool {
    (1..=3).contains(&token.len()) && token.chars().all(|c| c == '*')
}

/// A line of one repeated mark, four or more long ("-----", "_____",
/// "*****"), that separates parts of a page or message.
pub(super) fn is_separator_line(token: &str) -> bool {
    let mut chars = token.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '-' | '_' | '=' | '*' | '~' | '#')
        && token.len() >= 4
        && chars.all(|c| c == first)
}

/// If `word` opens a mail header's timestamp ("06/02/2001 10:53 AM"), the
/// byte offset where the stamp ends; consumes its tokens.
pub(super) fn timestamp_end(
    text: &str,
    tokens: &mut Peekable<Tokens>,
    word: &str,
) -> Option<usize> {
    if !is_numeric_date(word) {
        return None;
    }
    let time = tokens
        .peek()
        .filter(|t| is_clock_time(&text[(*t).clone()]))?
        .clone();
    tokens.next();
    let mut end = time.end;
    if let Some(half) = tokens.peek().filter(|t| {
        let half = &text[(*t).clone()];
        half.eq_ignore_ascii_case("am") || half.eq_ignore_ascii_case("pm")
    }) {
        end = half.end;
        tokens.next();
    }
    Some(end)
}

/// A date in digits with slashes: "6/2/2001", "06/02/01".
pub(super) fn is_numeric_date(word: &str) -> bool {
    // Most tokens are words: a date opens with a digit.
    if !word.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut parts = word.split('/');
    let lengths =
        [parts.next(), parts.next(), parts.next(), parts.next()].map(|part| part.map(str::len));
    matches!(lengths, [Some(1..=2), Some(1..=2), Some(2 | 4), None])
        && word.chars().all(|c| c.is_ascii_digit() || c == '/')
}

/// A clock time: "10:53", "15:17:01".
pub(super) fn is_clock_time(word: &str) -> bool {
    let mut parts = word.split(':');
    let hours = parts.next().unwrap_or_default();
    (1..=2).contains(&hours.len())
        && parts.clone().count() >= 1
        && parts.all(|part| part.len() == 2)
        && word.chars().all(|c| c.is_ascii_digit() || c == ':')
}

/// The token before a mail header's timestamp that ends the sender's name
/// ("Lee", "Lee@ACME"), rather than a word of a sentence ("on", "at").
pub(super) fn closes_header_name(token: &str) -> bool {
    token.contains('@') || starts_upper(token) && token.chars().all(char::is_alphabetic)
}
