//! The extracted body's HTML as text, one block (paragraph, heading, list
//! item, table row, quote) per line.
//!
//! The `trafilatura` crate's own text runs all blocks together with
//! spaces, and Precis reads a body by its lines: paragraphs for the
//! summarizer, and lines for the furniture filter. Its HTML keeps the
//! blocks, so the text is taken from there.

use std::cell::{Cell, RefCell};

use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};

use super::structured::tokenized;

/// Elements that end a line where they open and close.
const BLOCKS: [&str; 30] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "tr",
];

/// Table cells: kept on their row's line, apart from one another.
const CELLS: [&str; 2] = ["td", "th"];

/// The text of `html`, one block per line.
pub fn text(html: &str) -> String {
    tokenized(html, Lines::default()).text.into_inner()
}

#[derive(Default)]
struct Lines {
    text: RefCell<String>,
    /// How many `<pre>` elements are open: their line breaks are kept.
    preformatted: Cell<usize>,
}

impl Lines {
    fn tag(&self, tag: &Tag) {
        let name = &*tag.name;
        let mut text = self.text.borrow_mut();
        if BLOCKS.contains(&name) {
            text.push('\n');
        } else if CELLS.contains(&name) {
            text.push(' ');
        }
        if name == "pre" {
            let open = self.preformatted.get();
            self.preformatted.set(match tag.kind {
                TagKind::StartTag => open + 1,
                TagKind::EndTag => open.saturating_sub(1),
            });
        }
    }

    fn characters(&self, characters: &str) {
        let mut text = self.text.borrow_mut();
        if self.preformatted.get() > 0 {
            text.push_str(characters);
        } else {
            text.extend(characters.chars().map(|c| if c == '\n' { ' ' } else { c }));
        }
    }
}

impl TokenSink for Lines {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => self.tag(&tag),
            Token::CharacterTokens(characters) => self.characters(&characters),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn blocks_become_lines_and_inline_markup_does_not() {
        let html = "<h1>Sea wall</h1><p>Residents <b>voted</b>\non Sunday &amp; won.</p>\
            <ul><li>One</li><li>Two</li></ul><table><tr><td>a</td><td>b</td></tr></table>\
            <pre>x = 1\ny = 2</pre>";
        let text = text(html);
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        assert_eq!(
            lines,
            [
                "Sea wall",
                "Residents voted on Sunday & won.",
                "One",
                "Two",
                "a  b",
                "x = 1",
                "y = 2"
            ]
        );
    }
}
