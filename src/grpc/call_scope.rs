//! What work on the blocking pool knows about the call it serves: the
//! call's deadline, whether the call has ended, and (for a stream) the
//! place in the admission limit it takes while it has work.
//!
//! The server's admission layer opens a [`CallScope`] per call and keeps it
//! in a task-local while the handler (and, for streams, the response body)
//! runs; `blocking` (in `summary_service`) carries it onto the blocking
//! pool, where [`check_call`] stops work whose answer nobody will read.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::metrics::Metrics;

/// How long a shed client is told to wait before it tries again.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

tokio::task_local! {
    static CURRENT: CallScope;
}

/// The life of one call, seen from the work done for it.
#[derive(Debug, Clone, Default)]
pub struct CallScope {
    ended: Arc<AtomicBool>,
    deadline: Option<Instant>,
    places: Option<Arc<StreamPlace>>,
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
            places: None,
        };
        (scope, EndOfCall(ended))
    }

    /// This scope for a call that takes a place from `places` only while it
    /// has work (see [`CallScope::start_work`]), counting refusals in
    /// `metrics`.
    pub fn taking_places_for_work(self, places: Arc<Semaphore>, metrics: Metrics) -> CallScope {
        let place = StreamPlace {
            places,
            metrics,
            held: Mutex::new(HeldPlace::default()),
        };
        CallScope {
            places: Some(Arc::new(place)),
            ..self
        }
    }

    /// Starts one piece of the call's work (a stream's document), holding
    /// the call's place in the admission limit until every piece started is
    /// done; UNAVAILABLE with a retry hint when the place is needed and the
    /// limit is reached. A call admitted as a whole has its place already.
    pub fn start_work(&self) -> Result<Work, Status> {
        let Some(place) = &self.places else {
            return Ok(Work(None));
        };
        let mut held = place
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if held.running == 0 {
            let Ok(permit) = place.places.clone().try_acquire_owned() else {
                place.metrics.work_shed();
                return Err(overloaded());
            };
            held.permit = Some(permit);
        }
        held.running += 1;
        Ok(Work(Some(place.clone())))
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

/// A call's place in the admission limit, taken while it has work.
#[derive(Debug)]
struct StreamPlace {
    places: Arc<Semaphore>,
    metrics: Metrics,
    held: Mutex<HeldPlace>,
}

/// The pieces of work running, and the place they hold while any does.
#[derive(Debug, Default)]
struct HeldPlace {
    running: usize,
    permit: Option<OwnedSemaphorePermit>,
}

/// One piece of a call's work; the call's place is freed when the last
/// one running is dropped.
#[derive(Debug)]
pub struct Work(Option<Arc<StreamPlace>>);

impl Drop for Work {
    fn drop(&mut self) {
        if let Some(place) = &self.0 {
            let mut held = place
                .held
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            held.running -= 1;
            if held.running == 0 {
                held.permit = None;
            }
        }
    }
}

/// The answer to a call (or a stream's document) past the admission limit.
pub fn overloaded() -> Status {
    Status::with_error_details(
        Code::Unavailable,
        "the server is at its limit of concurrent requests; retry later",
        ErrorDetails::with_retry_info(Some(RETRY_AFTER)),
    )
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
    fn a_stream_holds_its_place_only_while_it_has_work() {
        let places = Arc::new(Semaphore::new(1));
        let (scope, _end) = CallScope::open(None);
        let scope = scope.taking_places_for_work(places.clone(), Metrics::default());
        let first = scope.start_work().expect("a free place");
        let second = scope.start_work().expect("the stream's own place");
        assert_eq!(places.available_permits(), 0);
        drop(first);
        assert_eq!(places.available_permits(), 0);
        drop(second);
        assert_eq!(
            places.available_permits(),
            1,
            "idle, the stream holds no place"
        );

        let _other = places.clone().try_acquire_owned().unwrap();
        let refused = scope.start_work().expect_err("the limit is reached");
        assert_eq!(refused.code(), Code::Unavailable);
    }

    #[test]
    fn the_current_scope_is_the_one_run() {
        let (scope, end) = CallScope::open(None);
        drop(end);
        assert!(scope.run(check_call).is_err());
        assert!(check_call().is_ok());
    }
}
