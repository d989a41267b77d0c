//! Writes the default ranking's features of every sentence of a JSONL data
//! set, for `eval/fit_weights.py`:
//!
//! ```sh
//! cargo run --release --example sentence_features -- ../shared/data/cnndm_val1000.jsonl 3 > features.jsonl
//! ```

use precis::summarize::{FEATURE_NAMES, Length, Limits, Summarizer, SummaryOptions};
use serde_json::{Value, json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: sentence_features DATA.jsonl SENTENCES";
    let path = std::env::args().nth(1).ok_or(usage)?;
    let sentences: u32 = std::env::args().nth(2).ok_or(usage)?.parse()?;
    let summarizer = Summarizer::new(Limits::UNLIMITED);
    println!("{}", json!({ "feature_names": FEATURE_NAMES }));
    for line in std::fs::read_to_string(path)?
        .lines()
        .filter(|line| !line.trim().is_empty())
    {
        let article: Value = serde_json::from_str(line)?;
        let text = article["text"].as_str().unwrap_or_default();
        let options = SummaryOptions {
            length: Length::Sentences(sentences),
            title: article["title"]
                .as_str()
                .filter(|title| !title.is_empty())
                .map(str::to_string),
            ..SummaryOptions::default()
        };
        let sentences = summarizer.explain(text, &options).unwrap_or_default();
        let sentences: Vec<Value> = sentences
            .iter()
            .map(|s| json!({ "text": s.text, "eligible": s.eligible, "features": s.features }))
            .collect();
        println!("{}", json!({ "id": article["id"], "sentences": sentences }));
    }
    Ok(())
}
