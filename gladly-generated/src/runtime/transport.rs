//! [`TransportError`]: a failure on the wire, without the HTTP library in its type.

use std::fmt;

use reqwest::StatusCode;

/// The request could not be sent or its response not read: DNS, TLS, connect or read
/// timeout, a connection reset.
///
/// It wraps the HTTP library's error without naming it, so [`Error`](crate::Error)
/// keeps its shape when that library moves to a new major version. The predicates
/// answer what callers usually ask; the underlying error is the
/// [`source`](std::error::Error::source), for logs and for
/// `downcast_ref::<gladly_generated::reqwest::Error>()` when its details matter.
pub struct TransportError(reqwest::Error);

impl TransportError {
    pub(crate) fn new(error: reqwest::Error) -> Self {
        Self(error)
    }

    /// Whether a timeout ran out: connect, read, or the whole request.
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }

    /// Whether no connection could be made (DNS, refused, TLS handshake).
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }

    /// Whether the connection failed while the request was sent or the body read,
    /// e.g. a pooled connection the server had already closed.
    pub fn is_connection_lost(&self) -> bool {
        self.0.is_request() || self.0.is_body()
    }

    /// The HTTP status, in the rare case the failure came with one.
    pub fn status(&self) -> Option<StatusCode> {
        self.0.status()
    }

    /// What kind of failure it was, for `Display`; the details are in the source.
    fn kind(&self) -> &'static str {
        let e = &self.0;
        if e.is_timeout() {
            "timed out"
        } else if e.is_connect() {
            "could not connect"
        } else if e.is_builder() {
            "could not set up the HTTP client or request"
        } else if e.is_redirect() {
            "redirect refused"
        } else if e.is_body() || e.is_decode() {
            "reading the response failed"
        } else if e.is_request() {
            "sending the request failed"
        } else {
            "HTTP failure"
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind())
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
