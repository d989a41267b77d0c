//! The article's metadata as the page states it: its structured data
//! first ([`structured`](super::structured), [`json_ld`]), in the order Readability.js reads
//! it, and the `trafilatura` crate's guesses of title, byline and URL only
//! where the page states nothing.
//!
//! - title: the JSON-LD article's `name` or `headline`; else `dc:title`,
//!   `dcterm:title`, `og:title`, `weibo:*:title`, `<meta name=title>`,
//!   `twitter:title`, `parsely-title`; else `<title>` without the site's
//!   name ([`document_title`]);
//! - byline: the JSON-LD authors; else `dc:creator`, `dcterm:creator`,
//!   `<meta name=author>`, `parsely-author`, `article:author` (unless a
//!   URL); else the first element marked as naming the author;
//! - published: the JSON-LD `datePublished`; else
//!   `article:published_time`, `parsely-pub-date`; else `<time datetime>`;
//! - language: `<html lang>`; canonical URL: `<link rel=canonical>`.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use super::article::Article;
use super::json_ld::{self, JsonLdArticle};
use super::structured::{Page, collapse};
use crate::text::is_well_formed_tag;

/// An article with the page's metadata and no body yet; empty values are
/// treated as absent.
pub fn article(page: &Page, metadata: Option<&trafilatura::Metadata>) -> Article {
    let json_ld = json_ld::article(&page.json_ld).unwrap_or_default();
    let guessed = |pick: fn(&trafilatura::Metadata) -> &str| {
        metadata
            .map(|metadata| collapse(pick(metadata)))
            .filter(|value| !value.is_empty())
    };
    let meta = |keys: &[&str]| {
        keys.iter()
            .find_map(|key| page.meta(key))
            .map(collapse)
            .filter(|value| !value.is_empty())
    };
    let title = title(page, &json_ld).or_else(|| guessed(|metadata| &metadata.title));
    let byline = json_ld
        .byline
        .clone()
        .or_else(|| meta(&["dc:creator", "dcterm:creator", "author", "parsely-author"]))
        .or_else(|| meta(&["article:author"]).filter(|author| !is_url(author)))
        .or_else(|| page.byline.clone())
        .or_else(|| guessed(|metadata| &metadata.author));
    let published = json_ld
        .date_published
        .as_deref()
        .and_then(rfc3339)
        .or_else(|| meta(&["article:published_time", "parsely-pub-date"]).and_then(|d| rfc3339(&d)))
        .or_else(|| page.time().and_then(rfc3339));
    // A page may declare anything; only a well-formed tag is passed on.
    // The crate's language is its own detection, not the page's word.
    let language = page.lang.clone().filter(|tag| is_well_formed_tag(tag));
    let canonical_url = page
        .canonical
        .clone()
        .filter(|url| is_url(url))
        .or_else(|| guessed(|metadata| &metadata.url));
    Article {
        title,
        byline,
        published,
        language,
        canonical_url,
        paragraphs: Vec::new(),
    }
}

fn is_url(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

/// The title the page's metadata states: JSON-LD, then the meta tags,
/// then `<title>`.
fn title(page: &Page, json_ld: &JsonLdArticle) -> Option<String> {
    let document = page
        .title
        .as_deref()
        .map(|title| document_title(title, page));
    let from_json_ld = match (&json_ld.name, &json_ld.headline) {
        // Sites put the site's name or the headline in `name`: the one
        // closer to the page's own title is the article's.
        (Some(name), Some(headline)) if name != headline => {
            let document = document.as_deref().unwrap_or_default();
            let headline_matches = similarity(headline, document) > 0.75;
            let name_matches = similarity(name, document) > 0.75;
            Some(
                if headline_matches && !name_matches {
                    headline
                } else {
                    name
                }
                .clone(),
            )
        }
        (Some(name), _) => Some(name.clone()),
        (None, headline) => headline.clone(),
    };
    let keys = [
        "dc:title",
        "dcterm:title",
        "og:title",
        "weibo:article:title",
        "weibo:webpage:title",
        "title",
        "twitter:title",
        "parsely-title",
    ];
    from_json_ld
        .or_else(|| keys.iter().find_map(|key| page.meta(key)).map(collapse))
        .or(document)
        .filter(|title| !title.is_empty())
}

/// How much of `b`'s words `a` also has, from 0 to 1, weighed by length.
fn similarity(a: &str, b: &str) -> f64 {
    let words = |text: &str| -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let b_length = b.join(" ").chars().count();
    let unique: Vec<&str> = b
        .iter()
        .filter(|word| !a.contains(word))
        .map(String::as_str)
        .collect();
    1.0 - unique.join(" ").chars().count() as f64 / b_length as f64
}

/// Separators between a page's title and the site's name or section.
const SEPARATORS: [&str; 8] = [" | ", " - ", " – ", " — ", " \\ ", " / ", " > ", " » "];
/// Separators of a hierarchy (site, section, page) rather than a suffix.
const HIERARCHICAL: [&str; 4] = [" \\ ", " / ", " > ", " » "];

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// `<title>` without the site's name, as Readability.js cuts it: the part
/// before the last separator, or after the first when that leaves under
/// three words; after a colon when no heading repeats the whole title; an
/// `<h1>` for a title too short or too long to be one; and the whole title
/// when the cut leaves four words or fewer of a title that was not a
/// hierarchy.
fn document_title(original: &str, page: &Page) -> String {
    let original = collapse(original);
    let last_separator = SEPARATORS
        .iter()
        .filter_map(|separator| original.rfind(separator))
        .max();
    let hierarchical = HIERARCHICAL
        .iter()
        .any(|separator| original.contains(separator));
    let mut title = if let Some(at) = last_separator {
        let before = &original[..at];
        if word_count(before) < 3 {
            let first = SEPARATORS
                .iter()
                .filter_map(|separator| original.find(separator).map(|at| at + separator.len()))
                .min()
                .unwrap_or(0);
            original[first..].to_string()
        } else {
            before.to_string()
        }
    } else if original.contains(": ") {
        if page.headings.contains(&original) {
            original.clone()
        } else {
            let after_last = &original[original.rfind(':').map_or(0, |at| at + 1)..];
            let before_first = &original[..original.find(':').unwrap_or(0)];
            if word_count(after_last) < 3 {
                original[original.find(':').map_or(0, |at| at + 1)..].to_string()
            } else if word_count(before_first) > 5 {
                original.clone()
            } else {
                after_last.to_string()
            }
        }
    } else {
        let length = original.chars().count();
        match &page.h1 {
            Some(h1) if !(15..=150).contains(&length) && page.h1_count == 1 => h1.clone(),
            _ => original.clone(),
        }
    };
    title = collapse(&title);
    let unseparated = SEPARATORS.iter().fold(original.clone(), |text, separator| {
        text.replace(separator, " ")
    });
    let words = word_count(&title);
    if words <= 4 && (!hierarchical || words + 1 != word_count(&unseparated)) {
        original
    } else {
        title
    }
}

/// A date as RFC 3339: as written when it has a UTC offset, read as UTC
/// when it has none, midnight UTC when it has no time. None when it is
/// not an ISO 8601 date.
pub fn rfc3339(text: &str) -> Option<String> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.to_rfc3339());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(time) = DateTime::parse_from_str(text, format) {
            return Some(time.to_rfc3339());
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
            return Some(time.and_utc().to_rfc3339());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|time| time.and_utc().to_rfc3339())
}
