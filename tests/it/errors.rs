//! Every bad request gets a precise status and names the field at fault.

use crate::common;

use common::{ARTICLE, TestServer, text_request, violated_fields};
use precis::proto::{ErrorReason, SummarizeRequest, summarize_request::Length};
use precis::server::{RequestLimits, ServerConfig};
use precis::summarize::Limits;
use tonic::Code;
use tonic_types::StatusExt;

async fn status_of(server: &TestServer, request: SummarizeRequest) -> tonic::Status {
    let mut client = server.summary_client().await;
    client
        .summarize(request)
        .await
        .expect_err("the request must be refused")
}

#[tokio::test]
async fn bad_fields_are_invalid_argument_with_a_violation() {
    let server = TestServer::start_default().await;
    let cases: Vec<(&str, SummarizeRequest, &str)> = vec![
        ("no document", SummarizeRequest::default(), "text"),
        ("empty text", text_request(""), "text"),
        ("whitespace only", text_request(" \n\t \n"), "text"),
        (
            "only punctuation and emoji",
            text_request("?!… 🙂🙂 — ***"),
            "text",
        ),
        (
            "zero sentences",
            SummarizeRequest {
                length: Some(Length::Sentences(0)),
                ..text_request(ARTICLE)
            },
            "sentences",
        ),
        (
            "zero words",
            SummarizeRequest {
                length: Some(Length::Words(0)),
                ..text_request(ARTICLE)
            },
            "words",
        ),
        (
            "ratio 0",
            SummarizeRequest {
                length: Some(Length::Ratio(0.0)),
                ..text_request(ARTICLE)
            },
            "ratio",
        ),
        (
            "ratio above 1",
            SummarizeRequest {
                length: Some(Length::Ratio(1.01)),
                ..text_request(ARTICLE)
            },
            "ratio",
        ),
        (
            "ratio NaN",
            SummarizeRequest {
                length: Some(Length::Ratio(f64::NAN)),
                ..text_request(ARTICLE)
            },
            "ratio",
        ),
        (
            "negative ratio",
            SummarizeRequest {
                length: Some(Length::Ratio(-0.5)),
                ..text_request(ARTICLE)
            },
            "ratio",
        ),
        (
            "unknown language",
            SummarizeRequest {
                language: "xx".into(),
                ..text_request(ARTICLE)
            },
            "language",
        ),
        (
            "malformed language",
            SummarizeRequest {
                language: "english".into(),
                ..text_request(ARTICLE)
            },
            "language",
        ),
        (
            "unknown format",
            SummarizeRequest {
                format: 42,
                ..text_request(ARTICLE)
            },
            "format",
        ),
        (
            "unknown algorithm",
            SummarizeRequest {
                algorithm: -3,
                ..text_request(ARTICLE)
            },
            "algorithm",
        ),
    ];
    for (case, request, field) in cases {
        let status = status_of(&server, request).await;
        assert_eq!(status.code(), Code::InvalidArgument, "{case}: {status:?}");
        assert_eq!(violated_fields(&status), [field], "{case}");
        assert!(!status.message().is_empty(), "{case}: an English message");
    }
}

#[tokio::test]
async fn all_problems_of_a_request_are_reported_together() {
    let server = TestServer::start_default().await;
    let request = SummarizeRequest {
        language: "zz".into(),
        length: Some(Length::Sentences(0)),
        ..text_request("  ")
    };
    let status = status_of(&server, request).await;
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violated_fields(&status), ["text", "language", "sentences"]);
}

#[tokio::test]
async fn a_document_over_the_limit_is_resource_exhausted() {
    let config = ServerConfig {
        limits: RequestLimits {
            document: Limits {
                max_document_bytes: 200,
                ..Limits::default()
            },
            ..RequestLimits::default()
        },
        ..ServerConfig::default()
    };
    let server = TestServer::start(config).await;
    let status = status_of(&server, text_request(ARTICLE)).await;
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert_eq!(violated_fields(&status), ["text"]);
    let details = status.get_error_details();
    let info = details.error_info().expect("ErrorInfo");
    assert_eq!(info.reason, "DOCUMENT_TOO_LARGE");
    // What a client does: the reason names a value of the proto enum.
    assert_eq!(
        ErrorReason::from_str_name(&format!("ERROR_REASON_{}", info.reason)),
        Some(ErrorReason::DocumentTooLarge)
    );
    assert_eq!(info.metadata["limit_bytes"], "200");
    assert_eq!(info.metadata["size_bytes"], ARTICLE.len().to_string());
}

#[tokio::test]
async fn a_request_over_the_maximum_size_is_resource_exhausted() {
    let config = ServerConfig {
        limits: RequestLimits {
            max_request_bytes: 64 * 1024,
            ..RequestLimits::default()
        },
        ..ServerConfig::default()
    };
    let server = TestServer::start(config).await;
    let huge = ARTICLE.repeat(100);
    let status = status_of(&server, text_request(&huge)).await;
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");

    // The server is still healthy afterwards.
    let mut client = server.summary_client().await;
    assert!(client.summarize(text_request(ARTICLE)).await.is_ok());
}

#[tokio::test]
async fn the_default_request_limit_is_four_mebibytes() {
    let server = TestServer::start_default().await;
    let just_over = "word ".repeat(4 * 1024 * 1024 / 5 + 10);
    let status = status_of(&server, text_request(&just_over)).await;
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
}
