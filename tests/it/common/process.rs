//! A real `precis serve` process on a free loopback port, for tests that
//! need the binary itself: its resident memory, its open files, its data
//! directory on disk, or a restart.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

/// How long a server may take to start (migrations included) and report
/// SERVING.
pub const READY_DEADLINE: Duration = Duration::from_secs(60);
/// Pause between two readiness probes (polling, not synchronisation).
const PROBE_INTERVAL: Duration = Duration::from_millis(25);

/// One `precis serve`, killed when dropped.
pub struct ServerProcess {
    process: Child,
    /// Where its gRPC port listens.
    pub endpoint: Endpoint,
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

impl ServerProcess {
    /// Starts `precis serve --addr 127.0.0.1:PORT` with `args` after it.
    pub fn spawn<I, S>(args: I) -> ServerProcess
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        ServerProcess::spawn_in(Command::new(env!("CARGO_BIN_EXE_precis")), args)
    }

    /// As [`ServerProcess::spawn`], starting with the given soft and hard
    /// limits on open files.
    pub fn spawn_with_open_file_limits<I, S>(soft: u64, hard: u64, args: I) -> ServerProcess
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        use std::os::unix::process::CommandExt;
        let mut command = Command::new(env!("CARGO_BIN_EXE_precis"));
        let limits = libc::rlimit {
            rlim_cur: soft,
            rlim_max: hard,
        };
        // SAFETY: setrlimit is async-signal-safe and touches only the child.
        unsafe {
            command.pre_exec(move || {
                if libc::setrlimit(libc::RLIMIT_NOFILE, &limits) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
        ServerProcess::spawn_in(command, args)
    }

    fn spawn_in<I, S>(mut command: Command, args: I) -> ServerProcess
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let port = free_port();
        let process = command
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start precis serve");
        let endpoint = Endpoint::from_shared(format!("http://127.0.0.1:{port}")).unwrap();
        ServerProcess { process, endpoint }
    }

    /// Starts a server keeping its SQLite store in `data_dir`.
    pub fn spawn_sqlite(data_dir: &Path, extra: &[&str]) -> ServerProcess {
        let mut args: Vec<std::ffi::OsString> = vec!["--data-dir".into(), data_dir.into()];
        args.extend(extra.iter().map(Into::into));
        ServerProcess::spawn(args)
    }

    /// A connected channel, once health reports `service` SERVING (the
    /// empty name is the whole server).
    pub async fn ready_channel(&mut self, service: &str) -> Channel {
        let deadline = Instant::now() + READY_DEADLINE;
        loop {
            if let Some(status) = self.process.try_wait().expect("server status") {
                panic!("precis serve exited before it was ready: {status}");
            }
            if let Ok(channel) = self.endpoint.connect().await {
                let probe = HealthClient::new(channel.clone())
                    .check(HealthCheckRequest {
                        service: service.into(),
                    })
                    .await;
                if probe.is_ok_and(|reply| reply.get_ref().status == ServingStatus::Serving as i32)
                {
                    return channel;
                }
            }
            assert!(Instant::now() < deadline, "not ready in {READY_DEADLINE:?}");
            tokio::time::sleep(PROBE_INTERVAL).await;
        }
    }

    /// The process's id.
    pub fn pid(&self) -> u32 {
        self.process.id()
    }

    /// Its resident memory now, in bytes (Linux).
    pub fn rss_bytes(&self) -> u64 {
        status_field_kib(self.pid(), "VmRSS:") * 1024
    }

    /// Its peak resident memory so far, in bytes (Linux).
    pub fn peak_rss_bytes(&self) -> u64 {
        status_field_kib(self.pid(), "VmHWM:") * 1024
    }

    /// How many files it has open (Linux).
    pub fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .expect("list the server's open files")
            .count()
    }

    /// Its soft limit on open files (Linux).
    pub fn open_file_limit(&self) -> u64 {
        let limits = std::fs::read_to_string(format!("/proc/{}/limits", self.pid()))
            .expect("the server's limits");
        limits
            .lines()
            .find_map(|line| line.strip_prefix("Max open files"))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .expect("a limit on open files")
    }

    /// Whether it has exited, and how.
    pub fn try_wait(&mut self) -> Option<std::process::ExitStatus> {
        self.process.try_wait().expect("server status")
    }

    /// Waits for it to exit on its own, up to `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.try_wait() {
                return Some(status);
            }
            std::thread::sleep(PROBE_INTERVAL);
        }
        None
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A `kB` field of `/proc/PID/status`.
fn status_field_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("process status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// The bytes of every file under `dir`, recursively.
pub fn disk_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut pending: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read directory") {
            let entry = entry.expect("directory entry");
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}
