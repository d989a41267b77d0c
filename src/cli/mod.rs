//! Command-line arguments; each flag can also come from a `PRECIS_*`
//! environment variable.

pub mod batch;
pub mod eval;
pub mod extract;
pub mod input;
pub mod output;
pub mod seed_demo;
pub mod serve;
pub mod summarize;

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use precis::summarize::{Algorithm, Format, Length, SummaryOptions};
use precis::text::Language;

pub use serve::{ServeArgs, StoreArgs};

/// Extractive summaries of news articles, over gRPC or on the command line.
#[derive(Parser)]
#[command(name = "precis", version, about)]
pub struct Cli {
    /// How log lines on standard error look: `text` for people, `json` (one
    /// object a line) for log collectors.
    #[arg(long, global = true, env = "PRECIS_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The shape of log lines.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines, coloured on a terminal.
    Text,
    /// One JSON object a line, with the span fields (method, request id).
    Json,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Run the gRPC server until SIGINT or SIGTERM.
    Serve(Box<ServeArgs>),
    /// Store a handful of demo articles in two sections, so the reader page
    /// has something to show; running it again changes nothing.
    SeedDemo(StoreArgs),
    /// Summarize a file, standard input, or a JSONL batch, without a server.
    Summarize(SummarizeArgs),
    /// Extract the article of an HTML page: metadata and body.
    Extract(ExtractArgs),
    /// Extract the article of every `*.html` page of a directory as JSON
    /// Lines, for the extraction benchmark (see `eval/extraction.sh`).
    #[command(hide = true)]
    ExtractPages(ExtractPagesArgs),
    /// Split JSON Lines documents into sentences, for evaluation.
    #[command(hide = true)]
    Segment(SegmentArgs),
    /// Print the terms of each input line as a JSON array, for evaluation.
    #[command(hide = true)]
    Terms(TermsArgs),
    /// Print the ranking methods' names, the default first, for evaluation.
    #[command(hide = true)]
    Algorithms,
}

/// Options of `precis extract`.
#[derive(Args)]
pub struct ExtractArgs {
    /// The HTML page, in any encoding its `<meta charset>` names; `-` reads
    /// standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// Print the whole article as JSON instead of its title and body: the
    /// ExtractArticle response in the proto3 JSON mapping.
    #[arg(long, env = "PRECIS_JSON")]
    pub json: bool,
}

/// Options of the hidden `precis extract-pages`.
#[derive(Args)]
pub struct ExtractPagesArgs {
    /// A directory of `<id>.html` pages; writes `{"id", "system", "text",
    /// "ms"}` and the metadata (`"title"`, `"byline"`, `"published_time"`,
    /// `"language"`, `"canonical_url"`) per page, and `"error"` for a page
    /// without an article.
    pub dir: PathBuf,
}

/// Options of the hidden `precis terms`.
#[derive(Args)]
pub struct TermsArgs {
    /// Language whose stop words (and stemmer) apply.
    #[arg(long, value_parser = Language::from_code)]
    pub language: Language,
    /// Keep words unstemmed, to compare with the stemmer.
    #[arg(long)]
    pub no_stem: bool,
}

/// Options of the hidden `precis segment`.
#[derive(Args)]
pub struct SegmentArgs {
    /// JSON Lines, one `{"id", "text", "lang"?}` per line; `-` reads
    /// standard input. Writes `{"id", "sentences", "detected",
    /// "confidence"}` per line.
    #[arg(long, default_value = "-")]
    pub jsonl: PathBuf,
    /// Language for every document, over each one's `lang`.
    #[arg(long, value_parser = Language::from_code)]
    pub language: Option<Language>,
}

/// Options of `precis summarize`.
#[derive(Args)]
pub struct SummarizeArgs {
    /// The article as plain text, or with --jsonl a file of articles; `-`
    /// reads standard input.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// Read the input as an HTML page and summarize its article; implied by
    /// an `.html` or `.htm` file or a page that opens like HTML.
    #[arg(long, env = "PRECIS_HTML", conflicts_with = "jsonl")]
    pub html: bool,
    /// Read one JSON article per line ({"id", "text", "title"?, "lang"?})
    /// and write {"id", "summary"} per line, one summary sentence per line.
    #[arg(long, env = "PRECIS_JSONL")]
    pub jsonl: bool,
    /// Worker threads for --jsonl [default: number of CPUs].
    #[arg(long, env = "PRECIS_THREADS")]
    pub threads: Option<usize>,
    #[command(flatten)]
    length: LengthArgs,
    /// How to render the summary.
    #[arg(long, env = "PRECIS_FORMAT", default_value = Format::Paragraph.name(),
          value_parser = named(&FORMATS, Format::name))]
    format: Format,
    /// Ranking method.
    #[arg(long, env = "PRECIS_ALGORITHM", default_value = Algorithm::default().name(),
          value_parser = named(&Algorithm::ALL, Algorithm::name))]
    algorithm: Algorithm,
    /// Language as a BCP-47 code; detected when absent.
    #[arg(long, env = "PRECIS_LANGUAGE", value_parser = Language::from_code)]
    language: Option<Language>,
    /// The article's title, which helps ranking.
    #[arg(long, env = "PRECIS_TITLE")]
    title: Option<String>,
    /// Print the whole result as JSON instead of the summary text: the
    /// Summarize response in the proto3 JSON mapping (lowerCamelCase
    /// fields, enum value names, fields at their default left out).
    #[arg(long, env = "PRECIS_JSON")]
    pub json: bool,
}

#[derive(Args)]
#[group(multiple = false)]
struct LengthArgs {
    /// Number of sentences [default: 3].
    #[arg(long, env = "PRECIS_SENTENCES")]
    sentences: Option<u32>,
    /// Word budget, in whole sentences.
    #[arg(long, env = "PRECIS_WORDS")]
    words: Option<u32>,
    /// Share of the document's sentences, in (0, 1].
    #[arg(long, env = "PRECIS_RATIO")]
    ratio: Option<f64>,
}

/// The formats a person asks for; batch lines are for the batch mode.
const FORMATS: [Format; 2] = [Format::Paragraph, Format::Bullets];

/// A parser of the core's names of an enum's values, so that the command
/// line spells them as the core does.
fn named<T: Copy + Send + Sync + 'static>(
    values: &'static [T],
    name: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(values.iter().map(|&value| name(value))).map(move |given| {
        // The possible values admit only these names.
        values
            .iter()
            .copied()
            .find(|&value| name(value) == given)
            .unwrap_or(values[0])
    })
}

impl SummarizeArgs {
    /// The core options these arguments ask for.
    pub fn options(&self) -> SummaryOptions {
        let length = &self.length;
        SummaryOptions {
            length: match (length.sentences, length.words, length.ratio) {
                (_, Some(words), _) => Length::Words(words),
                (_, _, Some(ratio)) => Length::Ratio(ratio),
                (Some(sentences), _, _) => Length::Sentences(sentences),
                _ => Length::default(),
            },
            algorithm: self.algorithm,
            format: self.format,
            language: self.language,
            title: self.title.clone(),
        }
    }
}
