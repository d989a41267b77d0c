//! The conformance suite every [`ArticleStore`] backend must pass.
//!
//! Each check is an async function over a fresh, empty store. A backend's
//! test module imports [`article_store_conformance!`] and expands it with a
//! factory, which gives one `#[tokio::test]` per check:
//!
//! ```ignore
//! use crate::store_conformance::article_store_conformance;
//! async fn fresh_store() -> (Arc<dyn ArticleStore>, impl Sized) { ... }
//! article_store_conformance!(fresh_store);
//! ```
//!
//! The factory returns the store and a guard (a temporary directory, a
//! database to drop) that lives as long as the test; or an `Option` of
//! them, `None` when the backend's server is not available here, and then
//! each test passes without checking anything (the factory says why).

use std::collections::HashSet;
use std::sync::Arc;

use precis::store::{
    Article, ArticleContent, ArticleId, ArticlePatch, ArticleStore, Cursor, ListFilter, ListQuery,
    MAX_AUTHOR_BYTES, MAX_CANONICAL_URL_BYTES, MAX_SECTION_BYTES, MAX_TITLE_BYTES, NewArticle,
    PAGE_BUDGET_BYTES, SUMMARY_CACHE_BYTES, StoreError, SummaryKey, Timestamp,
};

/// Expands to one `#[tokio::test]` per conformance check, each on a store
/// from `$factory().await` (a [`FreshStore`]).
macro_rules! article_store_conformance {
    ($factory:ident) => {
        $crate::store_conformance::article_store_conformance!(@tests $factory;
            create_then_get_round_trips,
            create_chooses_missing_id_and_publish_time,
            duplicate_id_already_exists,
            unknown_id_not_found,
            request_id_retry_returns_the_first_article,
            request_id_with_other_content_is_refused,
            concurrent_retries_create_one_article,
            request_id_retry_after_a_delete_does_not_recreate,
            update_applies_only_the_patch,
            update_checks_the_etag,
            update_keeps_a_title_and_body,
            update_and_delete_of_unknown_ids_not_found,
            delete_removes_the_article,
            delete_checks_the_etag,
            list_is_newest_first_with_ties_by_id,
            list_pages_cover_everything_once,
            list_filters_by_section_and_language,
            list_pages_end_within_their_byte_budget,
            metadata_fields_have_length_limits,
            paging_is_stable_under_concurrent_inserts,
            adjacent_articles_stay_in_their_section,
            adjacent_ties_break_by_id,
            summaries_are_cached_per_version,
            summaries_of_changed_or_deleted_articles_are_dropped,
            summaries_are_evicted_oldest_first_past_the_byte_budget,
        );
    };
    (@tests $factory:ident; $($check:ident),* $(,)?) => {
        mod conformance {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    let fresh = $crate::store_conformance::FreshStore::into_store(
                        super::$factory().await,
                    );
                    let Some((store, _guard)) = fresh else {
                        return;
                    };
                    $crate::store_conformance::$check(store).await;
                }
            )*
        }
    };
}

pub(crate) use article_store_conformance;

type Store = Arc<dyn ArticleStore>;

/// What a conformance factory returns: a store and the guard that keeps
/// its storage alive, perhaps only when its database server is available.
pub trait FreshStore {
    /// Lives as long as the test.
    type Guard;
    /// The store and its guard; `None` skips the test.
    fn into_store(self) -> Option<(Store, Self::Guard)>;
}

impl<G> FreshStore for (Store, G) {
    type Guard = G;
    fn into_store(self) -> Option<(Store, G)> {
        Some(self)
    }
}

impl<G> FreshStore for Option<(Store, G)> {
    type Guard = G;
    fn into_store(self) -> Option<(Store, G)> {
        self
    }
}

fn id(text: &str) -> ArticleId {
    ArticleId::parse(text).expect("valid test id")
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_parts(1_780_000_000 + seconds, 0).expect("test time")
}

fn content(title: &str, section: &str) -> ArticleContent {
    ArticleContent {
        title: title.to_string(),
        text: format!("{title}. The council met on Monday and voted for it."),
        section: section.to_string(),
        language: "en".to_string(),
        ..ArticleContent::default()
    }
}

