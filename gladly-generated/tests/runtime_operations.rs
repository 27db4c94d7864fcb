//! The runtime as users meet it: through generated operations against a local mock
//! server. Lower-level cases live in the runtime's own unit tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use gladly_generated::{Client, Error, RequestOptions, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-SECRET-ops-77";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .basic_auth("api@acme.test", TOKEN)
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_secs(2)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_rate_limited_operation_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/agents"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/agents"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([]))
                .insert_header("Ratelimit-Limit-Second", "10")
                .insert_header("Ratelimit-Remaining-Second", "8"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .get_agents()
        .send_with_response()
        .await
        .unwrap();
    assert!(response.body().is_empty());
    assert_eq!(response.rate_limit().unwrap().remaining_per_second, 8);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn per_request_options_reach_the_runtime() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = client(&server)
        .get_agents()
        .with_options(RequestOptions::new().retry(RetryPolicy::none()))
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_merged_customer_is_reported_with_its_new_id() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/customer-profiles/OOrlNMXeS72gs_WEX2TtMg"))
        .respond_with(ResponseTemplate::new(301).set_body_json(json!({
            "errors": [{
                "attr": "customerId",
                "code": "moved",
                "detail": "customer id has changed",
                "meta": {"old": "OOrlNMXeS72gs_WEX2TtMg", "new": "rVamfZHvQuORFnsk-3mNuw"}
            }]
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .get_customer("OOrlNMXeS72gs_WEX2TtMg")
        .await
        .unwrap_err();
    match &error {
        Error::Moved { new_id, .. } => {
            assert_eq!(new_id.as_deref(), Some("rVamfZHvQuORFnsk-3mNuw"))
        }
        other => panic!("expected Moved, got {other:?}"),
    }
    assert!(!format!("{error} {error:?}").contains(TOKEN));
}

#[tokio::test]
async fn hostile_customer_ids_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let cases = [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("?q", "%3Fq"),
        ("#f", "%23f"),
        ("%2F", "%252F"),
        ("ü", "%C3%BC"),
    ];
    for (id, _) in cases {
        client.delete_customer(id).await.unwrap();
    }
    let received = server.received_requests().await.unwrap();
    for ((id, encoded), request) in cases.iter().zip(&received) {
        assert_eq!(request.method.as_str(), "DELETE");
        assert_eq!(
            request.url.path(),
            format!("/api/v1/customer-profiles/{encoded}"),
            "id {id:?}"
        );
    }
    assert!(matches!(
        client.delete_customer("..").await,
        Err(Error::InvalidPathParameter { .. })
    ));
    assert_eq!(server.received_requests().await.unwrap().len(), cases.len());
}
