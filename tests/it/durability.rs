//! Every acknowledged article survives a SIGKILL: the real `precis` binary
//! on a temporary data directory is killed while creates are still
//! streaming in, restarted on the same directory, and must return each
//! article it acknowledged, unchanged.

#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use precis::proto::article_service_client::ArticleServiceClient;
use precis::proto::{Article, CreateArticleRequest, GetArticleRequest, ListArticlesRequest};
use tokio::sync::Notify;
use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

/// Articles acknowledged before the kill.
const ACKNOWLEDGED_BEFORE_KILL: usize = 60;
/// Clients creating articles at once.
const WRITERS: usize = 4;
/// How long the server may take to report SERVING.
const READY_DEADLINE: Duration = Duration::from_secs(60);

/// A running `precis serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(data_dir: &Path) -> Server {
        // A free port: the OS picks one, and it is released for the server.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("free port")
            .to_string();
        let child = Command::new(env!("CARGO_BIN_EXE_precis"))
            .args(["serve", "--addr", &addr, "--data-dir"])
            .arg(data_dir)
            .env_remove("PRECIS_DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start precis serve");
        Server { child, addr }
    }

    /// Polls the health service until the article service is SERVING.
    async fn ready(&mut self) -> Channel {
        let deadline = Instant::now() + READY_DEADLINE;
        let endpoint = Endpoint::from_shared(format!("http://{}", self.addr)).unwrap();
        loop {
            if let Some(status) = self.child.try_wait().expect("server status") {
                panic!("precis serve exited early: {status}");
            }
            if let Ok(channel) = endpoint.connect().await {
                let mut health = HealthClient::new(channel.clone());
                let request = HealthCheckRequest {
                    service: "precis.v1.ArticleService".into(),
                };
                if let Ok(response) = health.check(request).await
                    && response.into_inner().status == ServingStatus::Serving as i32
                {
                    return channel;
                }
            }
            assert!(Instant::now() < deadline, "not ready in {READY_DEADLINE:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        let status = self.child.wait().expect("reap");
        assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn article(writer: usize, n: usize) -> Article {
    Article {
        title: format!("Dispatch {writer}-{n}"),
        text: format!(
            "Dispatch {n} from desk {writer}. The harbour council met again. \
             It approved the plan."
        ),
        section: format!("desk-{writer}"),
        language: "en".into(),
        ..Article::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_articles_survive_sigkill() {
    let dir = tempfile::tempdir().expect("data directory");
    let mut server = Server::start(dir.path());
    let channel = server.ready().await;

    let acknowledged = Arc::new(Mutex::new(Vec::<Article>::new()));
    let enough = Arc::new(Notify::new());
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let mut client = ArticleServiceClient::new(channel.clone());
            let (acknowledged, enough) = (acknowledged.clone(), enough.clone());
            tokio::spawn(async move {
                // Runs until the server dies under it.
                for n in 0.. {
                    let request = CreateArticleRequest {
                        article: Some(article(writer, n)),
                        article_id: format!("w{writer}-{n}"),
                        request_id: String::new(),
                    };
                    let Ok(response) = client.create_article(request).await else {
                        return;
                    };
                    let mut acknowledged = acknowledged.lock().unwrap();
                    acknowledged.push(response.into_inner().article.expect("article"));
                    if acknowledged.len() >= ACKNOWLEDGED_BEFORE_KILL {
                        enough.notify_one();
                    }
                }
            })
        })
        .collect();
    enough.notified().await;
    server.kill();
    for writer in writers {
        writer.await.expect("writer");
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= ACKNOWLEDGED_BEFORE_KILL);

    let mut restarted = Server::start(dir.path());
    let mut client = ArticleServiceClient::new(restarted.ready().await);
    for expected in &acknowledged {
        let found = client
            .get_article(GetArticleRequest {
                name: expected.name.clone(),
            })
            .await
            .unwrap_or_else(|status| panic!("{} lost: {status}", expected.name))
            .into_inner()
            .article;
        assert_eq!(found.as_ref(), Some(expected));
    }
    let listed = client
        .list_articles(ListArticlesRequest {
            page_size: 1000,
            ..ListArticlesRequest::default()
        })
        .await
        .expect("list")
        .into_inner();
    assert!(listed.articles.len() >= acknowledged.len());
}
