//! Request bodies as they arrive: the bytes of every gRPC message still
//! arriving are charged to a budget shared by the whole server (a body whose
//! bytes do not fit waits, which stops its sender through HTTP/2 flow
//! control), and a message begun must end within the arrival timeout.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Buf, Bytes};
use futures_util::future::BoxFuture;
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use std::sync::Arc;
use tokio::sync::{AcquireError, OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};
use tonic::Status;
use tonic::codegen::StdError;

/// The bytes before each gRPC message: a compression flag and a length.
const PREFIX_BYTES: usize = 5;

/// Where a body is in its sequence of length-prefixed gRPC messages.
#[derive(Debug, Default)]
struct Framing {
    prefix: [u8; PREFIX_BYTES],
    prefix_seen: usize,
    message_left: usize,
    messages_ended: usize,
}

impl Framing {
    fn advance(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            if self.message_left > 0 {
                let taken = self.message_left.min(data.len());
                self.message_left -= taken;
                data = &data[taken..];
                if self.message_left == 0 {
                    self.messages_ended += 1;
                }
                continue;
            }
            let taken = (PREFIX_BYTES - self.prefix_seen).min(data.len());
            self.prefix[self.prefix_seen..self.prefix_seen + taken].copy_from_slice(&data[..taken]);
            self.prefix_seen += taken;
            data = &data[taken..];
            if self.prefix_seen == PREFIX_BYTES {
                self.prefix_seen = 0;
                let length = u32::from_be_bytes([
                    self.prefix[1],
                    self.prefix[2],
                    self.prefix[3],
                    self.prefix[4],
                ]);
                self.message_left = length as usize;
                if self.message_left == 0 {
                    self.messages_ended += 1;
                }
            }
        }
    }

    /// Whether a message has begun and not yet ended.
    fn mid_message(&self) -> bool {
        self.prefix_seen > 0 || self.message_left > 0
    }
}

type Permit = BoxFuture<'static, Result<OwnedSemaphorePermit, AcquireError>>;

/// A request body whose arriving messages are charged to a shared budget
/// and must each arrive within a timeout of their first byte.
pub struct ArrivingBody<B> {
    inner: B,
    budget: Arc<Semaphore>,
    /// The most one frame is charged: the whole budget, so that a frame
    /// larger than it waits for the budget to empty instead of forever.
    max_charge: u32,
    arrival_timeout: Duration,
    framing: Framing,
    /// The bytes of the message arriving (and of earlier ones in the same
    /// frames), released once no message is left half-arrived.
    charged: Option<OwnedSemaphorePermit>,
    /// A frame held back until the budget has room for it.
    waiting: Option<(Bytes, Permit)>,
    /// When the message arriving must have ended.
    message_deadline: Option<Pin<Box<Sleep>>>,
}

impl<B> ArrivingBody<B>
where
    B: http_body::Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<StdError>,
{
    /// `body`, charging its arriving messages to `budget` (one permit a
    /// byte) of `budget_bytes` in all.
    pub fn new(
        body: B,
        budget: Arc<Semaphore>,
        budget_bytes: usize,
        arrival_timeout: Duration,
    ) -> Self {
        ArrivingBody {
            inner: body,
            budget,
            max_charge: u32::try_from(budget_bytes).unwrap_or(u32::MAX),
            arrival_timeout,
            framing: Framing::default(),
            charged: None,
            waiting: None,
            message_deadline: None,
        }
    }

    /// Waits until the first message has arrived whole (or the body ended,
    /// or `max_bytes` arrived: the service then refuses the oversized
    /// message), and returns the body to be read again from its start.
    pub async fn first_message(mut self, max_bytes: usize) -> Result<Replay<B>, Status> {
        let mut frames = VecDeque::new();
        let mut buffered = 0;
        while self.framing.messages_ended == 0 && buffered <= max_bytes {
            let Some(frame) = self.frame().await else {
                break;
            };
            let frame = frame?;
            if let Some(data) = frame.data_ref() {
                buffered += data.len();
            }
            frames.push_back(frame);
        }
        Ok(Replay { frames, rest: self })
    }

    fn charge(&mut self, data: Bytes, permit: OwnedSemaphorePermit) -> Frame<Bytes> {
        match &mut self.charged {
            Some(charged) => charged.merge(permit),
            None => self.charged = Some(permit),
        }
        self.framing.advance(&data);
        if self.framing.mid_message() {
            if self.message_deadline.is_none() {
                let deadline = Instant::now() + self.arrival_timeout;
                self.message_deadline = Some(Box::pin(tokio::time::sleep_until(deadline)));
            }
        } else {
            self.charged = None;
            self.message_deadline = None;
        }
        Frame::data(data)
    }
}

