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
/// of each matters. The states in use are a bit set, as a tag is mostly
/// followed in one or two of them and this runs for every byte of a tag.
#[derive(Debug, Clone, Copy, Default)]
struct Tags {
    active: u16,
    counts: [usize; STATES],
}

impl Tags {
    fn is_empty(&self) -> bool {
        self.active == 0
    }

    fn begin(&mut self, state: State, count: usize) {
        let bit = 1 << state as usize;
        let slot = &mut self.counts[state as usize];
        *slot = if self.active & bit == 0 {
            count
        } else {
            (*slot).max(count)
        };
        self.active |= bit;
    }

    /// The states in use with their counts.
    fn followed(&self) -> impl Iterator<Item = (State, usize)> + '_ {
        State::ALL
            .iter()
            .filter(|&&state| self.active & (1 << state as usize) != 0)
            .map(|&state| (state, self.counts[state as usize]))
    }

    /// Moves every tag past `byte`; returns the largest count of a tag
    /// that ended on it, if one did.
    fn advance(&mut self, byte: u8) -> Option<usize> {
        if self.is_empty() {
            return None;
        }
        let mut next = Tags::default();
        let mut ended = None;
        for (state, count) in self.followed() {
            match state.next(byte) {
                (Some(state), opened) => next.begin(state, count + usize::from(opened)),
                (None, _) => ended = Some(ended.map_or(count, |most: usize| most.max(count))),
            }
        }
        *self = next;
        ended
    }

    /// The quote that closes the value every followed tag is in, when
    /// they are all in one quoted value.
    fn only_in_quotes(&self) -> Option<u8> {
        match self.active {
            bit if bit == 1 << State::DoubleQuoted as usize => Some(b'"'),
            bit if bit == 1 << State::SingleQuoted as usize => Some(b'\''),
            _ => None,
        }
    }

    fn most(&self) -> usize {
        self.followed().map(|(_, count)| count).max().unwrap_or(0)
    }
}

/// Elements whose contents the parser reads as text up to their end tag,
/// outside SVG and MathML (`<noscript>` holds elements, as the
/// extractors parse without scripting).
const RAW_TEXT: [&[u8]; 9] = [
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"plaintext",
];

/// The most attributes one element of `html` can get: those of its
/// largest tag, or those of all its `<html>` and `<body>` tags together.
///
/// Where no tag is being followed the parser surely reads text, so what
/// opens there is known: a comment, or a tag, and after a raw-text
/// element's tag (a script, outside SVG and MathML) its contents up to
/// its end tag, in which no tag begins. Skipping those keeps the scripts
/// of real pages (`a<b ? ...`) from counting as tags.
pub fn most_attributes(html: &[u8]) -> usize {
    let mut tags = Tags::default();
    // The tags named `html` or `body`, whose attributes add up.
    let mut roots = Tags::default();
    // The start tag of a raw-text element, surely a tag, followed alone.
    let mut raw: Option<(&[u8], State)> = None;
    // `<svg>` and `<math>` tags met, less those surely closed: inside
    // them, a script's contents are elements.
    let mut foreign = 0usize;
    let (mut most, mut root_total) = (0usize, 0usize);
    let mut at = 0;
    while at < html.len() {
        if tags.is_empty() && roots.is_empty() {
            let Some(offset) = memchr::memchr(b'<', &html[at..]) else {
                break;
            };
            let open = at + offset;
            match markup(&html[open..]) {
                Markup::Comment(length) => {
                    at = open + length;
                    continue;
                }
                Markup::Text => {
                    at = open + 1;
                    continue;
                }
                Markup::Tag { name, closing } => {
                    if closing && is_foreign(name) {
                        foreign = foreign.saturating_sub(1);
                    }
                    if !closing && foreign == 0 {
                        raw = RAW_TEXT
                            .into_iter()
                            .find(|raw| raw.eq_ignore_ascii_case(name))
                            .map(|raw| (raw, State::TagName));
                    }
                    at = open + 1 + usize::from(closing);
                }
            }
        } else if let Some(quote) = tags
            .only_in_quotes()
            .filter(|_| raw.is_none() && roots.is_empty())
        {
            // Inside one quoted value nothing changes until its quote
            // closes or a `<` may open another tag.
            match memchr::memchr2(quote, b'<', &html[at..]) {
                Some(offset) => at += offset,
                None => break,
            }
        }
        let byte = html[at];
        if ends_name(byte) {
            let before = &html[..at];
            if ends_with_tag(before, b"<html") || ends_with_tag(before, b"<body") {
                roots.begin(State::TagName, 0);
            }
            if ends_with_tag(before, b"<svg") || ends_with_tag(before, b"<math") {
                foreign += 1;
            }
        }
        tags.advance(byte);
        root_total += roots.advance(byte).unwrap_or(0);
        if let Some((name, state)) = raw {
            match state.next(byte).0 {
                Some(next) => raw = Some((name, next)),
                None => {
                    // Whatever else was followed began inside this tag.
                    (raw, tags, roots) = (None, Tags::default(), Tags::default());
                    at = raw_text_end(html, at + 1, name);
                    continue;
                }
            }
        }
        if byte.is_ascii_alphabetic() && opens_tag(&html[..at]) {
            tags.begin(State::TagName, 0);
        }
        most = most.max(tags.most());
        at += 1;
    }
    most.max(root_total + roots.most())
}

