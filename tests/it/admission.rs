//! Admission: calls past --max-concurrent-requests are shed at once with a
//! retry hint, every call of a flood is answered, a quiet stream holds no
//! place, and client deadlines end calls with DEADLINE_EXCEEDED.

use crate::common;

use std::time::Duration;

use common::process::ServerProcess;
use common::{ARTICLE, OpenStream, TestServer, text_request};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use precis::proto::SummarizeStreamRequest;
use precis::proto::summary_service_client::SummaryServiceClient;
use precis::server::{CallLimits, RETRY_AFTER, RequestLimits, ServerConfig};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::Code;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
use tonic_types::StatusExt;

/// Far longer than any answer on loopback takes; only a hung call reaches it.
const HANG_GUARD: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_past_the_limit_are_shed_with_a_retry_hint() {
    let server = TestServer::start(ServerConfig {
        calls: CallLimits {
            max_concurrent_requests: 1,
            ..CallLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let client = server.summary_client().await;
    let long_article = ARTICLE.repeat(40);
    let calls: Vec<_> = (0..32)
        .map(|_| {
            let mut client = client.clone();
            let request = text_request(&long_article);
            tokio::spawn(async move { client.summarize(request).await })
        })
        .collect();
    let health = HealthClient::new(server.channel().await)
        .check(HealthCheckRequest::default())
        .await
        .expect("health checks are always admitted");
    assert_eq!(health.into_inner().status, 1, "SERVING");

    let mut shed = 0;
    for call in calls {
        match tokio::time::timeout(HANG_GUARD, call)
            .await
            .unwrap()
            .unwrap()
        {
            Ok(answer) => assert!(!answer.into_inner().sentences.is_empty()),
            Err(status) => {
                assert_eq!(status.code(), Code::Unavailable, "{status:?}");
                let retry = status.get_error_details().retry_info().cloned();
                assert_eq!(
                    retry.expect("a RetryInfo hint").retry_delay,
                    Some(RETRY_AFTER)
                );
                shed += 1;
            }
        }
    }
    assert!(
        shed > 0,
        "32 calls at once against one place: some are shed"
    );

    // Every place is free again once the calls have ended.
    let mut client = client;
    client
        .summarize(text_request(ARTICLE))
        .await
        .expect("a place is free again");
}

#[tokio::test]
async fn an_open_stream_holds_a_place_only_while_it_works() {
    let server = TestServer::start(ServerConfig {
        calls: CallLimits {
            max_concurrent_requests: 1,
            ..CallLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.summary_client().await;
    // Answered, the stream waits for its next document holding no place.
    let open = OpenStream::open(&mut client).await;
    client
        .summarize(text_request(ARTICLE))
        .await
        .expect("the quiet stream leaves the place free");
    open.sender
        .send(SummarizeStreamRequest {
            request_id: "second".into(),
            request: Some(text_request(ARTICLE)),
        })
        .await
        .unwrap();
    let OpenStream {
        sender,
        mut answers,
    } = open;
    let second = answers.message().await.unwrap().expect("a second answer");
    assert_eq!(second.request_id, "second");
    drop(sender);
    assert!(answers.message().await.expect("a clean end").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_past_the_limit_is_answered_in_full() {
    // A server process of its own: its resident memory is the server's
    // alone, not that of the tests that run beside this one.
    let mut server = ServerProcess::spawn(["--max-concurrent-requests", "2"]);
    server.ready_channel("").await;
    let long_article = ARTICLE.repeat(40);
    let before = server.rss_bytes();

    let mut calls = Vec::new();
    for connection in 0..4 {
        let channel = server.endpoint.connect().await.expect("connect");
        let client = SummaryServiceClient::new(channel);
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

    let grown_kib = server.rss_bytes().saturating_sub(before) >> 10;
    assert!(
        grown_kib < 256 * 1024,
        "the server's resident memory grew by {grown_kib} KiB"
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
        calls: CallLimits {
            max_concurrent_requests: 1,
            ..CallLimits::default()
        },
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

#[tokio::test]
async fn while_draining_health_says_not_serving_and_new_calls_are_refused() {
    let mut server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let open = OpenStream::open(&mut client).await;
    server.begin_shutdown();

    // The port still answers, on new connections too, until the open
    // stream has ended.
    let mut health = HealthClient::new(server.channel().await);
    let deadline = std::time::Instant::now() + HANG_GUARD;
    loop {
        let status = health
            .check(HealthCheckRequest::default())
            .await
            .expect("health checks are answered while draining")
            .into_inner()
            .status;
        if status == 2 {
            break; // NOT_SERVING
        }
        assert!(std::time::Instant::now() < deadline, "still SERVING");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let refused = server
        .summary_client()
        .await
        .summarize(text_request(ARTICLE))
        .await
        .expect_err("no new calls while draining");
    assert_eq!(refused.code(), Code::Unavailable, "{refused:?}");
    assert!(refused.get_error_details().retry_info().is_some());

    open.finish().await;
    tokio::time::timeout(HANG_GUARD, server.stop())
        .await
        .expect("the server stops once drained")
        .expect("a clean stop");
}

#[tokio::test]
async fn a_message_larger_than_the_arrival_budget_is_refused_not_held() {
    // One place of 1 KiB: the budget for arriving messages is 1 KiB too.
    let server = TestServer::start(ServerConfig {
        calls: CallLimits {
            max_concurrent_requests: 1,
            ..CallLimits::default()
        },
        limits: RequestLimits {
            max_request_bytes: 1024,
            ..RequestLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.summary_client().await;
    let started = std::time::Instant::now();
    let status = client
        .summarize(text_request(&ARTICLE.repeat(8)))
        .await
        .expect_err("a message past --max-request-bytes");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}
