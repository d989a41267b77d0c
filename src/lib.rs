//! Precis: extractive summaries of news articles, served over gRPC.
//!
//! The core ([`text`], [`summarize`], [`extract`], [`pipeline`], [`store`], and the
//! [`error_code`] their errors state) knows nothing of transports; [`grpc`]
//! adapts it to the generated tonic services and [`server`] wires those
//! into a running server.

#![warn(missing_docs)]

pub mod error_code;
pub mod extract;
pub mod grpc;
pub mod metrics;
pub mod pipeline;
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

    /// The descriptors of [`FILE_DESCRIPTOR_SET`], read once.
    static DESCRIPTORS: std::sync::LazyLock<prost_reflect::DescriptorPool> =
        std::sync::LazyLock::new(|| {
            prost_reflect::DescriptorPool::decode(FILE_DESCRIPTOR_SET)
                .expect("the descriptor set built with these types")
        });

    /// `message` in the canonical proto3 JSON mapping, as a gRPC client's
    /// JSON printer writes it: lowerCamelCase field names, enum values by
    /// name, 64-bit integers as strings, timestamps in RFC 3339, fields at
    /// their default left out; fields in field-number order, on one line.
    pub fn to_json<M: prost::Name>(message: &M) -> String {
        let descriptor = DESCRIPTORS
            .get_message_by_name(&M::full_name())
            .expect("every generated message is in the descriptor set");
        let mut dynamic = prost_reflect::DynamicMessage::new(descriptor);
        dynamic
            .transcode_from(message)
            .expect("a message decodes as its own type");
        serde_json::to_string(&dynamic).expect("proto JSON of a message always serializes")
    }
}
