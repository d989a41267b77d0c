//! The article store conformance suite on the SQLite backend, each test on
//! a fresh database file in its own temporary directory; and what only a
//! file-backed store can show: data and schema surviving a reopen, and a
//! damaged file or row refused rather than served.

use crate::store_conformance::article_store_conformance;

use std::path::Path;
use std::sync::Arc;

use precis::store::{
    Article, ArticleContent, ArticleId, ArticleStore, Cursor, ListFilter, ListQuery, NewArticle,
    SqliteStore, StoreError, Timestamp, decode_token, encode_token,
};
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
    assert_eq!(version, 2);
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

/// A distinctive body, easy to find among the file's bytes.
const MARKED_TEXT: &str = "The harbour wall held through the storm of the century.";

async fn store_one(dir: &Path, name: &str) -> Article {
    let store = SqliteStore::open(dir).await.expect("open");
    store
        .create(NewArticle {
            id: Some(ArticleId::parse(name).unwrap()),
            request_id: None,
            content: ArticleContent {
                title: "Harbour".into(),
                text: MARKED_TEXT.into(),
                language: "en".into(),
                ..ArticleContent::default()
            },
            publish_time: None,
        })
        .await
        .expect("create")
    // Dropping the store closes its connection, which checkpoints the
    // log into the database file.
}

fn database_file(dir: &Path) -> std::path::PathBuf {
    dir.join(precis::store::sqlite::DATABASE_FILE)
}