fn new_article(name: &str, section: &str, seconds: i64) -> NewArticle {
    NewArticle {
        id: Some(id(name)),
        request_id: None,
        content: content(&format!("Story {name}"), section),
        publish_time: Some(at(seconds)),
    }
}

async fn create(store: &Store, name: &str, section: &str, seconds: i64) -> Article {
    store
        .create(new_article(name, section, seconds))
        .await
        .expect("create")
}

fn ids(articles: &[Article]) -> Vec<&str> {
    articles.iter().map(|article| article.id.as_str()).collect()
}

async fn list_all(store: &Store, filter: ListFilter, page_size: usize) -> Vec<Article> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list(&ListQuery {
                filter: filter.clone(),
                page_size,
                after,
            })
            .await
            .expect("list");
        assert!(page.articles.len() <= page_size);
        all.extend(page.articles);
        match page.next {
            Some(next) => after = Some(next),
            None => return all,
        }
    }
}

pub async fn create_then_get_round_trips(store: Store) {
    let new = NewArticle {
        id: Some(id("sea-wall")),
        request_id: None,
        content: ArticleContent {
            title: "Harbour town votes for a sea wall".into(),
            text: "Residents voted on Sunday.\n\nThe wall costs 48 million euros.".into(),
            html: "<article><p>Residents voted on Sunday.</p></article>".into(),
            section: "local".into(),
            language: "en".into(),
            author: "Portvale Courier".into(),
            canonical_url: "https://courier.example/sea-wall".into(),
        },
        publish_time: Some(Timestamp::from_parts(1_780_000_000, 123_456_789).unwrap()),
    };
    let before = Timestamp::now();
    let created = store.create(new.clone()).await.expect("create");
    assert_eq!(created.id, id("sea-wall"));
    assert_eq!(created.content, new.content);
    assert_eq!(created.publish_time, new.publish_time.unwrap());
    assert!(created.create_time >= before);
    assert_eq!(created.create_time, created.update_time);
    assert_eq!(created.revision, 1);
    assert!(!created.etag.is_empty());
    assert_eq!(store.get(&id("sea-wall")).await.expect("get"), created);
}

pub async fn create_chooses_missing_id_and_publish_time(store: Store) {
    let created = store
        .create(NewArticle {
            id: None,
            request_id: None,
            content: content("No id given", "world"),
            publish_time: None,
        })
        .await
        .expect("create");
    assert!(ArticleId::parse(created.id.as_str()).is_ok());
    assert_eq!(created.publish_time, created.create_time);
    let other = store
        .create(NewArticle {
            id: None,
            request_id: None,
            content: content("No id given", "world"),
            publish_time: None,
        })
        .await
        .expect("create");
    assert_ne!(created.id, other.id);
}

pub async fn duplicate_id_already_exists(store: Store) {
    create(&store, "once", "world", 0).await;
    let error = store
        .create(new_article("once", "sport", 5))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::AlreadyExists(ref taken) if taken == &id("once")));
    assert_eq!(
        store.get(&id("once")).await.unwrap().content.section,
        "world"
    );
}

pub async fn unknown_id_not_found(store: Store) {
    let error = store.get(&id("nowhere")).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound(ref missing) if missing == &id("nowhere")));
    let error = store.adjacent(&id("nowhere")).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound(_)));
}

fn with_request_id(mut new: NewArticle, request_id: &str) -> NewArticle {
    new.request_id = Some(request_id.to_string());
    new
}

pub async fn request_id_retry_returns_the_first_article(store: Store) {
    let request = NewArticle {
        id: None,
        request_id: Some("retry-1".into()),
        content: content("Retried", "world"),
        publish_time: None,
    };
    let first = store.create(request.clone()).await.expect("first");
    let retry = store.create(request).await.expect("retry");
    assert_eq!(retry, first);
    let all = list_all(&store, ListFilter::default(), 10).await;
    assert_eq!(ids(&all), [first.id.as_str()]);

    // A retry finds the article as it is now, even after an update.
    let updated = store
        .update(
            &first.id,
            ArticlePatch {
                author: Some("Desk".into()),
                ..ArticlePatch::default()
            },
            None,
        )
        .await
        .expect("update");
    let late_retry = store
        .create(NewArticle {
            id: None,
            request_id: Some("retry-1".into()),
            content: content("Retried", "world"),
            publish_time: None,
        })
        .await
        .expect("late retry");
    assert_eq!(late_retry, updated);
}

