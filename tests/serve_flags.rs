//! `precis serve` flags for the article store, on the real binary.

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
