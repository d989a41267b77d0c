//! `precis summarize --jsonl`: many articles on all cores, answers in input
//! order, for evaluation and archive runs.

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use precis::summarize::{Format, Summarizer, SummaryOptions};
use precis::text::Language;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    let answers: Vec<(String, bool)> = pool.install(|| {
        lines
            .par_iter()
            .progress_with(progress)
            .map(|line| answer(summarizer, options, line))
            .collect()
    });
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (answer, _) in &answers {
        if writeln!(out, "{answer}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    let failures = answers.iter().filter(|(_, failed)| *failed).count();
    if failures > 0 {
        eprintln!(
            "precis: {failures} of {} articles could not be summarized",
            answers.len()
        );
    }
    ExitCode::SUCCESS
}

/// The fields of an input line that batch mode reads; any others (a
/// reference summary, a source) are passed over unread. Fields are read
/// as any JSON value, so that a line whose text is not a string is still
/// answered under its id.
#[derive(Deserialize)]
struct Article {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    text: Value,
    #[serde(default)]
    title: Value,
    #[serde(default)]
    lang: Value,
}

/// An output line: the article's id and its summary or why there is none.
/// Fields are written in this order.
#[derive(Serialize)]
struct Answer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    id: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
}

/// The output line for one input line, and whether it is an error.
fn answer(summarizer: &Summarizer, options: &SummaryOptions, line: &str) -> (String, bool) {
    let article: Article = match serde_json::from_str(line) {
        Ok(article) => article,
        Err(error) => return failed(&Value::Null, format!("not an article line: {error}")),
    };
    let Value::String(text) = &article.text else {
        return failed(&article.id, "no \"text\" string".to_string());
    };
    let mut options = options.clone();
    options.format = Format::Lines;
    if options.title.is_none()
        && let Value::String(title) = article.title
    {
        options.title = Some(title);
    }
    if options.language.is_none() {
        options.language = article
            .lang
            .as_str()
            .and_then(|code| Language::from_code(code).ok());
    }
    match summarizer.summarize(text, &options) {
        Ok(summary) => {
            let answer = Answer {
                error: None,
                id: &article.id,
                summary: Some(summary.text),
            };
            (json_line(&answer), false)
        }
        Err(error) => failed(&article.id, error.to_string()),
    }
}

/// The output line of an article that could not be summarized.
fn failed(id: &Value, error: String) -> (String, bool) {
    let answer = Answer {
        error: Some(error),
        id,
        summary: None,
    };
    (json_line(&answer), true)
}

fn json_line(answer: &Answer) -> String {
    serde_json::to_string(answer).unwrap_or_default()
}
