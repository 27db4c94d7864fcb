//! A response body handed over as it arrives, for recordings, CSV reports and files.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures::{Stream, StreamExt, TryStreamExt};
use reqwest::header::CONTENT_TYPE;

use super::Error;

/// The boxed chunk stream behind a [`ByteStream`].
type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send + Sync>>;

/// Caps the up-front allocation in [`ByteStream::bytes`]: `Content-Length` comes from
/// the server and must not decide how much memory is reserved before data arrives.
const MAX_PREALLOCATION: u64 = 8 * 1024 * 1024;

/// A response body as a stream of byte chunks (`audio/mpeg` recordings, `text/csv`
/// reports), with the content type the server declared.
///
/// Chunks are yielded as they arrive, so a large recording can be written to disk
/// without holding it in memory:
///
/// ```no_run
/// # async fn run(body: gladly_generated::ByteStream) -> Result<(), gladly_generated::Error> {
/// use futures::StreamExt;
///
/// let mut body = body;
/// while let Some(chunk) = body.next().await {
///     let chunk = chunk?;
///     // write `chunk` somewhere
/// #   let _ = chunk;
/// }
/// # Ok(())
/// # }
/// ```
pub struct ByteStream {
    content_type: Option<String>,
    content_length: Option<u64>,
    chunks: Chunks,
}

impl ByteStream {
    /// Wraps the body of a successful response.
    pub(crate) fn from_response(response: reqwest::Response) -> Self {
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let content_length = response.content_length();
        let chunks = response.bytes_stream().map_err(Error::transport);
        Self::new(content_type, content_length, chunks)
    }

    /// Wraps any chunk stream; lets tests choose exactly where chunks split.
    pub(crate) fn new(
        content_type: Option<String>,
        content_length: Option<u64>,
        chunks: impl Stream<Item = Result<Bytes, Error>> + Send + Sync + 'static,
    ) -> Self {
        Self {
            content_type,
            content_length,
            chunks: Box::pin(chunks),
        }
    }

    /// The `Content-Type` the server sent, e.g. `audio/mpeg`.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The `Content-Length` the server sent, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Reads the rest of the body into memory.
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        let Some(first) = self.chunks.next().await.transpose()? else {
            return Ok(Bytes::new());
        };
        let Some(second) = self.chunks.next().await.transpose()? else {
            // A single chunk needs no copy.
            return Ok(first);
        };
        let expected = self.content_length.unwrap_or(0).min(MAX_PREALLOCATION);
        let mut all = BytesMut::with_capacity(usize::try_from(expected).unwrap_or(0));
        all.extend_from_slice(&first);
        all.extend_from_slice(&second);
        while let Some(chunk) = self.chunks.next().await.transpose()? {
            all.extend_from_slice(&chunk);
        }
        Ok(all.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn stream_of(chunks: &[&'static str]) -> ByteStream {
        let chunks: Vec<Result<Bytes, Error>> = chunks
            .iter()
            .map(|c| Ok(Bytes::from_static(c.as_bytes())))
            .collect();
        ByteStream::new(Some("text/csv".into()), None, futures::stream::iter(chunks))
    }

    #[tokio::test]
    async fn bytes_gathers_every_chunk() {
        assert_eq!(stream_of(&[]).bytes().await.unwrap(), "");
        assert_eq!(stream_of(&["a,b\n"]).bytes().await.unwrap(), "a,b\n");
        let body = stream_of(&["a,", "b\n", "1,2\n"]);
        assert_eq!(body.content_type(), Some("text/csv"));
        assert_eq!(body.bytes().await.unwrap(), "a,b\n1,2\n");
    }
}
