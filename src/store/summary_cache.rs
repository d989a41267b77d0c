//! Summaries of stored articles, computed once per (article version,
//! options) and kept in the store.
//!
//! Two layers: the store keeps the summaries made, up to
//! [`SUMMARY_CACHE_BYTES`] (so a repeat click or a restart does not
//! summarize again), and an in-process map of per-key locks makes
//! concurrent first requests for one key wait for a single computation
//! instead of each running their own.
//!
//! Keys hold no client text: the options, title included, are kept as a
//! hash, so a key is a few hundred bytes whatever the request held.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::{Article, ArticleStore, StoreError, SummaryKey};
use crate::summarize::{Format, Length, SummaryOptions};

/// Summaries made by one version of Precis; a new version (whose ranking
/// may differ) starts a fresh cache instead of serving the old one's.
const CACHE_GENERATION: &str = concat!("precis-", env!("CARGO_PKG_VERSION"));

/// The most bytes of cached summaries a store keeps (each counted with its
/// key); past it the oldest are evicted, and a summary larger than this is
/// not kept at all. Summaries are remade on demand, so the cache only
/// saves work: 4 MiB holds a couple of thousand summaries of news articles.
pub const SUMMARY_CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// The bytes a cached summary counts for: its own and its key's.
pub(crate) fn cached_bytes(key: &SummaryKey, summary: &[u8]) -> i64 {
    let bytes = summary.len() + key.id.as_str().len() + key.content_hash.len() + key.options.len();
    i64::try_from(bytes).unwrap_or(i64::MAX)
}

/// Whether a summary of `bytes` may be cached at all.
pub(crate) fn fits_cache(bytes: i64) -> bool {
    u64::try_from(bytes).is_ok_and(|bytes| bytes <= SUMMARY_CACHE_BYTES)
}

/// SQL (for SQLite and PostgreSQL alike) that deletes the oldest cached
/// summaries beyond the newest that fit in `$1` bytes, after a summary is
/// added.
pub(crate) const EVICT_SUMMARIES: &str = "DELETE FROM summaries WHERE seq <= (
        SELECT seq FROM (
            SELECT seq, sum(size_bytes) OVER (ORDER BY seq DESC) AS newer FROM summaries
        ) AS ranked
        WHERE newer > CAST($1 AS BIGINT) ORDER BY seq DESC LIMIT 1
    )";

/// [`SUMMARY_CACHE_BYTES`] as SQL takes it.
pub(crate) fn cache_budget() -> i64 {
    i64::try_from(SUMMARY_CACHE_BYTES).unwrap_or(i64::MAX)
}

/// The cache key of `options` applied to `article`. The options must be
/// resolved: the language and title the summarizer will really use.
pub fn summary_key(article: &Article, options: &SummaryOptions) -> SummaryKey {
    let length = match options.length {
        Length::Sentences(count) => format!("sentences:{count}"),
        Length::Words(count) => format!("words:{count}"),
        Length::Ratio(ratio) => format!("ratio:{ratio:e}"),
    };
    let format = match options.format {
        Format::Paragraph => "paragraph",
        Format::Bullets => "bullets",
        Format::Lines => "lines",
    };
    let language = options
        .language
        .map_or("detect", |language| language.code());
    let title = options.title.as_deref().unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(format!(
        "{CACHE_GENERATION};{length};{};{format};{language};",
        options.algorithm.name()
    ));
    // The title goes last: whatever it holds cannot blur the fields.
    hasher.update(title);
    let digest = hasher.finalize();
    SummaryKey {
        id: article.id.clone(),
        content_hash: article.content_hash(),
        options: digest.iter().map(|byte| format!("{byte:02x}")).collect(),
    }
}

/// A summary the cache keeps as bytes.
pub trait Cacheable: Sized {
    /// The bytes stored.
    fn to_bytes(&self) -> Vec<u8>;
    /// The summary of stored bytes; `None` when they do not decode.
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

/// What a cache lookup found.
#[derive(Debug)]
pub struct Lookup<T> {
    /// The summary.
    pub summary: T,
    /// Whether it came from the store rather than being computed.
    pub hit: bool,
}

/// The shared summary cache over a store.
pub struct SummaryCache {
    store: Arc<dyn ArticleStore>,
    in_flight: Mutex<HashMap<SummaryKey, Arc<tokio::sync::Mutex<()>>>>,
}

impl SummaryCache {
    /// A cache keeping its summaries in `store`.
    pub fn new(store: Arc<dyn ArticleStore>) -> SummaryCache {
        SummaryCache {
            store,
            in_flight: Mutex::new(HashMap::new()),
        }
    }

