//! How deeply a page nests its elements, measured before parsing, so that
//! a page nested deeper than any real one is refused up front
//! ([`super::PageLimits::max_depth`]).

/// Elements that never hold others, or that the parser closes by itself
/// when the next one opens, so they do not deepen the page.
const FLAT: [&str; 24] = [
    "area", "base", "br", "col", "dd", "dt", "embed", "hr", "img", "input", "li", "link", "meta",
    "option", "p", "param", "source", "td", "th", "tr", "track", "wbr", "!--", "!doctype",
];

/// The deepest nesting of elements in `html`, counted from its tags;
/// script and style contents are skipped.
pub fn max_depth(html: &[u8]) -> usize {
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(offset) = html[at..].iter().position(|&b| b == b'<') {
        let start = at + offset + 1;
        let end = html[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(html.len(), |i| start + i);
        let tag = &html[start..end];
        at = (end + 1).min(html.len());
        let closing = tag.first() == Some(&b'/');
        let after_slash = &tag[usize::from(closing)..];
        let name_length = after_slash
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(after_slash.len());
        let name = &after_slash[..name_length];
        if name.is_empty()
            || FLAT
                .iter()
                .any(|flat| flat.as_bytes().eq_ignore_ascii_case(name))
        {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !tag.ends_with(b"/") {
            if name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style") {
                at = skip_raw_text(html, at, name);
                continue;
            }
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The offset just past the `</name` that ends a raw-text element.
fn skip_raw_text(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut closing = b"</".to_vec();
    closing.extend_from_slice(name);
    html[from..]
        .windows(closing.len())
        .position(|window| window.eq_ignore_ascii_case(&closing))
        .map_or(html.len(), |i| from + i + closing.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_not_siblings_or_self_closing_elements() {
        let page =
            b"<!DOCTYPE html><html><body><div><p>a<p>b<br><img src=x/><ul><li>c<li>d</ul></div>\
            <script>if (a<b && c>d) {}</script></body></html>";
        assert_eq!(max_depth(page), 4, "html, body, div, ul");
        let deep = "<div>".repeat(600);
        assert_eq!(max_depth(deep.as_bytes()), 600);
    }
}
