//! A bounded soak test for a running Precis server: a fixed number of mixed
//! requests (summaries of text and pages, extraction, streams, article
//! reads, updates, and requests that must fail) over loopback, reporting
//! every answer by status code, latency percentiles, and the server's
//! resident memory early and late in the run, to show it does not grow.
//!
//! `bash eval/soak.sh` builds and starts a release server with a fresh
//! article store and runs this against it; by hand:
//!
//! ```sh
//! cargo run --release --example soak -- --addr 127.0.0.1:50051 --pid "$(pgrep -n precis)"
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use hdrhistogram::Histogram;
use precis::proto::article_service_client::ArticleServiceClient;
use precis::proto::summarize_stream_response::Result as ItemResult;
use precis::proto::summary_service_client::SummaryServiceClient;
use precis::proto::{
    Article, CreateArticleRequest, ExtractArticleRequest, GetAdjacentArticlesRequest,
    GetArticleRequest, GetArticleSummaryRequest, ListArticlesRequest, SummarizeRequest,
    SummarizeStreamRequest, UpdateArticleRequest, summarize_request,
};
use serde_json::Value;
use tokio::task::JoinSet;
use tonic::Code;
use tonic::transport::{Channel, Endpoint};

#[derive(Parser)]
struct Args {
    /// The server's address.
    #[arg(long, default_value = "127.0.0.1:50051")]
    addr: String,
    /// The server's process id, whose resident memory is sampled.
    #[arg(long)]
    pid: u32,
    /// Articles to send: JSONL of {"text", "title"?}.
    #[arg(long, default_value = "../shared/data/cnndm_val1000.jsonl")]
    data: PathBuf,
    /// Requests in the whole run.
    #[arg(long, default_value_t = 1_000_000)]
    requests: u64,
    /// Requests in flight.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// HTTP/2 connections the requests are spread over.
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// Articles stored before the run, read and summarized during it.
    #[arg(long, default_value_t = 200)]
    stored: usize,
    /// How long to keep trying to connect, for a server still starting.
    #[arg(long, default_value_t = 30)]
    connect_seconds: u64,
}

/// The kinds of request in the mix, each with its share of every hundred
/// requests and the status it must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    SummarizeText,
    SummarizePage,
    ExtractPage,
    Stream,
    InvalidRequest,
    GetArticle,
    ListArticles,
    Neighbours,
    StoredSummary,
    UnknownArticle,
    UpdateArticle,
}

/// (kind, requests of every hundred).
const MIX: [(Kind, u64); 11] = [
    (Kind::SummarizeText, 30),
    (Kind::SummarizePage, 10),
    (Kind::ExtractPage, 5),
    (Kind::Stream, 3),
    (Kind::InvalidRequest, 8),
    (Kind::GetArticle, 16),
    (Kind::ListArticles, 8),
    (Kind::Neighbours, 6),
    (Kind::StoredSummary, 9),
    (Kind::UnknownArticle, 3),
    (Kind::UpdateArticle, 2),
];

/// Documents in each stream request.
const STREAM_ITEMS: usize = 4;

impl Kind {
    /// The kind of the `index`th request of the run.
    fn of(index: u64) -> Kind {
        let mut slot = index % 100;
        for (kind, share) in MIX {
            if slot < share {
                return kind;
            }
            slot -= share;
        }
        unreachable!("the shares add up to a hundred")
    }

    /// The status this kind must get; any other is an unexpected error.
    fn expected(self) -> Code {
        match self {
            Kind::InvalidRequest => Code::InvalidArgument,
            Kind::UnknownArticle => Code::NotFound,
            _ => Code::Ok,
        }
    }
}

/// What the run sends: articles as text and as pages.
struct Corpus {
    texts: Vec<SummarizeRequest>,
    pages: Vec<String>,
    stored: Vec<String>,
}

#[derive(Clone)]
struct Clients {
    summaries: SummaryServiceClient<Channel>,
    articles: ArticleServiceClient<Channel>,
}

