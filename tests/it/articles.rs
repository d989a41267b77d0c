//! ArticleService over a real server on a temporary SQLite database: every
//! RPC, and every error case with its documented status and the field at
//! fault.

use crate::common;

use common::{ARTICLE, TestServer, text_request, violated_fields};
use precis::proto::article_service_client::ArticleServiceClient;
use precis::proto::summarize_request::{Document, Length};
use precis::proto::{
    Article, CreateArticleRequest, DeleteArticleRequest, GetAdjacentArticlesRequest,
    GetArticleRequest, GetArticleSummaryRequest, ListArticlesRequest, SummarizeRequest,
    UpdateArticleRequest,
};
use precis::server::{RequestLimits, ServerConfig};
use precis::summarize::Limits;
use prost_types::{FieldMask, Timestamp};
use tonic::transport::Channel;
use tonic::{Code, Status};
use tonic_types::StatusExt;

type Client = ArticleServiceClient<Channel>;

fn at(seconds: i64) -> Option<Timestamp> {
    Some(Timestamp {
        seconds: 1_780_000_000 + seconds,
        nanos: 0,
    })
}

fn story(title: &str, section: &str, seconds: i64) -> Article {
    Article {
        title: title.to_string(),
        text: format!("{title}. The council met on Monday. It voted for the plan."),
        section: section.to_string(),
        language: "en".to_string(),
        publish_time: at(seconds),
        ..Article::default()
    }
}

async fn create(client: &mut Client, id: &str, article: Article) -> Article {
    client
        .create_article(CreateArticleRequest {
            article: Some(article),
            article_id: id.to_string(),
            request_id: String::new(),
        })
        .await
        .expect("create")
        .into_inner()
        .article
        .expect("article")
}

fn names(articles: &[Article]) -> Vec<&str> {
    articles
        .iter()
        .map(|article| article.name.as_str())
        .collect()
}

#[track_caller]
fn assert_refused(status: &Status, code: Code, fields: &[&str]) {
    assert_eq!(status.code(), code, "{status:?}");
    assert_eq!(violated_fields(status), fields, "{status:?}");
    assert!(!status.message().is_empty());
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|path| path.to_string()).collect(),
    })
}

#[tokio::test]
async fn create_then_get_returns_the_stored_article() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let sent = Article {
        title: "Harbour town votes to build a sea wall".into(),
        text: ARTICLE.into(),
        html: "<html><body><article><p>Residents voted.</p></article></body></html>".into(),
        section: "local".into(),
        language: "en-GB".into(),
        author: "Portvale Courier".into(),
        canonical_url: "https://courier.example/sea-wall".into(),
        publish_time: Some(Timestamp {
            seconds: 1_780_000_000,
            nanos: 5,
        }),
        ..Article::default()
    };
    let created = create(&mut client, "sea-wall", sent.clone()).await;
    assert_eq!(created.name, "articles/sea-wall");
    assert_eq!(
        created.language, "en",
        "the tag is stored as its primary subtag"
    );
    assert_eq!(
        (
            created.title.as_str(),
            created.text.as_str(),
            created.html.as_str()
        ),
        (sent.title.as_str(), sent.text.as_str(), sent.html.as_str())
    );
    assert_eq!(created.publish_time, sent.publish_time);
    assert!(created.create_time.is_some() && created.create_time == created.update_time);
    assert!(!created.etag.is_empty());

    let fetched = client
        .get_article(GetArticleRequest {
            name: "articles/sea-wall".into(),
        })
        .await
        .expect("get")
        .into_inner()
        .article;
    assert_eq!(fetched, Some(created));
}

