use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{client_for, client_with, fast_retries};
use crate::runtime::{Error, Request, RequestOptions, RetryPolicy};

async fn mount(server: &MockServer, status: u16, times: Option<u64>) {
    let mut mock = Mock::given(path("/api/v1/agents"))
        .respond_with(ResponseTemplate::new(status).set_body_json(json!([])));
    if let Some(times) = times {
        mock = mock.up_to_n_times(times);
    }
    mock.mount(server).await;
}

#[tokio::test]
async fn rate_limited_then_ok_is_retried_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/agents"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .insert_header("Ratelimit-Limit-Second", "10")
                .insert_header("Ratelimit-Remaining-Second", "0"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount(&server, 200, None).await;

    let started = Instant::now();
    let response = client_for(&server)
        .send_json::<Vec<Value>>(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // The policy's own backoff is 1 ms; only Retry-After explains a full second.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn gateway_errors_are_retried_until_success() {
    let server = MockServer::start().await;
    for (priority, status) in [(1, 502), (2, 504)] {
        Mock::given(path("/api/v1/agents"))
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(1)
            .with_priority(priority)
            .mount(&server)
            .await;
    }
    mount(&server, 200, None).await;
    let response = client_for(&server)
        .send_json::<Vec<Value>>(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = MockServer::start().await;
    mount(&server, 503, None).await;
    let request = Request::new(Method::POST, "/api/v1/agents")
        .json_body(&json!({"name": "x"}))
        .unwrap();
    let error = client_for(&server).send_empty(request).await.unwrap_err();
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn post_is_retried_when_the_request_opts_in() {
    let server = MockServer::start().await;
    mount(&server, 429, Some(1)).await;
    mount(&server, 200, None).await;
    let request = Request::new(Method::POST, "/api/v1/agents")
        .json_body(&json!({"name": "x"}))
        .unwrap()
        .options(RequestOptions::new().retry(fast_retries().retry_non_idempotent(true)));
    client_for(&server).send_empty(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    // The retry sends the same body again.
    assert_eq!(received[1].body, br#"{"name":"x"}"#);
}

#[tokio::test]
async fn attempts_stop_at_the_configured_limit() {
    let server = MockServer::start().await;
    mount(&server, 503, None).await;
    let client = client_with(&server.uri(), fast_retries().max_attempts(4));
    let error = client
        .send_json::<Vec<Value>>(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Api { status, .. } if status == 503),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn request_options_override_the_client_policy() {
    let server = MockServer::start().await;
    mount(&server, 503, None).await;
    let request = Request::new(Method::GET, "/api/v1/agents")
        .options(RequestOptions::new().retry(RetryPolicy::none()));
    client_for(&server).send_empty(request).await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/agents"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "120")
                .insert_header("Ratelimit-Limit-Second", "10")
                .insert_header("Ratelimit-Remaining-Second", "0"),
        )
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = client_for(&server)
        .send_empty(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert!(error.is_retryable());
    let wait = error.retry_after().unwrap();
    assert!(
        wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
        "{wait:?}"
    );
    let limit = error.rate_limit().unwrap();
    assert_eq!(
        (limit.limit_per_second, limit.remaining_per_second),
        (10, 0)
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    mount(&server, 404, None).await;
    client_for(&server)
        .send_empty(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn dropped_connections_are_retried_up_to_the_limit() {
    // A server that accepts each connection and closes it without answering.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    let client = client_with(&format!("http://{address}"), fast_retries().max_attempts(3));
    let error = client
        .send_empty(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn refused_connections_are_transport_errors() {
    // Bind then release a port so that nothing listens on it.
    let address = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = client_with(&format!("http://{address}"), fast_retries());
    let error = client
        .send_empty(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(e) if e.is_connect()),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_request_timeout_applies() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/agents"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let request = Request::new(Method::GET, "/api/v1/agents").options(
        RequestOptions::new()
            .timeout(Duration::from_millis(100))
            .retry(fast_retries().max_attempts(2)),
    );
    let started = Instant::now();
    let error = client_for(&server).send_empty(request).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    // Timed-out GETs are retried too.
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
