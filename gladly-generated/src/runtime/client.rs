//! The [`Client`]: sends a [`Request`], retries what is safe to retry, and turns the
//! answer into a [`Response`] or an [`Error`].

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use super::api_errors::{moved_to, ApiErrors};
use super::path::fill_template;
use super::request::Request;
use super::{auth, decode, headers};
use super::{Auth, ByteStream, Error, JsonLines, Response, RetryPolicy, TransportError};

/// How much of an error body is kept: enough for any error document, while a
/// misbehaving proxy cannot make the client buffer an endless page.
const MAX_ERROR_BODY: usize = 1024 * 1024;

const ACCEPT_JSON: &str = "application/json";
const ACCEPT_JSON_LINES: &str =
    "application/x-jsonlines, application/x-ndjson, application/json;q=0.9, */*;q=0.1";
const ACCEPT_ANY: &str = "*/*";

/// An authenticated connection to one server of the API.
///
/// Create one with `Client::builder()` or `Client::from_env()` (generated from the
/// spec's servers and security schemes). Cheap to clone: clones share one connection
/// pool and configuration. `Debug` shows the base URL and user names, never a secret.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    pub(crate) base: Url,
    pub(crate) auth: Vec<Auth>,
    /// Sent with every request unless the request sets the same header.
    pub(crate) default_headers: HeaderMap,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// The API's limited-data header, which every [`Response`] reads.
    pub(crate) limited_data_header: Option<&'static str>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("auth", &self.inner.auth)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// What a successful response is read into before it is handed back.
enum Body {
    /// Read whole inside the retry loop, so a connection lost mid-body is retried.
    Buffered,
    /// Handed over as soon as the headers arrive; never retried after that.
    Streamed,
}

impl Client {
    /// The base URL requests go to, e.g. `https://api.example.com/v1`.
    pub fn base_url(&self) -> &str {
        self.inner.base.as_str().trim_end_matches('/')
    }

