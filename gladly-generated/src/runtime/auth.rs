//! Credentials, one [`Auth`] per OpenAPI security scheme kind, and how each is attached
//! to a request.

use reqwest::header::{HeaderName, HeaderValue, COOKIE};

use super::{ApiToken, Error};

/// Where an API key travels (`in` of an OpenAPI `apiKey` security scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A credential the client sends with every request, where its security scheme says.
///
/// Generated builder methods (`basic_auth`, `bearer_auth`, `api_key`, ...) create these
/// from the spec's security schemes; [`ClientBuilder::auth`](crate::ClientBuilder::auth)
/// takes one directly. `Debug` shows user names and key names, never a secret.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Auth {
    /// HTTP Basic: `Authorization: Basic base64(username:password)`.
    Basic {
        /// The user name.
        username: String,
        /// The password (or API token).
        password: ApiToken,
    },
    /// `Authorization: Bearer <token>`, e.g. an OAuth 2 access token or a JWT.
    Bearer {
        /// The token.
        token: ApiToken,
    },
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where it travels.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: String,
        /// The key.
        key: ApiToken,
    },
}

impl Auth {
    /// HTTP Basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<ApiToken>) -> Self {
        Auth::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// A bearer token.
    pub fn bearer(token: impl Into<ApiToken>) -> Self {
        Auth::Bearer {
            token: token.into(),
        }
    }

    /// An API key sent as `name` in `location`.
    pub fn api_key(
        location: KeyLocation,
        name: impl Into<String>,
        key: impl Into<ApiToken>,
    ) -> Self {
        Auth::ApiKey {
            location,
            name: name.into(),
            key: key.into(),
        }
    }

    /// Whether `self` and `other` would be sent in the same place, so that setting one
    /// replaces the other: Basic and Bearer both fill `Authorization`, as would an API
    /// key sent in that header.
    pub(crate) fn same_place(&self, other: &Auth) -> bool {
        let (location, name) = self.place();
        let (other_location, other_name) = other.place();
        location == other_location
            && match location {
                // Header names are case-insensitive; query and cookie names are not.
                KeyLocation::Header => name.eq_ignore_ascii_case(other_name),
                KeyLocation::Query | KeyLocation::Cookie => name == other_name,
            }
    }

    /// Whether this credential travels in the header `name`.
    pub(crate) fn uses_header(&self, name: &reqwest::header::HeaderName) -> bool {
        matches!(self.place(), (KeyLocation::Header, held) if held.eq_ignore_ascii_case(name.as_str()))
    }

    fn place(&self) -> (KeyLocation, &str) {
        match self {
            Auth::Basic { .. } | Auth::Bearer { .. } => (KeyLocation::Header, "authorization"),
            Auth::ApiKey { location, name, .. } => (*location, name),
        }
    }

