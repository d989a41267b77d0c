//! Sentence segmentation: where one sentence of a text ends and the next
//! begins, as byte ranges into the original text.
//!
//! A rule-based splitter tuned for news prose, with each language's
//! abbreviations and ordinals from [`super::rules`]. A sentence ends at a
//! terminator (`.`, `!`, `?`, `…`) followed by whitespace, unless the next
//! word starts in lowercase, the full stop closes an abbreviation, a title or
//! an initial ("Dr.", "J. Smith", "ім. Шевченка"), precedes a number it
//! belongs to ("No. 1", "ст. 5"), or marks an ordinal ("am 3. März").
//! Closing quotes and brackets stay with their sentence, also when spaced as
//! in French ("« Oui. »") or followed by an emoticon. Blank lines always end
//! a sentence; a single line break ends one when the next line starts a new
//! one (a headline, a list item), unless the text is hard-wrapped prose.
//! Web and mail text also ends sentences with no terminator at all, where
//! a line break was lost: the `unpunctuated` module finds those.

use std::ops::Range;

use super::language::Language;
use super::rules::Rules;
use super::tokens::lowercase;

/// Splits `text` into sentences, returned as byte ranges trimmed of
/// surrounding whitespace, in order. Pieces with no letter or digit in them
/// (a lone "***", an emoji) are not sentences and are left out.
pub fn split_sentences(text: &str, language: Language) -> Vec<Range<usize>> {
    let mut pieces = segments(text, language);
    pieces.retain(|range| text[range.clone()].chars().any(char::is_alphanumeric));
    pieces
}

/// Splits `text` into all its pieces, wordless ones ("------", "***")
/// included, so that together they cover every non-space character; for
/// measuring boundaries against gold segmentations.
pub fn segments(text: &str, language: Language) -> Vec<Range<usize>> {
    let rules = super::rules::of(language);
    let hard_wrapped = looks_hard_wrapped(text);
    let mut cuts = Vec::new();
    let mut quotes = QuoteParity::default();
    let mut at = 0;
    while let Some((start, c)) = next_candidate(text, at) {
        at = start + c.len_utf8();
        if c == '\n' {
            if line_break_ends_sentence(text, start, hard_wrapped) {
                cuts.push(start);
            }
        } else if let Some(kind) = Terminator::of(c) {
            let mut run = TerminatorRun {
                kind,
                full_stops: usize::from(c == '.'),
            };
            let mut end = at;
            for d in text[at..].chars() {
                let Some(next_kind) = Terminator::of(d) else {
                    break;
                };
                run.add(next_kind, d);
                end += d.len_utf8();
            }
            end += text[end..]
                .chars()
                .take_while(|&d| is_closing_punctuation(d))
                .map(char::len_utf8)
                .sum::<usize>();
            let sentence_start = cuts.last().copied().unwrap_or(0);
            let quote_open = quotes.open_at(text, sentence_start, end);
            end += trailing_marks(&text[end..], quote_open);
            at = end;
            if terminator_ends_sentence(text, start, end, run, rules) {
                cuts.push(end);
            }
        }
    }
    unpunctuated::add_cuts(text, &mut cuts, rules);
    cuts.push(text.len());

    let mut sentences = Vec::new();
    let mut from = 0;
    for cut in cuts {
        if cut <= from {
            continue;
        }
        let range = trim(text, from..cut);
        if !range.is_empty() {
            sentences.push(range);
        }
        from = cut;
    }
    sentences
}

/// The first character from byte `at` on that may end a sentence (a line
/// break or a terminator) and its offset. ASCII letters, digits and
/// spaces, most of any text, are skipped without decoding.
fn next_candidate(text: &str, at: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut at = at;
    while let Some(offset) = bytes[at..]
        .iter()
        .position(|&b| matches!(b, b'\n' | b'.' | b'!' | b'?') || !b.is_ascii())
    {
        let start = at + offset;
        let c = text[start..].chars().next()?;
        if c == '\n' || Terminator::of(c).is_some() {
            return Some((start, c));
        }
        at = start + c.len_utf8();
    }
    None
}

