//! Client settings from environment variables, for deployments configured that way.
//! Which variables exist is the generated [`ApiDescription`]'s to say: one per server
//! variable, one per additional server, one per part of each credential, and a base URL.

use super::description::{ApiDescription, SchemeKind, SecurityScheme};
use super::{Auth, ClientBuilder, Error};

/// Reads one variable from the process environment; unset and empty are the same.
pub(crate) fn process_env(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        // The value is not repeated: it may be a secret.
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::Config(format!("{name} is not valid UTF-8")))
        }
    }
}

impl ClientBuilder {
    /// A builder for `api` configured from the process environment.
    pub(crate) fn from_env(api: &'static ApiDescription) -> Result<Self, Error> {
        builder_from(api, process_env)
    }
}

/// A builder for `api` configured from the variables `lookup` returns.
pub(crate) fn builder_from(
    api: &'static ApiDescription,
    lookup: impl Fn(&str) -> Result<Option<String>, Error>,
) -> Result<ClientBuilder, Error> {
    let mut builder = ClientBuilder::new(api);
    let server = chosen_server(api, &lookup)?;
    builder = builder.server(server);
    let base_url = lookup(api.base_url_env)?;
    for variable in api.variables() {
        if let Some(value) = lookup(variable.env)? {
            builder = builder.server_variable(variable.name, value);
        }
    }
    match base_url {
        Some(url) => builder = builder.base_url(url),
        None => check_server(api, server, &lookup)?,
    }
    let mut any_auth = false;
    for scheme in api.schemes {
        if let Some(auth) = credential(scheme, &lookup)? {
            builder = builder.auth(auth);
            any_auth = true;
        }
    }
    if api.auth_required && !any_auth {
        let choices: Vec<String> = api.schemes.iter().map(|s| s.env.join(" and ")).collect();
        return Err(Error::Config(format!("set {}", choices.join(", or "))));
    }
    Ok(builder)
}

/// The server whose boolean variable is set (`1`, `true`, `yes`), else the default.
fn chosen_server(
    api: &ApiDescription,
    lookup: &impl Fn(&str) -> Result<Option<String>, Error>,
) -> Result<usize, Error> {
    let mut chosen: Option<(usize, &str)> = None;
    for (index, server) in api.servers.iter().enumerate() {
        let Some(name) = server.env else { continue };
        let Some(value) = lookup(name)? else { continue };
        match value.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => {}
            "0" | "false" | "no" => continue,
            _ => {
                return Err(Error::Config(format!(
                    "{name} must be 1, true, 0 or false, not `{value}`"
                )))
            }
        }
        if let Some((_, first)) = chosen {
            return Err(Error::Config(format!(
                "{first} and {name} choose different servers; set only one"
            )));
        }
        chosen = Some((index, name));
    }
    Ok(chosen.map_or(0, |(index, _)| index))
}

/// Without a base URL, the chosen server must be absolute and each of its variables
/// without a usable default must be set: said here in terms of variables, since the
/// builder's own message would name its methods.
fn check_server(
    api: &ApiDescription,
    server: usize,
    lookup: &impl Fn(&str) -> Result<Option<String>, Error>,
) -> Result<(), Error> {
    let Some(server) = api.servers.get(server).filter(|s| s.url.contains("://")) else {
        return Err(Error::Config(format!("set {}", api.base_url_env)));
    };
    for variable in server.variables {
        if variable.default.is_none() && lookup(variable.env)?.is_none() {
            return Err(Error::Config(format!(
                "set {} (or {})",
                variable.env, api.base_url_env
            )));
        }
    }
    Ok(())
}

