//! The shared backend: one PostgreSQL database that several replicas of
//! the server use at once.
//!
//! Same schema, ordering, tokens, etags and hashes as the SQLite backend
//! (times are nanoseconds in `bigint`, ids compare bytewise under the "C"
//! collation), so a client cannot tell them apart.
//!
//! Concurrency between replicas rests on PostgreSQL, at READ COMMITTED:
//! - create is one `INSERT ... ON CONFLICT DO NOTHING`: of two replicas
//!   inserting the same id or `request_id`, one wins and the other sees the
//!   winner's row and replays it (same request) or refuses;
//! - update and delete lock the row (`SELECT ... FOR UPDATE`) before the
//!   etag check, so a second writer waits and then sees the first's etag;
//! - a create with a `request_id` first inserts the key (`ON CONFLICT DO
//!   NOTHING`), so of two replicas retrying one request one wins and the
//!   other waits for it, then replays its article;
//! - put_summary holds a share lock on the article version it summarized,
//!   so an update either waits for it or has already made it a no-op.
//!
//! Every row read is checked against the hashes stored with it; the
//! database's own integrity (page checksums, backups) is PostgreSQL's.
//!
//! Commits are durable as PostgreSQL's `synchronous_commit` makes them (on
//! by default). Connections come from a deadpool pool. The schema is
//! migrated at start under a transaction-scoped advisory lock, so replicas
//! starting together migrate once.

use std::time::Duration;

use async_trait::async_trait;
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};

use super::error::{check_content, check_etag, check_intact};
use super::migration::pending;
use super::page::STORED_BYTES_SQL;
use super::summary_cache::{EVICT_SUMMARIES, cache_budget, cached_bytes, fits_cache};
use super::{
    Article, ArticleContent, ArticleId, ArticlePage, ArticlePatch, ArticleStore, ListQuery,
    Neighbours, NewArticle, PageTokenKey, StoreError, SummaryKey, Timestamp,
};

/// Schema steps; the `precis_schema_migrations` table lists those applied.
/// Append new steps, never edit old ones.
const MIGRATIONS: &[&str] = &[
    // 1: articles, with the idempotency key of the request that created
    // each, and the summary cache.
    r#"CREATE TABLE articles (
        id text COLLATE "C" PRIMARY KEY,
        title text NOT NULL,
        text text NOT NULL,
        html text NOT NULL,
        section text NOT NULL,
        language text NOT NULL,
        author text NOT NULL,
        canonical_url text NOT NULL,
        publish_time bigint NOT NULL,
        create_time bigint NOT NULL,
        update_time bigint NOT NULL,
        revision bigint NOT NULL,
        etag text NOT NULL,
        content_hash text NOT NULL,
        request_id text UNIQUE,
        request_fingerprint text
    );
    CREATE INDEX articles_by_time ON articles (publish_time, id);
    CREATE INDEX articles_by_section ON articles (section, publish_time, id);
    CREATE TABLE summaries (
        article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        content_hash text NOT NULL,
        options text NOT NULL,
        summary bytea NOT NULL,
        PRIMARY KEY (article_id, content_hash, options)
    );"#,
    // 2: as in SQLite: summaries in insertion order with their size, for
    // eviction past a byte budget (the old rows are a cache and dropped);
    // request ids apart from articles, so a retry after a delete is
    // recognised (the old columns stay, unused); settings for the key
    // that signs page tokens.
    r#"DROP TABLE summaries;
    CREATE TABLE summaries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        content_hash text NOT NULL,
        options text NOT NULL,
        summary bytea NOT NULL,
        size_bytes bigint NOT NULL,
        UNIQUE (article_id, content_hash, options)
    );
    CREATE TABLE request_ids (
        request_id text PRIMARY KEY,
        fingerprint text NOT NULL,
        article_id text COLLATE "C" NOT NULL
    );
    INSERT INTO request_ids (request_id, fingerprint, article_id)
        SELECT request_id, request_fingerprint, id FROM articles
        WHERE request_id IS NOT NULL;
    UPDATE articles SET request_id = NULL, request_fingerprint = NULL
        WHERE request_id IS NOT NULL;
    CREATE TABLE settings (
        name text PRIMARY KEY,
        value bytea NOT NULL
    );"#,
];

/// The settings row of the page token key.
const TOKEN_KEY_SETTING: &str = "page_token_key";

