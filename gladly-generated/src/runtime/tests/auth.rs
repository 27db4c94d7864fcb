//! Each kind of credential reaches the server where its security scheme says, and no
//! secret shows in errors.

use reqwest::Method;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

use super::{assert_no_token, fast_retries, TOKEN};
use crate::runtime::description::{ApiDescription, SchemeKind, SecurityScheme};
use crate::runtime::{Auth, ClientBuilder, Error, KeyLocation, Request};

/// What the server received for one call made with `auth`.
async fn received_with(auth: Vec<Auth>) -> Received {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let builder = ClientBuilder::default()
        .base_url(server.uri())
        .allow_insecure_http()
        .retry(fast_retries());
    let client = auth
        .into_iter()
        .fold(builder, ClientBuilder::auth)
        .build()
        .unwrap();
    let request = Request::new(Method::GET, "/things").query("page", "2");
    client.send_empty(request).await.unwrap();
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    received.remove(0)
}

fn header<'a>(request: &'a Received, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn query(request: &Received) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

#[tokio::test]
async fn basic_and_bearer_fill_the_authorization_header() {
    let basic = received_with(vec![Auth::basic("user@acme.test", TOKEN)]).await;
    // base64("user@acme.test:tok-SECRET-5d1e0c")
    assert_eq!(
        header(&basic, "authorization"),
        Some("Basic dXNlckBhY21lLnRlc3Q6dG9rLVNFQ1JFVC01ZDFlMGM=")
    );
    let bearer = received_with(vec![Auth::bearer(TOKEN)]).await;
    assert_eq!(
        header(&bearer, "authorization"),
        Some("Bearer tok-SECRET-5d1e0c")
    );
    // The later of the two wins: both would fill `Authorization`.
    let both = received_with(vec![Auth::basic("u", "p"), Auth::bearer(TOKEN)]).await;
    assert_eq!(
        header(&both, "authorization"),
        Some("Bearer tok-SECRET-5d1e0c")
    );
}

#[tokio::test]
async fn api_keys_go_in_their_header_query_parameter_or_cookie() {
    let received = received_with(vec![
        Auth::api_key(KeyLocation::Header, "X-API-Key", "key-h"),
        Auth::api_key(KeyLocation::Query, "api_key", "key q&"),
        Auth::api_key(KeyLocation::Cookie, "session", "key-c1"),
        Auth::api_key(KeyLocation::Cookie, "csrf", "key-c2"),
    ])
    .await;
    assert_eq!(header(&received, "x-api-key"), Some("key-h"));
    assert_eq!(
        query(&received),
        [
            ("page".into(), "2".into()),
            ("api_key".into(), "key q&".into())
        ]
    );
    assert_eq!(
        header(&received, "cookie"),
        Some("session=key-c1; csrf=key-c2")
    );
    assert_eq!(header(&received, "authorization"), None);
}

#[tokio::test]
async fn a_key_set_twice_is_sent_once_with_the_last_value() {
    let received = received_with(vec![
        Auth::api_key(KeyLocation::Header, "X-API-Key", "old"),
        Auth::api_key(KeyLocation::Header, "x-api-key", "new"),
        Auth::bearer(TOKEN),
    ])
    .await;
    let keys: Vec<_> = received.headers.get_all("x-api-key").iter().collect();
    assert_eq!(keys, ["new"]);
    assert!(header(&received, "authorization").is_some());
}

#[tokio::test]
async fn a_transport_error_does_not_show_a_key_sent_in_the_query() {
    // Nothing listens on port 9 of loopback (discard); the connection is refused.
    let client = ClientBuilder::default()
        .base_url("http://127.0.0.1:9")
        .allow_insecure_http()
        .auth(Auth::api_key(KeyLocation::Query, "api_key", TOKEN))
        .retry(crate::runtime::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .send_empty(Request::new(Method::GET, "/things"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_no_token(&error);
}

#[test]
fn an_api_that_requires_credentials_refuses_a_client_without_them() {
    static API: ApiDescription = ApiDescription {
        servers: &[],
        schemes: &[SecurityScheme {
            name: "token",
            method: "bearer_auth",
            kind: SchemeKind::Bearer,
            env: &["TEST_BEARER_TOKEN"],
        }],
        auth_required: true,
        base_url_env: "TEST_BASE_URL",
        limited_data_header: None,
    };
    let builder = ClientBuilder::new(&API).base_url("https://api.example.com");
    let error = builder.clone().build().unwrap_err().to_string();
    assert!(error.contains("bearer_auth() (`token`)"), "{error}");
    assert!(builder.auth(Auth::bearer(TOKEN)).build().is_ok());
    assert!(ClientBuilder::default()
        .base_url("https://api.example.com")
        .build()
        .is_ok());
}
