//! End-to-end tests of the runtime against a local mock server: they build `Request`s
//! the way generated operations do and check what reaches the server and what comes
//! back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod auth;
mod errors;
mod paths;
mod retries;
mod streams;
mod test_double;
mod tracing_spans;
mod transport;

use std::time::Duration;

use wiremock::MockServer;

use super::{Client, RetryPolicy};

/// A token distinctive enough that finding it in any output is certainly a leak.
pub(super) const TOKEN: &str = "tok-SECRET-5d1e0c";
pub(super) const EMAIL: &str = "api-user@acme.test";

/// Retries that wait milliseconds, not seconds, so the tests stay fast.
pub(super) fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_secs(3))
}

pub(super) fn client_for(server: &MockServer) -> Client {
    client_with(&server.uri(), fast_retries())
}

pub(super) fn client_with(base_url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base_url)
        .allow_insecure_http()
        .basic_auth(EMAIL, TOKEN)
        .retry(retry)
        .build()
        .unwrap()
}

/// Asserts that neither the message, the `Debug` form nor any source of `error`
/// mentions the token.
pub(super) fn assert_no_token(error: &(dyn std::error::Error + 'static)) {
    let mut current = Some(error);
    while let Some(error) = current {
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(TOKEN), "token leaked: {text}");
        }
        current = error.source();
    }
}

#[test]
fn stream_bodies_and_clients_can_cross_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<super::ByteStream>();
    assert_send_sync::<super::JsonLines<serde_json::Value>>();
    assert_send_sync::<super::Response<super::JsonLines<serde_json::Value>>>();
    assert_send_sync::<Client>();
}
