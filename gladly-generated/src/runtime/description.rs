//! What the generated code tells the runtime about one API: the servers the spec lists,
//! its security schemes, the environment variables [`Client::from_env`] reads, and the
//! response headers of its own that the settings name.
//!
//! The generator writes one [`ApiDescription`] into `generated/client.rs`; the builder
//! and `from_env` read it, so that nothing specific to one API lives in the runtime.
//!
//! [`Client::from_env`]: crate::Client

use super::KeyLocation;

/// Where an API is served and how it authenticates.
#[derive(Debug)]
pub(crate) struct ApiDescription {
    /// The spec's servers, the default first. Empty when the spec names none: then the
    /// user must set a base URL.
    pub(crate) servers: &'static [Server],
    /// The security schemes the client can send.
    pub(crate) schemes: &'static [SecurityScheme],
    /// Whether the spec requires credentials on every request.
    pub(crate) auth_required: bool,
    /// The variable holding a base URL that replaces the servers, e.g. `PETSTORE_BASE_URL`.
    pub(crate) base_url_env: &'static str,
    /// The response header that says a list was cut short, when the API has one
    /// ([`Response::is_limited_data`](crate::Response::is_limited_data)).
    pub(crate) limited_data_header: Option<&'static str>,
}

/// One server of the spec.
#[derive(Debug)]
pub(crate) struct Server {
    /// The URL template, e.g. `https://{region}.example.com/v1`; may be relative.
    pub(crate) url: &'static str,
    /// The boolean variable that chooses this server; `None` for the default server.
    pub(crate) env: Option<&'static str>,
    /// Its `{variables}`.
    pub(crate) variables: &'static [ServerVariable],
}

/// A `{variable}` of a server URL.
#[derive(Debug)]
pub(crate) struct ServerVariable {
    /// Its name in the URL template.
    pub(crate) name: &'static str,
    /// The builder method that sets it, for messages.
    pub(crate) setter: &'static str,
    /// The value used when none is set; `None` when the spec's default is only a
    /// placeholder the user must replace.
    pub(crate) default: Option<&'static str>,
    /// The values the spec allows; empty for any.
    pub(crate) allowed: &'static [&'static str],
    /// The variable `from_env` reads it from.
    pub(crate) env: &'static str,
}

/// A security scheme the client can send.
#[derive(Debug)]
pub(crate) struct SecurityScheme {
    /// Its name under `components/securitySchemes`.
    pub(crate) name: &'static str,
    /// The builder method that sets it, for messages.
    pub(crate) method: &'static str,
    /// What it sends.
    pub(crate) kind: SchemeKind,
    /// The variables `from_env` reads its parts from: user name and password for
    /// Basic, the token or key otherwise.
    pub(crate) env: &'static [&'static str],
}

/// What a security scheme sends.
#[allow(dead_code)] // Which kinds are constructed depends on the spec's schemes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemeKind {
    /// HTTP Basic.
    Basic,
    /// `Authorization: Bearer`.
    Bearer,
    /// An API key in the given place under the given name.
    ApiKey(KeyLocation, &'static str),
}

impl ApiDescription {
    /// An API the runtime knows nothing about: every client needs a base URL.
    pub(crate) const UNKNOWN: ApiDescription = ApiDescription {
        servers: &[],
        schemes: &[],
        auth_required: false,
        base_url_env: "BASE_URL",
        limited_data_header: None,
    };

    /// Every server variable once, by name, in the order the servers name them.
    pub(crate) fn variables(&self) -> Vec<&'static ServerVariable> {
        let mut seen: Vec<&'static ServerVariable> = Vec::new();
        for variable in self.servers.iter().flat_map(|s| s.variables) {
            if !seen.iter().any(|v| v.name == variable.name) {
                seen.push(variable);
            }
        }
        seen
    }

    /// "call a() or b()": how to give credentials, for messages.
    pub(crate) fn auth_methods(&self) -> String {
        let calls: Vec<String> = self
            .schemes
            .iter()
            .map(|s| format!("{}() (`{}`)", s.method, s.name))
            .collect();
        calls.join(" or ")
    }
}
