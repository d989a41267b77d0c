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
//!
//! Damage is refused, never served: at open the file must be a database
//! that passes `PRAGMA quick_check`, an empty file is an error, and a
//! missing one is only created when the marker beside it says none was
//! made before (a new database is made under a temporary name and renamed
//! into place, so an empty file is never one of ours). Every row read is
//! checked against the hashes stored with it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, ToSql, Transaction, params};

use super::error::{check_content, check_etag, check_intact};
use super::migration::pending;
use super::page::STORED_BYTES_SQL;
use super::summary_cache::{EVICT_SUMMARIES, cache_budget, cached_bytes, fits_cache};
use super::{
    Article, ArticleContent, ArticleId, ArticlePage, ArticlePatch, ArticleStore, ListQuery,
    Neighbours, NewArticle, PageTokenKey, StoreError, SummaryKey, Timestamp,
};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "precis.sqlite3";
/// The file beside it that records that a database was made here, so that
/// a missing database is reported instead of silently replaced.
pub const DATABASE_MARKER: &str = "precis.sqlite3.marker";
/// What the marker says to whoever finds it.
const MARKER_TEXT: &str = "Precis keeps its articles in precis.sqlite3 beside this file. \
While this file exists, a missing precis.sqlite3 stops the server instead of \
being replaced by an empty database; delete it to start with no articles.\n";
/// The name a new database is made under before it is renamed into place.
const NEW_DATABASE_FILE: &str = "precis.sqlite3.new";
/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// Pages written to the write-ahead log before it is checkpointed into
/// the database (SQLite's default is 1 000): a smaller log on disk.
const WAL_CHECKPOINT_PAGES: i64 = 256;
/// The bytes the write-ahead log is cut back to after a checkpoint.
const WAL_SIZE_LIMIT_BYTES: i64 = 1024 * 1024;

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
    // 2: summaries in insertion order with their size, so the oldest are
    // evicted past a byte budget (the old rows, keyed by raw options, are
    // dropped: they are a cache); request ids apart from articles, so a
    // retry after a delete is recognised (the old columns stay, unused);
    // and settings, which hold the key that signs page tokens.
    "DROP TABLE summaries;
    CREATE TABLE summaries (
        seq INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        options TEXT NOT NULL,
        summary BLOB NOT NULL,
        size_bytes INTEGER NOT NULL,
        UNIQUE (article_id, content_hash, options)
    ) STRICT;
    CREATE TABLE request_ids (
        request_id TEXT PRIMARY KEY NOT NULL,
        fingerprint TEXT NOT NULL,
        article_id TEXT NOT NULL
    ) STRICT;
    INSERT INTO request_ids (request_id, fingerprint, article_id)
        SELECT request_id, request_fingerprint, id FROM articles
        WHERE request_id IS NOT NULL;
    UPDATE articles SET request_id = NULL, request_fingerprint = NULL;
    CREATE TABLE settings (
        name TEXT PRIMARY KEY NOT NULL,
        value BLOB NOT NULL
    ) STRICT;",
];

/// The settings row of the page token key.
const TOKEN_KEY_SETTING: &str = "page_token_key";

/// An article's columns, then its stored content hash.
const COLUMNS: &str = "id, title, text, html, section, language, author, canonical_url, \
     publish_time, create_time, update_time, revision, etag, content_hash";

/// Articles in one SQLite database file.
#[derive(Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
    token_key: PageTokenKey,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteStore {
    /// Opens the database in `data_dir` (creating it when none was made
    /// there before), checks that it is intact, and migrates its schema to
    /// the latest version.
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
        let marker = data_dir.join(DATABASE_MARKER);
        if check_database_file(&path, &marker)? {
            create_database(data_dir, &path)?;
        }
        let mut connection = connect(&path)?;
        quick_check(&connection, &path)?;
        migrate(&mut connection)?;
        if !marker.exists() {
            write_synced(&marker, MARKER_TEXT.as_bytes())?;
        }
        let token_key = token_key(&connection)?;
        Ok(SqliteStore {
            connection: Arc::new(Mutex::new(connection)),
            path,
            token_key,
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
                .map_err(db)?;
            let result = work(&transaction)?;
            transaction.commit().map_err(db)?;
            Ok(result)
        })
        .await
        .map_err(StoreError::backend)?
    }
}

