//! `precis serve` flags for the article store, authentication, TLS, CORS
//! and logging, on the real binary.

use crate::common;

use std::process::{Command, Stdio};

#[test]
fn an_unreachable_database_url_fails_start_up_without_falling_back_to_sqlite() {
    let dir = tempfile::tempdir().expect("data directory");
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port();
    let output = Command::new(env!("CARGO_BIN_EXE_precis"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env(
            "PRECIS_DATABASE_URL",
            format!("postgres://precis@127.0.0.1:{port}/precis"),
        )
        .stdin(Stdio::null())
        .output()
        .expect("run precis serve");
    assert!(!output.status.success());
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("storage backend failed"), "{log}");
    assert!(
        !dir.path().join("precis.sqlite3").exists(),
        "no silent fallback to SQLite"
    );
}

#[test]
fn a_token_file_without_tokens_is_refused() {
    let dir = tempfile::tempdir().expect("data directory");
    let tokens = dir.path().join("tokens");
    std::fs::write(&tokens, "# rotated out: every token removed\n\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_precis"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .arg("--auth-token-file")
        .arg(&tokens)
        .stdin(Stdio::null())
        .output()
        .expect("run precis serve");
    assert!(!output.status.success(), "no server without its tokens");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("holds no token"), "{log}");
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_with_the_request_id() {
    use std::io::{BufRead, BufReader};

    let dir = tempfile::tempdir().expect("data directory");
    let tokens = dir.path().join("tokens");
    std::fs::write(&tokens, "a-token\n").unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_precis"))
        .args(["--log-format", "json", "serve", "--addr", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--auth-token-file")
        .arg(&tokens)
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run precis serve");
    let mut lines = BufReader::new(server.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    let addr = loop {
        let line = lines.next().expect("the server logs its address").unwrap();
        let object: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        seen.push(object.clone());
        if object["fields"]["message"] == "precis serving gRPC" {
            break object["fields"]["addr"].as_str().unwrap().to_string();
        }
    };

    let mut request = tonic::Request::new(precis::proto::CreateArticleRequest::default());
    request
        .metadata_mut()
        .insert("x-request-id", "json-log-probe".parse().unwrap());
    let refused = precis::proto::article_service_client::ArticleServiceClient::connect(format!(
        "http://{addr}"
    ))
    .await
    .expect("connect")
    .create_article(request)
    .await
    .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::Unauthenticated);

    // The refusal was logged before it was sent.
    server.kill().unwrap();
    server.wait().unwrap();
    for line in lines {
        seen.push(serde_json::from_str(&line.unwrap()).expect("a JSON line"));
    }
    let refusal = seen
        .iter()
        .find(|object| object["fields"]["message"] == "call refused")
        .expect("the refusal is logged");
    assert_eq!(refusal["span"]["request_id"], "json-log-probe");
    assert_eq!(
        refusal["span"]["method"],
        "/precis.v1.ArticleService/CreateArticle"
    );
    assert!(
        !seen
            .iter()
            .any(|object| object.to_string().contains("a-token"))
    );
}

/// Runs `precis serve` with `args` until it exits, and returns its log.
fn failed_start(args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_precis"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run precis serve");
    assert!(!output.status.success(), "the server does not start");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn tls_files_that_cannot_be_used_are_named_with_the_problem() {
    let dir = tempfile::tempdir().expect("data directory");
    let not_pem = dir.path().join("not-pem.crt");
    std::fs::write(&not_pem, "this is no certificate\n").unwrap();
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let certificate = dir.path().join("server.crt");
    std::fs::write(&certificate, cert.pem()).unwrap();
    let key = dir.path().join("server.key");
    std::fs::write(&key, signing_key.serialize_pem()).unwrap();

    let data = dir.path().as_os_str();
    let flag = |name: &'static str| std::ffi::OsStr::new(name);
    let log = failed_start(&[
        flag("--data-dir"),
        data,
        flag("--tls-cert"),
        not_pem.as_os_str(),
        flag("--tls-key"),
        key.as_os_str(),
    ]);
    assert!(
        log.contains("the TLS certificate") && log.contains("not-pem.crt"),
        "{log}"
    );
    assert!(log.contains("no PEM certificate"), "{log}");

    // A certificate given as the key.
    let log = failed_start(&[
        flag("--data-dir"),
        data,
        flag("--tls-cert"),
        certificate.as_os_str(),
        flag("--tls-key"),
        certificate.as_os_str(),
    ]);
    assert!(
        log.contains("the TLS key") && log.contains("server.crt"),
        "{log}"
    );
    assert!(log.contains("private key"), "{log}");
}

#[tokio::test]
async fn cors_origins_may_be_listed_with_spaces_after_the_commas() {
    let dir = tempfile::tempdir().expect("data directory");
    let mut server = common::process::ServerProcess::spawn_sqlite(
        dir.path(),
        &[
            "--cors-origin",
            "https://news.example, https://blog.example",
        ],
    );
    server.ready_channel("").await;
}
