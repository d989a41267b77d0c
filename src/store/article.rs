//! The stored article and the pieces every backend builds it from: ids,
//! timestamps, content, etags and the hashes that key idempotent creates and
//! cached summaries.
//!
//! Backends share these helpers so that an article stored in SQLite and one
//! stored in PostgreSQL get the same ids, etags and hashes.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

/// The id part of an article's name (`articles/{id}`): 1 to 63 lower-case
/// ASCII letters, digits and hyphens, starting with a letter or digit, so
/// that it is safe in URLs, file names and resource names alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(String);

/// The longest article id, as in Google's AIP-122.
pub const MAX_ID_LEN: usize = 63;

/// The longest title kept, in bytes: headlines run to a few hundred.
pub const MAX_TITLE_BYTES: usize = 1024;
/// The longest section name kept, in bytes.
pub const MAX_SECTION_BYTES: usize = 128;
/// The longest author line kept, in bytes.
pub const MAX_AUTHOR_BYTES: usize = 512;
/// The longest canonical URL kept, in bytes (RFC 9110 asks that 8 000
/// octets be supported; a news URL is far shorter).
pub const MAX_CANONICAL_URL_BYTES: usize = 4096;

impl ArticleId {
    /// Checks `id` against the id rules; the error says which one it breaks.
    pub fn parse(id: &str) -> Result<ArticleId, String> {
        if id.is_empty() {
            return Err("an article id is required".to_string());
        }
        if id.len() > MAX_ID_LEN {
            return Err(format!(
                "an article id has at most {MAX_ID_LEN} characters, this one has {}",
                id.len()
            ));
        }
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!(
                "{id:?} may hold only lower-case ASCII letters, digits and hyphens"
            ));
        }
        if id.starts_with('-') {
            return Err(format!("{id:?} must not start with a hyphen"));
        }
        Ok(ArticleId(id.to_string()))
    }

    /// A fresh server-chosen id: a UUIDv7, so ids made later sort later.
    pub fn generate() -> ArticleId {
        ArticleId(uuid::Uuid::now_v7().to_string())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point in time as nanoseconds since the Unix epoch: one integer sorts
/// and indexes the same way in every backend, and covers the years 1678 to
/// 2262.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(i64);

const NANOS_PER_SECOND: i64 = 1_000_000_000;

impl Timestamp {
    /// The current time.
    pub fn now() -> Timestamp {
        let nanos = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_nanos()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_nanos()).map_or(i64::MIN, |n| -n),
        };
        Timestamp(nanos)
    }

    /// From seconds and nanoseconds since the epoch (as in
    /// `google.protobuf.Timestamp`); `None` outside the representable range
    /// or for nanoseconds outside 0..1e9.
    pub fn from_parts(seconds: i64, nanos: i32) -> Option<Timestamp> {
        if !(0..1_000_000_000).contains(&nanos) {
            return None;
        }
        seconds
            .checked_mul(NANOS_PER_SECOND)?
            .checked_add(i64::from(nanos))
            .map(Timestamp)
    }

    /// From nanoseconds since the epoch, as backends store it.
    pub fn from_nanos(nanos: i64) -> Timestamp {
        Timestamp(nanos)
    }

    /// Nanoseconds since the epoch.
    pub fn as_nanos(self) -> i64 {
        self.0
    }

    /// Whole seconds since the epoch (rounded down).
    pub fn seconds(self) -> i64 {
        self.0.div_euclid(NANOS_PER_SECOND)
    }

    /// The nanoseconds past [`Timestamp::seconds`], in 0..1e9.
    pub fn subsec_nanos(self) -> i32 {
        // rem_euclid of a positive divisor is in 0..1e9, which fits an i32.
        self.0.rem_euclid(NANOS_PER_SECOND) as i32
    }
}

/// What a client writes of an article: everything but its id and the times
/// and etag the store keeps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleContent {
    /// The headline; never empty.
    pub title: String,
    /// The body as plain text; empty when only the HTML is kept.
    pub text: String,
    /// The original HTML page; empty when only the text is kept.
    pub html: String,
    /// The section the article is navigated in.
    pub section: String,
    /// A BCP-47 language code, given or detected.
    pub language: String,
    /// Who wrote it.
    pub author: String,
    /// Its canonical URL.
    pub canonical_url: String,
}

