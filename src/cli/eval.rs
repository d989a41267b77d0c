//! Hidden commands for evaluation: `precis segment` (sentence segmentation
//! of JSON Lines documents, see `eval/segmentation.sh`), `precis terms`
//! (terms of each line, see `eval/stemming.py`) and `precis algorithms`
//! (the ranking methods' names, so the eval scripts name no method themselves).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use precis::summarize::Algorithm;
use precis::text::{Language, Stemming, TermAnalyzer, detect_language, segments};
use serde_json::{Value, json};

use super::input::read_input;
use super::{SegmentArgs, TermsArgs};

/// `precis algorithms`: the name of each ranking method, one a line, the
/// default first.
pub fn algorithms() -> ExitCode {
    let default = Algorithm::default();
    let others = Algorithm::ALL
        .into_iter()
        .filter(|&method| method != default);
    let names: Vec<&str> = std::iter::once(default)
        .chain(others)
        .map(Algorithm::name)
        .collect();
    let mut stdout = std::io::stdout().lock();
    exit_code(writeln!(stdout, "{}", names.join("\n")).map_err(|error| error.to_string()))
}

/// `precis terms`: the terms of each line of standard input.
pub fn terms(args: TermsArgs) -> ExitCode {
    let stemming = if args.no_stem {
        Stemming::None
    } else {
        args.language.stemmer()
    };
    let analyzer = TermAnalyzer::with_stemming(args.language, stemming);
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    exit_code(terms_jsonl(stdin, stdout, &analyzer))
}

/// `precis segment`: the sentences of each JSON Lines document.
pub fn segment(args: SegmentArgs) -> ExitCode {
    let text = match read_input(&args.jsonl) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("precis: cannot read {}: {error}", args.jsonl.display());
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    exit_code(segment_jsonl(text.as_bytes(), stdout, args.language))
}

fn exit_code(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("precis: {error}");
            ExitCode::from(2)
        }
    }
}

/// Reads `{"id", "text", "lang"?}` per line and writes `{"id", "sentences",
/// "detected", "confidence", "fallback"}` per line. The sentences are all
/// the segments of the text, wordless ones ("------") included, so that
/// every boundary is reported. A document's `lang` (or `language`,
/// when given) is used as an explicit language; otherwise it is detected.
/// `detected` and `confidence` are what detection alone finds, for
/// measuring it on the same documents.
fn segment_jsonl(
    input: impl BufRead,
    mut output: impl Write,
    language: Option<Language>,
) -> Result<(), String> {
    for (number, line) in input.lines().enumerate() {
        let line = line.map_err(|error| error.to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let document: Value =
            serde_json::from_str(&line).map_err(|error| format!("line {}: {error}", number + 1))?;
        let text = document["text"]
            .as_str()
            .ok_or_else(|| format!("line {}: no \"text\"", number + 1))?;
        let detection = detect_language(text);
        let given = match (language, document["lang"].as_str()) {
            (Some(language), _) => Some(language),
            (None, Some(code)) => Some(
                Language::from_code(code)
                    .map_err(|error| format!("line {}: {error}", number + 1))?,
            ),
            (None, None) => None,
        };
        let used = given.unwrap_or(detection.language);
        let sentences: Vec<&str> = segments(text, used)
            .into_iter()
            .map(|range| &text[range])
            .collect();
        let record = json!({
            "id": document["id"],
            "sentences": sentences,
            "detected": detection.code,
            "confidence": detection.confidence,
            "fallback": detection.is_fallback(),
        });
        writeln!(output, "{record}").map_err(|error| error.to_string())?;
    }
    Ok(())
}

/// Writes the terms of each input line as one JSON array per line.
fn terms_jsonl(
    input: impl BufRead,
    mut output: impl Write,
    analyzer: &TermAnalyzer,
) -> Result<(), String> {
    for line in input.lines() {
        let line = line.map_err(|error| error.to_string())?;
        writeln!(output, "{}", json!(analyzer.terms(&line))).map_err(|error| error.to_string())?;
    }
    Ok(())
}
