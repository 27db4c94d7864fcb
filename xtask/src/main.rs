//! Project commands, run as `cargo xtask <command>`.

mod codegen;
mod spec_diff;
mod spec_normalized;
mod spec_update;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Project commands for gladly-codegen.
#[derive(Parser)]
#[command(name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate's `src/generated/` from the spec.
    Codegen(codegen::Args),
    /// Work with the spec: write it out normalised, update it, diff two versions.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
}

#[derive(Subcommand)]
enum SpecCommand {
    /// Write the spec as the generator normalised it (a valid OpenAPI 3.0 document).
    Normalized(spec_normalized::Args),
    /// Fetch a new version of the spec, check it, vendor it and regenerate.
    Update(spec_update::Args),
    /// Report what changed in the API between two versions of the spec.
    Diff(spec_diff::Args),
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen::run(&args),
        Command::Spec { command } => match command {
            SpecCommand::Normalized(args) => spec_normalized::run(&args),
            SpecCommand::Update(args) => spec_update::run(&args),
            SpecCommand::Diff(args) => spec_diff::run(&args),
        },
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
