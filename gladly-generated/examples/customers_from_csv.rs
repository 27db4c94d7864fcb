//! Creates customers from a CSV file, or updates existing ones with `--update`.
//!
//! The file has a header row with any of the columns `id`, `name`, `email`, `phone`,
//! `externalCustomerId`, `address`; other columns are ignored. Without `--update` each
//! row is a new customer (its `id`, if given, becomes the customer's id); with it, each
//! row's `id` names the customer to change.
//!
//! The client is configured from the environment (`GLADLY_ORGANIZATION`,
//! `GLADLY_AGENT_EMAIL`, `GLADLY_API_TOKEN`, ...; see `Client::from_env`).
//!
//! ```sh
//! cargo run --example customers_from_csv -- customers.csv
//! ```

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Parser;
use gladly_generated::types::{
    CreateCustomerRequest, CustomerEmail, CustomerPhone, UpdateCustomerRequest,
};
use gladly_generated::{Client, List};
use indicatif::ProgressBar;

/// Create or update Gladly customers from a CSV file.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// CSV file with a header row: id, name, email, phone, externalCustomerId, address.
    file: PathBuf,
    /// Update the customers named by the `id` column instead of creating new ones.
    #[arg(long)]
    update: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failed) => {
            eprintln!("{failed} row(s) failed");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The number of rows that failed.
async fn run(args: Args) -> Result<usize, Box<dyn std::error::Error>> {
    let client = Client::builder_from_env()?.allow_loopback_http().build()?;
    let mut reader = csv::Reader::from_path(&args.file)?;
    let rows: Vec<HashMap<String, String>> = reader.deserialize().collect::<Result<_, _>>()?;
    let stop = stop_on_ctrl_c();
    let progress = ProgressBar::new(rows.len() as u64);
    let mut failed = 0;
    for (number, row) in rows.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            progress.abandon_with_message("interrupted");
            eprintln!("interrupted after {number} row(s)");
            break;
        }
        let line = number + 2; // the header is line 1
        let result = if args.update {
            update(&client, row).await
        } else {
            create(&client, row).await
        };
        match result {
            Ok(done) => progress.println(format!("line {line}: {done}")),
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

fn field<'a>(row: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    row.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn emails(row: &HashMap<String, String>) -> Option<List<CustomerEmail>> {
    field(row, "email").map(|email| vec![CustomerEmail::new(email)].into())
}

fn phones(row: &HashMap<String, String>) -> Option<List<CustomerPhone>> {
    field(row, "phone").map(|phone| vec![CustomerPhone::new(phone)].into())
}

async fn create(
    client: &Client,
    row: &HashMap<String, String>,
) -> Result<String, gladly_generated::Error> {
    let customer = CreateCustomerRequest {
        id: field(row, "id").map(str::to_owned),
        name: field(row, "name").map(str::to_owned),
        address: field(row, "address").map(str::to_owned),
        external_customer_id: field(row, "externalCustomerId").map(str::to_owned),
        emails: emails(row),
        phones: phones(row),
        ..CreateCustomerRequest::default()
    };
    let response = client
        .create_customer(customer)
        .send_with_response()
        .await?;
    Ok(match response.location() {
        Some(location) => format!("created {location}"),
        None => "created".to_owned(),
    })
}

async fn update(
    client: &Client,
    row: &HashMap<String, String>,
) -> Result<String, gladly_generated::Error> {
    let Some(id) = field(row, "id") else {
        return Err(gladly_generated::Error::Config(
            "the `id` column is required with --update".to_owned(),
        ));
    };
    let changes = UpdateCustomerRequest {
        name: field(row, "name").map(str::to_owned),
        address: field(row, "address").map(str::to_owned),
        external_customer_id: field(row, "externalCustomerId").map(str::to_owned),
        emails: emails(row),
        phones: phones(row),
        ..UpdateCustomerRequest::default()
    };
    client.update_customer(id, changes).await?;
    Ok(format!("updated {id}"))
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
