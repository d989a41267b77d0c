//! Inputs built to make one request's work super-linear or its memory
//! unbounded: every step stays linear in its input, or is capped.
//!
//! Each attack runs against the `precis` binary. At full size the inputs
//! are the worst of their kind within the default limits and each call
//! must end within [`REQUEST_BOUND`]; a debug build gets a sixteenth of
//! the size and more time, as its code is slower.

use std::time::{Duration, Instant};

use precis::proto::summary_service_client::SummaryServiceClient;
use precis::proto::{ExtractArticleRequest, SummarizeRequest, SummarizeResponse};
use tempfile::TempDir;
use tonic::Code;
use tonic::transport::Channel;

use crate::common::process::ServerProcess;
use crate::common::{html_request, text_request, violated_fields};

/// The longest one request may take under the default limits.
const REQUEST_BOUND: Duration = Duration::from_secs(2);

/// What one request may take here.
fn request_bound() -> Duration {
    super::scaled(Duration::from_secs(30), REQUEST_BOUND)
}

/// An attack's size: `full` at full size, a sixteenth of it otherwise.
fn size(full: usize) -> usize {
    super::scaled(full / 16, full)
}

/// A sentence to give each attack an article around it.
const SENTENCE: &str = "The council voted for the sea wall on Sunday night. ";

/// A server with the default limits, and a client for it.
struct Server {
    process: ServerProcess,
    client: SummaryServiceClient<Channel>,
    _data: TempDir,
}

async fn server() -> Server {
    let data = tempfile::tempdir().expect("temporary directory");
    let mut process = ServerProcess::spawn_sqlite(data.path(), &[]);
    let channel = process.ready_channel("").await;
    let client = SummaryServiceClient::new(channel)
        .max_decoding_message_size(usize::MAX)
        .max_encoding_message_size(usize::MAX);
    Server {
        process,
        client,
        _data: data,
    }
}

/// The answer to `request` and how long it took, checked against the
/// bound.
async fn timed(
    client: &mut SummaryServiceClient<Channel>,
    what: &str,
    request: SummarizeRequest,
) -> Result<SummarizeResponse, tonic::Status> {
    let started = Instant::now();
    let answer = client
        .summarize(request)
        .await
        .map(tonic::Response::into_inner);
    let took = started.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took <= request_bound(), "{what} took {took:?}");
    answer
}

/// One `<p>` of `count` distinct attributes around a sentence.
fn attributes(count: usize) -> String {
    let names: String = (0..count).map(|i| format!(" a{i}=\"{i}\"")).collect();
    format!("<p{names}>{SENTENCE}</p>")
}

fn page(body: &str) -> String {
    format!("<html><body>{body}<p>{SENTENCE}Work starts in spring.</p></body></html>")
}

#[tokio::test]
async fn elements_with_too_many_attributes_are_refused_at_once() {
    let mut server = server().await;
    let client = &mut server.client;
    let one_element = page(&attributes(size(100_000)));
    let repeated_body: String = (0..size(16_000))
        .map(|i| {
            let names: String = (0..10).map(|j| format!(" b{i}-{j}=1")).collect();
            format!("<body{names}></body>")
        })
        .collect();
    for (what, html) in [
        ("one element's attributes", one_element),
        ("repeated body tags", page(&repeated_body)),
    ] {
        let status = timed(client, what, html_request(&html))
            .await
            .expect_err("too many attributes");
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert_eq!(violated_fields(&status), ["html"]);
        assert!(status.message().contains("256 attributes"), "{status:?}");
        let status = client
            .extract_article(ExtractArticleRequest { html })
            .await
            .expect_err("ExtractArticle refuses it too");
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    }
}

#[tokio::test]
async fn a_page_full_of_elements_at_the_attribute_limit_is_answered_in_time() {
    let mut server = server().await;
    let client = &mut server.client;
    let element = attributes(256);
    let body = element.repeat(size(2 * 1024 * 1024 - 1024) / element.len());
    let summary = timed(
        client,
        "elements of 256 attributes",
        html_request(&page(&body)),
    )
    .await
    .expect("a page within the limits is summarized");
    assert!(!summary.sentences.is_empty());
}

#[tokio::test]
async fn nesting_hidden_from_a_tag_count_is_refused() {
    let mut server = server().await;
    let client = &mut server.client;
    for hiding in [
        "<span>a</x>",
        "<span><div></span>",
        "<span><img alt='</span>'>",
    ] {
        let html = page(&hiding.repeat(size(2 * 1024 * 1024) / hiding.len() / 2));
        let status = timed(client, hiding, html_request(&html))
            .await
            .expect_err("nested past the depth limit");
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert!(status.message().contains("too deeply"), "{status:?}");
    }
}

/// `levels` nested `<div>`s, each holding a paragraph when `text`.
fn nested(levels: usize, text: bool) -> String {
    let paragraph = if text {
        format!("<p>{SENTENCE}</p>")
    } else {
        String::new()
    };
    let opening: String = (0..levels).map(|_| format!("<div>{paragraph}")).collect();
    format!("{opening}{SENTENCE}{}", "</div>".repeat(levels))
}

