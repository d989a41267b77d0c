//! A light Ukrainian stemmer: Snowball has none, so this strips one
//! inflectional ending, so that the case, number and tense forms of a word
//! ("угода", "угоди", "угодою"; "підписав", "підписала", "підписати")
//! meet in one term for ranking.
//!
//! It removes a reflexive particle ("-ся", "-сь"), then the longest ending
//! of noun, adjective and verb paradigms that leaves a stem of at least two
//! letters with a vowel in it, then a final soft sign. The "-ість/-ост-"
//! alternation ("можливість", "можливості") is folded to "-ост". Derivation
//! is left alone: "робота" and "робітник" stay apart. How it groups the
//! words of real Ukrainian text is measured in docs/languages.md.

use std::borrow::Cow;

/// Inflectional endings, longest tried first (see [`longest_ending`]).
#[rustfmt::skip]
const ENDINGS: &[&str] = &[
    // verbs: the -ува- class ("підписувати", "підписують"), infinitive,
    // future in -тиме, present, past, gerunds
    "увати", "ував", "увала", "увало", "ували", "уємо", "уєте", "ують", "уючи",
    "тимуть", "тимемо", "тимете", "тиме", "тимеш",
    "ити", "ати", "іти", "яти", "ути", "ти",
    "ить", "іть", "ать", "ять", "уть", "ють", "ите", "іте", "ете", "єте",
    "имо", "імо", "емо", "ємо", "аєш", "уєш", "иш", "іш", "еш", "єш", "ає", "яє", "ує", "ює",
    "ала", "ало", "али", "ила", "ило", "или", "іла", "іло", "іли",
    "яла", "яло", "яли", "ула", "уло", "ули", "ав", "ив", "ів", "яв", "ув",
    "ючи", "учи", "ячи", "ачи", "вши",
    // adjectives and pronouns
    "ього", "ьому", "ого", "ому", "ими", "іми", "ий", "ій", "им", "ім",
    "ої", "ою", "ею", "єю", "ую", "юю", "их", "іх", "ьої", "ьою",
    // nouns
    "ами", "ями", "ові", "еві", "єві", "ам", "ям", "ах", "ях", "ом", "ем", "єм", "їв", "ей",
    "а", "я", "о", "е", "є", "у", "ю", "і", "ї", "и",
];

const VOWELS: &[char] = &['а', 'е', 'є', 'и', 'і', 'ї', 'о', 'у', 'ю', 'я'];

/// The stem of a lowercase word.
pub fn stem(word: &str) -> Cow<'_, str> {
    let mut stem = word;
    for reflexive in ["ся", "сь"] {
        if let Some(rest) = stem.strip_suffix(reflexive).filter(|rest| is_stem(rest)) {
            stem = rest;
            break;
        }
    }
    if let Some(rest) = stem.strip_suffix("ість").filter(|rest| is_stem(rest)) {
        return Cow::Owned(format!("{rest}ост"));
    }
    if let Some(ending) = longest_ending(stem) {
        stem = &stem[..stem.len() - ending.len()];
    }
    let stem = stem
        .strip_suffix('ь')
        .filter(|rest| is_stem(rest))
        .unwrap_or(stem);
    Cow::Borrowed(stem)
}

/// The longest ending of `word` whose removal leaves a valid stem.
fn longest_ending(word: &str) -> Option<&'static str> {
    ENDINGS
        .iter()
        .copied()
        .filter(|ending| word.strip_suffix(ending).is_some_and(is_stem))
        .max_by_key(|ending| ending.len())
}

/// At least two letters, one of them a vowel.
fn is_stem(stem: &str) -> bool {
    stem.chars().nth(1).is_some() && stem.contains(VOWELS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| stem(word).into_owned()).collect()
    }

    fn assert_one_stem(words: &[&str]) {
        let found = stems(words);
        assert!(
            found.iter().all(|s| *s == found[0]),
            "{words:?} -> {found:?}"
        );
    }

    #[test]
    fn noun_cases_meet() {
        assert_one_stem(&[
            "угода",
            "угоди",
            "угоді",
            "угоду",
            "угодою",
            "угод",
            "угодами",
            "угодах",
        ]);
        assert_one_stem(&["уряд", "уряду", "урядом", "урядові", "уряди", "урядів"]);
        assert_one_stem(&["можливість", "можливості", "можливостями"]);
    }

    #[test]
    fn adjective_forms_meet() {
        assert_one_stem(&[
            "новий",
            "нового",
            "новому",
            "нова",
            "нової",
            "новою",
            "нові",
            "нових",
            "новими",
        ]);
    }

    #[test]
    fn verb_forms_meet() {
        assert_one_stem(&[
            "підписати",
            "підписав",
            "підписала",
            "підписали",
            "підписуючи",
            "підписують",
        ]);
        assert_one_stem(&["відбувся", "відбулася", "відбулися"]);
    }

    #[test]
    fn different_words_stay_apart() {
        let found = stems(&["рада", "рід", "мир", "мер", "сила", "село"]);
        let mut unique = found.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), found.len(), "{found:?}");
    }

    #[test]
    fn short_words_keep_a_stem() {
        assert_eq!(stem("сила"), "сил");
        assert_eq!(stem("мати"), "ма");
        assert_eq!(stem("він"), "він");
        assert_eq!(stem("я"), "я");
    }
}
