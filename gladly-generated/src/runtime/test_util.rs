//! Public constructors for the values operations return, behind the `test-util`
//! feature: with them, code that calls the client can be tested against fakes
//! (a trait of your own in front of the client, a mock of it) without a server.
//!
//! Each builds exactly what the client builds from a real answer, so the accessors
//! (`rate_limit()`, `new_id()`, `api_errors()`, ...) behave as they would in
//! production.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Serialize;

use super::client::error_from_parts;
use super::{ByteStream, Error, JsonLines, Response};

impl<T> Response<T> {
    /// A response as an operation returns it: `body` decoded, with this status and
    /// these headers.
    ///
    /// [`is_limited_data`](Response::is_limited_data) reads no header unless
    /// [`with_limited_data_header`](Response::with_limited_data_header) names it (the
    /// client takes the name from the spec's settings, which a fake cannot see).
    pub fn from_parts(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response::new(status, headers, body, None)
    }

    /// Names the header [`is_limited_data`](Response::is_limited_data) reads, e.g.
    /// `Gladly-Limited-Data`.
    pub fn with_limited_data_header(mut self, name: &'static str) -> Self {
        self.set_limited_data_header(Some(name));
        self
    }
}

impl ByteStream {
    /// A body that is already whole, e.g. a CSV report, with the `Content-Type` an
    /// operation would have seen.
    pub fn from_bytes(content_type: Option<&str>, body: impl Into<Bytes>) -> Self {
        let body: Bytes = body.into();
        let length = u64::try_from(body.len()).ok();
        let chunks = futures::stream::iter((!body.is_empty()).then_some(Ok(body)));
        ByteStream::new(content_type.map(str::to_owned), length, chunks)
    }

    /// A body delivered in these chunks, in order; an `Err` item is a transport
    /// failure in the middle of the body.
    pub fn from_chunks(
        content_type: Option<&str>,
        chunks: impl IntoIterator<Item = Result<Bytes, Error>>,
    ) -> Self {
        let chunks: Vec<Result<Bytes, Error>> = chunks.into_iter().collect();
        ByteStream::new(
            content_type.map(str::to_owned),
            None,
            futures::stream::iter(chunks),
        )
    }
}

impl<T> JsonLines<T> {
    /// A JSON-lines body holding these items, one per line, decoded again as `T`
    /// when read (so a fake goes through the same decoding as a real feed).
    ///
    /// Fails with [`Error::Serialize`] for an item serde_json cannot write (a map
    /// with non-string keys).
    pub fn from_items<I>(items: I) -> Result<Self, Error>
    where
        I: IntoIterator,
        I::Item: Serialize,
    {
        let mut body = Vec::new();
        for item in items {
            serde_json::to_writer(&mut body, &item).map_err(Error::Serialize)?;
            body.push(b'\n');
        }
        Ok(Self::from_bytes(body))
    }

    /// A JSON-lines body from its raw text, e.g. to test how malformed lines
    /// ([`Error::Line`]) are handled.
    pub fn from_bytes(body: impl Into<Bytes>) -> Self {
        JsonLines::new(ByteStream::from_bytes(
            Some("application/x-jsonlines"),
            body,
        ))
    }
}

impl Error {
    /// The error an operation returns when the server answers `status` with `body`:
    /// [`Error::Api`] with the body's `{"errors": [...]}` parsed, or [`Error::Moved`]
    /// (with [`new_id`](Error::new_id)) for `301` and `308`.
    ///
    /// ```
    /// use gladly_generated::reqwest::StatusCode;
    /// let error = gladly_generated::Error::api(
    ///     StatusCode::CONFLICT,
    ///     r#"{"errors":[{"attr":"email","code":"taken","detail":"in use"}]}"#,
    /// );
    /// assert_eq!(error.status(), Some(StatusCode::CONFLICT));
    /// assert_eq!(error.api_errors().unwrap().errors[0].code.as_deref(), Some("taken"));
    /// ```
    pub fn api(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self::api_with_headers(status, HeaderMap::new(), body)
    }

    /// Like [`api`](Error::api), with response headers: `Retry-After` and the rate
    /// limit headers for a `429`, `Location` for a `301`.
    pub fn api_with_headers(
        status: StatusCode,
        headers: HeaderMap,
        body: impl Into<Bytes>,
    ) -> Self {
        error_from_parts(status, headers, body.into())
    }
}