pub async fn request_id_with_other_content_is_refused(store: Store) {
    store
        .create(with_request_id(new_article("first", "world", 0), "key-7"))
        .await
        .expect("create");
    let error = store
        .create(with_request_id(new_article("second", "world", 0), "key-7"))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::RequestIdReused(ref key) if key == "key-7"));
    assert!(matches!(
        store.get(&id("second")).await,
        Err(StoreError::NotFound(_))
    ));
}

pub async fn concurrent_retries_create_one_article(store: Store) {
    let request = NewArticle {
        id: None,
        request_id: Some("burst".into()),
        content: content("Burst", "world"),
        publish_time: Some(at(0)),
    };
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            let request = request.clone();
            tokio::spawn(async move { store.create(request).await })
        })
        .collect();
    let mut created = HashSet::new();
    for task in tasks {
        created.insert(task.await.expect("task").expect("create").id);
    }
    assert_eq!(created.len(), 1, "one request_id made {created:?}");
    assert_eq!(list_all(&store, ListFilter::default(), 10).await.len(), 1);
}

pub async fn request_id_retry_after_a_delete_does_not_recreate(store: Store) {
    let request = with_request_id(new_article("gone", "world", 0), "late-retry");
    let first = store.create(request.clone()).await.expect("create");
    store.delete(&first.id, None).await.expect("delete");
    let error = store.create(request).await.unwrap_err();
    assert!(
        matches!(error, StoreError::CreatedArticleDeleted { ref id, .. } if id == &first.id),
        "{error:?}"
    );
    assert!(matches!(
        store.get(&first.id).await,
        Err(StoreError::NotFound(_))
    ));
    // The id itself is free again for a new request.
    store
        .create(new_article("gone", "world", 0))
        .await
        .expect("a new create of the id");
}

pub async fn update_applies_only_the_patch(store: Store) {
    let created = create(&store, "patched", "world", 0).await;
    let updated = store
        .update(
            &created.id,
            ArticlePatch {
                title: Some("A new headline".into()),
                section: Some("local".into()),
                publish_time: Some(at(60)),
                ..ArticlePatch::default()
            },
            Some(&created.etag),
        )
        .await
        .expect("update");
    assert_eq!(updated.content.title, "A new headline");
    assert_eq!(updated.content.section, "local");
    assert_eq!(updated.content.text, created.content.text);
    assert_eq!(updated.content.author, created.content.author);
    assert_eq!(updated.publish_time, at(60));
    assert_eq!(updated.create_time, created.create_time);
    assert!(updated.update_time >= created.update_time);
    assert_eq!(updated.revision, 2);
    assert_ne!(updated.etag, created.etag);
    assert_eq!(store.get(&created.id).await.unwrap(), updated);

    // Even an update that changes nothing is a new version.
    let again = store
        .update(&created.id, ArticlePatch::default(), None)
        .await
        .expect("empty update");
    assert_ne!(again.etag, updated.etag);
}

pub async fn update_checks_the_etag(store: Store) {
    let created = create(&store, "contended", "world", 0).await;
    let patch = ArticlePatch {
        author: Some("First writer".into()),
        ..ArticlePatch::default()
    };
    store
        .update(&created.id, patch, Some(&created.etag))
        .await
        .expect("first writer");
    let late = ArticlePatch {
        author: Some("Second writer".into()),
        ..ArticlePatch::default()
    };
    let error = store
        .update(&created.id, late, Some(&created.etag))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::EtagMismatch { ref given, .. } if given == &created.etag),
        "{error:?}"
    );
    assert_eq!(
        store.get(&created.id).await.unwrap().content.author,
        "First writer"
    );
}

pub async fn update_keeps_a_title_and_body(store: Store) {
    let created = create(&store, "bodied", "world", 0).await;
    let error = store
        .update(
            &created.id,
            ArticlePatch {
                text: Some(String::new()),
                ..ArticlePatch::default()
            },
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        StoreError::InvalidContent { field: "text", .. }
    ));
    assert_eq!(store.get(&created.id).await.unwrap(), created);
}

