//! `precis seed-demo`: a few articles written for the demo, in two
//! sections, so a fresh machine's reader page has something to show.
//!
//! Each article has a fixed id and request id, so running the command again
//! returns the articles already stored instead of failing or duplicating.

use std::process::ExitCode;

use precis::server::Articles;
use precis::store::{ArticleContent, ArticleId, NewArticle, Timestamp};
use serde_json::Value;

use super::StoreArgs;
use super::serve::open_store;

/// The demo articles: `id`, `section`, `title`, `author`, `publish_time`
/// (RFC 3339) and `text` each.
const DEMO_ARTICLES: &str = include_str!("demo_articles.json");

/// Stores the demo articles; fails when the store cannot be opened or an
/// article cannot be stored.
pub fn run(args: StoreArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(seed(&args)) {
        Ok(count) => {
            println!("{count} demo articles stored");
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "cannot store the demo articles");
            ExitCode::FAILURE
        }
    }
}

async fn seed(args: &StoreArgs) -> Result<usize, Box<dyn std::error::Error>> {
    let Articles(store) = open_store(args).await?;
    let articles = demo_articles()?;
    for article in &articles {
        store.create(article.clone()).await?;
    }
    Ok(articles.len())
}

/// The demo articles, ready to store.
fn demo_articles() -> Result<Vec<NewArticle>, String> {
    let list: Vec<Value> = serde_json::from_str(DEMO_ARTICLES).map_err(|e| e.to_string())?;
    list.iter().map(demo_article).collect()
}

fn demo_article(entry: &Value) -> Result<NewArticle, String> {
    let field = |name: &str| {
        entry[name]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("a demo article has no {name}"))
    };
    let id = field("id")?;
    let published: prost_types::Timestamp = field("publish_time")?
        .parse()
        .map_err(|error| format!("{id}: {error}"))?;
    Ok(NewArticle {
        id: Some(ArticleId::parse(&id)?),
        request_id: Some(format!("seed-{id}")),
        content: ArticleContent {
            title: field("title")?,
            text: field("text")?,
            section: field("section")?,
            language: "en".to_string(),
            author: field("author")?,
            ..ArticleContent::default()
        },
        publish_time: Timestamp::from_parts(published.seconds, published.nanos),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_articles_fill_two_sections() {
        let articles = demo_articles().expect("the demo articles parse");
        let mut sections: Vec<_> = articles
            .iter()
            .map(|a| a.content.section.as_str())
            .collect();
        sections.dedup();
        assert_eq!(sections, ["world", "science"]);
        assert!(articles.iter().all(|a| a.content.problems().is_empty()));
    }
}
