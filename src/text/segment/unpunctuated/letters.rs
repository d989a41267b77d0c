//! Letter conventions of a language that open or close a sentence without
//! a full stop: sign-offs ("Thanks,"), salutations ("Hi Dana:") and words
//! that only open sentences ("Please").

use std::iter::Peekable;
use std::ops::Range;

use super::super::super::rules::Rules;
use super::tokens::{Place, Tokens, starts_upper};

/// The end of a sign-off or salutation that opens a sentence at `token`
/// ("Thanks,", "Best regards,", "Hi Dana:", "Dana,") when a capitalised
/// word follows it; consumes its tokens.
pub(super) fn opening_end(
    text: &str,
    token: Range<usize>,
    tokens: &mut Peekable<Tokens>,
    rules: &Rules,
    place: Place,
) -> Option<usize> {
    let (ahead, end) = rules
        .closings_at(&text[token.clone()])
        .iter()
        .find_map(|phrase| closing(text, token.clone(), tokens, phrase))
        .or_else(|| salutation(text, token, tokens, rules, place))?;
    *tokens = ahead;
    Some(end)
}

/// Whether a word that only opens sentences stands at `token`, capitalised
/// and followed by a lowercase word ("Please let me know", "Thanks for
/// coming") or by its comma ("However,"), so that a sentence ends before
/// it even without a full stop.
pub(super) fn opens_sentence(
    text: &str,
    token: Range<usize>,
    tokens: &Peekable<Tokens>,
    rules: &Rules,
) -> bool {
    let word = &text[token.clone()];
    starts_upper(word)
        && rules.openers_at(word).iter().any(|phrase| {
            let (words, needs_comma) = phrase_words(phrase);
            let Some((mut ahead, end, comma)) = spell(text, token.clone(), tokens, words) else {
                return false;
            };
            // "Thank You" in a title is not an opener, "Thank you" is.
            let first_len = word.chars().next().map_or(0, char::len_utf8);
            let rest_lowercase = !text[token.start + first_len..end].contains(char::is_uppercase);
            let continues = |next: Range<usize>| text[next].starts_with(char::is_lowercase);
            rest_lowercase
                && if needs_comma {
                    comma
                } else {
                    !comma && ahead.next().is_some_and(continues)
                }
        })
}

/// Where the tokens from `first` on spell `phrase` (lowercase words, a
/// final comma if the phrase needs one) followed by a capitalised word:
/// the tokens after the phrase and the phrase's end.
fn closing<'a>(
    text: &str,
    first: Range<usize>,
    tokens: &Peekable<Tokens<'a>>,
    phrase: &str,
) -> Option<(Peekable<Tokens<'a>>, usize)> {
    let (words, needs_comma) = phrase_words(phrase);
    let (ahead, end, comma) = spell(text, first, tokens, words)?;
    let next = &text[ahead.clone().next()?];
    ((comma || !needs_comma) && starts_upper(next) && !thanks_someone(text, &ahead))
        .then_some((ahead, end))
}

/// Whether the capitalised words after a closing phrase end their sentence
/// with a terminator: "Thanks Harbor Tours!" thanks someone, where "Thanks
/// Dana" signs.
fn thanks_someone(text: &str, after: &Peekable<Tokens>) -> bool {
    after
        .clone()
        .map(|name| &text[name])
        .take(3)
        .take_while(|name| starts_upper(name))
        .any(|name| name.ends_with(['.', '!', '?']))
}

/// A phrase of a list as its words and whether it needs a comma after
/// them, which the list marks with a final comma ("best,").
fn phrase_words(phrase: &str) -> (&str, bool) {
    match phrase.strip_suffix(',') {
        Some(words) => (words, true),
        None => (phrase, false),
    }
}

/// Where the tokens from `first` on spell the space-separated `words` in
/// any case, the last one possibly followed by a comma or colon: the
/// tokens after them, the end of the last, and whether a comma followed.
fn spell<'a>(
    text: &str,
    first: Range<usize>,
    tokens: &Peekable<Tokens<'a>>,
    words: &str,
) -> Option<(Peekable<Tokens<'a>>, usize, bool)> {
    // Most tokens spell no phrase at all: reject them before copying the
    // token iterator.
    let first_word = words.split(' ').next().unwrap_or_default();
    let token = &text[first.clone()];
    if !token.eq_ignore_ascii_case(first_word)
        && !token.trim_end_matches(',').eq_ignore_ascii_case(first_word)
    {
        return None;
    }
    let mut ahead = tokens.clone();
    let mut current = first;
    let mut words = words.split(' ').peekable();
    while let Some(word) = words.next() {
        let token = &text[current.clone()];
        let last = words.peek().is_none();
        let bare = if last {
            token.trim_end_matches(',')
        } else {
            token
        };
        if !bare.eq_ignore_ascii_case(word) {
            return None;
        }
        if last {
            return Some((ahead, current.end, bare.len() < token.len()));
        }
        current = ahead.next()?;
    }
    None
}

/// The end of a salutation opening a sentence at `first`: a greeting and
/// one or two capitalised names, the last followed by a comma or colon
/// ("Hi Dana:", "Dear Ms. Oyelaran,"), before a capitalised word. Without
/// a greeting ("Dana,") it must open its line, its name must be none of
/// the words that open sentences or interject ("Meanwhile,", "Yes,",
/// "Sadly,"), and the next word one that opens sentences ("We", "There").
fn salutation<'a>(
    text: &str,
    first: Range<usize>,
    tokens: &Peekable<Tokens<'a>>,
    rules: &Rules,
    place: Place,
) -> Option<(Peekable<Tokens<'a>>, usize)> {
    let mut ahead = tokens.clone();
    let mut current = first;
    let greeted = rules
        .greetings_at(&text[current.clone()])
        .iter()
        .find_map(|greeting| spell(text, current.clone(), &ahead, greeting))
        .filter(|&(_, _, comma)| !comma);
    if let Some((after_greeting, _, _)) = greeted.clone() {
        ahead = after_greeting;
        current = ahead.next()?;
    } else if !place.line_start {
        return None;
    }
    for names in 1..=2 {
        let token = &text[current.clone()];
        let name = token.trim_end_matches([',', ':']);
        let closed = name.len() < token.len();
        let is_name = starts_upper(name)
            && name
                .chars()
                .all(|c| c.is_alphabetic() || c == '.' && greeted.is_some())
            && (greeted.is_some() || names > 1 || !rules.is_not_a_name(&name.to_lowercase()));
        if !is_name {
            return None;
        }
        if closed {
            let next = &text[ahead.clone().next()?];
            let opens = greeted.is_some() && starts_upper(next)
                || starts_upper(next) && rules.starts_sentences(&next.to_lowercase());
            return opens.then_some((ahead, current.end));
        }
        current = ahead.next()?;
    }
    None
}
