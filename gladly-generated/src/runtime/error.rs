//! The one error type of the client.

use bytes::Bytes;
use reqwest::{header::HeaderMap, StatusCode};

/// Everything that can go wrong when calling the Gladly API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built from the settings given.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request could not be sent or the response not read (DNS, TLS, timeout, reset).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// Gladly answered with a status outside 2xx.
    #[error("Gladly answered {status}")]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The response body, exactly as received.
        body: Bytes,
    },
    /// A 2xx response body did not match the type the spec describes.
    #[error("could not decode the response body at `{path}`: {message}")]
    Decode {
        /// The JSON path of the field that failed, e.g. `.content.type`.
        path: String,
        /// What was wrong with it.
        message: String,
        /// The response body, exactly as received.
        body: Bytes,
    },
    /// The request body could not be serialised to JSON.
    #[error("could not serialise the request body: {0}")]
    Serialize(#[source] serde_json::Error),
}

impl Error {
    /// The HTTP status, for errors that came with a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
}
