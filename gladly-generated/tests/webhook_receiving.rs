//! A webhook receiver written against the public API only: the generated
//! `receive_webhook_event` checks the credentials Gladly was configured with, then
//! parses the body into `WebhookEvent`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gladly_generated::reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use gladly_generated::types::WebhookEvent;
use gladly_generated::webhook::{parse_webhook_event, receive_webhook_event};
use gladly_generated::{WebhookError, WebhookVerifier};

/// The spec's `EXPORT_JOB/COMPLETED` event.
const EXPORT_DONE: &[u8] = br#"{
    "id": "yHaHXjD4SR-moMR9LbULDb",
    "type": "EXPORT_JOB/COMPLETED",
    "timestamp": "2019-07-03T04:30:12.07Z",
    "content": {"jobId": "job-42"}
}"#;

fn verifier() -> WebhookVerifier {
    WebhookVerifier::basic_auth("hooks@acme.test", "hook-pass").with_header("X-Acme-Hook", "h-77")
}

fn request_headers(authorization: Option<&'static str>, hook: Option<&'static str>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Some(value) = authorization {
        headers.insert(AUTHORIZATION, HeaderValue::from_static(value));
    }
    if let Some(value) = hook {
        headers.insert("x-acme-hook", HeaderValue::from_static(value));
    }
    headers
}

// base64("hooks@acme.test:hook-pass"), ("intruder@acme.test:hook-pass"),
// ("hooks@acme.test:hook-past")
const RIGHT: &str = "Basic aG9va3NAYWNtZS50ZXN0Omhvb2stcGFzcw==";
const WRONG_USER: &str = "Basic aW50cnVkZXJAYWNtZS50ZXN0Omhvb2stcGFzcw==";
const WRONG_PASSWORD: &str = "Basic aG9va3NAYWNtZS50ZXN0Omhvb2stcGFzdA==";

#[test]
fn an_authentic_request_is_parsed_into_its_event() {
    let headers = request_headers(Some(RIGHT), Some("h-77"));
    let event = receive_webhook_event(&verifier(), &headers, EXPORT_DONE).unwrap();
    let WebhookEvent::ExportJobCompleted(done) = event else {
        panic!("{event:?}")
    };
    assert_eq!(done.content.job_id.as_deref(), Some("job-42"));
}

#[test]
fn each_refusal_is_its_own_error() {
    let v = verifier();
    let refused = |authorization, hook, body: &[u8]| {
        receive_webhook_event(&v, &request_headers(authorization, hook), body).unwrap_err()
    };
    assert_eq!(
        refused(Some(WRONG_USER), Some("h-77"), EXPORT_DONE),
        WebhookError::WrongUser
    );
    assert_eq!(
        refused(Some(WRONG_PASSWORD), Some("h-77"), EXPORT_DONE),
        WebhookError::WrongPassword
    );
    assert_eq!(
        refused(None, Some("h-77"), EXPORT_DONE),
        WebhookError::MissingAuthorization
    );
    assert_eq!(
        refused(Some(RIGHT), None, EXPORT_DONE),
        WebhookError::MissingHeader("X-Acme-Hook".into())
    );
    assert_eq!(
        refused(Some(RIGHT), Some("h-78"), EXPORT_DONE),
        WebhookError::WrongHeader("X-Acme-Hook".into())
    );
    // A known kind without its required fields, and a body that is not JSON.
    let incomplete = refused(
        Some(RIGHT),
        Some("h-77"),
        br#"{"type": "EXPORT_JOB/COMPLETED", "id": "e-1"}"#,
    );
    assert!(
        matches!(&incomplete, WebhookError::InvalidBody { message, .. } if message.contains("timestamp")),
        "{incomplete:?}"
    );
    let not_json = refused(Some(RIGHT), Some("h-77"), b"<html>");
    assert!(
        matches!(&not_json, WebhookError::InvalidBody { .. }),
        "{not_json:?}"
    );
    // JSON that is no event at all: not an object, or no text under `type`. (An event
    // of a type this crate does not know yet is accepted as `Unknown`.)
    for body in [&b"[1, 2]"[..], br#"{"type": 7}"#, br#"{"id": "e-1"}"#] {
        let error = refused(Some(RIGHT), Some("h-77"), body);
        assert!(
            matches!(&error, WebhookError::InvalidBody { .. }),
            "{}: {error:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn parse_alone_returns_the_crates_error() {
    let error: WebhookError = parse_webhook_event(b"{\"id\": 1").unwrap_err();
    assert!(
        matches!(error, WebhookError::InvalidBody { .. }),
        "{error:?}"
    );
    assert!(matches!(
        parse_webhook_event(EXPORT_DONE),
        Ok(WebhookEvent::ExportJobCompleted(_))
    ));
}

#[test]
fn a_ping_is_typed_with_the_fields_every_event_has() {
    let body = br#"{"id":"p-1","type":"PING","timestamp":"2024-01-02T03:04:05Z","extra":true}"#;
    let event = receive_webhook_event(
        &verifier(),
        &request_headers(Some(RIGHT), Some("h-77")),
        body,
    )
    .unwrap();
    let WebhookEvent::Ping(ping) = event else {
        panic!("{event:?}")
    };
    assert_eq!(ping.id.as_deref(), Some("p-1"));
    let timestamp = ping
        .timestamp
        .as_ref()
        .map(gladly_generated::Timestamp::as_str);
    assert_eq!(timestamp, Some("2024-01-02T03:04:05Z"));
    assert!(ping.timestamp.is_some_and(|t| t.is_parsed()));
    assert_eq!(
        ping.additional_properties.get("extra"),
        Some(&serde_json::json!(true))
    );
    // The spec promises nothing for a ping: a bare one parses too.
    assert!(matches!(
        parse_webhook_event(br#"{"type":"PING"}"#),
        Ok(WebhookEvent::Ping(_))
    ));
}
