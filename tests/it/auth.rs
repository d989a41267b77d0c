//! Bearer tokens: every call that changes articles needs one (UNAUTHENTICATED
//! without, PERMISSION_DENIED with a wrong one); reads stay open unless the
//! server guards them too.

use crate::common;

use common::{ARTICLE, TestServer, text_request};
use precis::proto::article_service_client::ArticleServiceClient;
use precis::proto::{
    Article, CreateArticleRequest, DeleteArticleRequest, GetArticleRequest, ListArticlesRequest,
    UpdateArticleRequest,
};
use precis::server::{Authentication, ServerConfig};
use prost_types::FieldMask;
use tempfile::TempDir;
use tonic::transport::Channel;
use tonic::{Code, Request, Status};
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

const TOKEN: &str = "correct-horse-battery-staple";

/// Who a call claims to be.
#[derive(Clone, Copy, Debug)]
enum Caller {
    Anonymous,
    Impostor,
    Trusted,
}

fn as_caller<T>(message: T, caller: Caller) -> Request<T> {
    let mut request = Request::new(message);
    let header = match caller {
        Caller::Anonymous => return request,
        Caller::Impostor => "Bearer not-the-token".to_string(),
        Caller::Trusted => format!("Bearer {TOKEN}"),
    };
    request
        .metadata_mut()
        .insert("authorization", header.parse().unwrap());
    request
}

async fn guarded_server(reads: bool) -> (TestServer, TempDir) {
    TestServer::start_with_articles(ServerConfig {
        authentication: Some(Authentication::new([TOKEN], reads)),
        ..ServerConfig::default()
    })
    .await
}

fn story() -> Article {
    Article {
        title: "Harbour town votes to build a sea wall".into(),
        text: ARTICLE.into(),
        language: "en".into(),
        ..Article::default()
    }
}

async fn create(
    client: &mut ArticleServiceClient<Channel>,
    caller: Caller,
) -> Result<Article, Status> {
    let request = CreateArticleRequest {
        article: Some(story()),
        article_id: "sea-wall".into(),
        request_id: String::new(),
    };
    Ok(client
        .create_article(as_caller(request, caller))
        .await?
        .into_inner()
        .article
        .expect("an article"))
}

async fn update(
    client: &mut ArticleServiceClient<Channel>,
    article: &Article,
    caller: Caller,
) -> Result<Article, Status> {
    let request = UpdateArticleRequest {
        article: Some(Article {
            name: article.name.clone(),
            section: "coast".into(),
            etag: article.etag.clone(),
            ..Article::default()
        }),
        update_mask: Some(FieldMask {
            paths: vec!["section".into()],
        }),
    };
    Ok(client
        .update_article(as_caller(request, caller))
        .await?
        .into_inner()
        .article
        .expect("an article"))
}

async fn delete(
    client: &mut ArticleServiceClient<Channel>,
    article: &Article,
    caller: Caller,
) -> Result<(), Status> {
    let request = DeleteArticleRequest {
        name: article.name.clone(),
        etag: article.etag.clone(),
    };
    client.delete_article(as_caller(request, caller)).await?;
    Ok(())
}

fn assert_refused<T: std::fmt::Debug>(result: Result<T, Status>, code: Code) {
    let status = result.expect_err("the call is refused");
    assert_eq!(status.code(), code, "{status:?}");
    assert!(!status.message().contains(TOKEN));
}

#[tokio::test]
async fn every_mutating_call_needs_the_token() {
    let (server, _dir) = guarded_server(false).await;
    let mut client = server.article_client().await;

    assert_refused(
        create(&mut client, Caller::Anonymous).await,
        Code::Unauthenticated,
    );
    assert_refused(
        create(&mut client, Caller::Impostor).await,
        Code::PermissionDenied,
    );
    let created = create(&mut client, Caller::Trusted).await.expect("create");

    assert_refused(
        update(&mut client, &created, Caller::Anonymous).await,
        Code::Unauthenticated,
    );
    assert_refused(
        update(&mut client, &created, Caller::Impostor).await,
        Code::PermissionDenied,
    );
    let updated = update(&mut client, &created, Caller::Trusted)
        .await
        .expect("update");
    assert_eq!(updated.section, "coast");

    assert_refused(
        delete(&mut client, &updated, Caller::Anonymous).await,
        Code::Unauthenticated,
    );
    assert_refused(
        delete(&mut client, &updated, Caller::Impostor).await,
        Code::PermissionDenied,
    );
    delete(&mut client, &updated, Caller::Trusted)
        .await
        .expect("delete");
}

#[tokio::test]
async fn a_header_that_is_not_a_bearer_token_is_unauthenticated() {
    let (server, _dir) = guarded_server(false).await;
    let mut client = server.article_client().await;
    let mut request = Request::new(CreateArticleRequest {
        article: Some(story()),
        ..CreateArticleRequest::default()
    });
    request
        .metadata_mut()
        .insert("authorization", format!("Basic {TOKEN}").parse().unwrap());
    assert_refused(client.create_article(request).await, Code::Unauthenticated);
}

#[tokio::test]
async fn reads_stay_open_by_default() {
    let (server, _dir) = guarded_server(false).await;
    let mut client = server.article_client().await;
    let created = create(&mut client, Caller::Trusted).await.expect("create");

    let read = client
        .get_article(GetArticleRequest {
            name: created.name.clone(),
        })
        .await
        .expect("an anonymous read");
    assert_eq!(read.into_inner().article.unwrap().name, created.name);
    client
        .list_articles(ListArticlesRequest::default())
        .await
        .expect("an anonymous listing");
    server
        .summary_client()
        .await
        .summarize(text_request(ARTICLE))
        .await
        .expect("an anonymous summary");
}

#[tokio::test]
async fn guarded_reads_need_the_token_but_health_stays_open() {
    let (server, _dir) = guarded_server(true).await;
    let mut articles = server.article_client().await;
    let mut summaries = server.summary_client().await;

    assert_refused(
        articles
            .list_articles(as_caller(ListArticlesRequest::default(), Caller::Anonymous))
            .await,
        Code::Unauthenticated,
    );
    assert_refused(
        summaries
            .summarize(as_caller(text_request(ARTICLE), Caller::Impostor))
            .await,
        Code::PermissionDenied,
    );
    articles
        .list_articles(as_caller(ListArticlesRequest::default(), Caller::Trusted))
        .await
        .expect("a trusted listing");
    summaries
        .summarize(as_caller(text_request(ARTICLE), Caller::Trusted))
        .await
        .expect("a trusted summary");

    HealthClient::new(server.channel().await)
        .check(HealthCheckRequest::default())
        .await
        .expect("health needs no token");
}
