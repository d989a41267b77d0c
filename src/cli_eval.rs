//! Hidden commands for evaluation: `precis segment` (sentence segmentation
//! of JSON Lines documents, see `eval/segmentation.sh`) and `precis terms`
//! (terms of each line, see `eval/stemming.py`).

use std::io::{BufRead, Write};

use precis::text::{Language, TermAnalyzer, segments};
use serde_json::{Value, json};

/// Reads `{"id", "text", "lang"?}` per line and writes `{"id", "sentences",
/// "detected", "confidence", "fallback"}` per line. The sentences are all
/// the segments of the text, wordless ones ("------") included, so that
/// every boundary is reported. A document's `lang` (or `language`,
/// when given) is used as an explicit language; otherwise it is detected.
/// `detected` and `confidence` are what detection alone finds, for
/// measuring it on the same documents.
pub fn segment_jsonl(
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
        let detection = Language::detect(text);
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
pub fn terms_jsonl(
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
