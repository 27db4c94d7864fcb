use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{assert_no_token, client_for, client_with, fast_retries, TOKEN};
use crate::runtime::{Error, Request};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Page {
    items: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Entry {
    id: String,
    count: u32,
}

#[tokio::test]
async fn api_error_carries_status_parsed_errors_and_raw_body() {
    let server = MockServer::start().await;
    let body =
        r#"{"errors":[{"attr":"content","code":"blank","detail":"content cannot be blank"}]}"#;
    Mock::given(path("/api/v1/tasks"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_raw(body, "application/json")
                .insert_header("Ratelimit-Limit-Second", "10")
                .insert_header("Ratelimit-Remaining-Second", "9"),
        )
        .mount(&server)
        .await;
    let request = Request::new(Method::POST, "/api/v1/tasks")
        .json_body(&json!({}))
        .unwrap();
    let error = client_for(&server).send_empty(request).await.unwrap_err();

    let Error::Api {
        status,
        errors,
        body: raw,
        headers,
    } = &error
    else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(*status, 400);
    let errors = errors.as_ref().unwrap();
    assert_eq!(errors.errors[0].attr.as_deref(), Some("content"));
    assert_eq!(errors.errors[0].code.as_deref(), Some("blank"));
    assert_eq!(
        errors.errors[0].detail.as_deref(),
        Some("content cannot be blank")
    );
    assert_eq!(raw, body);
    assert_eq!(headers["ratelimit-limit-second"], "10");
    assert_eq!(error.rate_limit().unwrap().remaining_per_second, 9);
    assert_eq!(
        error.to_string(),
        "the server answered 400 Bad Request: content: blank (content cannot be blank)"
    );
    assert_no_token(&error);
}

#[tokio::test]
async fn api_error_keeps_a_body_that_does_not_parse() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/agents"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>oops</html>"))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .send_empty(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert_eq!(error.api_errors(), None);
    assert_eq!(error.body().unwrap(), "<html>oops</html>");
    assert_eq!(
        error.to_string(),
        "the server answered 500 Internal Server Error"
    );
}

#[tokio::test]
async fn decode_error_names_the_failing_field_path() {
    let server = MockServer::start().await;
    let body = r#"{"items":[{"id":"a","count":1},{"id":"b","count":"two"}]}"#;
    Mock::given(path("/api/v1/things"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Ratelimit-Limit-Second", "10")
                .insert_header("Ratelimit-Remaining-Second", "3")
                .set_body_raw(body, "application/json"),
        )
        .mount(&server)
        .await;
    let error = client_for(&server)
        .send_json::<Page>(Request::new(Method::GET, "/api/v1/things"))
        .await
        .unwrap_err();
    let Error::Decode {
        path,
        message,
        body: raw,
        ..
    } = &error
    else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(path, "items[1].count");
    assert!(message.contains("invalid type"), "{message}");
    assert_eq!(raw, body);
    assert!(error.to_string().contains("items[1].count"));
    // The response's status and rate limit survive the failure.
    assert_eq!(error.status(), Some(StatusCode::OK));
    let limit = error.rate_limit().expect("the rate-limit headers");
    assert_eq!(
        (limit.limit_per_second, limit.remaining_per_second),
        (10, 3)
    );
    // A decode error is the server's contract broken, not a passing fault.
    assert!(!error.is_retryable());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn moved_customer_gives_the_new_id_from_the_body() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/customer-profiles/OLD"))
        .respond_with(
            ResponseTemplate::new(301)
                .insert_header("Location", "/api/v1/customer-profiles/FROM-LOCATION")
                .set_body_json(json!({"errors":[{"attr":"customerId","code":"moved","detail":"customer id has changed","meta":{"old":"OLD","new":"NEW-ID"}}]})),
        )
        .mount(&server)
        .await;
    let request = Request::new(Method::GET, "/api/v1/customer-profiles/{customerId}")
        .path_param("customerId", "OLD");
    let error = client_for(&server)
        .send_json::<serde_json::Value>(request)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Moved { new_id: Some(id), .. } if id == "NEW-ID"),
        "{error:?}"
    );
    assert_eq!(error.new_id(), Some("NEW-ID"));
    assert_eq!(
        error.location(),
        Some("/api/v1/customer-profiles/FROM-LOCATION")
    );
    assert!(error.to_string().contains("NEW-ID"));
    // Never followed: the server saw exactly the one request for the old id.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn moved_customer_gives_the_new_id_from_location() {
    let server = MockServer::start().await;
    let location = format!(
        "{}/api/v1/customer-profiles/rVamfZHvQuORFnsk-3mNuw",
        server.uri()
    );
    Mock::given(path("/api/v1/customer-profiles/OLD"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", location.as_str()))
        .mount(&server)
        .await;
    let request = Request::new(Method::GET, "/api/v1/customer-profiles/{customerId}")
        .path_param("customerId", "OLD");
    let error = client_for(&server)
        .send_json::<serde_json::Value>(request)
        .await
        .unwrap_err();
    assert_eq!(error.new_id(), Some("rVamfZHvQuORFnsk-3mNuw"));
    assert_eq!(error.status(), Some(reqwest::StatusCode::MOVED_PERMANENTLY));
}

#[tokio::test]
async fn response_exposes_status_headers_and_typed_header_accessors() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/customers/c1/conversations"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([]))
                .insert_header("Gladly-Limited-Data", "true")
                .insert_header("Ratelimit-Limit-Second", "10")
                .insert_header("Ratelimit-Remaining-Second", "7")
                .insert_header("Location", "/api/v1/customers/c1"),
        )
        .mount(&server)
        .await;
    let request = Request::new(Method::GET, "/api/v1/customers/{customerId}/conversations")
        .path_param("customerId", "c1");
    let response = client_for(&server)
        .send_json::<Vec<serde_json::Value>>(request)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.is_limited_data());
    let limit = response.rate_limit().unwrap();
    assert_eq!(
        (limit.limit_per_second, limit.remaining_per_second),
        (10, 7)
    );
    assert_eq!(response.location(), Some("/api/v1/customers/c1"));
    assert_eq!(response.headers()["gladly-limited-data"], "true");
}

#[tokio::test]
async fn sends_basic_auth_and_user_agent_but_never_shows_the_token() {
    let server = MockServer::start().await;
    // base64("api-user@acme.test:tok-SECRET-5d1e0c")
    let expected = "Basic YXBpLXVzZXJAYWNtZS50ZXN0OnRvay1TRUNSRVQtNWQxZTBj";
    Mock::given(path("/api/v1/agents"))
        .and(header("authorization", expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"unexpected": true})))
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/denied"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("Set-Cookie", "session=cookie-secret")
                .set_body_string("bad credentials"),
        )
        .mount(&server)
        .await;
    let client = client_for(&server);
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(TOKEN) && debug.contains("<redacted>"),
        "{debug}"
    );

    let decode = client
        .send_json::<Vec<serde_json::Value>>(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap_err();
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    assert_no_token(&decode);
    let received = &server.received_requests().await.unwrap()[0];
    assert!(received.headers["user-agent"]
        .to_str()
        .unwrap()
        .starts_with("gladly-generated/"));

    let denied = client
        .send_empty(Request::new(Method::GET, "/api/v1/denied"))
        .await
        .unwrap_err();
    assert_no_token(&denied);
    assert!(
        !format!("{denied:?}").contains("cookie-secret"),
        "{denied:?}"
    );

    let refused = client_with("http://127.0.0.1:9", fast_retries().max_attempts(1))
        .send_empty(Request::new(Method::GET, "/api/v1/agents"))
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Transport(_)));
    assert_no_token(&refused);
}