    /// The retry policy requests use unless their options say otherwise.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    #[allow(dead_code)] // Used by whichever generated operations return JSON.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Response<T>, Error> {
        let (status, headers, body) = self
            .execute(
                request,
                ACCEPT_JSON,
                Body::Buffered,
                |response| async move {
                    let (status, headers) = (response.status(), response.headers().clone());
                    let body = response.bytes().await.map_err(Error::transport)?;
                    Ok((status, headers, body))
                },
            )
            .await?;
        match decode::from_slice(&body) {
            Ok(value) => Ok(Response::new(
                status,
                headers,
                value,
                self.inner.limited_data_header,
            )),
            Err(failure) => Err(Error::Decode {
                status,
                headers: Box::new(headers),
                path: failure.path,
                message: failure.message,
                body,
            }),
        }
    }

    #[allow(dead_code)] // Used by whichever generated operations return no body.
    pub(crate) async fn send_empty(&self, request: Request) -> Result<Response<()>, Error> {
        let limited = self.inner.limited_data_header;
        self.execute(
            request,
            ACCEPT_JSON,
            Body::Buffered,
            |response| async move {
                let (status, headers) = (response.status(), response.headers().clone());
                discard_body(response).await?;
                Ok(Response::new(status, headers, (), limited))
            },
        )
        .await
    }

    /// For operations whose answer *is* a redirect (`303 See Other` to a file): returns
    /// the `Location` it points to, which is not followed.
    #[allow(dead_code)] // Used by whichever generated operations answer with a redirect.
    pub(crate) async fn send_redirect(
        &self,
        mut request: Request,
    ) -> Result<Response<String>, Error> {
        request.redirect_is_answer = true;
        let limited = self.inner.limited_data_header;
        self.execute(
            request,
            ACCEPT_JSON,
            Body::Buffered,
            |response| async move {
                let (status, headers) = (response.status(), response.headers().clone());
                let location = headers
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                discard_body(response).await?;
                match location {
                    Some(location) => Ok(Response::new(status, headers, location, limited)),
                    None => Err(Error::Decode {
                        status,
                        headers: Box::new(headers),
                        path: "Location".to_owned(),
                        message: format!("a {status} answer without a Location header"),
                        body: Bytes::new(),
                    }),
                }
            },
        )
        .await
    }

    #[allow(dead_code)] // Used by whichever generated operations return files.
    pub(crate) async fn send_bytes(&self, request: Request) -> Result<Response<ByteStream>, Error> {
        let limited = self.inner.limited_data_header;
        self.execute(request, ACCEPT_ANY, Body::Streamed, |response| async move {
            let (status, headers) = (response.status(), response.headers().clone());
            Ok(Response::new(
                status,
                headers,
                ByteStream::from_response(response),
                limited,
            ))
        })
        .await
    }

    #[allow(dead_code)] // Used by whichever generated operations return JSON lines.
    pub(crate) async fn send_json_lines<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Response<JsonLines<T>>, Error> {
        let limited = self.inner.limited_data_header;
        self.execute(
            request,
            ACCEPT_JSON_LINES,
            Body::Streamed,
            |response| async move {
                let (status, headers) = (response.status(), response.headers().clone());
                let lines = JsonLines::new(ByteStream::from_response(response));
                Ok(Response::new(status, headers, lines, limited))
            },
        )
        .await
    }

    /// Sends `request` until it succeeds, fails for good, or the retry policy gives up;
    /// `on_success` turns a 2xx response into the output.
    async fn execute<O, F, Fut>(
        &self,
        request: Request,
        accept: &'static str,
        body: Body,
        on_success: F,
    ) -> Result<O, Error>
    where
        F: Fn(reqwest::Response) -> Fut,
        Fut: Future<Output = Result<O, Error>>,
    {
        // Only the template is recorded: filled paths and queries can hold customer data.
        let span = tracing::info_span!(
            "api.request",
            method = %request.method,
            path = request.path_template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        // Recorded through a handle rather than `Span::current()`, which depends on the
        // subscriber tracking which span is entered.
        let recorder = span.clone();
        async {
            let url = self.url_for(&request)?;
            let policy = request.options.retry.as_ref().unwrap_or(&self.inner.retry);
            let method_retryable = policy.permits(&request.method);
            let mut rng = fastrand::Rng::new();
            let mut attempt: u32 = 1;
            loop {
                recorder.record("attempt", attempt);
                let attempted = self.attempt(&request, &url, accept, &body, &recorder, &on_success);
                let error = match attempted.await {
                    Ok(output) => return Ok(output),
                    Err(error) => error,
                };
                let retry = match error.retry_reason() {
                    Some(reason) if method_retryable => policy
                        .delay(attempt, error.retry_after(), &mut rng)
                        .map(|delay| (reason, delay)),
                    _ => None,
                };
                let Some((reason, delay)) = retry else {
                    return Err(error);
                };
                tracing::info!(
                    attempt,
                    reason,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    "retrying request"
                );
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        }
        .instrument(span)
        .await
    }

    /// One try: send, then read a success with `on_success` or turn a failure into an
    /// [`Error`].
    async fn attempt<O, F, Fut>(
        &self,
        request: &Request,
        url: &Url,
        accept: &'static str,
        body: &Body,
        span: &tracing::Span,
        on_success: &F,
    ) -> Result<O, Error>
    where
        F: Fn(reqwest::Response) -> Fut,
        Fut: Future<Output = Result<O, Error>>,
    {
        let inner = &self.inner;
        let mut builder = inner
            .http
            .request(request.method.clone(), url.clone())
            .header(ACCEPT, HeaderValue::from_static(accept));
        builder = auth::apply(&inner.auth, builder)?;
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static(request.content_type))
                .body(body.clone());
        }
        if let Some(fields) = &request.multipart {
            // A multipart form is consumed by sending, so each attempt builds its own.
            let form = fields
                .iter()
                .fold(reqwest::multipart::Form::new(), |form, (name, value)| {
                    form.text(name.clone(), value.clone())
                });
            builder = builder.multipart(form);
        }
        match (request.options.timeout, body) {
            (Some(timeout), _) => builder = builder.timeout(timeout),
            (None, Body::Buffered) => builder = builder.timeout(inner.timeout),
            (None, Body::Streamed) => {}
        }
        // Built first so that default headers fill only the names the request left
        // unset.
        let hide_url = || auth::query_pairs(&inner.auth).next().is_some();
        let transport = |error: reqwest::Error| {
            // Its URL would show the API keys sent in the query string.
            Error::Transport(TransportError::new(if hide_url() {
                error.without_url()
            } else {
                error
            }))
        };
        let mut built = builder.build().map_err(transport)?;
        for (name, value) in &inner.default_headers {
            if !built.headers().contains_key(name) {
                built.headers_mut().insert(name.clone(), value.clone());
            }
        }
        let mut response = inner.http.execute(built).await.map_err(transport)?;
        headers::hide_secrets(response.headers_mut());
        let status = response.status();
        span.record("status", status.as_u16());
        if status.is_success() || (request.redirect_is_answer && status.is_redirection()) {
            on_success(response).await
        } else {
            Err(error_from_response(response).await)
        }
    }

    /// The full URL, built once so that nothing downstream re-parses (and possibly
    /// re-normalises) the encoded path.
    fn url_for(&self, request: &Request) -> Result<Url, Error> {
        let path = fill_template(request.path_template, &request.path_params)?;
        let expected = format!("{}{}", self.inner.base.path().trim_end_matches('/'), path);
        let mut url = self.inner.base.clone();
        url.set_path(&expected);
        // Encoding already rules this out; checking makes it a guarantee.
        if url.path() != expected {
            return Err(Error::Config(format!(
                "path `{}` would be normalised to another path",
                request.path_template
            )));
        }
        let mut keys = auth::query_pairs(&self.inner.auth).peekable();
        if !request.query.is_empty() || keys.peek().is_some() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (k.as_ref(), v.as_str())))
                .extend_pairs(keys);
        }
        Ok(url)
    }
}

