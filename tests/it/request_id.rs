//! Every answer carries its call's request id: the client's own when it
//! sends a usable one, else a fresh UUID, refused calls included.

use crate::common;

use common::{ARTICLE, TestServer, text_request};
use precis::proto::CreateArticleRequest;
use precis::server::{Authentication, REQUEST_ID_HEADER, ServerConfig};
use tonic::Request;

fn with_id<T>(message: T, id: &str) -> Request<T> {
    let mut request = Request::new(message);
    request
        .metadata_mut()
        .insert(REQUEST_ID_HEADER, id.parse().unwrap());
    request
}

#[tokio::test]
async fn the_clients_id_is_echoed_and_a_missing_one_generated() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;

    let answer = client
        .summarize(with_id(text_request(ARTICLE), "newsroom-7f3a"))
        .await
        .unwrap();
    assert_eq!(
        answer.metadata().get(REQUEST_ID_HEADER).unwrap(),
        "newsroom-7f3a"
    );

    let mut ids = Vec::new();
    for _ in 0..2 {
        let answer = client.summarize(text_request(ARTICLE)).await.unwrap();
        let id = answer
            .metadata()
            .get(REQUEST_ID_HEADER)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        uuid::Uuid::parse_str(&id).expect("a generated UUID");
        ids.push(id);
    }
    assert_ne!(ids[0], ids[1], "each call has its own id");

    let failed = client
        .summarize(with_id(text_request(" "), "bad-input-1"))
        .await
        .unwrap_err();
    assert_eq!(
        failed.metadata().get(REQUEST_ID_HEADER).unwrap(),
        "bad-input-1"
    );
}

#[tokio::test]
async fn refused_calls_carry_the_id_too() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig {
        authentication: Some(Authentication::new(["a-token"], false)),
        ..ServerConfig::default()
    })
    .await;
    let refused = server
        .article_client()
        .await
        .create_article(with_id(CreateArticleRequest::default(), "unsigned-9"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::Unauthenticated);
    assert_eq!(
        refused.metadata().get(REQUEST_ID_HEADER).unwrap(),
        "unsigned-9"
    );
}
