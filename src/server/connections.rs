//! Connections on every port: a bound on how many each port holds open, and
//! closing those that carry no call.
//!
//! A connection must start its first call within
//! [`ConnectionLimits::handshake_timeout`] of its arrival (the TLS handshake,
//! the HTTP/2 preface and the first request's headers included), and is
//! closed once it has had no call in progress for
//! [`ConnectionLimits::idle_timeout`]. Bytes alone do not keep a connection
//! open, so neither a client that sends nothing, nor one that trickles a
//! request's headers, nor one that never starts TLS holds its file
//! descriptor for longer. A port at its limit closes new connections as
//! they arrive (counted, and logged now and then), so open files stay below
//! the process's limit and the other ports keep serving.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::Stream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};
use tonic::body::Body;
use tonic::transport::server::{Connected, TlsConnectInfo};
use tower::{Layer, Service};

use crate::metrics::{InFlight, Metrics};

/// Bounds on the connections of each port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections each port holds open at a time; lowered at start so that
    /// the ports together stay within the process's open-file limit.
    pub max_connections: usize,
    /// Calls at a time on one HTTP/2 connection (`MAX_CONCURRENT_STREAMS`).
    pub max_streams: u32,
    /// How long a new connection may take to start its first call.
    pub handshake_timeout: Duration,
    /// How long a connection may stay open with no call in progress.
    pub idle_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 2_000,
            max_streams: 100,
            handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
        }
    }
}

/// Files kept for other uses than connections: the database, the
/// listeners, the runtime's own, standard streams.
const RESERVED_FILES: u64 = 64;

/// Ports that share the open-file budget: gRPC, reader page, metrics.
const PORTS: u64 = 3;

/// How often refused connections are logged, at most.
const REFUSAL_LOG_INTERVAL: Duration = Duration::from_secs(10);

/// How long to wait before accepting again when the process is out of
/// file descriptors.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Raises the process's soft limit on open files to its hard limit, and
/// returns the limit now in force.
pub fn raise_open_file_limit() -> io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return Err(io::Error::last_os_error());
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                ..limit
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) != 0 {
                return Err(io::Error::last_os_error());
            }
            limit = raised;
        }
    }
    Ok(limit.rlim_cur)
}

/// The process's soft limit on open files, if it has one.
fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct given.
    let known = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    (known && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

impl ConnectionLimits {
    /// The connections one port may hold: the configured bound, lowered to
    /// the port's share of the open-file limit.
    fn per_port(&self) -> usize {
        let share = open_file_limit().map_or(usize::MAX, |files| {
            usize::try_from(files.saturating_sub(RESERVED_FILES) / PORTS).unwrap_or(usize::MAX)
        });
        self.max_connections.min(share).max(1)
    }
}

/// The connections a port accepts from `listener`, named `port` in metrics
/// and logs, within `limits`.
pub fn incoming(
    listener: TcpListener,
    port: &'static str,
    limits: ConnectionLimits,
    metrics: Metrics,
) -> impl Stream<Item = io::Result<Connection>> + Send + 'static {
    let gate = Gate {
        listener,
        port,
        limits,
        max_open: limits.per_port(),
        open: Arc::new(AtomicUsize::new(0)),
        metrics,
        refused_unlogged: 0,
        last_logged: None,
    };
    futures_util::stream::unfold(gate, |mut gate| async move {
        let connection = gate.accept().await;
        Some((Ok(connection), gate))
    })
}

/// A port's listener and the connections it holds open.
struct Gate {
    listener: TcpListener,
    port: &'static str,
    limits: ConnectionLimits,
    max_open: usize,
    open: Arc<AtomicUsize>,
    metrics: Metrics,
    refused_unlogged: u64,
    last_logged: Option<Instant>,
}

impl Gate {
    /// The next connection within the port's limit; connections past it
    /// are closed as they arrive.
    async fn accept(&mut self) -> Connection {
        loop {
            let (stream, peer) = match self.listener.accept().await {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, the error repeats until one is
                    // freed: wait instead of spinning.
                    if matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE)) {
                        self.refused(&error.to_string());
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                    }
                    continue;
                }
            };
            if self.open.load(Ordering::Relaxed) >= self.max_open {
                drop(stream);
                self.refused("the port is at its connection limit");
                continue;
            }
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, %peer, "cannot set TCP_NODELAY");
            }
            return Connection::new(stream, peer, self);
        }
    }

    /// Counts a refused connection, and logs the refusals now and then.
    fn refused(&mut self, reason: &str) {
        self.metrics.connection_refused(self.port);
        self.refused_unlogged += 1;
        let due = self
            .last_logged
            .is_none_or(|logged| logged.elapsed() >= REFUSAL_LOG_INTERVAL);
        if due {
            tracing::warn!(
                port = self.port,
                refused = self.refused_unlogged,
                max_connections = self.max_open,
                reason,
                "connections refused"
            );
            self.refused_unlogged = 0;
            self.last_logged = Some(Instant::now());
        }
    }
}

/// What a connection's calls tell it: how many are in progress, and since
/// when it has had none.
#[derive(Debug)]
pub struct Activity {
    calls: AtomicUsize,
    called: AtomicBool,
    idle_since: Mutex<Instant>,
}

impl Activity {
    fn new() -> Self {
        Activity {
            calls: AtomicUsize::new(0),
            called: AtomicBool::new(false),
            idle_since: Mutex::new(Instant::now()),
        }
    }

    /// Counts a call in progress on the connection until the returned
    /// guard is dropped.
    pub fn call_started(self: &Arc<Self>) -> CallOnConnection {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.called.store(true, Ordering::Relaxed);
        CallOnConnection(self.clone())
    }