impl ArticleContent {
    /// Every field, in declaration order: title, text, html, section,
    /// language, author, canonical URL.
    pub fn fields(&self) -> [&str; 7] {
        [
            &self.title,
            &self.text,
            &self.html,
            &self.section,
            &self.language,
            &self.author,
            &self.canonical_url,
        ]
    }

    /// Why this content cannot be stored, as (field, reason) pairs; empty
    /// when it can. The store bounds the metadata fields, so that a page of
    /// a list stays small; the body's limits (and whether it can be
    /// summarized) are the caller's, which knows the summarizer's.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if self.title.trim().is_empty() {
            problems.push(("title", "a title is required".to_string()));
        }
        if self.text.trim().is_empty() && self.html.trim().is_empty() {
            problems.push(("text", "a body is required: set text or html".to_string()));
        }
        let bounded = [
            ("title", &self.title, MAX_TITLE_BYTES),
            ("section", &self.section, MAX_SECTION_BYTES),
            ("author", &self.author, MAX_AUTHOR_BYTES),
            (
                "canonical_url",
                &self.canonical_url,
                MAX_CANONICAL_URL_BYTES,
            ),
        ];
        for (field, value, limit) in bounded {
            if value.len() > limit {
                problems.push((
                    field,
                    format!("at most {limit} bytes, this one has {}", value.len()),
                ));
            }
        }
        problems
    }
}

/// A create request as the store sees it: optional id and publish time are
/// resolved by the store, after the `request_id` check, so that a retry
/// without them is still recognised as the same request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle {
    /// The client's id, or `None` for a server-chosen one.
    pub id: Option<ArticleId>,
    /// The client's idempotency key.
    pub request_id: Option<String>,
    /// The article's content.
    pub content: ArticleContent,
    /// When it was published; `None` means "now".
    pub publish_time: Option<Timestamp>,
}

impl NewArticle {
    /// A hash of everything the client sent, stored with `request_id` to
    /// tell a retry (same hash) from a reuse of the key (another hash).
    pub fn fingerprint(&self) -> String {
        let mut hasher = Hasher::default();
        hasher.field(self.id.as_ref().map_or("", ArticleId::as_str));
        hasher.field(
            &self
                .publish_time
                .map_or(String::new(), |time| time.as_nanos().to_string()),
        );
        hasher.content(&self.content);
        hasher.finish()
    }

    /// The article to store for this request at time `now`: its id and
    /// publish time resolved, revision 1.
    pub fn into_article(self, now: Timestamp) -> Article {
        Article::new(
            self.id.unwrap_or_else(ArticleId::generate),
            self.content,
            self.publish_time.unwrap_or(now),
            now,
        )
    }
}

/// A stored article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Its id.
    pub id: ArticleId,
    /// What the client wrote.
    pub content: ArticleContent,
    /// When it was published; the order of lists and navigation.
    pub publish_time: Timestamp,
    /// When it was stored.
    pub create_time: Timestamp,
    /// When it last changed.
    pub update_time: Timestamp,
    /// How many times it was written: 1 when created, one more per update.
    pub revision: i64,
    /// The version token clients send back for optimistic concurrency.
    pub etag: String,
}

impl Article {
    /// A freshly created article (revision 1).
    pub fn new(
        id: ArticleId,
        content: ArticleContent,
        publish_time: Timestamp,
        now: Timestamp,
    ) -> Article {
        let mut article = Article {
            id,
            content,
            publish_time,
            create_time: now,
            update_time: now,
            revision: 1,
            etag: String::new(),
        };
        article.etag = article.compute_etag();
        article
    }

    /// Applies `patch` as a new revision written at `now`, with a new etag.
    pub fn apply(&mut self, patch: ArticlePatch, now: Timestamp) {
        patch.apply_to(self);
        self.update_time = now;
        self.revision += 1;
        self.etag = self.compute_etag();
    }

    /// A hash of what a summary is made from (title, body, language), part
    /// of every summary cache key so a changed article misses the cache.
    pub fn content_hash(&self) -> String {
        let mut hasher = Hasher::default();
        hasher.field(&self.content.title);
        hasher.field(&self.content.text);
        hasher.field(&self.content.html);
        hasher.field(&self.content.language);
        hasher.finish()
    }

