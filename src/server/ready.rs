//! What the server's middleware layers share.

/// The instance of a layered service that `poll_ready` readied, leaving a
/// clone in its place: a clone is not ready, so the polled one must serve.
pub(super) fn take_ready<S: Clone>(service: &mut S) -> S {
    let clone = service.clone();
    std::mem::replace(service, clone)
}
