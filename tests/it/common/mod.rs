//! A real Precis server on an ephemeral loopback port, and clients for it.

pub mod process;

use std::net::SocketAddr;

use std::sync::Arc;

use precis::proto::article_service_client::ArticleServiceClient;
use precis::proto::summary_service_client::SummaryServiceClient;
use precis::proto::{SummarizeRequest, summarize_request};
use precis::server::{Articles, ServeError, ServerConfig, serve};
use precis::store::SqliteStore;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::transport::{Channel, Endpoint};

/// A news story written for these tests: a headline, a lead, an off-topic
/// aside and follow-up paragraphs.
pub const ARTICLE: &str = "Harbour town votes to build a sea wall

Residents of Portvale voted on Sunday to build a two-kilometre sea wall after three winters of flooding in the harbour district. \
The council said the wall would cost 48 million euros and take four years to finish.

Flooding has closed the harbour district eleven times since 2022, forcing families from their homes and shutting the fish market for weeks. \
Mayor Ines Calder said the vote gave the council a clear mandate to start work on the sea wall in the spring.

A jazz festival in the hills drew a record crowd of nine thousand on Saturday night. \
Opponents of the sea wall argued that the money would be better spent on moving homes away from the harbour. \
Engineers will publish the final design of the wall in March, and construction contracts are expected by the summer.";

/// A server running in the background of the test's runtime.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Where the reader page listens, when started with it.
    reader: Option<SocketAddr>,
    shutdown: Option<oneshot::Sender<()>>,
    handle: JoinHandle<Result<(), ServeError>>,
}

impl TestServer {
    /// Binds 127.0.0.1:0 first, so clients can connect as soon as this
    /// returns, then serves with `config`.
    pub async fn start(config: ServerConfig) -> TestServer {
        TestServer::launch(config, None).await
    }

    /// As [`TestServer::start`], with the reader page on `reader` when
    /// given.
    async fn launch(config: ServerConfig, reader: Option<TcpListener>) -> TestServer {
        let listener = bind_loopback().await;
        let addr = listener.local_addr().expect("local address");
        let reader_addr = reader
            .as_ref()
            .map(|reader| reader.local_addr().expect("local address"));
        let (shutdown, stop) = oneshot::channel::<()>();
        let handle = tokio::spawn(serve(listener, reader, config, async {
            let _ = stop.await;
        }));
        TestServer {
            addr,
            reader: reader_addr,
            shutdown: Some(shutdown),
            handle,
        }
    }

    /// A server with the default configuration.
    pub async fn start_default() -> TestServer {
        TestServer::start(ServerConfig::default()).await
    }

    /// A server keeping articles in a fresh SQLite file in a temporary
    /// directory, which lives as long as the returned guard.
    pub async fn start_with_articles(config: ServerConfig) -> (TestServer, TempDir) {
        let (config, dir) = with_articles(config).await;
        (TestServer::start(config).await, dir)
    }

    /// As [`TestServer::start_with_articles`], and the reader page on a
    /// second loopback port (see [`TestServer::reader`]).
    pub async fn start_with_reader(config: ServerConfig) -> (TestServer, TempDir) {
        let (config, dir) = with_articles(config).await;
        let reader = bind_loopback().await;
        (TestServer::launch(config, Some(reader)).await, dir)
    }

    /// Where the reader page listens.
    pub fn reader(&self) -> SocketAddr {
        self.reader
            .expect("a server started with TestServer::start_with_reader")
    }

    /// A generated ArticleService client.
    pub async fn article_client(&self) -> ArticleServiceClient<Channel> {
        ArticleServiceClient::new(self.channel().await).max_decoding_message_size(usize::MAX)
    }

    /// A connected channel.
    pub async fn channel(&self) -> Channel {
        Endpoint::from_shared(format!("http://{}", self.addr))
            .expect("endpoint")
            .connect()
            .await
            .expect("connect to the test server")
    }

    /// A generated SummaryService client without a message size limit of
    /// its own, so the server's limits are what tests see.
    pub async fn summary_client(&self) -> SummaryServiceClient<Channel> {
        SummaryServiceClient::new(self.channel().await).max_decoding_message_size(usize::MAX)
    }

    /// Starts shutdown without waiting for it.
    pub fn begin_shutdown(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }

    /// Starts shutdown and waits for the server to stop.
    pub async fn stop(mut self) -> Result<(), ServeError> {
        self.begin_shutdown();
        self.handle.await.expect("server task")
    }
}

/// A loopback listener on a port of the system's choosing.
async fn bind_loopback() -> TcpListener {
    TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback")
}

/// `config` keeping articles in a fresh SQLite file in a temporary
/// directory, which lives as long as the returned guard.
async fn with_articles(config: ServerConfig) -> (ServerConfig, TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open(dir.path()).await.expect("open SQLite");
    let config = ServerConfig {
        articles: Some(Articles(Arc::new(store))),
        ..config
    };
    (config, dir)
}

/// A request for `text` with everything else at its default.
pub fn text_request(text: &str) -> SummarizeRequest {
    SummarizeRequest {
        document: Some(summarize_request::Document::Text(text.to_string())),
        ..SummarizeRequest::default()
    }
}

/// A request for the page `html` with everything else at its default.
pub fn html_request(html: &str) -> SummarizeRequest {
    SummarizeRequest {
        document: Some(summarize_request::Document::Html(html.to_string())),
        ..SummarizeRequest::default()
    }
}

/// The field paths of a status's BadRequest violations.
pub fn violated_fields(status: &tonic::Status) -> Vec<String> {
    use tonic_types::StatusExt;
    status
        .get_error_details()
        .bad_request()
        .map(|bad| {
            bad.field_violations
                .iter()
                .map(|v| v.field.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// A SummarizeStream call kept open: its sender, and its answers.
pub struct OpenStream {
    /// Dropping it ends the client's side of the stream.
    pub sender: tokio::sync::mpsc::Sender<precis::proto::SummarizeStreamRequest>,
    /// The server's answers.
    pub answers: tonic::Streaming<precis::proto::SummarizeStreamResponse>,
}

impl OpenStream {
    /// Opens a stream and waits for its first answer, so the call is surely
    /// admitted and running.
    pub async fn open(client: &mut SummaryServiceClient<Channel>) -> OpenStream {
        let (sender, receiver) = tokio::sync::mpsc::channel(4);
        sender
            .send(precis::proto::SummarizeStreamRequest {
                request_id: "first".into(),
                request: Some(text_request(ARTICLE)),
            })
            .await
            .unwrap();
        let mut answers = client
            .summarize_stream(tokio_stream::wrappers::ReceiverStream::new(receiver))
            .await
            .expect("the stream is admitted")
            .into_inner();
        answers
            .message()
            .await
            .expect("the first answer")
            .expect("an answer, not the end");
        OpenStream { sender, answers }
    }

    /// Ends the client's side and reads the answers to their clean end.
    pub async fn finish(self) {
        let OpenStream {
            sender,
            mut answers,
        } = self;
        drop(sender);
        while answers.message().await.expect("a clean end").is_some() {}
    }
}
