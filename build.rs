//! Compiles `proto/` into Rust at build time without a system `protoc`:
//! protox parses the files, the encoded descriptor set is kept for server
//! reflection, and tonic-prost-build generates messages, servers and clients.

use std::{env, fs, path::PathBuf};

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // tonic-prost-build 0.14's own rerun flag does nothing; say it ourselves.
    println!("cargo:rerun-if-changed=proto");

    let descriptors = protox::compile(
        [
            "precis/v1/summary.proto",
            "precis/v1/article.proto",
            "precis/v1/errors.proto",
        ],
        ["proto"],
    )?;
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(
        out_dir.join("precis_descriptor.bin"),
        descriptors.encode_to_vec(),
    )?;
    tonic_prost_build::configure().compile_fds(descriptors)?;
    Ok(())
}
