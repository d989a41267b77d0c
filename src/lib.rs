//! Precis: extractive summaries of news articles, served over gRPC.
//!
//! The core ([`text`], [`summarize`], [`extract`], [`store`]) knows nothing of transports; [`grpc`]
//! adapts it to the generated tonic services and [`server`] wires those
//! into a running server.

#![warn(missing_docs)]

pub mod extract;
pub mod grpc;
pub mod metrics;
pub mod server;
pub mod store;
pub mod summarize;
pub mod text;

/// Types, servers and clients generated from `proto/precis/v1` at build time.
pub mod proto {
    #![allow(missing_docs)]
    tonic::include_proto!("precis.v1");

    /// The encoded descriptor set of the API, for server reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("precis_descriptor");
}
