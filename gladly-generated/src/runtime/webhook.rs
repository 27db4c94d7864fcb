//! Receiving webhook requests: checking that a request came from the API (its Basic
//! credentials or configured headers, compared in constant time) before its body is
//! parsed.
//!
//! Generic over the payload type: the generated `webhook::receive_…` functions call
//! [`WebhookVerifier::parse`] with the type the spec describes.

use std::fmt;

use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderName, AUTHORIZATION};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use subtle::{Choice, ConstantTimeEq};

use super::decode;
use super::ApiToken;

/// Why a webhook request was refused. Every variant but
/// [`InvalidBody`](WebhookError::InvalidBody) and
/// [`NotConfigured`](WebhookError::NotConfigured) means "not from the API": answer all
/// of them alike ([`status`](WebhookError::status) gives `401`) and log the variant,
/// so that a caller probing the endpoint cannot tell which part it got right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The verifier expects Basic credentials and the request has no `Authorization`
    /// header.
    #[error("the request has no Authorization header")]
    MissingAuthorization,
    /// The `Authorization` header is not one `Basic` header with base64 `user:password`.
    #[error("the Authorization header is not valid Basic credentials")]
    MalformedAuthorization,
    /// The Basic user name is not the configured one.
    #[error("the Basic user name is wrong")]
    WrongUser,
    /// The Basic user name is right and the password is not.
    #[error("the Basic password is wrong")]
    WrongPassword,
    /// A configured header is absent.
    #[error("the request has no `{0}` header")]
    MissingHeader(String),
    /// A configured header has another value, or is sent more than once.
    #[error("the `{0}` header has the wrong value")]
    WrongHeader(String),
    /// The request is authentic but its body is not the payload the spec describes.
    #[error("the body is not a webhook payload: at `{path}`: {message}")]
    InvalidBody {
        /// The JSON path of the field that did not match, `.` for the document.
        path: String,
        /// What was wrong with it.
        message: String,
    },
    /// The verifier has nothing to check, or an empty secret (usually an unset
    /// variable): every request is refused rather than every request let in.
    #[error("the webhook verifier is not configured: {0}")]
    NotConfigured(&'static str),
}

