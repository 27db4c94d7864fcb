//! A loopback HTTP/1.1 server that answers every request with a JSON-lines body of a
//! fixed number of lines, cycling through a few distinct ones. The body is written as
//! it is produced, so the server's memory does not grow with its length, and a client's
//! peak memory shows what the client holds.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How many bytes the server writes at a time.
const WRITE_CHUNK: usize = 64 * 1024;

/// The largest request head read: a client's request is far smaller.
const MAX_HEAD: usize = 64 * 1024;

/// A running server; it stops with the runtime it was started on.
pub struct Server {
    addr: SocketAddr,
}

impl Server {
    /// Starts a server on a free loopback port, on the current Tokio runtime, whose
    /// every response is `count` lines cycling through `lines` (each ending in `\n`).
    pub async fn start(lines: Vec<Vec<u8>>, count: usize) -> Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .context("binding a loopback port")?;
        let addr = listener.local_addr()?;
        let lines = Arc::new(lines);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let lines = Arc::clone(&lines);
                tokio::spawn(async move {
                    // A client that goes away mid-body only ends its own response.
                    let _ = respond(stream, &lines, count).await;
                });
            }
        });
        Ok(Server { addr })
    }

    /// The base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn respond(mut stream: TcpStream, lines: &[Vec<u8>], count: usize) -> Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 || head.len() > MAX_HEAD {
            return Ok(());
        }
        head.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    // No length: the body ends when the connection closes, as a streamed export does.
    stream
        .write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/x-jsonlines\r\nconnection: close\r\n\r\n",
        )
        .await?;
    let mut chunk = Vec::with_capacity(WRITE_CHUNK + 4096);
    for line in lines.iter().cycle().take(count) {
        chunk.extend_from_slice(line);
        if chunk.len() >= WRITE_CHUNK {
            stream.write_all(&chunk).await?;
            chunk.clear();
        }
    }
    stream.write_all(&chunk).await?;
    stream.shutdown().await?;
    Ok(())
}

/// A client of the generated crate that sends its requests to `server`.
pub fn client(server: &Server) -> Result<gladly_generated::Client> {
    gladly_generated::Client::builder()
        .base_url(server.base_url())
        .allow_insecure_http()
        .basic_auth("bench@example.com", "bench-token")
        .build()
        .context("building the client")
}

/// Streams the events feed from `client` through `JsonLines`, returning how many events
/// decoded (and how many lines did not).
pub async fn stream_events(client: &gladly_generated::Client) -> Result<(usize, usize)> {
    let lines = client
        .get_events("2020-05-20T14:00:00Z", vec!["AGENT_STATUS".to_owned()])
        .await?;
    Ok(count(lines).await)
}

/// Streams an export file from `client` through `JsonLines`, returning how many rows
/// decoded (and how many lines did not).
pub async fn stream_export(client: &gladly_generated::Client) -> Result<(usize, usize)> {
    let lines = client.get_file("job", "rows.jsonl").await?;
    Ok(count(lines).await)
}

async fn count<T>(mut lines: gladly_generated::JsonLines<T>) -> (usize, usize)
where
    T: serde::de::DeserializeOwned,
{
    use futures::StreamExt;
    let (mut ok, mut failed) = (0, 0);
    while let Some(item) = lines.next().await {
        match item {
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
    }
    (ok, failed)
}
