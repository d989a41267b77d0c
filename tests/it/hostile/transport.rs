//! Connections and calls held open by hostile clients: admission that
//! cannot be starved, timeouts on every port, bounded streams and metrics.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body::Frame;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use precis::metrics::Metrics;
use precis::proto::SummarizeStreamRequest;
use precis::server::{CallLimits, ConnectionLimits, ServerConfig, Tls, serve_metrics};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_stream::wrappers::ReceiverStream;
use tonic::Code;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use super::{full_size, scaled};
use crate::common::process::{ServerProcess, free_port};
use crate::common::{ARTICLE, OpenStream, TestServer, text_request};

/// Far longer than any bound tested here; only a hung case reaches it.
const HANG_GUARD: Duration = Duration::from_secs(60);

type Chunk = Result<Frame<Bytes>, Infallible>;
type HeldBody = StreamBody<ReceiverStream<Chunk>>;
type RawClient = Client<HttpConnector, HeldBody>;

/// A plain HTTP/2 client on one connection, which sends request bodies
/// only as the test feeds them.
fn raw_client() -> RawClient {
    Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build_http()
}

/// A call to `path` whose body is `sent` and then kept open (the call's
/// answer, and the sender that keeps the body open).
fn held_call(
    client: &RawClient,
    addr: SocketAddr,
    path: &str,
    sent: &[u8],
) -> (
    JoinHandle<Result<http::Response<Incoming>, String>>,
    mpsc::Sender<Chunk>,
) {
    let (sender, receiver) = mpsc::channel(4);
    if !sent.is_empty() {
        sender
            .try_send(Ok(Frame::data(Bytes::copy_from_slice(sent))))
            .unwrap();
    }
    let request = http::Request::post(format!("http://{addr}{path}"))
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(StreamBody::new(ReceiverStream::new(receiver)))
        .unwrap();
    let client = client.clone();
    let answer =
        tokio::spawn(async move { client.request(request).await.map_err(|e| e.to_string()) });
    (answer, sender)
}

/// A complete call of `path` with an empty message, answered (a health
/// check, or any method).
async fn raw_call(client: &RawClient, addr: SocketAddr, path: &str) -> http::Response<Incoming> {
    let (answer, sender) = held_call(client, addr, path, &[0, 0, 0, 0, 0]);
    drop(sender);
    tokio::time::timeout(HANG_GUARD, answer)
        .await
        .expect("an answer")
        .unwrap()
        .expect("an HTTP answer")
}

