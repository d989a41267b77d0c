//! SummarizeStream: one answer per request, in order, errors kept per item.

use crate::common;

use common::{ARTICLE, TestServer, text_request};
use precis::proto::summarize_stream_response::Result as ItemResult;
use precis::proto::{SummarizeRequest, SummarizeStreamRequest, summarize_request::Length};
use precis::server::{RequestLimits, ServerConfig};
use tokio_stream::StreamExt;
use tonic::Code;

fn item(id: &str, request: SummarizeRequest) -> SummarizeStreamRequest {
    SummarizeStreamRequest {
        request_id: id.to_string(),
        request: Some(request),
    }
}

#[tokio::test]
async fn answers_come_in_request_order_with_errors_in_place() {
    let server = TestServer::start(ServerConfig {
        limits: RequestLimits {
            stream_concurrency: 4,
            ..RequestLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.summary_client().await;

    let mut requests = Vec::new();
    for n in 0..40 {
        let id = format!("doc-{n}");
        let request = match n % 10 {
            3 => text_request("   "),
            7 => SummarizeRequest {
                length: Some(Length::Ratio(2.0)),
                ..text_request(ARTICLE)
            },
            // Documents of very different lengths finish out of order.
            _ => SummarizeRequest {
                length: Some(Length::Sentences(1 + n % 3)),
                ..text_request(&ARTICLE.repeat(1 + (n as usize % 5) * 20))
            },
        };
        requests.push(item(&id, request));
    }
    requests.push(SummarizeStreamRequest {
        request_id: "missing".into(),
        request: None,
    });

    let responses: Vec<_> = client
        .summarize_stream(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("the stream ends cleanly");

    assert_eq!(responses.len(), 41);
    for (n, response) in responses.iter().take(40).enumerate() {
        assert_eq!(response.request_id, format!("doc-{n}"));
        match (n % 10, response.result.as_ref().unwrap()) {
            (3, ItemResult::Error(error)) => {
                assert_eq!(error.code, Code::InvalidArgument as i32);
                assert_eq!(error.field_violations[0].field, "request.text");
            }
            (7, ItemResult::Error(error)) => {
                assert_eq!(error.code, Code::InvalidArgument as i32);
                assert_eq!(error.field_violations[0].field, "request.ratio");
            }
            (_, ItemResult::Response(summary)) => assert_eq!(summary.sentences.len(), 1 + n % 3),
            (_, other) => panic!("doc-{n}: unexpected {other:?}"),
        }
    }
    let Some(ItemResult::Error(missing)) = &responses[40].result else {
        panic!("missing request must fail")
    };
    assert_eq!(missing.field_violations[0].field, "request");
}

#[tokio::test]
async fn stream_answers_match_unary_answers() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let request = SummarizeRequest {
        length: Some(Length::Sentences(2)),
        ..text_request(ARTICLE)
    };
    let unary = client
        .summarize(request.clone())
        .await
        .unwrap()
        .into_inner();
    let mut stream = client
        .summarize_stream(tokio_stream::iter([item("only", request)]))
        .await
        .unwrap()
        .into_inner();
    let streamed = stream.next().await.unwrap().unwrap();
    assert_eq!(streamed.result, Some(ItemResult::Response(unary)));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_oversized_message_ends_the_stream_with_resource_exhausted() {
    let server = TestServer::start(ServerConfig {
        limits: RequestLimits {
            max_request_bytes: 16 * 1024,
            ..RequestLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.summary_client().await;
    let requests = [
        item("small", text_request(ARTICLE)),
        item("huge", text_request(&ARTICLE.repeat(50))),
    ];
    let mut stream = client
        .summarize_stream(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.request_id, "small");
    let error = stream
        .next()
        .await
        .unwrap()
        .expect_err("the oversized message fails the stream");
    assert_eq!(error.code(), Code::ResourceExhausted);
}

#[tokio::test]
async fn a_stream_past_its_item_limit_ends_resource_exhausted() {
    let server = TestServer::start(ServerConfig {
        limits: RequestLimits {
            max_stream_items: 3,
            ..RequestLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.summary_client().await;
    let requests: Vec<_> = (0..5)
        .map(|n| item(&format!("doc-{n}"), text_request(ARTICLE)))
        .collect();
    let mut answers = client
        .summarize_stream(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();

    for n in 0..3 {
        let answer = answers
            .next()
            .await
            .expect("an answer")
            .expect("within the limit");
        assert_eq!(answer.request_id, format!("doc-{n}"));
        assert!(matches!(answer.result, Some(ItemResult::Response(_))));
    }
    let status = answers
        .next()
        .await
        .expect("the stream ends with a status")
        .expect_err("the fourth document is past the limit");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    let details = tonic_types::StatusExt::get_error_details(&status);
    let info = details.error_info().expect("ErrorInfo");
    assert_eq!(info.reason, "TOO_MANY_STREAM_ITEMS");
    assert_eq!(info.metadata["limit_items"], "3");
    assert!(answers.next().await.is_none(), "nothing follows the status");
}
