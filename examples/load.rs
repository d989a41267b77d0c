//! A load generator for a running Precis server: drives `Summarize` with
//! real articles over loopback, first at saturation (a fixed number of
//! requests in flight), then at fixed request rates below it; times health
//! checks at one of those rates as the floor any call pays on this host;
//! and streams the articles through `SummarizeStream`. It prints
//! throughput, latency percentiles and the server's peak resident memory.
//!
//! `bash eval/load.sh` builds and starts a release server on a free port and
//! runs this against it; by hand:
//!
//! ```sh
//! cargo run --release --example load -- --addr 127.0.0.1:50051 --pid "$(pgrep -n precis)"
//! ```
//!
//! Fixed-rate runs are open-loop: each request has a due time, and its
//! latency counts from then, so a stalled server is not hidden by a client
//! that waits for it (coordinated omission). The client's own delay counts
//! too; the last column shows how late the slowest 1 % of requests started,
//! which on a machine the client shares with the server is mostly the wait
//! for a free core.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use hdrhistogram::Histogram;
use precis::proto::summary_service_client::SummaryServiceClient;
use precis::proto::{SummarizeRequest, SummarizeStreamRequest, summarize_request};
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tonic::transport::{Channel, Endpoint};
use tonic_health::ServingStatus;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

#[derive(Parser)]
struct Args {
    /// The server's address.
    #[arg(long, default_value = "127.0.0.1:50051")]
    addr: String,
    /// The server's process id, to report its peak resident memory.
    #[arg(long)]
    pid: Option<u32>,
    /// Articles to send: JSONL of {"text", "title"?, "lang"?}.
    #[arg(long, default_value = "../shared/data/cnndm_val1000.jsonl")]
    data: PathBuf,
    /// Send each article's `lang` as its language, as a caller that knows
    /// it would, instead of leaving the server to detect it.
    #[arg(long)]
    named_language: bool,
    /// Seconds each scenario runs.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Requests in flight at saturation.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// HTTP/2 connections the requests are spread over.
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// Fixed rates as fractions of the saturation throughput.
    #[arg(long, value_delimiter = ',', default_value = "0.25,0.5,0.75")]
    rate_fractions: Vec<f64>,
    /// The fraction of the saturation rate at which health checks, calls
    /// with no work behind them, are timed as a latency floor; 0 skips them.
    #[arg(long, default_value_t = 0.5)]
    health_fraction: f64,
    /// How long to keep trying to connect, for a server still starting.
    #[arg(long, default_value_t = 30)]
    connect_seconds: u64,
}

/// Fixed-rate runs stop adding requests beyond this many in flight.
const MAX_IN_FLIGHT: usize = 4096;

type Client = SummaryServiceClient<Channel>;

// One thread drives every connection: the client's work is light, and each
// thread more would compete with the server for the same cores.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let requests: Arc<[SummarizeRequest]> = load_requests(&args.data, args.named_language)?.into();
    let channels = connect(&args).await?;
    let clients: Vec<Client> = channels.iter().cloned().map(Client::new).collect();
    let duration = Duration::from_secs(args.seconds);
    println!(
        "{} articles from {}, language {}, {} connections, {} s per scenario",
        requests.len(),
        args.data.display(),
        if args.named_language {
            "named"
        } else {
            "detected"
        },
        clients.len(),
        args.seconds
    );
    println!(
        "| scenario | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors | p99 start lag ms |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let saturation = saturate(&clients, &requests, args.concurrency, duration).await?;
    saturation.print(&format!("saturation, {} in flight", args.concurrency));
    for fraction in &args.rate_fractions {
        let rate = saturation.throughput * fraction;
        let run = summarize_at(&clients, &requests, rate, duration).await?;
        run.print(&format!("{rate:.0} requests/s offered"));
    }
    if args.health_fraction > 0.0 {
        let rate = saturation.throughput * args.health_fraction;
        let run = health_at(&channels, rate, duration).await?;
        run.print(&format!("health check, {rate:.0} requests/s offered"));
    }
    let streamed = stream(&clients[0], &requests, duration).await?;
    println!("\nSummarizeStream, one stream: {streamed:.0} documents/s");
    if let Some(pid) = args.pid {
        println!("server peak RSS (VmHWM): {}", peak_rss(pid)?);
    }
    Ok(())
}

