//! Bodies that are not one JSON document: raw bytes and JSON lines.

use std::marker::PhantomData;

use bytes::Bytes;

use super::Error;

/// A response body returned as bytes (recordings, attachments, CSV reports), with the
/// content type the server declared.
#[derive(Debug, Clone)]
pub struct ByteStream {
    content_type: Option<String>,
    bytes: Bytes,
}

impl ByteStream {
    pub(crate) fn new(content_type: Option<String>, bytes: Bytes) -> Self {
        Self {
            content_type,
            bytes,
        }
    }

    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The whole body.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }
}

/// A body of newline-separated JSON documents (`application/x-jsonlines`,
/// `application/x-ndjson`), each decoded as a `T`.
#[derive(Debug)]
pub struct JsonLines<T> {
    bytes: Bytes,
    _item: PhantomData<fn() -> T>,
}

impl<T: serde::de::DeserializeOwned> JsonLines<T> {
    pub(crate) fn new(bytes: Bytes) -> Self {
        Self {
            bytes,
            _item: PhantomData,
        }
    }

    /// Decodes every non-empty line; a line that fails is an error for that item only.
    pub fn items(&self) -> Vec<Result<T, Error>> {
        self.bytes
            .split(|b| *b == b'\n')
            .enumerate()
            .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
            .map(|(index, line)| {
                serde_json::from_slice(line).map_err(|e| Error::Decode {
                    path: format!("line {}", index + 1),
                    message: e.to_string(),
                    body: Bytes::copy_from_slice(line),
                })
            })
            .collect()
    }
}
