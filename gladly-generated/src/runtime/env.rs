//! Client settings from environment variables, for deployments configured that way.

use super::{ClientBuilder, Error};

/// The organization's subdomain, e.g. `acme`.
pub(crate) const ORGANIZATION: &str = "GLADLY_ORGANIZATION";
/// An origin that replaces the organization, e.g. for a proxy.
pub(crate) const BASE_URL: &str = "GLADLY_BASE_URL";
/// `1`/`true` for the sandbox (`gladly.qa`).
pub(crate) const SANDBOX: &str = "GLADLY_SANDBOX";
/// The API user's email.
pub(crate) const AGENT_EMAIL: &str = "GLADLY_AGENT_EMAIL";
/// The API token.
pub(crate) const API_TOKEN: &str = "GLADLY_API_TOKEN";

/// Reads one variable from the process environment; unset and empty are the same.
pub(crate) fn process_env(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        // The value is not repeated: it may be the token.
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::Config(format!("{name} is not valid UTF-8")))
        }
    }
}

/// A builder configured from the variables `lookup` returns.
pub(crate) fn builder_from(
    lookup: impl Fn(&str) -> Result<Option<String>, Error>,
) -> Result<ClientBuilder, Error> {
    let mut builder = ClientBuilder::default();
    builder = match (lookup(BASE_URL)?, lookup(ORGANIZATION)?) {
        (Some(url), _) => builder.base_url(url),
        (None, Some(organization)) => builder.organization(organization),
        (None, None) => {
            return Err(Error::Config(format!("set {ORGANIZATION} (or {BASE_URL})")));
        }
    };
    if let Some(sandbox) = lookup(SANDBOX)? {
        match sandbox.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => builder = builder.sandbox(),
            "0" | "false" | "no" => {}
            _ => {
                return Err(Error::Config(format!(
                    "{SANDBOX} must be 1, true, 0 or false, not `{sandbox}`"
                )))
            }
        }
    }
    let email = lookup(AGENT_EMAIL)?.ok_or_else(|| Error::Config(format!("set {AGENT_EMAIL}")))?;
    let token = lookup(API_TOKEN)?.ok_or_else(|| Error::Config(format!("set {API_TOKEN}")))?;
    Ok(builder.basic_auth(email, token))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<ClientBuilder, Error> {
        builder_from(|name| {
            Ok(vars
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
                .filter(|v| !v.is_empty()))
        })
    }

    #[test]
    fn organization_sandbox_and_credentials() {
        let client = from(&[
            (ORGANIZATION, "acme"),
            (SANDBOX, "true"),
            (AGENT_EMAIL, "api@acme.com"),
            (API_TOKEN, "tok-123"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.base_url(), "https://acme.gladly.qa");
        let client = from(&[
            (ORGANIZATION, "acme"),
            (AGENT_EMAIL, "a@b.c"),
            (API_TOKEN, "t"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.base_url(), "https://acme.gladly.com");
    }

    #[test]
    fn base_url_wins_over_organization() {
        let client = from(&[
            (BASE_URL, "https://proxy.example/gladly"),
            (ORGANIZATION, "acme"),
            (AGENT_EMAIL, "a@b.c"),
            (API_TOKEN, "t"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.base_url(), "https://proxy.example/gladly");
    }

    #[test]
    fn missing_or_bad_variables_are_named_without_echoing_the_token() {
        let missing = |vars: &[(&str, &str)]| from(vars).unwrap_err().to_string();
        assert!(missing(&[]).contains(ORGANIZATION));
        assert!(missing(&[(ORGANIZATION, "acme"), (API_TOKEN, "tok-123")]).contains(AGENT_EMAIL));
        assert!(missing(&[
            (ORGANIZATION, "acme"),
            (AGENT_EMAIL, "a@b.c"),
            (API_TOKEN, "")
        ])
        .contains(API_TOKEN));
        let bad = missing(&[
            (ORGANIZATION, "acme"),
            (SANDBOX, "maybe"),
            (API_TOKEN, "tok-123"),
        ]);
        assert!(bad.contains(SANDBOX) && !bad.contains("tok-123"), "{bad}");
    }
}
