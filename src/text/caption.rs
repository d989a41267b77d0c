//! Photo captions run into an article's text: "Smith (left) shakes hands
//! with Jones (right) on Monday", "Pictured: the flooded square", "Scroll
//! down for video". A caption describes a picture the summary's reader does
//! not see and usually repeats the lead, so it never stands in a summary.
//!
//! The rule is one of shape: a caption points at its picture, in brackets
//! or set off by commas ("(pictured)", ", left,") or with an opening label
//! ("Pictured:"). The words it points with are each language's, in its file
//! under `rules/`.

use super::language::Language;
use super::rules;

/// Bracketed asides longer than this are prose, not a pointer at a picture.
const MAX_MARK_BYTES: usize = 40;

/// Whether `sentence`, in `language`, is (or carries) a photo caption.
pub fn is_caption(sentence: &str, language: Language) -> bool {
    let rules = rules::of(language);
    opens_as_caption(sentence, rules.caption_openers())
        || asides(sentence).any(|aside| rules.is_caption_mark(aside.trim()))
}

/// The most words of a label before a colon: "Star of the show: ...".
const MAX_LABEL_WORDS: usize = 4;

/// Whether `sentence` opens with a short capitalised label and a colon
/// before a capitalised clause ("Rescued: A hiker ...", "Step three: The
/// ..."): the shape of a caption's or a subheading's label, and of a
/// speaker's name in an interview. Not a caption for certain, so ranking
/// weighs it rather than selection refusing it.
pub fn opens_with_label(sentence: &str) -> bool {
    let sentence = sentence.trim_start();
    let window = &sentence.as_bytes()[..sentence.len().min(MAX_MARK_BYTES + 1)];
    let Some(colon) = memchr::memchr(b':', window) else {
        return false;
    };
    let (label, rest) = (&sentence[..colon], &sentence[colon + 1..]);
    let label_words = label.split_whitespace().count();
    label.chars().next().is_some_and(char::is_uppercase)
        && (1..=MAX_LABEL_WORDS).contains(&label_words)
        && rest.starts_with(' ')
        && rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
}

/// Whether `sentence` opens with one of `openers` (lowercase), in any case.
fn opens_as_caption(sentence: &str, openers: &[&str]) -> bool {
    let sentence = sentence.trim_start();
    openers.iter().any(|opener| {
        sentence.get(..opener.len()).is_some_and(|start| {
            start
                .chars()
                .flat_map(char::to_lowercase)
                .eq(opener.chars())
        })
    })
}

/// The short asides of `sentence`: what stands between brackets, and
/// between two commas, up to [`MAX_MARK_BYTES`] long.
fn asides(sentence: &str) -> impl Iterator<Item = &str> {
    let bracketed = sentence.match_indices('(').filter_map(|(open, _)| {
        // Only a window is searched, so a run of unclosed brackets costs
        // linear time; a ')' byte always falls on a character boundary.
        let rest = &sentence[open + 1..];
        let window = &rest.as_bytes()[..rest.len().min(MAX_MARK_BYTES + 1)];
        memchr::memchr(b')', window).map(|close| &rest[..close])
    });
    let mut pieces = sentence.split(',');
    pieces.next();
    let mut pieces = pieces.peekable();
    let between_commas = std::iter::from_fn(move || {
        let aside = pieces.next()?;
        Some(pieces.peek().map(|_| aside))
    })
    .flatten()
    .filter(|aside| aside.len() <= MAX_MARK_BYTES);
    bracketed.chain(between_commas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_at_a_picture_mark_a_caption() {
        for (language, caption) in [
            (
                Language::English,
                "Smith (left) shakes hands with Jones (right) on Monday.",
            ),
            (
                Language::English,
                "The mayor, pictured, opened the new bridge.",
            ),
            (
                Language::English,
                "Pictured: the flooded square on Tuesday.",
            ),
            (Language::English, "Scroll down for video ."),
            (
                Language::German,
                "Die Ministerin (links) und der Bürgermeister (rechts) am Montag.",
            ),
            (
                Language::French,
                "Le maire (à gauche) a inauguré le pont lundi.",
            ),
            (
                Language::Spanish,
                "En la imagen: la plaza inundada el martes.",
            ),
            (
                Language::Russian,
                "Мэр города (слева) открыл новый мост в понедельник.",
            ),
            (Language::Ukrainian, "На фото: затоплена площа у вівторок."),
        ] {
            assert!(is_caption(caption, language), "{caption}");
        }
    }

    #[test]
    fn prose_with_brackets_and_commas_is_no_caption() {
        for (language, prose) in [
            (
                Language::English,
                "The council (which met on Monday) approved the plan.",
            ),
            (
                Language::English,
                "He turned left at the corner, then right, and stopped.",
            ),
            (
                Language::English,
                "Voters on the left and right backed the barrier.",
            ),
            (Language::English, "The vote was held on Monday."),
            (
                Language::German,
                "Die Partei rückte nach links, sagte der Sprecher.",
            ),
            (
                Language::Russian,
                "Депутаты (большинство из них) поддержали закон.",
            ),
        ] {
            assert!(!is_caption(prose, language), "{prose}");
        }
    }

    #[test]
    fn a_short_label_before_a_colon_is_told_from_a_quotation() {
        assert!(opens_with_label("Rescued: A hiker was winched to safety."));
        assert!(opens_with_label("Star of the show: The duchess waved."));
        assert!(opens_with_label("На фото: Мэр открыл мост."));
        assert!(!opens_with_label("He said: 'We will go on.'"));
        assert!(!opens_with_label("The plan has one aim: cheaper trains."));
        assert!(!opens_with_label(
            "The council, which met on Monday evening in the old hall: No."
        ));
    }

    #[test]
    fn a_language_without_lists_has_no_caption_words() {
        assert!(!is_caption(
            "Smith (left) and Jones (right).",
            Language::Arabic
        ));
    }
}
