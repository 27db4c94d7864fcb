//! The API's error body, `{"errors":[{"attr","code","detail","meta"}]}`, when the body
//! has that shape, and what a `301 Moved Permanently` says about a merged resource.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An error body of the common `{"errors": [...]}` shape, which many APIs send with 4xx
/// and 5xx answers.
///
/// Only `errors` must be present for a body to count as this shape; every field of
/// each entry is optional because APIs fill them unevenly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiErrors {
    /// One entry per problem.
    pub errors: Vec<ApiErrorDetail>,
}

/// One problem the API reported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorDetail {
    /// The request field the problem is about, e.g. `content`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attr: Option<String>,
    /// A machine-readable kind, e.g. `blank`, `taken`, `moved`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A human-readable explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Extra data, e.g. `{"old": "...", "new": "..."}` for a merged customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
}

impl ApiErrors {
    /// Parses a response body, or `None` when it is not this shape.
    pub(crate) fn parse(body: &[u8]) -> Option<Self> {
        serde_json::from_slice(body).ok()
    }
}

impl fmt::Display for ApiErrors {
    /// `attr: code (detail); ...`, skipping parts that are missing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            fmt::Display::fmt(error, f)?;
        }
        Ok(())
    }
}

impl fmt::Display for ApiErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(attr) = &self.attr {
            write!(f, "{attr}:")?;
            wrote = true;
        }
        if let Some(code) = &self.code {
            if wrote {
                f.write_str(" ")?;
            }
            f.write_str(code)?;
            wrote = true;
        }
        match (&self.detail, wrote) {
            (Some(detail), true) => write!(f, " ({detail})"),
            (Some(detail), false) => f.write_str(detail),
            (None, true) => Ok(()),
            (None, false) => f.write_str("unspecified error"),
        }
    }
}

/// The id a merged customer now has, from the richest source available: the
/// `meta.new` of a `moved` error, a top-level `"id"` in the body, or the `Location`
/// header.
pub(crate) fn moved_to(
    errors: Option<&ApiErrors>,
    body: &[u8],
    location: Option<&str>,
) -> Option<String> {
    errors
        .and_then(new_id_from_errors)
        .or_else(|| new_id_from_body(body))
        .or_else(|| location.and_then(new_id_from_location))
}

fn new_id_from_errors(errors: &ApiErrors) -> Option<String> {
    errors.errors.iter().find_map(|error| {
        let new = error.meta.as_ref()?.get("new")?.as_str()?;
        (!new.is_empty()).then(|| new.to_owned())
    })
}

fn new_id_from_body(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct WithId {
        id: String,
    }
    let parsed: WithId = serde_json::from_slice(body).ok()?;
    (!parsed.id.is_empty()).then_some(parsed.id)
}

/// The customer id in a `Location` such as `.../customer-profiles/{id}` or
/// `.../customers/{id}/conversation-items`: the segment after a customer collection,
/// else the last segment.
fn new_id_from_location(location: &str) -> Option<String> {
    // A relative reference has no scheme; parse it against a dummy origin to get its path.
    let url = url::Url::parse(location)
        .or_else(|_| url::Url::parse("https://invalid.example/")?.join(location))
        .ok()?;
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let after_collection = segments
        .windows(2)
        .find(|pair| matches!(pair[0], "customers" | "customer-profiles"))
        .map(|pair| pair[1]);
    let segment = after_collection.or_else(|| segments.last().copied())?;
    let decoded = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()?;
    Some(decoded.into_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_shape_with_every_field_optional() {
        let body = br#"{"errors":[{"attr":"content","code":"blank","detail":"content cannot be blank"},{"code":"x","extra":1},{}]}"#;
        let errors = ApiErrors::parse(body).unwrap();
        assert_eq!(errors.errors.len(), 3);
        assert_eq!(errors.errors[0].attr.as_deref(), Some("content"));
        assert_eq!(
            errors.to_string(),
            "content: blank (content cannot be blank); x; unspecified error"
        );
        assert_eq!(ApiErrors::parse(b"{}"), None);
        assert_eq!(ApiErrors::parse(b"<html>Bad gateway</html>"), None);
    }

    #[test]
    fn new_id_prefers_the_error_meta() {
        let body = br#"{"errors":[{"attr":"customerId","code":"moved","detail":"customer id has changed","meta":{"old":"OLD","new":"NEW"}}]}"#;
        let errors = ApiErrors::parse(body);
        assert_eq!(
            moved_to(
                errors.as_ref(),
                body,
                Some("/api/v1/customer-profiles/OTHER")
            )
            .as_deref(),
            Some("NEW")
        );
    }

    #[test]
    fn new_id_from_body_id_or_location() {
        assert_eq!(
            moved_to(None, br#"{"id":"FROM_BODY"}"#, None).as_deref(),
            Some("FROM_BODY")
        );
        for (location, id) in [
            ("https://acme.gladly.com/api/v1/customer-profiles/abc-1", "abc-1"),
            ("/api/v1/customer-profiles/abc-1?x=1", "abc-1"),
            (
                "https://example.gladly.com/api/v1/customers/TX6f82W4S_ayp11kP4dhrQ/conversation-items",
                "TX6f82W4S_ayp11kP4dhrQ",
            ),
            ("/somewhere/else/last%20one", "last one"),
        ] {
            assert_eq!(moved_to(None, b"", Some(location)).as_deref(), Some(id), "{location}");
        }
        assert_eq!(moved_to(None, b"", Some("https://acme.gladly.com/")), None);
        assert_eq!(moved_to(None, b"", None), None);
    }
}
