//! What kind of failure a core error is, in words any transport can map:
//! each core error type says its own code (`error_code()`), so a transport
//! maps codes once instead of every variant of every error.

/// The kind of a failure, named after the gRPC status codes the core's
/// failures need (the gRPC layer maps each to its `tonic::Code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The request is malformed, whatever the state of the server.
    InvalidArgument,
    /// The request is over one of the server's limits.
    ResourceExhausted,
    /// What the request names does not exist (any more).
    NotFound,
    /// What the request would create exists already.
    AlreadyExists,
    /// A conditional write lost to another write; read again and retry.
    Aborted,
    /// Stored data is damaged and was not served.
    DataLoss,
    /// The server failed; the cause is logged, not sent.
    Internal,
}
