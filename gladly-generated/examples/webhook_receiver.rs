//! Receives Gladly's webhook requests: checks each request's credentials with a
//! `WebhookVerifier`, parses its event and prints it; answers refused requests with the
//! status the verifier gives (401 for wrong credentials, 400 for a body that is not an
//! event). Stops cleanly on Ctrl-C.
//!
//! The credentials Gladly sends are configured on the webhook in Gladly; give them in
//! `WEBHOOK_USERNAME` and `WEBHOOK_PASSWORD`.
//!
//! ```sh
//! WEBHOOK_USERNAME=gladly WEBHOOK_PASSWORD=... cargo run --example webhook_receiver -- --listen 0.0.0.0:8080
//! ```

use std::process::ExitCode;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use clap::Parser;
use gladly_generated::webhook::receive_webhook_event;
use gladly_generated::WebhookVerifier;

/// Receive, verify and print Gladly webhook events.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// The path Gladly posts to.
    #[arg(long, default_value = "/webhook")]
    path: String,
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
    let username = std::env::var("WEBHOOK_USERNAME").map_err(|_| "set WEBHOOK_USERNAME")?;
    let password = std::env::var("WEBHOOK_PASSWORD").map_err(|_| "set WEBHOOK_PASSWORD")?;
    let verifier = WebhookVerifier::basic_auth(username, password);
    verifier.check()?;
    let app = Router::new()
        .route(&args.path, post(receive))
        .with_state(Arc::new(verifier));
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    println!(
        "listening on http://{}{}",
        listener.local_addr()?,
        args.path
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    println!("stopped");
    Ok(())
}

async fn receive(
    State(verifier): State<Arc<WebhookVerifier>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    match receive_webhook_event(&verifier, &headers, &body) {
        Ok(event) => {
            println!("event: {event:?}");
            StatusCode::OK
        }
        Err(error) => {
            eprintln!("refused: {error}");
            StatusCode::from_u16(error.status().as_u16()).unwrap_or(StatusCode::BAD_REQUEST)
        }
    }
}