/// Answers of one kind by status code, and their latencies.
struct Tally {
    codes: BTreeMap<(Kind, i32), u64>,
    latency_us: Histogram<u64>,
    by_kind: BTreeMap<Kind, Histogram<u64>>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            codes: BTreeMap::new(),
            latency_us: histogram(),
            by_kind: BTreeMap::new(),
        }
    }

    fn record(&mut self, kind: Kind, code: Code, latency: Duration) {
        *self.codes.entry((kind, code as i32)).or_default() += 1;
        let micros = u64::try_from(latency.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        self.latency_us.saturating_record(micros);
        self.by_kind
            .entry(kind)
            .or_insert_with(histogram)
            .saturating_record(micros);
    }

    fn merge(&mut self, other: Tally) {
        for (key, count) in other.codes {
            *self.codes.entry(key).or_default() += count;
        }
        self.latency_us.add(&other.latency_us).expect("same bounds");
        for (kind, histogram) in other.by_kind {
            match self.by_kind.get_mut(&kind) {
                Some(mine) => mine.add(&histogram).expect("same bounds"),
                None => {
                    self.by_kind.insert(kind, histogram);
                }
            }
        }
    }
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid bounds")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let clients = connect(&args).await?;
    let corpus = Arc::new(load_corpus(&args, &clients[0]).await?);
    println!(
        "{} requests, {} in flight over {} connections, {} stored articles",
        args.requests,
        args.concurrency,
        clients.len(),
        corpus.stored.len()
    );

    let done = Arc::new(AtomicU64::new(0));
    let sampler = tokio::spawn(sample_rss(args.pid, done.clone(), args.requests));
    let start = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let mut workers = JoinSet::new();
    for worker in 0..args.concurrency {
        let client = clients[worker % clients.len()].clone();
        let (corpus, next, done) = (corpus.clone(), next.clone(), done.clone());
        let total = args.requests;
        workers.spawn(async move {
            let mut tally = Tally::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= total {
                    return tally;
                }
                let kind = Kind::of(index);
                let begun = Instant::now();
                let code = send(&client, &corpus, kind, index).await;
                tally.record(kind, code, begun.elapsed());
                done.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    let mut tally = Tally::new();
    while let Some(worker) = workers.join_next().await {
        tally.merge(worker?);
    }
    let elapsed = start.elapsed();
    let samples = sampler.await?;
    report(&args, &tally, elapsed, &samples);
    Ok(())
}

/// Opens `args.connections` connections, retrying while the server starts.
async fn connect(args: &Args) -> Result<Vec<Clients>, Box<dyn std::error::Error>> {
    let endpoint = Endpoint::from_shared(format!("http://{}", args.addr))?.tcp_nodelay(true);
    let deadline = Instant::now() + Duration::from_secs(args.connect_seconds);
    let mut clients = Vec::new();
    while clients.len() < args.connections.max(1) {
        match endpoint.connect().await {
            Ok(channel) => clients.push(Clients {
                summaries: SummaryServiceClient::new(channel.clone()),
                articles: ArticleServiceClient::new(channel),
            }),
            Err(error) if Instant::now() > deadline => {
                return Err(format!("cannot connect to {}: {error}", args.addr).into());
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    Ok(clients)
}

/// Reads the articles and stores the first `args.stored` of them in two
/// sections (again on a rerun: fixed ids make that a no-op).
async fn load_corpus(args: &Args, clients: &Clients) -> Result<Corpus, Box<dyn std::error::Error>> {
    let data = std::fs::read_to_string(&args.data)
        .map_err(|error| format!("cannot read {}: {error}", args.data.display()))?;
    let articles: Vec<(String, String)> = data
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|row| {
            let text = row.get("text")?.as_str()?.to_string();
            let title = row.get("title").and_then(Value::as_str).unwrap_or_default();
            Some((title.to_string(), text))
        })
        .collect();
    if articles.is_empty() {
        return Err(format!("no articles in {}", args.data.display()).into());
    }
    let mut articles_client = clients.articles.clone();
    let mut stored = Vec::new();
    for (index, (title, text)) in articles.iter().take(args.stored).enumerate() {
        let id = format!("soak-{index}");
        let article = Article {
            title: if title.is_empty() {
                format!("Story {index}")
            } else {
                title.clone()
            },
            text: text.clone(),
            section: ["world", "business"][index % 2].to_string(),
            publish_time: Some(prost_types::Timestamp {
                seconds: 1_700_000_000 + index as i64 * 600,
                nanos: 0,
            }),
            ..Article::default()
        };
        let request = CreateArticleRequest {
            article: Some(article),
            article_id: id.clone(),
            request_id: id.clone(),
        };
        match articles_client.create_article(request).await {
            Ok(_) => {}
            Err(status) if status.code() == Code::AlreadyExists => {}
            Err(status) => return Err(format!("cannot store {id}: {status}").into()),
        }
        stored.push(format!("articles/{id}"));
    }
    let texts = articles
        .iter()
        .map(|(title, text)| SummarizeRequest {
            document: Some(summarize_request::Document::Text(text.clone())),
            title: title.clone(),
            length: Some(summarize_request::Length::Sentences(3)),
            ..SummarizeRequest::default()
        })
        .collect();
    let pages = articles
        .iter()
        .map(|(title, text)| page(title, text))
        .collect();
    Ok(Corpus {
        texts,
        pages,
        stored,
    })
}

/// An article as a news page: navigation, the story in paragraphs of a few
/// sentences, and a footer.
fn page(title: &str, text: &str) -> String {
    let sentences: Vec<&str> = text.split_inclusive(". ").collect();
    let paragraphs: String = sentences
        .chunks(3)
        .map(|chunk| format!("<p>{}</p>\n", chunk.concat()))
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header>\
         <article><h1>{title}</h1>\n{paragraphs}</article>\
         <footer><a href=\"/about\">About us</a></footer></body></html>"
    )
}

/// Sends the `index`th request, of `kind`, and returns its status code.
async fn send(clients: &Clients, corpus: &Corpus, kind: Kind, index: u64) -> Code {
    let mut summaries = clients.summaries.clone();
    let mut articles = clients.articles.clone();
    let pick = |count: usize| (index as usize).wrapping_mul(7919) % count;
    let text = || corpus.texts[pick(corpus.texts.len())].clone();
    let page = || corpus.pages[pick(corpus.pages.len())].clone();
    let stored = || corpus.stored[pick(corpus.stored.len())].clone();
    let result = match kind {
        Kind::SummarizeText => summaries.summarize(text()).await.map(drop),
        Kind::SummarizePage => {
            let request = SummarizeRequest {
                document: Some(summarize_request::Document::Html(page())),
                ..SummarizeRequest::default()
            };
            summaries.summarize(request).await.map(drop)
        }
        Kind::ExtractPage => summaries
            .extract_article(ExtractArticleRequest { html: page() })
            .await
            .map(drop),
        Kind::Stream => stream(&mut summaries, corpus, index).await,
        Kind::InvalidRequest => {
            let request = if index.is_multiple_of(2) {
                SummarizeRequest {
                    document: Some(summarize_request::Document::Text("  ".into())),
                    ..SummarizeRequest::default()
                }
            } else {
                SummarizeRequest {
                    length: Some(summarize_request::Length::Ratio(2.0)),
                    ..text()
                }
            };
            summaries.summarize(request).await.map(drop)
        }
        Kind::GetArticle => articles
            .get_article(GetArticleRequest { name: stored() })
            .await
            .map(drop),
        Kind::ListArticles => {
            let request = ListArticlesRequest {
                page_size: 20,
                section: ["world", "business", ""][index as usize % 3].to_string(),
                ..ListArticlesRequest::default()
            };
            articles.list_articles(request).await.map(drop)
        }
        Kind::Neighbours => articles
            .get_adjacent_articles(GetAdjacentArticlesRequest { name: stored() })
            .await
            .map(drop),
        Kind::StoredSummary => {
            let request = GetArticleSummaryRequest {
                name: stored(),
                options: None,
            };
            articles.get_article_summary(request).await.map(drop)
        }
        Kind::UnknownArticle => articles
            .get_article(GetArticleRequest {
                name: format!("articles/missing-{index}"),
            })
            .await
            .map(drop),
        Kind::UpdateArticle => {
            let request = UpdateArticleRequest {
                article: Some(Article {
                    name: stored(),
                    author: format!("Desk {}", index % 7),
                    ..Article::default()
                }),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["author".into()],
                }),
            };
            articles.update_article(request).await.map(drop)
        }
    };
    match result {
        Ok(()) => Code::Ok,
        Err(status) => status.code(),
    }
}

/// Streams a few articles; any item answered with an error fails the call.
async fn stream(
    client: &mut SummaryServiceClient<Channel>,
    corpus: &Corpus,
    index: u64,
) -> Result<(), tonic::Status> {
    let items: Vec<_> = (0..STREAM_ITEMS)
        .map(|offset| SummarizeStreamRequest {
            request_id: offset.to_string(),
            request: Some(corpus.texts[(index as usize + offset) % corpus.texts.len()].clone()),
        })
        .collect();
    let mut answers = client
        .summarize_stream(tokio_stream::iter(items))
        .await?
        .into_inner();
    let mut answered = 0;
    while let Some(answer) = answers.message().await? {
        if let Some(ItemResult::Error(error)) = answer.result {
            return Err(tonic::Status::new(Code::from(error.code), error.message));
        }
        answered += 1;
    }
    if answered == STREAM_ITEMS {
        Ok(())
    } else {
        Err(tonic::Status::data_loss("the stream ended early"))
    }
}

/// Resident memory of `pid` in KiB, sampled twice a second with how many
/// requests were done at the time, until all `total` are.
async fn sample_rss(pid: u32, done: Arc<AtomicU64>, total: u64) -> Vec<(u64, u64)> {
    let mut samples = Vec::new();
    let mut ticks = tokio::time::interval(Duration::from_millis(500));
    loop {
        ticks.tick().await;
        let completed = done.load(Ordering::Relaxed);
        if let Some(kib) = resident_kib(pid) {
            samples.push((completed, kib));
        }
        if completed >= total {
            return samples;
        }
    }
}

fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?;
    line.split_whitespace().next()?.parse().ok()
}

/// Mean resident memory, in MiB, over the samples taken while the completed
/// requests were within `range`.
fn mean_rss(samples: &[(u64, u64)], range: std::ops::RangeInclusive<u64>) -> f64 {
    let within: Vec<u64> = samples
        .iter()
        .filter(|(completed, _)| range.contains(completed))
        .map(|&(_, kib)| kib)
        .collect();
    within.iter().sum::<u64>() as f64 / within.len().max(1) as f64 / 1024.0
}

fn report(args: &Args, tally: &Tally, elapsed: Duration, samples: &[(u64, u64)]) {
    let ms = |histogram: &Histogram<u64>, quantile: f64| {
        histogram.value_at_quantile(quantile) as f64 / 1000.0
    };
    println!(
        "\n{} requests in {:.0} s: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms",
        tally.latency_us.len(),
        elapsed.as_secs_f64(),
        tally.latency_us.len() as f64 / elapsed.as_secs_f64(),
        ms(&tally.latency_us, 0.5),
        ms(&tally.latency_us, 0.99),
        ms(&tally.latency_us, 0.999),
    );
    println!("\n| request | expected | answers by code | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|");
    let mut unexpected = 0;
    for (kind, histogram) in &tally.by_kind {
        let codes: Vec<String> = tally
            .codes
            .iter()
            .filter(|((of, _), _)| of == kind)
            .map(|((_, code), count)| {
                let code = Code::from(*code);
                if code != kind.expected() {
                    unexpected += count;
                }
                format!("{code:?} {count}")
            })
            .collect();
        println!(
            "| {kind:?} | {:?} | {} | {:.2} | {:.2} |",
            kind.expected(),
            codes.join(", "),
            ms(histogram, 0.5),
            ms(histogram, 0.99),
        );
    }
    let tenth = args.requests / 10;
    let deciles: Vec<f64> = (0..10)
        .map(|decile| mean_rss(samples, decile * tenth..=(decile + 1) * tenth))
        .collect();
    let (first, last) = (deciles[0], deciles[9]);
    println!(
        "\nunexpected answers: {unexpected}\nserver RSS: {first:.1} MiB over the first 10% of requests, \
         {last:.1} MiB over the last 10% ({:+.1}%)",
        (last - first) / first * 100.0
    );
    let deciles: Vec<String> = deciles.iter().map(|mib| format!("{mib:.1}")).collect();
    println!("server RSS by tenth of the run, MiB: {}", deciles.join(" "));
}
