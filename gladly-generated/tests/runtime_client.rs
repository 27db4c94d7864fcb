//! The client runtime through the crate's public API: building clients, refusing
//! unsafe settings and keeping the API token out of every printout.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use gladly_generated::{ApiToken, Client, Error, RequestOptions, RetryPolicy};

const TOKEN: &str = "tok-SECRET-9f8e7d";

fn config_error(result: Result<Client, Error>) -> String {
    match result {
        Err(error @ Error::Config(_)) => {
            let text = format!("{error} {error:?}");
            assert!(!text.contains(TOKEN), "token leaked: {text}");
            text
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn organization_picks_production_or_sandbox() {
    let production = Client::builder()
        .organization("acme")
        .basic_auth("a@acme.com", TOKEN)
        .build()
        .unwrap();
    assert_eq!(production.base_url(), "https://acme.gladly.com");
    let sandbox = Client::builder()
        .organization("acme")
        .sandbox()
        .basic_auth("a@acme.com", TOKEN)
        .build()
        .unwrap();
    assert_eq!(sandbox.base_url(), "https://acme.gladly.qa");
}

#[test]
fn http_base_url_is_refused_unless_opted_in() {
    let message = config_error(
        Client::builder()
            .base_url("http://127.0.0.1:8080")
            .basic_auth("a@acme.com", TOKEN)
            .build(),
    );
    assert!(message.contains("allow_insecure_http"), "{message}");
    let client = Client::builder()
        .base_url("http://127.0.0.1:8080")
        .allow_insecure_http()
        .basic_auth("a@acme.com", TOKEN)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:8080");
}

#[test]
fn other_unsafe_or_incomplete_settings_are_refused() {
    let auth = |b: gladly_generated::ClientBuilder| b.basic_auth("a@acme.com", TOKEN);
    config_error(auth(Client::builder().base_url("ftp://acme.example")).build());
    config_error(auth(Client::builder().base_url("https://acme.example/?x=1")).build());
    config_error(auth(Client::builder().base_url("not a url")).build());
    config_error(auth(Client::builder().organization("acme.evil.com/")).build());
    config_error(auth(Client::builder().organization("")).build());
    config_error(auth(Client::builder()).build());
    config_error(Client::builder().organization("acme").build());
    config_error(
        Client::builder()
            .organization("acme")
            .basic_auth("a@acme.com", "")
            .build(),
    );
    // Credentials in the URL would bypass basic_auth and end up in logs.
    let message = config_error(
        Client::builder()
            .base_url(format!("https://user:{TOKEN}@acme.example"))
            .basic_auth("a@acme.com", TOKEN)
            .build(),
    );
    assert!(message.contains("credentials"), "{message}");
}

#[test]
fn the_token_never_appears_in_debug_output() {
    let builder = Client::builder()
        .base_url(format!("https://user:{TOKEN}@acme.example"))
        .basic_auth("a@acme.com", TOKEN);
    for text in [format!("{builder:?}"), format!("{builder:#?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    let client = Client::builder()
        .organization("acme")
        .basic_auth("a@acme.com", ApiToken::new(TOKEN))
        .retry(RetryPolicy::default().max_attempts(2))
        .build()
        .unwrap();
    for text in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
    let token = ApiToken::new(TOKEN);
    assert_eq!(format!("{token} {token:?}"), "<redacted> <redacted>");
}

#[test]
fn retry_settings_are_bounded_and_visible() {
    let policy = RetryPolicy::new()
        .max_attempts(1000)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(50));
    assert_eq!(
        policy.attempts(),
        gladly_generated::runtime::MAX_ATTEMPTS_CAP
    );
    assert_eq!(policy.backoff(), Duration::from_millis(5));
    assert_eq!(policy.backoff_cap(), Duration::from_millis(50));
    assert_eq!(RetryPolicy::none().attempts(), 1);

    let client = Client::builder()
        .organization("acme")
        .basic_auth("a@acme.com", TOKEN)
        .retry(policy.clone())
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(1))
        .read_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    assert_eq!(client.retry_policy(), &policy);

    let options = RequestOptions::new()
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(1));
    assert_eq!(options.retry, Some(RetryPolicy::none()));
    assert_eq!(options.timeout, Some(Duration::from_secs(1)));
}

#[test]
fn errors_are_send_sync_and_static() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();
}
