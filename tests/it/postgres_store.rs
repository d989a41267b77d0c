//! The article store conformance suite on the PostgreSQL backend, each
//! test in a fresh schema of `PRECIS_TEST_DATABASE_URL`; and what only a
//! shared database shows: replicas migrating at once, and writers in two
//! processes' pools contending for one etag.

use crate::postgres_schema;
use crate::store_conformance::article_store_conformance;

use std::sync::Arc;

use postgres_schema::Schema;
use precis::store::{
    ArticleContent, ArticleId, ArticlePatch, ArticleStore, Cursor, ListFilter, NewArticle,
    PostgresStore, StoreError, Timestamp, decode_token, encode_token,
};

/// Connections per store in these tests.
const POOL_SIZE: usize = 4;

async fn fresh_store() -> Option<(Arc<dyn ArticleStore>, Schema)> {
    let schema = Schema::create().await?;
    let store = PostgresStore::connect(&schema.url, POOL_SIZE)
        .await
        .expect("connect to PostgreSQL");
    Some((Arc::new(store), schema))
}

article_store_conformance!(fresh_store);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_starting_together_migrate_once() {
    let Some(schema) = Schema::create().await else {
        return;
    };
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = schema.url.clone();
            tokio::spawn(async move { PostgresStore::connect(&url, 1).await })
        })
        .collect();
    for start in starts {
        start.await.expect("task").expect("connect and migrate");
    }
    let (client, connection) = tokio_postgres::connect(&schema.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let versions: Vec<i64> = client
        .query(
            "SELECT version FROM precis_schema_migrations ORDER BY version",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(versions, [1, 2]);

    // A schema from a newer server is refused rather than misread.
    client
        .execute(
            "INSERT INTO precis_schema_migrations (version) VALUES (99)",
            &[],
        )
        .await
        .unwrap();
    let error = PostgresStore::connect(&schema.url, 1).await.unwrap_err();
    assert!(error.to_string().contains("schema version 99"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_of_many_writers_with_the_same_etag_wins_across_stores() {
    let Some(schema) = Schema::create().await else {
        return;
    };
    let replicas = [
        PostgresStore::connect(&schema.url, POOL_SIZE)
            .await
            .unwrap(),
        PostgresStore::connect(&schema.url, POOL_SIZE)
            .await
            .unwrap(),
    ];
    let created = replicas[0]
        .create(NewArticle {
            id: Some(ArticleId::parse("contended").unwrap()),
            request_id: None,
            content: ArticleContent {
                title: "Ferry timetable".into(),
                text: "The ferry runs hourly from May.".into(),
                ..ArticleContent::default()
            },
            publish_time: None,
        })
        .await
        .unwrap();
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let store = replicas[writer % 2].clone();
            let (id, etag) = (created.id.clone(), created.etag.clone());
            tokio::spawn(async move {
                let patch = ArticlePatch {
                    author: Some(format!("writer {writer}")),
                    ..ArticlePatch::default()
                };
                store.update(&id, patch, Some(&etag)).await
            })
        })
        .collect();
    let mut winners = Vec::new();
    for writer in writers {
        match writer.await.expect("task") {
            Ok(article) => winners.push(article),
            Err(StoreError::EtagMismatch { .. }) => {}
            Err(error) => panic!("unexpected {error:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let stored = replicas[1].get(&created.id).await.unwrap();
    assert_eq!(stored, winners[0]);
    assert_eq!(stored.revision, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_changed_behind_the_store_is_refused_and_can_be_deleted() {
    let Some(schema) = Schema::create().await else {
        return;
    };
    let store = PostgresStore::connect(&schema.url, POOL_SIZE)
        .await
        .unwrap();
    let created = store
        .create(NewArticle {
            id: Some(ArticleId::parse("altered").unwrap()),
            request_id: None,
            content: ArticleContent {
                title: "Harbour".into(),
                text: "The harbour wall held.".into(),
                ..ArticleContent::default()
            },
            publish_time: None,
        })
        .await
        .unwrap();
    postgres_schema::execute(&schema.url, "UPDATE articles SET text = 'Something else.'").await;
    let error = store.get(&created.id).await.unwrap_err();
    assert!(matches!(error, StoreError::Damaged(_)), "{error:?}");
    store
        .delete(&created.id, Some(&created.etag))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_sign_page_tokens_with_one_key() {
    let Some(schema) = Schema::create().await else {
        return;
    };
    let first = PostgresStore::connect(&schema.url, 1).await.unwrap();
    let second = PostgresStore::connect(&schema.url, 1).await.unwrap();
    let cursor = Cursor {
        publish_time: Timestamp::from_nanos(0),
        id: ArticleId::parse("a").unwrap(),
    };
    let filter = ListFilter::default();
    let token = encode_token(&cursor, &filter, first.page_token_key());
    assert_eq!(
        decode_token(&token, &filter, second.page_token_key()),
        Ok(cursor)
    );
}