/// The store error of a failed SQLite call: [`StoreError::Damaged`] when
/// SQLite found the file corrupt.
fn db(error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            StoreError::Damaged(format!("the database file is damaged: {error}"))
        }
        _ => StoreError::backend(error),
    }
}

/// The advice of every refusal to open a damaged database file.
fn damaged_file(path: &Path, problem: &str) -> StoreError {
    StoreError::Damaged(format!(
        "{} {problem}: restore it from a backup, or move it (and any -wal file beside it) \
         away to start with an empty database",
        path.display()
    ))
}

/// Checks what is at `path` before SQLite opens it: whether a new database
/// must be made (nothing there, and no marker of an earlier one), or the
/// file there starts as an SQLite database; an empty file, or a missing
/// one whose marker remains, is refused.
fn check_database_file(path: &Path, marker: &Path) -> Result<bool, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if marker.exists() {
                return Err(StoreError::Damaged(format!(
                    "{} is missing, but {} says a database was made there: restore it \
                     from a backup, or delete the marker to start with an empty database",
                    path.display(),
                    marker.display()
                )));
            }
            return Ok(true);
        }
        Err(error) => {
            return Err(StoreError::Backend(format!(
                "cannot open {}: {error}",
                path.display()
            )));
        }
    };
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    file.by_ref()
        .take(SQLITE_HEADER.len() as u64)
        .read_to_end(&mut header)
        .map_err(|error| StoreError::Backend(format!("cannot read {}: {error}", path.display())))?;
    match header.as_slice() {
        [] => Err(damaged_file(
            path,
            "is empty (0 bytes): the database was truncated",
        )),
        bytes if bytes == SQLITE_HEADER => Ok(false),
        _ => Err(damaged_file(path, "is not an SQLite database")),
    }
}

/// Makes an empty database of the latest schema at `path`: under a
/// temporary name first, renamed into place once complete and synced, so
/// a crash never leaves a half-made (or empty) file under the real name.
fn create_database(data_dir: &Path, path: &Path) -> Result<(), StoreError> {
    let new = data_dir.join(NEW_DATABASE_FILE);
    for leftover in ["", "-wal", "-shm", "-journal"] {
        let leftover = PathBuf::from(format!("{}{leftover}", new.display()));
        if let Err(error) = std::fs::remove_file(&leftover)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            return Err(StoreError::Backend(format!(
                "cannot remove {}: {error}",
                leftover.display()
            )));
        }
    }
    let mut connection = connect(&new)?;
    migrate(&mut connection)?;
    // Closing the only connection checkpoints the log into the file.
    connection
        .close()
        .map_err(|(_, error)| StoreError::backend(error))?;
    let io = |error: std::io::Error| {
        StoreError::Backend(format!("cannot create {}: {error}", path.display()))
    };
    std::fs::File::open(&new)
        .and_then(|file| file.sync_all())
        .map_err(io)?;
    std::fs::rename(&new, path).map_err(io)?;
    std::fs::File::open(data_dir)
        .and_then(|dir| dir.sync_all())
        .map_err(io)?;
    tracing::info!(database = %path.display(), "created an empty article database");
    Ok(())
}

/// Writes `bytes` to a new file at `path` and syncs it.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    std::fs::write(path, bytes)
        .and_then(|()| std::fs::File::open(path)?.sync_all())
        .map_err(|error| StoreError::Backend(format!("cannot write {}: {error}", path.display())))
}

/// A connection to the database at `path` in WAL mode, fully synced.
fn connect(path: &Path) -> Result<Connection, StoreError> {
    let connection = Connection::open(path).map_err(db)?;
    let mode: String = connection
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(|error| damaged_file(path, &format!("cannot be opened ({error})")))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Backend(format!(
            "{} cannot use WAL mode (got {mode})",
            path.display()
        )));
    }
    connection
        .execute_batch(&format!(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;
             PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES};
             PRAGMA journal_size_limit = {WAL_SIZE_LIMIT_BYTES};"
        ))
        .map_err(db)?;
    Ok(connection)
}

