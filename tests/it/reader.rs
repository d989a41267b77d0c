//! The reader page's port and gRPC-Web, over real HTTP/1.1 requests as a
//! browser makes them: the page's files, gRPC-Web calls answered as gRPC
//! answers them, tokens still guarding writes, and CORS on the gRPC port.

use crate::common;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use common::{ARTICLE, TestServer, text_request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use precis::proto::summary_service_client::SummaryServiceClient;
use precis::proto::{CreateArticleRequest, SummarizeResponse};
use precis::server::{Authentication, ServerConfig, WebConfig};
use prost::Message;
use std::net::SocketAddr;

type Response = http::Response<Bytes>;

/// Sends one HTTP/1.1 request and reads the whole answer.
async fn send(request: http::Request<Full<Bytes>>) -> Result<Response, String> {
    let client = Client::builder(TokioExecutor::new()).build_http();
    let response = client
        .request(request)
        .await
        .map_err(|error| format!("{error:?}"))?;
    let (parts, body) = response.into_parts();
    let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok(http::Response::from_parts(parts, body))
}

async fn get(addr: SocketAddr, path: &str) -> Response {
    let request = http::Request::get(format!("http://{addr}{path}"))
        .body(Full::default())
        .unwrap();
    send(request).await.expect("an answer")
}

/// A gRPC-Web call of `method` with `message` in one length-prefixed
/// frame, and `origin` when a cross-origin page makes it.
fn grpc_web_call(
    addr: SocketAddr,
    method: &str,
    message: &impl Message,
    origin: Option<&str>,
) -> http::Request<Full<Bytes>> {
    let encoded = message.encode_to_vec();
    let mut framed = BytesMut::with_capacity(5 + encoded.len());
    framed.put_u8(0);
    framed.put_u32(u32::try_from(encoded.len()).unwrap());
    framed.put_slice(&encoded);
    let mut request = http::Request::post(format!("http://{addr}/{method}"))
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1");
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.body(Full::new(framed.freeze())).unwrap()
}

/// A gRPC-Web answer taken apart: its message, if any, and its status,
/// from the trailer frame or, for a trailers-only answer, the headers.
struct GrpcWebAnswer {
    message: Option<Bytes>,
    status: String,
}

fn read_answer(response: &Response) -> GrpcWebAnswer {
    assert_eq!(response.status(), http::StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/grpc-web"),
        "{:?}",
        response.headers()
    );
    let mut body = response.body().clone();
    let mut answer = GrpcWebAnswer {
        message: None,
        status: header_status(response),
    };
    while body.has_remaining() {
        let flags = body.get_u8();
        let length = body.get_u32() as usize;
        let payload = body.split_to(length);
        if flags & 0x80 == 0 {
            answer.message = Some(payload);
        } else {
            let trailers = String::from_utf8(payload.to_vec()).unwrap();
            for line in trailers.lines() {
                if let Some(code) = line.strip_prefix("grpc-status:") {
                    answer.status = code.trim().to_string();
                }
            }
        }
    }
    answer
}

fn header_status(response: &Response) -> String {
    response
        .headers()
        .get("grpc-status")
        .map(|code| code.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_reader_port_serves_the_page_and_its_files() {
    let (server, _articles) = TestServer::start_with_reader(ServerConfig::default()).await;
    let page = get(server.reader(), "/").await;
    assert_eq!(page.status(), http::StatusCode::OK);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = String::from_utf8(page.body().to_vec()).unwrap();
    for file in ["/assets/app.js", "/assets/app.css"] {
        assert!(
            html.contains(&format!("\"{file}\"")),
            "the page loads {file}"
        );
        let asset = get(server.reader(), file).await;
        assert_eq!(asset.status(), http::StatusCode::OK, "{file}");
        assert!(!asset.body().is_empty(), "{file}");
    }
    assert!(html.contains("No time to read? Get a summary"));
}

#[tokio::test]
async fn unknown_paths_on_the_reader_port_are_not_found() {
    let (server, _articles) = TestServer::start_with_reader(ServerConfig::default()).await;
    for path in [
        "/nope",
        "/assets/other.js",
        "/precis.v1.SummaryService/Summarize",
    ] {
        let answer = get(server.reader(), path).await;
        assert_eq!(answer.status(), http::StatusCode::NOT_FOUND, "{path}");
        assert!(!answer.body().is_empty(), "{path}");
    }
}

#[tokio::test]
async fn grpc_web_on_the_reader_port_answers_as_grpc_does() {
    let (server, _articles) = TestServer::start_with_reader(ServerConfig::default()).await;
    let request = text_request(ARTICLE);
    let web = send(grpc_web_call(
        server.reader(),
        "precis.v1.SummaryService/Summarize",
        &request,
        None,
    ))
    .await
    .expect("a gRPC-Web answer");
    let answer = read_answer(&web);
    assert_eq!(answer.status, "0");
    let over_web = SummarizeResponse::decode(answer.message.expect("a message")).unwrap();

    let over_grpc = SummaryServiceClient::connect(format!("http://{}", server.addr))
        .await
        .unwrap()
        .summarize(request)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(over_web, over_grpc);
}

#[tokio::test]
async fn writes_over_grpc_web_still_need_a_token() {
    let (server, _articles) = TestServer::start_with_reader(ServerConfig {
        authentication: Some(Authentication::new(["a-token"], false)),
        ..ServerConfig::default()
    })
    .await;
    let refused = send(grpc_web_call(
        server.reader(),
        "precis.v1.ArticleService/CreateArticle",
        &CreateArticleRequest::default(),
        None,
    ))
    .await
    .expect("an answer");
    assert_eq!(read_answer(&refused).status, "16", "UNAUTHENTICATED");
}

#[tokio::test]
async fn the_grpc_port_takes_grpc_web_only_from_allowed_origins() {
    let allowed = "https://news.example";
    let (server, _articles) = TestServer::start_with_reader(ServerConfig {
        web: WebConfig {
            cors_origins: vec![http::HeaderValue::from_static(allowed)],
        },
        ..ServerConfig::default()
    })
    .await;
    let preflight = |origin: &str| {
        http::Request::options(format!(
            "http://{}/precis.v1.SummaryService/Summarize",
            server.addr
        ))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,x-grpc-web")
        .body(Full::default())
        .unwrap()
    };
    let answer = send(preflight(allowed)).await.expect("a preflight answer");
    assert_eq!(answer.headers()["access-control-allow-origin"], allowed);
    let answer = send(preflight("https://elsewhere.example"))
        .await
        .expect("a preflight answer");
    assert!(!answer.headers().contains_key("access-control-allow-origin"));

    let request = text_request(ARTICLE);
    let call = grpc_web_call(
        server.addr,
        "precis.v1.SummaryService/Summarize",
        &request,
        Some(allowed),
    );
    let answer = send(call).await.expect("a gRPC-Web answer");
    assert_eq!(answer.headers()["access-control-allow-origin"], allowed);
    assert_eq!(read_answer(&answer).status, "0");
}

#[tokio::test]
async fn without_cors_origins_the_grpc_port_speaks_only_http2() {
    let (server, _articles) = TestServer::start_with_reader(ServerConfig::default()).await;
    let request = text_request(ARTICLE);
    let call = grpc_web_call(
        server.addr,
        "precis.v1.SummaryService/Summarize",
        &request,
        None,
    );
    assert!(
        send(call).await.is_err(),
        "an HTTP/1.1 call is not answered"
    );
}

#[tokio::test]
async fn seed_demo_stores_its_articles_once_however_often_it_runs() {
    let dir = tempfile::tempdir().expect("data directory");
    let mut reports = Vec::new();
    for _ in 0..2 {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_precis"))
            .args(["seed-demo", "--data-dir"])
            .arg(dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run precis seed-demo");
        assert!(output.status.success(), "{output:?}");
        reports.push(String::from_utf8(output.stdout).unwrap());
    }
    assert_eq!(reports[0], reports[1]);
    let stored: usize = reports[0]
        .split_whitespace()
        .next()
        .and_then(|count| count.parse().ok())
        .expect("the count of articles stored");

    let store = precis::store::SqliteStore::open(dir.path())
        .await
        .expect("open SQLite");
    let query = precis::store::ListQuery {
        filter: precis::store::ListFilter::default(),
        page_size: precis::store::MAX_PAGE_SIZE,
        after: None,
    };
    let page = precis::store::ArticleStore::list(&store, &query)
        .await
        .expect("list");
    assert_eq!(page.articles.len(), stored, "no article twice");
    let mut sections: Vec<_> = page
        .articles
        .iter()
        .map(|article| article.content.section.as_str())
        .collect();
    sections.sort_unstable();
    sections.dedup();
    assert_eq!(sections, ["science", "world"]);
}
