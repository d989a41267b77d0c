//! The article a page describes in JSON-LD: the first schema.org object
//! of an article type, at the top of a block, in a top-level array, or in
//! an `@graph`. A block that is not JSON is skipped; the blocks are
//! bounded in size by [`super::structured`] and in nesting by serde_json.

use serde_json::Value;

/// The schema.org types of an article, as Readability.js reads them.
const ARTICLE_TYPES: [&str; 19] = [
    "Article",
    "AdvertiserContentArticle",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "MedicalScholarlyArticle",
    "SocialMediaPosting",
    "BlogPosting",
    "LiveBlogPosting",
    "DiscussionForumPosting",
    "TechArticle",
    "APIReference",
];

/// What the JSON-LD article states; empty strings are absent.
#[derive(Debug, Default, PartialEq)]
pub struct JsonLdArticle {
    pub name: Option<String>,
    pub headline: Option<String>,
    /// The authors' names, joined by ", ".
    pub byline: Option<String>,
    pub date_published: Option<String>,
}

/// The article of the first block that describes one.
pub fn article(blocks: &[String]) -> Option<JsonLdArticle> {
    blocks.iter().find_map(|block| {
        let block = block
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>");
        let value: Value = serde_json::from_str(block).ok()?;
        find(&value, true).map(read)
    })
}

/// The first article object in a block's value; `top` holds for the
/// values of the block itself, where the schema.org context is looked for.
fn find(value: &Value, top: bool) -> Option<&Value> {
    match value {
        Value::Array(items) if top => items.iter().find_map(|item| find(item, true)),
        Value::Object(object) => {
            if top && !is_schema_org(object.get("@context")) {
                return None;
            }
            if is_article(object.get("@type")) {
                return Some(value);
            }
            match object.get("@graph") {
                Some(Value::Array(items)) => items.iter().find_map(|item| find(item, false)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether a context names schema.org, as a URL or an `@vocab`.
fn is_schema_org(context: Option<&Value>) -> bool {
    let names = |text: &str| {
        let text = text.trim().trim_end_matches('/');
        text.strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .is_some_and(|host| host.eq_ignore_ascii_case("schema.org"))
    };
    match context {
        Some(Value::String(text)) => names(text),
        Some(Value::Object(object)) => object
            .get("@vocab")
            .and_then(Value::as_str)
            .is_some_and(names),
        Some(Value::Array(items)) => items.iter().any(|item| is_schema_org(Some(item))),
        _ => false,
    }
}

fn is_article(kind: Option<&Value>) -> bool {
    match kind {
        Some(Value::String(kind)) => ARTICLE_TYPES.contains(&kind.as_str()),
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| is_article(Some(kind))),
        _ => false,
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(|text| super::structured::collapse(&unescape(text)))
        .filter(|text| !text.is_empty())
}

/// A person or organisation's name: a string, or an object's `name`.
fn name(value: &Value) -> Option<String> {
    match value {
        Value::String(_) => text(Some(value)),
        Value::Object(object) => text(object.get("name")),
        _ => None,
    }
}

fn read(article: &Value) -> JsonLdArticle {
    let byline = match article.get("author") {
        Some(Value::Array(authors)) => {
            let names: Vec<String> = authors.iter().filter_map(name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        Some(author) => name(author),
        None => None,
    };
    JsonLdArticle {
        name: text(article.get("name")),
        headline: text(article.get("headline")),
        byline,
        date_published: text(article.get("datePublished")),
    }
}

/// The few HTML entities that pages leave escaped inside JSON-LD strings.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest[1..]
            .find(';')
            .filter(|end| *end <= 10)
            .map(|end| &rest[1..=end]);
        let decoded = entity.and_then(|entity| match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let number = entity.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(entity), Some(decoded)) => {
                out.push(decoded);
                rest = &rest[entity.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn entities_left_in_strings_are_decoded() {
        assert_eq!(
            unescape("Tom &amp; Jerry&#39;s &#x263A; &bogus; &"),
            "Tom & Jerry's ☺ &bogus; &"
        );
    }
}