impl<B> http_body::Body for ArrivingBody<B>
where
    B: http_body::Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<StdError>,
{
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        let this = &mut *self;
        if let Some(deadline) = &mut this.message_deadline
            && deadline.as_mut().poll(cx).is_ready()
        {
            return Poll::Ready(Some(Err(Status::deadline_exceeded(format!(
                "a request message did not arrive within {} s",
                this.arrival_timeout.as_secs_f64()
            )))));
        }
        if let Some((_, permit)) = &mut this.waiting {
            let Poll::Ready(permit) = permit.as_mut().poll(cx) else {
                return Poll::Pending;
            };
            let (data, _) = this.waiting.take().expect("a waiting frame");
            return Poll::Ready(Some(match permit {
                Ok(permit) => Ok(this.charge(data, permit)),
                Err(_) => Err(Status::unavailable("the server is shutting down")),
            }));
        }
        let frame = match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Err(error))) => {
                return Poll::Ready(Some(Err(Status::from_error(error.into()))));
            }
            Poll::Ready(Some(Ok(frame))) => frame,
        };
        let data = match frame.into_data() {
            Ok(data) if data.has_remaining() => data,
            Ok(empty) => return Poll::Ready(Some(Ok(Frame::data(empty)))),
            Err(trailers) => return Poll::Ready(Some(Ok(trailers))),
        };
        let bytes = u32::try_from(data.len())
            .unwrap_or(u32::MAX)
            .min(this.max_charge);
        match this.budget.clone().try_acquire_many_owned(bytes) {
            Ok(permit) => Poll::Ready(Some(Ok(this.charge(data, permit)))),
            Err(_) => {
                let permit = Box::pin(this.budget.clone().acquire_many_owned(bytes));
                this.waiting = Some((data, permit));
                Pin::new(this).poll_frame(cx)
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.waiting.is_none() && self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A body read again: the frames already taken, then the rest.
pub struct Replay<B> {
    frames: VecDeque<Frame<Bytes>>,
    rest: ArrivingBody<B>,
}

impl<B> http_body::Body for Replay<B>
where
    B: http_body::Body<Data = Bytes> + Send + Unpin + 'static,
    B::Error: Into<StdError>,
{
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        match self.frames.pop_front() {
            Some(frame) => Poll::Ready(Some(Ok(frame))),
            None => Pin::new(&mut self.rest).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.frames.is_empty() && self.rest.is_end_stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(length: u32) -> Vec<u8> {
        let mut bytes = vec![0];
        bytes.extend_from_slice(&length.to_be_bytes());
        bytes.extend(std::iter::repeat_n(b'x', length as usize));
        bytes
    }

    #[test]
    fn messages_are_followed_across_any_split() {
        let mut stream = message(7);
        stream.extend(message(0));
        stream.extend(message(300));
        for split in [1, 2, 5, 6, 13, 100] {
            let mut framing = Framing::default();
            let mut chunks = stream.chunks(split);
            framing.advance(chunks.next().unwrap());
            assert!(framing.mid_message(), "split {split}");
            chunks.for_each(|chunk| framing.advance(chunk));
            assert_eq!(framing.messages_ended, 3, "split {split}");
            assert!(!framing.mid_message(), "split {split}");
        }
    }
}
