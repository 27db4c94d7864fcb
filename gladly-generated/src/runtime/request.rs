//! The description of one API call that a generated operation hands to the [`Client`].

use reqwest::Method;
use serde::Serialize;

use super::Error;

/// Options that apply to a single request, set on an operation builder with
/// `.with_options(...)`.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Replaces the client's request timeout for this request.
    pub timeout: Option<std::time::Duration>,
}

impl RequestOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a timeout for the whole request (connect, send and read the body).
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// A request body, already serialised.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Json(Vec<u8>),
}

/// One API call: method, path template, parameters and body.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The path as the spec names it, e.g. `/api/v1/tasks/{taskId}`.
    pub(crate) path_template: &'static str,
    pub(crate) path_params: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) options: RequestOptions,
}

impl Request {
    pub(crate) fn new(method: Method, path_template: &'static str) -> Self {
        Self {
            method,
            path_template,
            path_params: Vec::new(),
            query: Vec::new(),
            body: None,
            options: RequestOptions::default(),
        }
    }

    pub(crate) fn path_param(mut self, name: &'static str, value: impl ToString) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    pub(crate) fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    pub(crate) fn json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body).map_err(Error::Serialize)?;
        self.body = Some(Body::Json(bytes));
        Ok(self)
    }

    pub(crate) fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }
}
