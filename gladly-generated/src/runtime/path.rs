//! Fills a path template such as `/api/v1/tasks/{taskId}` with percent-encoded values.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::Error;

/// Everything except RFC 3986 "unreserved" characters is encoded, so a value can never
/// add a path segment (`/`), start a query (`?`) or fragment (`#`), or smuggle an escape
/// (`%` itself becomes `%25`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes one path parameter value as exactly one path segment.
///
/// `.` and `..` are refused rather than encoded: URL parsers treat `%2E%2E` as `..`
/// too, so no encoding keeps them from climbing a level. An empty value is refused
/// because `//` would address a different route.
pub(crate) fn encode_segment(name: &'static str, value: &str) -> Result<String, Error> {
    match value {
        "" => Err(Error::InvalidPathParameter {
            name,
            reason: "it is empty",
        }),
        "." | ".." => Err(Error::InvalidPathParameter {
            name,
            reason: "`.` and `..` would change the path",
        }),
        _ => Ok(utf8_percent_encode(value, SEGMENT).to_string()),
    }
}

/// Replaces each `{name}` in `template` with the encoded value of parameter `name`.
pub(crate) fn fill_template(
    template: &str,
    params: &[(&'static str, String)],
) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = &after[..end];
        match params.iter().find(|(n, _)| *n == name) {
            Some((name, value)) => out.push_str(&encode_segment(name, value)?),
            None => {
                return Err(Error::Config(format!(
                    "path parameter `{name}` of `{template}` has no value"
                )))
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
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
            ("...", "..."),
            ("a b", "a%20b"),
            ("\\x", "%5Cx"),
        ] {
            assert_eq!(
                encode_segment("id", value).unwrap(),
                encoded,
                "value {value:?}"
            );
        }
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for value in ["", ".", ".."] {
            let error = encode_segment("taskId", value).unwrap_err();
            assert!(
                matches!(error, Error::InvalidPathParameter { name: "taskId", .. }),
                "{value:?}: {error:?}"
            );
        }
    }

    #[test]
    fn fills_every_placeholder() {
        let filled = fill_template(
            "/api/v1/tasks/{taskId}/comments/{commentId}",
            &[("taskId", "t 1".into()), ("commentId", "c/2".into())],
        )
        .unwrap();
        assert_eq!(filled, "/api/v1/tasks/t%201/comments/c%2F2");
        assert!(fill_template("/api/v1/tasks/{taskId}", &[]).is_err());
    }
}
