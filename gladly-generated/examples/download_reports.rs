//! Downloads reports as CSV files: one file per `--metric-set`, named after it, for the
//! days from `--start` to `--end`.
//!
//! The client is configured from the environment (see `Client::from_env`).
//!
//! ```sh
//! cargo run --example download_reports -- --metric-set AgentSummary \
//!     --start 2024-01-01 --end 2024-01-31 --out reports/
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gladly_generated::types::{ReportRequestBody, ReportRequestBodyMetricSet};
use gladly_generated::Client;
use indicatif::ProgressBar;

/// Download Gladly reports as CSV files.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The report to download (repeatable), e.g. AgentSummary, WorkSessionsReport.
    #[arg(long = "metric-set", required = true)]
    metric_sets: Vec<String>,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    start: String,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    end: String,
    /// IANA time zone the days are in.
    #[arg(long)]
    timezone: Option<String>,
    /// The directory to write the files to (created if missing).
    #[arg(long, default_value = ".")]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tokio::select! {
        result = run(args) => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => {
            eprintln!("interrupted");
            ExitCode::from(130)
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder_from_env()?.allow_loopback_http().build()?;
    // Check every name before downloading anything.
    let mut metric_sets = Vec::new();
    for name in &args.metric_sets {
        let set: ReportRequestBodyMetricSet = serde_json::from_value(name.as_str().into())?;
        if matches!(set, ReportRequestBodyMetricSet::Unknown(_)) {
            return Err(format!("unknown metric set `{name}`").into());
        }
        metric_sets.push((name, set));
    }
    tokio::fs::create_dir_all(&args.out).await?;
    let progress = ProgressBar::new(metric_sets.len() as u64);
    for (name, set) in metric_sets {
        let request = ReportRequestBody {
            timezone: args.timezone.clone(),
            ..ReportRequestBody::new(set, args.start.as_str(), args.end.as_str())
        };
        let csv = client.post_reports(request).await?.bytes().await?;
        let target = args.out.join(format!("{name}.csv"));
        tokio::fs::write(&target, &csv).await?;
        progress.println(format!("{}: {} bytes", target.display(), csv.len()));
        progress.inc(1);
    }
    progress.finish();
    Ok(())
}
