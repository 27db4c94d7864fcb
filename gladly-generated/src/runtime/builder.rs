//! [`ClientBuilder`]: where requests go, with which credentials, how patiently.
//!
//! The builder is the same for every API; generated code adds setters named after the
//! spec's server variables, servers and security schemes (`generated/client.rs`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use url::Url;

use super::client::{Client, ClientInner};
use super::description::ApiDescription;
use super::servers::server_url;
use super::{Auth, Error, RetryPolicy};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Sets up a [`Client`]: where to send requests, with which credentials, with which
/// timeouts and retry policy.
///
/// Requests go to the spec's first server unless another one or a
/// [`base_url`](Self::base_url) is chosen. `Debug` never shows a secret (nor credentials
/// embedded in a base URL).
#[derive(Clone)]
pub struct ClientBuilder {
    api: &'static ApiDescription,
    server: usize,
    variables: BTreeMap<String, String>,
    base_url: Option<String>,
    allow_insecure_http: bool,
    allow_loopback_http: bool,
    auth: Vec<Auth>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    retry: RetryPolicy,
    /// A client the caller built, used instead of one built here.
    http_client: Option<reqwest::Client>,
    /// Headers sent with every request, checked by `build()`.
    default_headers: Vec<(String, String)>,
}

/// A builder for an API with no known servers or security schemes: it needs a
/// [`base_url`](ClientBuilder::base_url), and sends what [`auth`](ClientBuilder::auth)
/// is given.
impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new(&ApiDescription::UNKNOWN)
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("server", &self.api.servers.get(self.server).map(|s| s.url))
            .field("variables", &self.variables)
            .field("base_url", &self.base_url.as_deref().map(redact_url))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("allow_loopback_http", &self.allow_loopback_http)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("retry", &self.retry)
            .field("http_client", &self.http_client.is_some())
            // Names only: a value may be a secret (a proxy's token).
            .field(
                "default_headers",
                &self
                    .default_headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ClientBuilder {
    /// A builder for the API `api` describes.
    pub(crate) fn new(api: &'static ApiDescription) -> Self {
        ClientBuilder {
            api,
            server: 0,
            variables: BTreeMap::new(),
            base_url: None,
            allow_insecure_http: false,
            allow_loopback_http: false,
            auth: Vec::new(),
            timeout: None,
            connect_timeout: None,
            read_timeout: None,
            retry: RetryPolicy::default(),
            http_client: None,
            default_headers: Vec::new(),
        }
    }

    /// Chooses the spec's server number `index` (0 is the default).
    #[allow(dead_code)] // Used by the generated setters of specs with several servers.
    pub(crate) fn server(mut self, index: usize) -> Self {
        self.server = index;
        self
    }

    /// Sets the value of the server URL's `{name}` variable.
    #[allow(dead_code)] // Used by the generated setters of specs with server variables.
    pub(crate) fn server_variable(mut self, name: &str, value: impl Into<String>) -> Self {
        self.variables.insert(name.to_owned(), value.into());
        self
    }

    /// Sends requests to this URL instead of the spec's servers (e.g. a proxy or a mock
    /// server). Operation paths are appended to it, so include any path the server URL
    /// has (`https://host.example/api/v3`). It must be `https` unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) is called, and must not carry
    /// credentials, a query or a fragment.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Allows an `http://` base URL. Credentials then travel in clear text: use it only
    /// for servers on loopback in tests.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Allows an `http://` base URL whose host is loopback (`localhost`, `127.0.0.0/8`,
    /// `::1`), and no other: a local test server or proxy. Safe to leave on in a program
    /// that is also run against the real API, unlike
    /// [`allow_insecure_http`](Self::allow_insecure_http).
    ///
    /// ```
    /// let client = gladly_generated::Client::builder()
    ///     .base_url("http://127.0.0.1:8080")
    ///     .basic_auth("me@example.com", "token")
    ///     .allow_loopback_http()
    ///     .build();
    /// assert!(client.is_ok());
    /// let elsewhere = gladly_generated::Client::builder()
    ///     .base_url("http://proxy.example:8080")
    ///     .basic_auth("me@example.com", "token")
    ///     .allow_loopback_http()
    ///     .build();
    /// assert!(elsewhere.is_err());
    /// ```
    pub fn allow_loopback_http(mut self) -> Self {
        self.allow_loopback_http = true;
        self
    }

    /// The description of the API this builder is for.
    #[allow(dead_code)] // Used by the test double.
    pub(crate) fn api(&self) -> &'static ApiDescription {
        self.api
    }

    /// Sends this credential with every request. It replaces a credential set earlier
    /// for the same place (`Authorization`, or the same API key name and location), so
    /// credentials for different places can be combined.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth.retain(|held| !held.same_place(&auth));
        self.auth.push(auth);
        self
    }

    /// Timeout for each whole request: connecting, sending and reading the body
    /// (default 60 s). Streamed bodies ([`ByteStream`](crate::ByteStream),
    /// [`JsonLines`](crate::JsonLines)) are exempt once their headers arrive, since a
    /// long export may take any time; [`read_timeout`](Self::read_timeout) guards them
    /// against stalls instead.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The longest pause between two reads from the server (default 60 s), so a stalled
    /// stream fails instead of hanging.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// How failed requests are retried (default [`RetryPolicy::default`]); a request
    /// can override it with [`RequestOptions::retry`](crate::RequestOptions::retry).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends requests with this HTTP client instead of one built by [`build`](Self::build):
    /// for proxies, extra root certificates, client certificates or connection-pool
    /// settings. Use the `reqwest` this crate re-exports
    /// ([`gladly_generated::reqwest`](crate::reqwest)), so the versions match.
    ///
    /// What still applies to a client of your own: the base URL and its checks,
    /// credentials, [`default_header`](Self::default_header)s, retries and the
    /// whole-request [`timeout`](Self::timeout) (set on each request). What belongs to
    /// the client and is yours to set on it: connect and read timeouts, the user agent,
    /// TLS, proxies and the redirect policy. [`build`](Self::build) refuses
    /// [`connect_timeout`](Self::connect_timeout) and
    /// [`read_timeout`](Self::read_timeout) next to this method rather than ignore them.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: the built-in client
    /// never follows redirects, so that a `301` for a merged customer reaches you as
    /// [`Error::Moved`] and credentials are never sent to another host; a client that
    /// follows them loses both. Without your own read timeout, a stalled stream can
    /// hang.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use gladly_generated::reqwest;
    ///
    /// let http = reqwest::Client::builder()
    ///     .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .connect_timeout(std::time::Duration::from_secs(10))
    ///     .read_timeout(std::time::Duration::from_secs(60))
    ///     .build()?;
    /// let client = gladly_generated::Client::builder()
    ///     .organization("acme")
    ///     .basic_auth("api-user@acme.com", "api-token")
    ///     .http_client(http)
    ///     .build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Sends this header with every request, e.g. a tracing or tenant header a proxy
    /// expects. A header an operation sets itself (`Accept`, `Content-Type`, a header
    /// parameter) wins over a default one of the same name. Setting a name again
    /// replaces its value. Values are marked sensitive, so they stay out of `Debug`
    /// output.
    ///
    /// [`build`](Self::build) refuses a name or value that is not valid in HTTP, and
    /// the names credentials go in (`Authorization`, `Cookie`, an API key's header):
    /// use [`auth`](Self::auth) for those, so they are checked and redacted as
    /// credentials.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.default_headers
            .retain(|(held, _)| !held.eq_ignore_ascii_case(&name));
        self.default_headers.push((name, value.into()));
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when the server URL cannot be formed (a variable
    /// without a value or with one the spec does not allow, a relative server URL and
    /// no base URL), when the URL is not `https` (without
    /// [`allow_insecure_http`](Self::allow_insecure_http)) or has credentials, a query
    /// or a fragment, when the spec requires credentials and none are set, when a
    /// credential is empty, when a [`default_header`](Self::default_header) is invalid,
    /// or when connect or read timeouts are set next to an
    /// [`http_client`](Self::http_client).
    pub fn build(self) -> Result<Client, Error> {
        let base = self.resolve_base()?;
        for credential in &self.auth {
            credential.check()?;
        }
        if self.auth.is_empty() && self.api.auth_required {
            return Err(Error::Config(format!(
                "the API requires credentials: call {}",
                self.api.auth_methods()
            )));
        }
        let default_headers = self.default_headers()?;
        let http = match self.http_client {
            Some(client) => {
                if self.connect_timeout.is_some() || self.read_timeout.is_some() {
                    return Err(Error::Config(
                        "connect_timeout and read_timeout are settings of the HTTP client: \
                         set them on the client given to http_client()"
                            .to_owned(),
                    ));
                }
                client
            }
            None => reqwest::Client::builder()
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                // The whole-request timeout is set per request, because streamed bodies
                // must not be cut off by it.
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .read_timeout(self.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT))
                // A redirect is handed to the caller (`Error::Moved`, or the answer of an
                // operation that redirects): following it could send credentials
                // elsewhere.
                .redirect(reqwest::redirect::Policy::none())
                .https_only(!self.allow_insecure_http && !self.allow_loopback_http)
                .build()
                .map_err(Error::transport)?,
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base,
                auth: self.auth,
                default_headers,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                retry: self.retry,
                limited_data_header: self.api.limited_data_header,
            }),
        })
    }

    /// The default headers, parsed and checked.
    fn default_headers(&self) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let parsed = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            if parsed == AUTHORIZATION
                || parsed == COOKIE
                || self.auth.iter().any(|auth| auth.uses_header(&parsed))
            {
                return Err(Error::Config(format!(
                    "default header `{name}` would carry credentials: set them with auth()"
                )));
            }
            // The value is not shown: it may be a secret.
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                Error::Config(format!("the value of default header `{name}` is not valid"))
            })?;
            value.set_sensitive(true);
            headers.insert(parsed, value);
        }
        Ok(headers)
    }

    fn resolve_base(&self) -> Result<Url, Error> {
        let raw = match &self.base_url {
            Some(url) => url.clone(),
            None => server_url(self.api, self.server, &self.variables)?,
        };
        // Error messages show the URL only in redacted form: it may embed a password.
        let shown = redact_url(&raw);
        let url =
            Url::parse(&raw).map_err(|e| Error::Config(format!("base URL `{shown}`: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http => {}
            "http" if self.allow_loopback_http && is_loopback(&url) => {}
            "http" => {
                return Err(Error::Config(format!(
                    "base URL `{shown}` is not https; call allow_insecure_http() to allow it \
                     (or allow_loopback_http() for a server on this machine)"
                )))
            }
            other => return Err(Error::Config(format!("unsupported URL scheme `{other}`"))),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::Config(
                "the base URL must not contain credentials; use auth()".to_owned(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
            return Err(Error::Config(format!(
                "base URL `{shown}` must be an origin with an optional path, without query or fragment"
            )));
        }
        Ok(url)
    }
}

/// Whether the URL's host is this machine.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The URL with any user name and password replaced, for messages and `Debug`.
fn redact_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) => {
            if url.password().is_some() {
                // Only fails for URLs that cannot have credentials at all.
                let _ = url.set_password(Some("redacted"));
            }
            url.to_string()
        }
        // Unparseable: it may still hold `user:token@`, so show nothing before an `@`.
        Err(_) => match raw.rfind('@') {
            Some(at) => format!("<redacted>@{}", &raw[at + 1..]),
            None => raw.to_owned(),
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_in_urls() {
        assert_eq!(
            redact_url("https://me:tok@acme.example/"),
            "https://me:redacted@acme.example/"
        );
        assert_eq!(redact_url("ht tp://me:tok@acme"), "<redacted>@acme");
        assert_eq!(redact_url("https://acme.example"), "https://acme.example/");
    }
}