    /// Refuses what could not be sent, or would be sent empty, without showing secrets.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let empty = |what: &str| {
            Err(Error::Config(format!(
                "the {what} is empty; an empty credential is usually an unset variable"
            )))
        };
        match self {
            Auth::Basic { username, password } => {
                if username.is_empty() {
                    return empty("Basic user name");
                }
                if password.is_empty() {
                    return empty("Basic password");
                }
            }
            Auth::Bearer { token } if token.is_empty() => return empty("bearer token"),
            Auth::Bearer { .. } => {}
            Auth::ApiKey {
                location,
                name,
                key,
            } => {
                if key.is_empty() {
                    return empty(&format!("API key `{name}`"));
                }
                let name_ok = match location {
                    KeyLocation::Header => HeaderName::from_bytes(name.as_bytes()).is_ok(),
                    KeyLocation::Query => !name.is_empty(),
                    KeyLocation::Cookie => {
                        !name.is_empty()
                            && name
                                .bytes()
                                .all(|b| b.is_ascii_graphic() && !b"=;,".contains(&b))
                    }
                };
                if !name_ok {
                    return Err(Error::Config(format!(
                        "`{name}` cannot name an API key in a {location:?}"
                    )));
                }
                if *location != KeyLocation::Query
                    && HeaderValue::from_str(key.expose_secret()).is_err()
                {
                    return Err(Error::Config(format!(
                        "API key `{name}` holds characters a header cannot carry"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Adds the credentials that travel in headers to a request.
pub(crate) fn apply(
    auth: &[Auth],
    mut builder: reqwest::RequestBuilder,
) -> Result<reqwest::RequestBuilder, Error> {
    let mut cookies = Vec::new();
    for credential in auth {
        builder = match credential {
            // reqwest marks these headers sensitive, which keeps them out of its Debug.
            Auth::Basic { username, password } => {
                builder.basic_auth(username, Some(password.expose_secret()))
            }
            Auth::Bearer { token } => builder.bearer_auth(token.expose_secret()),
            Auth::ApiKey {
                location: KeyLocation::Header,
                name,
                key,
            } => builder.header(name.as_str(), secret_header(key.expose_secret())?),
            Auth::ApiKey {
                location: KeyLocation::Cookie,
                name,
                key,
            } => {
                cookies.push(format!("{name}={}", key.expose_secret()));
                builder
            }
            Auth::ApiKey { .. } => builder,
        };
    }
    if !cookies.is_empty() {
        builder = builder.header(COOKIE, secret_header(&cookies.join("; "))?);
    }
    Ok(builder)
}

/// The API keys that travel in the query string, as name and value.
pub(crate) fn query_pairs(auth: &[Auth]) -> impl Iterator<Item = (&str, &str)> {
    auth.iter().filter_map(|credential| match credential {
        Auth::ApiKey {
            location: KeyLocation::Query,
            name,
            key,
        } => Some((name.as_str(), key.expose_secret())),
        _ => None,
    })
}

fn secret_header(value: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        Error::Config("an API key holds characters a header cannot carry".to_owned())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn authorization_schemes_replace_each_other_and_keys_by_place() {
        let basic = Auth::basic("u", "p");
        let bearer = Auth::bearer("t");
        let header = Auth::api_key(KeyLocation::Header, "X-Key", "k");
        assert!(basic.same_place(&bearer));
        assert!(header.same_place(&Auth::api_key(KeyLocation::Header, "x-key", "other")));
        assert!(!header.same_place(&Auth::api_key(KeyLocation::Query, "X-Key", "k")));
        assert!(!header.same_place(&basic));
        assert!(basic.same_place(&Auth::api_key(KeyLocation::Header, "Authorization", "k")));
        let cookie = Auth::api_key(KeyLocation::Cookie, "Session", "k");
        assert!(!cookie.same_place(&Auth::api_key(KeyLocation::Cookie, "session", "k")));
    }

    #[test]
    fn empty_or_unsendable_credentials_are_refused_without_the_secret() {
        for bad in [
            Auth::basic("", "secret-1"),
            Auth::basic("u", ""),
            Auth::bearer(""),
            Auth::api_key(KeyLocation::Header, "bad header", "secret-1"),
            Auth::api_key(KeyLocation::Cookie, "a=b", "secret-1"),
            Auth::api_key(KeyLocation::Header, "X-Key", "secret-1\n"),
        ] {
            let message = bad.check().unwrap_err().to_string();
            assert!(!message.contains("secret-1"), "{message}");
        }
        assert!(Auth::api_key(KeyLocation::Query, "api key", "k")
            .check()
            .is_ok());
    }

    #[test]
    fn debug_hides_every_secret() {
        let text = format!(
            "{:?}",
            [
                Auth::basic("user", "secret-1"),
                Auth::bearer("secret-2"),
                Auth::api_key(KeyLocation::Cookie, "session", "secret-3"),
            ]
        );
        assert!(!text.contains("secret-"), "{text}");
        assert!(text.contains("user") && text.contains("session"), "{text}");
    }
}