#[tokio::test]
async fn pages_that_would_take_the_extractors_seconds_are_refused() {
    let mut server = server().await;
    let client = &mut server.client;
    for (what, body, message) in [
        ("262 000 breaks", "a<br>".repeat(262_000), "40000 elements"),
        (
            "text nested 128 deep",
            nested(128, true).repeat(40),
            "too deeply",
        ),
        (
            "divs nested 500 deep",
            nested(500, false).repeat(80),
            "too deeply",
        ),
    ] {
        let status = timed(client, what, html_request(&page(&body)))
            .await
            .expect_err("refused");
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert!(status.message().contains(message), "{status:?}");
    }
}

#[tokio::test]
async fn pages_at_the_tree_limits_are_answered_in_time() {
    let mut server = server().await;
    let client = &mut server.client;
    let blocks = |full: usize| super::scaled(full.div_ceil(16), full);
    for (what, body) in [
        ("text nested 128 deep", nested(128, true).repeat(blocks(20))),
        ("divs nested 500 deep", nested(500, false).repeat(blocks(6))),
        ("39 000 breaks", "word<br>".repeat(size(39_000))),
        (
            "tables",
            "<table><tr><td>a</td><td>b</td></tr></table>".repeat(size(7_900)),
        ),
    ] {
        // Extracted in time, and then summarized or, for a page whose
        // lines are each a sentence, refused by the sentence limit.
        match timed(client, what, html_request(&page(&body))).await {
            Ok(summary) => assert!(!summary.sentences.is_empty()),
            Err(status) => assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}"),
        }
    }
}

/// A request for `text` read as English.
fn english(text: String, title: Option<String>) -> SummarizeRequest {
    SummarizeRequest {
        language: "en".into(),
        title: title.unwrap_or_default(),
        ..text_request(&text)
    }
}

#[tokio::test]
async fn one_long_word_is_read_in_linear_time() {
    let mut server = server().await;
    let client = &mut server.client;
    for letters in [size(400_000), size(1_000_000)] {
        let text = format!("{SENTENCE}The {} wall. {SENTENCE}", "y".repeat(letters));
        let summary = timed(client, "one long word", english(text, None))
            .await
            .expect("summarized");
        assert!(!summary.sentences.is_empty());
    }
    let article = SENTENCE.repeat(size(900_000) / SENTENCE.len());
    let title = "y".repeat(size(2 * 1024 * 1024));
    let summary = timed(
        client,
        "a title of one long word",
        english(article, Some(title)),
    )
    .await
    .expect("summarized");
    assert!(!summary.sentences.is_empty());
}

#[tokio::test]
async fn sentence_boundaries_are_found_in_linear_time() {
    let mut server = server().await;
    let client = &mut server.client;
    let megabyte = size(1024 * 1024 - 1024);
    for piece in [
        // Every terminator once looked past all the others for a word.
        " -.",
        // Every numbered full stop once read its whole line back.
        "1. A ",
        " 3.5",
        "« Oui. » ",
        "- a\n",
    ] {
        let text = format!("{SENTENCE}{}", piece.repeat(megabyte / piece.len()));
        match timed(client, piece, english(text, None)).await {
            Ok(summary) => assert!(!summary.sentences.is_empty()),
            Err(status) => assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}"),
        }
    }
}

#[tokio::test]
async fn the_worst_documents_within_the_limits_are_answered_in_time() {
    let mut server = server().await;
    let client = &mut server.client;
    let megabyte = size(1024 * 1024 - 1024);
    let similar: String = (0..super::scaled(1_250, 19_990))
        .map(|i| format!("The council met on day {i}. "))
        .collect();
    let prose = (0..)
        .map(|i| format!("Harbour story {i} said the council had voted for the wall. "))
        .scan(0, |bytes, sentence| {
            *bytes += sentence.len();
            (*bytes <= megabyte).then_some(sentence)
        })
        .collect::<String>();
    let one_word_lines: String = (0..size(100_000)).map(|i| format!("word{i}\n")).collect();
    for algorithm in [
        precis::proto::Algorithm::Centrality,
        precis::proto::Algorithm::Lexrank,
        precis::proto::Algorithm::Textrank,
    ] {
        for (what, text) in [("similar sentences", &similar), ("prose", &prose)] {
            let request = SummarizeRequest {
                algorithm: algorithm as i32,
                ..english(text.clone(), None)
            };
            timed(client, what, request).await.expect("summarized");
        }
    }
    // Each line is a sentence: summarized by its lines, or over the
    // sentence limit at full size.
    match timed(client, "one-word lines", text_request(&one_word_lines)).await {
        Ok(summary) => assert_eq!(summary.sentences.len(), 3),
        Err(status) => assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}"),
    }
}

#[tokio::test]
async fn distinct_long_words_leave_no_memory_behind() {
    let Server {
        process: server,
        mut client,
        _data,
    } = server().await;
    let calls = super::scaled(40, 400);
    let letters = size(900_000);
    let before = server.rss_bytes();
    for call in 0..calls {
        // A distinct word per call: its own letter at its own place.
        let mut word = vec![b'y'; letters];
        word[call * letters / calls] = b'x';
        let word = String::from_utf8(word).unwrap();
        let text = format!("{SENTENCE}The {word} wall. {SENTENCE}");
        client
            .summarize(english(text, None))
            .await
            .expect("summarized");
    }
    let after = server.rss_bytes();
    eprintln!(
        "RSS {} MB before, {} MB after {calls} distinct long words",
        before >> 20,
        after >> 20
    );
    assert!(
        after < super::scaled(200, 300) << 20,
        "RSS grew from {before} to {after} bytes"
    );
}
