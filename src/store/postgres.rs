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
//! - put_summary holds a share lock on the article version it summarized,
//!   so an update either waits for it or has already made it a no-op.
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

use super::error::{check_content, check_etag};
use super::migration::pending;
use super::{
    Article, ArticleContent, ArticleId, ArticlePage, ArticlePatch, ArticleStore, ListQuery,
    Neighbours, NewArticle, StoreError, SummaryKey, Timestamp,
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
];

/// First key of the advisory lock held while migrating; the second is the
/// schema's name, so replicas of one schema take turns and others do not.
const MIGRATION_LOCK: i32 = 0x7072_6563; // "prec"

const COLUMNS: &str = "id, title, text, html, section, language, author, canonical_url, \
     publish_time, create_time, update_time, revision, etag";

/// How long a call waits for a pooled connection, or for a new one.
const POOL_TIMEOUT: Duration = Duration::from_secs(10);

/// Articles in a PostgreSQL database, over a pool of connections.
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
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
        let store = PostgresStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, StoreError> {
        self.pool.get().await.map_err(|error| with_causes(&error))
    }

    /// Applies the migrations the schema has not seen yet, all in one
    /// transaction under the advisory lock.
    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.client().await?;
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
        transaction.commit().await.map_err(StoreError::backend)
    }
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

fn read_article(row: &Row) -> Result<Article, StoreError> {
    let id: String = row.try_get(0).map_err(StoreError::backend)?;
    let column = |index| row.try_get::<_, String>(index).map_err(StoreError::backend);
    let nanos = |index| {
        row.try_get::<_, i64>(index)
            .map(Timestamp::from_nanos)
            .map_err(StoreError::backend)
    };
    Ok(Article {
        id: ArticleId::parse(&id).map_err(StoreError::Backend)?,
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
    })
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
    let lock = if lock { "FOR UPDATE" } else { "" };
    let row = client
        .query_opt(
            &format!("SELECT {COLUMNS} FROM articles WHERE id = $1 {lock}"),
            &[&id.as_str()],
        )
        .await
        .map_err(StoreError::backend)?;
    match row {
        Some(row) => read_article(&row),
        None => Err(StoreError::NotFound(id.clone())),
    }
}

/// The article a `request_id` created, if any, when the request is the
/// same; [`StoreError::RequestIdReused`] when it is not.
async fn replay(
    client: &impl GenericClient,
    request_id: &str,
    fingerprint: &str,
) -> Result<Option<Article>, StoreError> {
    let row = client
        .query_opt(
            &format!("SELECT {COLUMNS}, request_fingerprint FROM articles WHERE request_id = $1"),
            &[&request_id],
        )
        .await
        .map_err(StoreError::backend)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let stored: Option<String> = row.try_get(13).map_err(StoreError::backend)?;
    if stored.as_deref() != Some(fingerprint) {
        return Err(StoreError::RequestIdReused(request_id.to_string()));
    }
    read_article(&row).map(Some)
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

/// Inserts `article` unless its id or `request_id` is taken; whether it
/// did.
async fn insert(
    client: &impl GenericClient,
    article: &Article,
    request_id: Option<&str>,
    fingerprint: &str,
) -> Result<bool, StoreError> {
    let fingerprint = request_id.map(|_| fingerprint);
    let inserted = execute_with_article(
        client,
        "INSERT INTO articles (id, title, text, html, section, language, author,
             canonical_url, publish_time, create_time, update_time, revision, etag,
             content_hash, request_id, request_fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT DO NOTHING",
        article,
        &[&request_id, &fingerprint],
    )
    .await?;
    Ok(inserted == 1)
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
        let client = self.client().await?;
        let fingerprint = new.fingerprint();
        let request_id = new.request_id.clone();
        if let Some(request_id) = &request_id
            && let Some(earlier) = replay(&client, request_id, &fingerprint).await?
        {
            return Ok(earlier);
        }
        let article = new.into_article(Timestamp::now());
        if insert(&client, &article, request_id.as_deref(), &fingerprint).await? {
            return Ok(article);
        }
        // Another request took the id or the request_id first; this
        // statement sees its committed row.
        if let Some(request_id) = &request_id
            && let Some(earlier) = replay(&client, request_id, &fingerprint).await?
        {
            return Ok(earlier);
        }
        Err(StoreError::AlreadyExists(article.id))
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
        let article = load(&transaction, id, true).await?;
        check_etag(&article, expected_etag)?;
        transaction
            .execute("DELETE FROM articles WHERE id = $1", &[&id.as_str()])
            .await
            .map_err(StoreError::backend)?;
        transaction.commit().await.map_err(StoreError::backend)
    }

    async fn list(&self, query: &ListQuery) -> Result<ArticlePage, StoreError> {
        let client = self.client().await?;
        let after = query.after.as_ref();
        let limit = query.rows_to_fetch();
        let statement = client
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM articles
                 WHERE ($1::text IS NULL OR section = $1)
                   AND ($2::text IS NULL OR language = $2)
                   AND ($3::bigint IS NULL OR (publish_time, id) < ($3, $4::text))
                 ORDER BY publish_time DESC, id DESC
                 LIMIT $5"
            ))
            .await
            .map_err(StoreError::backend)?;
        let rows = client
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
            .map_err(StoreError::backend)?;
        let articles = read_articles(&rows)?;
        Ok(ArticlePage::from_rows(articles, query))
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
                "INSERT INTO summaries (article_id, content_hash, options, summary)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (article_id, content_hash, options)
                 DO UPDATE SET summary = EXCLUDED.summary",
                &[&key.id.as_str(), &key.content_hash, &key.options, &summary],
            )
            .await
            .map_err(StoreError::backend)?;
        transaction.commit().await.map_err(StoreError::backend)
    }
}