#[tokio::test]
async fn create_detects_the_language_and_chooses_an_id() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let ukrainian = Article {
        title: "Новини".into(),
        text: include_str!("../articles/uk.txt").into(),
        ..Article::default()
    };
    let created = create(&mut client, "", ukrainian).await;
    assert_eq!(created.language, "uk");
    assert!(created.name.starts_with("articles/"));
    assert!(
        created.publish_time.is_some(),
        "defaults to the create time"
    );

    let page_only = Article {
        title: "Harbour".into(),
        html: include_str!("../pages/harbour.html").into(),
        ..Article::default()
    };
    let created = create(&mut client, "page-only", page_only).await;
    assert_eq!(
        created.language, "en",
        "detected from the extracted article"
    );
}

#[tokio::test]
async fn invalid_creates_name_every_field_at_fault() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let cases = [
        (CreateArticleRequest::default(), vec!["article"]),
        (
            CreateArticleRequest {
                article: Some(Article::default()),
                ..CreateArticleRequest::default()
            },
            vec!["article.title", "article.text"],
        ),
        (
            CreateArticleRequest {
                article: Some(Article {
                    language: "xx-nowhere".into(),
                    ..story("Bad language", "world", 0)
                }),
                article_id: "Not An Id".into(),
                request_id: "r".repeat(200),
            },
            vec!["article_id", "request_id", "article.language"],
        ),
        (
            CreateArticleRequest {
                article: Some(Article {
                    publish_time: Some(Timestamp {
                        seconds: 0,
                        nanos: -1,
                    }),
                    ..story("Bad time", "world", 0)
                }),
                ..CreateArticleRequest::default()
            },
            vec!["article.publish_time"],
        ),
    ];
    for (request, fields) in cases {
        let status = client.create_article(request).await.unwrap_err();
        assert_refused(&status, Code::InvalidArgument, &fields);
    }
}

#[tokio::test]
async fn a_duplicate_id_is_already_exists() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    create(&mut client, "taken", story("First", "world", 0)).await;
    let status = client
        .create_article(CreateArticleRequest {
            article: Some(story("Second", "world", 0)),
            article_id: "taken".into(),
            request_id: String::new(),
        })
        .await
        .unwrap_err();
    assert_refused(&status, Code::AlreadyExists, &["article_id"]);
    let details = status.get_error_details();
    assert_eq!(
        details.resource_info().unwrap().resource_name,
        "articles/taken"
    );
}

#[tokio::test]
async fn request_ids_make_creates_idempotent() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let request = CreateArticleRequest {
        article: Some(story("Retried", "world", 0)),
        article_id: String::new(),
        request_id: "0b6f3c2e-retry".into(),
    };
    let first = client.create_article(request.clone()).await.unwrap();
    let retry = client.create_article(request.clone()).await.unwrap();
    assert_eq!(first.into_inner(), retry.into_inner());
    let listed = client
        .list_articles(ListArticlesRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.articles.len(), 1);

    let reused = CreateArticleRequest {
        article: Some(story("Something else", "world", 0)),
        ..request
    };
    let status = client.create_article(reused).await.unwrap_err();
    assert_refused(&status, Code::AlreadyExists, &["request_id"]);
    let details = status.get_error_details();
    assert_eq!(details.error_info().unwrap().reason, "REQUEST_ID_REUSED");
}