/// Refuses a database that fails SQLite's quick structural check.
fn quick_check(connection: &Connection, path: &Path) -> Result<(), StoreError> {
    let first: String = connection
        .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
        .map_err(|error| damaged_file(path, &format!("is damaged ({error})")))?;
    if first == "ok" {
        Ok(())
    } else {
        Err(damaged_file(
            path,
            &format!("is damaged (quick_check: {first})"),
        ))
    }
}

/// The key that signs this database's page tokens, made on first use.
fn token_key(connection: &Connection) -> Result<PageTokenKey, StoreError> {
    let fresh = PageTokenKey::random_bytes().map_err(StoreError::Backend)?;
    connection
        .execute(
            "INSERT OR IGNORE INTO settings (name, value) VALUES (?1, ?2)",
            params![TOKEN_KEY_SETTING, fresh],
        )
        .map_err(db)?;
    connection
        .query_row(
            "SELECT value FROM settings WHERE name = ?1",
            [TOKEN_KEY_SETTING],
            |row| row.get(0),
        )
        .map(PageTokenKey::new)
        .map_err(db)
}

/// Applies the migrations the database has not seen yet.
fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(db)?;
    for (version, step) in pending(MIGRATIONS, version)? {
        let transaction = connection.transaction().map_err(db)?;
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

/// An article row as read, and the content hash stored with it; see
/// [`intact`].
type StoredRow = (Article, String);

fn read_article(row: &Row<'_>) -> rusqlite::Result<StoredRow> {
    let id: String = row.get(0)?;
    let id = ArticleId::parse(&id).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, error.into())
    })?;
    let article = Article {
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
    };
    Ok((article, row.get(13)?))
}

/// The article of a row read, when it is intact.
fn intact((article, content_hash): StoredRow) -> Result<Article, StoreError> {
    check_intact(article, &content_hash)
}

/// The row of the article with this id, unchecked.
fn find_row(
    transaction: &Transaction<'_>,
    id: &ArticleId,
) -> Result<Option<StoredRow>, StoreError> {
    transaction
        .query_row(
            &format!("SELECT {COLUMNS} FROM articles WHERE id = ?1"),
            [id.as_str()],
            read_article,
        )
        .optional()
        .map_err(db)
}

fn find(transaction: &Transaction<'_>, id: &ArticleId) -> Result<Option<Article>, StoreError> {
    find_row(transaction, id)?.map(intact).transpose()
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

fn insert(transaction: &Transaction<'_>, article: &Article) -> Result<(), StoreError> {
    let inserted = execute_with_article(
        transaction,
        "INSERT INTO articles (id, title, text, html, section, language, author,
             canonical_url, publish_time, create_time, update_time, revision, etag,
             content_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        article,
        &[],
    );
    match inserted {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            Err(StoreError::AlreadyExists(article.id.clone()))
        }
        Err(error) => Err(db(error)),
    }
}

