//! The `test-util` constructors, used the way a user's own tests would: fake answers
//! built from the public API, read back through the same accessors production code
//! uses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use gladly_generated::reqwest::header::{HeaderMap, HeaderValue, LOCATION, RETRY_AFTER};
use gladly_generated::reqwest::StatusCode;
use gladly_generated::{ByteStream, Error, JsonLines, Response};

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Row {
    id: String,
    count: u32,
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, HeaderValue::from_static(value));
    }
    map
}

#[test]
fn a_response_keeps_status_headers_and_body() {
    let response = Response::from_parts(
        StatusCode::CREATED,
        headers(&[
            ("location", "/api/v1/customers/c-9"),
            ("ratelimit-limit-second", "10"),
            ("ratelimit-remaining-second", "3"),
            ("gladly-limited-data", "true"),
        ]),
        vec!["a".to_owned()],
    );
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.location(), Some("/api/v1/customers/c-9"));
    let limit = response.rate_limit().unwrap();
    assert_eq!(
        (limit.limit_per_second, limit.remaining_per_second),
        (10, 3)
    );
    // No header is named for the flag until the fake names one.
    assert!(!response.is_limited_data());
    let response = response.with_limited_data_header("Gladly-Limited-Data");
    assert!(response.is_limited_data());
    assert_eq!(response.into_body(), ["a"]);
}

#[tokio::test]
async fn json_lines_from_items_decode_like_a_feed() {
    let rows = vec![
        Row {
            id: "r1".into(),
            count: 1,
        },
        Row {
            id: "r2".into(),
            count: 2,
        },
    ];
    let lines: JsonLines<Row> = JsonLines::from_items(&rows).unwrap();
    let read: Vec<Row> = lines.map(Result::unwrap).collect().await;
    assert_eq!(read, rows);
}

#[tokio::test]
async fn json_lines_from_bytes_can_fake_a_malformed_line() {
    let mut lines: JsonLines<Row> = JsonLines::from_bytes(
        "{\"id\":\"r1\",\"count\":1}\n{\"id\":7}\n{\"id\":\"r3\",\"count\":3}",
    );
    assert_eq!(lines.next().await.unwrap().unwrap().id, "r1");
    let Error::Line { line, path, .. } = lines.next().await.unwrap().unwrap_err() else {
        panic!("expected a line error")
    };
    assert_eq!((line, path.as_str()), (2, "id"));
    // The stream goes on after it, as a real feed does.
    assert_eq!(lines.next().await.unwrap().unwrap().id, "r3");
    assert!(lines.next().await.is_none());
}

#[tokio::test]
async fn byte_streams_from_bytes_or_chunks() {
    let report = ByteStream::from_bytes(Some("text/csv"), "a,b\n1,2\n");
    assert_eq!(report.content_type(), Some("text/csv"));
    assert_eq!(report.content_length(), Some(8));
    assert_eq!(report.bytes().await.unwrap(), "a,b\n1,2\n");

    // A transport failure in the middle of a download.
    let cut = ByteStream::from_chunks(
        None,
        [
            Ok(Bytes::from_static(b"ID3")),
            Err(Error::api(StatusCode::BAD_GATEWAY, "")),
        ],
    );
    let error = cut.bytes().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
}

#[test]
fn api_errors_parse_their_body() {
    let error = Error::api(
        StatusCode::BAD_REQUEST,
        r#"{"errors":[{"attr":"email","code":"invalid","detail":"not an email"}]}"#,
    );
    assert!(matches!(error, Error::Api { .. }), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    let detail = &error.api_errors().unwrap().errors[0];
    assert_eq!(detail.attr.as_deref(), Some("email"));
    assert!(!error.is_retryable());
    // A body of another shape is kept raw.
    let error = Error::api(StatusCode::INTERNAL_SERVER_ERROR, "oops");
    assert!(error.api_errors().is_none());
    assert_eq!(error.body().unwrap(), "oops");
}

#[test]
fn a_rate_limit_error_says_how_long_to_wait() {
    let error = Error::api_with_headers(
        StatusCode::TOO_MANY_REQUESTS,
        headers(&[(RETRY_AFTER.as_str(), "7")]),
        "",
    );
    assert!(error.is_retryable());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}

#[test]
fn a_301_is_a_moved_error_with_the_new_id() {
    let body = r#"{"errors":[{"code":"moved","meta":{"old":"c-1","new":"c-2"}}]}"#;
    let error = Error::api_with_headers(
        StatusCode::MOVED_PERMANENTLY,
        headers(&[(LOCATION.as_str(), "/api/v1/customer-profiles/c-2")]),
        body,
    );
    assert!(matches!(error, Error::Moved { .. }), "{error:?}");
    assert_eq!(error.new_id(), Some("c-2"));
}
