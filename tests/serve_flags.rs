//! `precis serve` flags for the article store and authentication, on the
//! real binary.

use std::process::{Command, Stdio};

#[test]
fn a_database_url_is_refused_while_postgresql_is_unsupported() {
    let dir = tempfile::tempdir().expect("data directory");
    let output = Command::new(env!("CARGO_BIN_EXE_precis"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("PRECIS_DATABASE_URL", "postgres://precis@localhost/precis")
        .stdin(Stdio::null())
        .output()
        .expect("run precis serve");
    assert!(!output.status.success());
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("--database-url"), "{log}");
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
