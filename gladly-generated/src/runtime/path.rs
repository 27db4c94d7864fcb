//! Fills a path template such as `/api/v1/tasks/{taskId}` with percent-encoded values.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything except RFC 3986 "unreserved" characters is encoded, so a value can never
/// add a path segment (`/`), start a query (`?`) or fragment (`#`), climb (`..` stays a
/// literal segment value only together with other characters) or smuggle an escape (`%`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes one path parameter value as exactly one path segment.
pub(crate) fn encode_segment(value: &str) -> String {
    match value {
        // "." and ".." would be removed by URL normalisation; encoding their dots keeps
        // them as literal one-segment values.
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(value, SEGMENT).to_string(),
    }
}

/// Replaces each `{name}` in `template` with the encoded value of parameter `name`.
/// Placeholders without a value are left as they are.
pub(crate) fn fill_template(template: &str, params: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match params.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&encode_segment(value)),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_stay_one_segment() {
        for (value, encoded) in [
            ("../x", "..%2Fx"),
            ("a/b", "a%2Fb"),
            ("?q", "%3Fq"),
            ("#f", "%23f"),
            ("%2F", "%252F"),
            ("é", "%C3%A9"),
            ("..", "%2E%2E"),
        ] {
            assert_eq!(encode_segment(value), encoded, "value {value:?}");
        }
    }

    #[test]
    fn fills_every_placeholder() {
        let filled = fill_template(
            "/api/v1/tasks/{taskId}/comments/{commentId}",
            &[("taskId", "t 1".into()), ("commentId", "c/2".into())],
        );
        assert_eq!(filled, "/api/v1/tasks/t%201/comments/c%2F2");
    }
}
