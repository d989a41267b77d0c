//! Bearer-token authentication of the calls that change articles (and,
//! when asked, of every service call).
//!
//! Tokens are kept only as SHA-256 digests and compared in constant time,
//! so neither the comparison's timing nor a log line or a debug print gives
//! a token away. A call without a bearer token gets UNAUTHENTICATED, a call
//! with a token that is not one of ours PERMISSION_DENIED. Health and
//! reflection stay open.

use std::path::Path;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::future::BoxFuture;
use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use tonic::Status;
use tonic::body::Body;
use tower::{Layer, Service};

use crate::proto::{article_service_server, summary_service_server};

/// The ArticleService methods that change articles.
const MUTATING_METHODS: [&str; 3] = ["CreateArticle", "UpdateArticle", "DeleteArticle"];

/// The tokens a server accepts, and which calls need one.
#[derive(Clone)]
pub struct Authentication {
    token_digests: Vec<[u8; 32]>,
    /// Whether reads (every other service call) need a token too.
    pub reads: bool,
}

impl std::fmt::Debug for Authentication {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Authentication({} tokens, reads: {})",
            self.token_digests.len(),
            self.reads
        )
    }
}

/// Why a token file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TokenFileError {
    /// The file cannot be read.
    #[error("cannot read the token file {path}: {source}")]
    Unreadable {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file names no token.
    #[error("the token file {0} holds no token")]
    Empty(String),
}

impl Authentication {
    /// Accepts any of `tokens`; surrounding whitespace is not part of a
    /// token, and blank tokens are skipped.
    pub fn new<T: AsRef<str>>(tokens: impl IntoIterator<Item = T>, reads: bool) -> Self {
        let token_digests = tokens
            .into_iter()
            .map(|token| token.as_ref().trim().to_string())
            .filter(|token| !token.is_empty())
            .map(|token| Sha256::digest(token.as_bytes()).into())
            .collect();
        Authentication {
            token_digests,
            reads,
        }
    }

    /// Reads the tokens of a file, one a line; blank lines and lines opening
    /// with `#` are skipped, so tokens can be rotated by listing old and new.
    pub fn from_file(path: &Path, reads: bool) -> Result<Self, TokenFileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| TokenFileError::Unreadable {
            path: shown.clone(),
            source,
        })?;
        // Editors on some systems open a UTF-8 file with a byte-order mark;
        // it is not part of the first token.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let lines = text
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'));
        let authentication = Authentication::new(lines, reads);
        if authentication.token_digests.is_empty() {
            return Err(TokenFileError::Empty(shown));
        }
        Ok(authentication)
    }

    /// Whether `token` is one of ours, in time independent of which.
    fn accepts(&self, token: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let matched = self
            .token_digests
            .iter()
            .fold(Choice::from(0), |matched, known| {
                matched | known.ct_eq(&digest)
            });
        matched.into()
    }

    /// Whether a call to `path` (`/package.Service/Method`) needs a token.
    fn guards(&self, path: &str) -> bool {
        let Some((service, method)) = path.trim_start_matches('/').split_once('/') else {
            return false;
        };
        if service == article_service_server::SERVICE_NAME && MUTATING_METHODS.contains(&method) {
            return true;
        }
        self.reads
            && [
                article_service_server::SERVICE_NAME,
                summary_service_server::SERVICE_NAME,
            ]
            .contains(&service)
    }

    /// Refuses a call to a guarded method without one of our tokens.
    fn check(&self, headers: &http::HeaderMap) -> Result<(), Status> {
        let Some(value) = headers.get(http::header::AUTHORIZATION) else {
            return Err(Status::unauthenticated(
                "this call needs a bearer token (authorization: Bearer <token>)",
            ));
        };
        let token = value.to_str().ok().and_then(bearer_token).ok_or_else(|| {
            Status::unauthenticated("the authorization header is not `Bearer <token>`")
        })?;
        if self.accepts(token.trim()) {
            Ok(())
        } else {
            Err(Status::permission_denied(
                "the bearer token is not allowed to make this call",
            ))
        }
    }
}

/// The token of an `authorization` value of the Bearer scheme, whose name
/// is case-insensitive (RFC 7235).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// Checks tokens in front of the services, when the server has any.
#[derive(Debug, Clone)]
pub struct AuthLayer {
    authentication: Option<Arc<Authentication>>,
}

impl AuthLayer {
    /// Checks calls against `authentication`; with none, lets all through.
    pub fn new(authentication: Option<Authentication>) -> Self {
        AuthLayer {
            authentication: authentication.map(Arc::new),
        }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Auth<S>;

    fn layer(&self, inner: S) -> Auth<S> {
        Auth {
            inner,
            authentication: self.authentication.clone(),
        }
    }
}

/// The service [`AuthLayer`] wraps around the routes.
#[derive(Debug, Clone)]
pub struct Auth<S> {
    inner: S,
    authentication: Option<Arc<Authentication>>,
}

impl<S, B> Service<http::Request<B>> for Auth<S>
where
    S: Service<http::Request<B>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    B: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if let Some(authentication) = &self.authentication
            && authentication.guards(request.uri().path())
            && let Err(status) = authentication.check(request.headers())
        {
            tracing::warn!(method = %request.uri().path(), code = ?status.code(), "call refused");
            return Box::pin(std::future::ready(Ok(status.into_http())));
        }
        Box::pin(super::ready::take_ready(&mut self.inner).call(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_tokens_are_accepted() {
        let authentication = Authentication::new(["old-token", " new-token\n", ""], false);
        assert!(authentication.accepts("old-token"));
        assert!(authentication.accepts("new-token"));
        assert!(!authentication.accepts("new-token2"));
        assert!(!authentication.accepts(""));
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        for value in ["Bearer t", "bearer t", "BEARER t"] {
            assert_eq!(bearer_token(value), Some("t"), "{value}");
        }
        for value in ["Basic t", "Bearert", "t"] {
            assert_eq!(bearer_token(value), None, "{value}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_token() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokens");
        std::fs::write(&path, "\u{feff}first\nsecond\n").unwrap();
        let authentication = Authentication::from_file(&path, false).unwrap();
        assert!(authentication.accepts("first"));
        assert!(authentication.accepts("second"));
    }

    #[test]
    fn debug_output_shows_no_token() {
        let authentication = Authentication::new(["s3cret-value"], true);
        let shown = format!("{authentication:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn writes_are_guarded_and_reads_only_when_asked() {
        let writes_only = Authentication::new(["t"], false);
        let everything = Authentication::new(["t"], true);
        let create = "/precis.v1.ArticleService/CreateArticle";
        let get = "/precis.v1.ArticleService/GetArticle";
        let summarize = "/precis.v1.SummaryService/Summarize";
        let health = "/grpc.health.v1.Health/Check";
        assert!(writes_only.guards(create));
        assert!(!writes_only.guards(get));
        assert!(!writes_only.guards(summarize));
        assert!(everything.guards(get));
        assert!(everything.guards(summarize));
        assert!(!everything.guards(health));
    }
}