pub async fn update_and_delete_of_unknown_ids_not_found(store: Store) {
    let error = store
        .update(&id("ghost"), ArticlePatch::default(), None)
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::NotFound(_)));
    let error = store.delete(&id("ghost"), None).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound(_)));
}

pub async fn delete_removes_the_article(store: Store) {
    let created = create(&store, "gone", "world", 0).await;
    create(&store, "kept", "world", 1).await;
    store.delete(&created.id, None).await.expect("delete");
    assert!(matches!(
        store.get(&created.id).await,
        Err(StoreError::NotFound(_))
    ));
    let left = list_all(&store, ListFilter::default(), 10).await;
    assert_eq!(ids(&left), ["kept"]);
    // The id is free again.
    let again = create(&store, "gone", "world", 0).await;
    assert_ne!(again.etag, created.etag);
}

pub async fn delete_checks_the_etag(store: Store) {
    let created = create(&store, "guarded", "world", 0).await;
    let error = store
        .delete(&created.id, Some("1-stale"))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::EtagMismatch { .. }));
    store
        .delete(&created.id, Some(&created.etag))
        .await
        .expect("delete with the current etag");
}

pub async fn list_is_newest_first_with_ties_by_id(store: Store) {
    create(&store, "old", "world", 0).await;
    create(&store, "tie-a", "world", 10).await;
    create(&store, "newest", "world", 20).await;
    create(&store, "tie-b", "world", 10).await;
    let all = list_all(&store, ListFilter::default(), 50).await;
    assert_eq!(ids(&all), ["newest", "tie-b", "tie-a", "old"]);
}

pub async fn list_pages_cover_everything_once(store: Store) {
    for n in 0..23 {
        // Several articles share each publish time, to page across ties.
        create(&store, &format!("a{n:02}"), "world", n / 4).await;
    }
    let whole = list_all(&store, ListFilter::default(), 1000).await;
    assert_eq!(whole.len(), 23);
    for page_size in [1, 4, 5, 22, 23] {
        let paged = list_all(&store, ListFilter::default(), page_size).await;
        assert_eq!(ids(&paged), ids(&whole), "page size {page_size}");
    }
    let last_page = store
        .list(&ListQuery {
            filter: ListFilter::default(),
            page_size: 23,
            after: None,
        })
        .await
        .unwrap();
    assert_eq!(last_page.next, None, "a full last page has no next page");
}

pub async fn list_filters_by_section_and_language(store: Store) {
    create(&store, "w1", "world", 0).await;
    create(&store, "s1", "sport", 1).await;
    create(&store, "w2", "world", 2).await;
    store
        .create(NewArticle {
            content: ArticleContent {
                language: "uk".into(),
                ..content("Новини", "world")
            },
            ..new_article("w3", "world", 3)
        })
        .await
        .unwrap();
    let world = ListFilter {
        section: Some("world".into()),
        language: None,
    };
    assert_eq!(ids(&list_all(&store, world, 1).await), ["w3", "w2", "w1"]);
    let english_world = ListFilter {
        section: Some("world".into()),
        language: Some("en".into()),
    };
    assert_eq!(ids(&list_all(&store, english_world, 1).await), ["w2", "w1"]);
    let ukrainian = ListFilter {
        section: None,
        language: Some("uk".into()),
    };
    assert_eq!(ids(&list_all(&store, ukrainian, 5).await), ["w3"]);
    let none = ListFilter {
        section: Some("weather".into()),
        language: None,
    };
    assert!(list_all(&store, none, 5).await.is_empty());
}

