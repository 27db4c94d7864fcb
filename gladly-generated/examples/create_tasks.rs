//! Creates tasks from a CSV file: one task per row, for the customer with the row's
//! email address (created if Gladly has none), in the inbox named in the row, assigned
//! to the agent with the row's email address if one is given.
//!
//! Columns (header row): `customerEmail`, `inbox` (the inbox's name), `agentEmail`
//! (optional), `body`, `dueAt` (e.g. `2030-01-31T17:00:00.000Z`).
//!
//! The client is configured from the environment (see `Client::from_env`).
//!
//! ```sh
//! cargo run --example create_tasks -- tasks.csv
//! ```

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Parser;
use gladly_generated::types::{CreateTaskAndCustomerRequest, CustomerSpecification, TaskAssignee};
use gladly_generated::Client;
use indicatif::ProgressBar;
use serde::Deserialize;

/// Create Gladly tasks from a CSV file (inboxes by name, agents by email).
#[derive(Parser)]
#[command(version)]
struct Args {
    /// CSV file with a header row: customerEmail, inbox, agentEmail, body, dueAt.
    file: PathBuf,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Row {
    customer_email: String,
    inbox: String,
    #[serde(default)]
    agent_email: Option<String>,
    body: String,
    due_at: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failed) => {
            eprintln!("{failed} task(s) failed");
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
    let rows: Vec<Row> = csv::Reader::from_path(&args.file)?
        .deserialize()
        .collect::<Result<_, _>>()?;

    // Names and emails to ids, once.
    let inboxes: HashMap<String, String> = client
        .get_inboxes()
        .await?
        .into_vec()
        .into_iter()
        .filter_map(|inbox| Some((inbox.name?.to_lowercase(), inbox.id?)))
        .collect();
    let agents: HashMap<String, String> = client
        .get_agents()
        .await?
        .into_vec()
        .into_iter()
        .filter_map(|agent| Some((agent.email_address?.to_lowercase(), agent.id?)))
        .collect();

    let stop = stop_on_ctrl_c();
    let progress = ProgressBar::new(rows.len() as u64);
    let mut failed = 0;
    for (number, row) in rows.into_iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            progress.abandon_with_message("interrupted");
            eprintln!("interrupted after {number} row(s)");
            break;
        }
        let line = number + 2;
        match create(&client, &inboxes, &agents, row).await {
            Ok(()) => progress.println(format!("line {line}: task created")),
            Err(error) => {
                failed += 1;
                progress.println(format!("line {line}: failed: {error}"));
            }
        }
        progress.inc(1);
    }
    progress.finish();
    Ok(failed)
}

async fn create(
    client: &Client,
    inboxes: &HashMap<String, String>,
    agents: &HashMap<String, String>,
    row: Row,
) -> Result<(), Box<dyn std::error::Error>> {
    let inbox_id = inboxes
        .get(&row.inbox.trim().to_lowercase())
        .ok_or_else(|| format!("no inbox is named `{}`", row.inbox))?;
    let mut assignee = TaskAssignee::new(inbox_id.as_str());
    if let Some(email) = row
        .agent_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let agent_id = agents
            .get(&email.to_lowercase())
            .ok_or_else(|| format!("no agent has the email `{email}`"))?;
        assignee.agent_id = Some(agent_id.clone());
    }
    let customer = CustomerSpecification {
        email_address: Some(row.customer_email),
        ..CustomerSpecification::default()
    };
    let task = CreateTaskAndCustomerRequest::new(assignee, row.body, row.due_at, customer);
    client.create_task_and_customer(task).await?;
    Ok(())
}

/// A flag set by Ctrl-C: the job stops after the row in progress.
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