#[tokio::test]
async fn missing_malformed_and_unknown_names() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    for name in [
        "",
        "sea-wall",
        "articles/",
        "articles/UPPER",
        "stories/sea-wall",
    ] {
        let status = client
            .get_article(GetArticleRequest { name: name.into() })
            .await
            .unwrap_err();
        assert_refused(&status, Code::InvalidArgument, &["name"]);
    }
    let unknown = || "articles/nowhere".to_string();
    let status = client
        .get_article(GetArticleRequest { name: unknown() })
        .await
        .unwrap_err();
    assert_refused(&status, Code::NotFound, &[]);
    assert_eq!(
        status
            .get_error_details()
            .resource_info()
            .unwrap()
            .resource_name,
        "articles/nowhere"
    );
    let status = client
        .delete_article(DeleteArticleRequest {
            name: unknown(),
            etag: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = client
        .get_adjacent_articles(GetAdjacentArticlesRequest { name: unknown() })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = client
        .get_article_summary(GetArticleSummaryRequest {
            name: unknown(),
            options: None,
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: unknown(),
                ..story("Ghost", "world", 0)
            }),
            update_mask: None,
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
}

#[tokio::test]
async fn update_changes_the_masked_fields_and_the_etag() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let created = create(&mut client, "edited", story("Original", "world", 0)).await;
    let updated = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name.clone(),
                title: "Corrected headline".into(),
                author: "Ignored: not in the mask".into(),
                etag: created.etag.clone(),
                ..Article::default()
            }),
            update_mask: mask(&["title"]),
        })
        .await
        .expect("update")
        .into_inner()
        .article
        .unwrap();
    assert_eq!(updated.title, "Corrected headline");
    assert_eq!(updated.author, created.author);
    assert_eq!(updated.text, created.text);
    assert_ne!(updated.etag, created.etag);
    assert_eq!(updated.create_time, created.create_time);

    // The first etag is stale now.
    let status = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name.clone(),
                section: "sport".into(),
                etag: created.etag.clone(),
                ..Article::default()
            }),
            update_mask: mask(&["section"]),
        })
        .await
        .unwrap_err();
    assert_refused(&status, Code::Aborted, &["article.etag"]);
    let details = status.get_error_details();
    assert_eq!(details.error_info().unwrap().reason, "ETAG_MISMATCH");
    assert_eq!(
        details.error_info().unwrap().metadata["current_etag"],
        updated.etag
    );

    // An update that would leave no body is refused.
    let status = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name.clone(),
                ..Article::default()
            }),
            update_mask: mask(&["text"]),
        })
        .await
        .unwrap_err();
    assert_refused(&status, Code::InvalidArgument, &["article.text"]);
}

