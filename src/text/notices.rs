//! A web page's own notices, which text copied from the page brings along:
//! cookie and consent notices with their buttons, copyright lines and rows
//! of share buttons. Each is told by its shape and a few words of each
//! language (in [`super::rules`]), never by one site's wording.

use super::rules::{PageWords, page_words};
use super::segment::is_terminated;
use super::tokens::{SentenceWords, lowercase};

/// A copyright line is this short: "© 2026 Harbour Media Ltd. All rights
/// reserved." with room for a longer name.
const MAX_COPYRIGHT_WORDS: usize = 16;
/// A share row is this short: "Share Facebook Twitter WhatsApp Email".
const MAX_SHARE_WORDS: usize = 8;
/// A sentence of a consent notice is at most this long; longer ones are
/// prose about consent.
const MAX_CONSENT_WORDS: usize = 40;
/// A notice's buttons are this short: "Accept all", "Got it".
const MAX_BUTTON_WORDS: usize = 3;

/// The names of the networks a share row links to, lowercase, which belong
/// to no one language ("E" is the first half of "E-mail").
const NETWORKS: [&str; 20] = [
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "telegram",
    "linkedin",
    "pinterest",
    "reddit",
    "messenger",
    "viber",
    "vk",
    "ok",
    "threads",
    "bluesky",
    "mastodon",
    "flipboard",
    "tumblr",
    "xing",
    "sms",
    "e",
];

/// Which of a document's `lines`, whose words are `line_words`, are the
/// page's notices: consent notices and their buttons, copyright lines,
/// share rows.
pub fn page_notices(lines: &[&str], line_words: &SentenceWords) -> Vec<bool> {
    let page = page_words();
    let mut notices = consent_notices(lines, line_words, page);
    for (i, share) in share_rows(lines, line_words, page).into_iter().enumerate() {
        notices[i] |= share || is_copyright(lines[i].trim(), line_words.get(i), page);
    }
    notices
}

/// "We use cookies to improve your experience ... Accept all": a line
/// that names cookies and the reader's choice, in any language with lists.
fn is_consent_notice(line: &str, line_words: &[&str], page: &PageWords) -> bool {
    line_words.len() <= MAX_CONSENT_WORDS
        && mentions_consent_topic(line, line_words, page)
        && has_consent_cue(line_words, page)
}

/// Whether `line` names what a consent notice is about ("cookies",
/// "файлы cookie", "кукі"). The ASCII names are found in the bytes,
/// without reading words, as most lines have none of them.
fn mentions_consent_topic(line: &str, line_words: &[&str], page: &PageWords) -> bool {
    let bytes = line.as_bytes();
    let topics = &page.consent_topics;
    topics
        .iter()
        .any(|topic| topic.is_ascii() && contains_ascii_folded(bytes, topic))
        || (!line.is_ascii()
            && line_words.iter().any(|word| {
                topics
                    .iter()
                    .any(|topic| !topic.is_ascii() && opens_with_folded(word, topic))
            }))
}

/// Whether the line's words hold a cue of the reader's choice ("accept",
/// "Manage settings", "wir verwenden").
fn has_consent_cue(line_words: &[&str], page: &PageWords) -> bool {
    page.consent_cues
        .iter()
        .any(|cue| has_phrase(line_words, cue, true))
}

/// Which lines are consent notices. A notice goes on past the line that
/// names cookies: 'Click "Accept" to consent or "Manage settings" to
/// choose.', then its buttons ("Accept all", "OK"). The lines after a
/// notice's first that speak of the reader's choice, or are a button's few
/// words, are the notice too.
fn consent_notices(lines: &[&str], line_words: &SentenceWords, page: &PageWords) -> Vec<bool> {
    let mut in_notice = false;
    (0..lines.len())
        .map(|i| {
            let words = line_words.get(i);
            // Asked only inside a notice: most documents have none, and
            // looking for every language's cues in every line costs more
            // than the rest of the summary.
            let continues = || {
                words.len() <= MAX_CONSENT_WORDS && has_consent_cue(words, page)
                    || words.len() <= MAX_BUTTON_WORDS && !is_terminated(lines[i])
            };
            in_notice = is_consent_notice(lines[i], words, page) || in_notice && continues();
            in_notice && !words.is_empty()
        })
        .collect()
}

