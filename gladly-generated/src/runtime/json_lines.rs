//! Newline-delimited JSON (`application/x-jsonlines`, `application/x-ndjson`), decoded
//! line by line as the bytes arrive.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures::Stream;
use serde::de::DeserializeOwned;

use super::decode;
use super::{ByteStream, Error};

/// The default for [`JsonLines::max_line_length`].
pub const DEFAULT_MAX_LINE_LENGTH: usize = 16 * 1024 * 1024;

/// A body of newline-separated JSON documents (the events feed, export files), decoded
/// one `T` per line while the response is still arriving.
///
/// Memory stays flat however long the body is: at most one line plus one network chunk
/// is held at a time. A line that does not decode is an [`Error::Line`] item (with its
/// line number and raw bytes) and the stream goes on with the next line; blank lines
/// are skipped, `\r\n` endings and a last line without a newline are accepted. A
/// transport error ends the stream.
///
/// ```no_run
/// # async fn run<T: serde::de::DeserializeOwned>(lines: gladly_generated::JsonLines<T>) {
/// use futures::StreamExt;
///
/// let mut lines = lines;
/// while let Some(item) = lines.next().await {
///     match item {
///         Ok(event) => { /* handle the event */ let _: T = event; }
///         Err(gladly_generated::Error::Line { line, message, .. }) => {
///             eprintln!("skipping line {line}: {message}");
///         }
///         Err(other) => { eprintln!("stream failed: {other}"); break; }
///     }
/// }
/// # }
/// ```
pub struct JsonLines<T> {
    source: ByteStream,
    /// The start of a line whose end has not arrived yet.
    carry: BytesMut,
    /// The part of the latest chunk not yet split into lines.
    chunk: Bytes,
    /// Lines consumed so far, blank ones included, so errors point at the right line.
    line_number: u64,
    /// Inside a line longer than `max_line`: drop bytes until its newline.
    discarding: bool,
    finished: bool,
    max_line: usize,
    #[cfg(test)]
    stats: BufferStats,
    _item: PhantomData<fn() -> T>,
}

/// What the tests check to prove buffering stays bounded.
#[cfg(test)]
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BufferStats {
    /// The most bytes held at once (partial line plus unsplit chunk).
    pub(crate) peak_buffered: usize,
    /// The largest chunk the source delivered.
    pub(crate) largest_chunk: usize,
}

impl<T> JsonLines<T> {
    pub(crate) fn new(source: ByteStream) -> Self {
        Self {
            source,
            carry: BytesMut::new(),
            chunk: Bytes::new(),
            line_number: 0,
            discarding: false,
            finished: false,
            max_line: DEFAULT_MAX_LINE_LENGTH,
            #[cfg(test)]
            stats: BufferStats::default(),
            _item: PhantomData,
        }
    }

    /// The longest line that is decoded (default [`DEFAULT_MAX_LINE_LENGTH`], 16 MiB).
    /// A longer line is skipped with an [`Error::LineTooLong`] item instead of being
    /// buffered, so a broken or hostile server cannot exhaust memory.
    pub fn max_line_length(mut self, bytes: usize) -> Self {
        self.max_line = bytes.max(1);
        self
    }

    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.source.content_type()
    }

    /// How many lines have been consumed so far, blank lines included.
    pub fn lines_read(&self) -> u64 {
        self.line_number
    }

    #[cfg(test)]
    pub(crate) fn stats(&self) -> BufferStats {
        self.stats
    }

    /// Takes the next complete line out of the buffers, without its line ending.
    fn next_line(&mut self) -> Option<Bytes> {
        let newline = memchr::memchr(b'\n', &self.chunk)?;
        let tail = self.chunk.split_to(newline + 1);
        if self.carry.is_empty() {
            // The whole line lies within one chunk: hand out a slice, no copy.
            return Some(tail);
        }
        self.carry.extend_from_slice(&tail);
        Some(self.carry.split().freeze())
    }

    fn decode(&self, line: Bytes) -> Option<Result<T, Error>>
    where
        T: DeserializeOwned,
    {
        let line = trim_line_ending(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        // A long line can still arrive whole inside one chunk; the limit applies anyway so
        // that which lines are decoded does not depend on how the network split them.
        if line.len() > self.max_line {
            return Some(Err(Error::LineTooLong {
                line: self.line_number,
                limit: self.max_line,
            }));
        }
        Some(decode::from_slice(&line).map_err(|failure| Error::Line {
            line: self.line_number,
            path: failure.path,
            message: failure.message,
            raw: line,
        }))
    }
}

fn trim_line_ending(mut line: Bytes) -> Bytes {
    if line.last() == Some(&b'\n') {
        line.truncate(line.len() - 1);
    }
    if line.last() == Some(&b'\r') {
        line.truncate(line.len() - 1);
    }
    line
}

