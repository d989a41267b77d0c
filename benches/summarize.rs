//! Core benchmarks: what one article costs each algorithm, beside the floor
//! of one pass of Unicode word segmentation over the same text, and how the
//! cost per byte grows from 1 KB to 10 MB documents.
//!
//! `cargo bench` reads `../shared/data/cnndm_val1000.jsonl` (or the file in
//! `PRECIS_BENCH_DATA`) and skips with a message when it is absent. Articles
//! are read in the language their `lang` declares, as the batch mode and the
//! peers in `eval/speed.sh` read them; one more run of the default detects
//! the language instead, to show what detection adds. Every result is
//! printed as a ratio to a baseline measured in the same run, since times on
//! a shared machine drift.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use precis::summarize::{Algorithm, Length, Limits, Summarizer, SummaryOptions};
use precis::text::Language;
use unicode_segmentation::UnicodeSegmentation;

/// Document sizes of the scaling table, in bytes.
const SIZES: [(&str, usize); 5] = [
    ("1 KB", 1_000),
    ("10 KB", 10_000),
    ("100 KB", 100_000),
    ("1 MB", 1_000_000),
    ("10 MB", 10_000_000),
];

/// The name under which the default with language detection is recorded.
const DETECTED: &str = "centrality, language detected";

/// One article of the data set: its text and the language its row declares.
struct Article {
    text: String,
    language: Option<Language>,
}

/// Per-iteration times of every benchmark, as measured by its samples.
type Samples = RefCell<BTreeMap<String, Vec<f64>>>;

fn main() {
    let path = std::env::var_os("PRECIS_BENCH_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/cnndm_val1000.jsonl"),
        PathBuf::from,
    );
    let Ok(data) = std::fs::read_to_string(&path) else {
        println!(
            "skipping the benchmarks: no data at {} (set PRECIS_BENCH_DATA to a JSONL file of {{\"text\"}} articles)",
            path.display()
        );
        return;
    };
    let articles: Vec<Article> = data
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| {
            Some(Article {
                text: row.get("text")?.as_str()?.to_string(),
                language: row
                    .get("lang")
                    .and_then(|code| Language::from_code(code.as_str()?).ok()),
            })
        })
        .collect();
    let samples = Samples::default();
    let mut criterion = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    articles_benchmarks(&mut criterion, &articles, &samples);
    scaling_benchmarks(&mut criterion, &articles, &samples);
    criterion.final_summary();
    report(&samples.borrow(), articles.len());
}

/// The per-iteration time of `routine`, recorded under `name` for the
/// ratio tables.
fn measured(samples: &Samples, name: &str, iterations: u64, mut routine: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..iterations {
        routine();
    }
    let elapsed = start.elapsed();
    samples
        .borrow_mut()
        .entry(name.to_string())
        .or_default()
        .push(elapsed.as_secs_f64() / iterations as f64);
    elapsed
}

fn summarizer() -> Summarizer {
    Summarizer::new(Limits::UNLIMITED)
}

fn options(algorithm: Algorithm, language: Option<Language>) -> SummaryOptions {
    SummaryOptions {
        length: Length::Sentences(3),
        algorithm,
        language,
        ..SummaryOptions::default()
    }
}

fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

/// All articles through the floor, through each algorithm in their declared
/// language, and through the default with detection.
fn articles_benchmarks(criterion: &mut Criterion, articles: &[Article], samples: &Samples) {
    let mut group = criterion.benchmark_group("articles");
    group.bench_function("floor", |bench| {
        bench.iter_custom(|iterations| {
            measured(samples, "floor", iterations, || {
                std::hint::black_box(articles.iter().map(|a| word_count(&a.text)).sum::<usize>());
            })
        })
    });
    let summarizer = summarizer();
    let runs = Algorithm::ALL
        .into_iter()
        .map(|algorithm| (algorithm.name(), algorithm, true))
        .chain([(DETECTED, Algorithm::Centrality, false)]);
    for (name, algorithm, declared) in runs {
        let all_options: Vec<SummaryOptions> = articles
            .iter()
            .map(|article| options(algorithm, article.language.filter(|_| declared)))
            .collect();
        group.bench_function(name, |bench| {
            bench.iter_custom(|iterations| {
                measured(samples, name, iterations, || {
                    for (article, options) in articles.iter().zip(&all_options) {
                        std::hint::black_box(summarizer.summarize(&article.text, options).ok());
                    }
                })
            })
        });
    }
    group.finish();
}

