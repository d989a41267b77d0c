//! How a server is configured: one struct per subsystem, each with its
//! defaults written once, in its `Default` impl. `precis serve` takes its
//! flags' defaults from these impls, so a default changes in one place.
//!
//! The bounds on calls and connections are [`CallLimits`] and
//! [`ConnectionLimits`], next to the code that enforces them; the limits on
//! one document and one page are [`Limits`] and [`PageLimits`], next to the
//! summarizer and the extractors.

use std::sync::Arc;
use std::time::Duration;

use super::{Authentication, CallLimits, ConnectionLimits, Tls};
use crate::extract::PageLimits;
use crate::metrics::Metrics;
use crate::store::ArticleStore;
use crate::summarize::Limits;

/// What a server serves and how it treats requests, by subsystem.
///
/// The addresses to listen on and where the store lives are not here: a
/// server is given its listeners bound and its store open (see
/// [`serve`](super::serve)).
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// TLS for the gRPC port and the reader page's; without it, they speak
    /// plaintext HTTP/2 (and HTTP/1.1 for gRPC-Web).
    pub tls: Option<Tls>,
    /// What one request may ask: its size, its document, its page, its
    /// stream.
    pub limits: RequestLimits,
    /// Admission: calls at work, deadlines, arrival timeouts.
    pub calls: CallLimits,
    /// Bounds on each port's connections.
    pub connections: ConnectionLimits,
    /// The bearer tokens calls that change articles need; without them,
    /// every call is open.
    pub authentication: Option<Authentication>,
    /// Where articles are kept; without a store, ArticleService is not
    /// served.
    pub articles: Option<Articles>,
    /// gRPC-Web on the gRPC port, for pages of other origins.
    pub web: WebConfig,
    /// Where calls are counted; see [`serve_metrics`](super::serve_metrics)
    /// to expose it.
    pub metrics: Metrics,
    /// How the server stops.
    pub shutdown: ShutdownConfig,
}

/// The article store a server serves.
#[derive(Clone)]
pub struct Articles(pub Arc<dyn ArticleStore>);

impl std::fmt::Debug for Articles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Articles(..)")
    }
}

/// Bounds on what one request may ask, so that no request's memory or time
/// grows with what a client chooses to send.
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    /// The largest encoded request message accepted, in bytes: checked
    /// before the message is decoded.
    pub max_request_bytes: usize,
    /// Limits on each document's text.
    pub document: Limits,
    /// Limits on each HTML page.
    pub page: PageLimits,
    /// Documents of one `SummarizeStream` worked on at a time. Twice the
    /// cores by default, so that a core finishing one document finds the
    /// next already waiting instead of idling through a hand-off.
    pub stream_concurrency: usize,
    /// Documents one `SummarizeStream` may send; the stream ends with
    /// RESOURCE_EXHAUSTED past it, so that no call holds its place forever.
    pub max_stream_items: usize,
}

impl Default for RequestLimits {
    fn default() -> Self {
        RequestLimits {
            max_request_bytes: 4 * 1024 * 1024,
            document: Limits::default(),
            page: PageLimits::default(),
            stream_concurrency: 2 * std::thread::available_parallelism().map_or(2, usize::from),
            max_stream_items: 100_000,
        }
    }
}

/// Browsers on the gRPC port: which pages may call it with gRPC-Web. (The
/// reader page's own port serves gRPC-Web to its page alone.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebConfig {
    /// Origins (`scheme://host[:port]`) whose pages may call the gRPC port
    /// with gRPC-Web; empty, the port speaks only gRPC over HTTP/2.
    pub cors_origins: Vec<http::HeaderValue>,
}

/// How shutdown drains: the calls admitted may finish, for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShutdownConfig {
    /// How long in-flight requests may run on after shutdown begins, before
    /// the ports close on them anyway: a bound, so that one slow call cannot
    /// keep a stopping server up.
    pub grace: Duration,
}

impl Default for ShutdownConfig {
    fn default() -> Self {
        ShutdownConfig {
            grace: Duration::from_secs(30),
        }
    }
}
