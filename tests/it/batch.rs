//! `precis summarize --jsonl` on the real binary: one answer line per
//! article line, in input order, bad lines answered with an error.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// Runs batch mode on `input` with one-sentence summaries on two threads:
/// the output lines as JSON, and standard error.
fn batch(input: &str) -> (Vec<Value>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_precis"))
        .args([
            "summarize",
            "--jsonl",
            "--threads",
            "2",
            "--sentences",
            "1",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run precis summarize --jsonl");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write articles");
    let output = child.wait_with_output().expect("batch output");
    assert!(output.status.success(), "{output:?}");
    let lines = String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    (lines, String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn every_line_is_answered_in_order_and_bad_lines_say_why() {
    let ferry = json!({
        "id": 7,
        "title": "Harbour ferry returns after repairs",
        "text": "The harbour ferry returned to service on Monday after two months of repairs. \
                 Engineers replaced both engines and the ferry passed its safety trials. \
                 A bakery near the pier sold out of bread by noon.",
        "lang": "en",
        "summary": "a reference summary, which batch mode does not read",
    });
    let lines: Vec<String> = (0..40)
        .map(|index| {
            let mut article = ferry.clone();
            article["id"] = json!(format!("ferry-{index}"));
            article.to_string()
        })
        .chain([
            "not JSON at all".to_string(),
            json!({ "id": "no-text", "title": "A title alone" }).to_string(),
            json!({ "id": "number", "text": 12 }).to_string(),
            "   ".to_string(),
            ferry.to_string(),
        ])
        .collect();
    let (answers, errors) = batch(&lines.join("\n"));

    assert_eq!(answers.len(), 44, "the blank line is skipped");
    for (index, answer) in answers[..40].iter().enumerate() {
        assert_eq!(answer["id"], json!(format!("ferry-{index}")));
        assert_eq!(answer.get("error"), None);
    }
    let summary = answers[43]["summary"].as_str().expect("a summary");
    assert_eq!(answers[43]["id"], json!(7));
    assert!(
        ferry["text"].as_str().unwrap().contains(summary),
        "one sentence of the article: {summary}"
    );
    assert_eq!(answers[0]["summary"], answers[43]["summary"]);

    assert_eq!(answers[40]["id"], Value::Null);
    let not_json = answers[40]["error"].as_str().expect("an error");
    assert!(not_json.starts_with("not an article line"), "{not_json}");
    assert_eq!(
        answers[41],
        json!({ "id": "no-text", "error": "no \"text\" string" })
    );
    assert_eq!(
        answers[42],
        json!({ "id": "number", "error": "no \"text\" string" })
    );
    assert!(errors.contains("3 of 44 articles"), "{errors}");
}