impl WebhookError {
    /// The status to answer the request with: `401` when it is not shown to come from
    /// the API, `400` for a body that is not a payload, `500` for a verifier without
    /// credentials. (The API retries non-2xx deliveries, and deactivates a webhook
    /// that keeps failing.)
    pub fn status(&self) -> StatusCode {
        match self {
            WebhookError::InvalidBody { .. } => StatusCode::BAD_REQUEST,
            WebhookError::NotConfigured(_) => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// Whether the request was refused because it is not shown to come from the API.
    pub fn is_unauthenticated(&self) -> bool {
        self.status() == StatusCode::UNAUTHORIZED
    }
}

/// Checks that a webhook request carries the credentials the webhook was configured
/// with: the Basic `credentials` (user name and password) and/or the custom `headers`
/// set when the webhook was created. Every configured check must pass.
///
/// Secrets are compared in constant time (with the `subtle` crate), and the user name
/// and password are both compared before either result is looked at, so response time
/// does not tell a caller how much of a secret it guessed. (As with any such
/// comparison, the time can still depend on a secret's *length*.)
///
/// ```
/// use gladly_generated::runtime::{WebhookError, WebhookVerifier};
/// use gladly_generated::reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
///
/// let verifier = WebhookVerifier::basic_auth("gladly", "s3cret").with_header("X-Source", "gladly");
///
/// let mut headers = HeaderMap::new();
/// // base64("gladly:s3cret")
/// headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic Z2xhZGx5OnMzY3JldA=="));
/// assert_eq!(verifier.verify(&headers), Err(WebhookError::MissingHeader("X-Source".into())));
/// headers.insert("x-source", HeaderValue::from_static("gladly"));
/// assert_eq!(verifier.verify(&headers), Ok(()));
/// ```
#[derive(Clone, Default)]
pub struct WebhookVerifier {
    basic: Option<(ApiToken, ApiToken)>,
    headers: Vec<(String, ApiToken)>,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The user name is a credential too: a caller that knows it is halfway in.
        f.debug_struct("WebhookVerifier")
            .field("basic_auth", &self.basic.is_some())
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl WebhookVerifier {
    /// A verifier that requires these Basic credentials (the webhook's `credentials`).
    pub fn basic_auth(username: impl Into<String>, password: impl Into<ApiToken>) -> Self {
        Self::default().with_basic_auth(username, password)
    }

    /// A verifier that requires this header with this value (one of the webhook's
    /// `headers`).
    pub fn header(name: impl Into<String>, value: impl Into<ApiToken>) -> Self {
        Self::default().with_header(name, value)
    }

    /// Also requires these Basic credentials; replaces any set before.
    pub fn with_basic_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<ApiToken>,
    ) -> Self {
        self.basic = Some((ApiToken::new(username.into()), password.into()));
        self
    }

    /// Also requires this header with exactly this value. The name is
    /// case-insensitive; setting a name again replaces its value.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<ApiToken>) -> Self {
        let name = name.into();
        self.headers
            .retain(|(held, _)| !held.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Whether the verifier can check anything: at least one check, no empty secret
    /// and valid header names. [`verify`](Self::verify) refuses every request when this
    /// fails; call it at start-up to fail early.
    pub fn check(&self) -> Result<(), WebhookError> {
        if self.basic.is_none() && self.headers.is_empty() {
            return Err(WebhookError::NotConfigured(
                "no credentials or headers to check",
            ));
        }
        if let Some((user, password)) = &self.basic {
            if user.is_empty() || password.is_empty() {
                return Err(WebhookError::NotConfigured(
                    "the Basic user name or password is empty",
                ));
            }
        }
        for (name, value) in &self.headers {
            if HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(WebhookError::NotConfigured("a header name is not valid"));
            }
            if value.is_empty() {
                return Err(WebhookError::NotConfigured("a header value is empty"));
            }
        }
        Ok(())
    }

    /// Checks the request's headers: `Ok(())` when every configured credential is
    /// there with the configured value.
    pub fn verify(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        self.check()?;
        if let Some((user, password)) = &self.basic {
            check_basic(headers, user, password)?;
        }
        for (name, expected) in &self.headers {
            let mut values = headers.get_all(name.as_str()).iter();
            let (Some(value), None) = (values.next(), values.next()) else {
                return Err(if headers.contains_key(name.as_str()) {
                    WebhookError::WrongHeader(name.clone())
                } else {
                    WebhookError::MissingHeader(name.clone())
                });
            };
            if !bool::from(same(value.as_bytes(), expected.expose_secret().as_bytes())) {
                return Err(WebhookError::WrongHeader(name.clone()));
            }
        }
        Ok(())
    }

    /// Checks the request's headers with [`verify`](Self::verify), then parses its body
    /// as `T`. The body is not read at all for a request that fails the check.
    pub fn parse<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        self.verify(headers)?;
        parse_body(body)
    }
}

/// Parses a webhook body as `T`, naming the field that did not match.
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, WebhookError> {
    decode::from_slice(body).map_err(|failure| WebhookError::InvalidBody {
        path: failure.path,
        message: failure.message,
    })
}

fn check_basic(
    headers: &HeaderMap,
    user: &ApiToken,
    password: &ApiToken,
) -> Result<(), WebhookError> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let value = match (values.next(), values.next()) {
        (None, _) => return Err(WebhookError::MissingAuthorization),
        (Some(value), None) => value,
        (Some(_), Some(_)) => return Err(WebhookError::MalformedAuthorization),
    };
    let decoded =
        basic_credentials(value.as_bytes()).ok_or(WebhookError::MalformedAuthorization)?;
    // RFC 7617: the user name cannot contain a colon, the password can.
    let colon = decoded
        .iter()
        .position(|&b| b == b':')
        .ok_or(WebhookError::MalformedAuthorization)?;
    let (given_user, given_password) = (&decoded[..colon], &decoded[colon + 1..]);
    // Both compared before either is looked at: which one failed must not show in
    // the time taken.
    let user_ok = same(given_user, user.expose_secret().as_bytes());
    let password_ok = same(given_password, password.expose_secret().as_bytes());
    match (bool::from(user_ok), bool::from(password_ok)) {
        (true, true) => Ok(()),
        (false, _) => Err(WebhookError::WrongUser),
        (true, false) => Err(WebhookError::WrongPassword),
    }
}