/// "© 2026 Harbour Media Ltd.", "(c) Harbour Media", "Copyright 2026
/// ...", "All rights reserved.", "Усі права захищені": a short line with
/// the copyright sign or a copyright's words.
fn is_copyright(line: &str, line_words: &[&str], page: &PageWords) -> bool {
    if line_words.len() > MAX_COPYRIGHT_WORDS {
        return false;
    }
    let opens_with_sign = ["(c)", "(C)"].iter().any(|sign| {
        line.strip_prefix(sign)
            .is_some_and(|rest| rest.starts_with(|c: char| c == ' ' || c.is_ascii_digit()))
    });
    let copyright_year = match line_words {
        [first, second, ..] => {
            first.eq_ignore_ascii_case("copyright")
                && (second.eq_ignore_ascii_case("c")
                    || second.len() == 4 && second.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => false,
    };
    line.contains('©')
        || opens_with_sign
        || copyright_year
        || page.rights_reserved.iter().any(|phrase| {
            // The phrase's last word is looked for in the bytes first, as
            // almost no line has it.
            phrase.last().is_some_and(|last| {
                if last.is_ascii() {
                    contains_ascii_folded(line.as_bytes(), last)
                } else {
                    !line.is_ascii()
                }
            }) && has_phrase(line_words, phrase, false)
        })
}

/// Which lines are share rows: runs of lines of only network names and
/// share controls ("Facebook Twitter Email", or "Share", "Facebook",
/// "Email" a line each) that have two words or more between them.
fn share_rows(lines: &[&str], line_words: &SentenceWords, page: &PageWords) -> Vec<bool> {
    let is_share_row = |i: usize| {
        let words = line_words.get(i);
        !words.is_empty()
            && words.len() <= MAX_SHARE_WORDS
            && !is_terminated(lines[i])
            && words.iter().all(|word| is_share_word(word, page))
    };
    let mut rows = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let length = (start..lines.len())
            .take_while(|&i| is_share_row(i))
            .count();
        let run = start..start + length;
        if run.clone().map(|i| line_words.get(i).len()).sum::<usize>() >= 2 {
            rows[run].fill(true);
        }
        start += length.max(1);
    }
    rows
}

/// A network's name or a share control's word ("WhatsApp", "teilen").
fn is_share_word(word: &str, page: &PageWords) -> bool {
    let lower = lowercase(word);
    NETWORKS.contains(&lower.as_ref()) || page.share.contains(lower.as_ref())
}

/// Whether `needle` (lowercase ASCII) occurs in `haystack` in any case.
fn contains_ascii_folded(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    let Some(&first) = needle.first() else {
        return false;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), haystack).any(|at| {
        haystack
            .get(at..at + needle.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(needle))
    })
}

/// Whether the words of `phrase` (lowercase) occur in a row among
/// `line_words` in any case, the last only as the start of a word when
/// `open_ended` ("akzeptier" in "akzeptieren").
fn has_phrase(line_words: &[&str], phrase: &[&str], open_ended: bool) -> bool {
    let Some((last, before)) = phrase.split_last() else {
        return false;
    };
    line_words.windows(phrase.len()).any(|window| {
        let (found_last, found_before) = window.split_last().unwrap_or((&"", &[]));
        found_before
            .iter()
            .zip(before)
            .all(|(word, wanted)| is_folded(word, wanted))
            && if open_ended {
                opens_with_folded(found_last, last)
            } else {
                is_folded(found_last, last)
            }
    })
}

/// Whether `word` is `wanted` (lowercase) in any case.
fn is_folded(word: &str, wanted: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(wanted)
    } else {
        word.chars().flat_map(char::to_lowercase).eq(wanted.chars())
    }
}

/// Whether `word` opens with `start` (lowercase) in any case.
fn opens_with_folded(word: &str, start: &str) -> bool {
    if word.is_ascii() {
        word.get(..start.len())
            .is_some_and(|opening| opening.eq_ignore_ascii_case(start))
    } else {
        let mut folded = word.chars().flat_map(char::to_lowercase);
        start.chars().all(|wanted| folded.next() == Some(wanted))
    }
}
