//! A decoded response body together with its status and headers.

use reqwest::{header::HeaderMap, StatusCode};

use super::headers::{self, RateLimit};

/// A successful response: the decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, mutably (e.g. to poll a stream without taking it).
    pub fn body_mut(&mut self) -> &mut T {
        &mut self.body
    }

    /// Takes the decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Replaces the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }

    /// The `Location` header, which Gladly sets on `201 Created` to the new resource.
    pub fn location(&self) -> Option<&str> {
        headers::location(&self.headers)
    }

    /// Whether Gladly truncated a list (`Gladly-Limited-Data`): more items exist than
    /// were returned, e.g. a customer with more than the returned conversations.
    pub fn is_limited_data(&self) -> bool {
        headers::limited_data(&self.headers)
    }

    /// The organization's rate limit as of this response (`Ratelimit-Limit-Second`,
    /// `Ratelimit-Remaining-Second`), when Gladly sent both headers.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        headers::rate_limit(&self.headers)
    }
}
