//! `precis summarize --jsonl`: many articles on all cores, answers in input
//! order, for evaluation and archive runs.

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use precis::summarize::{Format, Summarizer, SummaryOptions};
use precis::text::Language;
use rayon::prelude::*;
use serde_json::{Value, json};

/// Summarizes every line of `input` and writes one JSON line per article.
/// A bad line gets an `error` in its own output line; the batch goes on.
pub fn run(
    summarizer: &Summarizer,
    options: &SummaryOptions,
    input: &str,
    threads: Option<usize>,
) -> ExitCode {
    let lines: Vec<&str> = input
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("precis: cannot start worker threads: {error}");
            return ExitCode::FAILURE;
        }
    };
    let progress = if std::io::stderr().is_terminal() {
        ProgressBar::new(lines.len() as u64).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let answers: Vec<Value> = pool.install(|| {
        lines
            .par_iter()
            .progress_with(progress)
            .map(|line| answer(summarizer, options, line))
            .collect()
    });
    let mut out = BufWriter::new(std::io::stdout().lock());
    let failures = answers
        .iter()
        .filter(|answer| answer.get("error").is_some())
        .count();
    for answer in &answers {
        if writeln!(out, "{answer}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    if failures > 0 {
        eprintln!(
            "precis: {failures} of {} articles could not be summarized",
            answers.len()
        );
    }
    ExitCode::SUCCESS
}

/// The output line for one input line.
fn answer(summarizer: &Summarizer, options: &SummaryOptions, line: &str) -> Value {
    let article: Value = match serde_json::from_str(line) {
        Ok(article) => article,
        Err(error) => {
            return json!({ "id": Value::Null, "error": format!("not a JSON line: {error}") });
        }
    };
    let id = article.get("id").cloned().unwrap_or(Value::Null);
    let Some(text) = article.get("text").and_then(Value::as_str) else {
        return json!({ "id": id, "error": "no \"text\" string" });
    };
    let mut options = options.clone();
    options.format = Format::Paragraph;
    if options.title.is_none() {
        options.title = article
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    if options.language.is_none() {
        options.language = article
            .get("lang")
            .and_then(Value::as_str)
            .and_then(|code| Language::from_code(code).ok());
    }
    match summarizer.summarize(text, &options) {
        Ok(summary) => {
            let sentences: Vec<String> = summary
                .sentences
                .iter()
                .map(|sentence| {
                    sentence
                        .text
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            json!({ "id": id, "summary": sentences.join("\n") })
        }
        Err(error) => json!({ "id": id, "error": error.to_string() }),
    }
}
