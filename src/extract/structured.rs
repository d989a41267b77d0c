//! The page's structured data, read in one pass of the HTML tokenizer:
//! `<meta>` tags, JSON-LD blocks, `<title>`, `<html lang>`, the canonical
//! link, `<time datetime>`, the headings and the elements that name an
//! author. No tree is built: the tokenizer is cheap, and none of these
//! needs one. Everything kept is bounded, so a hostile page costs the
//! pass and no more.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The most JSON-LD read from one block: real blocks are a few kilobytes
/// (the largest in the extraction sets under 100 KB); a larger one is
/// skipped rather than parsed.
pub const MAX_JSON_LD_BYTES: usize = 256 * 1024;
/// The most JSON-LD blocks kept (real pages carry one to five).
const MAX_JSON_LD_BLOCKS: usize = 16;
/// The most `<meta>` values, headings, times or author candidates kept.
const MAX_ITEMS: usize = 256;
/// The longest text kept of a title, heading or meta value.
const MAX_TEXT_CHARS: usize = 1024;
/// A byline is shorter than this, as Readability.js has it: a longer text
/// in an "author" element is a biography or a list, not a name.
pub const MAX_BYLINE_CHARS: usize = 100;

/// What the page states about itself, in document order.
#[derive(Debug, Default)]
pub struct Page {
    /// `<html lang>`.
    pub lang: Option<String>,
    /// The text of the first `<title>`.
    pub title: Option<String>,
    /// `<meta>` values as `(key, content)`: keys are `property` values
    /// (each of a space-separated list), `name` and `itemprop` values,
    /// lowercased, with whitespace dropped and `.` read as `:`.
    pub metas: Vec<(String, String)>,
    /// The JSON-LD blocks' text, each within [`MAX_JSON_LD_BYTES`].
    pub json_ld: Vec<String>,
    /// `<link rel=canonical href>`.
    pub canonical: Option<String>,
    /// `<time datetime>` values, each with whether it is marked as the
    /// publication date (`itemprop=datePublished` or `pubdate`).
    pub times: Vec<(bool, String)>,
    /// The texts of the `<h1>` and `<h2>` elements.
    pub headings: Vec<String>,
    /// The text of the first `<h1>`.
    pub h1: Option<String>,
    /// How many `<h1>` elements the page has.
    pub h1_count: usize,
    /// The first element that names an author (`rel=author`, an
    /// `itemprop` or class or id naming an author or byline) with a text
    /// short enough to be a byline.
    pub byline: Option<String>,
}

impl Page {
    /// The last value of a meta key, trimmed, when not empty (the last,
    /// as Readability.js reads them).
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .rev()
            .filter(|(name, _)| name == key)
            .map(|(_, value)| value.trim())
            .find(|value| !value.is_empty())
    }

    /// The `<time datetime>` marked as the publication date, or else the
    /// first.
    pub fn time(&self) -> Option<&str> {
        let time = |marked: bool| {
            self.times
                .iter()
                .find(|(is_marked, _)| *is_marked || !marked)
                .map(|(_, time)| time.as_str())
        };
        time(true).or_else(|| time(false))
    }
}

/// Runs the HTML tokenizer over `html` into `sink` (no tree built), and
/// gives the sink back.
pub fn tokenized<Sink: TokenSink>(html: &str, sink: Sink) -> Sink {
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// Reads the structured data of a page.
pub fn read(html: &str) -> Page {
    let scanner = tokenized(html, Scanner::default());
    let mut page = scanner.page.into_inner();
    let mut candidates = scanner.candidates.into_inner();
    candidates.retain(|candidate| candidate.closed && !candidate.overflow);
    page.byline = candidates
        .into_iter()
        .find(|candidate| {
            let length = collapse(&candidate.text).chars().count();
            length > 0 && length < MAX_BYLINE_CHARS
        })
        .map(|candidate| match candidate.name_part {
            Some(part) if part.closed => collapse(&part.text),
            _ => collapse(&candidate.text),
        })
        .filter(|byline| !byline.is_empty());
    page
}

/// Whitespace runs as single spaces, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the text being read belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Capture {
    Title,
    Heading,
    JsonLd,
}

/// An element whose text is being read, until its end tag.
#[derive(Debug)]
struct Open {
    name: String,
    /// Elements of the same name opened inside it and not yet closed.
    nested: usize,
    capture: Capture,
    text: String,
    /// The text outgrew its bound; it is dropped.
    overflow: bool,
}

/// An element that may name the author.
#[derive(Debug)]
struct Candidate {
    name: String,
    nested: usize,
    text: String,
    closed: bool,
    /// The text outgrew any byline's; the element is not one.
    overflow: bool,
    /// The text of the first element inside marked `itemprop=name`: the
    /// name alone, without the date or role beside it.
    name_part: Option<NamePart>,
}

#[derive(Debug)]
struct NamePart {
    name: String,
    nested: usize,
    text: String,
    closed: bool,
}

