//! The embedded backend: one SQLite file under the data directory.
//!
//! Durability: the database runs in WAL mode with `synchronous=FULL`, so a
//! transaction is on disk (the WAL fsynced) before its call returns; a
//! process killed right after an acknowledged write loses nothing.
//!
//! rusqlite is synchronous, so every call runs on tokio's blocking pool
//! over one connection behind a mutex: SQLite serialises writers anyway,
//! and one connection keeps read-modify-write steps simply atomic.
//!
//! The schema is versioned in `PRAGMA user_version` and migrated forward at
//! open, each step in its own transaction.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, Transaction, params};

use super::error::{check_content, check_etag};
use super::migration::pending;
use super::{
    Article, ArticleContent, ArticleId, ArticlePage, ArticlePatch, ArticleStore, ListQuery,
    Neighbours, NewArticle, StoreError, SummaryKey, Timestamp,
};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "precis.sqlite3";

/// Schema steps; the database's `user_version` counts those applied.
/// Append new steps, never edit old ones.
const MIGRATIONS: &[&str] = &[
    // 1: articles, with the idempotency key of the request that created
    // each, and the summary cache.
    "CREATE TABLE articles (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT NOT NULL,
        section TEXT NOT NULL,
        language TEXT NOT NULL,
        author TEXT NOT NULL,
        canonical_url TEXT NOT NULL,
        publish_time INTEGER NOT NULL,
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        etag TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        request_id TEXT UNIQUE,
        request_fingerprint TEXT
    ) STRICT;
    CREATE INDEX articles_by_time ON articles (publish_time, id);
    CREATE INDEX articles_by_section ON articles (section, publish_time, id);
    CREATE TABLE summaries (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        options TEXT NOT NULL,
        summary BLOB NOT NULL,
        PRIMARY KEY (article_id, content_hash, options)
    ) STRICT;",
];

const COLUMNS: &str = "id, title, text, html, section, language, author, canonical_url, \
     publish_time, create_time, update_time, revision, etag";

/// Articles in one SQLite database file.
#[derive(Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteStore {
    /// Opens (creating when needed) the database in `data_dir`, and
    /// migrates its schema to the latest version.
    pub async fn open(data_dir: &Path) -> Result<SqliteStore, StoreError> {
        let data_dir = data_dir.to_path_buf();
        tokio::task::spawn_blocking(move || Self::open_blocking(&data_dir))
            .await
            .map_err(StoreError::backend)?
    }

    fn open_blocking(data_dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|error| {
            StoreError::Backend(format!("cannot create {}: {error}", data_dir.display()))
        })?;
        let path = data_dir.join(DATABASE_FILE);
        let mut connection = Connection::open(&path).map_err(StoreError::backend)?;
        let mode: String = connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(StoreError::backend)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Backend(format!(
                "{} cannot use WAL mode (got {mode})",
                path.display()
            )));
        }
        connection
            .execute_batch(
                "PRAGMA synchronous = FULL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA busy_timeout = 5000;",
            )
            .map_err(StoreError::backend)?;
        migrate(&mut connection)?;
        Ok(SqliteStore {
            connection: Arc::new(Mutex::new(connection)),
            path,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in a transaction on the blocking pool; commits on `Ok`.
    async fn transaction<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let connection = self.connection.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while the lock was held leaves no half transaction
            // behind (it rolled back on drop), so the connection is usable.
            let mut connection = connection
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let transaction = connection
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(StoreError::backend)?;
            let result = work(&transaction)?;
            transaction.commit().map_err(StoreError::backend)?;
            Ok(result)
        })
        .await
        .map_err(StoreError::backend)?
    }
}

/// Applies the migrations the database has not seen yet.
fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(StoreError::backend)?;
    for (version, step) in pending(MIGRATIONS, version)? {
        let transaction = connection.transaction().map_err(StoreError::backend)?;
        transaction
            .execute_batch(step)
            .and_then(|()| transaction.pragma_update(None, "user_version", version))
            .and_then(|()| transaction.commit())
            .map_err(|error| {
                StoreError::Backend(format!("schema migration {version} failed: {error}"))
            })?;
        tracing::info!(version, "applied schema migration");
    }
    Ok(())
}

fn read_article(row: &Row<'_>) -> rusqlite::Result<Article> {
    let id: String = row.get(0)?;
    let id = ArticleId::parse(&id).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, error.into())
    })?;
    Ok(Article {
        id,
        content: ArticleContent {
            title: row.get(1)?,
            text: row.get(2)?,
            html: row.get(3)?,
            section: row.get(4)?,
            language: row.get(5)?,
            author: row.get(6)?,
            canonical_url: row.get(7)?,
        },
        publish_time: Timestamp::from_nanos(row.get(8)?),
        create_time: Timestamp::from_nanos(row.get(9)?),
        update_time: Timestamp::from_nanos(row.get(10)?),
        revision: row.get(11)?,
        etag: row.get(12)?,
    })
}

