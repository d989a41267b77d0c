//! Prometheus metrics of the server: calls by method and status code, their
//! latency, calls in flight, calls shed, and summary cache hits.
//!
//! A [`Metrics`] is a cheap handle: clones count into the same series. The
//! server records into it whether or not anything scrapes it;
//! [`crate::server::serve_metrics`] exposes it over HTTP.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tonic::Code;

/// A call's method and the code it ended with.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    method: String,
    code: String,
}

/// A call's method.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: String,
}

/// Whether a summary came from the cache.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    result: &'static str,
}

type LatencyFamily = Family<MethodLabels, Histogram, fn() -> Histogram>;

/// The server's metrics.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    calls: Family<CallLabels, Counter>,
    latency: LatencyFamily,
    in_flight: Gauge,
    shed: Counter,
    summary_cache: Family<CacheLabels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics(..)")
    }
}

/// Latency buckets from 1 ms to about 33 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        let calls = Family::<CallLabels, Counter>::default();
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        let in_flight = Gauge::default();
        let shed = Counter::default();
        let summary_cache = Family::<CacheLabels, Counter>::default();
        let mut registry = Registry::with_prefix("precis");
        registry.register(
            "grpc_requests",
            "gRPC calls answered, by method and status code",
            calls.clone(),
        );
        registry.register(
            "grpc_request_duration_seconds",
            "Time from a call's arrival to the end of its answer",
            latency.clone(),
        );
        registry.register(
            "grpc_requests_in_flight",
            "gRPC calls being served",
            in_flight.clone(),
        );
        registry.register(
            "grpc_requests_shed",
            "gRPC calls refused because the server was at its concurrency limit",
            shed.clone(),
        );
        registry.register(
            "summary_cache_lookups",
            "Article summaries asked for, by whether the cache held them",
            summary_cache.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            calls,
            latency,
            in_flight,
            shed,
            summary_cache,
        }
    }
}

/// Counts one call as in flight while it lives.
#[derive(Debug)]
pub struct InFlight(Gauge);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Metrics {
    /// Counts a call in flight until the returned guard is dropped.
    pub fn call_started(&self) -> InFlight {
        self.in_flight.inc();
        InFlight(self.in_flight.clone())
    }

    /// Records a call that ended with `code` after `elapsed`.
    pub fn call_finished(&self, method: &str, code: Code, elapsed: Duration) {
        // Unknown methods are named by the client: one series for them all.
        let method = if code == Code::Unimplemented {
            "unknown"
        } else {
            method
        };
        self.calls
            .get_or_create(&CallLabels {
                method: method.to_string(),
                code: format!("{code:?}"),
            })
            .inc();
        self.latency
            .get_or_create(&MethodLabels {
                method: method.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Records a call shed at the concurrency limit.
    pub fn call_shed(&self, method: &str) {
        self.shed.inc();
        self.call_finished(method, Code::Unavailable, Duration::ZERO);
    }

    /// Records whether an article summary came from the cache.
    pub fn summary_cache_lookup(&self, hit: bool) {
        let result = if hit { "hit" } else { "miss" };
        self.summary_cache
            .get_or_create(&CacheLabels { result })
            .inc();
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut text = String::new();
        if let Err(error) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(%error, "cannot encode the metrics");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_counted_by_method_and_code() {
        let metrics = Metrics::default();
        let guard = metrics.call_started();
        assert!(
            metrics
                .render()
                .contains("precis_grpc_requests_in_flight 1")
        );
        drop(guard);
        metrics.call_finished(
            "/precis.v1.SummaryService/Summarize",
            Code::Ok,
            Duration::from_millis(3),
        );
        metrics.call_finished("/made.Up/Method", Code::Unimplemented, Duration::ZERO);
        metrics.call_shed("/precis.v1.SummaryService/Summarize");
        metrics.summary_cache_lookup(true);
        let text = metrics.render();
        for line in [
            r#"precis_grpc_requests_total{method="/precis.v1.SummaryService/Summarize",code="Ok"} 1"#,
            r#"precis_grpc_requests_total{method="/precis.v1.SummaryService/Summarize",code="Unavailable"} 1"#,
            r#"precis_grpc_requests_total{method="unknown",code="Unimplemented"} 1"#,
            "precis_grpc_requests_shed_total 1",
            "precis_grpc_requests_in_flight 0",
            r#"precis_summary_cache_lookups_total{result="hit"} 1"#,
        ] {
            assert!(text.contains(line), "{line} in\n{text}");
        }
    }
}
