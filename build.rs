//! Compiles `proto/` into Rust at build time without a system `protoc`:
//! protox parses the files, the encoded descriptor set is kept for server
//! reflection and for the proto JSON of messages, and tonic-prost-build
//! generates messages (each naming its protobuf type), servers and clients.

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
    // `prost::Name` on every message: its full protobuf name finds its
    // descriptor for the proto JSON mapping (`precis::proto::to_json`).
    let mut config = tonic_prost_build::Config::new();
    config.enable_type_names();
    tonic_prost_build::configure().compile_fds_with_config(descriptors, config)?;
    Ok(())
}
