//! Closes conversations, first adding topics to each: the conversation ids are the
//! arguments, the topics are given by name with `--topic` (repeatable).
//!
//! The client is configured from the environment (see `Client::from_env`).
//!
//! ```sh
//! cargo run --example close_conversations -- --topic Billing --topic Refund conv-1 conv-2
//! ```

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Parser;
use gladly_generated::types::{
    AddTopicToConversationRequest, ConversationStatusChangeStatus, ConversationUpdate,
    ConversationUpdateStatus,
};
use gladly_generated::Client;
use indicatif::ProgressBar;

/// Add topics to Gladly conversations and close them.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// A topic to add, by name (repeatable).
    #[arg(long = "topic")]
    topics: Vec<String>,
    /// Close even if the conversation has open tasks or other reasons to stay open.
    #[arg(long)]
    force: bool,
    /// The ids of the conversations to close.
    #[arg(required = true)]
    conversations: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failed) => {
            eprintln!("{failed} conversation(s) failed");
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
    let topic_ids = if args.topics.is_empty() {
        Vec::new()
    } else {
        let by_name: HashMap<String, String> = client
            .get_topics()
            .await?
            .into_vec()
            .into_iter()
            .filter_map(|topic| Some((topic.name?.to_lowercase(), topic.id?)))
            .collect();
        let mut ids = Vec::new();
        for name in &args.topics {
            match by_name.get(&name.to_lowercase()) {
                Some(id) => ids.push(id.clone()),
                None => return Err(format!("no topic is named `{name}`").into()),
            }
        }
        ids
    };

    let stop = stop_on_ctrl_c();
    let progress = ProgressBar::new(args.conversations.len() as u64);
    let mut failed = 0;
    for id in &args.conversations {
        if stop.load(Ordering::Relaxed) {
            progress.abandon_with_message("interrupted");
            eprintln!("interrupted");
            break;
        }
        match close(&client, id, &topic_ids, args.force).await {
            Ok(()) => progress.println(format!("{id}: closed")),
            Err(error) => {
                failed += 1;
                progress.println(format!("{id}: failed: {error}"));
            }
        }
        progress.inc(1);
    }
    progress.finish();
    Ok(failed)
}

async fn close(
    client: &Client,
    id: &str,
    topic_ids: &[String],
    force: bool,
) -> Result<(), gladly_generated::Error> {
    if !topic_ids.is_empty() {
        client
            .add_topic_to_conversation(id, AddTopicToConversationRequest::new(topic_ids.to_vec()))
            .await?;
    }
    let mut status = ConversationUpdateStatus::new(ConversationStatusChangeStatus::Closed);
    status.force = force.then_some(true);
    let update = ConversationUpdate {
        status: Some(status),
        ..ConversationUpdate::default()
    };
    client.patch_conversation(id, update).await?;
    Ok(())
}

/// A flag set by Ctrl-C: the job stops after the conversation in progress.
fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, Ordering::Relaxed);
        }
    });
    stop
}