/// Whether a straight double quote is open at a point of the current
/// sentence, counted incrementally: recounting from the sentence's start at
/// every terminator made one long sentence of many full stops quadratic.
#[derive(Default)]
struct QuoteParity {
    sentence_start: usize,
    counted_to: usize,
    open: bool,
}

impl QuoteParity {
    /// Whether an odd number of `"` lie between `sentence_start` and `end`;
    /// `end` never decreases between calls.
    fn open_at(&mut self, text: &str, sentence_start: usize, end: usize) -> bool {
        if sentence_start != self.sentence_start || self.counted_to < sentence_start {
            *self = QuoteParity {
                sentence_start,
                counted_to: sentence_start,
                open: false,
            };
        }
        let newly_counted = text[self.counted_to..end].matches('"').count();
        self.open ^= newly_counted % 2 == 1;
        self.counted_to = end;
        self.open
    }
}

/// Whether a sentence ends with a terminator (before any closing quotes or
/// brackets), as prose does and headlines, bylines and buttons do not.
pub fn is_terminated(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| is_closing_punctuation(c) || c.is_whitespace())
        .chars()
        .next_back()
        .is_some_and(|c| Terminator::of(c).is_some())
}

/// Whether a sentence ends on a word, or a closing quote or bracket after
/// one, with no terminator, as headlines and chat lines do: text joined
/// right after it would read as its continuation.
pub fn runs_on(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| is_closing_punctuation(c) || c.is_whitespace())
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// What kind of sentence end a punctuation mark is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminator {
    /// A full stop, which abbreviations also use.
    FullStop,
    /// `!` or `?` and their variants.
    Exclamation,
    /// `…`, or several full stops in a row.
    Ellipsis,
    /// A full-width stop of Chinese or Japanese, needing no space after it.
    FullWidth,
}

impl Terminator {
    fn of(c: char) -> Option<Terminator> {
        match c {
            '.' => Some(Terminator::FullStop),
            '!' | '?' | '‼' | '⁇' | '⁈' | '⁉' | '؟' => Some(Terminator::Exclamation),
            '…' => Some(Terminator::Ellipsis),
            '。' | '！' | '？' => Some(Terminator::FullWidth),
            _ => None,
        }
    }
}

/// A run of terminators such as `?!` or `...`, read as one sentence end.
#[derive(Debug, Clone, Copy)]
struct TerminatorRun {
    kind: Terminator,
    full_stops: usize,
}

impl TerminatorRun {
    /// Folds the next terminator of the run in; the strongest kind wins.
    fn add(&mut self, kind: Terminator, c: char) {
        if c == '.' {
            self.full_stops += 1;
        }
        self.kind = match (self.kind, kind) {
            (Terminator::FullWidth, _) | (_, Terminator::FullWidth) => Terminator::FullWidth,
            (Terminator::Exclamation, _) | (_, Terminator::Exclamation) => Terminator::Exclamation,
            _ if self.full_stops >= 2 => Terminator::Ellipsis,
            (Terminator::Ellipsis, _) | (_, Terminator::Ellipsis) => Terminator::Ellipsis,
            _ => Terminator::FullStop,
        };
    }
}