    /// Whether the article read back is the one written: its content hash
    /// is `stored_content_hash` (stored with it) and its etag (a hash of
    /// every field but the update time) is its own.
    pub(crate) fn is_intact(&self, stored_content_hash: &str) -> bool {
        self.content_hash() == stored_content_hash && self.compute_etag() == self.etag
    }

    /// The etag: the revision, which changes on every update, and a hash of
    /// the whole article, which tells apart two articles deleted and
    /// re-created under the same id.
    fn compute_etag(&self) -> String {
        let mut hasher = Hasher::default();
        hasher.field(self.id.as_str());
        hasher.field(&self.publish_time.as_nanos().to_string());
        hasher.field(&self.create_time.as_nanos().to_string());
        hasher.content(&self.content);
        format!("{}-{}", self.revision, &hasher.finish()[..16])
    }
}

/// New values for some fields of an article: `None` leaves a field alone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticlePatch {
    /// A new headline.
    pub title: Option<String>,
    /// A new text body.
    pub text: Option<String>,
    /// A new HTML page.
    pub html: Option<String>,
    /// A new section.
    pub section: Option<String>,
    /// A new language code.
    pub language: Option<String>,
    /// A new author.
    pub author: Option<String>,
    /// A new canonical URL.
    pub canonical_url: Option<String>,
    /// A new publish time.
    pub publish_time: Option<Timestamp>,
}

impl ArticlePatch {
    /// Whether the patch changes what a summary is made of (title, body
    /// or language).
    pub fn changes_summary_input(&self) -> bool {
        self.title.is_some()
            || self.text.is_some()
            || self.html.is_some()
            || self.language.is_some()
    }

    fn apply_to(self, article: &mut Article) {
        let content = &mut article.content;
        let fields = [
            (self.title, &mut content.title),
            (self.text, &mut content.text),
            (self.html, &mut content.html),
            (self.section, &mut content.section),
            (self.language, &mut content.language),
            (self.author, &mut content.author),
            (self.canonical_url, &mut content.canonical_url),
        ];
        for (new, old) in fields {
            if let Some(new) = new {
                *old = new;
            }
        }
        if let Some(time) = self.publish_time {
            article.publish_time = time;
        }
    }
}

/// SHA-256 over length-prefixed fields, so that no two different field
/// lists hash alike ("ab" + "c" vs "a" + "bc").
#[derive(Default)]
struct Hasher(Sha256);

impl Hasher {
    fn field(&mut self, value: &str) {
        self.0.update((value.len() as u64).to_le_bytes());
        self.0.update(value.as_bytes());
    }

    fn content(&mut self, content: &ArticleContent) {
        for value in content.fields() {
            self.field(value);
        }
    }

    fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_resource_name_rules() {
        assert!(ArticleId::parse("harbour-wall-2026").is_ok());
        assert!(ArticleId::parse(ArticleId::generate().as_str()).is_ok());
        for bad in [
            "",
            "Upper",
            "has space",
            "-lead",
            &"a".repeat(64),
            "slash/y",
        ] {
            assert!(ArticleId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn timestamps_split_into_seconds_and_nanos() {
        let before_epoch = Timestamp::from_parts(-2, 500).unwrap();
        assert_eq!(before_epoch.seconds(), -2);
        assert_eq!(before_epoch.subsec_nanos(), 500);
        assert!(Timestamp::from_parts(0, 1_000_000_000).is_none());
        assert!(Timestamp::from_parts(i64::MAX, 0).is_none());
    }

    #[test]
    fn every_update_changes_the_etag() {
        let content = ArticleContent {
            title: "Sea wall".into(),
            text: "Portvale votes.".into(),
            ..ArticleContent::default()
        };
        let now = Timestamp::from_nanos(10);
        let mut article = Article::new(ArticleId::parse("a").unwrap(), content, now, now);
        let first = article.etag.clone();
        article.apply(ArticlePatch::default(), now);
        assert_ne!(article.etag, first);
        assert_eq!(article.revision, 2);
    }

    #[test]
    fn hashes_keep_fields_apart() {
        let split = |title: &str, text: &str| {
            let content = ArticleContent {
                title: title.into(),
                text: text.into(),
                ..ArticleContent::default()
            };
            let now = Timestamp::from_nanos(0);
            Article::new(ArticleId::parse("a").unwrap(), content, now, now).content_hash()
        };
        assert_ne!(split("ab", "c"), split("a", "bc"));
    }
}