#[tokio::test]
async fn bad_field_masks_name_update_mask() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let created = create(&mut client, "masked", story("Masked", "world", 0)).await;
    for paths in [&["headline"][..], &["etag"], &["title", "create_time"]] {
        let status = client
            .update_article(UpdateArticleRequest {
                article: Some(Article {
                    name: created.name.clone(),
                    ..story("New", "world", 0)
                }),
                update_mask: mask(paths),
            })
            .await
            .unwrap_err();
        assert_refused(&status, Code::InvalidArgument, &["update_mask"]);
    }
    let unchanged = client
        .get_article(GetArticleRequest {
            name: created.name.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .article
        .unwrap();
    assert_eq!(unchanged, created);
}

#[tokio::test]
async fn delete_removes_and_checks_the_etag() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let created = create(&mut client, "doomed", story("Doomed", "world", 0)).await;
    let status = client
        .delete_article(DeleteArticleRequest {
            name: created.name.clone(),
            etag: "1-stale".into(),
        })
        .await
        .unwrap_err();
    assert_refused(&status, Code::Aborted, &["etag"]);
    client
        .delete_article(DeleteArticleRequest {
            name: created.name.clone(),
            etag: created.etag.clone(),
        })
        .await
        .expect("delete");
    let status = client
        .get_article(GetArticleRequest {
            name: created.name.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
}

async fn list(client: &mut Client, request: ListArticlesRequest) -> Vec<Article> {
    let mut all = Vec::new();
    let mut request = request;
    loop {
        let page = client
            .list_articles(request.clone())
            .await
            .expect("list")
            .into_inner();
        all.extend(page.articles);
        if page.next_page_token.is_empty() {
            return all;
        }
        request.page_token = page.next_page_token;
    }
}

#[tokio::test]
async fn list_pages_newest_first_and_filters() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    create(&mut client, "w-old", story("Old", "world", 0)).await;
    create(&mut client, "s-mid", story("Match", "sport", 10)).await;
    create(&mut client, "w-new", story("New", "world", 20)).await;
    let mut german = story("Neu", "world", 30);
    german.language = "de".into();
    create(&mut client, "w-de", german).await;

    let all = list(
        &mut client,
        ListArticlesRequest {
            page_size: 1,
            ..ListArticlesRequest::default()
        },
    )
    .await;
    assert_eq!(
        names(&all),
        [
            "articles/w-de",
            "articles/w-new",
            "articles/s-mid",
            "articles/w-old"
        ]
    );
    let english_world = list(
        &mut client,
        ListArticlesRequest {
            page_size: 1,
            section: "world".into(),
            language: "en".into(),
            ..ListArticlesRequest::default()
        },
    )
    .await;
    assert_eq!(names(&english_world), ["articles/w-new", "articles/w-old"]);
}

#[tokio::test]
async fn bad_page_tokens_and_sizes_are_invalid_argument() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    for n in 0..3 {
        create(&mut client, &format!("a{n}"), story("Story", "world", n)).await;
    }
    let first = client
        .list_articles(ListArticlesRequest {
            page_size: 1,
            section: "world".into(),
            ..ListArticlesRequest::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!first.next_page_token.is_empty());

    let cases = [
        (
            ListArticlesRequest {
                page_token: "not-a-token".into(),
                ..ListArticlesRequest::default()
            },
            "page_token",
        ),
        (
            // A token is only good for the filter it was issued for.
            ListArticlesRequest {
                page_token: first.next_page_token,
                section: "sport".into(),
                ..ListArticlesRequest::default()
            },
            "page_token",
        ),
        (
            ListArticlesRequest {
                page_size: -1,
                ..ListArticlesRequest::default()
            },
            "page_size",
        ),
    ];
    for (request, field) in cases {
        let status = client.list_articles(request).await.unwrap_err();
        assert_refused(&status, Code::InvalidArgument, &[field]);
    }
}

#[tokio::test]
async fn neighbours_come_from_the_same_section() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    create(&mut client, "first", story("First", "world", 0)).await;
    create(&mut client, "other", story("Other", "sport", 5)).await;
    create(&mut client, "second", story("Second", "world", 10)).await;
    create(&mut client, "third", story("Third", "world", 20)).await;

    let adjacent = |name: &str| GetAdjacentArticlesRequest {
        name: format!("articles/{name}"),
    };
    let middle = client
        .get_adjacent_articles(adjacent("second"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(middle.previous.unwrap().name, "articles/first");
    assert_eq!(middle.next.unwrap().name, "articles/third");
    let oldest = client
        .get_adjacent_articles(adjacent("first"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(oldest.previous, None);
    assert_eq!(oldest.next.unwrap().name, "articles/second");
    let newest = client
        .get_adjacent_articles(adjacent("third"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(newest.next, None);
}

fn summary_of(name: &str, options: SummarizeRequest) -> GetArticleSummaryRequest {
    GetArticleSummaryRequest {
        name: name.to_string(),
        options: Some(options),
    }
}

#[tokio::test]
async fn summaries_match_summarize_and_follow_updates() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let created = create(
        &mut client,
        "summed",
        Article {
            title: "Harbour town votes to build a sea wall".into(),
            text: ARTICLE.into(),
            language: "en".into(),
            ..Article::default()
        },
    )
    .await;
    let options = SummarizeRequest {
        length: Some(Length::Sentences(2)),
        ..SummarizeRequest::default()
    };
    let direct = server
        .summary_client()
        .await
        .summarize(SummarizeRequest {
            title: created.title.clone(),
            language: "en".into(),
            ..SummarizeRequest {
                length: Some(Length::Sentences(2)),
                ..text_request(ARTICLE)
            }
        })
        .await
        .unwrap()
        .into_inner();

    // Concurrent first requests, then a repeat: all the same summary.
    let requests: Vec<_> = (0..6)
        .map(|_| {
            let mut client = client.clone();
            let request = summary_of(&created.name, options.clone());
            tokio::spawn(async move { client.get_article_summary(request).await })
        })
        .collect();
    for request in requests {
        let response = request.await.unwrap().expect("summary").into_inner();
        assert_eq!(response.summary.as_ref(), Some(&direct));
        assert_eq!(response.etag, created.etag);
    }
    let repeat = client
        .get_article_summary(summary_of(&created.name, options.clone()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(repeat.summary.as_ref(), Some(&direct));

    // A changed article is summarized again, never served the old summary.
    let new_text = "The sea wall plan was dropped on Friday. \
        The council said the cost had doubled. \
        Residents will vote again next year.";
    let updated = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name.clone(),
                text: new_text.into(),
                ..Article::default()
            }),
            update_mask: mask(&["text"]),
        })
        .await
        .unwrap()
        .into_inner()
        .article
        .unwrap();
    let after = client
        .get_article_summary(summary_of(&created.name, options))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(after.etag, updated.etag);
    let summary = after.summary.unwrap();
    assert!(
        summary.sentences.iter().all(|s| new_text.contains(&s.text)),
        "{:?}",
        summary.summary
    );
}

#[tokio::test]
async fn html_only_articles_are_extracted_before_summarizing() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let page = include_str!("../pages/harbour.html");
    let created = create(
        &mut client,
        "page",
        Article {
            title: "Harbour".into(),
            html: page.into(),
            ..Article::default()
        },
    )
    .await;
    let response = client
        .get_article_summary(summary_of(&created.name, SummarizeRequest::default()))
        .await
        .expect("summary")
        .into_inner();
    let summary = response.summary.unwrap();
    assert!(!summary.sentences.is_empty());
    assert!(!summary.document_text.is_empty());
    for sentence in &summary.sentences {
        assert!(summary.document_text.contains(&sentence.text));
    }
}

#[tokio::test]
async fn html_only_articles_take_author_time_url_and_language_from_the_page() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let created = create(
        &mut client,
        "stated",
        Article {
            title: "Harbour".into(),
            html: include_str!("../pages/harbour.html").into(),
            ..Article::default()
        },
    )
    .await;
    assert_eq!(created.author, "Mara Lindqvist");
    assert_eq!(
        created.canonical_url,
        "https://courier.example/news/2026/03/harbour-sea-wall"
    );
    assert_eq!(created.language, "en");
    // 2026-03-08T09:30:00Z, as the page states, not the time of creation.
    assert_eq!(
        created.publish_time,
        Some(Timestamp {
            seconds: 1_772_962_200,
            nanos: 0
        })
    );
    // What the client sends is kept over what the page states.
    let sent = create(
        &mut client,
        "sent",
        Article {
            title: "Harbour".into(),
            html: include_str!("../pages/harbour.html").into(),
            author: "Desk".into(),
            publish_time: at(0),
            ..Article::default()
        },
    )
    .await;
    assert_eq!(sent.author, "Desk");
    assert_eq!(sent.publish_time, at(0));
    // A page's author longer than the field takes is left out, not refused.
    let long_author = include_str!("../pages/harbour.html")
        .replace("Mara Lindqvist", &"Mara Lindqvist and ".repeat(40));
    let long = create(
        &mut client,
        "long",
        Article {
            title: "Harbour".into(),
            html: long_author,
            ..Article::default()
        },
    )
    .await;
    assert_eq!(long.author, "");
    assert_eq!(long.language, "en");
}

#[tokio::test]
async fn an_update_that_brings_a_page_fills_what_is_empty_from_it() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let page = include_str!("../pages/harbour.html");
    let undated = create(
        &mut client,
        "undated",
        Article {
            title: "Harbour".into(),
            html: "<html><body><article><p>The harbour wall was finished on Monday after four years of work.</p></article></body></html>".into(),
            ..Article::default()
        },
    )
    .await;
    assert_eq!(undated.author, "");
    assert_eq!(
        undated.publish_time, undated.create_time,
        "dated at its creation"
    );
    let updated = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: undated.name.clone(),
                html: page.into(),
                ..Article::default()
            }),
            update_mask: mask(&["html"]),
        })
        .await
        .unwrap()
        .into_inner()
        .article
        .unwrap();
    assert_eq!(updated.author, "Mara Lindqvist");
    assert_eq!(
        updated.canonical_url,
        "https://courier.example/news/2026/03/harbour-sea-wall"
    );
    assert_eq!(
        updated.publish_time,
        Some(Timestamp {
            seconds: 1_772_962_200,
            nanos: 0
        })
    );
    // A stated author and date stay over what a new page says.
    let dated = create(
        &mut client,
        "dated",
        Article {
            author: "Desk".into(),
            publish_time: at(0),
            ..story("Harbour", "world", 0)
        },
    )
    .await;
    let updated = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: dated.name.clone(),
                text: String::new(),
                html: page.into(),
                ..Article::default()
            }),
            update_mask: mask(&["text", "html"]),
        })
        .await
        .unwrap()
        .into_inner()
        .article
        .unwrap();
    assert_eq!(updated.author, "Desk");
    assert_eq!(updated.publish_time, at(0));
    assert_eq!(
        updated.canonical_url,
        "https://courier.example/news/2026/03/harbour-sea-wall"
    );
}

