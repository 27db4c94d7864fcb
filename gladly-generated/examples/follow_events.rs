//! Follows Gladly's events feed: prints each event as a JSON line, and keeps a
//! checkpoint file holding the time to start from next, so that a restarted run carries
//! on where the last one stopped. Runs until Ctrl-C (or once with `--once`).
//!
//! The client is configured from the environment (see `Client::from_env`).
//!
//! ```sh
//! cargo run --example follow_events -- --checkpoint events.checkpoint \
//!     --entities CONVERSATION --entities AGENT_AVAILABILITY --start-at 2024-01-01T00:00:00Z
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use futures::StreamExt;
use gladly_generated::Client;

/// Follow Gladly's events feed from a checkpoint.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// File holding the time to start from; written after each batch.
    #[arg(long)]
    checkpoint: PathBuf,
    /// Where to start when the checkpoint file does not exist (ISO 8601).
    #[arg(long)]
    start_at: Option<String>,
    /// Entity types to follow (repeatable), e.g. CONVERSATION, AGENT_AVAILABILITY.
    #[arg(long = "entities", required = true)]
    entities: Vec<String>,
    /// Seconds to wait between polls.
    #[arg(long, default_value_t = 15)]
    interval: u64,
    /// Read one batch and stop.
    #[arg(long)]
    once: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder_from_env()?.allow_loopback_http().build()?;
    let mut start_at = match tokio::fs::read_to_string(&args.checkpoint).await {
        Ok(text) if !text.trim().is_empty() => text.trim().to_owned(),
        _ => args
            .start_at
            .clone()
            .ok_or("no checkpoint yet: give --start-at")?,
    };
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            result = batch(&client, &start_at, &args.entities) => {
                if let Some(next) = result? {
                    start_at = next;
                    tokio::fs::write(&args.checkpoint, format!("{start_at}\n")).await?;
                }
            }
            _ = &mut ctrl_c => break,
        }
        if args.once {
            return Ok(());
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(args.interval)) => {}
            _ = &mut ctrl_c => break,
        }
    }
    eprintln!("stopped; the checkpoint is {start_at}");
    Ok(())
}

/// Prints the events from `start_at`; the timestamp of the last one, if any.
async fn batch(
    client: &Client,
    start_at: &str,
    entities: &[String],
) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let mut events = client.get_events(start_at, entities.to_vec()).await?;
    let mut last = None;
    while let Some(event) = events.next().await {
        let event = serde_json::to_value(event?)?;
        println!("{event}");
        if let Some(timestamp) = event.get("timestamp").and_then(|t| t.as_str()) {
            last = Some(timestamp.to_owned());
        }
    }
    Ok(last)
}