/// Reads a non-2xx response into [`Error::Moved`] or [`Error::Api`].
/// Reads a body nobody needs to its end, which lets the connection be reused; chunk by
/// chunk, so that it is never held in memory.
async fn discard_body(mut response: reqwest::Response) -> Result<(), Error> {
    while response.chunk().await.map_err(Error::transport)?.is_some() {}
    Ok(())
}

async fn error_from_response(mut response: reqwest::Response) -> Error {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = read_capped(&mut response, MAX_ERROR_BODY).await;
    error_from_parts(status, headers, body)
}

/// The error a non-2xx answer is: [`Error::Moved`] for `301`/`308`, else [`Error::Api`].
pub(crate) fn error_from_parts(status: StatusCode, headers: HeaderMap, body: Bytes) -> Error {
    let headers = Box::new(headers);
    let errors = ApiErrors::parse(&body);
    if matches!(
        status,
        StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
    ) {
        let location = headers::location(&headers).map(str::to_owned);
        let new_id = moved_to(errors.as_ref(), &body, location.as_deref());
        return Error::Moved {
            status,
            location,
            new_id,
            headers,
            body,
        };
    }
    Error::Api {
        status,
        headers,
        errors,
        body,
    }
}

/// Up to `cap` bytes of the body. A failure while reading keeps what arrived: the
/// status already says what went wrong, and retries depend on it, not on the body.
async fn read_capped(response: &mut reqwest::Response, cap: usize) -> Bytes {
    let mut body = BytesMut::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = cap.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= cap {
            break;
        }
    }
    body.freeze()
}