impl<T: DeserializeOwned> Stream for JsonLines<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is Unpin (`PhantomData<fn() -> T>` included), so no projection.
        let this = self.get_mut();
        loop {
            if let Some(line) = this.next_line() {
                if this.discarding {
                    // The newline that ends an over-long line: resume with the next one.
                    this.discarding = false;
                    continue;
                }
                this.line_number += 1;
                match this.decode(line) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                }
            }
            // No newline in what is left of the chunk: it all belongs to the current line.
            if !this.chunk.is_empty() {
                if this.discarding {
                    this.chunk.clear();
                } else if this.carry.len() + this.chunk.len() > this.max_line {
                    this.discarding = true;
                    this.carry = BytesMut::new();
                    this.chunk.clear();
                    this.line_number += 1;
                    return Poll::Ready(Some(Err(Error::LineTooLong {
                        line: this.line_number,
                        limit: this.max_line,
                    })));
                } else {
                    this.carry.extend_from_slice(&this.chunk);
                    this.chunk.clear();
                }
            }
            if this.finished {
                if this.discarding || this.carry.is_empty() {
                    return Poll::Ready(None);
                }
                // A last line without a newline.
                let line = this.carry.split().freeze();
                this.line_number += 1;
                match this.decode(line) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                }
            }
            match Pin::new(&mut this.source).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    #[cfg(test)]
                    {
                        this.stats.largest_chunk = this.stats.largest_chunk.max(chunk.len());
                        this.stats.peak_buffered =
                            this.stats.peak_buffered.max(this.carry.len() + chunk.len());
                    }
                    this.chunk = chunk;
                }
                Poll::Ready(Some(Err(error))) => {
                    // A line cut off by a broken connection is not a line; drop it.
                    this.finished = true;
                    this.discarding = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => this.finished = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines")
            .field("source", &self.source)
            .field("lines_read", &self.line_number)
            .field("max_line_length", &self.max_line)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        n: u32,
    }

    fn lines(chunks: Vec<&'static [u8]>) -> JsonLines<Item> {
        let chunks: Vec<Result<Bytes, Error>> = chunks
            .into_iter()
            .map(|c| Ok(Bytes::from_static(c)))
            .collect();
        JsonLines::new(ByteStream::new(None, None, futures::stream::iter(chunks)))
    }

    async fn numbers(stream: JsonLines<Item>) -> Vec<Result<u32, String>> {
        stream
            .map(|item| item.map(|i| i.n).map_err(|e| e.to_string()))
            .collect()
            .await
    }

    #[tokio::test]
    async fn splits_lines_across_chunks_with_crlf_blank_lines_and_no_final_newline() {
        let stream = lines(vec![
            b"{\"n\":1}\r\n{\"n\"",
            b":2}\n\n   \r\n{",
            b"\"n\":",
            b"3}\r",
            b"\n{\"n\":4}",
        ]);
        assert_eq!(numbers(stream).await, vec![Ok(1), Ok(2), Ok(3), Ok(4)]);
    }

    #[tokio::test]
    async fn a_bad_line_is_one_error_and_the_stream_goes_on() {
        let mut stream = lines(vec![b"{\"n\":1}\n\n{\"n\":\"x\"}\nnot json\n{\"n\":5}\n"]);
        assert_eq!(stream.next().await.unwrap().unwrap(), Item { n: 1 });
        match stream.next().await.unwrap() {
            Err(Error::Line {
                line, path, raw, ..
            }) => {
                assert_eq!(line, 3);
                assert_eq!(path, "n");
                assert_eq!(raw, "{\"n\":\"x\"}");
            }
            other => panic!("expected a line error, got {other:?}"),
        }
        match stream.next().await.unwrap() {
            Err(Error::Line { line, raw, .. }) => {
                assert_eq!(line, 4);
                assert_eq!(raw, "not json");
            }
            other => panic!("expected a line error, got {other:?}"),
        }
        assert_eq!(stream.next().await.unwrap().unwrap(), Item { n: 5 });
        assert!(stream.next().await.is_none());
        assert_eq!(stream.lines_read(), 5);
    }

    #[tokio::test]
    async fn an_over_long_line_is_skipped_without_buffering_it() {
        let stream = lines(vec![
            b"{\"n\":1}\n{\"n\":2,\"pad\":\"",
            b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n{\"n\":3}\n",
        ])
        .max_line_length(32);
        let mut stream = stream;
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item.map(|i| i.n).map_err(|e| e.to_string()));
        }
        assert_eq!(
            items,
            vec![
                Ok(1),
                Err("line 2 is longer than 32 bytes".to_owned()),
                Ok(3)
            ]
        );
        assert!(
            stream.stats().peak_buffered <= 32 + 81,
            "{:?}",
            stream.stats()
        );
    }

    #[tokio::test]
    async fn a_transport_error_ends_the_stream() {
        let chunks: Vec<Result<Bytes, Error>> = vec![
            Ok(Bytes::from_static(b"{\"n\":1}\n{\"n\":")),
            Err(Error::Config("connection reset".into())),
            Ok(Bytes::from_static(b"2}\n")),
        ];
        let stream: JsonLines<Item> =
            JsonLines::new(ByteStream::new(None, None, futures::stream::iter(chunks)));
        let items = numbers(stream).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0], Ok(1));
        assert!(items[1].is_err());
    }
}
