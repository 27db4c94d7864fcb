//! Hand-written runtime that the generated operations call into: the [`Client`],
//! authentication, URL building, errors and response bodies.
//!
//! Nothing in this module is generated; `src/generated/` is written only by
//! `cargo xtask codegen`.

mod client;
mod error;
mod path;
mod request;
mod response;
mod stream;

pub use client::{Client, ClientBuilder, Environment};
pub use error::Error;
pub use request::RequestOptions;
pub use response::Response;
pub use stream::{ByteStream, JsonLines};

pub(crate) use request::Request;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
