//! Main-content extraction: a news page's HTML in, the article out (its
//! body as paragraphs and plain text, with title, byline, date, language
//! and canonical URL).
//!
//! The body is found by the `trafilatura` crate, chosen on both
//! extraction corpora at once (see docs/extraction.md), with dom_smoothie
//! (a Readability port) as the fallback when it finds none or fails;
//! Precis then drops the page furniture the extractors let through
//! ([`crate::text::Furniture`]).
//! Like the rest of the core, this module is pure: no I/O, no transport.

mod article;
mod attributes;
mod blocks;
mod body;
mod encoding;
mod json_ld;
mod metadata;
mod structured;
mod tree;

use thiserror::Error;

pub use article::Article;

/// Bounds on the pages an [`Extractor`] accepts, so that every page's
/// extraction finishes in bounded time and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    /// The largest page, in bytes of HTML.
    pub max_bytes: usize,
    /// The deepest nesting of elements, a guard for the extractors'
    /// recursive steps; how much text lies how deep is bounded apart
    /// (`tree::MAX_WORK`).
    pub max_depth: usize,
}

/// Forty times the deepest of the 790 pages of the extraction sets (50
/// levels; the median is 16), and above a real recipe page that nests past
/// 512. The extractors take time growing with depth; the work bound
/// ([`tree::MAX_WORK`]) decides how much of it a page may cost.
const DEFAULT_MAX_DEPTH: usize = 2048;

/// Four times the elements of the largest real page (the most in the
/// extraction sets is under 10 000, on a Wikipedia article): the
/// extractors' work grows with every element, and faster than that with
/// some (262 000 `<br>` in 2 MiB took them over 3 s).
pub const MAX_ELEMENTS: usize = 40_000;

/// More attributes than any element of a real page carries (the most in
/// the 790 pages of the extraction sets is 70, on a `<div>`): the parser's
/// work grows with the square of one element's attributes (100 000 of
/// them took over a minute).
pub const MAX_ATTRIBUTES: usize = 256;

impl PageLimits {
    /// Pages of any size, for the command line, where the user owns the
    /// machine; nesting stays bounded, as no real page nests that deep.
    pub const ANY_SIZE: PageLimits = PageLimits {
        max_bytes: usize::MAX,
        max_depth: DEFAULT_MAX_DEPTH,
    };
}