fn find(transaction: &Transaction<'_>, id: &ArticleId) -> Result<Option<Article>, StoreError> {
    transaction
        .query_row(
            &format!("SELECT {COLUMNS} FROM articles WHERE id = ?1"),
            [id.as_str()],
            read_article,
        )
        .optional()
        .map_err(StoreError::backend)
}

fn load(transaction: &Transaction<'_>, id: &ArticleId) -> Result<Article, StoreError> {
    find(transaction, id)?.ok_or_else(|| StoreError::NotFound(id.clone()))
}

impl ToSql for ArticleId {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.as_str().to_sql()
    }
}

/// Writes `article` with `statement`, whose parameters `?1` to `?14` are
/// the article's columns (id, the content fields, the three times,
/// revision, etag, content hash), followed by `extra`.
fn execute_with_article(
    transaction: &Transaction<'_>,
    statement: &str,
    article: &Article,
    extra: &[&dyn ToSql],
) -> rusqlite::Result<usize> {
    let content = &article.content;
    let times = [
        article.publish_time.as_nanos(),
        article.create_time.as_nanos(),
        article.update_time.as_nanos(),
    ];
    let content_hash = article.content_hash();
    let fields = content.fields();
    let mut params: Vec<&dyn ToSql> = vec![&article.id];
    params.extend(fields.iter().map(|field| field as &dyn ToSql));
    params.extend([
        &times[0] as &dyn ToSql,
        &times[1],
        &times[2],
        &article.revision,
        &article.etag,
        &content_hash,
    ]);
    params.extend_from_slice(extra);
    transaction.execute(statement, params.as_slice())
}

/// Writes every column of `article` but its idempotency key.
fn write_article(transaction: &Transaction<'_>, article: &Article) -> rusqlite::Result<usize> {
    execute_with_article(
        transaction,
        "UPDATE articles SET title = ?2, text = ?3, html = ?4, section = ?5, language = ?6,
             author = ?7, canonical_url = ?8, publish_time = ?9, create_time = ?10,
             update_time = ?11, revision = ?12, etag = ?13, content_hash = ?14
         WHERE id = ?1",
        article,
        &[],
    )
}

fn insert(
    transaction: &Transaction<'_>,
    article: &Article,
    request: Option<(&str, &str)>,
) -> Result<(), StoreError> {
    let request_id = request.map(|(key, _)| key);
    let fingerprint = request.map(|(_, fingerprint)| fingerprint);
    let inserted = execute_with_article(
        transaction,
        "INSERT INTO articles (id, title, text, html, section, language, author,
             canonical_url, publish_time, create_time, update_time, revision, etag,
             content_hash, request_id, request_fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        article,
        &[&request_id, &fingerprint],
    );
    match inserted {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Err(StoreError::AlreadyExists(article.id.clone()))
        }
        Err(error) => Err(StoreError::backend(error)),
    }
}

/// The article a `request_id` created, if any, when the request is the
/// same; [`StoreError::RequestIdReused`] when it is not.
fn replay(
    transaction: &Transaction<'_>,
    request_id: &str,
    fingerprint: &str,
) -> Result<Option<Article>, StoreError> {
    let earlier: Option<(String, String)> = transaction
        .query_row(
            "SELECT id, request_fingerprint FROM articles WHERE request_id = ?1",
            [request_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(StoreError::backend)?;
    let Some((id, stored_fingerprint)) = earlier else {
        return Ok(None);
    };
    if stored_fingerprint != fingerprint {
        return Err(StoreError::RequestIdReused(request_id.to_string()));
    }
    let id = ArticleId::parse(&id).map_err(StoreError::Backend)?;
    load(transaction, &id).map(Some)
}

/// The nearest article of `article`'s section before it (`before`) or
/// after it in (publish time, id) order.
fn neighbour(
    transaction: &Transaction<'_>,
    article: &Article,
    before: bool,
) -> Result<Option<Article>, StoreError> {
    let (comparison, order) = if before { ("<", "DESC") } else { (">", "ASC") };
    transaction
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM articles
                 WHERE section = ?1 AND (publish_time, id) {comparison} (?2, ?3)
                 ORDER BY publish_time {order}, id {order} LIMIT 1"
            ),
            params![
                article.content.section,
                article.publish_time.as_nanos(),
                article.id.as_str()
            ],
            read_article,
        )
        .optional()
        .map_err(StoreError::backend)
}

