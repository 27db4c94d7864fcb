//! `cargo xtask spec normalized --out FILE`: the spec as the generator reads it.

use std::process::ExitCode;

use anyhow::Result;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: &Args) -> Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
