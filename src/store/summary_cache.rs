//! Summaries of stored articles, computed once per (article version,
//! options) and kept in the store.
//!
//! Two layers: the store keeps every summary made (so a repeat click or a
//! restart does not summarize again), and an in-process map of per-key
//! locks makes concurrent first requests for one key wait for a single
//! computation instead of each running their own.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use super::{Article, ArticleStore, StoreError, SummaryKey};
use crate::summarize::{Format, Length, SummaryOptions};

/// Summaries made by one version of Precis; a new version (whose ranking
/// may differ) starts a fresh cache instead of serving the old one's.
const CACHE_GENERATION: &str = concat!("precis-", env!("CARGO_PKG_VERSION"));

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
    SummaryKey {
        id: article.id.clone(),
        content_hash: article.content_hash(),
        // The title goes last: whatever it holds cannot blur the fields.
        options: format!(
            "{CACHE_GENERATION};{length};{};{format};{language};{title}",
            options.algorithm.name()
        ),
    }
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
    /// others wait for its result. The summary is returned as `compute`
    /// made it (encoded by the caller).
    pub async fn get_or_compute<E, F, Fut>(
        &self,
        key: &SummaryKey,
        compute: F,
    ) -> Result<Vec<u8>, E>
    where
        E: From<StoreError>,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<u8>, E>>,
    {
        if let Some(summary) = self.store.summary(key).await? {
            return Ok(summary);
        }
        let flight = self.flight(key);
        let result = {
            let _turn = flight.lock().await;
            match self.store.summary(key).await? {
                Some(summary) => Ok(summary),
                None => match compute().await {
                    Ok(summary) => {
                        self.store.put_summary(key, &summary).await?;
                        Ok(summary)
                    }
                    Err(error) => Err(error),
                },
            }
        };
        self.land(key, flight);
        result
    }

    /// The lock of `key`'s computation, shared with concurrent callers.
    fn flight(&self, key: &SummaryKey) -> Arc<tokio::sync::Mutex<()>> {
        let mut in_flight = self
            .in_flight
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        in_flight.entry(key.clone()).or_default().clone()
    }

    /// Forgets `key`'s lock once no caller holds it, so the map only holds
    /// keys being computed. Clones are made under the map lock, so a count
    /// of two (the map's and ours) means nobody else can still get it.
    fn land(&self, key: &SummaryKey, flight: Arc<tokio::sync::Mutex<()>>) {
        let mut in_flight = self
            .in_flight
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if Arc::strong_count(&flight) == 2 {
            in_flight.remove(key);
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::store::{ArticleContent, ArticleId, NewArticle, SqliteStore};
    use crate::summarize::Algorithm;
    use crate::text::Language;

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
            assert_eq!(caller.await.unwrap().unwrap(), b"summary");
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
        assert_eq!(again, b"summary");
    }

    #[test]
    fn keys_differ_by_every_option_and_by_content() {
        let now = crate::store::Timestamp::from_nanos(0);
        let article = Article::new(
            ArticleId::parse("k").unwrap(),
            ArticleContent {
                title: "T".into(),
                text: "Body.".into(),
                ..ArticleContent::default()
            },
            now,
            now,
        );
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