#[async_trait]
impl ArticleStore for SqliteStore {
    async fn create(&self, new: NewArticle) -> Result<Article, StoreError> {
        check_content(&new.content)?;
        self.transaction(move |transaction| {
            let fingerprint = new.fingerprint();
            let request_id = new.request_id.clone();
            if let Some(request_id) = &request_id
                && let Some(earlier) = replay(transaction, request_id, &fingerprint)?
            {
                return Ok(earlier);
            }
            let article = new.into_article(Timestamp::now());
            let request = request_id.as_deref().map(|key| (key, fingerprint.as_str()));
            insert(transaction, &article, request)?;
            Ok(article)
        })
        .await
    }

    async fn get(&self, id: &ArticleId) -> Result<Article, StoreError> {
        let id = id.clone();
        self.transaction(move |transaction| load(transaction, &id))
            .await
    }

    async fn update(
        &self,
        id: &ArticleId,
        patch: ArticlePatch,
        expected_etag: Option<&str>,
    ) -> Result<Article, StoreError> {
        let id = id.clone();
        let expected_etag = expected_etag.map(str::to_string);
        self.transaction(move |transaction| {
            let mut article = load(transaction, &id)?;
            check_etag(&article, expected_etag.as_deref())?;
            article.apply(patch, Timestamp::now());
            check_content(&article.content)?;
            write_article(transaction, &article).map_err(StoreError::backend)?;
            transaction
                .execute(
                    "DELETE FROM summaries WHERE article_id = ?1 AND content_hash <> ?2",
                    params![id.as_str(), article.content_hash()],
                )
                .map_err(StoreError::backend)?;
            Ok(article)
        })
        .await
    }

    async fn delete(&self, id: &ArticleId, expected_etag: Option<&str>) -> Result<(), StoreError> {
        let id = id.clone();
        let expected_etag = expected_etag.map(str::to_string);
        self.transaction(move |transaction| {
            let article = load(transaction, &id)?;
            check_etag(&article, expected_etag.as_deref())?;
            transaction
                .execute("DELETE FROM articles WHERE id = ?1", [id.as_str()])
                .map_err(StoreError::backend)?;
            Ok(())
        })
        .await
    }

    async fn list(&self, query: &ListQuery) -> Result<ArticlePage, StoreError> {
        let query = query.clone();
        self.transaction(move |transaction| {
            let after = query.after.as_ref();
            let mut statement = transaction
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM articles
                     WHERE (?1 IS NULL OR section = ?1)
                       AND (?2 IS NULL OR language = ?2)
                       AND (?3 IS NULL OR (publish_time, id) < (?3, ?4))
                     ORDER BY publish_time DESC, id DESC
                     LIMIT ?5"
                ))
                .map_err(StoreError::backend)?;
            let limit = query.rows_to_fetch();
            let articles = statement
                .query_map(
                    params![
                        query.filter.section,
                        query.filter.language,
                        after.map(|cursor| cursor.publish_time.as_nanos()),
                        after.map(|cursor| cursor.id.as_str()),
                        limit,
                    ],
                    read_article,
                )
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(StoreError::backend)?;
            Ok(ArticlePage::from_rows(articles, &query))
        })
        .await
    }

    async fn adjacent(&self, id: &ArticleId) -> Result<Neighbours, StoreError> {
        let id = id.clone();
        self.transaction(move |transaction| {
            let article = load(transaction, &id)?;
            Ok(Neighbours {
                previous: neighbour(transaction, &article, true)?,
                next: neighbour(transaction, &article, false)?,
            })
        })
        .await
    }

    async fn summary(&self, key: &SummaryKey) -> Result<Option<Vec<u8>>, StoreError> {
        let key = key.clone();
        self.transaction(move |transaction| {
            transaction
                .query_row(
                    "SELECT summary FROM summaries
                     WHERE article_id = ?1 AND content_hash = ?2 AND options = ?3",
                    params![key.id.as_str(), key.content_hash, key.options],
                    |row| row.get(0),
                )
                .optional()
                .map_err(StoreError::backend)
        })
        .await
    }

    async fn put_summary(&self, key: &SummaryKey, summary: &[u8]) -> Result<(), StoreError> {
        let key = key.clone();
        let summary = summary.to_vec();
        self.transaction(move |transaction| {
            transaction
                .execute(
                    "INSERT OR REPLACE INTO summaries (article_id, content_hash, options, summary)
                     SELECT id, content_hash, ?3, ?4 FROM articles
                     WHERE id = ?1 AND content_hash = ?2",
                    params![key.id.as_str(), key.content_hash, key.options, summary],
                )
                .map_err(StoreError::backend)?;
            Ok(())
        })
        .await
    }
}
