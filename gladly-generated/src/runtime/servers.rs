//! The base URL from one of the spec's servers: its URL template filled with the values
//! of its variables.

use std::collections::BTreeMap;

use super::description::{ApiDescription, Server, ServerVariable};
use super::Error;

/// The URL of server `index` with every `{variable}` replaced by the value set, else by
/// the spec's default.
///
/// Fails when the spec names no such server, when its URL is relative (the spec means
/// "wherever this document is served", which a client cannot know), or when a variable
/// has no value or one the spec does not allow.
pub(crate) fn server_url(
    api: &ApiDescription,
    index: usize,
    values: &BTreeMap<String, String>,
) -> Result<String, Error> {
    let Some(server) = api.servers.get(index) else {
        return Err(Error::Config(if api.servers.is_empty() {
            "the API description names no server; set base_url()".to_owned()
        } else {
            format!("the API description has no server number {index}")
        }));
    };
    if !server.url.contains("://") {
        return Err(Error::Config(format!(
            "the API's server URL `{}` is relative; set base_url() to the full URL \
             (e.g. `https://api.example.com{}`)",
            server.url, server.url
        )));
    }
    // Values placed before the path may only form host names and ports; later ones may
    // add path segments too. Neither may add a query, fragment or user info.
    let path_start = server
        .url
        .find("://")
        .and_then(|scheme_end| {
            let after = scheme_end + 3;
            server
                .url
                .get(after..)?
                .find('/')
                .map(|slash| after + slash)
        })
        .unwrap_or(server.url.len());
    let mut url = String::with_capacity(server.url.len());
    let mut rest = server.url;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let name = &rest[open + 1..close];
        url.push_str(&rest[..open]);
        url.push_str(value_of(server, name, values, offset + open < path_start)?);
        rest = &rest[close + 1..];
        offset += close + 1;
    }
    url.push_str(rest);
    Ok(url)
}

/// The checked value of variable `name`.
fn value_of<'a>(
    server: &'static Server,
    name: &str,
    values: &'a BTreeMap<String, String>,
    in_host: bool,
) -> Result<&'a str, Error> {
    let variable = server.variables.iter().find(|v| v.name == name);
    let value = match (values.get(name), variable) {
        (Some(value), _) => value.as_str(),
        (
            None,
            Some(ServerVariable {
                default: Some(default),
                ..
            }),
        ) => default,
        (None, Some(variable)) => {
            return Err(Error::Config(format!(
                "set {}() (the `{{{name}}}` of `{}`), or base_url()",
                variable.setter, server.url
            )))
        }
        (None, None) => {
            return Err(Error::Config(format!(
                "the server URL `{}` has `{{{name}}}`, which the spec gives no value",
                server.url
            )))
        }
    };
    let allowed = variable.map(|v| v.allowed).unwrap_or_default();
    if !allowed.is_empty() && !allowed.contains(&value) {
        return Err(Error::Config(format!(
            "server variable `{name}` cannot be `{value}`; the spec allows {}",
            allowed
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let fits = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '-' | '.')
            || (in_host && c == ':')
            || (!in_host && matches!(c, '_' | '~' | '/'))
    };
    if value.is_empty() || !value.chars().all(fits) {
        let place = if in_host { "a host name" } else { "a path" };
        return Err(Error::Config(format!(
            "server variable `{name}` cannot be `{value}`: it does not fit in {place}"
        )));
    }
    Ok(value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const REGION: ServerVariable = ServerVariable {
        name: "region",
        setter: "region",
        default: Some("eu"),
        allowed: &["eu", "us"],
        env: "TEST_REGION",
    };
    const TENANT: ServerVariable = ServerVariable {
        name: "tenant",
        setter: "tenant",
        default: None,
        allowed: &[],
        env: "TEST_TENANT",
    };
    const VERSION: ServerVariable = ServerVariable {
        name: "version",
        setter: "version",
        default: Some("v1"),
        allowed: &[],
        env: "TEST_VERSION",
    };
    static API: ApiDescription = ApiDescription {
        servers: &[
            Server {
                url: "https://{tenant}.{region}.example.com/{version}",
                env: None,
                variables: &[TENANT, REGION, VERSION],
            },
            Server {
                url: "/api/v3",
                env: Some("TEST_LOCAL"),
                variables: &[],
            },
        ],
        schemes: &[],
        auth_required: false,
        base_url_env: "TEST_BASE_URL",
        limited_data_header: None,
    };

    fn url(index: usize, values: &[(&str, &str)]) -> Result<String, String> {
        let values = values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        server_url(&API, index, &values).map_err(|e| e.to_string())
    }

    #[test]
    fn variables_take_their_value_or_default() {
        assert_eq!(
            url(0, &[("tenant", "acme")]).unwrap(),
            "https://acme.eu.example.com/v1"
        );
        assert_eq!(
            url(
                0,
                &[("tenant", "acme"), ("region", "us"), ("version", "v2/beta")]
            )
            .unwrap(),
            "https://acme.us.example.com/v2/beta"
        );
    }

    #[test]
    fn missing_disallowed_or_misplaced_values_are_refused() {
        let missing = url(0, &[]).unwrap_err();
        assert!(
            missing.contains("tenant()") && missing.contains("base_url()"),
            "{missing}"
        );
        let region = url(0, &[("tenant", "a"), ("region", "mars")]).unwrap_err();
        assert!(region.contains("`eu`, `us`"), "{region}");
        for bad in ["", "acme.evil.com/", "a@b", "a?x", "a#b"] {
            assert!(url(0, &[("tenant", bad)]).is_err(), "{bad:?}");
        }
        assert!(url(0, &[("tenant", "a"), ("version", "v1?x=1")]).is_err());
    }

    #[test]
    fn relative_and_absent_servers_ask_for_a_base_url() {
        let relative = url(1, &[]).unwrap_err();
        assert!(
            relative.contains("/api/v3") && relative.contains("base_url()"),
            "{relative}"
        );
        assert!(url(2, &[]).is_err());
        let none = server_url(&ApiDescription::UNKNOWN, 0, &BTreeMap::new()).unwrap_err();
        assert!(none.to_string().contains("base_url()"), "{none}");
    }
}
