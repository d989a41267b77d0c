//! Conversions between `ArticleService` messages and store types. Every
//! request is checked field by field and all its problems are reported at
//! once; an oversized body is refused first, as RESOURCE_EXHAUSTED.

use tonic::Status;
use tonic_types::FieldViolation;

use super::convert::check_html;
use super::error::{document_too_large, invalid_argument};
use crate::extract::Page;
use crate::pipeline::{Pipeline, Source};
use crate::proto;
use crate::store::{
    Article, ArticleContent, ArticleId, ArticlePatch, ListFilter, ListQuery, MAX_AUTHOR_BYTES,
    MAX_CANONICAL_URL_BYTES, NewArticle, PageTokenKey, Timestamp, decode_token, page_size,
};
use crate::summarize::Limits;
use crate::text::{Language, detect_language};

/// The collection part of article names.
const COLLECTION: &str = "articles/";

/// The longest `request_id` kept, in bytes; a UUID needs 36.
const MAX_REQUEST_ID_BYTES: usize = 128;

/// Fields `update_mask` may name.
const WRITABLE: [&str; 8] = [
    "title",
    "text",
    "html",
    "section",
    "language",
    "author",
    "canonical_url",
    "publish_time",
];

/// Fields the server sets, which `update_mask` must not name.
const OUTPUT_ONLY: [&str; 4] = ["name", "create_time", "update_time", "etag"];

/// The resource name of an article.
pub fn article_name(id: &ArticleId) -> String {
    format!("{COLLECTION}{id}")
}

/// The id in an `articles/{article}` name, or a violation on `field`.
fn parse_name(name: &str, field: &str, violations: &mut Vec<FieldViolation>) -> Option<ArticleId> {
    let parsed = if name.is_empty() {
        Err("an article name (\"articles/{article}\") is required".to_string())
    } else {
        match name.strip_prefix(COLLECTION) {
            Some(id) => ArticleId::parse(id),
            None => Err(format!(
                "{name:?} is not of the form \"articles/{{article}}\""
            )),
        }
    };
    parsed
        .map_err(|reason| violations.push(FieldViolation::new(field, reason)))
        .ok()
}

/// The id named by a request that only names an article.
pub fn name_request(name: &str) -> Result<ArticleId, Status> {
    let mut violations = Vec::new();
    parse_name(name, "name", &mut violations).ok_or_else(|| invalid_argument(violations))
}

fn proto_time(time: Timestamp) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: time.seconds(),
        nanos: time.subsec_nanos(),
    }
}

fn core_time(
    time: &prost_types::Timestamp,
    field: &str,
    violations: &mut Vec<FieldViolation>,
) -> Option<Timestamp> {
    let parsed = Timestamp::from_parts(time.seconds, time.nanos);
    if parsed.is_none() {
        violations.push(FieldViolation::new(
            field,
            "not a valid time between the years 1678 and 2262",
        ));
    }
    parsed
}

impl From<Article> for proto::Article {
    fn from(article: Article) -> Self {
        let content = article.content;
        proto::Article {
            name: article_name(&article.id),
            title: content.title,
            text: content.text,
            html: content.html,
            section: content.section,
            language: content.language,
            author: content.author,
            canonical_url: content.canonical_url,
            publish_time: Some(proto_time(article.publish_time)),
            create_time: Some(proto_time(article.create_time)),
            update_time: Some(proto_time(article.update_time)),
            etag: article.etag,
        }
    }
}

/// The request's article, if it has one whose body is within the
/// per-document limit (so every stored article can be summarized).
fn sized_article(
    article: Option<proto::Article>,
    limits: &Limits,
) -> Result<proto::Article, Status> {
    let Some(article) = article else {
        return Err(invalid_argument(vec![FieldViolation::new(
            "article",
            "an article is required",
        )]));
    };
    let limit = limits.max_document_bytes;
    for (field, value) in [
        ("article.text", &article.text),
        ("article.html", &article.html),
    ] {
        if value.len() > limit {
            return Err(document_too_large(field, value.len(), limit));
        }
    }
    Ok(article)
}

/// A language code as stored: the primary subtag of a supported language,
/// or "und".
fn language_code(code: &str, field: &str, violations: &mut Vec<FieldViolation>) -> String {
    match Language::from_code(code) {
        Ok(language) => language.code().to_string(),
        Err(error) => {
            violations.push(FieldViolation::new(field, error.to_string()));
            String::new()
        }
    }
}

