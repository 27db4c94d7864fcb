//! The one error type of the client.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::{header::HeaderMap, StatusCode};

use super::api_errors::ApiErrors;
use super::headers::{self, RateLimit};
use super::TransportError;

/// Everything that can go wrong when calling the API.
///
/// The variants separate the three questions a caller asks: did the request reach
/// the server ([`Transport`](Error::Transport)), what did the server refuse and why
/// ([`Api`](Error::Api), [`Moved`](Error::Moved)), and did the answer have the
/// shape the spec promises ([`Decode`](Error::Decode), [`Line`](Error::Line)).
///
/// No variant's `Display` or `Debug` contains the API token: it is only ever held as
/// an [`ApiToken`](crate::ApiToken) and sent in a header marked sensitive.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built from the settings given, or a request could not be
    /// formed from its parameters.
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// A path parameter would have changed which resource the request addresses (it
    /// is empty, `.` or `..`) or was not given, so the request was not sent.
    #[error("path parameter `{name}` is invalid: {reason}")]
    InvalidPathParameter {
        /// The parameter's name in the path template.
        name: &'static str,
        /// Why it was refused.
        reason: &'static str,
    },

    /// The request could not be sent or the response not read (DNS, TLS, connect or
    /// read timeout, connection reset). Retried for idempotent requests.
    #[error("transport error: {0}")]
    Transport(#[source] TransportError),

    /// The server answered with a status outside 2xx (after any retries).
    #[error("the server answered {status}{}", summary(.errors))]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers (rate limit, `Retry-After`, ...).
        headers: Box<HeaderMap>,
        /// The body parsed as the API's error body, `{"errors": [...]}`, when the body
        /// has that shape.
        errors: Option<ApiErrors>,
        /// The response body exactly as received (the first MiB of it).
        body: Bytes,
    },

    /// The server answered `301 Moved Permanently` (or `308`): the resource moved, e.g. a
    /// customer was merged into another one. Redirects are never followed silently,
    /// because the caller usually has to update its own record of the id (and following
    /// one could send credentials to another host).
    #[error(
        "the server answered {status}: the resource moved{}",
        .new_id.as_deref().map(|id| format!(" to id `{id}`")).unwrap_or_default()
    )]
    Moved {
        /// The HTTP status, `301` or `308`.
        status: StatusCode,
        /// The `Location` header as sent.
        location: Option<String>,
        /// The new customer id, from the error body's `meta.new`, a body `"id"` or the
        /// `Location` header.
        new_id: Option<String>,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The response body exactly as received (the first MiB of it).
        body: Bytes,
    },

    /// A 2xx response body did not match the type the spec describes. The response's
    /// status and headers are kept, so its rate limit is still known.
    #[error("could not decode the response body at `{path}`: {message}")]
    Decode {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The response headers (rate limit, ...).
        headers: Box<HeaderMap>,
        /// The JSON path of the field that failed, e.g. `.content.type`; `.` for the
        /// document itself.
        path: String,
        /// What was wrong with it.
        message: String,
        /// The response body exactly as received.
        body: Bytes,
    },

    /// One line of a JSON-lines body did not decode. The stream goes on with the next
    /// line.
    #[error("could not decode line {line} at `{path}`: {message}")]
    Line {
        /// The 1-based line number in the body.
        line: u64,
        /// The JSON path of the field that failed.
        path: String,
        /// What was wrong with it.
        message: String,
        /// The line exactly as received, without its line ending.
        raw: Bytes,
    },

    /// One line of a JSON-lines body was longer than the limit, so it was skipped
    /// without being buffered whole. The stream goes on with the next line.
    #[error("line {line} is longer than {limit} bytes")]
    LineTooLong {
        /// The 1-based line number in the body.
        line: u64,
        /// The limit, see [`JsonLines::max_line_length`](crate::JsonLines::max_line_length).
        limit: usize,
    },

    /// The request body could not be serialised to JSON.
    #[error("could not serialise the request body: {0}")]
    Serialize(#[source] serde_json::Error),
}

fn summary(errors: &Option<ApiErrors>) -> String {
    match errors {
        Some(errors) if !errors.errors.is_empty() => format!(": {errors}"),
        _ => String::new(),
    }
}

impl Error {
    /// Wraps a failure of the HTTP library.
    pub(crate) fn transport(error: reqwest::Error) -> Self {
        Error::Transport(TransportError::new(error))
    }

    /// The HTTP status, for errors that came with a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::Moved { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// The response headers, for errors that came with a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::Moved { headers, .. }
            | Error::Decode { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The raw body of the response (or line) the error is about.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::Api { body, .. } | Error::Moved { body, .. } | Error::Decode { body, .. } => {
                Some(body)
            }
            Error::Line { raw, .. } => Some(raw),
            _ => None,
        }
    }

    /// The parsed entries of the API's error body, `{"errors": [...]}`, for an
    /// [`Error::Api`] whose body had that shape.
    pub fn api_errors(&self) -> Option<&ApiErrors> {
        match self {
            Error::Api { errors, .. } => errors.as_ref(),
            _ => None,
        }
    }

    /// The id a merged customer now has, for [`Error::Moved`].
    pub fn new_id(&self) -> Option<&str> {
        match self {
            Error::Moved { new_id, .. } => new_id.as_deref(),
            _ => None,
        }
    }

    /// The `Location` header, for [`Error::Moved`].
    pub fn location(&self) -> Option<&str> {
        match self {
            Error::Moved { location, .. } => location.as_deref(),
            _ => None,
        }
    }

    /// The rate limit the API reported with the failed response, typically a `429`.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.headers().and_then(headers::rate_limit)
    }

    /// How long the server asked to wait (`Retry-After`), measured from now.
    pub fn retry_after(&self) -> Option<Duration> {
        self.headers()
            .and_then(|h| headers::retry_after(h, SystemTime::now()))
    }

    /// Whether the error is a timeout (connect, read or whole request).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    /// Whether sending the same request again may succeed: rate limits, gateway errors
    /// and failures on the wire. The retry policy only retries these.
    pub fn is_retryable(&self) -> bool {
        self.retry_reason().is_some()
    }

    /// A short label for logs of why a retry happens; never includes URLs or bodies.
    pub(crate) fn retry_reason(&self) -> Option<&'static str> {
        match self {
            Error::Api { status, .. } => match status.as_u16() {
                429 => Some("rate limited"),
                502 => Some("bad gateway"),
                503 => Some("service unavailable"),
                504 => Some("gateway timeout"),
                _ => None,
            },
            Error::Transport(e) if e.is_connect() => Some("connect failed"),
            Error::Transport(e) if e.is_timeout() => Some("timed out"),
            // Sending or reading failed midway, e.g. a pooled connection the server had
            // already closed.
            Error::Transport(e) if e.is_connection_lost() => Some("connection failed"),
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn error_is_small_and_thread_safe() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
        // Results of this type are returned everywhere; keep them cheap to move.
        assert!(
            std::mem::size_of::<Error>() <= 128,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn display_summarises_parsed_errors() {
        let error = Error::Api {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            headers: Box::default(),
            errors: ApiErrors::parse(br#"{"errors":[{"attr":"name","code":"taken"}]}"#),
            body: Bytes::new(),
        };
        assert_eq!(
            error.to_string(),
            "the server answered 422 Unprocessable Entity: name: taken"
        );
    }
}