    /// When the connection is to be closed, unless a call starts first;
    /// none while a call is in progress.
    fn closes_at(&self, limits: &ConnectionLimits) -> Option<Instant> {
        if self.calls.load(Ordering::SeqCst) > 0 {
            return None;
        }
        let since = *self.idle_since.lock().unwrap_or_else(|p| p.into_inner());
        let timeout = if self.called.load(Ordering::Relaxed) {
            limits.idle_timeout
        } else {
            limits.handshake_timeout
        };
        Some(since + timeout)
    }
}

/// A call in progress on a connection.
#[derive(Debug)]
pub struct CallOnConnection(Arc<Activity>);

impl Drop for CallOnConnection {
    fn drop(&mut self) {
        let mut idle_since = self.0.idle_since.lock().unwrap_or_else(|p| p.into_inner());
        if self.0.calls.fetch_sub(1, Ordering::SeqCst) == 1 {
            *idle_since = Instant::now();
        }
    }
}

/// What a request knows of its connection (a request extension).
#[derive(Debug, Clone)]
pub struct ConnectionInfo {
    /// The client's address.
    pub peer: SocketAddr,
    /// The connection's calls.
    pub activity: Arc<Activity>,
}

/// An accepted TCP connection that closes itself once it has carried no
/// call for its timeout.
pub struct Connection {
    stream: TcpStream,
    info: ConnectionInfo,
    limits: ConnectionLimits,
    port: &'static str,
    metrics: Metrics,
    check: Pin<Box<Sleep>>,
    timed_out: bool,
    _open: OpenConnection,
}

/// Counts a connection as open on its port while it lives.
struct OpenConnection {
    open: Arc<AtomicUsize>,
    _gauge: InFlight,
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Connection {
    fn new(stream: TcpStream, peer: SocketAddr, gate: &Gate) -> Self {
        gate.open.fetch_add(1, Ordering::Relaxed);
        let open = OpenConnection {
            open: gate.open.clone(),
            _gauge: gate.metrics.connection_opened(gate.port),
        };
        let check = tokio::time::sleep(gate.limits.handshake_timeout);
        Connection {
            stream,
            info: ConnectionInfo {
                peer,
                activity: Arc::new(Activity::new()),
            },
            limits: gate.limits,
            port: gate.port,
            metrics: gate.metrics.clone(),
            check: Box::pin(check),
            timed_out: false,
            _open: open,
        }
    }

    /// The connection's calls, for a server that is not a tonic one.
    pub fn activity(&self) -> Arc<Activity> {
        self.info.activity.clone()
    }

    /// Fails once the connection has carried no call for its timeout;
    /// otherwise arranges to be woken when it might have.
    fn check_idle(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        if self.timed_out {
            return Err(timed_out());
        }
        while self.check.as_mut().poll(cx).is_ready() {
            let now = Instant::now();
            match self.info.activity.closes_at(&self.limits) {
                Some(at) if at <= now => {
                    self.timed_out = true;
                    self.metrics.connection_timed_out(self.port);
                    tracing::debug!(port = self.port, peer = %self.info.peer, "idle connection closed");
                    return Err(timed_out());
                }
                Some(at) => self.check.as_mut().reset(at),
                None => self.check.as_mut().reset(now + self.limits.idle_timeout),
            }
        }
        Ok(())
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "the connection carried no call")
}

impl AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Pending => this
                .check_idle(cx)
                .map_or_else(|e| Poll::Ready(Err(e)), |()| Poll::Pending),
            ready => ready,
        }
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.stream).poll_write(cx, buf) {
            Poll::Pending => this
                .check_idle(cx)
                .map_or_else(|e| Poll::Ready(Err(e)), |()| Poll::Pending),
            ready => ready,
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.stream).poll_write_vectored(cx, bufs) {
            Poll::Pending => this
                .check_idle(cx)
                .map_or_else(|e| Poll::Ready(Err(e)), |()| Poll::Pending),
            ready => ready,
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

impl Connected for Connection {
    type ConnectInfo = ConnectionInfo;

    fn connect_info(&self) -> ConnectionInfo {
        self.info.clone()
    }
}

/// Tells each request's connection that a call is in progress until its
/// response has ended.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConnectionCallsLayer;

impl<S> Layer<S> for ConnectionCallsLayer {
    type Service = ConnectionCalls<S>;

    fn layer(&self, inner: S) -> ConnectionCalls<S> {
        ConnectionCalls { inner }
    }
}

/// The service [`ConnectionCallsLayer`] wraps around a port's services.
#[derive(Debug, Clone)]
pub struct ConnectionCalls<S> {
    inner: S,
}

impl<S, B, ResBody> Service<http::Request<B>> for ConnectionCalls<S>
where
    S: Service<http::Request<B>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
    ResBody: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    ResBody::Error: Into<tonic::codegen::StdError>,
{
    type Response = http::Response<Body>;
    type Error = S::Error;
    type Future = futures_util::future::BoxFuture<'static, Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let extensions = request.extensions();
        let activity = extensions
            .get::<ConnectionInfo>()
            .or_else(|| {
                extensions
                    .get::<TlsConnectInfo<ConnectionInfo>>()
                    .map(TlsConnectInfo::get_ref)
            })
            .map(|info| info.activity.call_started());
        let call = self.inner.call(request);
        Box::pin(async move {
            let response = call.await?;
            Ok(response.map(|body| {
                Body::new(CallBody {
                    inner: Body::new(body),
                    _call: activity,
                })
            }))
        })
    }
}

/// A response body that keeps its call counted on its connection.
struct CallBody {
    inner: Body,
    _call: Option<CallOnConnection>,
}

impl http_body::Body for CallBody {
    type Data = bytes::Bytes;
    type Error = tonic::Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, tonic::Status>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
