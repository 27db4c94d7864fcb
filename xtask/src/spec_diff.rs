//! `cargo xtask spec diff [OLD] [NEW]`: a semantic API diff.

use std::process::ExitCode;

use anyhow::Result;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: &Args) -> Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