/// Validates a `CreateArticleRequest`. An empty language is left empty for
/// [`fill_from_page`], which reads the body.
pub fn create_request(
    request: proto::CreateArticleRequest,
    pipeline: &Pipeline,
) -> Result<ValidCreate, Status> {
    let article = sized_article(request.article, &pipeline.summarizer.limits())?;
    let mut violations = Vec::new();
    let id = if request.article_id.is_empty() {
        None
    } else {
        ArticleId::parse(&request.article_id)
            .map_err(|reason| violations.push(FieldViolation::new("article_id", reason)))
            .ok()
    };
    if request.request_id.len() > MAX_REQUEST_ID_BYTES {
        violations.push(FieldViolation::new(
            "request_id",
            format!("at most {MAX_REQUEST_ID_BYTES} bytes"),
        ));
    }
    let language = if article.language.is_empty() {
        String::new()
    } else {
        language_code(&article.language, "article.language", &mut violations)
    };
    let publish_time = article
        .publish_time
        .as_ref()
        .and_then(|time| core_time(time, "article.publish_time", &mut violations));
    // The page is checked (and measured) once, here; it is read only when
    // it is the article's body.
    let page = if article.html.is_empty() {
        None
    } else {
        check_html(
            &pipeline.extractor,
            article.html.clone(),
            "article.html",
            &mut violations,
        )?
        .filter(|_| article.text.trim().is_empty())
    };
    let content = ArticleContent {
        title: article.title,
        text: article.text,
        html: article.html,
        section: article.section,
        language,
        author: article.author,
        canonical_url: article.canonical_url,
    };
    for (field, reason) in content.problems() {
        violations.push(FieldViolation::new(format!("article.{field}"), reason));
    }
    if !violations.is_empty() {
        return Err(invalid_argument(violations));
    }
    Ok(ValidCreate {
        new: NewArticle {
            id,
            request_id: Some(request.request_id).filter(|key| !key.is_empty()),
            content,
            publish_time,
        },
        page,
    })
}

/// A valid `CreateArticleRequest`: the article, and its checked page when
/// the page is its body.
pub struct ValidCreate {
    /// The article to store.
    pub new: NewArticle,
    /// The page its body is extracted from, when it has no text.
    pub page: Option<Page>,
}

/// Fills in what the client left empty from the page's article, when only
/// the HTML was sent: the author, canonical URL and publish time the page
/// states, and its language (declared, or else detected from the extracted
/// body). A missing language is otherwise detected from the text.
/// CPU-bound: call it on the blocking pool.
pub fn fill_from_page(new: &mut NewArticle, page: Option<&Source>) {
    let content = &mut new.content;
    if !content.text.trim().is_empty() {
        if content.language.is_empty() {
            content.language = detect_language(&content.text).language.code().to_string();
        }
        return;
    }
    let Some(Source {
        text,
        article: Some(page),
    }) = page
    else {
        return;
    };
    // A page's value longer than the field takes is left out, not refused:
    // the client did not send it.
    let fill = |field: &mut String, value: &Option<String>, limit: usize| {
        if field.is_empty()
            && let Some(value) = value.as_ref().filter(|value| value.len() <= limit)
        {
            *field = value.clone();
        }
    };
    fill(&mut content.author, &page.byline, MAX_AUTHOR_BYTES);
    fill(
        &mut content.canonical_url,
        &page.canonical_url,
        MAX_CANONICAL_URL_BYTES,
    );
    if content.language.is_empty() {
        content.language = page
            .language
            .as_deref()
            .and_then(|tag| Language::from_code(tag).ok())
            .unwrap_or_else(|| detect_language(text).language)
            .code()
            .to_string();
    }
    if new.publish_time.is_none() {
        new.publish_time = page.published.as_deref().and_then(page_time);
    }
}

/// Fills what an update that brings a new page leaves empty from that
/// page, as [`fill_from_page`] does for a new article: the author, the
/// canonical URL and, for an article dated only by its creation, the
/// publish time. `page` is the article read from the update's page, given
/// only when that page is the body (a page stored beside a text body is not
/// read).
pub fn patch_from_page(patch: &mut ArticlePatch, current: &Article, page: Option<&Source>) {
    if page.is_none() {
        return;
    }
    let mut patched = current.clone();
    patched.apply(patch.clone(), current.update_time);
    let undated = patch.publish_time.is_none() && patched.publish_time == patched.create_time;
    let mut new = NewArticle {
        id: None,
        request_id: None,
        content: patched.content.clone(),
        publish_time: (!undated).then_some(patched.publish_time),
    };
    fill_from_page(&mut new, page);
    // Only empty fields were filled, so a changed one was empty.
    if new.content.author != patched.content.author {
        patch.author = Some(new.content.author);
    }
    if new.content.canonical_url != patched.content.canonical_url {
        patch.canonical_url = Some(new.content.canonical_url);
    }
    if undated {
        patch.publish_time = new.publish_time;
    }
}

