//! [`ClientBuilder`]: where requests go, with which credentials, how patiently.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::client::{Client, ClientInner};
use super::{ApiToken, Error, RetryPolicy};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Which Gladly deployment an organization lives on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// `https://{organization}.gladly.com`
    #[default]
    Production,
    /// `https://{organization}.gladly.qa`
    Sandbox,
}

impl Environment {
    fn domain(self) -> &'static str {
        match self {
            Environment::Production => "gladly.com",
            Environment::Sandbox => "gladly.qa",
        }
    }
}

/// Sets up a [`Client`]: where to send requests, with which credentials, with which
/// timeouts and retry policy.
///
/// `Debug` never shows the API token (nor credentials embedded in a base URL).
#[derive(Clone, Default)]
pub struct ClientBuilder {
    organization: Option<String>,
    environment: Environment,
    base_url: Option<String>,
    allow_insecure_http: bool,
    agent_email: Option<String>,
    api_token: Option<ApiToken>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    retry: RetryPolicy,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("organization", &self.organization)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url.as_deref().map(redact_url))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("agent_email", &self.agent_email)
            .field("api_token", &self.api_token)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// The organization's subdomain: `acme` for `https://acme.gladly.com`.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }

    /// Sends requests to the sandbox (`gladly.qa`) instead of production.
    pub fn sandbox(mut self) -> Self {
        self.environment = Environment::Sandbox;
        self
    }

    /// Chooses production or sandbox.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Sends requests to this origin instead (e.g. a mock server), overriding the
    /// organization. Paths such as `/api/v1/agents` are appended to it. It must be
    /// `https` unless [`allow_insecure_http`](Self::allow_insecure_http) is called, and
    /// must not carry credentials, a query or a fragment.
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

    /// Authenticates as the API user with this email and API token (HTTP Basic).
    pub fn basic_auth(
        mut self,
        agent_email: impl Into<String>,
        api_token: impl Into<ApiToken>,
    ) -> Self {
        self.agent_email = Some(agent_email.into());
        self.api_token = Some(api_token.into());
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

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when no origin or credentials are set, when the
    /// organization is not a valid subdomain, or when the base URL is not `https`
    /// (without [`allow_insecure_http`](Self::allow_insecure_http)), has credentials, a
    /// query or a fragment.
    pub fn build(self) -> Result<Client, Error> {
        let base = self.resolve_base()?;
        let agent_email = self.agent_email.filter(|e| !e.is_empty());
        let api_token = self.api_token.filter(|t| !t.is_empty());
        let (Some(agent_email), Some(api_token)) = (agent_email, api_token) else {
            return Err(Error::Config(
                "set the agent email and API token with basic_auth()".to_owned(),
            ));
        };
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ))
            // The whole-request timeout is set per request, because streamed bodies must
            // not be cut off by it.
            .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            .read_timeout(self.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT))
            // A 301 means a merged customer; the caller must learn the new id.
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!self.allow_insecure_http)
            .build()
            .map_err(Error::Transport)?;
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base,
                agent_email,
                api_token,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                retry: self.retry,
            }),
        })
    }

    fn resolve_base(&self) -> Result<Url, Error> {
        let raw = match (&self.base_url, &self.organization) {
            (Some(url), _) => url.clone(),
            (None, Some(org)) => {
                if org.is_empty() || !org.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(Error::Config(format!(
                        "organization `{org}` is not a valid subdomain"
                    )));
                }
                format!("https://{org}.{}", self.environment.domain())
            }
            (None, None) => {
                return Err(Error::Config(
                    "set an organization or a base URL".to_owned(),
                ))
            }
        };
        // Error messages show the URL only in redacted form: it may embed a password.
        let shown = redact_url(&raw);
        let url =
            Url::parse(&raw).map_err(|e| Error::Config(format!("base URL `{shown}`: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http => {}
            "http" => {
                return Err(Error::Config(format!(
                    "base URL `{shown}` is not https; call allow_insecure_http() to allow it"
                )))
            }
            other => return Err(Error::Config(format!("unsupported URL scheme `{other}`"))),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::Config(
                "the base URL must not contain credentials; use basic_auth()".to_owned(),
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