/// The article a `request_id` created, if any, when the request is the
/// same; [`StoreError::RequestIdReused`] when it is not, and
/// [`StoreError::CreatedArticleDeleted`] when that article is gone.
fn replay(
    transaction: &Transaction<'_>,
    request_id: &str,
    fingerprint: &str,
) -> Result<Option<Article>, StoreError> {
    let earlier: Option<(String, String)> = transaction
        .query_row(
            "SELECT article_id, fingerprint FROM request_ids WHERE request_id = ?1",
            [request_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(db)?;
    let Some((id, stored_fingerprint)) = earlier else {
        return Ok(None);
    };
    if stored_fingerprint != fingerprint {
        return Err(StoreError::RequestIdReused(request_id.to_string()));
    }
    let id = ArticleId::parse(&id).map_err(StoreError::Damaged)?;
    match find(transaction, &id)? {
        Some(article) => Ok(Some(article)),
        None => Err(StoreError::CreatedArticleDeleted {
            request_id: request_id.to_string(),
            id,
        }),
    }
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
        .map_err(db)?
        .map(intact)
        .transpose()
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
            insert(transaction, &article)?;
            if let Some(request_id) = &request_id {
                transaction
                    .execute(
                        "INSERT INTO request_ids (request_id, fingerprint, article_id)
                         VALUES (?1, ?2, ?3)",
                        params![request_id, fingerprint, article.id],
                    )
                    .map_err(db)?;
            }
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
            write_article(transaction, &article).map_err(db)?;
            transaction
                .execute(
                    "DELETE FROM summaries WHERE article_id = ?1 AND content_hash <> ?2",
                    params![id.as_str(), article.content_hash()],
                )
                .map_err(db)?;
            Ok(article)
        })
        .await
    }

    async fn delete(&self, id: &ArticleId, expected_etag: Option<&str>) -> Result<(), StoreError> {
        let id = id.clone();
        let expected_etag = expected_etag.map(str::to_string);
        self.transaction(move |transaction| {
            // Unchecked: a damaged article can still be deleted.
            let (article, _) =
                find_row(transaction, &id)?.ok_or_else(|| StoreError::NotFound(id.clone()))?;
            check_etag(&article, expected_etag.as_deref())?;
            transaction
                .execute("DELETE FROM articles WHERE id = ?1", [id.as_str()])
                .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn list(&self, query: &ListQuery) -> Result<ArticlePage, StoreError> {
        let query = query.clone();
        self.transaction(move |transaction| {
            // Size the page first, so no more rows are read than it holds.
            let sizes = select_page(
                transaction,
                STORED_BYTES_SQL,
                &query,
                query.rows_to_fetch(),
                |row| row.get(0),
            )?;
            let rows = query.rows_in_page(&sizes);
            let limit = i64::try_from(rows).unwrap_or(i64::MAX);
            let articles = select_page(transaction, COLUMNS, &query, limit, read_article)?
                .into_iter()
                .map(intact)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ArticlePage::new(articles, sizes.len() > rows))
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
                .map_err(db)
        })
        .await
    }

    async fn put_summary(&self, key: &SummaryKey, summary: &[u8]) -> Result<(), StoreError> {
        let size = cached_bytes(key, summary);
        if !fits_cache(size) {
            return Ok(());
        }
        let key = key.clone();
        let summary = summary.to_vec();
        self.transaction(move |transaction| {
            transaction
                .execute(
                    "INSERT OR REPLACE INTO summaries
                         (article_id, content_hash, options, summary, size_bytes)
                     SELECT id, content_hash, ?3, ?4, ?5 FROM articles
                     WHERE id = ?1 AND content_hash = ?2",
                    params![
                        key.id.as_str(),
                        key.content_hash,
                        key.options,
                        summary,
                        size
                    ],
                )
                .map_err(db)?;
            transaction
                .execute(EVICT_SUMMARIES, [cache_budget()])
                .map_err(db)?;
            Ok(())
        })
        .await
    }

    fn page_token_key(&self) -> &PageTokenKey {
        &self.token_key
    }
}

/// Runs the list query of `query` for `columns` of its next `limit` rows,
/// in list order, each read by `read`.
fn select_page<T>(
    transaction: &Transaction<'_>,
    columns: &str,
    query: &ListQuery,
    limit: i64,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let after = query.after.as_ref();
    let mut statement = transaction
        .prepare_cached(&format!(
            "SELECT {columns} FROM articles
             WHERE (?1 IS NULL OR section = ?1)
               AND (?2 IS NULL OR language = ?2)
               AND (?3 IS NULL OR (publish_time, id) < (?3, ?4))
             ORDER BY publish_time DESC, id DESC
             LIMIT ?5"
        ))
        .map_err(db)?;
    statement
        .query_map(
            params![
                query.filter.section,
                query.filter.language,
                after.map(|cursor| cursor.publish_time.as_nanos()),
                after.map(|cursor| cursor.id.as_str()),
                limit,
            ],
            read,
        )
        .and_then(|rows| rows.collect())
        .map_err(db)
}
