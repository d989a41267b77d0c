//! Main-content extraction: a news page's HTML in, the article out (its
//! body as paragraphs and plain text, with title, byline, date, language
//! and canonical URL).
//!
//! The body is found by rs-trafilatura, chosen on the ScrapingHub
//! benchmark (see the README's Extraction section), with dom_smoothie as a
//! second opinion when rs-trafilatura's body looks wrong
//! ([`second_opinion`]); Precis then drops the page furniture the
//! extractors let through ([`crate::text::Furniture`]).
//! Like the rest of the core, this module is pure: no I/O, no transport.

mod body;
mod depth;
mod metadata;
mod second_opinion;

use thiserror::Error;

/// An article taken out of its page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// The headline, from the page's metadata or markup.
    pub title: Option<String>,
    /// Who wrote it, as the page states it.
    pub byline: Option<String>,
    /// When it was published, as RFC 3339, when the page states it.
    pub published: Option<String>,
    /// The page's declared language (a BCP-47 tag), when it declares one.
    pub language: Option<String>,
    /// The page's canonical URL, when it names one.
    pub canonical_url: Option<String>,
    /// The body, one paragraph (or heading, or list item) per entry.
    pub paragraphs: Vec<String>,
}

impl Article {
    /// The body as plain text: paragraphs separated by blank lines, which
    /// is how the summarizer reads paragraphs.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExtractError {
    /// The page is empty or only whitespace.
    #[error("the page is empty")]
    EmptyPage,
    /// The page nests elements deeper than any real page does.
    #[error("the page nests elements more than {} levels deep", depth::MAX_DEPTH)]
    TooDeep,
    /// The page has markup but no article text in it.
    #[error("the page has no article text")]
    NoArticleText,
}

/// Refuses pages that cannot hold an article or would take unbounded time,
/// before any parsing, so that callers can report every problem of a
/// request at once.
pub fn check_page(html: &[u8]) -> Result<(), ExtractError> {
    if html.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::EmptyPage);
    }
    if depth::max_depth(html) > depth::MAX_DEPTH {
        return Err(ExtractError::TooDeep);
    }
    Ok(())
}

/// Extracts the article of a page already decoded to text (a gRPC
/// string); any `<meta charset>` in it is ignored.
pub fn extract(html: &str) -> Result<Article, ExtractError> {
    check_page(html.as_bytes())?;
    article(html)
}

/// Extracts the article of a page given as bytes in any encoding: a byte
/// order mark or a `<meta charset>` declaration says which (UTF-8 without
/// one).
pub fn extract_bytes(html: &[u8]) -> Result<Article, ExtractError> {
    check_page(html)?;
    article(&rs_trafilatura::encoding::transcode_to_utf8(html))
}

/// The article of a checked page: the metadata and body rs-trafilatura
/// finds, or dom_smoothie's body when that one is better, furniture
/// dropped.
fn article(html: &str) -> Result<Article, ExtractError> {
    let primary = rs_trafilatura::extract(html).ok();
    let second = readability_text(html);
    let (mut article, primary_text) = match &primary {
        Some(result) => (
            metadata::article(&result.metadata),
            result.content_text.as_str(),
        ),
        None => (Article::default(), ""),
    };
    let text = second_opinion::choose(primary_text, &second);
    article.paragraphs = body::paragraphs(text, article.title.as_deref());
    if article.paragraphs.is_empty() {
        return Err(ExtractError::NoArticleText);
    }
    Ok(article)
}

/// dom_smoothie's body of the page, one block per line; empty when it
/// finds none.
fn readability_text(html: &str) -> String {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..dom_smoothie::Config::default()
    };
    dom_smoothie::Readability::new(html, None, Some(config))
        .and_then(|mut readability| readability.parse())
        .map(|article| article.text_content.to_string())
        .unwrap_or_default()
}