/// One request per article of the data set, 3 sentences each, with the
/// row's `lang` as its language when `named_language` asks for it.
fn load_requests(
    path: &PathBuf,
    named_language: bool,
) -> Result<Vec<SummarizeRequest>, Box<dyn std::error::Error>> {
    let data = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let requests: Vec<SummarizeRequest> = data
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|row| {
            Some(SummarizeRequest {
                document: Some(summarize_request::Document::Text(
                    row.get("text")?.as_str()?.to_string(),
                )),
                title: optional_text(&row, "title"),
                language: if named_language {
                    optional_text(&row, "lang")
                } else {
                    String::new()
                },
                length: Some(summarize_request::Length::Sentences(3)),
                ..SummarizeRequest::default()
            })
        })
        .collect();
    if requests.is_empty() {
        return Err(format!("no articles in {}", path.display()).into());
    }
    Ok(requests)
}

/// A row's string field, or empty when it has none.
fn optional_text(row: &Value, field: &str) -> String {
    row.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Opens `args.connections` connections, retrying while the server starts.
async fn connect(args: &Args) -> Result<Vec<Channel>, Box<dyn std::error::Error>> {
    let endpoint = Endpoint::from_shared(format!("http://{}", args.addr))?;
    let deadline = Instant::now() + Duration::from_secs(args.connect_seconds);
    let mut channels = Vec::new();
    while channels.len() < args.connections.max(1) {
        match endpoint.connect().await {
            Ok(channel) => channels.push(channel),
            Err(error) if Instant::now() > deadline => {
                return Err(format!("cannot connect to {}: {error}", args.addr).into());
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    Ok(channels)
}

/// What one scenario measured.
struct Run {
    throughput: f64,
    latency_us: Histogram<u64>,
    errors: u64,
    /// In fixed-rate runs, how late each request started after it was due:
    /// the client's own delay, which its latency includes.
    start_lag_us: Histogram<u64>,
}

impl Run {
    fn new() -> Result<Run, hdrhistogram::CreationError> {
        Ok(Run {
            throughput: 0.0,
            latency_us: Histogram::new_with_bounds(1, 600_000_000, 3)?,
            errors: 0,
            start_lag_us: Histogram::new_with_bounds(1, 600_000_000, 3)?,
        })
    }

    fn record(&mut self, ok: bool, latency: Duration) {
        self.latency_us.saturating_record(micros(latency));
        self.errors += u64::from(!ok);
    }

    /// Records a fixed-rate request: whether it succeeded, its latency
    /// from when it was due, and how late it started.
    fn record_due(&mut self, (ok, latency, start_lag): (bool, Duration, Duration)) {
        self.record(ok, latency);
        self.start_lag_us.saturating_record(micros(start_lag));
    }

    fn print(&self, scenario: &str) {
        let ms = |quantile: f64| self.latency_us.value_at_quantile(quantile) as f64 / 1000.0;
        let start_lag = if self.start_lag_us.is_empty() {
            "-".to_string()
        } else {
            format!(
                "{:.2}",
                self.start_lag_us.value_at_quantile(0.99) as f64 / 1000.0
            )
        };
        println!(
            "| {scenario} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {start_lag} |",
            self.throughput,
            ms(0.5),
            ms(0.9),
            ms(0.99),
            ms(0.999),
            self.errors
        );
    }
}

/// A duration in whole microseconds, at least 1, as the histograms hold it.
fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros())
        .unwrap_or(u64::MAX)
        .max(1)
}

/// Keeps `concurrency` requests in flight for `duration`.
async fn saturate(
    clients: &[Client],
    requests: &Arc<[SummarizeRequest]>,
    concurrency: usize,
    duration: Duration,
) -> Result<Run, Box<dyn std::error::Error>> {
    let start = Instant::now();
    let mut workers = JoinSet::new();
    for worker in 0..concurrency {
        let mut client = clients[worker % clients.len()].clone();
        let requests = Arc::clone(requests);
        workers.spawn(async move {
            let mut run = Run::new()?;
            let mut next = worker;
            while start.elapsed() < duration {
                let sent = Instant::now();
                let ok = client
                    .summarize(requests[next % requests.len()].clone())
                    .await
                    .is_ok();
                run.record(ok, sent.elapsed());
                next += concurrency;
            }
            Ok::<Run, hdrhistogram::CreationError>(run)
        });
    }
    let mut total = Run::new()?;
    while let Some(run) = workers.join_next().await {
        let run = run??;
        total.latency_us.add(&run.latency_us)?;
        total.errors += run.errors;
    }
    total.throughput = total.latency_us.len() as f64 / start.elapsed().as_secs_f64();
    Ok(total)
}

/// Sends `Summarize` requests at `rate` per second for `duration`, each
/// timed from when it was due.
async fn summarize_at(
    clients: &[Client],
    requests: &Arc<[SummarizeRequest]>,
    rate: f64,
    duration: Duration,
) -> Result<Run, Box<dyn std::error::Error>> {
    let clients = clients.to_vec();
    let requests = Arc::clone(requests);
    fixed_rate(rate, duration, move |index| {
        let mut client = clients[index % clients.len()].clone();
        let request = requests[index % requests.len()].clone();
        async move { client.summarize(request).await.is_ok() }
    })
    .await
}

/// Sends health checks at `rate` per second over the same connections: a
/// call with no work behind it, whose latency is what the transport and
/// this host's thread wake-ups cost at that rate, as a floor for
/// `Summarize`'s.
async fn health_at(
    channels: &[Channel],
    rate: f64,
    duration: Duration,
) -> Result<Run, Box<dyn std::error::Error>> {
    let checkers: Vec<HealthClient<Channel>> =
        channels.iter().cloned().map(HealthClient::new).collect();
    fixed_rate(rate, duration, move |index| {
        let mut checker = checkers[index % checkers.len()].clone();
        async move {
            checker
                .check(HealthCheckRequest::default())
                .await
                .is_ok_and(|answer| answer.get_ref().status == ServingStatus::Serving as i32)
        }
    })
    .await
}

/// Makes the calls `call(0)`, `call(1)`, ... at `rate` per second for
/// `duration`, each timed from when it was due. A thread of its own starts
/// them: `std::thread::sleep` wakes within microseconds of the due time,
/// where tokio's timer wakes in whole milliseconds and would add its own
/// delay to every latency.
async fn fixed_rate<Call, Answer>(
    rate: f64,
    duration: Duration,
    call: Call,
) -> Result<Run, Box<dyn std::error::Error>>
where
    Call: Fn(usize) -> Answer + Send + 'static,
    Answer: Future<Output = bool> + Send + 'static,
{
    let total = (rate * duration.as_secs_f64()).max(1.0) as usize;
    let interval = Duration::from_secs_f64(1.0 / rate.max(1e-3));
    let (results, mut answered) = tokio::sync::mpsc::unbounded_channel();
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let runtime = tokio::runtime::Handle::current();
    let start = Instant::now();
    let dispatcher = std::thread::spawn(move || {
        for index in 0..total {
            let due = start + interval * index as u32;
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
            let Ok(permit) = runtime.block_on(in_flight.clone().acquire_owned()) else {
                return;
            };
            let answer = call(index);
            let results = results.clone();
            runtime.spawn(async move {
                let start_lag = due.elapsed();
                let ok = answer.await;
                drop(permit);
                // The receiver outlives every request it counts.
                let _ = results.send((ok, due.elapsed(), start_lag));
            });
        }
    });
    let mut run = Run::new()?;
    for _ in 0..total {
        let Some(done) = answered.recv().await else {
            break;
        };
        run.record_due(done);
    }
    run.throughput = run.latency_us.len() as f64 / start.elapsed().as_secs_f64();
    dispatcher
        .join()
        .map_err(|_| "the dispatching thread panicked")?;
    Ok(run)
}

/// Streams the articles through one `SummarizeStream` call, over and over
/// for about `duration`, and returns documents answered per second.
async fn stream(
    client: &Client,
    requests: &[SummarizeRequest],
    duration: Duration,
) -> Result<f64, Box<dyn std::error::Error>> {
    let start = Instant::now();
    let mut answered = 0usize;
    while start.elapsed() < duration {
        let items: Vec<SummarizeStreamRequest> = requests
            .iter()
            .enumerate()
            .map(|(index, request)| SummarizeStreamRequest {
                request_id: index.to_string(),
                request: Some(request.clone()),
            })
            .collect();
        let mut answers = client
            .clone()
            .summarize_stream(futures_util::stream::iter(items))
            .await?
            .into_inner();
        while answers.message().await?.is_some() {
            answered += 1;
        }
    }
    Ok(answered as f64 / start.elapsed().as_secs_f64())
}

/// The peak resident set size of process `pid`, as the kernel reports it.
fn peak_rss(pid: u32) -> Result<String, Box<dyn std::error::Error>> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .map(|value| value.trim().to_string())
        .ok_or_else(|| format!("no VmHWM for process {pid}").into())
}
