//! How many attributes one element of a page can get, measured before
//! parsing, so that a page whose elements carry more than any real page's
//! is refused up front ([`super::MAX_ATTRIBUTES`]).
//!
//! The HTML parser checks each new attribute of a tag against the tag's
//! earlier ones, and merges the attributes of every repeated `<html>` and
//! `<body>` tag into one element the same way: both take time growing with
//! the square of the attributes.
//!
//! The count follows the tokenizer's tag states (names, quoted and
//! unquoted values) but not the tree builder, which decides whether a
//! `<` opens a tag at all (not inside a comment, a script or a quoted
//! value). Instead every `<` before a letter is taken to open one, and the
//! tags it may begin are followed side by side, one running count a state:
//! the largest count any tag can reach, found in one pass and never less
//! than the parser's.

/// The tokenizer's states inside a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    TagName,
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    DoubleQuoted,
    SingleQuoted,
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

const STATES: usize = 10;

impl State {
    const ALL: [State; STATES] = [
        State::TagName,
        State::BeforeName,
        State::Name,
        State::AfterName,
        State::BeforeValue,
        State::DoubleQuoted,
        State::SingleQuoted,
        State::Unquoted,
        State::AfterQuoted,
        State::SelfClosing,
    ];

    /// The state after `byte`, `None` when the tag ends there, and whether
    /// `byte` opens a new attribute. Bytes of a multi-byte character act
    /// as the letters they are part of.
    fn next(self, byte: u8) -> (Option<State>, bool) {
        use State::*;
        let space = matches!(byte, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
        let opened = |state: State| match byte {
            _ if space => (Some(state), false),
            b'/' => (Some(SelfClosing), false),
            b'>' => (None, false),
            _ => (Some(Name), true),
        };
        match self {
            TagName | Unquoted | AfterQuoted if space => (Some(BeforeName), false),
            TagName | AfterQuoted if byte == b'/' => (Some(SelfClosing), false),
            TagName | Unquoted | AfterQuoted | BeforeValue if byte == b'>' => (None, false),
            TagName | Unquoted => (Some(self), false),
            AfterQuoted | BeforeName => opened(BeforeName),
            SelfClosing if byte == b'>' => (None, false),
            SelfClosing => opened(BeforeName),
            Name | AfterName if byte == b'=' => (Some(BeforeValue), false),
            Name if space => (Some(AfterName), false),
            Name if byte == b'/' => (Some(SelfClosing), false),
            Name if byte == b'>' => (None, false),
            Name => (Some(Name), false),
            AfterName => opened(AfterName),
            BeforeValue if space => (Some(BeforeValue), false),
            BeforeValue if byte == b'"' => (Some(DoubleQuoted), false),
            BeforeValue if byte == b'\'' => (Some(SingleQuoted), false),
            BeforeValue => (Some(Unquoted), false),
            DoubleQuoted if byte == b'"' => (Some(AfterQuoted), false),
            SingleQuoted if byte == b'\'' => (Some(AfterQuoted), false),
            DoubleQuoted | SingleQuoted => (Some(self), false),
        }
    }
}

/// The largest attribute count among the tags being followed, one per
/// state: tags in the same state go on alike, so only the largest count
/// of each matters.
#[derive(Debug, Clone, Copy, Default)]
struct Tags {
    counts: [Option<usize>; STATES],
}

impl Tags {
    fn is_empty(&self) -> bool {
        self.counts.iter().all(Option::is_none)
    }

    fn begin(&mut self, state: State, count: usize) {
        let slot = &mut self.counts[state as usize];
        *slot = Some(slot.map_or(count, |held| held.max(count)));
    }

    /// Moves every tag past `byte`; returns the largest count of a tag
    /// that ended on it, if one did.
    fn advance(&mut self, byte: u8) -> Option<usize> {
        let mut next = Tags::default();
        let mut ended = None;
        for (state, count) in State::ALL.iter().zip(self.counts) {
            let Some(count) = count else { continue };
            match state.next(byte) {
                (Some(state), opened) => next.begin(state, count + usize::from(opened)),
                (None, _) => ended = Some(ended.map_or(count, |most: usize| most.max(count))),
            }
        }
        *self = next;
        ended
    }

