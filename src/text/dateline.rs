//! Wire-service datelines: the "WASHINGTON (AP) --" or "(CNN)" that opens a
//! news story. They name the source, not the story, so a summary sentence
//! starts after them.

/// The longest place name a dateline carries before its agency, in words.
const MAX_PLACE_WORDS: usize = 5;
/// The longest agency name in parentheses, in bytes ("CNN", "Reuters").
const MAX_AGENCY_BYTES: usize = 24;

/// How many bytes of `sentence` a leading dateline takes, separator and
/// spaces included; 0 when it has none.
pub fn dateline_length(sentence: &str) -> usize {
    let Some(open) = sentence.find('(') else {
        return 0;
    };
    let place = &sentence[..open];
    let place_words = place.split_whitespace().count();
    let place_is_name = place_words <= MAX_PLACE_WORDS
        && place.split_whitespace().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && !word.ends_with(['.', '!', '?', ':'])
        });
    if !place_is_name {
        return 0;
    }
    let Some(close) = sentence[open..].find(')').map(|i| open + i) else {
        return 0;
    };
    let agency = &sentence[open + 1..close];
    let agency_is_name = !agency.is_empty()
        && agency.len() <= MAX_AGENCY_BYTES
        && agency
            .split_whitespace()
            .all(|word| word.chars().next().is_some_and(char::is_uppercase))
        && agency
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '.');
    if !agency_is_name {
        return 0;
    }
    let rest = &sentence[close + 1..];
    let body =
        rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':'));
    let starts_story = body
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\''));
    if starts_story {
        sentence.len() - body.len()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(sentence: &str) -> &str {
        &sentence[dateline_length(sentence)..]
    }

    #[test]
    fn strips_agency_datelines() {
        assert_eq!(
            body("(CNN)Rescuers reached the village."),
            "Rescuers reached the village."
        );
        assert_eq!(
            body("WASHINGTON (AP) -- The Senate voted."),
            "The Senate voted."
        );
        assert_eq!(
            body("Lagos, Nigeria (Reuters) — Fuel prices rose."),
            "Fuel prices rose."
        );
        assert_eq!(
            body("Kyiv (Precis Wire): 12 trains were cancelled."),
            "12 trains were cancelled."
        );
    }

    #[test]
    fn leaves_ordinary_parentheses_alone() {
        for sentence in [
            "The United Nations (UN) said talks would resume.",
            "Prices rose (sharply) in May.",
            "He said (NASA) was wrong.",
            "No dateline here.",
            "Officials in the capital (Rome) met on Monday.",
        ] {
            assert_eq!(dateline_length(sentence), 0, "{sentence}");
        }
    }
}