/// The decoded `user:password` of a `Basic` header (the scheme name is
/// case-insensitive).
fn basic_credentials(value: &[u8]) -> Option<Vec<u8>> {
    let space = value.iter().position(|&b| b == b' ')?;
    let (scheme, rest) = value.split_at(space);
    if !scheme.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    let encoded = rest.trim_ascii();
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
}

/// Constant-time equality of two byte strings (of any lengths).
fn same(given: &[u8], expected: &[u8]) -> Choice {
    given.ct_eq(expected)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    const USER: &str = "gladly-hook";
    const PASSWORD: &str = "pw:with-colon-9f2";

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Event {
        id: String,
        #[serde(rename = "type")]
        kind: String,
    }

    const BODY: &[u8] = br#"{"id":"e-1","type":"PING"}"#;

    fn basic(user: &str, password: &str) -> HeaderValue {
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        HeaderValue::from_str(&format!("Basic {encoded}")).unwrap()
    }

    fn with_basic(user: &str, password: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, basic(user, password));
        headers
    }

    fn verifier() -> WebhookVerifier {
        WebhookVerifier::basic_auth(USER, PASSWORD)
    }

    #[test]
    fn right_credentials_pass_and_the_body_is_parsed() {
        let event: Event = verifier().parse(&with_basic(USER, PASSWORD), BODY).unwrap();
        assert_eq!(
            event,
            Event {
                id: "e-1".into(),
                kind: "PING".into()
            }
        );
        // The scheme name is case-insensitive.
        let mut headers = HeaderMap::new();
        let lower = basic(USER, PASSWORD)
            .to_str()
            .unwrap()
            .replacen("Basic", "basic", 1);
        headers.insert(AUTHORIZATION, HeaderValue::from_str(&lower).unwrap());
        assert_eq!(verifier().verify(&headers), Ok(()));
    }

    #[test]
    fn each_wrong_part_of_basic_credentials_has_its_own_error() {
        let v = verifier();
        assert_eq!(
            v.verify(&HeaderMap::new()),
            Err(WebhookError::MissingAuthorization)
        );
        assert_eq!(
            v.verify(&with_basic("intruder", PASSWORD)),
            Err(WebhookError::WrongUser)
        );
        assert_eq!(
            v.verify(&with_basic(USER, "pw:with-colon-9f3")),
            Err(WebhookError::WrongPassword)
        );
        // Both wrong: the user name is reported.
        assert_eq!(
            v.verify(&with_basic("intruder", "guess")),
            Err(WebhookError::WrongUser)
        );
        // A prefix of the password is not the password.
        assert_eq!(
            v.verify(&with_basic(USER, "pw:with")),
            Err(WebhookError::WrongPassword)
        );
    }

    #[test]
    fn malformed_authorization_headers_are_refused() {
        let v = verifier();
        let refused = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(AUTHORIZATION, HeaderValue::from_static(value));
            v.verify(&headers)
        };
        for value in [
            "Bearer Z2xhZGx5OnMzY3JldA==",
            "Basic not-base64!",
            "Basic",
            // base64("no-colon")
            "Basic bm8tY29sb24=",
        ] {
            assert_eq!(
                refused(value),
                Err(WebhookError::MalformedAuthorization),
                "{value}"
            );
        }
        let mut twice = with_basic(USER, PASSWORD);
        twice.append(AUTHORIZATION, basic(USER, PASSWORD));
        assert_eq!(v.verify(&twice), Err(WebhookError::MalformedAuthorization));
    }

    #[test]
    fn configured_headers_must_be_present_once_with_their_value() {
        let v = WebhookVerifier::header("X-Gladly-Token", "tok-1").with_header("X-Env", "prod");
        let mut headers = HeaderMap::new();
        assert_eq!(
            v.verify(&headers),
            Err(WebhookError::MissingHeader("X-Gladly-Token".into()))
        );
        headers.insert("x-gladly-token", HeaderValue::from_static("tok-2"));
        assert_eq!(
            v.verify(&headers),
            Err(WebhookError::WrongHeader("X-Gladly-Token".into()))
        );
        headers.insert("x-gladly-token", HeaderValue::from_static("tok-1"));
        assert_eq!(
            v.verify(&headers),
            Err(WebhookError::MissingHeader("X-Env".into()))
        );
        headers.insert("x-env", HeaderValue::from_static("prod"));
        assert_eq!(v.verify(&headers), Ok(()));
        // Sent twice, even with the right value once: refused.
        headers.append("x-env", HeaderValue::from_static("test"));
        assert_eq!(
            v.verify(&headers),
            Err(WebhookError::WrongHeader("X-Env".into()))
        );
    }

    #[test]
    fn credentials_and_headers_are_both_checked() {
        let v = verifier().with_header("X-Env", "prod");
        let mut headers = with_basic(USER, PASSWORD);
        assert_eq!(
            v.verify(&headers),
            Err(WebhookError::MissingHeader("X-Env".into()))
        );
        headers.insert("x-env", HeaderValue::from_static("prod"));
        assert_eq!(v.verify(&headers), Ok(()));
        headers.insert(AUTHORIZATION, basic(USER, "nope"));
        assert_eq!(v.verify(&headers), Err(WebhookError::WrongPassword));
    }

    #[test]
    fn a_body_that_is_not_the_payload_is_refused_after_the_check() {
        let v = verifier();
        let authentic = with_basic(USER, PASSWORD);
        let error = v.parse::<Event>(&authentic, br#"{"id": 7}"#).unwrap_err();
        let WebhookError::InvalidBody { path, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(path, "id");
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert!(matches!(
            v.parse::<Event>(&authentic, b"not json"),
            Err(WebhookError::InvalidBody { .. })
        ));
        // An unauthenticated request is refused as such, whatever its body.
        let error = v
            .parse::<Event>(&with_basic(USER, "x"), b"not json")
            .unwrap_err();
        assert_eq!(error, WebhookError::WrongPassword);
        assert!(error.is_unauthenticated());
        assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn a_verifier_without_usable_secrets_refuses_everything() {
        let anything = with_basic("", "");
        for v in [
            WebhookVerifier::default(),
            WebhookVerifier::basic_auth("", ""),
            WebhookVerifier::basic_auth(USER, ""),
            WebhookVerifier::header("X-Token", ""),
            WebhookVerifier::header("Bad Name", "v"),
        ] {
            assert!(
                matches!(v.check(), Err(WebhookError::NotConfigured(_))),
                "{v:?}"
            );
            let error = v.verify(&anything).unwrap_err();
            assert!(matches!(error, WebhookError::NotConfigured(_)), "{error:?}");
            assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        }
    }

    #[test]
    fn debug_shows_no_secret() {
        let v = verifier().with_header("X-Token", "tok-SECRET");
        let shown = format!("{v:?}");
        for secret in [USER, PASSWORD, "tok-SECRET"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("X-Token"), "{shown}");
    }
}
