//! Listing articles a page at a time, newest first, by keyset: a page token
//! holds the (publish time, id) of the last article returned and the filter
//! it was issued for, so that articles created while a client pages through
//! never make it skip or repeat one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::article::{Article, ArticleId, Timestamp};

/// Articles per page when the client does not say.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// The most articles one page holds; larger requests are cut to this.
pub const MAX_PAGE_SIZE: usize = 1000;

/// Which articles to list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListFilter {
    /// Only this section, when set.
    pub section: Option<String>,
    /// Only this language code, when set.
    pub language: Option<String>,
}

/// The position of an article in list order: newest publish time first,
/// and among equal times the greater id first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The article's publish time.
    pub publish_time: Timestamp,
    /// The article's id.
    pub id: ArticleId,
}

impl Cursor {
    /// The position of `article`.
    pub fn of(article: &Article) -> Cursor {
        Cursor {
            publish_time: article.publish_time,
            id: article.id.clone(),
        }
    }
}

/// One page request as the store sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// The filter.
    pub filter: ListFilter,
    /// How many articles, 1 to [`MAX_PAGE_SIZE`].
    pub page_size: usize,
    /// Start strictly after this position; `None` for the first page.
    pub after: Option<Cursor>,
}

/// One page of articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePage {
    /// The articles, in list order.
    pub articles: Vec<Article>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
}

impl ListQuery {
    /// How many rows a backend fetches for this page: one more than the
    /// page holds, which tells whether another page follows.
    pub fn rows_to_fetch(&self) -> i64 {
        i64::try_from(self.page_size).unwrap_or(i64::MAX - 1) + 1
    }
}

impl ArticlePage {
    /// The page made of the rows fetched for `query`, in list order (at
    /// most [`ListQuery::rows_to_fetch`] of them).
    pub fn from_rows(mut articles: Vec<Article>, query: &ListQuery) -> ArticlePage {
        let next = if articles.len() > query.page_size {
            articles.truncate(query.page_size);
            articles.last().map(Cursor::of)
        } else {
            None
        };
        ArticlePage { articles, next }
    }
}

/// The page size to use for a client's `page_size`: the default for 0,
/// capped at the maximum; `None` for a negative size.
pub fn page_size(requested: i32) -> Option<usize> {
    match usize::try_from(requested) {
        Ok(0) => Some(DEFAULT_PAGE_SIZE),
        Ok(size) => Some(size.min(MAX_PAGE_SIZE)),
        Err(_) => None,
    }
}

/// The opaque token for the page after `cursor` under `filter`.
pub fn encode_token(cursor: &Cursor, filter: &ListFilter) -> String {
    let fields = serde_json::json!([
        1,
        cursor.publish_time.as_nanos(),
        cursor.id.as_str(),
        filter.section,
        filter.language,
    ]);
    URL_SAFE_NO_PAD.encode(fields.to_string())
}

/// The cursor in `token`, if this server issued it for `filter`; the error
/// says what is wrong with it.
pub fn decode_token(token: &str, filter: &ListFilter) -> Result<Cursor, String> {
    let invalid = || "not a page token this server issued".to_string();
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let fields: (u8, i64, String, Option<String>, Option<String>) =
        serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    let (version, nanos, id, section, language) = fields;
    if version != 1 {
        return Err(invalid());
    }
    if section != filter.section || language != filter.language {
        return Err("the page token was issued for another section or language filter".into());
    }
    Ok(Cursor {
        publish_time: Timestamp::from_nanos(nanos),
        id: ArticleId::parse(&id).map_err(|_| invalid())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_bind_their_filter() {
        let cursor = Cursor {
            publish_time: Timestamp::from_nanos(-42),
            id: ArticleId::parse("wall").unwrap(),
        };
        let world = ListFilter {
            section: Some("world".into()),
            language: None,
        };
        let token = encode_token(&cursor, &world);
        assert_eq!(decode_token(&token, &world), Ok(cursor));
        assert!(decode_token(&token, &ListFilter::default()).is_err());
        assert!(decode_token("garbage!", &world).is_err());
        assert!(decode_token(&URL_SAFE_NO_PAD.encode("[2,0,\"a\",null,null]"), &world).is_err());
    }

    #[test]
    fn page_sizes_default_and_cap() {
        assert_eq!(page_size(0), Some(DEFAULT_PAGE_SIZE));
        assert_eq!(page_size(7), Some(7));
        assert_eq!(page_size(5000), Some(MAX_PAGE_SIZE));
        assert_eq!(page_size(-1), None);
    }
}
