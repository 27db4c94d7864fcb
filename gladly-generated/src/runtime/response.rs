//! A decoded response body together with its status and headers.

use reqwest::{header::HeaderMap, StatusCode};

use super::headers::{self, RateLimit};

/// A successful response: the decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
    /// The API's limited-data header, from its description.
    limited_data_header: Option<&'static str>,
}

impl<T> Response<T> {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: T,
        limited_data_header: Option<&'static str>,
    ) -> Self {
        Self {
            status,
            headers,
            body,
            limited_data_header,
        }
    }

    #[cfg(feature = "test-util")]
    pub(crate) fn set_limited_data_header(&mut self, name: Option<&'static str>) {
        self.limited_data_header = name;
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
            limited_data_header: self.limited_data_header,
        }
    }

    /// The `Location` header, which APIs commonly set on `201 Created` to the new resource.
    pub fn location(&self) -> Option<&str> {
        headers::location(&self.headers)
    }

    /// Whether the API cut a list short: more items exist than were returned. Read from
    /// the header the generator's settings for the API name (`limited-data-header`);
    /// always false for an API without one.
    pub fn is_limited_data(&self) -> bool {
        headers::limited_data(&self.headers, self.limited_data_header)
    }

    /// The rate limit as of this response (`Ratelimit-Limit-Second`,
    /// `Ratelimit-Remaining-Second`), when the API sent both headers.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        headers::rate_limit(&self.headers)
    }
}
