//! The article store under hostile reads and writes: bounded memory and
//! disk, and damage detected rather than served. Each attack runs against
//! the real binary, whose memory and data directory are measured.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use precis::proto::article_service_client::ArticleServiceClient;
use precis::proto::summarize_request::Length;
use precis::proto::{
    Article, CreateArticleRequest, GetArticleRequest, GetArticleSummaryRequest,
    ListArticlesRequest, SummarizeRequest,
};
use precis::store::sqlite::DATABASE_FILE;
use precis::store::{
    MAX_AUTHOR_BYTES, MAX_CANONICAL_URL_BYTES, MAX_SECTION_BYTES, MAX_TITLE_BYTES,
};
use tonic::Code;
use tonic::transport::Channel;

use super::scaled;
use crate::common::ARTICLE;
use crate::common::process::{READY_DEADLINE, ServerProcess, disk_bytes};

const MIB: usize = 1024 * 1024;
/// The most resident memory the server may reach through an attack.
const RSS_BOUND_BYTES: u64 = 300 * MIB as u64;
/// The most its data directory may hold after an attack on disk.
const DISK_BOUND_BYTES: u64 = 10 * MIB as u64;

type Client = ArticleServiceClient<Channel>;

/// A server on a fresh data directory, and a client with gRPC's default
/// 4 MiB limit on the answers it takes.
async fn start(dir: &Path) -> (ServerProcess, Client) {
    let mut server = ServerProcess::spawn_sqlite(dir, &[]);
    let channel = server.ready_channel("precis.v1.ArticleService").await;
    (server, ArticleServiceClient::new(channel))
}

/// Stores `article` as `articles/{id}`.
async fn store(client: &mut Client, id: &str, article: Article) {
    client
        .create_article(CreateArticleRequest {
            article: Some(article),
            article_id: id.to_string(),
            request_id: String::new(),
        })
        .await
        .expect("create");
}

/// A news article of about `bytes` of prose.
fn prose_article(title: &str, bytes: usize) -> Article {
    Article {
        title: title.to_string(),
        text: ARTICLE.repeat(bytes.div_ceil(ARTICLE.len())),
        language: "en".into(),
        ..Article::default()
    }
}

/// A title of `bytes` of ordinary words, different for each `n`.
fn long_title(n: usize, bytes: usize) -> String {
    let mut title = format!("Headline {n} ");
    let words = "harbour wall council vote ";
    title.push_str(&words.repeat(bytes / words.len()));
    title
}

fn summary_request(title: String, length: Option<Length>) -> GetArticleSummaryRequest {
    GetArticleSummaryRequest {
        name: "articles/target".into(),
        options: Some(SummarizeRequest {
            title,
            length,
            ..SummarizeRequest::default()
        }),
    }
}

