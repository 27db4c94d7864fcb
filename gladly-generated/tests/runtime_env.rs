//! `Client::from_env` against the real process environment. This file holds a single
//! test because environment variables are shared by every thread of the process.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gladly_generated::{Client, Error};

const TOKEN: &str = "tok-SECRET-env-42";

fn set(vars: &[(&str, Option<&str>)]) {
    for (name, value) in vars {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn from_env_reads_the_documented_variables() {
    set(&[
        ("GLADLY_BASE_URL", None),
        ("GLADLY_ORGANIZATION", Some("acme")),
        ("GLADLY_SANDBOX", Some("1")),
        ("GLADLY_AGENT_EMAIL", Some("api@acme.com")),
        ("GLADLY_API_TOKEN", Some(TOKEN)),
    ]);
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "https://acme.gladly.qa");
    assert!(!format!("{client:?}").contains(TOKEN));

    set(&[("GLADLY_SANDBOX", Some("false"))]);
    assert_eq!(
        Client::from_env().unwrap().base_url(),
        "https://acme.gladly.com"
    );

    // The base URL wins, and the builder can still opt into plain http for a local server.
    set(&[("GLADLY_BASE_URL", Some("http://127.0.0.1:9999"))]);
    assert!(matches!(Client::from_env(), Err(Error::Config(_))));
    let client = Client::builder_from_env()
        .unwrap()
        .allow_insecure_http()
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9999");

    set(&[("GLADLY_SANDBOX", Some("perhaps"))]);
    let error = Client::from_env().unwrap_err();
    assert!(error.to_string().contains("GLADLY_SANDBOX"), "{error}");

    set(&[("GLADLY_SANDBOX", None), ("GLADLY_API_TOKEN", None)]);
    let error = Client::from_env().unwrap_err();
    assert!(error.to_string().contains("GLADLY_API_TOKEN"), "{error}");

    set(&[
        ("GLADLY_API_TOKEN", Some(TOKEN)),
        ("GLADLY_BASE_URL", None),
        ("GLADLY_ORGANIZATION", None),
    ]);
    let error = Client::from_env().unwrap_err();
    assert!(error.to_string().contains("GLADLY_ORGANIZATION"), "{error}");
    assert!(!format!("{error} {error:?}").contains(TOKEN));
}