/// The length of the wordless marks that follow a sentence end on the same
/// line and belong to it: a closing quote spaced off as in French ("Oui. »")
/// or in tokenised text, and emoticons (":-)", "))"). A spaced straight
/// quote `"` closes only when the sentence has an open one (`quote_open`);
/// otherwise it opens the next sentence.
fn trailing_marks(rest: &str, quote_open: bool) -> usize {
    let mut taken = 0;
    loop {
        let after = &rest[taken..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        if spaces == 0 {
            return taken;
        }
        let token_start = taken + spaces;
        let token_len = rest[token_start..]
            .find(char::is_whitespace)
            .unwrap_or(rest.len() - token_start);
        let token = &rest[token_start..token_start + token_len];
        let closing = |c: char| {
            (c != '"' || quote_open) && (is_closing_punctuation(c) || Terminator::of(c).is_some())
        };
        let next_is_break = rest[token_start + token_len..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
        if token.is_empty() || !next_is_break || !(token.chars().all(closing) || is_emoticon(token))
        {
            return taken;
        }
        taken = token_start + token_len;
    }
}

/// A smiley: ":)", ":-(", ";)", "))))", ":D", ":-P".
fn is_emoticon(token: &str) -> bool {
    let brackets = token.contains([')', '('])
        && token
            .chars()
            .all(|c| matches!(c, ':' | ';' | '=' | '-' | '^' | '\'' | ')' | '('));
    let mut chars = token.chars();
    let faces = matches!(chars.next(), Some(':' | ';' | '='))
        && chars.as_str().trim_start_matches('-').chars().count() == 1
        && chars
            .as_str()
            .ends_with(['D', 'P', 'p', 'O', 'o', '/', '|', '*', '3', ')', '(']);
    brackets || faces
}

fn is_closing_punctuation(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』'
    )
}

/// Decides whether the terminators at `run_start..run_end` (closing
/// punctuation included) end a sentence.
fn terminator_ends_sentence(
    text: &str,
    run_start: usize,
    run_end: usize,
    run: TerminatorRun,
    rules: &Rules,
) -> bool {
    let rest = &text[run_end..];
    let Some(after) = rest.chars().next() else {
        return true;
    };
    if run.kind == Terminator::FullWidth {
        return true;
    }
    if !after.is_whitespace() {
        // "3.5", "example.com", "U.S.-led": not a sentence end.
        return false;
    }
    let next = next_word(rest);
    let Some(first) = next.chars().next() else {
        return true;
    };
    let previous = previous_word(&text[..run_start]);
    if first.is_lowercase() {
        let closed = text[..run_end]
            .chars()
            .next_back()
            .is_some_and(|c| Terminator::of(c).is_none());
        return run.kind != Terminator::Ellipsis
            && !closed
            && rules.knows_its_abbreviations()
            && rest.trim_start().starts_with(next)
            && (is_plain_word(previous) || detached(text, run_start))
            && !rules.is_abbreviation(&lowercase(previous));
    }
    if run.kind != Terminator::FullStop {
        return true;
    }
    if previous.is_empty() {
        return true;
    }
    if is_list_number(text, run_start, previous) {
        return false;
    }
    let previous_lower = lowercase(previous);
    if rules.ordinal_full_stop() && is_ordinal_number(previous) {
        return rules.starts_sentences(&next.to_lowercase());
    }
    if first.is_uppercase()
        && (rules.closes_lists(&previous_lower)
            || (rules.closes_numbers(&previous_lower) && follows_number(text, run_start, previous)))
    {
        return true;
    }
    if first.is_numeric() {
        // Style guides spell out a number that opens a sentence, so a number
        // after any abbreviation ("Inc. 28601", "D.C. 20006") continues it.
        return !(rules.is_abbreviation(&previous_lower) || is_dotted(previous));
    }
    if rules.is_title(&previous_lower) || is_initial(previous) {
        return false;
    }
    if is_web_address(previous) {
        return true;
    }
    if is_dotted(previous)
        || rules.is_ambiguous(&previous_lower)
        || rules.precedes_numbers(&previous_lower)
    {
        return rules.starts_sentences(&next.to_lowercase());
    }
    true
}

/// An ordinary word: two or more letters, no inner full stop. A full stop
/// after one that is not a known abbreviation ends a sentence even before a
/// lowercase word, as in chat ("i am out of town. i am in portland").
fn is_plain_word(word: &str) -> bool {
    let word = word.trim_end_matches(['\'', '’']);
    word.chars().nth(1).is_some()
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’'))
}

/// A terminator set off by a space from the word before it ("friendly ."),
/// which therefore cannot close an abbreviation.
fn detached(text: &str, run_start: usize) -> bool {
    text[..run_start].ends_with(char::is_whitespace)
}

/// Whether the word ending at `run_start` comes right after a number, as
/// "г" in "2022 г.".
fn follows_number(text: &str, run_start: usize, word: &str) -> bool {
    let before = text[..run_start - word.len()].trim_end();
    previous_word(before)
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
}

/// A word with inner full stops ("U.S", "z.B"), not a number ("9.30").
fn is_dotted(word: &str) -> bool {
    word.contains('.') && !word.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// A domain name as in "example.com" or the end of "tips@news.co.uk":
/// lowercase parts of two or more letters or digits, the last all letters.
/// Abbreviations have one-letter parts ("e.g", "a.m") or capitals ("U.S"),
/// so a full stop after a domain before a capital ends the sentence.
fn is_web_address(word: &str) -> bool {
    let Some((_, tld)) = word.rsplit_once('.') else {
        return false;
    };
    word.split('.').all(|part| {
        part.chars().nth(1).is_some()
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }) && tld.chars().all(|c| c.is_ascii_lowercase())
}

/// A number short enough to be an ordinal or a day ("3." in "am 3. März"),
/// not a year ("im Jahr 1990.").
fn is_ordinal_number(word: &str) -> bool {
    (1..=3).contains(&word.len()) && word.chars().all(|c| c.is_ascii_digit())
}

/// A number opening its line, as in "1. First item".
fn is_list_number(text: &str, run_start: usize, previous: &str) -> bool {
    if !previous.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    // Only the spaces before the number are read, not the whole line: a
    // line of many numbered full stops would be read once for each.
    let before = text[..run_start - previous.len()]
        .trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    before.is_empty() || before.ends_with('\n')
}

/// A single capital letter, as in "J. K. Rowling" or "George W. Bush".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// The word that ends `before`, with inner full stops and apostrophes kept
/// ("U.S", "e.g", "Gov't").
fn previous_word(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-'))
        .last()
        .map_or(before.len(), |(i, _)| i);
    before[start..].trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// The first word of `rest` after whitespace, opening punctuation (quotes,
/// brackets, dashes, inverted marks) and signs such as "№"; empty when a
/// terminator comes first. Stopping there keeps segmentation linear: each
/// terminator looks no further than the next.
fn next_word(rest: &str) -> &str {
    let rest =
        rest.trim_start_matches(|c: char| !c.is_alphanumeric() && Terminator::of(c).is_none());
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\''))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// Decides whether the line break at byte `at` ends a sentence. Breaks right
/// after a terminator are left to the terminator rule.
fn line_break_ends_sentence(text: &str, at: usize, hard_wrapped: bool) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..at].trim_end();
    let after = &text[at + 1..];
    let next_line = after.split('\n').next().unwrap_or_default().trim();
    if next_line.is_empty() || before.is_empty() {
        return true;
    }
    let last = before.chars().next_back().unwrap_or(' ');
    if Terminator::of(last).is_some() || is_closing_punctuation(last) {
        return false;
    }
    if starts_with_list_marker(next_line) {
        return true;
    }
    if matches!(last, ',' | ';' | '-' | '–' | '(' | '&' | '/') {
        return false;
    }
    let short = before.chars().count() < SHORT_LINE_CHARS;
    if next_line.chars().next().is_some_and(char::is_lowercase) {
        // A short line before a lowercase one is a line of chat or a list,
        // unless the text is wrapped prose ending a paragraph.
        return short && !hard_wrapped;
    }
    !hard_wrapped || short
}