#[tokio::test]
async fn bad_summary_options_are_nested_under_options() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let created = create(&mut client, "opts", story("Options", "world", 0)).await;
    let cases = [
        (
            SummarizeRequest {
                length: Some(Length::Sentences(0)),
                ..SummarizeRequest::default()
            },
            "options.sentences",
        ),
        (
            SummarizeRequest {
                document: Some(Document::Text("Not this.".into())),
                ..SummarizeRequest::default()
            },
            "options.text",
        ),
        (
            SummarizeRequest {
                language: "xx".into(),
                ..SummarizeRequest::default()
            },
            "options.language",
        ),
    ];
    for (options, field) in cases {
        let status = client
            .get_article_summary(summary_of(&created.name, options))
            .await
            .unwrap_err();
        assert_refused(&status, Code::InvalidArgument, &[field]);
    }
}

#[tokio::test]
async fn an_oversized_body_is_resource_exhausted() {
    let config = ServerConfig {
        limits: RequestLimits {
            document: Limits {
                max_document_bytes: 2_000,
                ..Limits::default()
            },
            ..RequestLimits::default()
        },
        ..ServerConfig::default()
    };
    let (server, _dir) = TestServer::start_with_articles(config).await;
    let mut client = server.article_client().await;
    let long = "The council met again. ".repeat(100);
    let status = client
        .create_article(CreateArticleRequest {
            article: Some(Article {
                text: long.clone(),
                ..story("Long", "world", 0)
            }),
            ..CreateArticleRequest::default()
        })
        .await
        .unwrap_err();
    assert_refused(&status, Code::ResourceExhausted, &["article.text"]);
    let details = status.get_error_details();
    assert_eq!(
        details.error_info().unwrap().metadata["limit_bytes"],
        "2000"
    );

    let created = create(&mut client, "short", story("Short", "world", 0)).await;
    let status = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name,
                html: format!("<p>{long}</p>"),
                ..Article::default()
            }),
            update_mask: mask(&["html"]),
        })
        .await
        .unwrap_err();
    assert_refused(&status, Code::ResourceExhausted, &["article.html"]);
}