/// What a `<` opens where the parser reads text.
enum Markup<'a> {
    /// A comment, a doctype or another declaration, of this many bytes.
    Comment(usize),
    /// A start or end tag and its name.
    Tag { name: &'a [u8], closing: bool },
    /// Nothing: the `<` is text.
    Text,
}

/// What the `<` opening `rest` opens.
fn markup(rest: &[u8]) -> Markup<'_> {
    let up_to_close = |from: usize| {
        memchr::memchr(b'>', &rest[from.min(rest.len())..]).map_or(rest.len(), |i| from + i + 1)
    };
    if rest.starts_with(b"<!--") {
        // Ends at the first "-->" or "--!>", which may share the dashes
        // of "<!--"; any earlier end would only count more.
        let end = [&b"-->"[..], b"--!>"]
            .iter()
            .filter_map(|close| {
                memchr::memmem::find(&rest[2..], close).map(|i| 2 + i + close.len())
            })
            .min();
        return Markup::Comment(end.unwrap_or(rest.len()));
    }
    let closing = rest.get(1) == Some(&b'/');
    let name_start = 1 + usize::from(closing);
    match rest.get(name_start) {
        Some(letter) if letter.is_ascii_alphabetic() => {
            let length = rest[name_start..]
                .iter()
                .position(|&byte| ends_name(byte))
                .unwrap_or(rest.len() - name_start);
            Markup::Tag {
                name: &rest[name_start..name_start + length],
                closing,
            }
        }
        _ if closing
            || rest
                .get(1)
                .is_some_and(|&byte| byte == b'!' || byte == b'?') =>
        {
            Markup::Comment(up_to_close(name_start))
        }
        _ => Markup::Text,
    }
}

/// Where the contents of the raw-text element `name` that start at
/// `from` end: at its end tag, or at the end of the page.
fn raw_text_end(html: &[u8], from: usize, name: &[u8]) -> usize {
    if name == b"plaintext" {
        return html.len();
    }
    memchr::memmem::find_iter(&html[from..], b"</")
        .map(|offset| from + offset)
        .find(|&start| {
            let after = start + 2 + name.len();
            html.get(start + 2..after)
                .is_some_and(|found| found.eq_ignore_ascii_case(name))
                && html.get(after).is_none_or(|&byte| ends_name(byte))
        })
        .unwrap_or(html.len())
}

fn is_foreign(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math")
}

/// Whether a letter after `before` starts a tag's name: `<a` or `</a`.
fn opens_tag(before: &[u8]) -> bool {
    before.ends_with(b"<") || before.ends_with(b"</")
}

/// Whether `byte` ends a tag's name.
fn ends_name(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>')
}

/// Whether `before` ends with `tag`, a start tag's `<` and name.
fn ends_with_tag(before: &[u8], tag: &[u8]) -> bool {
    before.len() >= tag.len() && before[before.len() - tag.len()..].eq_ignore_ascii_case(tag)
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
        assert_eq!(
            most_attributes(b"<p a=1 b=2"),
            2,
            "a tag left open at the end"
        );
        assert_eq!(
            most_attributes(b"</p a b c>"),
            3,
            "end tags' attributes count too"
        );
        assert_eq!(
            most_attributes(b"<p a=\"x\"b=\"y\"c>"),
            3,
            "no space after a value"
        );
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
    fn scripts_and_comments_hold_no_tags() {
        let code = "if (a<b) { x = c d e f g h; }".repeat(20);
        let page =
            format!("<script>{code}</script><!-- <p {code}> --><style>a<b {code}</style><p a b>");
        assert_eq!(most_attributes(page.as_bytes()), 2);
        let in_svg = format!("<svg><script>{code}</script></svg>");
        assert!(
            most_attributes(in_svg.as_bytes()) > 100,
            "SVG's scripts hold elements"
        );
        let many: String = (0..50).map(|i| format!(" a{i}")).collect();
        let tricked = format!("<script x='<b>'{many}></script>");
        assert_eq!(
            most_attributes(tricked.as_bytes()),
            51,
            "the script's own tag"
        );
    }

    #[test]
    fn repeated_root_tags_add_up() {
        let page = "<html a=1><body b=1 c=1><html d=1><body e=1>";
        assert_eq!(most_attributes(page.as_bytes()), 5);
        let spread: String = (0..100)
            .map(|i| format!("<body x{i}=1><p>text</p>"))
            .collect();
        assert_eq!(most_attributes(spread.as_bytes()), 100);
    }

    #[test]
    fn time_is_linear_in_the_page() {
        let page = "<a <a '".repeat(100_000);
        assert!(most_attributes(page.as_bytes()) > 100_000);
    }
}
