//! The integration tests of Precis, in one test binary: each module tests
//! one area against the public API, a server in process or the `precis`
//! binary itself. `cargo test --test it MODULE::` runs one area, e.g.
//! `cargo test --test it hostile::`.

mod common;
mod postgres_schema;
mod store_conformance;

mod admission;
mod articles;
mod auth;
mod batch;
mod durability;
mod errors;
mod extract;
mod hostile;
mod languages;
mod limits;
mod metrics;
mod postgres_store;
mod properties;
mod reader;
mod replicas;
mod request_id;
mod serve_flags;
mod service;
mod sqlite_store;
mod stream;
mod summarize;
mod tls;
