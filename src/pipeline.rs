//! The one path from a document to its summary, taken by every caller: the
//! command line, the gRPC handlers and the articles' cached summaries.
//!
//! A document is checked against the limits when it is made
//! ([`Pipeline::text`], [`Pipeline::page`]), so a caller can report every
//! problem of a request before any work; a page's article is then read
//! ([`Pipeline::read`]) and summarized ([`Pipeline::summarize`]), or both at
//! once ([`Pipeline::run`]).

use thiserror::Error;

use crate::extract::{Article, ExtractError, Extractor, Page};
use crate::summarize::{SummarizeError, Summarizer, Summary, SummaryOptions};

/// What turns a document into a summary: the extractor for a page, then the
/// summarizer, each with its limits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pipeline {
    /// Takes the article out of a page.
    pub extractor: Extractor,
    /// Summarizes text and articles.
    pub summarizer: Summarizer,
}

/// A document that passed the limits.
#[derive(Debug, Clone)]
pub enum Document {
    /// Plain text, summarized as it is.
    Text(String),
    /// A page, whose article is extracted first.
    Page(Page),
}

/// The text a summary is made of: a document's own text, or the article
/// extracted from its page.
#[derive(Debug, Clone)]
pub struct Source {
    /// The text the summary's spans index into.
    pub text: String,
    /// The article of a page, whose text is not what the caller sent; its
    /// title helps the ranking when the caller gave none.
    pub article: Option<Article>,
}

/// A summary with the text its spans index into.
#[derive(Debug, Clone)]
pub struct Summarized {
    /// The summary.
    pub summary: Summary,
    /// What it was made of.
    pub source: Source,
}

/// Why a document has no summary.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PipelineError {
    /// The page has no article, or cannot be read.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The text or the options cannot be summarized.
    #[error(transparent)]
    Summarize(#[from] SummarizeError),
}

impl Pipeline {
    /// Checks a text against the summarizer's limits.
    pub fn text(&self, text: String) -> Result<Document, SummarizeError> {
        self.summarizer.check_document(&text)?;
        Ok(Document::Text(text))
    }

    /// Checks a page, decoded to text, against the extractor's limits.
    pub fn page(&self, html: String) -> Result<Document, ExtractError> {
        self.extractor.page(html).map(Document::Page)
    }

    /// The text to summarize: the document's own, or its page's article.
    pub fn read(&self, document: Document) -> Result<Source, ExtractError> {
        match document {
            Document::Text(text) => Ok(Source {
                text,
                article: None,
            }),
            Document::Page(page) => {
                let article = page.article()?;
                Ok(Source {
                    text: article.text(),
                    article: Some(article),
                })
            }
        }
    }

    /// Summarizes `source`; the page's title stands in for a title the
    /// options do not give.
    pub fn summarize(
        &self,
        source: &Source,
        options: &SummaryOptions,
    ) -> Result<Summary, SummarizeError> {
        let page_title = source
            .article
            .as_ref()
            .and_then(|article| article.title.clone());
        if options.title.is_some() || page_title.is_none() {
            return self.summarizer.summarize(&source.text, options);
        }
        let options = SummaryOptions {
            title: page_title,
            ..options.clone()
        };
        self.summarizer.summarize(&source.text, &options)
    }

    /// Reads and summarizes `document`.
    pub fn run(
        &self,
        document: Document,
        options: &SummaryOptions,
    ) -> Result<Summarized, PipelineError> {
        let source = self.read(document)?;
        let summary = self.summarize(&source, options)?;
        Ok(Summarized { summary, source })
    }
}
