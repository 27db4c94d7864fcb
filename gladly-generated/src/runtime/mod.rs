//! Hand-written runtime that the generated operations call into: the [`Client`], its
//! builder, authentication, URL building, retries, errors and response bodies.
//!
//! Nothing in this module is generated, and nothing in it is specific to one API: what
//! the spec says about servers and security schemes reaches it as a generated
//! description (`src/generated/client.rs`), written only by `cargo xtask codegen`.

mod api_errors;
mod auth;
mod builder;
mod byte_stream;
mod client;
mod decode;
mod description;
mod env;
mod error;
mod headers;
mod json_lines;
mod list;
mod map;
/// Reading structs that keep the properties their schema does not declare.
pub(crate) mod open_object;
mod path;
pub(crate) mod read_only;
mod request;
mod response;
mod retry;
mod secret;
mod servers;
#[cfg(feature = "test-util")]
mod test_double;
#[cfg(feature = "test-util")]
mod test_util;
mod timestamp;
mod transport;
mod webhook;
/// (De)serialisation the generated types share.
pub(crate) mod wire;

#[cfg(test)]
mod tests;

pub use api_errors::{ApiErrorDetail, ApiErrors};
pub use auth::{Auth, KeyLocation};
pub use builder::ClientBuilder;
pub use byte_stream::ByteStream;
pub use client::Client;
pub use error::Error;
pub use headers::RateLimit;
pub use json_lines::{JsonLines, DEFAULT_MAX_LINE_LENGTH};
#[allow(unused_imports)]
pub(crate) use list::{strictly, Strictly};
pub use list::{List, Undecoded};
pub use map::Map;
pub use request::RequestOptions;
pub use response::Response;
pub use retry::{RetryPolicy, MAX_ATTEMPTS_CAP};
pub use secret::ApiToken;
#[cfg(feature = "test-util")]
#[allow(unused_imports)]
// Used by the generated table of operations the test double serves; which of them
// depends on the spec (none without operations).
pub(crate) use test_double::{JsonKind, TestBody, TestExample, TestField, TestOperation};
#[cfg(feature = "test-util")]
pub use test_double::{RecordedRequest, TestDouble};
pub use timestamp::{Date, Timestamp};
pub use transport::TransportError;
pub use webhook::{WebhookError, WebhookVerifier};

#[allow(unused_imports)]
// Used by the generated `client.rs`, which describes the API's servers and schemes.
pub(crate) use description::{ApiDescription, SchemeKind, SecurityScheme, Server, ServerVariable};
#[allow(unused_imports)]
// Used by the generated operations, absent before the first codegen run.
pub(crate) use request::Request;
#[allow(unused_imports)]
// Used by the generated webhook functions, absent for specs without webhooks.
pub(crate) use webhook::parse_body as parse_webhook_body;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
