//! Downloads the files of the newest completed export job into a directory, one file
//! per export file, each a JSON document per line as Gladly serves them.
//!
//! The client is configured from the environment (see `Client::from_env`).
//!
//! ```sh
//! cargo run --example download_export -- --out exports/
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use futures::StreamExt;
use gladly_generated::types::ExportJobStatus;
use gladly_generated::Client;
use indicatif::ProgressBar;
use tokio::io::AsyncWriteExt;

/// Download the files of Gladly's newest completed export job.
#[derive(Parser)]
#[command(version)]
struct Args {
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
            eprintln!("interrupted; the file being written is incomplete");
            ExitCode::from(130)
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder_from_env()?.allow_loopback_http().build()?;
    let jobs = client
        .find_jobs()
        .status(ExportJobStatus::Completed)
        .await?;
    // Timestamps compare by the instant they name.
    let Some(job) = jobs
        .into_vec()
        .into_iter()
        .filter(|job| job.id.is_some())
        .max_by(|a, b| a.updated_at.cmp(&b.updated_at))
    else {
        println!("no completed export job");
        return Ok(());
    };
    let job_id = job.id.unwrap_or_default();
    let files = job.files.unwrap_or_default();
    println!("job {job_id}: {} file(s)", files.len());
    tokio::fs::create_dir_all(&args.out).await?;
    let progress = ProgressBar::new(files.len() as u64);
    for name in &files {
        let target = safe_target(&args.out, name)?;
        let lines = download(&client, &job_id, name, &target).await?;
        progress.println(format!("{}: {lines} line(s)", target.display()));
        progress.inc(1);
    }
    progress.finish();
    Ok(())
}

/// Where the export file `name` is written: inside `out`, whatever the name says.
fn safe_target(out: &Path, name: &str) -> Result<PathBuf, String> {
    let file_name = Path::new(name)
        .file_name()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| format!("unusable file name `{name}`"))?;
    Ok(out.join(file_name))
}

async fn download(
    client: &Client,
    job_id: &str,
    name: &str,
    target: &Path,
) -> Result<u64, Box<dyn std::error::Error>> {
    let mut lines = client.get_file(job_id, name).await?;
    let mut file = tokio::fs::File::create(target).await?;
    let mut count = 0;
    while let Some(item) = lines.next().await {
        let mut line = serde_json::to_vec(&item?)?;
        line.push(b'\n');
        file.write_all(&line).await?;
        count += 1;
    }
    file.flush().await?;
    Ok(count)
}
