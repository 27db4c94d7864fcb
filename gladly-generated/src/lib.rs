//! Typed async client for the [Gladly REST API](https://developer.gladly.com/rest/),
//! generated from Gladly's OpenAPI specification.
//!
//! ```no_run
//! # async fn run() -> Result<(), gladly_generated::Error> {
//! let client = gladly_generated::Client::builder()
//!     .organization("acme") // https://acme.gladly.com; .sandbox() for gladly.qa
//!     .basic_auth("api-user@acme.com", "api-token")
//!     .build()?;
//! let agents = client.get_agents().await?;
//! println!("{} agents", agents.len());
//! # Ok(())
//! # }
//! ```
//!
//! Every operation is a method on [`Client`] that returns a request builder: set
//! optional parameters on it, then `.await` it for the body or call
//! `.send_with_response()` for the status and headers too.
//!
//! - [`types`]: the request and response bodies. A type with required fields has no
//!   `Default`, so a request cannot be sent without them; its `new` takes them, and
//!   struct update syntax sets the optional ones:
//!
//!   ```
//!   use gladly_generated::types::{CreateTask, TaskAssignee};
//!
//!   let task = CreateTask {
//!       id: Some("task-1".into()),
//!       ..CreateTask::new(
//!           TaskAssignee::new("inbox-1"),
//!           "Call the customer back",
//!           "2030-01-01T00:00:00.000Z",
//!       )
//!   };
//!   assert_eq!(task.body, "Call the customer back");
//!   ```
//!
//!   Leaving a required field out does not compile:
//!
//!   ```compile_fail
//!   use gladly_generated::types::CreateTask;
//!
//!   // `CreateTask` requires `assignee`, `body` and `due_at`: it has no `Default`.
//!   let task = CreateTask { id: Some("task-1".into()), ..Default::default() };
//!   ```
//! - [`operations`]: the request builders.
//! - [`webhook`]: the payloads Gladly sends to your webhook endpoint, and
//!   `receive_webhook_event`, which checks a request's credentials with a
//!   [`WebhookVerifier`] before parsing it.
//!
//! `RUNTIME.md` describes the client's behaviour: retries, errors, timeouts, your own
//! HTTP client ([`ClientBuilder::http_client`]), webhook verification, and the
//! `test-util` feature: constructors for faking answers, and `TestDouble`, a local
//! server that stands in for the API in tests.

pub mod runtime;

/// The README's code blocks, compiled and run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

// Generated files are formatted by the generator (prettyplease), not by rustfmt;
// `cargo xtask codegen --check` guards them instead.
#[rustfmt::skip]
mod generated;

pub use generated::{operations, types, webhook};

/// The HTTP library the client is built on, re-exported so that a client given to
/// [`ClientBuilder::http_client`] is built with the same version this crate uses.
pub use reqwest;

/// The date and time library behind [`Timestamp`] and [`Date`], re-exported so that the
/// values they convert to ([`jiff::Timestamp`], [`jiff::civil::Date`],
/// [`jiff::ZonedDateTime`]) and the time zones they take are of the version this crate
/// uses.
pub use jiff;

#[cfg(feature = "type-registry")]
#[doc(hidden)]
pub use generated::registry;
pub use runtime::{
    ApiErrorDetail, ApiErrors, ApiToken, Auth, ByteStream, Client, ClientBuilder, Date, Error,
    JsonLines, KeyLocation, List, Map, RateLimit, RequestOptions, Response, Result, RetryPolicy,
    Timestamp, TransportError, Undecoded, WebhookError, WebhookVerifier,
};
#[cfg(feature = "test-util")]
pub use runtime::{RecordedRequest, TestDouble};