/// The status of a trailers-only answer, if it is one.
fn header_status(response: &http::Response<Incoming>) -> Option<String> {
    response
        .headers()
        .get("grpc-status")
        .map(|code| code.to_str().unwrap().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_calls_of_every_kind_leave_the_service_free() {
    let limit = scaled(8, CallLimits::default().max_concurrent_requests);
    let arrival_timeout = Duration::from_secs(scaled(10, 5));
    let server = TestServer::start(ServerConfig {
        calls: CallLimits {
            max_concurrent_requests: limit,
            arrival_timeout,
            ..CallLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;

    // Streams that never send, and streams that sent one document and
    // went quiet.
    let mut silent = server.summary_client().await;
    let mut held_streams = Vec::new();
    for _ in 0..limit {
        let (sender, receiver) = mpsc::channel::<SummarizeStreamRequest>(1);
        let answers = silent
            .summarize_stream(ReceiverStream::new(receiver))
            .await
            .expect("a stream is open before it sends");
        held_streams.push((sender, answers));
    }
    let mut quiet = server.summary_client().await;
    let mut quiet_streams = Vec::new();
    for _ in 0..limit {
        quiet_streams.push(OpenStream::open(&mut quiet).await);
    }

    // Unary calls that sent their headers and no body, or part of one.
    let (headers_only, partial) = (raw_client(), raw_client());
    let summarize = "/precis.v1.SummaryService/Summarize";
    let mut held_calls = Vec::new();
    for _ in 0..limit {
        held_calls.push(held_call(&headers_only, server.addr, summarize, &[]));
        // A message announced as 100 bytes, of which 10 are sent.
        let part = [&[0, 0, 0, 0, 100][..], &[b'x'; 10]].concat();
        held_calls.push(held_call(&partial, server.addr, summarize, &part));
    }
    // Answered on the same connections, after the held calls' headers.
    for client in [&headers_only, &partial] {
        let check = raw_call(client, server.addr, "/grpc.health.v1.Health/Check").await;
        assert_eq!(header_status(&check), None, "a health check is served");
    }

    let started = Instant::now();
    let answer = server
        .summary_client()
        .await
        .summarize(text_request(ARTICLE))
        .await
        .expect("idle calls leave the service free");
    let took = started.elapsed();
    assert!(!answer.into_inner().sentences.is_empty());
    if full_size() {
        eprintln!("Summarize beside {} idle calls: {took:?}", 4 * limit);
    }
    let bound = Duration::from_secs(scaled(3, 1));
    assert!(
        took < bound,
        "a call took {took:?} beside {} idle calls",
        4 * limit
    );

    // Calls whose message never arrives end at the arrival timeout.
    for (answer, _sender) in held_calls {
        let answer = tokio::time::timeout(arrival_timeout + HANG_GUARD, answer)
            .await
            .expect("the arrival timeout ends the call")
            .unwrap()
            .expect("an HTTP answer");
        assert_eq!(
            header_status(&answer).as_deref(),
            Some("4"),
            "DEADLINE_EXCEEDED"
        );
    }
    drop(held_streams);
    for stream in quiet_streams {
        stream.finish().await;
    }
}

#[tokio::test]
async fn watch_and_reflection_streams_have_a_limit_of_their_own() {
    let max_watch_streams = 4;
    let server = TestServer::start(ServerConfig {
        calls: CallLimits {
            max_watch_streams,
            ..CallLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    let mut health = HealthClient::new(server.channel().await);
    let mut watching = Vec::new();
    for _ in 0..max_watch_streams {
        let watch = health.watch(HealthCheckRequest::default()).await;
        watching.push(watch.expect("a watch within the limit").into_inner());
    }
    let refused = health
        .watch(HealthCheckRequest::default())
        .await
        .expect_err("a watch past the limit");
    assert_eq!(refused.code(), Code::Unavailable, "{refused:?}");

    let check = health.check(HealthCheckRequest::default()).await;
    assert_eq!(check.expect("checks need no place").into_inner().status, 1);
    server
        .summary_client()
        .await
        .summarize(text_request(ARTICLE))
        .await
        .expect("watches take no place from the service's calls");

    // A watch that ends gives its place back.
    drop(watching.pop());
    let deadline = Instant::now() + HANG_GUARD;
    while health.watch(HealthCheckRequest::default()).await.is_err() {
        assert!(
            Instant::now() < deadline,
            "the ended watch's place was not freed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn calls_open_past_the_bound_are_shed_until_one_ends() {
    let max_open_calls = scaled(16, CallLimits::default().max_open_calls);
    let server = TestServer::start(ServerConfig {
        calls: CallLimits {
            max_open_calls,
            ..CallLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    // Silent streams, a hundred to a connection (the stream limit).
    let mut silent = Vec::new();
    let mut client = server.summary_client().await;
    for opened in 0..max_open_calls {
        if opened % 100 == 0 {
            client = server.summary_client().await;
        }
        let (sender, receiver) = mpsc::channel::<SummarizeStreamRequest>(1);
        let answers = client
            .summarize_stream(ReceiverStream::new(receiver))
            .await
            .expect("a stream within the bound");
        silent.push((sender, answers));
    }
    let mut fresh = server.summary_client().await;
    let shed = fresh
        .summarize(text_request(ARTICLE))
        .await
        .expect_err("a call past the bound");
    assert_eq!(shed.code(), Code::Unavailable, "{shed:?}");

    drop(silent.pop());
    let deadline = Instant::now() + HANG_GUARD;
    while fresh.summarize(text_request(ARTICLE)).await.is_err() {
        assert!(
            Instant::now() < deadline,
            "the ended stream's place was not freed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_watches_on_one_connection_cost_little_memory() {
    let watches = scaled(2_000, 20_000);
    let data = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::spawn_sqlite(data.path(), &[]);
    let channel = server.ready_channel("").await;
    let before = server.rss_bytes();

    let calls: Vec<_> = (0..watches)
        .map(|_| {
            let mut health = HealthClient::new(channel.clone());
            tokio::spawn(async move {
                let watch = health.watch(HealthCheckRequest::default()).await;
                watch.map(|stream| stream.into_inner())
            })
        })
        .collect();
    let (mut open, mut shed) = (Vec::new(), 0);
    for call in calls {
        match tokio::time::timeout(HANG_GUARD, call)
            .await
            .unwrap()
            .unwrap()
        {
            Ok(stream) => open.push(stream),
            Err(status) => {
                assert_eq!(status.code(), Code::Unavailable, "{status:?}");
                shed += 1;
            }
        }
    }
    let max_watch_streams = CallLimits::default().max_watch_streams;
    assert_eq!(open.len(), max_watch_streams, "{shed} shed");
    let grown = server.rss_bytes().saturating_sub(before);
    if full_size() {
        eprintln!(
            "{watches} Health/Watch calls on one connection: {} open, {shed} shed, RSS +{} KiB",
            open.len(),
            grown / 1024
        );
    }
    assert!(grown < 32 << 20, "RSS grew by {grown} bytes");
    HealthClient::new(channel)
        .check(HealthCheckRequest::default())
        .await
        .expect("health still answers");
}

/// Reads until the server closes `stream`, and says how long that took.
async fn closed_after(mut stream: TcpStream, opened: Instant) -> Duration {
    let mut buffer = [0; 4096];
    let read_to_end = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(HANG_GUARD, read_to_end)
        .await
        .expect("the server closes the connection");
    opened.elapsed()
}

/// A self-signed certificate for `localhost`, as (certificate, key) PEM.
fn server_certificate() -> (String, String) {
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    (cert.pem(), signing_key.serialize_pem())
}

#[tokio::test]
async fn connections_that_carry_no_call_are_closed_on_every_port() {
    let limits = ConnectionLimits {
        handshake_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(1200),
        ..ConnectionLimits::default()
    };
    let (server, _articles) = TestServer::start_with_reader(ServerConfig {
        connections: limits,
        ..ServerConfig::default()
    })
    .await;
    let (certificate, key) = server_certificate();
    let tls_server = TestServer::start(ServerConfig {
        connections: limits,
        tls: Some(Tls::from_pem(certificate, key, None)),
        ..ServerConfig::default()
    })
    .await;
    let metrics_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_addr = metrics_listener.local_addr().unwrap();
    tokio::spawn(serve_metrics(metrics_listener, Metrics::default(), limits));

    // Bare connections that send nothing, TLS ones included.
    let ports = [
        ("gRPC", server.addr),
        ("web", server.reader()),
        ("metrics", metrics_addr),
        ("TLS gRPC", tls_server.addr),
    ];
    for (port, addr) in ports {
        let opened = Instant::now();
        let stream = TcpStream::connect(addr).await.unwrap();
        let after = closed_after(stream, opened).await;
        assert!(
            after >= limits.handshake_timeout / 2
                && after < limits.handshake_timeout + HANG_GUARD / 10,
            "an idle {port} connection closed after {after:?}"
        );
    }

    // Request headers trickled a byte at a time.
    let opened = Instant::now();
    let stream = TcpStream::connect(server.reader()).await.unwrap();
    let (mut reading, mut writing) = stream.into_split();
    let trickle = tokio::spawn(async move {
        let headers = b"GET / HTTP/1.1\r\nHost: reader\r\n".repeat(1000);
        for byte in headers {
            if writing.write_all(&[byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut buffer = [0; 64];
    let closed = tokio::time::timeout(HANG_GUARD, async {
        while let Ok(read) = reading.read(&mut buffer).await {
            if read == 0 {
                break;
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "a trickling client is cut off");
    assert!(opened.elapsed() < limits.handshake_timeout + HANG_GUARD / 10);
    trickle.abort();

    // An HTTP/2 connection after its call, for the idle timeout.
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .unwrap();
    let connection = tokio::spawn(connection);
    let check = http::Request::post(format!(
        "http://{}/grpc.health.v1.Health/Check",
        server.addr
    ))
    .header("content-type", "application/grpc")
    .header("te", "trailers")
    .body(Full::new(Bytes::from_static(&[0, 0, 0, 0, 0])))
    .unwrap();
    let answer = sender.send_request(check).await.unwrap();
    answer
        .into_body()
        .collect()
        .await
        .expect("the whole answer");
    let answered = Instant::now();
    tokio::time::timeout(HANG_GUARD, connection)
        .await
        .expect("the server closes the idle connection")
        .unwrap()
        .ok();
    let after = answered.elapsed();
    assert!(
        after >= limits.idle_timeout / 2,
        "an HTTP/2 connection closed after {after:?}, before its idle timeout"
    );

    // A kept-alive connection after its call, for the idle timeout.
    let mut stream = TcpStream::connect(server.reader()).await.unwrap();
    stream
        .write_all(b"GET /assets/app.css HTTP/1.1\r\nHost: reader\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0; 12];
    stream.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let answered = Instant::now();
    let after = closed_after(stream, answered).await;
    assert!(
        after >= limits.idle_timeout / 2,
        "a kept-alive connection closed after {after:?}, before its idle timeout"
    );
}

#[tokio::test]
async fn metrics_stay_small_whatever_paths_clients_call() {
    let metrics = Metrics::default();
    let server = TestServer::start(ServerConfig {
        metrics: metrics.clone(),
        ..ServerConfig::default()
    })
    .await;
    let client = raw_client();
    let paths = scaled(500, 5_000);
    for batch in (0..paths).collect::<Vec<_>>().chunks(50) {
        let calls = batch.iter().map(|index| {
            let client = client.clone();
            let path = format!("/hostile.Made{index}/Up{index}");
            async move { raw_call(&client, server.addr, &path).await }
        });
        for answer in futures_util::future::join_all(calls).await {
            assert_eq!(
                header_status(&answer).as_deref(),
                Some("12"),
                "UNIMPLEMENTED"
            );
        }
    }
    let page = metrics.render();
    if full_size() {
        eprintln!(
            "/metrics after {paths} invented paths: {} bytes",
            page.len()
        );
    }
    assert!(page.len() < 100_000, "/metrics is {} bytes", page.len());
    assert!(!page.contains("hostile.Made"), "{page}");
    assert!(
        page.contains(&format!(
            r#"precis_grpc_requests_total{{method="unknown",code="Unimplemented"}} {paths}"#
        )),
        "{page}"
    );
}

/// The body of `GET /metrics` on `addr`.
async fn scrape(addr: SocketAddr) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_cannot_exhaust_the_servers_files() {
    // The server starts with a soft limit of 512 open files and raises it
    // to its hard limit, 1024; each port then holds at most (1024 - 64) / 3.
    let (soft, hard) = (512, 1024);
    let per_port = (hard - 64) / 3;
    let connections = scaled(400, 1_100);
    let data = tempfile::tempdir().unwrap();
    let (web_port, metrics_port) = (free_port(), free_port());
    let mut server = ServerProcess::spawn_with_open_file_limits(
        soft,
        hard,
        [
            "--data-dir".to_string(),
            data.path().display().to_string(),
            "--web-addr".into(),
            format!("127.0.0.1:{web_port}"),
            "--metrics-addr".into(),
            format!("127.0.0.1:{metrics_port}"),
            "--handshake-timeout-seconds".into(),
            "3".into(),
        ],
    );
    let channel = server.ready_channel("").await;
    assert_eq!(server.open_file_limit(), hard, "the soft limit is raised");
    let before = server.open_files();

    let mut idle = Vec::with_capacity(connections);
    for _ in 0..connections {
        idle.push(TcpStream::connect(("127.0.0.1", web_port)).await.unwrap());
    }
    let started = Instant::now();
    let answer = precis::proto::summary_service_client::SummaryServiceClient::new(channel)
        .summarize(text_request(ARTICLE))
        .await
        .expect("calls go on beside idle connections");
    assert!(!answer.into_inner().sentences.is_empty());
    assert!(started.elapsed() < Duration::from_secs(scaled(5, 1)));
    let held = server.open_files();
    assert!(
        held <= before + per_port as usize + 8,
        "{held} files open with {connections} idle connections (from {before})"
    );
    let page = scrape(SocketAddr::from(([127, 0, 0, 1], metrics_port))).await;
    let refused = page
        .lines()
        .find_map(|line| line.strip_prefix(r#"precis_connections_refused_total{port="web"} "#))
        .and_then(|count| count.trim().parse::<usize>().ok())
        .unwrap_or(0);
    assert!(
        refused >= connections - per_port as usize,
        "{refused} refused of {connections}"
    );

    // The handshake timeout closes the rest.
    let deadline = Instant::now() + HANG_GUARD;
    while server.open_files() > before + 4 {
        assert!(
            Instant::now() < deadline,
            "idle connections were not closed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if full_size() {
        eprintln!("{connections} idle connections: {held} files open at most, {refused} refused");
    }
}
