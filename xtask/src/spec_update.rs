//! `cargo xtask spec update [--from URL_OR_PATH]`: fetch a new version of the spec, check
//! that the generator reads it, vendor it with its provenance, regenerate the client, and
//! print what changed in the API.
//!
//! Everything that can fail on the input (download, loading, normalising, generating)
//! happens before anything is written, so a bad download changes nothing on disk.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use gladly_codegen::diff::{self, Report};
use gladly_codegen::{Diagnostic, Options, Pipeline};
use sha2::{Digest, Sha256};

use crate::codegen::write_atomically;
use crate::report::grouped;
use crate::spec_diff::{format_report, Format, SPEC_PATH};
use crate::workspace_root;

/// Where Gladly is expected to publish the spec: the target of the "Download OpenAPI
/// specification" link on Gladly's REST API reference (<https://developer.gladly.com/rest/>).
/// Not yet confirmed against the live site; override it with `--from` when it fails or moves.
pub const DEFAULT_SOURCE: &str = "https://developer.gladly.com/rest/gladly-openapi.yaml";

/// The provenance file, relative to the repository root.
pub const PROVENANCE_PATH: &str = "spec/PROVENANCE.md";

/// The generated modules, relative to the repository root.
pub const GENERATED_PATH: &str = "gladly-generated/src/generated";

/// How long a download may take in all.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(120);

/// Arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Where to get the spec: an `http(s)://` URL or a local file.
    #[arg(long, default_value = DEFAULT_SOURCE)]
    pub from: String,
    /// Format of the printed API diff.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// The repository root (default: this workspace).
    #[arg(long, hide = true)]
    pub root: Option<PathBuf>,
}

/// One update, with everything it depends on spelled out.
#[derive(Debug, Clone)]
pub struct Update {
    /// The repository root.
    pub root: PathBuf,
    /// URL or path of the new spec.
    pub from: String,
    /// The date recorded in the provenance, `YYYY-MM-DD`.
    pub date: String,
}

/// What an update did.
#[derive(Debug)]
pub enum Outcome {
    /// The spec, its provenance and the generated code were written.
    Updated {
        /// The API diff from the previous spec; `None` when there was no readable one.
        report: Option<Report>,
        /// The new spec's SHA-256.
        sha256: String,
        /// How many generated files were written.
        files: usize,
    },
    /// The fetched spec is byte for byte the vendored one: nothing was written.
    Unchanged,
    /// The generator cannot read the fetched spec: nothing was written.
    Rejected(Vec<Diagnostic>),
}

