//! Admission: calls past --max-concurrent-requests are shed at once with a
//! retry hint, every call of a flood is answered, and client deadlines end
//! calls with DEADLINE_EXCEEDED.

mod common;

use std::time::Duration;

use common::{ARTICLE, OpenStream, TestServer, text_request};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use precis::proto::SummarizeStreamRequest;
use precis::proto::summary_service_client::SummaryServiceClient;
use precis::server::{RETRY_AFTER, ServerConfig};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::Code;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
use tonic_types::StatusExt;

/// Far longer than any answer on loopback takes; only a hung call reaches it.
const HANG_GUARD: Duration = Duration::from_secs(60);

#[tokio::test]
async fn calls_past_the_limit_are_shed_with_a_retry_hint() {
    let server = TestServer::start(ServerConfig {
        max_concurrent_requests: 2,
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.summary_client().await;
    let first = OpenStream::open(&mut client).await;
    let _second = OpenStream::open(&mut client).await;

    let shed = client
        .summarize(text_request(ARTICLE))
        .await
        .expect_err("a third call is past the limit");
    assert_eq!(shed.code(), Code::Unavailable, "{shed:?}");
    let retry = shed
        .get_error_details()
        .retry_info()
        .cloned()
        .expect("a RetryInfo hint");
    assert_eq!(retry.retry_delay, Some(RETRY_AFTER));

    let health = HealthClient::new(server.channel().await)
        .check(HealthCheckRequest::default())
        .await
        .expect("health checks are always admitted");
    assert_eq!(health.into_inner().status, 1, "SERVING");

    // Ending one stream frees its place before its end reaches the client.
    first.finish().await;
    let admitted = client
        .summarize(text_request(ARTICLE))
        .await
        .expect("a place is free again");
    assert!(!admitted.into_inner().sentences.is_empty());
}

/// The resident set of this process (server and clients), in KiB.
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .expect("a VmRSS line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_past_the_limit_is_answered_in_full() {
    let server = TestServer::start(ServerConfig {
        max_concurrent_requests: 2,
        ..ServerConfig::default()
    })
    .await;
    let long_article = ARTICLE.repeat(40);
    let before = resident_kib();

    let mut calls = Vec::new();
    for connection in 0..4 {
        let client = server.summary_client().await;
        for call in 0..32 {
            let mut client = client.clone();
            let request = text_request(&long_article);
            calls.push(tokio::spawn(async move {
                let answer = tokio::time::timeout(HANG_GUARD, client.summarize(request)).await;
                (connection, call, answer)
            }));
        }
    }
    let (mut served, mut shed) = (0, 0);
    for call in calls {
        let (connection, call, answer) = call.await.unwrap();
        let answer = answer.unwrap_or_else(|_| panic!("call {connection}/{call} hung"));
        match answer {
            Ok(response) => {
                assert!(!response.into_inner().sentences.is_empty());
                served += 1;
            }
            Err(status) => {
                assert_eq!(status.code(), Code::Unavailable, "{status:?}");
                assert!(status.get_error_details().retry_info().is_some());
                shed += 1;
            }
        }
    }
    assert_eq!(served + shed, 128);
    assert!(served >= 1, "the server kept serving under load");

    let grown_kib = resident_kib().saturating_sub(before);
    assert!(
        grown_kib < 256 * 1024,
        "resident memory grew by {grown_kib} KiB"
    );
}

/// A client over a plain HTTP/2 connection: unlike a tonic channel, it
/// does not enforce `grpc-timeout` itself, so what it sees is the server's
/// answer.
fn client_without_local_deadline(server: &TestServer) -> SummaryServiceClient<PlainHttp2> {
    let http2 = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build_http();
    let origin = format!("http://{}", server.addr).parse().unwrap();
    SummaryServiceClient::with_origin(http2, origin)
}

type PlainHttp2 = hyper_util::client::legacy::Client<HttpConnector, tonic::body::Body>;

#[tokio::test]
async fn a_call_past_its_deadline_is_deadline_exceeded() {
    let server = TestServer::start_default().await;
    let mut client = client_without_local_deadline(&server);
    let mut request = tonic::Request::new(text_request(&ARTICLE.repeat(40)));
    request.set_timeout(Duration::from_nanos(1));
    let status = client
        .summarize(request)
        .await
        .expect_err("no answer can be ready within a nanosecond");
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");

    let mut request = tonic::Request::new(text_request(ARTICLE));
    request.set_timeout(Duration::from_secs(30));
    client
        .summarize(request)
        .await
        .expect("a generous deadline is met");
}

#[tokio::test]
async fn a_stream_outliving_its_deadline_ends_deadline_exceeded() {
    let server = TestServer::start(ServerConfig {
        max_concurrent_requests: 1,
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.summary_client().await;
    let (sender, receiver) = mpsc::channel::<SummarizeStreamRequest>(1);
    let mut request = tonic::Request::new(ReceiverStream::new(receiver));
    request.set_timeout(Duration::from_millis(200));
    let mut answers = client.summarize_stream(request).await.unwrap().into_inner();

    // The client never ends its stream; the deadline does.
    let end = tokio::time::timeout(HANG_GUARD, answers.message())
        .await
        .expect("the deadline ends the stream");
    let status = end.expect_err("the stream ends in an error");
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    drop(sender);

    // The stream's place is free again.
    client
        .summarize(text_request(ARTICLE))
        .await
        .expect("the expired stream no longer holds its place");
}
