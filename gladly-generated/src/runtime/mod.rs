//! Hand-written runtime that the generated operations call into: the [`Client`],
//! authentication, URL building, retries, errors and response bodies.
//!
//! Nothing in this module is generated; `src/generated/` is written only by
//! `cargo xtask codegen`.

mod api_errors;
mod builder;
mod byte_stream;
mod client;
mod decode;
mod env;
mod error;
mod headers;
mod json_lines;
mod path;
mod request;
mod response;
mod retry;
mod secret;

#[cfg(test)]
mod tests;

pub use api_errors::{ApiErrorDetail, ApiErrors};
pub use builder::{ClientBuilder, Environment};
pub use byte_stream::ByteStream;
pub use client::Client;
pub use error::Error;
pub use headers::RateLimit;
pub use json_lines::{JsonLines, DEFAULT_MAX_LINE_LENGTH};
pub use request::RequestOptions;
pub use response::Response;
pub use retry::{RetryPolicy, MAX_ATTEMPTS_CAP};
pub use secret::ApiToken;

#[allow(unused_imports)]
// Used by the generated operations, absent before the first codegen run.
pub(crate) use request::Request;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
