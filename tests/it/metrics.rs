//! The Prometheus endpoint, scraped over HTTP after real calls: calls by
//! method and code, latency, in flight, shed, and summary cache hits.

use crate::common;

use common::{ARTICLE, OpenStream, TestServer, text_request};
use precis::metrics::Metrics;
use precis::proto::{Article, CreateArticleRequest, GetArticleSummaryRequest};
use precis::server::{CallLimits, ConnectionLimits, ServerConfig, serve_metrics};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The answer to `GET path` on the metrics port: status line and body.
async fn get(addr: SocketAddr, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect to metrics");
    let request = format!("GET {path} HTTP/1.1\r\nHost: metrics\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("headers and body");
    (head.lines().next().unwrap().to_string(), body.to_string())
}

fn assert_has(text: &str, line: &str) {
    assert!(
        text.lines().any(|candidate| candidate == line),
        "no line {line:?} in\n{text}"
    );
}

#[tokio::test]
async fn counters_follow_the_calls_made() {
    let metrics = Metrics::default();
    let metrics_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_addr = metrics_listener.local_addr().unwrap();
    tokio::spawn(serve_metrics(
        metrics_listener,
        metrics.clone(),
        ConnectionLimits::default(),
    ));
    let (server, _dir) = TestServer::start_with_articles(ServerConfig {
        calls: CallLimits {
            max_concurrent_requests: 2,
            ..CallLimits::default()
        },
        metrics,
        ..ServerConfig::default()
    })
    .await;
    let mut summaries = server.summary_client().await;
    let mut articles = server.article_client().await;

    for _ in 0..2 {
        summaries.summarize(text_request(ARTICLE)).await.unwrap();
    }
    summaries.summarize(text_request("   ")).await.unwrap_err();
    articles
        .create_article(CreateArticleRequest {
            article: Some(Article {
                title: "Sea wall".into(),
                text: ARTICLE.into(),
                ..Article::default()
            }),
            article_id: "sea-wall".into(),
            request_id: String::new(),
        })
        .await
        .unwrap();
    for _ in 0..2 {
        articles
            .get_article_summary(GetArticleSummaryRequest {
                name: "articles/sea-wall".into(),
                options: None,
            })
            .await
            .unwrap();
    }

    // Two open streams are in flight; quiet, they hold no place.
    let open = [
        OpenStream::open(&mut summaries).await,
        OpenStream::open(&mut summaries).await,
    ];
    // A burst past both places: some calls are shed.
    let long_article = ARTICLE.repeat(40);
    let burst: Vec<_> = (0..32)
        .map(|_| {
            let mut client = summaries.clone();
            let request = text_request(&long_article);
            tokio::spawn(async move { client.summarize(request).await })
        })
        .collect();
    let (mut served, mut shed) = (0, 0);
    for call in burst {
        match call.await.unwrap() {
            Ok(_) => served += 1,
            Err(status) => {
                assert_eq!(status.code(), tonic::Code::Unavailable, "{status:?}");
                shed += 1;
            }
        }
    }
    assert!(
        shed > 0,
        "32 calls at once against two places: some are shed"
    );

    let (status, text) = get(metrics_addr, "/metrics").await;
    assert!(status.contains("200"), "{status}");
    let summarize = "/precis.v1.SummaryService/Summarize";
    assert_has(
        &text,
        &format!(
            r#"precis_grpc_requests_total{{method="{summarize}",code="Ok"}} {}"#,
            2 + served
        ),
    );
    assert_has(
        &text,
        &format!(r#"precis_grpc_requests_total{{method="{summarize}",code="InvalidArgument"}} 1"#),
    );
    assert_has(
        &text,
        &format!(r#"precis_grpc_requests_total{{method="{summarize}",code="Unavailable"}} {shed}"#),
    );
    assert_has(
        &text,
        r#"precis_grpc_requests_total{method="/precis.v1.ArticleService/CreateArticle",code="Ok"} 1"#,
    );
    assert_has(
        &text,
        &format!(r#"precis_grpc_request_duration_seconds_count{{method="{summarize}"}} 35"#),
    );
    assert_has(&text, &format!("precis_grpc_requests_shed_total {shed}"));
    assert_has(&text, "precis_grpc_requests_in_flight 2");
    assert_has(
        &text,
        r#"precis_summary_cache_lookups_total{result="miss"} 1"#,
    );
    assert_has(
        &text,
        r#"precis_summary_cache_lookups_total{result="hit"} 1"#,
    );

    // Ended streams leave the in-flight count and are counted by their code.
    for stream in open {
        stream.finish().await;
    }
    let (_, text) = get(metrics_addr, "/metrics").await;
    assert_has(&text, "precis_grpc_requests_in_flight 0");
    assert_has(
        &text,
        r#"precis_grpc_requests_total{method="/precis.v1.SummaryService/SummarizeStream",code="Ok"} 2"#,
    );

    let (status, _) = get(metrics_addr, "/other").await;
    assert!(status.contains("404"), "{status}");
}