#[track_caller]
fn assert_damaged<T: std::fmt::Debug>(result: Result<T, StoreError>, says: &str) {
    match result {
        Err(StoreError::Damaged(message)) => {
            assert!(message.contains(says), "{message}");
        }
        other => panic!("expected a damaged-data error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_row_changed_behind_the_store_is_refused_not_served() {
    let dir = tempfile::tempdir().unwrap();
    let created = store_one(dir.path(), "altered").await;
    let connection = rusqlite::Connection::open(database_file(dir.path())).unwrap();
    connection
        .execute("UPDATE articles SET text = 'Something else entirely.'", [])
        .unwrap();
    drop(connection);

    let store = SqliteStore::open(dir.path()).await.expect("reopen");
    assert_damaged(store.get(&created.id).await, "altered");
    let listed = store
        .list(&ListQuery {
            filter: ListFilter::default(),
            page_size: 10,
            after: None,
        })
        .await;
    assert_damaged(listed, "altered");
}

#[tokio::test]
async fn bytes_damaged_inside_the_file_are_refused_not_served() {
    let dir = tempfile::tempdir().unwrap();
    let created = store_one(dir.path(), "flipped").await;
    let path = database_file(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes
        .windows(MARKED_TEXT.len())
        .position(|window| window == MARKED_TEXT.as_bytes())
        .expect("the text is in the file");
    // Same length, other letters: the file's structure is intact, so only
    // the row's hashes can tell.
    bytes[at + 4..at + 10].copy_from_slice(b"XXXXXX");
    std::fs::write(&path, bytes).unwrap();

    let store = SqliteStore::open(dir.path()).await.expect("reopen");
    assert_damaged(store.get(&created.id).await, "flipped");
}

#[tokio::test]
async fn an_emptied_database_file_is_refused_not_recreated() {
    let dir = tempfile::tempdir().unwrap();
    store_one(dir.path(), "kept").await;
    std::fs::File::create(database_file(dir.path())).unwrap();
    assert_damaged(SqliteStore::open(dir.path()).await, "empty");
    assert_eq!(
        std::fs::metadata(database_file(dir.path())).unwrap().len(),
        0
    );
}

#[tokio::test]
async fn a_missing_database_is_refused_once_one_was_made() {
    let dir = tempfile::tempdir().unwrap();
    store_one(dir.path(), "kept").await;
    std::fs::remove_file(database_file(dir.path())).unwrap();
    assert_damaged(SqliteStore::open(dir.path()).await, "missing");
    assert!(!database_file(dir.path()).exists());

    // Deleting the marker too is how an operator starts afresh.
    std::fs::remove_file(dir.path().join(precis::store::sqlite::DATABASE_MARKER)).unwrap();
    let store = SqliteStore::open(dir.path()).await.expect("a new database");
    let page = store
        .list(&ListQuery {
            filter: ListFilter::default(),
            page_size: 10,
            after: None,
        })
        .await
        .unwrap();
    assert!(page.articles.is_empty());
}

#[tokio::test]
async fn a_file_that_is_not_a_database_or_fails_its_check_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(database_file(dir.path()), b"not a database at all").unwrap();
    assert_damaged(
        SqliteStore::open(dir.path()).await,
        "not an SQLite database",
    );

    // 4 KiB of zeros in the middle of a database of many articles.
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).await.unwrap();
    let mut written = Vec::new();
    for n in 0..300 {
        let created = store
            .create(NewArticle {
                id: Some(ArticleId::parse(&format!("a{n}")).unwrap()),
                request_id: None,
                content: ArticleContent {
                    title: format!("Story {n}"),
                    text: format!("{MARKED_TEXT} Part {n}. ").repeat(20),
                    ..ArticleContent::default()
                },
                publish_time: None,
            })
            .await
            .unwrap();
        written.push(created);
    }
    drop(store);
    let path = database_file(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2 / 4096 * 4096;
    bytes[middle..middle + 4096].fill(0);
    std::fs::write(&path, bytes).unwrap();

    // Refused at open; or else no article is served other than it was
    // written.
    let Ok(store) = SqliteStore::open(dir.path()).await else {
        return;
    };
    let mut refused = 0;
    for article in written {
        match store.get(&article.id).await {
            Ok(read) => assert_eq!(read, article),
            Err(StoreError::Damaged(_)) => refused += 1,
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!(refused > 0, "damage went unnoticed");
}

#[tokio::test]
async fn page_tokens_are_signed_with_a_key_kept_in_the_file() {
    let cursor = Cursor {
        publish_time: Timestamp::from_nanos(0),
        id: ArticleId::parse("a").unwrap(),
    };
    let filter = ListFilter::default();
    let token = |store: &dyn ArticleStore| encode_token(&cursor, &filter, store.page_token_key());
    let (store, dir) = fresh_store().await;
    let issued = token(&*store);
    drop(store);
    let reopened = SqliteStore::open(dir.path()).await.unwrap();
    assert_eq!(token(&reopened), issued);
    let (other, _other_dir) = fresh_store().await;
    assert!(decode_token(&issued, &filter, other.page_token_key()).is_err());
}

/// The first schema, as databases made before version 2 hold it.
const SCHEMA_VERSION_1: &str = "
    CREATE TABLE articles (
        id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
        html TEXT NOT NULL, section TEXT NOT NULL, language TEXT NOT NULL,
        author TEXT NOT NULL, canonical_url TEXT NOT NULL, publish_time INTEGER NOT NULL,
        create_time INTEGER NOT NULL, update_time INTEGER NOT NULL, revision INTEGER NOT NULL,
        etag TEXT NOT NULL, content_hash TEXT NOT NULL, request_id TEXT UNIQUE,
        request_fingerprint TEXT
    ) STRICT;
    CREATE INDEX articles_by_time ON articles (publish_time, id);
    CREATE INDEX articles_by_section ON articles (section, publish_time, id);
    CREATE TABLE summaries (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL, options TEXT NOT NULL, summary BLOB NOT NULL,
        PRIMARY KEY (article_id, content_hash, options)
    ) STRICT;
    PRAGMA user_version = 1;";

#[tokio::test]
async fn a_version_1_database_upgrades_with_its_articles_and_request_ids() {
    let dir = tempfile::tempdir().unwrap();
    let request = NewArticle {
        id: Some(ArticleId::parse("before").unwrap()),
        request_id: Some("made-by-version-1".into()),
        content: ArticleContent {
            title: "Before".into(),
            text: MARKED_TEXT.into(),
            ..ArticleContent::default()
        },
        publish_time: Some(Timestamp::from_nanos(5)),
    };
    let fingerprint = request.fingerprint();
    let article = request.clone().into_article(Timestamp::from_nanos(7));
    let connection = rusqlite::Connection::open(database_file(dir.path())).unwrap();
    connection.execute_batch(SCHEMA_VERSION_1).unwrap();
    let content = &article.content;
    connection
        .execute(
            "INSERT INTO articles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                 ?13, ?14, ?15, ?16)",
            rusqlite::params![
                article.id.as_str(),
                content.title,
                content.text,
                content.html,
                content.section,
                content.language,
                content.author,
                content.canonical_url,
                article.publish_time.as_nanos(),
                article.create_time.as_nanos(),
                article.update_time.as_nanos(),
                article.revision,
                article.etag,
                article.content_hash(),
                "made-by-version-1",
                fingerprint,
            ],
        )
        .unwrap();
    drop(connection);

    let store = SqliteStore::open(dir.path()).await.expect("upgrade");
    assert_eq!(store.get(&article.id).await.unwrap(), article);
    // The request id still recognises its retry.
    assert_eq!(store.create(request).await.unwrap(), article);
}