/// A document of about `size` bytes made of whole articles joined by blank
/// lines, cut at a sentence end.
fn document(articles: &[Article], size: usize) -> String {
    let mut text = String::new();
    for article in articles.iter().cycle() {
        if text.len() >= size {
            break;
        }
        text.push_str(&article.text);
        text.push_str("\n\n");
    }
    let cut = text[..size.min(text.len())]
        .rfind(". ")
        .map_or(size, |end| end + 1);
    text.truncate(cut);
    text
}

/// One document of each size through the floor and the graph methods.
fn scaling_benchmarks(criterion: &mut Criterion, articles: &[Article], samples: &Samples) {
    let mut group = criterion.benchmark_group("scaling");
    let summarizer = summarizer();
    for (label, size) in SIZES {
        let text = document(articles, size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("floor", label), &text, |bench, text| {
            bench.iter_custom(|iterations| {
                measured(samples, &format!("floor/{label}"), iterations, || {
                    std::hint::black_box(word_count(text));
                })
            })
        });
        for algorithm in [
            Algorithm::Centrality,
            Algorithm::LexRank,
            Algorithm::TextRank,
        ] {
            let options = options(algorithm, None);
            let name = format!("{}/{label}", algorithm.name());
            group.bench_with_input(
                BenchmarkId::new(algorithm.name(), label),
                &text,
                |bench, text| {
                    bench.iter_custom(|iterations| {
                        measured(samples, &name, iterations, || {
                            std::hint::black_box(summarizer.summarize(text, &options).ok());
                        })
                    })
                },
            );
        }
        samples
            .borrow_mut()
            .insert(format!("bytes/{label}"), vec![text.len() as f64]);
    }
    group.finish();
}

/// The median of a benchmark's per-iteration times, in seconds.
fn median(samples: &BTreeMap<String, Vec<f64>>, name: &str) -> Option<f64> {
    let mut times = samples.get(name)?.clone();
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied()
}

/// Prints the ratio tables of the benchmarks that ran (a filter on the
/// command line may have left some out).
fn report(samples: &BTreeMap<String, Vec<f64>>, article_count: usize) {
    report_articles(samples, article_count);
    report_scaling(samples);
}

/// The per-article table, when the floor and some algorithm ran.
fn report_articles(samples: &BTreeMap<String, Vec<f64>>, article_count: usize) {
    let Some(floor) = median(samples, "floor") else {
        return;
    };
    println!("\nPer article over {article_count} articles (3 sentences), ratio to the floor:");
    println!("| algorithm | µs/article | × floor |");
    println!("|---|---|---|");
    println!(
        "| floor (Unicode words) | {:.1} | 1.0 |",
        floor * 1e6 / article_count as f64
    );
    let names = Algorithm::ALL.map(Algorithm::name);
    for name in names.iter().chain([&DETECTED]) {
        if let Some(time) = median(samples, name) {
            println!(
                "| {name} | {:.1} | {:.1} |",
                time * 1e6 / article_count as f64,
                time / floor
            );
        }
    }
}

/// The scaling table, when its 10 KB baseline ran.
fn report_scaling(samples: &BTreeMap<String, Vec<f64>>) {
    if median(samples, "floor/10 KB").is_none() {
        return;
    }
    println!("\nScaling: ns per input byte, and its ratio to the 10 KB document:");
    println!(
        "| size | floor ns/B | centrality ns/B | × 10 KB | lexrank ns/B | × 10 KB | textrank ns/B | × 10 KB |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let per_byte = |name: &str, label: &str| {
        let bytes = samples.get(&format!("bytes/{label}"))?.first()?;
        Some(median(samples, &format!("{name}/{label}"))? * 1e9 / bytes)
    };
    let algorithms = ["centrality", "lexrank", "textrank"];
    let bases = algorithms.map(|algorithm| per_byte(algorithm, "10 KB").unwrap_or(f64::NAN));
    for (label, _) in SIZES {
        let Some(floor) = per_byte("floor", label) else {
            continue;
        };
        let mut row = format!("| {label} | {floor:.1} |");
        for (algorithm, base) in algorithms.into_iter().zip(bases) {
            let cost = per_byte(algorithm, label).unwrap_or(f64::NAN);
            row.push_str(&format!(" {cost:.1} | {:.2} |", cost / base));
        }
        println!("{row}");
    }
}