/// Runs the command.
pub fn run(args: &Args) -> Result<ExitCode> {
    let update = Update {
        root: args.root.clone().unwrap_or_else(workspace_root),
        from: args.from.clone(),
        date: today_utc(),
    };
    match apply(&update)? {
        Outcome::Updated {
            report,
            sha256,
            files,
        } => {
            eprintln!("wrote {SPEC_PATH} (sha256 {sha256}) and {PROVENANCE_PATH}");
            eprintln!("wrote {files} files to {GENERATED_PATH}");
            match report {
                Some(report) => print!("{}", format_report(&report, args.format)),
                None => eprintln!("the previous spec could not be read: no API diff"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Unchanged => {
            eprintln!(
                "{} is the vendored spec already; nothing written",
                update.from
            );
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Rejected(diagnostics) => {
            eprint!("{}", grouped(&diagnostics, Diagnostic::to_string));
            eprintln!(
                "error: the generator cannot read {}; nothing was written",
                update.from
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Fetches, checks, writes. An error or a rejection leaves the tree as it was.
pub fn apply(update: &Update) -> Result<Outcome> {
    let text = fetch(&update.from)?;
    let spec_path = update.root.join(SPEC_PATH);
    let previous = fs::read_to_string(&spec_path).ok();
    if previous.as_deref() == Some(text.as_str()) {
        return Ok(Outcome::Unchanged);
    }
    // The pipeline runs once per version: the new one is rendered and diffed, the
    // previous one only diffed.
    let settings = crate::settings_beside(&spec_path)?;
    let options = Options {
        settings: settings.as_ref(),
        ..Default::default()
    };
    let new = match Pipeline::run(&text, &options) {
        Ok(new) => new,
        Err(failure) => return Ok(Outcome::Rejected(failure.diagnostics)),
    };
    let files = match new.render() {
        Ok(files) => files,
        Err(failure) => return Ok(Outcome::Rejected(failure.diagnostics)),
    };
    let report = previous
        .as_deref()
        .and_then(|old| Pipeline::run(old, &options).ok())
        .map(|old| diff::diff(&old.api, &new.api));
    let sha256 = sha256_hex(text.as_bytes());
    let provenance_path = update.root.join(PROVENANCE_PATH);
    let provenance = updated_provenance(
        &fs::read_to_string(&provenance_path).unwrap_or_default(),
        &source_description(&update.from),
        &sha256,
        &update.date,
    );
    write_file(&spec_path, &text)?;
    write_file(&provenance_path, &provenance)?;
    write_atomically(&update.root.join(GENERATED_PATH), &files)?;
    Ok(Outcome::Updated {
        report,
        sha256,
        files: files.len(),
    })
}

/// The spec's text, from a URL or a file.
pub fn fetch(from: &str) -> Result<String> {
    if from.starts_with("http://") || from.starts_with("https://") {
        download(from)
    } else {
        fs::read_to_string(from).with_context(|| format!("reading {from}"))
    }
}

/// A GET that fails on any non-2xx status.
fn download(url: &str) -> Result<String> {
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .timeout_global(Some(DOWNLOAD_TIMEOUT))
            .build(),
    );
    let mut response = agent
        .get(url)
        .call()
        .with_context(|| format!("downloading {url}"))?;
    response
        .body_mut()
        .read_to_string()
        .with_context(|| format!("reading the body of {url}"))
}

/// The provenance's `source` cell: the default URL keeps the page it is linked from.
fn source_description(from: &str) -> String {
    if from == DEFAULT_SOURCE {
        format!("Gladly REST API reference, \"Download OpenAPI specification\": {DEFAULT_SOURCE}")
    } else {
        from.to_owned()
    }
}

/// The provenance file with its `source`, `sha256` and `date` rows replaced, the rest
/// kept as it is; a file without those rows is written anew.
pub fn updated_provenance(current: &str, source: &str, sha256: &str, date: &str) -> String {
    let values = [
        ("source", source.to_owned()),
        ("sha256", format!("`{sha256}`")),
        ("date", date.to_owned()),
    ];
    let mut replaced = 0;
    let mut out = String::new();
    for line in current.lines() {
        let value = row_label(line).and_then(|label| {
            values
                .iter()
                .find(|(name, _)| *name == label)
                .map(|(_, v)| v)
        });
        match (value, line.match_indices('|').nth(1)) {
            (Some(value), Some((second_bar, _))) => {
                replaced += 1;
                let _ = writeln!(out, "{} {value} |", &line[..=second_bar]);
            }
            _ => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    if replaced == values.len() {
        return out;
    }
    fresh_provenance(source, sha256, date)
}

/// The label of a table row such as `| sha256 | ... |`.
fn row_label(line: &str) -> Option<&str> {
    let mut cells = line.split('|');
    let before = cells.next()?;
    if !before.trim().is_empty() {
        return None;
    }
    Some(cells.next()?.trim())
}

fn fresh_provenance(source: &str, sha256: &str, date: &str) -> String {
    format!(
        "# Provenance of `gladly-openapi.yaml`\n\n\
         | field  | value |\n\
         | ------ | ----- |\n\
         | source | {source} |\n\
         | sha256 | `{sha256}` |\n\
         | date   | {date} |\n\n\
         The file is the generator's input, byte for byte as downloaded. It is never edited by\n\
         hand: the generator's normalisation pass repairs its known defects in memory and reports\n\
         each repair as a warning.\n"
    )
}

/// Writes through a sibling file and a rename, so a reader never sees half a file.
fn write_file(path: &Path, contents: &str) -> Result<()> {
    let name = path
        .file_name()
        .context("path has no file name")?
        .to_string_lossy();
    let staging = path.with_file_name(format!(".{name}.new"));
    fs::write(&staging, contents).with_context(|| format!("writing {}", staging.display()))?;
    fs::rename(&staging, path).with_context(|| format!("moving {} into place", path.display()))
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    civil_date(seconds / 86_400)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), to avoid a date library for one line of provenance.
pub fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