/// In hard-wrapped prose a line shorter than this ends a paragraph or is a
/// heading; lines of chat and lists are shorter.
const SHORT_LINE_CHARS: usize = 40;

fn starts_with_list_marker(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '–' | '—' | '·') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let mut rest = line[digits..].chars();
            matches!(rest.next(), Some('.' | ')')) && rest.next().is_some_and(char::is_whitespace)
        }
        _ => false,
    }
}

/// Prose wrapped at a fixed width shows many full lines followed by a
/// lowercase word; headlines and lists show none, and chat's lowercase
/// lines are short.
fn looks_hard_wrapped(text: &str) -> bool {
    let mut single_breaks = 0usize;
    let mut continuations = 0usize;
    let mut lines = text.split('\n').map(str::trim).peekable();
    while let Some(line) = lines.next() {
        let Some(next) = lines.peek() else { break };
        if line.is_empty() || next.is_empty() {
            continue;
        }
        single_breaks += 1;
        if next.chars().next().is_some_and(char::is_lowercase)
            && line.chars().count() >= SHORT_LINE_CHARS
        {
            continuations += 1;
        }
    }
    single_breaks >= 3 && continuations * 3 >= single_breaks
}

/// Shrinks `range` to exclude surrounding whitespace.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.end - (piece.len() - piece.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests;
mod unpunctuated;