/// A page's RFC 3339 publish time as stored; `None` outside the stored
/// range.
fn page_time(time: &str) -> Option<Timestamp> {
    let time = chrono::DateTime::parse_from_rfc3339(time).ok()?;
    let nanos = i32::try_from(time.timestamp_subsec_nanos()).ok()?;
    Timestamp::from_parts(time.timestamp(), nanos)
}

/// A valid `UpdateArticleRequest`: which article, what changes, the etag
/// the client read, if it sent one, and the new page, checked.
pub struct ValidUpdate {
    /// The article.
    pub id: ArticleId,
    /// The new values.
    pub patch: ArticlePatch,
    /// The etag the update is conditional on.
    pub etag: Option<String>,
    /// The update's page, when it brings one.
    pub page: Option<Page>,
}

/// Validates an `UpdateArticleRequest`. An empty mask means every writable
/// field, as does `*`.
pub fn update_request(
    request: proto::UpdateArticleRequest,
    pipeline: &Pipeline,
) -> Result<ValidUpdate, Status> {
    let article = sized_article(request.article, &pipeline.summarizer.limits())?;
    let mut violations = Vec::new();
    let id = parse_name(&article.name, "article.name", &mut violations);
    let paths = request
        .update_mask
        .map(|mask| mask.paths)
        .unwrap_or_default();
    let mut paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    if paths.is_empty() || paths == ["*"] {
        paths = WRITABLE.to_vec();
    }
    let mut patch = ArticlePatch::default();
    for path in paths {
        let value = match path {
            "title" => Some(&mut patch.title),
            "text" => Some(&mut patch.text),
            "html" => Some(&mut patch.html),
            "section" => Some(&mut patch.section),
            "author" => Some(&mut patch.author),
            "canonical_url" => Some(&mut patch.canonical_url),
            _ => None,
        };
        match (path, value) {
            (_, Some(slot)) => *slot = Some(field_value(&article, path)),
            ("language", None) => {
                patch.language = Some(if article.language.is_empty() {
                    violations.push(FieldViolation::new(
                        "article.language",
                        "a language is required when updated; \"und\" for none",
                    ));
                    String::new()
                } else {
                    language_code(&article.language, "article.language", &mut violations)
                });
            }
            ("publish_time", None) => match &article.publish_time {
                Some(time) => {
                    patch.publish_time = core_time(time, "article.publish_time", &mut violations);
                }
                None => violations.push(FieldViolation::new(
                    "article.publish_time",
                    "a publish time is required when updated",
                )),
            },
            (other, None) => violations.push(FieldViolation::new(
                "update_mask",
                if OUTPUT_ONLY.contains(&other) {
                    format!("{other:?} is set by the server and cannot be updated")
                } else {
                    format!(
                        "unknown field {other:?}; updatable fields are {}",
                        WRITABLE.join(", ")
                    )
                },
            )),
        }
    }
    let page = match patch.html.as_ref().filter(|html| !html.is_empty()) {
        Some(html) => check_html(
            &pipeline.extractor,
            html.clone(),
            "article.html",
            &mut violations,
        )?,
        None => None,
    };
    match id {
        Some(id) if violations.is_empty() => Ok(ValidUpdate {
            id,
            patch,
            etag: Some(article.etag).filter(|etag| !etag.is_empty()),
            page,
        }),
        _ => Err(invalid_argument(violations)),
    }
}

/// The string field `path` of `article`.
fn field_value(article: &proto::Article, path: &str) -> String {
    match path {
        "title" => &article.title,
        "text" => &article.text,
        "html" => &article.html,
        "section" => &article.section,
        "author" => &article.author,
        _ => &article.canonical_url,
    }
    .clone()
}

/// Validates a `ListArticlesRequest` into a store query; its page token
/// must be signed with `key`.
pub fn list_request(
    request: proto::ListArticlesRequest,
    key: &PageTokenKey,
) -> Result<ListQuery, Status> {
    let mut violations = Vec::new();
    let size = page_size(request.page_size);
    if size.is_none() {
        violations.push(FieldViolation::new("page_size", "must not be negative"));
    }
    let language = if request.language.is_empty() {
        None
    } else {
        Some(language_code(
            &request.language,
            "language",
            &mut violations,
        ))
    };
    let filter = ListFilter {
        section: Some(request.section).filter(|section| !section.is_empty()),
        language,
    };
    let after = if request.page_token.is_empty() {
        None
    } else {
        decode_token(&request.page_token, &filter, key)
            .map_err(|reason| violations.push(FieldViolation::new("page_token", reason)))
            .ok()
    };
    match size {
        Some(page_size) if violations.is_empty() => Ok(ListQuery {
            filter,
            page_size,
            after,
        }),
        _ => Err(invalid_argument(violations)),
    }
}
