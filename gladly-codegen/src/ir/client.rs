//! Where the API is served and how it authenticates, as the IR keeps it.

/// The spec's servers and security schemes, named for the client builder.
#[derive(Debug, Clone, Default)]
pub struct ClientSetup {
    /// The servers, the default first; a server repeating an earlier URL is left out.
    pub servers: Vec<Server>,
    /// The security schemes the client can send, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Whether every request needs credentials: the top-level `security` has no empty
    /// requirement, and one requirement uses only schemes the client can send.
    pub auth_required: bool,
    /// The prefix of the environment variables, e.g. `PETSTORE`.
    pub env_prefix: String,
    /// The variable holding a base URL that replaces the servers, e.g. `PETSTORE_BASE_URL`.
    pub base_url_env: String,
    /// The response header that says a list was cut short (the settings'
    /// `limited-data-header`), e.g. `Gladly-Limited-Data`.
    pub limited_data_header: Option<String>,
}

/// A server the API is served from.
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL template, e.g. `https://{region}.example.com/v1`; may be relative.
    pub url: String,
    /// Documentation from the spec.
    pub description: Option<String>,
    /// The builder method that chooses it; `None` for the default server.
    pub method: Option<String>,
    /// The environment variable that chooses it when `1`/`true`; `None` for the default.
    pub env: Option<String>,
    /// Its `{variables}`, in spec order.
    pub variables: Vec<ServerVariable>,
    /// JSON pointer of the server.
    pub origin: String,
}

/// A `{variable}` of a server URL.
#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// Its name in the URL template.
    pub name: String,
    /// The builder method that sets it.
    pub setter: String,
    /// The environment variable that sets it.
    pub env: String,
    /// The spec's `default`.
    pub default: String,
    /// Whether that default only stands for a value the user must give (it is empty or
    /// repeats the variable's name, like Gladly's `organization`), so it is not used.
    pub placeholder: bool,
    /// The values the spec allows (`enum`); empty for any.
    pub values: Vec<String>,
    /// Documentation from the spec.
    pub description: Option<String>,
}

/// A security scheme the client can send.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Its name under `components/securitySchemes`.
    pub name: String,
    /// What it sends.
    pub kind: SecurityKind,
    /// The builder method that sets it: `basic_auth`, `bearer_auth`, `api_key`, or one
    /// named after the scheme when several of a kind exist.
    pub method: String,
    /// The environment variables holding its parts: user name and password for Basic,
    /// the token or key otherwise.
    pub env: Vec<String>,
    /// Documentation from the spec.
    pub description: Option<String>,
    /// JSON pointer of the scheme.
    pub origin: String,
}

/// What a security scheme sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// HTTP Basic.
    Basic,
    /// `Authorization: Bearer <token>`: HTTP bearer, and OAuth 2 and OpenID Connect,
    /// whose access tokens the user obtains elsewhere.
    Bearer {
        /// What the token is: the spec's `bearerFormat` (`JWT`), or the flow it comes from.
        format: Option<String>,
    },
    /// An API key.
    ApiKey {
        /// Where it travels.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}
