//! The article store conformance suite on the SQLite backend, each test on
//! a fresh database file in its own temporary directory; and what only a
//! file-backed store can show: data and schema surviving a reopen.

mod store_conformance;

use std::sync::Arc;

use precis::store::{ArticleId, ArticleStore, ListFilter, ListQuery, SqliteStore};
use tempfile::TempDir;

async fn fresh_store() -> (Arc<dyn ArticleStore>, TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open(dir.path()).await.expect("open SQLite");
    (Arc::new(store), dir)
}

article_store_conformance!(fresh_store);

#[tokio::test]
async fn articles_survive_reopening_the_file() {
    let (store, dir) = fresh_store().await;
    let created = store
        .create(precis::store::NewArticle {
            id: Some(ArticleId::parse("kept").unwrap()),
            request_id: Some("r-1".into()),
            content: precis::store::ArticleContent {
                title: "Kept".into(),
                text: "It stays.".into(),
                ..Default::default()
            },
            publish_time: None,
        })
        .await
        .unwrap();
    drop(store);

    let reopened = SqliteStore::open(dir.path()).await.expect("reopen");
    assert_eq!(reopened.get(&created.id).await.unwrap(), created);
    let page = reopened
        .list(&ListQuery {
            filter: ListFilter::default(),
            page_size: 10,
            after: None,
        })
        .await
        .unwrap();
    assert_eq!(page.articles, [created]);
}

#[tokio::test]
async fn the_schema_version_is_recorded_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).await.unwrap();
    let path = store.path().to_path_buf();
    drop(store);
    let connection = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1);
    let mode: String = connection
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // A database from a newer server is refused rather than misread.
    connection.pragma_update(None, "user_version", 99).unwrap();
    drop(connection);
    let error = SqliteStore::open(dir.path()).await.unwrap_err();
    assert!(error.to_string().contains("schema version 99"), "{error}");
}