/// The credential of `scheme` when all its variables are set; `None` when none is;
/// an error naming the missing ones when only some are.
fn credential(
    scheme: &SecurityScheme,
    lookup: &impl Fn(&str) -> Result<Option<String>, Error>,
) -> Result<Option<Auth>, Error> {
    let mut values = Vec::with_capacity(scheme.env.len());
    for name in scheme.env {
        values.push(lookup(name)?);
    }
    if values.iter().all(Option::is_none) {
        return Ok(None);
    }
    let missing: Vec<&str> = scheme
        .env
        .iter()
        .zip(&values)
        .filter(|(_, value)| value.is_none())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        return Err(Error::Config(format!("set {}", missing.join(" and "))));
    }
    let mut values = values.into_iter().flatten();
    let mut next = || values.next().unwrap_or_default();
    Ok(Some(match scheme.kind {
        SchemeKind::Basic => Auth::basic(next(), next()),
        SchemeKind::Bearer => Auth::bearer(next()),
        SchemeKind::ApiKey(location, name) => Auth::api_key(location, name, next()),
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::super::description::{Server, ServerVariable};
    use super::super::KeyLocation;
    use super::*;

    const TENANT: ServerVariable = ServerVariable {
        name: "tenant",
        setter: "tenant",
        default: None,
        allowed: &[],
        env: "TEST_TENANT",
    };
    static API: ApiDescription = ApiDescription {
        servers: &[
            Server {
                url: "https://{tenant}.example.com",
                env: None,
                variables: &[TENANT],
            },
            Server {
                url: "https://{tenant}.example.dev",
                env: Some("TEST_STAGING"),
                variables: &[TENANT],
            },
        ],
        schemes: &[
            SecurityScheme {
                name: "basic",
                method: "basic_auth",
                kind: SchemeKind::Basic,
                env: &["TEST_USERNAME", "TEST_PASSWORD"],
            },
            SecurityScheme {
                name: "key",
                method: "api_key",
                kind: SchemeKind::ApiKey(KeyLocation::Header, "X-Key"),
                env: &["TEST_API_KEY"],
            },
        ],
        auth_required: true,
        base_url_env: "TEST_BASE_URL",
        limited_data_header: None,
    };

    fn from(vars: &[(&str, &str)]) -> Result<ClientBuilder, Error> {
        builder_from(&API, |name| {
            Ok(vars
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
                .filter(|v| !v.is_empty()))
        })
    }

    #[test]
    fn server_variables_choice_and_credentials() {
        let vars = [
            ("TEST_TENANT", "acme"),
            ("TEST_STAGING", "true"),
            ("TEST_USERNAME", "me"),
            ("TEST_PASSWORD", "pw"),
        ];
        let client = from(&vars).unwrap().build().unwrap();
        assert_eq!(client.base_url(), "https://acme.example.dev");
        let client = from(&[("TEST_TENANT", "acme"), ("TEST_API_KEY", "k")])
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "https://acme.example.com");
    }

    #[test]
    fn base_url_wins_over_server_variables() {
        let client = from(&[
            ("TEST_BASE_URL", "https://proxy.example/api"),
            ("TEST_TENANT", "acme"),
            ("TEST_API_KEY", "k"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.base_url(), "https://proxy.example/api");
    }

    #[test]
    fn missing_or_bad_variables_are_named_without_echoing_secrets() {
        let missing = |vars: &[(&str, &str)]| from(vars).unwrap_err().to_string();
        let none = missing(&[]);
        assert!(
            none.contains("TEST_TENANT") && none.contains("TEST_BASE_URL"),
            "{none}"
        );
        let partial = missing(&[("TEST_TENANT", "a"), ("TEST_PASSWORD", "secret-pw")]);
        assert!(partial.contains("TEST_USERNAME"), "{partial}");
        assert!(!partial.contains("secret-pw"), "{partial}");
        let no_auth = missing(&[("TEST_TENANT", "a")]);
        assert!(
            no_auth.contains("TEST_USERNAME and TEST_PASSWORD, or TEST_API_KEY"),
            "{no_auth}"
        );
        let bad = missing(&[("TEST_TENANT", "a"), ("TEST_STAGING", "maybe")]);
        assert!(bad.contains("TEST_STAGING"), "{bad}");
    }
}
