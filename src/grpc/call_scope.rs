//! What work on the blocking pool knows about the call it serves: the
//! client's deadline and whether the call has ended.
//!
//! The server's admission layer opens a [`CallScope`] per call and keeps it
//! in a task-local while the handler (and, for streams, the response body)
//! runs; [`blocking`](super::summary_service) carries it onto the blocking
//! pool, where [`check_call`] stops work whose answer nobody will read.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::time::Instant;
use tonic::Status;

tokio::task_local! {
    static CURRENT: CallScope;
}

/// The life of one call, seen from the work done for it.
#[derive(Debug, Clone, Default)]
pub struct CallScope {
    ended: Arc<AtomicBool>,
    deadline: Option<Instant>,
}

/// Marks its call as ended when dropped: when the response is complete, or
/// when the call is abandoned (client gone, deadline passed).
#[derive(Debug)]
pub struct EndOfCall(Arc<AtomicBool>);

impl Drop for EndOfCall {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl CallScope {
    /// A scope ending at `deadline` at the latest, and its end marker.
    pub fn open(deadline: Option<Instant>) -> (CallScope, EndOfCall) {
        let ended = Arc::new(AtomicBool::new(false));
        let scope = CallScope {
            ended: ended.clone(),
            deadline,
        };
        (scope, EndOfCall(ended))
    }

    /// The scope of the call being served, or a scope that never ends
    /// outside a call.
    pub fn current() -> CallScope {
        CURRENT.try_with(CallScope::clone).unwrap_or_default()
    }

    /// Runs `work` with this scope as the current one.
    pub fn run<T>(self, work: impl FnOnce() -> T) -> T {
        CURRENT.sync_scope(self, work)
    }

    /// Runs the future `work` with this scope as the current one.
    pub async fn run_async<T>(self, work: impl Future<Output = T>) -> T {
        CURRENT.scope(self, work).await
    }

    /// DEADLINE_EXCEEDED past the deadline, CANCELLED once the call has
    /// ended; otherwise the work may go on.
    pub fn check(&self) -> Result<(), Status> {
        if self
            .deadline
            .is_some_and(|deadline| Instant::now() >= deadline)
        {
            return Err(deadline_exceeded());
        }
        if self.ended.load(Ordering::Relaxed) {
            return Err(Status::cancelled("the call ended before its work was done"));
        }
        Ok(())
    }
}

/// Checks the current call between phases of its work; see
/// [`CallScope::check`].
pub fn check_call() -> Result<(), Status> {
    CallScope::current().check()
}

/// The answer to a call that outlived its client's deadline.
pub fn deadline_exceeded() -> Status {
    Status::deadline_exceeded("the request's deadline passed before its answer was ready")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_call_may_go_on() {
        let (scope, _end) = CallScope::open(None);
        assert!(scope.check().is_ok());
    }

    #[test]
    fn an_ended_call_is_cancelled() {
        let (scope, end) = CallScope::open(None);
        drop(end);
        assert_eq!(scope.check().unwrap_err().code(), tonic::Code::Cancelled);
    }

    #[tokio::test]
    async fn a_past_deadline_is_exceeded() {
        let (scope, _end) = CallScope::open(Some(Instant::now()));
        assert_eq!(
            scope.check().unwrap_err().code(),
            tonic::Code::DeadlineExceeded
        );
    }

    #[test]
    fn the_current_scope_is_the_one_run() {
        let (scope, end) = CallScope::open(None);
        drop(end);
        assert!(scope.run(check_call).is_err());
        assert!(check_call().is_ok());
    }
}
