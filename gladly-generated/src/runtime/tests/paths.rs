use reqwest::Method;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::client_for;
use crate::runtime::{Error, Request};

#[tokio::test]
async fn hostile_path_parameters_reach_the_server_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let cases = [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("?q", "%3Fq"),
        ("#f", "%23f"),
        ("%2F", "%252F"),
        ("é", "%C3%A9"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("a\\b", "a%5Cb"),
        ("...", "..."),
    ];
    for (value, _) in cases {
        let request = Request::new(Method::GET, "/api/v1/customer-profiles/{customerId}/notes")
            .path_param("customerId", value)
            .query("q", "a&b=c d");
        client.send_empty(request).await.unwrap();
    }
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), cases.len());
    for ((value, encoded), request) in cases.iter().zip(&received) {
        assert_eq!(
            request.url.path(),
            format!("/api/v1/customer-profiles/{encoded}/notes"),
            "value {value:?}"
        );
        assert_eq!(
            request.url.path_segments().unwrap().count(),
            5,
            "value {value:?}"
        );
        assert_eq!(
            request.url.query(),
            Some("q=a%26b%3Dc+d"),
            "value {value:?}"
        );
    }
}

#[tokio::test]
async fn dot_segments_and_empty_values_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client_for(&server);
    for value in ["", ".", ".."] {
        let request = Request::new(Method::DELETE, "/api/v1/customer-profiles/{customerId}")
            .path_param("customerId", value);
        let error = client.send_empty(request).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidPathParameter {
                    name: "customerId",
                    ..
                }
            ),
            "{value:?}: {error:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = super::client_with(
        &format!("{}/proxy/gladly/", server.uri()),
        super::fast_retries(),
    );
    let request = Request::new(Method::GET, "/api/v1/tasks/{taskId}").path_param("taskId", "t/1");
    client.send_empty(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.path(), "/proxy/gladly/api/v1/tasks/t%2F1");
}
