//! The article store under hostile reads and writes: bounded memory and
//! disk, and damage detected rather than served.