impl Default for PageLimits {
    /// 2 MiB, above the largest real news page we have seen (1.5 MB).
    fn default() -> Self {
        PageLimits {
            max_bytes: 2 * 1024 * 1024,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExtractError {
    /// The page is empty or only whitespace.
    #[error("the page is empty")]
    EmptyPage,
    /// The page is larger than the limit.
    #[error("the page has {size} bytes, more than the limit of {limit}")]
    PageTooLarge {
        /// The page's size in bytes.
        size: usize,
        /// The largest page accepted.
        limit: usize,
    },
    /// The page nests elements deeper than the limit.
    #[error("the page nests elements more than {limit} levels deep")]
    TooDeep {
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// An element of the page has more attributes than the limit.
    #[error("an element of the page has more than {limit} attributes")]
    TooManyAttributes {
        /// The most attributes accepted on one element.
        limit: usize,
    },
    /// The page makes more elements than the limit.
    #[error("the page has more than {limit} elements")]
    TooManyElements {
        /// The most elements accepted.
        limit: usize,
    },
    /// The page nests so much of its text and elements so deeply that
    /// extracting it would take more than a request's time.
    #[error("the page nests too much text and too many elements too deeply to extract in time")]
    TooDeeplyFilled,
    /// The page has markup but no article text in it.
    #[error("the page has no article text")]
    NoArticleText,
}

impl ExtractError {
    /// A page over the size limit is too much to take in; a page that
    /// cannot be read (empty, past the markup limits, without an article)
    /// is a bad argument, reported with the request's other problems.
    pub fn error_code(&self) -> crate::error_code::ErrorCode {
        use crate::error_code::ErrorCode;
        match self {
            ExtractError::PageTooLarge { .. } => ErrorCode::ResourceExhausted,
            ExtractError::EmptyPage
            | ExtractError::TooDeep { .. }
            | ExtractError::TooManyAttributes { .. }
            | ExtractError::TooManyElements { .. }
            | ExtractError::TooDeeplyFilled
            | ExtractError::NoArticleText => ErrorCode::InvalidArgument,
        }
    }
}

/// Takes articles out of pages within configured limits. Cheap to share
/// between threads: it holds nothing but its limits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extractor {
    limits: PageLimits,
}

impl Extractor {
    /// An extractor that refuses pages over `limits`.
    pub fn new(limits: PageLimits) -> Self {
        Extractor { limits }
    }

    /// Checks a page already decoded to text (a gRPC string) against the
    /// limits, before extraction, so that callers can report every problem
    /// of a request at once; any `<meta charset>` in it is ignored.
    pub fn page(&self, html: String) -> Result<Page, ExtractError> {
        self.check_size(html.as_bytes())?;
        let fallback = self.check_markup(html.as_bytes())?;
        Ok(Page { html, fallback })
    }

    /// Checks a page given as bytes in any encoding: a byte order mark or a
    /// `<meta charset>` declaration says which (UTF-8 without one). The
    /// markup is checked once decoded, as the parser reads it.
    pub fn page_from_bytes(&self, html: &[u8]) -> Result<Page, ExtractError> {
        self.check_size(html)?;
        let html = encoding::decode(html);
        let fallback = self.check_markup(html.as_bytes())?;
        Ok(Page { html, fallback })
    }

    /// Refuses a page over the size limit, or with nothing in it.
    fn check_size(&self, html: &[u8]) -> Result<(), ExtractError> {
        if html.len() > self.limits.max_bytes {
            return Err(ExtractError::PageTooLarge {
                size: html.len(),
                limit: self.limits.max_bytes,
            });
        }
        if html.iter().all(u8::is_ascii_whitespace) {
            return Err(ExtractError::EmptyPage);
        }
        Ok(())
    }

    /// Refuses markup that would take the parser or the extractors
    /// unbounded time: an element with too many attributes, nesting past
    /// the depth limit, too many elements, or too much text too deep; else
    /// says whether the page is cheap enough for the fallback extractor.
    /// The attributes are counted first, as the parser that measures the
    /// depth would take their time.
    fn check_markup(&self, html: &[u8]) -> Result<Fallback, ExtractError> {
        if attributes::most_attributes(html) > MAX_ATTRIBUTES {
            return Err(ExtractError::TooManyAttributes {
                limit: MAX_ATTRIBUTES,
            });
        }
        let limits = self.limits;
        match tree::measure(
            &String::from_utf8_lossy(html),
            limits.max_depth,
            MAX_ELEMENTS,
        ) {
            Ok(work) if work <= tree::FALLBACK_MAX_WORK => Ok(Fallback::Allowed),
            Ok(_) => Ok(Fallback::Skipped),
            Err(tree::Excess::Depth) => Err(ExtractError::TooDeep {
                limit: limits.max_depth,
            }),
            Err(tree::Excess::Elements) => Err(ExtractError::TooManyElements {
                limit: MAX_ELEMENTS,
            }),
            Err(tree::Excess::Work) => Err(ExtractError::TooDeeplyFilled),
        }
    }

    /// Extracts the article of a page already decoded to text; see
    /// [`Extractor::page`].
    pub fn extract(&self, html: &str) -> Result<Article, ExtractError> {
        self.page(html.to_string())?.article()
    }

    /// Extracts the article of a page given as bytes in any encoding; see
    /// [`Extractor::page_from_bytes`].
    pub fn extract_bytes(&self, html: &[u8]) -> Result<Article, ExtractError> {
        self.page_from_bytes(html)?.article()
    }
}

/// A page that passed the extractor's limits. The checks parse the page to
/// measure it, so they run once, when the page is made, and extraction
/// does not repeat them.
#[derive(Debug, Clone)]
pub struct Page {
    html: String,
    fallback: Fallback,
}

impl Page {
    /// The page's article.
    pub fn article(&self) -> Result<Article, ExtractError> {
        article(&self.html, self.fallback)
    }
}

/// Whether dom_smoothie may be asked for the body when the primary finds
/// none: its work grows faster with depth than the primary's, so a page
/// that nests much text deeply is left to the primary alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fallback {
    Allowed,
    Skipped,
}

/// The article of a checked page: the metadata the page states, and the
/// body the `trafilatura` crate finds, or dom_smoothie's when it finds
/// none (or fails), furniture dropped. The page's structured data is
/// read while the crate works, on another thread.
///
/// The two were compared on both extraction corpora: dom_smoothie's body
/// taken as a second opinion whenever it looked better cost F1 on both,
/// so it is asked only when there is no other body.
fn article(html: &str, fallback: Fallback) -> Result<Article, ExtractError> {
    let (primary, page) = rayon::join(
        || {
            isolated("trafilatura", || {
                trafilatura::extract(html, &primary_options()).ok()
            })
            .flatten()
        },
        || structured::read(html),
    );
    let mut article = metadata::article(&page, primary.as_ref().map(|result| &result.metadata));
    let title = article.title.as_deref();
    let fallback_body = || {
        let text = isolated("dom_smoothie", || readability_text(html)).unwrap_or_default();
        body::paragraphs(&text, title)
    };
    article.paragraphs = primary
        .map(|result| body::paragraphs(&blocks::text(&result.content_html), title))
        .filter(|paragraphs| is_article(paragraphs))
        .or_else(|| {
            (fallback == Fallback::Allowed)
                .then(fallback_body)
                .filter(|paragraphs| is_article(paragraphs))
        })
        .ok_or(ExtractError::NoArticleText)?;
    Ok(article)
}

/// Fewer words than this are a menu item or a label an extractor fell
/// back on when it found no article (the crate returns a page's whole
/// text then, a lone "Home" on a page of links): the shortest news brief
/// is a sentence.
const MIN_ARTICLE_WORDS: usize = 4;

fn is_article(paragraphs: &[String]) -> bool {
    paragraphs
        .iter()
        .map(|paragraph| crate::text::words(paragraph).count())
        .sum::<usize>()
        >= MIN_ARTICLE_WORDS
}

/// The `trafilatura` crate's defaults, less two things Precis does not
/// use: readers' comments (left out before the body is looked for, which
/// also gains F1 on the trafilatura corpus) and its date guesses (the date
/// is only what the page states, [`metadata`]).
fn primary_options() -> trafilatura::Options {
    let mut options = trafilatura::Options::default();
    options.exclude_comments = true;
    options.html_date_mode = trafilatura::HtmlDateMode::Disabled;
    options
}

/// Runs one third-party extractor so that its panic costs only its
/// opinion: the panic is logged and the page goes on with the other's
/// result, if any (dom_smoothie 0.14 panics on a `<pre>` ending in a
/// no-break space).
fn isolated<T>(extractor: &str, run: impl FnOnce() -> T) -> Option<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(result) => Some(result),
        Err(_) => {
            tracing::warn!(
                extractor,
                "an extractor failed on a page; its result is left out"
            );
            None
        }
    }
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

#[cfg(test)]
mod tests {
    use super::isolated;

    #[test]
    fn an_extractor_that_panics_gives_no_opinion() {
        assert_eq!(isolated("working", || 7), Some(7));
        assert_eq!(
            isolated("failing", || -> u32 { panic!("extractor bug") }),
            None
        );
    }
}
