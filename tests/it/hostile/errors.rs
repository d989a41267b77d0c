//! Error answers to hostile requests: capped in size, never echoing the
//! input, with the precise status; malformed messages are the client's
//! error, not the server's.

use precis::proto::{
    Article, CreateArticleRequest, DeleteArticleRequest, ExtractArticleRequest, GetArticleRequest,
    SummarizeResponse, SummarizeStreamRequest, SummarizeStreamResponse, UpdateArticleRequest,
};
use prost_types::FieldMask;
use tonic::{Code, Status};

use crate::common::{ARTICLE, TestServer, text_request, violated_fields};

/// What a request field may hold to stay under the default 4 MiB message
/// limit, with room for the rest of the request.
const HUGE: usize = 3 * 1024 * 1024;

/// Far below grpc-core's 8 KiB soft limit on received metadata, which an
/// answer echoing its request used to break.
const MAX_ERROR_HEADER_BYTES: usize = 2048;

/// The bytes the status puts in the answer's headers (message and
/// details), checked against [`MAX_ERROR_HEADER_BYTES`].
fn assert_small(status: &Status, what: &str) {
    let details = status.details().len();
    let message = status.message().len();
    assert!(
        message + details <= MAX_ERROR_HEADER_BYTES,
        "{what}: a {message}-byte message and {details} bytes of details"
    );
}

fn huge(unit: &str) -> String {
    unit.repeat(super::scaled(20_000, HUGE) / unit.len())
}

#[tokio::test]
async fn errors_about_huge_fields_are_capped() {
    let (server, _dir) = TestServer::start_with_articles(Default::default()).await;
    let mut articles = server.article_client().await;
    let mut summaries = server.summary_client().await;

    let status = articles
        .get_article(GetArticleRequest { name: huge("x") })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert_small(&status, "an unknown name");
    let status = articles
        .get_article(GetArticleRequest {
            name: format!("articles/{}", huge("ж")),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_small(&status, "an article id of Cyrillic letters");

    let status = summaries
        .summarize(precis::proto::SummarizeRequest {
            language: huge("e"),
            ..text_request(ARTICLE)
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_small(&status, "a language code");

    let created = articles
        .create_article(CreateArticleRequest {
            article_id: "sea-wall".into(),
            article: Some(Article {
                title: "Sea wall".into(),
                text: ARTICLE.into(),
                ..Article::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("create")
        .into_inner()
        .article
        .expect("the stored article");
    let status = articles
        .delete_article(DeleteArticleRequest {
            name: created.name.clone(),
            etag: huge("\""),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Aborted, "{status:?}");
    assert_small(&status, "a stale etag");

    let status = articles
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name,
                ..Article::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec![huge("p"), "q".repeat(1000)],
            }),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_small(&status, "unknown update_mask paths");
}

/// A message whose field 1 carries bytes; on the wire it is what a
/// request whose first field is a `string` looks like.
#[derive(Clone, PartialEq, prost::Message)]
struct RawFirstField {
    #[prost(bytes = "vec", tag = "1")]
    first: Vec<u8>,
}

/// Bytes that are not UTF-8, in a field that must be a string.
fn not_utf8() -> RawFirstField {
    RawFirstField {
        first: b"The council \xff\xfe voted.".to_vec(),
    }
}

#[tokio::test]
async fn strings_that_are_not_utf8_are_invalid_arguments_on_their_field() {
    let server = TestServer::start_default().await;
    let mut grpc = tonic::client::Grpc::new(server.channel().await);
    grpc.ready().await.expect("ready");
    let status = grpc
        .unary(
            tonic::Request::new(not_utf8()),
            http::uri::PathAndQuery::from_static("/precis.v1.SummaryService/Summarize"),
            tonic_prost::ProstCodec::<RawFirstField, SummarizeResponse>::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let fields = violated_fields(&status);
    // prost names the oneof that holds the string.
    assert_eq!(fields, ["document"]);

    // In a stream, the same message ends the stream with the same status.
    let mut summaries = server.summary_client().await;
    let item = SummarizeStreamRequest {
        request_id: "fine".into(),
        request: Some(text_request(ARTICLE)),
    };
    let mut answers = summaries
        .summarize_stream(tokio_stream::iter([item]))
        .await
        .expect("stream")
        .into_inner();
    assert!(answers.message().await.expect("an answer").is_some());
    let mut grpc = tonic::client::Grpc::new(server.channel().await);
    grpc.ready().await.expect("ready");
    let answers = grpc
        .streaming(
            tonic::Request::new(tokio_stream::iter([not_utf8()])),
            http::uri::PathAndQuery::from_static("/precis.v1.SummaryService/SummarizeStream"),
            tonic_prost::ProstCodec::<RawFirstField, SummarizeStreamResponse>::default(),
        )
        .await;
    let status = match answers {
        Err(status) => status,
        Ok(answers) => answers
            .into_inner()
            .message()
            .await
            .expect_err("the stream ends with an error"),
    };
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
}

#[tokio::test]
async fn a_pages_declared_language_is_passed_on_only_when_well_formed() {
    let server = TestServer::start_default().await;
    let summaries = server.summary_client().await;
    let page = |lang: &str| ExtractArticleRequest {
        html: format!(
            "<html lang=\"{lang}\"><body><article><h1>Sea wall</h1>{}</article></body></html>",
            ARTICLE
                .split("\n\n")
                .map(|paragraph| format!("<p>{paragraph}</p>"))
                .collect::<String>()
        ),
    };
    let extracted = |request| {
        let mut summaries = summaries.clone();
        async move {
            summaries
                .extract_article(request)
                .await
                .expect("extract")
                .into_inner()
        }
    };
    let declared = extracted(page("en-GB")).await.language;
    assert!(declared.starts_with("en"), "{declared:?}");
    for hostile in [
        "x".repeat(100_000),
        "en GB; drop".into(),
        "\u{202e}ne".into(),
    ] {
        let article = extracted(page(&hostile)).await;
        let shown: String = hostile.chars().take(20).collect();
        assert!(
            article.language.is_empty(),
            "{shown:?} came back as {} bytes",
            article.language.len()
        );
    }
}
