//! Reading the command line's inputs: files, or standard input for `-`.

use std::path::Path;

/// An `.html`/`.htm` file, or bytes that open like an HTML page.
pub fn looks_like_html(path: &Path, bytes: &[u8]) -> bool {
    let by_name = path.extension().is_some_and(|extension| {
        extension.eq_ignore_ascii_case("html") || extension.eq_ignore_ascii_case("htm")
    });
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let opening = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    by_name || opening.starts_with("<!doctype html") || opening.starts_with("<html")
}

/// Reads a file, or standard input for `-`, as bytes.
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &Path) -> std::io::Result<String> {
    if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
}