#[tokio::test]
async fn health_reports_the_article_service_only_with_a_store() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut health = HealthClient::new(server.channel().await);
    let response = health
        .check(HealthCheckRequest {
            service: "precis.v1.ArticleService".into(),
        })
        .await
        .expect("health")
        .into_inner();
    assert_eq!(response.status, ServingStatus::Serving as i32);

    // A server without an article store does not claim the service.
    let bare = TestServer::start_default().await;
    let status = HealthClient::new(bare.channel().await)
        .check(HealthCheckRequest {
            service: "precis.v1.ArticleService".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
}

#[tokio::test]
async fn articles_that_cannot_be_summarized_are_refused_at_write() {
    let config = ServerConfig {
        limits: RequestLimits {
            document: Limits {
                max_sentences: 5,
                ..Limits::default()
            },
            ..RequestLimits::default()
        },
        ..ServerConfig::default()
    };
    let (server, _dir) = TestServer::start_with_articles(config).await;
    let mut client = server.article_client().await;
    let cases = [
        (
            Article {
                text: "!!! ... ??? --- !!!".into(),
                ..story("Punctuation", "world", 0)
            },
            Code::InvalidArgument,
            "article.text",
        ),
        (
            Article {
                text: "🌊🌊🌊 🏗️🏗️ 🎉".into(),
                ..story("Emoji", "world", 0)
            },
            Code::InvalidArgument,
            "article.text",
        ),
        (
            Article {
                text: String::new(),
                html: "<html><body><nav><a href=\"/\">Home</a></nav></body></html>".into(),
                ..story("No article in the page", "world", 0)
            },
            Code::InvalidArgument,
            "article.html",
        ),
        (
            Article {
                text: "The council met. It voted. Work starts soon. The mayor spoke. \
                       Residents cheered. The sea rose."
                    .into(),
                ..story("Six sentences", "world", 0)
            },
            Code::ResourceExhausted,
            "article.text",
        ),
    ];
    for (article, code, field) in cases {
        let status = client
            .create_article(CreateArticleRequest {
                article: Some(article),
                ..CreateArticleRequest::default()
            })
            .await
            .unwrap_err();
        assert_refused(&status, code, &[field]);
    }
    let listed = client
        .list_articles(ListArticlesRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(listed.articles.is_empty());

    // Nor may an update make a stored article unsummarizable.
    let created = create(&mut client, "kept", story("Kept", "world", 0)).await;
    let status = client
        .update_article(UpdateArticleRequest {
            article: Some(Article {
                name: created.name.clone(),
                text: "?!".into(),
                ..Article::default()
            }),
            update_mask: mask(&["text"]),
        })
        .await
        .unwrap_err();
    assert_refused(&status, Code::InvalidArgument, &["article.text"]);
    let stored = client
        .get_article(GetArticleRequest {
            name: created.name.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .article
        .unwrap();
    assert_eq!(stored, created);
}

#[tokio::test]
async fn metadata_over_its_length_limit_is_invalid_argument() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let status = client
        .create_article(CreateArticleRequest {
            article: Some(Article {
                section: "s".repeat(precis::store::MAX_SECTION_BYTES + 1),
                author: "a".repeat(precis::store::MAX_AUTHOR_BYTES + 1),
                canonical_url: "u".repeat(precis::store::MAX_CANONICAL_URL_BYTES + 1),
                ..story(&"t".repeat(precis::store::MAX_TITLE_BYTES + 1), "world", 0)
            }),
            ..CreateArticleRequest::default()
        })
        .await
        .unwrap_err();
    assert_refused(
        &status,
        Code::InvalidArgument,
        &[
            "article.title",
            "article.section",
            "article.author",
            "article.canonical_url",
        ],
    );
    // The message names the fields, it does not repeat them.
    assert!(status.message().len() < 1000, "{}", status.message());
}

#[tokio::test]
async fn a_retry_after_a_delete_does_not_bring_the_article_back() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    let request = CreateArticleRequest {
        article: Some(story("Once", "world", 0)),
        article_id: String::new(),
        request_id: "retried-after-delete".into(),
    };
    let created = client
        .create_article(request.clone())
        .await
        .unwrap()
        .into_inner()
        .article
        .unwrap();
    client
        .delete_article(DeleteArticleRequest {
            name: created.name.clone(),
            etag: String::new(),
        })
        .await
        .unwrap();
    let status = client.create_article(request).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
    let details = status.get_error_details();
    assert_eq!(
        details.error_info().unwrap().reason,
        "CREATED_ARTICLE_DELETED"
    );
    assert_eq!(details.resource_info().unwrap().resource_name, created.name);
    let listed = client
        .list_articles(ListArticlesRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(listed.articles.is_empty());
}

#[tokio::test]
async fn altered_or_foreign_page_tokens_are_invalid_argument() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    for n in 0..3 {
        create(&mut client, &format!("t{n}"), story("Story", "world", n)).await;
    }
    let first_page = ListArticlesRequest {
        page_size: 1,
        ..ListArticlesRequest::default()
    };
    let token = client
        .list_articles(first_page.clone())
        .await
        .unwrap()
        .into_inner()
        .next_page_token;
    let bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
    for bit in 0..bytes.len() * 8 {
        let mut flipped = bytes.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        let status = client
            .list_articles(ListArticlesRequest {
                page_token: URL_SAFE_NO_PAD.encode(flipped),
                ..first_page.clone()
            })
            .await
            .unwrap_err();
        assert_refused(&status, Code::InvalidArgument, &["page_token"]);
    }
    // A token made by hand, or issued by another server's store.
    let (other, _other_dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut other_client = other.article_client().await;
    for n in 0..2 {
        create(
            &mut other_client,
            &format!("o{n}"),
            story("Other", "world", n),
        )
        .await;
    }
    let foreign = other_client
        .list_articles(first_page.clone())
        .await
        .unwrap()
        .into_inner()
        .next_page_token;
    let hand_made = URL_SAFE_NO_PAD.encode("[2,0,\"t1\",null,null]");
    for page_token in [foreign, hand_made] {
        let status = client
            .list_articles(ListArticlesRequest {
                page_token,
                ..first_page.clone()
            })
            .await
            .unwrap_err();
        assert_refused(&status, Code::InvalidArgument, &["page_token"]);
    }
}

#[tokio::test]
async fn a_page_ends_early_within_its_byte_budget() {
    let (server, _dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    let mut client = server.article_client().await;
    // Pages of a little under a quarter of the budget each (and within the
    // document limit): four a page, however many are asked for.
    let quarter = usize::try_from(precis::store::PAGE_BUDGET_BYTES / 4).unwrap();
    let words = "word ".repeat((quarter - 2048) / 5);
    let html = format!("<html><body><p>{words}</p></body></html>");
    for n in 0..6 {
        create(
            &mut client,
            &format!("big{n}"),
            Article {
                html: html.clone(),
                ..story("Big", "world", n)
            },
        )
        .await;
    }
    let mut request = ListArticlesRequest {
        page_size: 1000,
        ..ListArticlesRequest::default()
    };
    let mut pages = Vec::new();
    loop {
        let page = client
            .list_articles(request.clone())
            .await
            .unwrap()
            .into_inner();
        let bytes = prost::Message::encoded_len(&page);
        assert!(
            bytes as u64 <= precis::store::PAGE_BUDGET_BYTES,
            "{bytes} bytes"
        );
        pages.push(page.articles.len());
        if page.next_page_token.is_empty() {
            break;
        }
        request.page_token = page.next_page_token;
    }
    assert_eq!(pages, [4, 2]);
}

#[tokio::test]
async fn a_stored_article_that_cannot_be_summarized_is_failed_precondition() {
    use precis::store::{ArticleContent, ArticleId, ArticleStore, NewArticle, SqliteStore};

    let (server, dir) = TestServer::start_with_articles(ServerConfig::default()).await;
    // Written straight to the database, as an older version could have.
    let store = SqliteStore::open(dir.path()).await.unwrap();
    store
        .create(NewArticle {
            id: Some(ArticleId::parse("old").unwrap()),
            request_id: None,
            content: ArticleContent {
                title: "Old".into(),
                text: "?!? ... !!!".into(),
                language: "en".into(),
                ..ArticleContent::default()
            },
            publish_time: None,
        })
        .await
        .unwrap();
    let mut client = server.article_client().await;
    let status = client
        .get_article_summary(summary_of("articles/old", SummarizeRequest::default()))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    assert!(violated_fields(&status).is_empty(), "{status:?}");
    let details = status.get_error_details();
    let failure = &details.precondition_failure().unwrap().violations[0];
    assert_eq!(failure.subject, "articles/old");
}
