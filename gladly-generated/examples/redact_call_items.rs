//! Redacts conversation items: the content of each item whose id is an argument is
//! removed (the item stays in the timeline). Items that are not phone calls are skipped
//! unless `--any-type` is given.
//!
//! The client is configured from the environment (see `Client::from_env`).
//!
//! ```sh
//! cargo run --example redact_call_items -- item-1 item-2
//! ```

use std::process::ExitCode;

use clap::Parser;
use gladly_generated::Client;

/// Redact the content of Gladly phone call items.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Redact items of any type, not only phone calls.
    #[arg(long)]
    any_type: bool,
    /// The ids of the conversation items to redact.
    #[arg(required = true)]
    items: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failed) => {
            eprintln!("{failed} item(s) failed");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<usize, Box<dyn std::error::Error>> {
    let client = Client::builder_from_env()?.allow_loopback_http().build()?;
    let mut failed = 0;
    for id in &args.items {
        tokio::select! {
            result = redact(&client, id, args.any_type) => match result {
                Ok(message) => println!("{id}: {message}"),
                Err(error) => {
                    failed += 1;
                    eprintln!("{id}: failed: {error}");
                }
            },
            _ = tokio::signal::ctrl_c() => {
                eprintln!("interrupted");
                break;
            }
        }
    }
    Ok(failed)
}

async fn redact(
    client: &Client,
    id: &str,
    any_type: bool,
) -> Result<&'static str, gladly_generated::Error> {
    if !any_type {
        let item = serde_json::to_value(client.get_item(id).await?)
            .map_err(gladly_generated::Error::Serialize)?;
        let kind = item.pointer("/content/type").and_then(|t| t.as_str());
        if kind != Some("PHONE_CALL") {
            return Ok("skipped: not a phone call");
        }
    }
    client.redact_content(id).await?;
    Ok("redacted")
}
