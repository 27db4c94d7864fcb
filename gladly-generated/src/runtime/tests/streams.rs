use std::fmt::Write as _;

use futures::StreamExt;
use reqwest::Method;
use serde::Deserialize;
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::client_for;
use crate::runtime::{Error, Request};

#[derive(Debug, Deserialize)]
struct Event {
    id: u64,
    #[serde(rename = "type")]
    kind: String,
}

const LINES: u64 = 100_000;
const BAD_LINE: u64 = 50_000;

fn events_body() -> (String, usize) {
    let mut body = String::new();
    let mut longest = 0;
    for n in 1..=LINES {
        let start = body.len();
        if n == BAD_LINE {
            body.push_str(r#"{"id":"not a number","type":"CONVERSATION_ITEM/CREATED"}"#);
        } else {
            write!(
                body,
                r#"{{"id":{n},"type":"CONVERSATION_ITEM/CREATED","content":{{"x":"padding"}}}}"#
            )
            .unwrap();
        }
        longest = longest.max(body.len() - start);
        // Mix both line endings the formats allow.
        body.push_str(if n % 2 == 0 { "\r\n" } else { "\n" });
    }
    (body, longest)
}

#[tokio::test]
async fn a_long_json_lines_stream_is_decoded_with_flat_memory() {
    let server = MockServer::start().await;
    let (body, longest_line) = events_body();
    let total = body.len();
    Mock::given(path("/api/v1/events"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/x-jsonlines"))
        .mount(&server)
        .await;

    let response = client_for(&server)
        .send_json_lines::<Event>(Request::new(Method::GET, "/api/v1/events"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut lines = response.into_body();
    assert_eq!(lines.content_type(), Some("application/x-jsonlines"));
    let received = server.received_requests().await.unwrap();
    let accept = received[0].headers["accept"].to_str().unwrap();
    assert!(
        accept.starts_with("application/x-jsonlines, application/x-ndjson"),
        "{accept}"
    );

    let (mut ok, mut expected_id) = (0u64, 1u64);
    let mut errors = Vec::new();
    while let Some(item) = lines.next().await {
        match item {
            Ok(event) => {
                if expected_id == BAD_LINE {
                    expected_id += 1;
                }
                assert_eq!(event.id, expected_id);
                assert_eq!(event.kind, "CONVERSATION_ITEM/CREATED");
                expected_id += 1;
                ok += 1;
            }
            Err(error) => errors.push(error),
        }
    }
    assert_eq!(ok, LINES - 1);
    assert_eq!(errors.len(), 1);
    match &errors[0] {
        Error::Line {
            line, path, raw, ..
        } => {
            assert_eq!(*line, BAD_LINE);
            assert_eq!(path, "id");
            assert!(raw.starts_with(br#"{"id":"not a number""#));
        }
        other => panic!("expected a line error, got {other:?}"),
    }

    // Flat memory: never more than one line plus one network chunk was held, and that
    // is a small fraction of the whole body.
    let stats = lines.stats();
    assert!(
        stats.peak_buffered <= stats.largest_chunk + longest_line,
        "{stats:?}, longest line {longest_line}"
    );
    assert!(
        stats.peak_buffered < total / 8,
        "{stats:?} for a {total}-byte body"
    );
}

#[tokio::test]
async fn byte_streams_keep_the_content_type_and_collect() {
    let server = MockServer::start().await;
    let audio: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(path("/api/v1/recordings/r1"))
        .and(header("accept", "*/*"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg"))
        .mount(&server)
        .await;
    let request = Request::new(Method::GET, "/api/v1/recordings/{id}").path_param("id", "r1");
    let response = client_for(&server).send_bytes(request).await.unwrap();
    let body = response.into_body();
    assert_eq!(body.content_type(), Some("audio/mpeg"));
    assert_eq!(body.content_length(), Some(200_000));
    assert_eq!(body.bytes().await.unwrap(), audio);
}

#[tokio::test]
async fn a_failed_stream_request_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/export/jobs/j1/files/f1"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw(r#"{"errors":[{"code":"not_found"}]}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let request = Request::new(Method::GET, "/api/v1/export/jobs/{jobId}/files/{filename}")
        .path_param("jobId", "j1")
        .path_param("filename", "f1");
    let error = client_for(&server)
        .send_json_lines::<serde_json::Value>(request)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert_eq!(
        error.api_errors().unwrap().errors[0].code.as_deref(),
        Some("not_found")
    );
}