/// First key of the advisory lock held while migrating; the second is the
/// schema's name, so replicas of one schema take turns and others do not.
const MIGRATION_LOCK: i32 = 0x7072_6563; // "prec"

/// An article's columns, then its stored content hash.
const COLUMNS: &str = "id, title, text, html, section, language, author, canonical_url, \
     publish_time, create_time, update_time, revision, etag, content_hash";

/// How long a call waits for a pooled connection, or for a new one.
const POOL_TIMEOUT: Duration = Duration::from_secs(10);

/// Articles in a PostgreSQL database, over a pool of connections.
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    token_key: PageTokenKey,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("pool", &self.pool.status())
            .finish()
    }
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`,
    /// with libpq's `options=-csearch_path%3Dschema` to pick a schema) with
    /// up to `pool_size` connections, and migrates the schema to the latest
    /// version.
    pub async fn connect(url: &str, pool_size: usize) -> Result<PostgresStore, StoreError> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|error| StoreError::Backend(format!("invalid database URL: {error}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(pool_size.max(1))
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(POOL_TIMEOUT))
            .create_timeout(Some(POOL_TIMEOUT))
            .build()
            .map_err(StoreError::backend)?;
        let token_key = migrate(&pool).await?;
        Ok(PostgresStore { pool, token_key })
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, StoreError> {
        client(&self.pool).await
    }
}

async fn client(pool: &Pool) -> Result<deadpool_postgres::Client, StoreError> {
    pool.get().await.map_err(|error| with_causes(&error))
}

/// Applies the migrations the schema has not seen yet, all in one
/// transaction under the advisory lock, and returns the key that signs
/// page tokens (made by the first replica to start).
async fn migrate(pool: &Pool) -> Result<PageTokenKey, StoreError> {
    let mut client = client(pool).await?;
    let transaction = client.transaction().await.map_err(StoreError::backend)?;
    transaction
        .execute(
            "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))",
            &[&MIGRATION_LOCK],
        )
        .await
        .map_err(StoreError::backend)?;
    transaction
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS precis_schema_migrations (
                    version bigint PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )",
        )
        .await
        .map_err(StoreError::backend)?;
    let version: i64 = transaction
        .query_one(
            "SELECT coalesce(max(version), 0) FROM precis_schema_migrations",
            &[],
        )
        .await
        .map_err(StoreError::backend)?
        .try_get(0)
        .map_err(StoreError::backend)?;
    for (version, step) in pending(MIGRATIONS, version)? {
        transaction.batch_execute(step).await.map_err(|error| {
            StoreError::Backend(format!("schema migration {version} failed: {error}"))
        })?;
        transaction
            .execute(
                "INSERT INTO precis_schema_migrations (version) VALUES ($1)",
                &[&version],
            )
            .await
            .map_err(StoreError::backend)?;
        tracing::info!(version, "applied schema migration");
    }
    let fresh = PageTokenKey::random_bytes().map_err(StoreError::Backend)?;
    transaction
        .execute(
            "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&TOKEN_KEY_SETTING, &fresh],
        )
        .await
        .map_err(StoreError::backend)?;
    let key: Vec<u8> = transaction
        .query_one(
            "SELECT value FROM settings WHERE name = $1",
            &[&TOKEN_KEY_SETTING],
        )
        .await
        .map_err(StoreError::backend)?
        .try_get(0)
        .map_err(StoreError::backend)?;
    transaction.commit().await.map_err(StoreError::backend)?;
    Ok(PageTokenKey::new(key))
}

/// A backend error that says why: a pool error alone reads "error
/// connecting to server", its causes say "connection refused".
fn with_causes(error: &dyn std::error::Error) -> StoreError {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        let reason = error.to_string();
        if !text.contains(&reason) {
            text = format!("{text}: {reason}");
        }
        cause = error.source();
    }
    StoreError::Backend(text)
}

/// The article of a row, when it is intact.
fn read_article(row: &Row) -> Result<Article, StoreError> {
    let (article, content_hash) = read_row(row)?;
    check_intact(article, &content_hash)
}

/// The article of a row as read, and the content hash stored with it.
fn read_row(row: &Row) -> Result<(Article, String), StoreError> {
    let id: String = row.try_get(0).map_err(StoreError::backend)?;
    let column = |index| row.try_get::<_, String>(index).map_err(StoreError::backend);
    let nanos = |index| {
        row.try_get::<_, i64>(index)
            .map(Timestamp::from_nanos)
            .map_err(StoreError::backend)
    };
    let article = Article {
        id: ArticleId::parse(&id).map_err(StoreError::Damaged)?,
        content: ArticleContent {
            title: column(1)?,
            text: column(2)?,
            html: column(3)?,
            section: column(4)?,
            language: column(5)?,
            author: column(6)?,
            canonical_url: column(7)?,
        },
        publish_time: nanos(8)?,
        create_time: nanos(9)?,
        update_time: nanos(10)?,
        revision: row.try_get(11).map_err(StoreError::backend)?,
        etag: column(12)?,
    };
    Ok((article, column(13)?))
}

fn read_articles(rows: &[Row]) -> Result<Vec<Article>, StoreError> {
    rows.iter().map(read_article).collect()
}

/// The article with this id; `lock` takes its row for update until the
/// transaction ends.
async fn load(
    client: &impl GenericClient,
    id: &ArticleId,
    lock: bool,
) -> Result<Article, StoreError> {
    read_article(&load_row(client, id, lock).await?)
}

/// The row of the article with this id, unchecked; `lock` as in [`load`].
async fn load_row(
    client: &impl GenericClient,
    id: &ArticleId,
    lock: bool,
) -> Result<Row, StoreError> {
    let lock = if lock { "FOR UPDATE" } else { "" };
    client
        .query_opt(
            &format!("SELECT {COLUMNS} FROM articles WHERE id = $1 {lock}"),
            &[&id.as_str()],
        )
        .await
        .map_err(StoreError::backend)?
        .ok_or_else(|| StoreError::NotFound(id.clone()))
}

/// The article a `request_id` created, if any, when the request is the
/// same; [`StoreError::RequestIdReused`] when it is not, and
/// [`StoreError::CreatedArticleDeleted`] when that article is gone.
async fn replay(
    client: &impl GenericClient,
    request_id: &str,
    fingerprint: &str,
) -> Result<Option<Article>, StoreError> {
    let row = client
        .query_opt(
            "SELECT article_id, fingerprint FROM request_ids WHERE request_id = $1",
            &[&request_id],
        )
        .await
        .map_err(StoreError::backend)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id: String = row.try_get(0).map_err(StoreError::backend)?;
    let stored: String = row.try_get(1).map_err(StoreError::backend)?;
    if stored != fingerprint {
        return Err(StoreError::RequestIdReused(request_id.to_string()));
    }
    let id = ArticleId::parse(&id).map_err(StoreError::Damaged)?;
    match load(client, &id, false).await {
        Ok(article) => Ok(Some(article)),
        Err(StoreError::NotFound(id)) => Err(StoreError::CreatedArticleDeleted {
            request_id: request_id.to_string(),
            id,
        }),
        Err(error) => Err(error),
    }
}

/// A statement's parameter.
type Param<'a> = &'a (dyn ToSql + Sync);

/// Runs `statement`, whose parameters `$1` to `$14` are the article's
/// columns (id, the content fields, the three times, revision, etag,
/// content hash), followed by `extra`; the rows it changed.
async fn execute_with_article(
    client: &impl GenericClient,
    statement: &str,
    article: &Article,
    extra: &[Param<'_>],
) -> Result<u64, StoreError> {
    let id = article.id.as_str();
    let fields = article.content.fields();
    let times = [
        article.publish_time.as_nanos(),
        article.create_time.as_nanos(),
        article.update_time.as_nanos(),
    ];
    let content_hash = article.content_hash();
    let mut params: Vec<Param<'_>> = vec![&id];
    params.extend(fields.iter().map(|field| field as Param<'_>));
    params.extend([
        &times[0] as Param<'_>,
        &times[1],
        &times[2],
        &article.revision,
        &article.etag,
        &content_hash,
    ]);
    params.extend_from_slice(extra);
    client
        .execute(statement, &params)
        .await
        .map_err(StoreError::backend)
}

/// Inserts `article` unless its id is taken; whether it did.
async fn insert(client: &impl GenericClient, article: &Article) -> Result<bool, StoreError> {
    let inserted = execute_with_article(
        client,
        "INSERT INTO articles (id, title, text, html, section, language, author,
             canonical_url, publish_time, create_time, update_time, revision, etag,
             content_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT DO NOTHING",
        article,
        &[],
    )
    .await?;
    Ok(inserted == 1)
}

/// Records that `request_id` creates `id`, unless another request holds
/// the key (waiting for it to commit or roll back); whether it did.
async fn claim_request_id(
    client: &impl GenericClient,
    request_id: &str,
    fingerprint: &str,
    id: &ArticleId,
) -> Result<bool, StoreError> {
    let claimed = client
        .execute(
            "INSERT INTO request_ids (request_id, fingerprint, article_id)
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&request_id, &fingerprint, &id.as_str()],
        )
        .await
        .map_err(StoreError::backend)?;
    Ok(claimed == 1)
}

/// Writes every column of `article` but its idempotency key.
async fn write_article(client: &impl GenericClient, article: &Article) -> Result<(), StoreError> {
    execute_with_article(
        client,
        "UPDATE articles SET title = $2, text = $3, html = $4, section = $5, language = $6,
             author = $7, canonical_url = $8, publish_time = $9, create_time = $10,
             update_time = $11, revision = $12, etag = $13, content_hash = $14
         WHERE id = $1",
        article,
        &[],
    )
    .await?;
    Ok(())
}

/// The nearest article of `article`'s section before it (`before`) or
/// after it in (publish time, id) order.
async fn neighbour(
    client: &impl GenericClient,
    article: &Article,
    before: bool,
) -> Result<Option<Article>, StoreError> {
    let (comparison, order) = if before { ("<", "DESC") } else { (">", "ASC") };
    let row = client
        .query_opt(
            &format!(
                "SELECT {COLUMNS} FROM articles
                 WHERE section = $1 AND (publish_time, id) {comparison} ($2, $3)
                 ORDER BY publish_time {order}, id {order} LIMIT 1"
            ),
            &[
                &article.content.section,
                &article.publish_time.as_nanos(),
                &article.id.as_str(),
            ],
        )
        .await
        .map_err(StoreError::backend)?;
    row.as_ref().map(read_article).transpose()
}

#[async_trait]
impl ArticleStore for PostgresStore {
    async fn create(&self, new: NewArticle) -> Result<Article, StoreError> {
        check_content(&new.content)?;
        let mut client = self.client().await?;
        let fingerprint = new.fingerprint();
        let request_id = new.request_id.clone();
        if let Some(request_id) = &request_id
            && let Some(earlier) = replay(&client, request_id, &fingerprint).await?
        {
            return Ok(earlier);
        }
        let article = new.into_article(Timestamp::now());
        let transaction = client.transaction().await.map_err(StoreError::backend)?;
        if let Some(request_id) = &request_id
            && !claim_request_id(&transaction, request_id, &fingerprint, &article.id).await?
        {
            // Another replica's request with this key committed first; this
            // statement sees its row.
            drop(transaction);
            return match replay(&client, request_id, &fingerprint).await? {
                Some(earlier) => Ok(earlier),
                None => Err(StoreError::Backend(format!(
                    "request_id {request_id:?} was claimed and then vanished"
                ))),
            };
        }
        if !insert(&transaction, &article).await? {
            return Err(StoreError::AlreadyExists(article.id));
        }
        transaction.commit().await.map_err(StoreError::backend)?;
        Ok(article)
    }

    async fn get(&self, id: &ArticleId) -> Result<Article, StoreError> {
        let client = self.client().await?;
        load(&client, id, false).await
    }

    async fn update(
        &self,
        id: &ArticleId,
        patch: ArticlePatch,
        expected_etag: Option<&str>,
    ) -> Result<Article, StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(StoreError::backend)?;
        let mut article = load(&transaction, id, true).await?;
        check_etag(&article, expected_etag)?;
        article.apply(patch, Timestamp::now());
        check_content(&article.content)?;
        write_article(&transaction, &article).await?;
        transaction
            .execute(
                "DELETE FROM summaries WHERE article_id = $1 AND content_hash <> $2",
                &[&id.as_str(), &article.content_hash()],
            )
            .await
            .map_err(StoreError::backend)?;
        transaction.commit().await.map_err(StoreError::backend)?;
        Ok(article)
    }

    async fn delete(&self, id: &ArticleId, expected_etag: Option<&str>) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(StoreError::backend)?;
        // Unchecked: a damaged article can still be deleted.
        let (article, _) = read_row(&load_row(&transaction, id, true).await?)?;
        check_etag(&article, expected_etag)?;
        transaction
            .execute("DELETE FROM articles WHERE id = $1", &[&id.as_str()])
            .await
            .map_err(StoreError::backend)?;
        transaction.commit().await.map_err(StoreError::backend)
    }

    async fn list(&self, query: &ListQuery) -> Result<ArticlePage, StoreError> {
        let mut client = self.client().await?;
        // One snapshot for sizing the page and reading it.
        let transaction = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(StoreError::backend)?;
        // Size the page first, so no more rows are read than it holds.
        let sizes = select_page(&transaction, STORED_BYTES_SQL, query, query.rows_to_fetch())
            .await?
            .iter()
            .map(|row| row.try_get(0).map_err(StoreError::backend))
            .collect::<Result<Vec<i64>, _>>()?;
        let rows = query.rows_in_page(&sizes);
        let limit = i64::try_from(rows).unwrap_or(i64::MAX);
        let articles = read_articles(&select_page(&transaction, COLUMNS, query, limit).await?)?;
        transaction.commit().await.map_err(StoreError::backend)?;
        Ok(ArticlePage::new(articles, sizes.len() > rows))
    }

    async fn adjacent(&self, id: &ArticleId) -> Result<Neighbours, StoreError> {
        let mut client = self.client().await?;
        // One snapshot for the article and both neighbours.
        let transaction = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(StoreError::backend)?;
        let article = load(&transaction, id, false).await?;
        let neighbours = Neighbours {
            previous: neighbour(&transaction, &article, true).await?,
            next: neighbour(&transaction, &article, false).await?,
        };
        transaction.commit().await.map_err(StoreError::backend)?;
        Ok(neighbours)
    }

    async fn summary(&self, key: &SummaryKey) -> Result<Option<Vec<u8>>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT summary FROM summaries
                 WHERE article_id = $1 AND content_hash = $2 AND options = $3",
                &[&key.id.as_str(), &key.content_hash, &key.options],
            )
            .await
            .map_err(StoreError::backend)?;
        row.map(|row| row.try_get(0).map_err(StoreError::backend))
            .transpose()
    }

    async fn put_summary(&self, key: &SummaryKey, summary: &[u8]) -> Result<(), StoreError> {
        let size = cached_bytes(key, summary);
        if !fits_cache(size) {
            return Ok(());
        }
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(StoreError::backend)?;
        let current = transaction
            .query_opt(
                "SELECT 1 FROM articles WHERE id = $1 AND content_hash = $2 FOR SHARE",
                &[&key.id.as_str(), &key.content_hash],
            )
            .await
            .map_err(StoreError::backend)?;
        if current.is_none() {
            return Ok(());
        }
        transaction
            .execute(
                "INSERT INTO summaries (article_id, content_hash, options, summary, size_bytes)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (article_id, content_hash, options)
                 DO UPDATE SET summary = EXCLUDED.summary, size_bytes = EXCLUDED.size_bytes",
                &[
                    &key.id.as_str(),
                    &key.content_hash,
                    &key.options,
                    &summary,
                    &size,
                ],
            )
            .await
            .map_err(StoreError::backend)?;
        transaction
            .execute(EVICT_SUMMARIES, &[&cache_budget()])
            .await
            .map_err(StoreError::backend)?;
        transaction.commit().await.map_err(StoreError::backend)
    }

    fn page_token_key(&self) -> &PageTokenKey {
        &self.token_key
    }
}

/// Runs the list query of `query` for `columns` of its next `limit` rows,
/// in list order.
async fn select_page(
    client: &impl GenericClient,
    columns: &str,
    query: &ListQuery,
    limit: i64,
) -> Result<Vec<Row>, StoreError> {
    let after = query.after.as_ref();
    let statement = client
        .prepare_cached(&format!(
            "SELECT {columns} FROM articles
             WHERE ($1::text IS NULL OR section = $1)
               AND ($2::text IS NULL OR language = $2)
               AND ($3::bigint IS NULL OR (publish_time, id) < ($3, $4::text))
             ORDER BY publish_time DESC, id DESC
             LIMIT $5"
        ))
        .await
        .map_err(StoreError::backend)?;
    client
        .query(
            &statement,
            &[
                &query.filter.section,
                &query.filter.language,
                &after.map(|cursor| cursor.publish_time.as_nanos()),
                &after.map(|cursor| cursor.id.as_str()),
                &limit,
            ],
        )
        .await
        .map_err(StoreError::backend)
}
