//! The [`Client`]: where requests are sent, with which credentials.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use serde::de::DeserializeOwned;

use super::path::fill_template;
use super::request::{Body, Request};
use super::{ByteStream, Error, JsonLines, Response};

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

/// Sets up a [`Client`]: where to send requests and with which credentials.
#[derive(Clone, Default)]
pub struct ClientBuilder {
    organization: Option<String>,
    environment: Environment,
    base_url: Option<String>,
    allow_insecure_http: bool,
    credentials: Option<(String, String)>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("organization", &self.organization)
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("agent_email", &self.credentials.as_ref().map(|(email, _)| email))
            .field("api_token", &self.credentials.as_ref().map(|_| "<redacted>"))
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
    /// organization. Paths such as `/api/v1/agents` are appended to it.
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
    pub fn basic_auth(mut self, agent_email: impl Into<String>, api_token: impl Into<String>) -> Self {
        self.credentials = Some((agent_email.into(), api_token.into()));
        self
    }

    /// Timeout for each whole request (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base = match (&self.base_url, &self.organization) {
            (Some(url), _) => url.trim_end_matches('/').to_owned(),
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
        let parsed = url::Url::parse(&base)
            .map_err(|e| Error::Config(format!("base URL `{base}`: {e}")))?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http => {}
            "http" => {
                return Err(Error::Config(format!(
                    "base URL `{base}` is not https; call allow_insecure_http() to allow it"
                )))
            }
            other => return Err(Error::Config(format!("unsupported URL scheme `{other}`"))),
        }
        let Some((email, token)) = self.credentials else {
            return Err(Error::Config("set the credentials with basic_auth()".to_owned()));
        };
        let http = reqwest::Client::builder()
            .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            .timeout(self.timeout.unwrap_or(Duration::from_secs(60)))
            .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!self.allow_insecure_http)
            .build()
            .map_err(Error::Transport)?;
        Ok(Client {
            http,
            base,
            email,
            token,
        })
    }
}

/// An authenticated connection to one Gladly organization.
///
/// Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    email: String,
    token: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base)
            .field("agent_email", &self.email)
            .field("api_token", &"<redacted>")
            .finish()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The origin requests go to, e.g. `https://acme.gladly.com`.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Sends the request; returns the status, headers and body of a 2xx response, and
    /// [`Error::Api`] for any other status.
    async fn execute(&self, request: Request) -> Result<(reqwest::StatusCode, HeaderMap, Bytes), Error> {
        let path = fill_template(request.path_template, &request.path_params);
        let url = format!("{}{}", self.base, path);
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .basic_auth(&self.email, Some(&self.token))
            .header(reqwest::header::ACCEPT, HeaderValue::from_static("application/json"));
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(timeout) = request.options.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(Body::Json(bytes)) = request.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(bytes);
        }
        let span = tracing::debug_span!(
            "gladly.request",
            method = %request.method,
            path = request.path_template,
            status = tracing::field::Empty
        );
        let _entered = span.enter();
        let response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status();
        span.record("status", status.as_u16());
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::Transport)?;
        if status.is_success() {
            Ok((status, headers, body))
        } else {
            Err(Error::Api {
                status,
                headers: Box::new(headers),
                body,
            })
        }
    }

    pub(crate) async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<Response<T>, Error> {
        let (status, headers, body) = self.execute(request).await?;
        let value = decode_json(&body)?;
        Ok(Response::new(status, headers, value))
    }

    pub(crate) async fn send_empty(&self, request: Request) -> Result<Response<()>, Error> {
        let (status, headers, _) = self.execute(request).await?;
        Ok(Response::new(status, headers, ()))
    }

    pub(crate) async fn send_bytes(&self, request: Request) -> Result<Response<ByteStream>, Error> {
        let (status, headers, body) = self.execute(request).await?;
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Response::new(status, headers, ByteStream::new(content_type, body)))
    }

    pub(crate) async fn send_json_lines<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Response<JsonLines<T>>, Error> {
        let (status, headers, body) = self.execute(request).await?;
        Ok(Response::new(status, headers, JsonLines::new(body)))
    }
}

/// Decodes a JSON body, naming the path of the field that failed.
fn decode_json<T: DeserializeOwned>(body: &Bytes) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| Error::Decode {
        path: e.path().to_string(),
        message: e.inner().to_string(),
        body: body.clone(),
    })
}
