//! `cargo xtask spec diff [OLD] [NEW] [--format markdown|json] [--fail-on breaking|any]`:
//! a semantic API diff of two versions of the spec (see `gladly_codegen::diff`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};
use gladly_codegen::diff::{self, render, Report};

use crate::{settings_beside, workspace_root};

/// Where the vendored spec lives, relative to the repository root.
pub const SPEC_PATH: &str = "spec/gladly-openapi.yaml";

/// Arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The old version: a file, a git revision (its `spec/gladly-openapi.yaml` is read),
    /// or `REV:PATH`. Default: the spec at `git merge-base HEAD origin/main`, or at HEAD
    /// when there is no `origin/main`.
    pub old: Option<String>,
    /// The new version, read like OLD. Default: the spec in the working tree.
    pub new: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Exit non-zero when the report has a change of this severity.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// The repository root (default: this workspace).
    #[arg(long, hide = true)]
    pub root: Option<PathBuf>,
}

/// Report formats.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// For a pull-request comment.
    #[default]
    Markdown,
    /// For machines.
    Json,
}

/// When to exit non-zero.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// When any change is breaking (API or public Rust items).
    Breaking,
    /// When anything changed at all.
    Any,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<ExitCode> {
    let root = args.root.clone().unwrap_or_else(workspace_root);
    let old_source = match &args.old {
        Some(old) => old.clone(),
        None => default_base(&root),
    };
    let new_source = args.new.clone().unwrap_or_else(|| SPEC_PATH.to_owned());
    eprintln!("comparing {old_source} with {new_source}");
    let old_text = read_version(&root, &old_source)?;
    let new_text = read_version(&root, &new_source)?;
    let old_settings = settings_for(&root, &old_source)?;
    let new_settings = settings_for(&root, &new_source)?;
    let old_options = gladly_codegen::Options {
        settings: old_settings.as_ref(),
        ..Default::default()
    };
    let new_options = gladly_codegen::Options {
        settings: new_settings.as_ref(),
        ..Default::default()
    };
    let report = match diff::diff_specs_with((&old_text, &old_options), (&new_text, &new_options)) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("{error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    print!("{}", format_report(&report, args.format));
    Ok(exit_code(&report, args.fail_on))
}

/// The report in the chosen format.
pub fn format_report(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => render::markdown(report),
        Format::Json => render::json(report),
    }
}

/// Failure when `fail_on` is given and the report has such a change.
pub fn exit_code(report: &Report, fail_on: Option<FailOn>) -> ExitCode {
    let failed = match fail_on {
        None => false,
        Some(FailOn::Breaking) => report.breaking() > 0,
        Some(FailOn::Any) => !report.is_empty(),
    };
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The revision to compare against: where this branch left `origin/main`, or HEAD.
fn default_base(root: &Path) -> String {
    git(root, &["merge-base", "HEAD", "origin/main"])
        .ok()
        .map(|out| out.trim().to_owned())
        .filter(|rev| !rev.is_empty())
        .unwrap_or_else(|| "HEAD".to_owned())
}

/// A version of the spec: a file (relative to the current directory or to `root`), a
/// `REV:PATH` git object, or a revision whose vendored spec is read.
pub fn read_version(root: &Path, source: &str) -> Result<String> {
    for candidate in [PathBuf::from(source), root.join(source)] {
        if candidate.is_file() {
            return fs::read_to_string(&candidate)
                .with_context(|| format!("reading {}", candidate.display()));
        }
    }
    let object = if source.contains(':') {
        source.to_owned()
    } else {
        format!("{source}:{SPEC_PATH}")
    };
    git(root, &["show", &object])
        .with_context(|| format!("`{source}` is neither a file nor a git revision"))
}

/// The settings a version is read with: those beside it when it is a file; for a git
/// revision, those beside the spec in the working tree (settings describe the API, not
/// one version of it, and an older revision may predate its settings file).
pub fn settings_for(root: &Path, source: &str) -> Result<Option<gladly_codegen::Settings>> {
    for candidate in [PathBuf::from(source), root.join(source)] {
        if candidate.is_file() {
            return settings_beside(&candidate);
        }
    }
    let path = source.split_once(':').map_or(SPEC_PATH, |(_, path)| path);
    settings_beside(&root.join(path))
}

fn git(root: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .context("running git")?;
    if !output.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).context("git printed something that is not UTF-8")
}
