//! The hostile-client suite: every attack of the threat model in
//! `docs/operations.md`, reproduced against a real server (in process, or
//! the `precis` binary itself where memory, files or disk are measured),
//! each with the bound it must meet and the status it must answer.
//!
//! Under `cargo test` every case is small enough to finish in seconds on
//! a debug build. `bash eval/hostile.sh` runs the same cases at full size
//! against the release binary (`PRECIS_HOSTILE_FULL=1 cargo test
//! --release --test it hostile::`), where the bounds are the documented ones.

mod errors;
mod inputs;
mod store;
mod transport;

/// Whether the attacks run at full size against an optimised build
/// (`PRECIS_HOSTILE_FULL=1`), rather than scaled down for a debug build.
pub fn full_size() -> bool {
    std::env::var_os("PRECIS_HOSTILE_FULL").is_some_and(|value| value == "1")
}

/// `full` at full size, else `small`: an attack's size, or a bound that a
/// debug build needs more room for.
pub fn scaled<T>(small: T, full: T) -> T {
    if full_size() { full } else { small }
}