pub async fn paging_is_stable_under_concurrent_inserts(store: Store) {
    for n in 0..30 {
        create(&store, &format!("base-{n:02}"), "world", n).await;
    }
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for n in 0..30 {
                // Newer, older and same-time articles land around the pages.
                let seconds = [-5, 15, 40][n as usize % 3];
                create(&store, &format!("late-{n:02}"), "world", seconds).await;
                tokio::task::yield_now().await;
            }
        })
    };
    let mut seen = Vec::new();
    let mut after: Option<Cursor> = None;
    loop {
        let page = store
            .list(&ListQuery {
                filter: ListFilter::default(),
                page_size: 3,
                after: after.clone(),
            })
            .await
            .expect("list");
        seen.extend(page.articles.iter().map(|article| article.id.clone()));
        tokio::task::yield_now().await;
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    writer.await.expect("writer");
    let distinct: HashSet<_> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "an article was repeated");
    for n in 0..30 {
        let base = id(&format!("base-{n:02}"));
        assert!(distinct.contains(&base), "{base} was skipped");
    }
}

pub async fn adjacent_articles_stay_in_their_section(store: Store) {
    create(&store, "first", "world", 0).await;
    create(&store, "elsewhere", "sport", 5).await;
    create(&store, "middle", "world", 10).await;
    create(&store, "last", "world", 20).await;

    let middle = store.adjacent(&id("middle")).await.expect("adjacent");
    assert_eq!(middle.previous.map(|a| a.id), Some(id("first")));
    assert_eq!(middle.next.map(|a| a.id), Some(id("last")));

    let first = store.adjacent(&id("first")).await.unwrap();
    assert_eq!(first.previous, None);
    assert_eq!(first.next.map(|a| a.id), Some(id("middle")));

    let last = store.adjacent(&id("last")).await.unwrap();
    assert_eq!(last.previous.map(|a| a.id), Some(id("middle")));
    assert_eq!(last.next, None);

    let alone = store.adjacent(&id("elsewhere")).await.unwrap();
    assert_eq!((alone.previous, alone.next), (None, None));
}

pub async fn adjacent_ties_break_by_id(store: Store) {
    for name in ["t-b", "t-a", "t-c"] {
        create(&store, name, "world", 7).await;
    }
    let middle = store.adjacent(&id("t-b")).await.unwrap();
    assert_eq!(middle.previous.map(|a| a.id), Some(id("t-a")));
    assert_eq!(middle.next.map(|a| a.id), Some(id("t-c")));
}

pub async fn list_pages_end_within_their_byte_budget(store: Store) {
    // Three articles of 40% of the budget each: two fit a page, three do
    // not, whatever page size is asked for.
    let body_bytes = usize::try_from(PAGE_BUDGET_BYTES * 2 / 5).unwrap();
    for (n, name) in ["big-a", "big-b", "big-c"].into_iter().enumerate() {
        let mut new = new_article(name, "world", i64::try_from(n).unwrap());
        new.content.text = "x".repeat(body_bytes);
        store.create(new).await.expect("create");
    }
    let first = store
        .list(&ListQuery {
            filter: ListFilter::default(),
            page_size: 100,
            after: None,
        })
        .await
        .expect("list");
    assert_eq!(ids(&first.articles), ["big-c", "big-b"]);
    let second = store
        .list(&ListQuery {
            filter: ListFilter::default(),
            page_size: 100,
            after: first.next.clone(),
        })
        .await
        .expect("second page");
    assert_eq!(ids(&second.articles), ["big-a"]);
    assert_eq!(second.next, None);

    // One article over the whole budget still makes a page of its own.
    let mut huge = new_article("huge", "world", 10);
    huge.content.text = "x".repeat(usize::try_from(PAGE_BUDGET_BYTES).unwrap() + 1);
    store.create(huge).await.expect("create");
    let page = store
        .list(&ListQuery {
            filter: ListFilter::default(),
            page_size: 100,
            after: None,
        })
        .await
        .expect("list");
    assert_eq!(ids(&page.articles), ["huge"]);
    assert!(page.next.is_some());
}

pub async fn metadata_fields_have_length_limits(store: Store) {
    let limits = [
        ("title", MAX_TITLE_BYTES),
        ("section", MAX_SECTION_BYTES),
        ("author", MAX_AUTHOR_BYTES),
        ("canonical_url", MAX_CANONICAL_URL_BYTES),
    ];
    let with_field = |field: &str, bytes: usize| {
        let mut new = new_article("bounded", "world", 0);
        let content = &mut new.content;
        let value = match field {
            "title" => &mut content.title,
            "section" => &mut content.section,
            "author" => &mut content.author,
            _ => &mut content.canonical_url,
        };
        *value = "x".repeat(bytes);
        new
    };
    for (field, limit) in limits {
        let error = store
            .create(with_field(field, limit + 1))
            .await
            .unwrap_err();
        assert!(
            matches!(error, StoreError::InvalidContent { field: at_fault, .. } if at_fault == field),
            "{error:?}"
        );
        let created = store
            .create(with_field(field, limit))
            .await
            .expect("at the limit");
        store.delete(&created.id, None).await.unwrap();
    }
}

