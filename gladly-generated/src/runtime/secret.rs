//! Secrets (passwords, tokens, API keys), kept out of every log line, `Debug` dump and
//! error message.

use std::fmt;

/// A secret: a password, bearer token or API key.
///
/// Its `Debug` and `Display` both print `<redacted>`, so a secret cannot leak through
/// `{:?}` of a client or builder, a panic message or a log line by accident. Read it
/// with [`ApiToken::expose_secret`] only where it must be sent.
#[derive(Clone, Default)]
pub struct ApiToken(String);

impl ApiToken {
    /// Wraps a secret.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The secret in clear text. Named so that every use stands out in review.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for ApiToken {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for ApiToken {
    fn from(token: &str) -> Self {
        Self(token.to_owned())
    }
}

impl From<Box<str>> for ApiToken {
    fn from(token: Box<str>) -> Self {
        Self(token.into())
    }
}

impl From<std::borrow::Cow<'_, str>> for ApiToken {
    fn from(token: std::borrow::Cow<'_, str>) -> Self {
        Self(token.into_owned())
    }
}

impl From<&String> for ApiToken {
    fn from(token: &String) -> Self {
        Self(token.clone())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_token() {
        let token = ApiToken::new("s3cr3t-token");
        assert_eq!(format!("{token:?}"), "<redacted>");
        assert_eq!(format!("{token}"), "<redacted>");
        assert_eq!(format!("{:#?}", Some(&token)), "Some(\n    <redacted>,\n)");
        assert_eq!(token.expose_secret(), "s3cr3t-token");
    }
}