    fn most(&self) -> usize {
        self.counts.iter().flatten().copied().max().unwrap_or(0)
    }
}

/// The most attributes one element of `html` can get: those of its
/// largest tag, or those of all its `<html>` and `<body>` tags together.
pub fn most_attributes(html: &[u8]) -> usize {
    let mut tags = Tags::default();
    // The tags named `html` or `body`, whose attributes add up.
    let mut roots = Tags::default();
    let (mut most, mut root_total) = (0usize, 0usize);
    let mut at = 0;
    while at < html.len() {
        if tags.is_empty() && roots.is_empty() {
            // Nothing to follow until the next `<` and its `/`, if any.
            match memchr::memchr(b'<', &html[at..]) {
                Some(offset) => at += offset + 1,
                None => break,
            }
            at += usize::from(html.get(at) == Some(&b'/'));
            if at == html.len() {
                break;
            }
        }
        let byte = html[at];
        if ends_name(byte) && opens_root(&html[..at]) {
            roots.begin(State::TagName, 0);
        }
        tags.advance(byte);
        root_total += roots.advance(byte).unwrap_or(0);
        if byte.is_ascii_alphabetic() && opens_tag(&html[..at]) {
            tags.begin(State::TagName, 0);
        }
        most = most.max(tags.most());
        at += 1;
    }
    most.max(root_total + roots.most())
}

/// Whether a letter after `before` starts a tag's name: `<a` or `</a`.
fn opens_tag(before: &[u8]) -> bool {
    before.ends_with(b"<") || before.ends_with(b"</")
}

/// Whether `byte` ends a tag's name.
fn ends_name(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>')
}

/// Whether `before` ends with the start tag of the root or body element,
/// whose attributes the parser merges across repeated tags.
fn opens_root(before: &[u8]) -> bool {
    before.len() >= 5 && {
        let tail = &before[before.len() - 5..];
        tail.eq_ignore_ascii_case(b"<html") || tail.eq_ignore_ascii_case(b"<body")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_attributes_of_the_largest_tag() {
        let page = br#"<html lang="en"><body><p class=a id='b' hidden data-x="1>2">One</p>
            <img src=x.png alt="a b c"/><br/></body></html>"#;
        assert_eq!(most_attributes(page), 4, "class, id, hidden, data-x");
        assert_eq!(most_attributes(b"no tags at all"), 0);
        assert_eq!(most_attributes(b"<p a=1 b=2"), 2, "a tag left open at the end");
        assert_eq!(most_attributes(b"</p a b c>"), 3, "end tags' attributes count too");
        assert_eq!(most_attributes(b"<p a=\"x\"b=\"y\"c>"), 3, "no space after a value");
    }

    #[test]
    fn a_tag_hidden_from_a_naive_scan_is_still_counted() {
        let many: String = (0..50).map(|i| format!(" a{i}")).collect();
        for hiding in [
            format!("<!-- <x y='--> <p{many}>"),
            format!("<script>s = '<b '</script><p{many}>"),
            format!("<p title=\">\"{many}>"),
            format!("<svg><style><p{many}></style></svg>"),
        ] {
            assert!(most_attributes(hiding.as_bytes()) >= 50, "{hiding}");
        }
    }

    #[test]
    fn repeated_root_tags_add_up() {
        let page = "<html a=1><body b=1 c=1><html d=1><body e=1>";
        assert_eq!(most_attributes(page.as_bytes()), 5);
        let spread: String = (0..100).map(|i| format!("<body x{i}=1><p>text</p>")).collect();
        assert_eq!(most_attributes(spread.as_bytes()), 100);
    }

    #[test]
    fn time_is_linear_in_the_page() {
        let page = "<a <a '".repeat(100_000);
        assert!(most_attributes(page.as_bytes()) > 100_000);
    }
}
