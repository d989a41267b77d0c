//! What extraction gives: an article taken out of its page.

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
