//! The article's metadata as the page states it.

use super::Article;
use crate::text::is_well_formed_tag;

/// An article with the page's metadata and no body yet; empty values are
/// treated as absent.
pub fn article(metadata: &rs_trafilatura::Metadata) -> Article {
    let present = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(str::to_string)
    };
    Article {
        title: present(&metadata.title),
        byline: present(&metadata.author),
        published: metadata.date.map(|date| date.to_rfc3339()),
        // A page may declare anything; only a well-formed tag is passed on.
        language: present(&metadata.language).filter(|tag| is_well_formed_tag(tag)),
        canonical_url: present(&metadata.url),
        paragraphs: Vec::new(),
    }
}