#[derive(Default)]
struct Scanner {
    page: RefCell<Page>,
    open: RefCell<Vec<Open>>,
    candidates: RefCell<Vec<Candidate>>,
    /// Open elements a reader leaves out (hidden, or page furniture by
    /// their class, id or role), with how many of the same name are
    /// nested inside: no byline is looked for within them.
    excluded: RefCell<Vec<(String, usize)>>,
}

/// Elements that have no end tag, so never hold a byline's text.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

fn attribute<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|attribute| &*attribute.name.local == name)
        .map(|attribute| &*attribute.value)
}

fn bounded(text: &str) -> String {
    text.chars().take(MAX_TEXT_CHARS).collect()
}

/// Whether an element's attributes say it names the author, the way
/// Readability.js finds a byline in the body.
fn names_author(tag: &Tag) -> bool {
    let rel = attribute(tag, "rel").unwrap_or_default();
    let itemprop = attribute(tag, "itemprop").unwrap_or_default();
    let marks = format!(
        "{} {}",
        attribute(tag, "class").unwrap_or_default(),
        attribute(tag, "id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    rel.eq_ignore_ascii_case("author")
        || itemprop.to_ascii_lowercase().contains("author")
        || ["byline", "author", "dateline", "writtenby", "p-author"]
            .iter()
            .any(|mark| marks.contains(mark))
}

/// Whether a reader leaves the element out, as Readability.js does before
/// it looks for a byline: hidden, or furniture by its role, or by its
/// class or id unless these also name content.
fn is_unlikely(tag: &Tag) -> bool {
    let style = attribute(tag, "style")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace(' ', "");
    let hidden = attribute(tag, "hidden").is_some()
        || style.contains("display:none")
        || style.contains("visibility:hidden")
        || attribute(tag, "aria-hidden").is_some_and(|value| value.trim() == "true");
    let role = attribute(tag, "role").unwrap_or_default();
    let furniture_role = [
        "menu",
        "menubar",
        "complementary",
        "navigation",
        "alert",
        "alertdialog",
        "dialog",
    ]
    .contains(&role);
    let marks = format!(
        "{} {}",
        attribute(tag, "class").unwrap_or_default(),
        attribute(tag, "id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    let furniture = [
        "-ad-",
        "ai2html",
        "banner",
        "breadcrumbs",
        "combx",
        "comment",
        "community",
        "cover-wrap",
        "disqus",
        "extra",
        "footer",
        "gdpr",
        "header",
        "legends",
        "menu",
        "related",
        "remark",
        "replies",
        "rss",
        "shoutbox",
        "sidebar",
        "skyscraper",
        "social",
        "sponsor",
        "supplemental",
        "ad-break",
        "agegate",
        "pagination",
        "pager",
        "popup",
        "yom-remote",
    ]
    .iter()
    .any(|mark| marks.contains(mark));
    let content = [
        "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
    ]
    .iter()
    .any(|mark| marks.contains(mark));
    let name = &*tag.name;
    hidden || furniture_role || (furniture && !content && name != "body" && name != "a")
}

impl Scanner {
    fn start(&self, tag: &Tag) -> TokenSinkResult<()> {
        let name = &*tag.name;
        let mut page = self.page.borrow_mut();
        match name {
            "html" if page.lang.is_none() => {
                page.lang = attribute(tag, "lang").map(|lang| lang.trim().to_string());
            }
            "meta" => {
                if let Some(content) = attribute(tag, "content")
                    && page.metas.len() < MAX_ITEMS
                {
                    let content = bounded(content);
                    for key in attribute(tag, "property")
                        .unwrap_or_default()
                        .split_whitespace()
                    {
                        page.metas.push((key.to_lowercase(), content.clone()));
                    }
                    for attribute_name in ["name", "itemprop"] {
                        if let Some(key) = attribute(tag, attribute_name) {
                            let key: String = key
                                .chars()
                                .filter(|c| !c.is_whitespace())
                                .map(|c| if c == '.' { ':' } else { c })
                                .collect();
                            page.metas.push((key.to_lowercase(), content.clone()));
                        }
                    }
                }
            }
            "link" if page.canonical.is_none() => {
                let rel = attribute(tag, "rel").unwrap_or_default();
                if rel
                    .split_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("canonical"))
                {
                    page.canonical = attribute(tag, "href").map(|href| href.trim().to_string());
                }
            }
            "time" if page.times.len() < MAX_ITEMS => {
                if let Some(datetime) = attribute(tag, "datetime") {
                    let marked = attribute(tag, "pubdate").is_some()
                        || attribute(tag, "itemprop")
                            .is_some_and(|itemprop| itemprop.contains("datePublished"));
                    page.times.push((marked, bounded(datetime)));
                }
            }
            _ => {}
        }
        drop(page);
        let capture = match name {
            "title" => Some(Capture::Title),
            "h1" | "h2" => Some(Capture::Heading),
            "script"
                if attribute(tag, "type").is_some_and(|kind| {
                    kind.trim().eq_ignore_ascii_case("application/ld+json")
                }) =>
            {
                Some(Capture::JsonLd)
            }
            _ => None,
        };
        let mut open = self.open.borrow_mut();
        for element in open.iter_mut().filter(|element| element.name == name) {
            element.nested += 1;
        }
        if let Some(capture) = capture
            && !tag.self_closing
        {
            if name == "h1" {
                self.page.borrow_mut().h1_count += 1;
            }
            open.push(Open {
                name: name.to_string(),
                nested: 0,
                capture,
                text: String::new(),
                overflow: false,
            });
        }
        drop(open);
        let mut candidates = self.candidates.borrow_mut();
        let names_name = !VOID.contains(&name)
            && !tag.self_closing
            && attribute(tag, "itemprop").is_some_and(|itemprop| itemprop.contains("name"));
        for candidate in candidates.iter_mut().filter(|c| !c.closed) {
            if candidate.name == name {
                candidate.nested += 1;
            }
            match &mut candidate.name_part {
                Some(part) if !part.closed && part.name == name => part.nested += 1,
                None if names_name => {
                    candidate.name_part = Some(NamePart {
                        name: name.to_string(),
                        nested: 0,
                        text: String::new(),
                        closed: false,
                    })
                }
                _ => {}
            }
        }
        let mut excluded = self.excluded.borrow_mut();
        for region in excluded.iter_mut().filter(|region| region.0 == name) {
            region.1 += 1;
        }
        if !VOID.contains(&name) && !tag.self_closing && is_unlikely(tag) {
            excluded.push((name.to_string(), 0));
        }
        if !VOID.contains(&name)
            && !tag.self_closing
            && excluded.is_empty()
            && candidates.len() < MAX_ITEMS
            && names_author(tag)
        {
            candidates.push(Candidate {
                name: name.to_string(),
                nested: 0,
                text: String::new(),
                closed: false,
                overflow: false,
                name_part: None,
            });
        }
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            _ => TokenSinkResult::Continue,
        }
    }

    fn end(&self, name: &str) {
        let mut open = self.open.borrow_mut();
        let mut closed = Vec::new();
        open.retain_mut(|element| {
            if element.name != name {
                return true;
            }
            if element.nested > 0 {
                element.nested -= 1;
                return true;
            }
            closed.push((
                element.capture,
                std::mem::take(&mut element.text),
                element.overflow,
            ));
            false
        });
        drop(open);
        let mut page = self.page.borrow_mut();
        for (capture, text, overflow) in closed {
            match capture {
                Capture::Title if page.title.is_none() => page.title = Some(collapse(&text)),
                Capture::Heading if page.headings.len() < MAX_ITEMS => {
                    if name == "h1" && page.h1.is_none() {
                        page.h1 = Some(collapse(&text));
                    }
                    page.headings.push(collapse(&text))
                }
                Capture::JsonLd if !overflow && page.json_ld.len() < MAX_JSON_LD_BLOCKS => {
                    page.json_ld.push(text)
                }
                _ => {}
            }
        }
        for candidate in self
            .candidates
            .borrow_mut()
            .iter_mut()
            .filter(|candidate| !candidate.closed)
        {
            if let Some(part) = &mut candidate.name_part
                && !part.closed
                && part.name == name
            {
                if part.nested > 0 {
                    part.nested -= 1;
                } else {
                    part.closed = true;
                }
            }
            if candidate.name != name {
                continue;
            }
            if candidate.nested > 0 {
                candidate.nested -= 1;
            } else {
                candidate.closed = true;
            }
        }
        self.excluded.borrow_mut().retain_mut(|region| {
            if region.0 != name {
                true
            } else if region.1 > 0 {
                region.1 -= 1;
                true
            } else {
                false
            }
        });
    }

    fn text(&self, text: &str) {
        for element in self.open.borrow_mut().iter_mut() {
            let limit = match element.capture {
                Capture::JsonLd => MAX_JSON_LD_BYTES,
                _ => MAX_TEXT_CHARS * 4,
            };
            if element.text.len() + text.len() > limit {
                element.overflow = true;
            } else if !element.overflow {
                element.text.push_str(text);
            }
        }
        for candidate in self
            .candidates
            .borrow_mut()
            .iter_mut()
            .filter(|candidate| !candidate.closed && !candidate.overflow)
        {
            if candidate.text.len() + text.len() > MAX_BYLINE_CHARS * 16 {
                candidate.overflow = true;
            } else {
                candidate.text.push_str(text);
                if let Some(part) = &mut candidate.name_part
                    && !part.closed
                {
                    part.text.push_str(text);
                }
            }
        }
    }
}

impl TokenSink for Scanner {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return self.start(&tag),
                TagKind::EndTag => self.end(&tag.name),
            },
            Token::CharacterTokens(text) => self.text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}