    /// The summary under `key`: from the store, or made by `compute` and
    /// stored. Of concurrent callers with one key, one computes and the
    /// others wait for its result. A computed summary is returned as made,
    /// not read back from its bytes; stored bytes that do not decode are
    /// made again, as the cache only saves work.
    pub async fn get_or_compute<T, E, F, Fut>(
        &self,
        key: &SummaryKey,
        compute: F,
    ) -> Result<Lookup<T>, E>
    where
        T: Cacheable,
        E: From<StoreError>,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if let Some(found) = self.stored(key).await? {
            return Ok(found);
        }
        let flight = self.flight(key);
        let _turn = flight.lock.lock().await;
        if let Some(found) = self.stored(key).await? {
            return Ok(found);
        }
        let summary = compute().await?;
        self.store.put_summary(key, &summary.to_bytes()).await?;
        Ok(Lookup {
            summary,
            hit: false,
        })
    }

    /// The decoded summary stored under `key`, if there is one.
    async fn stored<T: Cacheable>(
        &self,
        key: &SummaryKey,
    ) -> Result<Option<Lookup<T>>, StoreError> {
        let Some(bytes) = self.store.summary(key).await? else {
            return Ok(None);
        };
        let summary = T::from_bytes(&bytes);
        if summary.is_none() {
            tracing::warn!(article = %key.id, "a cached summary does not decode; it is made again");
        }
        Ok(summary.map(|summary| Lookup { summary, hit: true }))
    }

    /// The lock of `key`'s computation, shared with concurrent callers;
    /// forgotten when the last of them is done or dropped.
    fn flight(&self, key: &SummaryKey) -> Flight<'_> {
        let mut in_flight = self
            .in_flight
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let lock = in_flight.entry(key.clone()).or_default().clone();
        Flight {
            cache: self,
            key: key.clone(),
            lock,
        }
    }

    /// How many keys are being computed right now.
    pub fn in_flight(&self) -> usize {
        self.in_flight
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }
}

/// One caller's share of a key's computation. Dropping it, when the call
/// ends or is cancelled mid-way, forgets the key's lock once no caller
/// holds it, so the map only ever holds keys being computed.
struct Flight<'a> {
    cache: &'a SummaryCache,
    key: SummaryKey,
    lock: Arc<tokio::sync::Mutex<()>>,
}

