//! Connections and calls held open by hostile clients: admission that
//! cannot be starved, timeouts on every port, bounded streams and metrics.
