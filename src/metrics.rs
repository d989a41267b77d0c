//! Prometheus metrics of the server: calls by method and status code, their
//! latency, calls in flight, calls shed, connections by port, and summary
//! cache hits.
//!
//! Every label comes from a closed set (the methods the server serves, the
//! status codes, the ports), so no client can grow the page: a call to any
//! other path is counted under the method `unknown`.
//!
//! A [`Metrics`] is a cheap handle: clones count into the same series. The
//! server records into it whether or not anything scrapes it;
//! [`crate::server::serve_metrics`] exposes it over HTTP.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use prost::Message;

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
    method: &'static str,
    code: String,
}

/// A call's method.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: &'static str,
}

/// The port a connection came to.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PortLabels {
    port: &'static str,
}

/// The method label of calls to paths the server does not serve.
const UNKNOWN_METHOD: &str = "unknown";

/// Every method path (`/package.Service/Method`) the server can serve, read
/// once from the services' descriptors.
static KNOWN_METHODS: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        crate::proto::FILE_DESCRIPTOR_SET,
        tonic_health::pb::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
    ]
    .into_iter()
    .filter_map(|encoded| prost_types::FileDescriptorSet::decode(encoded).ok())
    .flat_map(|set| set.file)
    .flat_map(|file| {
        let package = file.package().to_string();
        file.service.into_iter().flat_map(move |service| {
            let prefix = format!("/{package}.{}/", service.name());
            service
                .method
                .into_iter()
                .map(move |method| format!("{prefix}{}", method.name()))
        })
    })
    .collect()
});

/// `path` as a method label: itself when the server serves it, else
/// [`UNKNOWN_METHOD`].
fn method_label(path: &str) -> &'static str {
    KNOWN_METHODS
        .iter()
        .find(|known| *known == path)
        .map_or(UNKNOWN_METHOD, String::as_str)
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
    connections_open: Family<PortLabels, Gauge>,
    connections_refused: Family<PortLabels, Counter>,
    connections_timed_out: Family<PortLabels, Counter>,
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
        let connections_open = Family::<PortLabels, Gauge>::default();
        let connections_refused = Family::<PortLabels, Counter>::default();
        let connections_timed_out = Family::<PortLabels, Counter>::default();
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
            "connections_open",
            "Connections open, by port",
            connections_open.clone(),
        );
        registry.register(
            "connections_refused",
            "Connections closed on arrival because their port was at its connection limit",
            connections_refused.clone(),
        );
        registry.register(
            "connections_timed_out",
            "Connections closed because they carried no call for their timeout",
            connections_timed_out.clone(),
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
            connections_open,
            connections_refused,
            connections_timed_out,
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

    /// Records a call to `path` that ended with `code` after `elapsed`.
    pub fn call_finished(&self, path: &str, code: Code, elapsed: Duration) {
        let method = method_label(path);
        self.calls
            .get_or_create(&CallLabels {
                method,
                code: format!("{code:?}"),
            })
            .inc();
        self.latency
            .get_or_create(&MethodLabels { method })
            .observe(elapsed.as_secs_f64());
    }

    /// Records a call shed at the concurrency limit.
    pub fn call_shed(&self, method: &str) {
        self.shed.inc();
        self.call_finished(method, Code::Unavailable, Duration::ZERO);
    }

    /// Records a document of a running stream refused at the concurrency
    /// limit (the stream goes on, and is counted when it ends).
    pub fn work_shed(&self) {
        self.shed.inc();
    }

    /// Counts a connection to `port` as open until the returned guard is
    /// dropped.
    pub fn connection_opened(&self, port: &'static str) -> InFlight {
        let open = self
            .connections_open
            .get_or_create(&PortLabels { port })
            .clone();
        open.inc();
        InFlight(open)
    }

    /// Records a connection to `port` closed on arrival at the limit.
    pub fn connection_refused(&self, port: &'static str) {
        self.connections_refused
            .get_or_create(&PortLabels { port })
            .inc();
    }

    /// Records a connection to `port` closed for carrying no call.
    pub fn connection_timed_out(&self, port: &'static str) {
        self.connections_timed_out
            .get_or_create(&PortLabels { port })
            .inc();
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
        metrics.call_finished("/made.Up/Other", Code::Unavailable, Duration::ZERO);
        metrics.call_shed("/precis.v1.SummaryService/Summarize");
        metrics.summary_cache_lookup(true);
        let text = metrics.render();
        assert!(!text.contains("made.Up"), "{text}");
        for line in [
            r#"precis_grpc_requests_total{method="/precis.v1.SummaryService/Summarize",code="Ok"} 1"#,
            r#"precis_grpc_requests_total{method="/precis.v1.SummaryService/Summarize",code="Unavailable"} 1"#,
            r#"precis_grpc_requests_total{method="unknown",code="Unimplemented"} 1"#,
            r#"precis_grpc_requests_total{method="unknown",code="Unavailable"} 1"#,
            "precis_grpc_requests_shed_total 1",
            "precis_grpc_requests_in_flight 0",
            r#"precis_summary_cache_lookups_total{result="hit"} 1"#,
        ] {
            assert!(text.contains(line), "{line} in\n{text}");
        }
    }
}