impl Drop for Flight<'_> {
    /// Clones are made under the map lock, so a count of two (the map's
    /// and this one's) means nobody else can still get it.
    fn drop(&mut self) {
        let mut in_flight = self
            .cache
            .in_flight
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if Arc::strong_count(&self.lock) == 2 {
            in_flight.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::store::{ArticleContent, ArticleId, NewArticle, SqliteStore};
    use crate::summarize::Algorithm;
    use crate::text::Language;

    /// The tests cache plain bytes.
    impl Cacheable for Vec<u8> {
        fn to_bytes(&self) -> Vec<u8> {
            self.clone()
        }
        fn from_bytes(bytes: &[u8]) -> Option<Self> {
            Some(bytes.to_vec())
        }
    }

    /// A summary whose bytes must spell "ok".
    #[derive(Debug)]
    struct Checked;

    impl Cacheable for Checked {
        fn to_bytes(&self) -> Vec<u8> {
            b"ok".to_vec()
        }
        fn from_bytes(bytes: &[u8]) -> Option<Self> {
            (bytes == b"ok").then_some(Checked)
        }
    }

    #[tokio::test]
    async fn a_cached_summary_that_does_not_decode_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn ArticleStore> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());
        let article = stored_article(&store).await;
        let key = summary_key(&article, &SummaryOptions::default());
        store.put_summary(&key, b"garbage").await.unwrap();
        let cache = SummaryCache::new(store.clone());
        let found = cache
            .get_or_compute(&key, || async { Ok::<_, StoreError>(Checked) })
            .await
            .unwrap();
        assert!(!found.hit);
        assert_eq!(
            store.summary(&key).await.unwrap().as_deref(),
            Some(&b"ok"[..])
        );
    }

    async fn stored_article(store: &Arc<dyn ArticleStore>) -> Article {
        store
            .create(NewArticle {
                id: Some(ArticleId::parse("cached").unwrap()),
                request_id: None,
                content: ArticleContent {
                    title: "Sea wall".into(),
                    text: "Portvale votes for a sea wall. It costs money.".into(),
                    language: "en".into(),
                    ..ArticleContent::default()
                },
                publish_time: None,
            })
            .await
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_first_requests_compute_once_and_restarts_reuse_it() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn ArticleStore> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());
        let article = stored_article(&store).await;
        let key = summary_key(&article, &SummaryOptions::default());
        let cache = Arc::new(SummaryCache::new(store));
        let computed = Arc::new(AtomicUsize::new(0));
        let (release, released) = tokio::sync::watch::channel(false);
        let entered = Arc::new(AtomicUsize::new(0));

        let callers: Vec<_> = (0..8)
            .map(|_| {
                let (cache, key, computed) = (cache.clone(), key.clone(), computed.clone());
                let mut released = released.clone();
                let entered = entered.clone();
                tokio::spawn(async move {
                    entered.fetch_add(1, Ordering::SeqCst);
                    cache
                        .get_or_compute(&key, || async move {
                            computed.fetch_add(1, Ordering::SeqCst);
                            // Hold the computation open until every caller
                            // has started, so they really overlap.
                            released.wait_for(|go| *go).await.unwrap();
                            Ok::<_, StoreError>(b"summary".to_vec())
                        })
                        .await
                })
            })
            .collect();
        while computed.load(Ordering::SeqCst) == 0 || entered.load(Ordering::SeqCst) < 8 {
            tokio::task::yield_now().await;
        }
        release.send(true).unwrap();
        for caller in callers {
            assert_eq!(caller.await.unwrap().unwrap().summary, b"summary");
        }
        assert_eq!(computed.load(Ordering::SeqCst), 1);
        assert_eq!(cache.in_flight(), 0);
        drop(cache);

        // A restarted server finds the summary in the file.
        let reopened: Arc<dyn ArticleStore> =
            Arc::new(SqliteStore::open(dir.path()).await.unwrap());
        let cache = SummaryCache::new(reopened);
        let again = cache
            .get_or_compute(&key, || async {
                Err::<Vec<u8>, _>(StoreError::Backend("must not recompute".into()))
            })
            .await
            .unwrap();
        assert!(again.hit);
        assert_eq!(again.summary, b"summary");
    }

    #[tokio::test]
    async fn a_cancelled_computation_leaves_no_entry() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn ArticleStore> = Arc::new(SqliteStore::open(dir.path()).await.unwrap());
        let article = stored_article(&store).await;
        let cache = SummaryCache::new(store);
        let key = summary_key(&article, &SummaryOptions::default());
        let never = cache.get_or_compute(&key, || {
            std::future::pending::<Result<Vec<u8>, StoreError>>()
        });
        let timed_out = tokio::time::timeout(std::time::Duration::from_millis(50), never).await;
        assert!(timed_out.is_err());
        assert_eq!(cache.in_flight(), 0);
    }

    /// A stored article for the key tests.
    fn key_article() -> Article {
        let now = crate::store::Timestamp::from_nanos(0);
        Article::new(
            ArticleId::parse("k").unwrap(),
            ArticleContent {
                title: "T".into(),
                text: "Body.".into(),
                ..ArticleContent::default()
            },
            now,
            now,
        )
    }

    #[test]
    fn keys_hold_a_fixed_size_hash_of_the_options() {
        let article = key_article();
        let long_title = SummaryOptions {
            title: Some("headline ".repeat(100_000)),
            ..SummaryOptions::default()
        };
        let key = summary_key(&article, &long_title);
        assert_eq!(key.options.len(), 64);
        let plain = summary_key(&article, &SummaryOptions::default());
        assert_ne!(key.options, plain.options);
    }

    #[test]
    fn keys_differ_by_every_option_and_by_content() {
        let article = key_article();
        let base = SummaryOptions::default();
        let variants = [
            SummaryOptions {
                length: Length::Words(3),
                ..base.clone()
            },
            SummaryOptions {
                length: Length::Ratio(0.5),
                ..base.clone()
            },
            SummaryOptions {
                algorithm: Algorithm::Lead,
                ..base.clone()
            },
            SummaryOptions {
                format: Format::Bullets,
                ..base.clone()
            },
            SummaryOptions {
                language: Some(Language::English),
                ..base.clone()
            },
            SummaryOptions {
                title: Some("T".into()),
                ..base.clone()
            },
        ];
        let base_key = summary_key(&article, &base);
        for options in &variants {
            assert_ne!(summary_key(&article, options), base_key, "{options:?}");
        }
        let mut changed = article.clone();
        changed.content.text = "Other body.".into();
        assert_ne!(
            summary_key(&changed, &base).content_hash,
            base_key.content_hash
        );
    }
}
