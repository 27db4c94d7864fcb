//! `cargo xtask spec normalized [--spec PATH] [--out FILE]`: the spec as the generator
//! reads it, after every repair, written as an OpenAPI 3.0 JSON document.
//!
//! Tools that read the spec independently of the generator (a mock server, a validator)
//! are given this document, so that they and the generator agree on what the spec says;
//! the repairs are printed as warnings, exactly as `cargo xtask codegen` prints them.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use gladly_codegen::Diagnostic;

use crate::report::grouped;
use crate::{settings_beside, workspace_root};

/// Arguments of `spec normalized`.
#[derive(clap::Args)]
pub struct Args {
    /// The OpenAPI 3.0 document to read (YAML or JSON), relative to the workspace root.
    #[arg(long, default_value = "spec/gladly-openapi.yaml")]
    spec: PathBuf,
    /// The file to write the normalised document to (JSON), relative to the workspace
    /// root; `-` or no value writes it to standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Do not print the warnings, only their count.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<ExitCode> {
    let root = workspace_root();
    let spec = root.join(&args.spec);
    let text = fs::read_to_string(&spec).with_context(|| format!("reading {}", spec.display()))?;
    let settings = settings_beside(&spec)?;
    let options = gladly_codegen::Options {
        settings: settings.as_ref(),
        ..Default::default()
    };
    let normalised = match gladly_codegen::normalise_spec_with(&text, &options) {
        Ok(normalised) => normalised,
        Err(failure) => {
            eprint!("{}", grouped(&failure.diagnostics, Diagnostic::to_string));
            eprintln!(
                "error: {} could not be normalised; nothing was written",
                spec.display()
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let repairs = normalised.diagnostics.into_vec();
    if !args.quiet {
        eprint!("{}", grouped(&repairs, Diagnostic::to_string));
    }
    eprintln!("{} repairs", repairs.len());
    let document = format!("{:#}\n", normalised.tree);
    match args.out.as_deref().filter(|out| out.as_os_str() != "-") {
        Some(out) => {
            let target = root.join(out);
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            }
            fs::write(&target, document)
                .with_context(|| format!("writing {}", target.display()))?;
            eprintln!("wrote {}", target.display());
        }
        None => std::io::stdout()
            .write_all(document.as_bytes())
            .context("writing to standard output")?,
    }
    Ok(ExitCode::SUCCESS)
}