pub async fn summaries_are_evicted_oldest_first_past_the_byte_budget(store: Store) {
    let article = create(&store, "cached", "world", 0).await;
    // Four summaries of a quarter each, with their keys, pass the budget.
    let quarter = vec![b's'; usize::try_from(SUMMARY_CACHE_BYTES / 4).unwrap()];
    let keys: Vec<_> = (0..4)
        .map(|n| summary_key(&article, &format!("options-{n}")))
        .collect();
    for key in &keys {
        store.put_summary(key, &quarter).await.unwrap();
    }
    // The newest three fit; the oldest was evicted.
    assert_eq!(store.summary(&keys[0]).await.unwrap(), None);
    for key in &keys[1..] {
        assert!(store.summary(key).await.unwrap().is_some());
    }
    // A summary larger than the whole cache is not kept, and evicts nothing.
    let whole = vec![b's'; usize::try_from(SUMMARY_CACHE_BYTES).unwrap() + 1];
    let big = summary_key(&article, "too-big");
    store.put_summary(&big, &whole).await.unwrap();
    assert_eq!(store.summary(&big).await.unwrap(), None);
    assert!(store.summary(&keys[3]).await.unwrap().is_some());
}

fn summary_key(article: &Article, options: &str) -> SummaryKey {
    SummaryKey {
        id: article.id.clone(),
        content_hash: article.content_hash(),
        options: options.to_string(),
    }
}

pub async fn summaries_are_cached_per_version(store: Store) {
    let article = create(&store, "summed", "world", 0).await;
    let three = summary_key(&article, "sentences=3");
    let one = summary_key(&article, "sentences=1");
    assert_eq!(store.summary(&three).await.unwrap(), None);
    store.put_summary(&three, b"three sentences").await.unwrap();
    store.put_summary(&one, b"one sentence").await.unwrap();
    assert_eq!(
        store.summary(&three).await.unwrap().as_deref(),
        Some(&b"three sentences"[..])
    );
    assert_eq!(
        store.summary(&one).await.unwrap().as_deref(),
        Some(&b"one sentence"[..])
    );
    // Storing the same summary again (a lost race) is harmless.
    store.put_summary(&three, b"three sentences").await.unwrap();
}

pub async fn summaries_of_changed_or_deleted_articles_are_dropped(store: Store) {
    let article = create(&store, "changing", "world", 0).await;
    let old = summary_key(&article, "default");
    store.put_summary(&old, b"old summary").await.unwrap();

    let updated = store
        .update(
            &article.id,
            ArticlePatch {
                text: Some("A different body. It says other things.".into()),
                ..ArticlePatch::default()
            },
            None,
        )
        .await
        .unwrap();
    let new = summary_key(&updated, "default");
    assert_ne!(new, old);
    assert_eq!(store.summary(&new).await.unwrap(), None);
    assert_eq!(
        store.summary(&old).await.unwrap(),
        None,
        "stale summary kept"
    );

    // A summary of the old version that finishes late is not stored.
    store.put_summary(&old, b"late old summary").await.unwrap();
    assert_eq!(store.summary(&old).await.unwrap(), None);

    store.put_summary(&new, b"new summary").await.unwrap();
    store.delete(&updated.id, None).await.unwrap();
    assert_eq!(store.summary(&new).await.unwrap(), None);
    let reborn = create(&store, "changing", "world", 0).await;
    assert_eq!(
        store
            .summary(&summary_key(&reborn, "default"))
            .await
            .unwrap(),
        None
    );
    // Nor is one of a deleted version, once the id is taken again.
    store.put_summary(&new, b"orphan").await.unwrap();
    assert_eq!(store.summary(&new).await.unwrap(), None);
}
