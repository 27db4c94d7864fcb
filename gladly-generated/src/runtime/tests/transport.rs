//! A client of the caller's own and default headers: what reaches the server, which
//! settings still apply, and what `build()` refuses.

use std::error::Error as _;
use std::time::Duration;

use reqwest::Method;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

use super::{fast_retries, EMAIL, TOKEN};
use crate::runtime::{Auth, ClientBuilder, Error, KeyLocation, Request};

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

fn builder_for(server: &MockServer) -> ClientBuilder {
    ClientBuilder::default()
        .base_url(server.uri())
        .allow_insecure_http()
        .auth(Auth::basic(EMAIL, TOKEN))
        .retry(fast_retries())
}

async fn only_request(server: &MockServer) -> Received {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    received.remove(0)
}

fn header<'a>(request: &'a Received, name: &str) -> Vec<&'a str> {
    request
        .headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect()
}

#[tokio::test]
async fn requests_go_through_the_callers_client() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let http = reqwest::Client::builder()
        .user_agent("acme-sync/2.0")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = builder_for(&server).http_client(http).build().unwrap();
    client
        .send_empty(Request::new(Method::GET, "/things"))
        .await
        .unwrap();
    let received = only_request(&server).await;
    // The caller's user agent, not the built-in client's.
    assert_eq!(header(&received, "user-agent"), ["acme-sync/2.0"]);
    // Credentials still come from the builder.
    assert_eq!(header(&received, "authorization").len(), 1);
}

#[tokio::test]
async fn the_whole_request_timeout_applies_to_the_callers_client() {
    let server =
        server_answering(ResponseTemplate::new(204).set_delay(Duration::from_secs(5))).await;
    let client = builder_for(&server)
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(100))
        .retry(fast_retries().max_attempts(1))
        .build()
        .unwrap();
    let error = client
        .send_empty(Request::new(Method::GET, "/slow"))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert!(transport.is_timeout());
    assert_eq!(transport.to_string(), "timed out");
    // The HTTP library's error is reachable as the source, for its details.
    let source = transport.source().unwrap();
    assert!(source.downcast_ref::<reqwest::Error>().is_some());
}

#[test]
fn connect_and_read_timeouts_are_refused_next_to_a_callers_client() {
    for builder in [
        ClientBuilder::default().connect_timeout(Duration::from_secs(1)),
        ClientBuilder::default().read_timeout(Duration::from_secs(1)),
    ] {
        let error = builder
            .base_url("https://api.example.com")
            .http_client(reqwest::Client::new())
            .build()
            .unwrap_err();
        let Error::Config(message) = error else {
            panic!("{error:?}")
        };
        assert!(message.contains("http_client()"), "{message}");
    }
}

#[tokio::test]
async fn default_headers_are_sent_unless_the_request_sets_the_same_name() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = builder_for(&server)
        .default_header("X-Tenant", "acme")
        .default_header("x-tenant", "acme-eu") // the same name: replaces
        .default_header("Accept", "text/plain")
        .default_header("X-Request-Source", "nightly-import")
        .build()
        .unwrap();
    let request = Request::new(Method::GET, "/things").header("X-Request-Source", "operation");
    client.send_empty(request).await.unwrap();
    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-tenant"), ["acme-eu"]);
    // The operation's own headers win, and are not doubled.
    assert_eq!(header(&received, "accept"), ["application/json"]);
    assert_eq!(header(&received, "x-request-source"), ["operation"]);
}

#[tokio::test]
async fn default_headers_reach_the_server_through_a_callers_client_too() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = builder_for(&server)
        .http_client(reqwest::Client::new())
        .default_header("X-Tenant", "acme")
        .build()
        .unwrap();
    client
        .send_empty(Request::new(Method::GET, "/things"))
        .await
        .unwrap();
    assert_eq!(header(&only_request(&server).await, "x-tenant"), ["acme"]);
}

#[test]
fn default_headers_that_are_invalid_or_carry_credentials_are_refused() {
    let base = || ClientBuilder::default().base_url("https://api.example.com");
    let refused = [
        (
            base().default_header("Bad Name", "v"),
            "not a valid header name",
        ),
        (base().default_header("X-Ok", "line\nbreak"), "is not valid"),
        (
            base().default_header("authorization", "Bearer x"),
            "credentials",
        ),
        (base().default_header("Cookie", "s=1"), "credentials"),
        (
            base()
                .auth(Auth::api_key(KeyLocation::Header, "X-API-Key", "k"))
                .default_header("x-api-key", "other"),
            "credentials",
        ),
    ];
    for (builder, expected) in refused {
        let error = builder.build().unwrap_err();
        let Error::Config(message) = &error else {
            panic!("{error:?}")
        };
        assert!(message.contains(expected), "{message}");
        // The value is never echoed: it may be a secret.
        assert!(
            !message.contains("Bearer x") && !message.contains("other"),
            "{message}"
        );
    }
}

#[test]
fn debug_shows_default_header_names_but_not_values() {
    let builder = ClientBuilder::default().default_header("X-Proxy-Token", TOKEN);
    let shown = format!("{builder:?}");
    assert!(shown.contains("X-Proxy-Token"), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}
