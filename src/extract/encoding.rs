//! A page's bytes decoded to text, in the encoding the page says it is in:
//! a byte order mark, else a `<meta charset>` or `<meta http-equiv
//! content="...; charset=...">` declaration in its first 1024 bytes (where
//! HTML requires it), else UTF-8. Bytes invalid in that encoding become
//! U+FFFD, as a browser shows them.
//!
//! A page that is not valid UTF-8 and declares nothing that early is
//! looked at further, through its head: five pages of the trafilatura
//! corpus declare ISO-8859-1 or GB2312 only after 1024 bytes of scripts.

use encoding_rs::{Encoding, UTF_8};

/// How far into the page a charset declaration is looked for.
const PRESCAN_BYTES: usize = 1024;
/// How far it is looked for when the page is not UTF-8: past any head.
const HEAD_BYTES: usize = 64 * 1024;

/// `html` as text.
pub fn decode(html: &[u8]) -> String {
    let encoding = Encoding::for_bom(html)
        .map(|(encoding, _)| encoding)
        .or_else(|| declared(&html[..html.len().min(PRESCAN_BYTES)]))
        .or_else(|| {
            std::str::from_utf8(html)
                .is_err()
                .then(|| declared(&html[..html.len().min(HEAD_BYTES)]))
                .flatten()
        })
        .unwrap_or(UTF_8);
    // `decode` strips the byte order mark; a declaration of UTF-16 in
    // ASCII-compatible bytes is read as UTF-8, as browsers do.
    let encoding = encoding.output_encoding();
    encoding.decode(html).0.into_owned()
}

/// The encoding named by the first `<meta>` tag of `head` that names one.
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let mut rest = head;
    while let Some(at) = find_ignoring_case(rest, b"<meta") {
        let tag = &rest[at + 5..];
        let tag = &tag[..memchr::memchr(b'>', tag).unwrap_or(tag.len())];
        if let Some(encoding) = charset_label(tag).and_then(Encoding::for_label) {
            return Some(encoding);
        }
        rest = &rest[at + 5..];
    }
    None
}

/// The value after `charset=` in a tag's attributes, unquoted.
fn charset_label(tag: &[u8]) -> Option<&[u8]> {
    let at = find_ignoring_case(tag, b"charset")?;
    let value = tag[at + 7..].trim_ascii_start().strip_prefix(b"=")?;
    let value = value.trim_ascii_start();
    let value = value
        .strip_prefix(b"\"")
        .or_else(|| value.strip_prefix(b"'"))
        .unwrap_or(value);
    let end = value
        .iter()
        .position(|byte| matches!(byte, b'"' | b'\'' | b';' | b'/') || byte.is_ascii_whitespace())
        .unwrap_or(value.len());
    (end > 0).then(|| &value[..end])
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn the_declared_encoding_is_used() {
        let latin1 = b"<html><head><meta charset=\"ISO-8859-1\"></head><body>caf\xe9</body></html>";
        assert!(decode(latin1).contains("café"));
        let windows = b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>\xcf\xf0\xe8";
        assert!(decode(windows).ends_with("При"));
    }

    #[test]
    fn a_byte_order_mark_wins_and_utf8_is_the_default() {
        let bom = b"\xef\xbb\xbf<meta charset=latin1>caf\xc3\xa9";
        assert_eq!(decode(bom), "<meta charset=latin1>café");
        assert_eq!(decode(b"caf\xc3\xa9 \xff"), "café \u{fffd}");
        let late = [
            &b"<script>"[..],
            &[b' '; 2000],
            b"</script><meta charset=latin1>caf\xe9",
        ]
        .concat();
        assert!(
            decode(&late).ends_with("café"),
            "declared late in a page not UTF-8"
        );
        let unknown = b"<meta charset=\"klingon\">caf\xc3\xa9";
        assert!(decode(unknown).ends_with("café"));
    }
}