#[track_caller]
fn assert_rss_bounded(server: &ServerProcess) {
    let peak = server.peak_rss_bytes();
    println!("peak RSS {} MB", peak / 1_000_000);
    assert!(peak < RSS_BOUND_BYTES, "peak RSS {peak} bytes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_summaries_with_long_titles_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (server, mut client) = start(dir.path()).await;
    store(&mut client, "target", prose_article("Sea wall", 4 * 1024)).await;
    for n in 0..scaled(15, 150) {
        let mut request = tonic::Request::new(summary_request(long_title(n, 2 * MIB), None));
        request.set_timeout(Duration::from_millis(40));
        // Answered in time or cut off at the deadline; either way the call
        // is over and must leave nothing behind.
        let _ = client.get_article_summary(request).await;
    }
    let answer = client
        .get_article_summary(summary_request(String::new(), None))
        .await;
    assert!(answer.is_ok(), "{answer:?}");
    assert_rss_bounded(&server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distinct_summary_options_do_not_fill_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, client) = start(dir.path()).await;
    // Each summary of this article is tens of kilobytes: without a bound
    // the cache alone would pass the disk bound many times over.
    let mut writer = client.clone();
    store(&mut writer, "target", prose_article("Sea wall", 64 * 1024)).await;
    let ratios = scaled(160, 2000);
    let callers = 4;
    let calls = (0..callers).map(|caller| {
        let mut client = client.clone();
        async move {
            for n in (caller..ratios).step_by(callers) {
                let ratio = 0.5 + 0.5 * (n as f64 + 1.0) / ratios as f64;
                client
                    .get_article_summary(summary_request(String::new(), Some(Length::Ratio(ratio))))
                    .await
                    .expect("summary");
            }
        }
    });
    join_all(calls).await;
    let mut client = client;
    for n in 0..scaled(2, 20) {
        client
            .get_article_summary(summary_request(long_title(n, 3 * MIB), None))
            .await
            .expect("summary with a long title");
    }
    let disk = disk_bytes(dir.path());
    println!("data directory {} KB", disk / 1000);
    assert!(disk < DISK_BOUND_BYTES, "{disk} bytes on disk");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_large_articles_stays_within_memory_and_message_limits() {
    let dir = tempfile::tempdir().unwrap();
    let (server, client) = start(dir.path()).await;
    let count = scaled(10, 100);
    // Every field at its limit: a 1 MiB page and (at full size) a
    // megabyte of text beside it.
    let page_words = "word ".repeat((MIB - 64) / 5);
    let html = format!("<html><body><p>{page_words}</p></body></html>");
    let mut writer = client.clone();
    for n in 0..count {
        let article = Article {
            title: format!("{n:04}").repeat(MAX_TITLE_BYTES / 4),
            section: "s".repeat(MAX_SECTION_BYTES),
            author: "a".repeat(MAX_AUTHOR_BYTES),
            canonical_url: format!(
                "https://news.example/{}",
                "u".repeat(MAX_CANONICAL_URL_BYTES - 21)
            ),
            html: html.clone(),
            ..prose_article("", scaled(4 * 1024, 1000 * 1024))
        };
        store(&mut writer, &format!("big-{n}"), article).await;
    }
    let walkers = (0..4).map(|_| {
        let mut client = client.clone();
        async move {
            let mut request = ListArticlesRequest {
                page_size: 1000,
                ..ListArticlesRequest::default()
            };
            let mut seen = 0;
            loop {
                let page = client
                    .list_articles(request.clone())
                    .await
                    .expect("a page within the client's message limit")
                    .into_inner();
                assert!(!page.articles.is_empty());
                seen += page.articles.len();
                if page.next_page_token.is_empty() {
                    return seen;
                }
                request.page_token = page.next_page_token;
            }
        }
    });
    for seen in join_all(walkers).await {
        assert_eq!(seen, count);
    }
    assert_rss_bounded(&server);
}

/// Stops a server with SIGTERM, so it closes its database cleanly.
fn stop(mut server: ServerProcess) {
    let pid = libc::pid_t::try_from(server.pid()).unwrap();
    // SAFETY: kill only sends a signal to the server this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    assert!(server.wait_exit(Duration::from_secs(30)).is_some());
}

/// Starts a server that must refuse its data directory; what it logged.
fn refused_start(dir: &Path) -> String {
    let mut process = Command::new(env!("CARGO_BIN_EXE_precis"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start precis serve");
    let deadline = Instant::now() + READY_DEADLINE;
    let status = loop {
        if let Some(status) = process.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = process.kill();
            panic!("the server started on a damaged database");
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    assert!(!status.success());
    let mut log = String::new();
    std::io::Read::read_to_string(&mut process.stderr.take().unwrap(), &mut log).unwrap();
    log
}

/// A directory holding a database of `count` articles, written by a
/// server that has since stopped; the articles' texts.
async fn stored_database(dir: &Path, count: usize) -> Vec<String> {
    let (server, mut client) = start(dir).await;
    let mut texts = Vec::new();
    for n in 0..count {
        let mut article = prose_article(&format!("Story {n}"), 2 * 1024);
        article.text = format!("Story number {n:05} opens here. {}", article.text);
        texts.push(article.text.clone());
        store(&mut client, &format!("a{n}"), article).await;
    }
    stop(server);
    texts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emptied_database_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    stored_database(dir.path(), scaled(30, 300)).await;
    std::fs::File::create(dir.path().join(DATABASE_FILE)).unwrap();
    let log = refused_start(dir.path());
    assert!(log.contains("empty") && log.contains("backup"), "{log}");
    assert_eq!(
        std::fs::metadata(dir.path().join(DATABASE_FILE))
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_rows_are_data_loss_and_never_served() {
    let dir = tempfile::tempdir().unwrap();
    let count = scaled(30, 300);
    let texts = stored_database(dir.path(), count).await;
    let path = dir.path().join(DATABASE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    // One article's text altered in place: the file's structure is whole.
    let victim = count / 2;
    let marker = format!("Story number {victim:05} opens here.");
    let at = bytes
        .windows(marker.len())
        .position(|window| window == marker.as_bytes())
        .expect("the text is in the database file");
    bytes[at..at + 5].copy_from_slice(b"Glory");
    std::fs::write(&path, &bytes).unwrap();

    let (_server, mut client) = start(dir.path()).await;
    for (n, text) in texts.iter().enumerate() {
        let read = client
            .get_article(GetArticleRequest {
                name: format!("articles/a{n}"),
            })
            .await;
        if n == victim {
            let status = read.unwrap_err();
            assert_eq!(status.code(), Code::DataLoss, "{status:?}");
        } else {
            assert_eq!(&read.unwrap().into_inner().article.unwrap().text, text);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zeros_inside_the_database_are_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    stored_database(dir.path(), scaled(30, 300)).await;
    let path = dir.path().join(DATABASE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    // A page of the articles' tree zeroed: the structural check at start
    // finds it before any row is read.
    let middle = bytes.len() / 2 / 4096 * 4096;
    bytes[middle..middle + 4096].fill(0);
    std::fs::write(&path, &bytes).unwrap();
    let log = refused_start(dir.path());
    assert!(log.contains("damaged") && log.contains("backup"), "{log}");
}
