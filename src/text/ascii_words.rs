//! Unicode words (UAX #29) of text that is all ASCII, found by a byte
//! table instead of a general segmenter: news is mostly ASCII, and word
//! segmentation is the costliest step of reading it. The words are exactly
//! those of `unicode_segmentation`'s `unicode_words`, which the tests check
//! on every mix of the ASCII classes the rules tell apart.

/// How the word rules see an ASCII byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_`, which joins letters and digits (WB13a, WB13b).
    Connector,
    /// `:`, which joins two letters (WB6, WB7).
    BetweenLetters,
    /// `,` and `;`, which join two digits (WB11, WB12).
    BetweenDigits,
    /// `.` and `'`, which join two letters or two digits.
    BetweenEither,
    Other,
}

/// The class of each byte; bytes beyond ASCII are `Other`, though a text
/// that has any never comes here.
const CLASSES: [Class; 256] = {
    let mut classes = [Class::Other; 256];
    let mut byte = 0;
    while byte < 128 {
        classes[byte] = match byte as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::Connector,
            b':' => Class::BetweenLetters,
            b',' | b';' => Class::BetweenDigits,
            b'.' | b'\'' => Class::BetweenEither,
            _ => Class::Other,
        };
        byte += 1;
    }
    classes
};

/// Whether `byte` is part of a word wherever it stands: a letter, a digit
/// or `_`.
fn is_word_part(byte: u8) -> bool {
    matches!(
        CLASSES[usize::from(byte)],
        Class::Letter | Class::Digit | Class::Connector
    )
}

/// Whether `joiner` joins the bytes either side into one word: two letters
/// or two digits.
fn joins(before: u8, joiner: u8, after: u8) -> bool {
    let before = CLASSES[usize::from(before)];
    before == CLASSES[usize::from(after)]
        && match CLASSES[usize::from(joiner)] {
            Class::BetweenLetters => before == Class::Letter,
            Class::BetweenDigits => before == Class::Digit,
            Class::BetweenEither => matches!(before, Class::Letter | Class::Digit),
            _ => false,
        }
}

/// The words of an all-ASCII text, in order.
#[derive(Clone)]
pub struct AsciiWords<'text> {
    text: &'text str,
    at: usize,
}

impl<'text> AsciiWords<'text> {
    /// The words of `text`, which must be ASCII; `None` when it is not.
    pub fn new(text: &'text str) -> Option<Self> {
        text.is_ascii().then_some(AsciiWords { text, at: 0 })
    }

    /// The next word from `self.at` on, and moves past it.
    #[inline(always)]
    fn next_word(&mut self) -> Option<&'text str> {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.at + bytes[self.at..].iter().position(|&b| is_word_part(b))?;
            let mut end = start + 1;
            loop {
                while bytes.get(end).is_some_and(|&b| is_word_part(b)) {
                    end += 1;
                }
                match bytes.get(end..end + 2) {
                    Some(&[joiner, after]) if joins(bytes[end - 1], joiner, after) => end += 2,
                    _ => break,
                }
            }
            self.at = end;
            let word = &self.text[start..end];
            // A run of `_` alone is no word.
            if bytes[start] != b'_' || word.bytes().any(|b| b != b'_') {
                return Some(word);
            }
        }
    }
}

impl<'text> Iterator for AsciiWords<'text> {
    type Item = &'text str;

    fn next(&mut self) -> Option<&'text str> {
        self.next_word()
    }

    /// Walks the words in one loop: collecting a sentence's words this way
    /// keeps the position in a register instead of going through `next`
    /// for every word.
    fn fold<B, F: FnMut(B, &'text str) -> B>(mut self, init: B, mut f: F) -> B {
        let mut accumulated = init;
        while let Some(word) = self.next_word() {
            accumulated = f(accumulated, word);
        }
        accumulated
    }
}

#[cfg(test)]
mod tests {
    use unicode_segmentation::UnicodeSegmentation;

    use super::*;

    fn ascii_words(text: &str) -> Vec<&str> {
        AsciiWords::new(text).expect("ASCII").collect()
    }

    #[test]
    fn joins_as_the_word_rules_do() {
        assert_eq!(
            ascii_words("It's 3.5 degrees, 1,000 km: a.m. e-mail __x_1 1:2 a.1 x..y"),
            [
                "It's", "3.5", "degrees", "1,000", "km", "a.m", "e", "mail", "__x_1", "1", "2",
                "a", "1", "x", "y"
            ]
        );
        assert!(AsciiWords::new("café").is_none());
    }

    /// Every string of up to five bytes drawn from one byte of each class
    /// the rules tell apart, and some longer ones, gives the words the
    /// Unicode segmenter gives.
    #[test]
    fn agrees_with_the_unicode_segmenter() {
        const ALPHABET: &[u8] = b"a7_:,.'\" -\r\n";
        let mut texts = vec![String::new()];
        let mut previous = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = previous
                .iter()
                .flat_map(|text| {
                    ALPHABET.iter().map(move |&byte| {
                        let mut longer = text.clone();
                        longer.push(char::from(byte));
                        longer
                    })
                })
                .collect();
            texts.extend(longer.iter().cloned());
            previous = longer;
        }
        texts.push("Mr. O'Neil's 2,500.75-dollar bid (at 10:30 a.m.) won't_stop __it__".into());
        for text in &texts {
            let expected: Vec<&str> = text.unicode_words().collect();
            assert_eq!(ascii_words(text), expected, "in {text:?}");
        }
    }
}
