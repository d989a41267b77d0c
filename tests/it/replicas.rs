//! Two real `precis serve` processes on one PostgreSQL schema behave as one
//! service: what is written through one replica is read, listed,
//! navigated and summarized through the other. Runs when
//! `PRECIS_TEST_DATABASE_URL` is set, like `postgres_store`.

use crate::common;
use crate::postgres_schema;

use common::ARTICLE;
use common::process::ServerProcess;
use postgres_schema::Schema;
use precis::proto::article_service_client::ArticleServiceClient;
use precis::proto::summarize_request::Length;
use precis::proto::{
    Article, CreateArticleRequest, GetAdjacentArticlesRequest, GetArticleRequest,
    GetArticleSummaryRequest, ListArticlesRequest, SummarizeRequest, UpdateArticleRequest,
};
use prost_types::{FieldMask, Timestamp};
use tonic::transport::Channel;

type Client = ArticleServiceClient<Channel>;

/// One `precis serve` on the shared database.
fn spawn_replica(database_url: &str) -> ServerProcess {
    ServerProcess::spawn(["--database-url", database_url, "--database-pool-size", "4"])
}

/// An ArticleService client, once health reports the service SERVING.
async fn client(replica: &mut ServerProcess) -> Client {
    ArticleServiceClient::new(replica.ready_channel("precis.v1.ArticleService").await)
}

fn story(title: &str, section: &str, seconds: i64) -> Article {
    Article {
        title: title.to_string(),
        text: ARTICLE.to_string(),
        section: section.to_string(),
        language: "en".to_string(),
        publish_time: Some(Timestamp {
            seconds: 1_780_000_000 + seconds,
            nanos: 0,
        }),
        ..Article::default()
    }
}

async fn create(client: &mut Client, id: &str, article: Article) -> Article {
    client
        .create_article(CreateArticleRequest {
            article: Some(article),
            article_id: id.to_string(),
            request_id: format!("create-{id}"),
        })
        .await
        .expect("create")
        .into_inner()
        .article
        .expect("article")
}

async fn list_page(client: &mut Client, page_token: String) -> (Vec<String>, String) {
    let page = client
        .list_articles(ListArticlesRequest {
            page_size: 2,
            page_token,
            section: "local".into(),
            language: String::new(),
        })
        .await
        .expect("list")
        .into_inner();
    let names = page.articles.into_iter().map(|a| a.name).collect();
    (names, page.next_page_token)
}

async fn summary(client: &mut Client, name: &str) -> (String, String) {
    let reply = client
        .get_article_summary(GetArticleSummaryRequest {
            name: name.to_string(),
            options: Some(SummarizeRequest {
                length: Some(Length::Sentences(2)),
                ..SummarizeRequest::default()
            }),
        })
        .await
        .expect("summary")
        .into_inner();
    (reply.summary.expect("summary").summary, reply.etag)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_written_through_one_replica_is_served_by_the_other() {
    let Some(schema) = Schema::create().await else {
        return;
    };
    // Both start (and migrate) at once.
    let mut replicas = [spawn_replica(&schema.url), spawn_replica(&schema.url)];
    // Dropped before `schema`: the replicas stop before their schema goes.
    let mut writer = client(&mut replicas[0]).await;
    let mut reader = client(&mut replicas[1]).await;

    let older = create(&mut writer, "harbour-older", story("Older", "local", 0)).await;
    let created = create(&mut writer, "harbour-wall", story("Sea wall", "local", 10)).await;
    let newer = create(&mut writer, "harbour-newer", story("Newer", "local", 20)).await;
    create(&mut writer, "match-report", story("Match", "sport", 15)).await;

    // Read.
    let read = reader
        .get_article(GetArticleRequest {
            name: created.name.clone(),
        })
        .await
        .expect("get through the other replica")
        .into_inner()
        .article;
    assert_eq!(read.as_ref(), Some(&created));

    // Listed, a page token from one replica continuing on the other.
    let (first, token) = list_page(&mut reader, String::new()).await;
    assert_eq!(first, [newer.name.as_str(), created.name.as_str()]);
    let (second, last) = list_page(&mut writer, token).await;
    assert_eq!(second, [older.name.as_str()]);
    assert!(last.is_empty());

    // Navigated.
    let neighbours = reader
        .get_adjacent_articles(GetAdjacentArticlesRequest {
            name: created.name.clone(),
        })
        .await
        .expect("adjacent")
        .into_inner();
    assert_eq!(neighbours.previous.map(|a| a.name), Some(older.name));
    assert_eq!(neighbours.next.map(|a| a.name), Some(newer.name));

    // Summarized, alike through both.
    let (through_reader, etag) = summary(&mut reader, &created.name).await;
    assert!(!through_reader.is_empty());
    assert_eq!(etag, created.etag);
    assert_eq!(summary(&mut writer, &created.name).await.0, through_reader);

    // An update through one replica is what the other summarizes next, and
    // the old etag is stale on both.
    let updated = reader
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name.clone(),
                text: "The council delayed the sea wall. Engineers will report in May.".into(),
                etag: created.etag.clone(),
                ..Article::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["text".into()],
            }),
        })
        .await
        .expect("update through the other replica")
        .into_inner()
        .article
        .expect("article");
    let (after_update, etag) = summary(&mut writer, &created.name).await;
    assert_eq!(etag, updated.etag);
    assert_ne!(after_update, through_reader);
    let stale = writer
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name.clone(),
                author: "Late writer".into(),
                etag: created.etag.clone(),
                ..Article::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["author".into()],
            }),
        })
        .await
        .expect_err("a stale etag");
    assert_eq!(stale.code(), tonic::Code::Aborted, "{stale:?}");
}
