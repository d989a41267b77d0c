//! Listing articles a page at a time, newest first, by keyset: a page token
//! holds the (publish time, id) of the last article returned and the filter
//! it was issued for, so that articles created while a client pages through
//! never make it skip or repeat one. Tokens are signed with a key kept in
//! the store, so a token this store did not issue is refused.
//!
//! A page also has a byte budget: it ends early, with a next page token,
//! before the articles would make a response too large for clients (and
//! the server's memory) to hold.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::article::{Article, ArticleId, Timestamp};

/// Articles per page when the client does not say.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// The most articles one page holds; larger requests are cut to this.
pub const MAX_PAGE_SIZE: usize = 1000;
/// The most bytes of articles one page holds: under the 4 MiB that gRPC
/// clients accept by default, with room for the response's framing. A
/// page always holds at least one article, however large.
pub const PAGE_BUDGET_BYTES: u64 = 4 * 1024 * 1024 - 64 * 1024;
/// Bytes of an article's response beyond its stored fields: its name,
/// times, etag and protobuf framing.
const ARTICLE_OVERHEAD_BYTES: u64 = 256;
/// The bytes of the signature at the end of a token.
const SIGNATURE_BYTES: usize = 16;
/// The token format; a token of another version is refused.
const TOKEN_VERSION: u8 = 2;

/// The secret a store signs its page tokens with; shared by every server
/// of one database, so a token from one replica is good on another.
#[derive(Clone)]
pub struct PageTokenKey(Vec<u8>);

impl PageTokenKey {
    /// The bytes a new key is made of.
    pub const LEN: usize = 32;

    /// A key of these bytes, as a store keeps it.
    pub fn new(bytes: Vec<u8>) -> PageTokenKey {
        PageTokenKey(bytes)
    }

    /// Fresh random bytes for a new store's key.
    pub fn random_bytes() -> Result<Vec<u8>, String> {
        let mut bytes = vec![0; Self::LEN];
        getrandom::fill(&mut bytes).map_err(|error| format!("no random key: {error}"))?;
        Ok(bytes)
    }

    fn mac(&self, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(payload);
        mac
    }
}

impl std::fmt::Debug for PageTokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageTokenKey(..)")
    }
}

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

/// The stored bytes of an article row, as SQL over the `articles` columns
/// (the same in SQLite and PostgreSQL): what a backend sizes a page by
/// before it reads the articles themselves.
pub(crate) const STORED_BYTES_SQL: &str = "CAST(octet_length(title) + octet_length(text) \
     + octet_length(html) + octet_length(section) + octet_length(language) \
     + octet_length(author) + octet_length(canonical_url) AS BIGINT)";

impl ListQuery {
    /// How many rows a backend sizes for this page: one more than the page
    /// holds, which tells whether another page follows.
    pub fn rows_to_fetch(&self) -> i64 {
        i64::try_from(self.page_size).unwrap_or(i64::MAX - 1) + 1
    }

    /// How many of the next rows, of these stored sizes in list order (at
    /// most [`ListQuery::rows_to_fetch`]), the page holds: up to the page
    /// size while they fit [`PAGE_BUDGET_BYTES`], and at least one.
    pub fn rows_in_page(&self, sizes: &[i64]) -> usize {
        let mut total = 0u64;
        let fitting = sizes
            .iter()
            .take(self.page_size)
            .take_while(|&&size| {
                total += u64::try_from(size).unwrap_or(0) + ARTICLE_OVERHEAD_BYTES;
                total <= PAGE_BUDGET_BYTES
            })
            .count();
        fitting.max(sizes.len().min(1))
    }
}

impl ArticlePage {
    /// The page of `articles` (in list order), followed by more when
    /// `more` is true.
    pub fn new(articles: Vec<Article>, more: bool) -> ArticlePage {
        let next = if more {
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

/// The opaque token for the page after `cursor` under `filter`: the
/// position and filter, followed by their signature under `key`.
pub fn encode_token(cursor: &Cursor, filter: &ListFilter, key: &PageTokenKey) -> String {
    let fields = serde_json::json!([
        TOKEN_VERSION,
        cursor.publish_time.as_nanos(),
        cursor.id.as_str(),
        filter.section,
        filter.language,
    ]);
    let mut bytes = fields.to_string().into_bytes();
    let signature = key.mac(&bytes).finalize().into_bytes();
    bytes.extend_from_slice(&signature[..SIGNATURE_BYTES]);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The cursor in `token`, if it was signed with `key` and issued for
/// `filter`; the error says what is wrong with it.
pub fn decode_token(
    token: &str,
    filter: &ListFilter,
    key: &PageTokenKey,
) -> Result<Cursor, String> {
    let invalid = || "not a page token this server issued".to_string();
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let split = bytes
        .len()
        .checked_sub(SIGNATURE_BYTES)
        .ok_or_else(invalid)?;
    let (payload, signature) = bytes.split_at(split);
    key.mac(payload)
        .verify_truncated_left(signature)
        .map_err(|_| invalid())?;
    let fields: (u8, i64, String, Option<String>, Option<String>) =
        serde_json::from_slice(payload).map_err(|_| invalid())?;
    let (version, nanos, id, section, language) = fields;
    if version != TOKEN_VERSION {
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

    fn key(byte: u8) -> PageTokenKey {
        PageTokenKey::new(vec![byte; PageTokenKey::LEN])
    }

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
        let token = encode_token(&cursor, &world, &key(1));
        assert_eq!(decode_token(&token, &world, &key(1)), Ok(cursor));
        assert!(decode_token(&token, &ListFilter::default(), &key(1)).is_err());
        assert!(decode_token("garbage!", &world, &key(1)).is_err());
        let unsigned = URL_SAFE_NO_PAD.encode("[2,0,\"a\",null,null]");
        assert!(decode_token(&unsigned, &ListFilter::default(), &key(1)).is_err());
    }

    #[test]
    fn tokens_of_another_key_or_with_any_bit_flipped_are_refused() {
        let cursor = Cursor {
            publish_time: Timestamp::from_nanos(7),
            id: ArticleId::parse("wall").unwrap(),
        };
        let filter = ListFilter::default();
        let token = encode_token(&cursor, &filter, &key(1));
        assert!(decode_token(&token, &filter, &key(2)).is_err());
        let bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
        for bit in 0..bytes.len() * 8 {
            let mut flipped = bytes.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            let forged = URL_SAFE_NO_PAD.encode(flipped);
            assert!(
                decode_token(&forged, &filter, &key(1)).is_err(),
                "bit {bit}"
            );
        }
    }

    #[test]
    fn pages_end_within_their_byte_budget_but_hold_one_article() {
        let query = ListQuery {
            filter: ListFilter::default(),
            page_size: 3,
            after: None,
        };
        assert_eq!(query.rows_in_page(&[10, 10, 10, 10]), 3);
        assert_eq!(query.rows_in_page(&[10, 10]), 2);
        assert_eq!(query.rows_in_page(&[]), 0);
        let half = i64::try_from(PAGE_BUDGET_BYTES / 2).unwrap();
        assert_eq!(query.rows_in_page(&[half, half, 1]), 1);
        assert_eq!(query.rows_in_page(&[half * 3, 1]), 1);
    }

    #[test]
    fn page_sizes_default_and_cap() {
        assert_eq!(page_size(0), Some(DEFAULT_PAGE_SIZE));
        assert_eq!(page_size(7), Some(7));
        assert_eq!(page_size(5000), Some(MAX_PAGE_SIZE));
        assert_eq!(page_size(-1), None);
    }
}
