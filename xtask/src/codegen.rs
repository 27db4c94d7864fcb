//! `cargo xtask codegen [--check] [--spec PATH] [--out DIR]`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::report::grouped;
use crate::{settings_beside, workspace_root};

/// Arguments of `codegen`.
#[derive(clap::Args)]
pub struct Args {
    /// Do not write: exit non-zero and name the stale files when the output on disk
    /// differs from what the generator would write.
    #[arg(long)]
    check: bool,
    /// The OpenAPI 3.0 or 3.1 document to read (YAML or JSON). The files its `$ref`s
    /// name are read relative to its directory, and settings from `codegen.toml` beside
    /// it, when there is one.
    #[arg(long, default_value = "spec/gladly-openapi.yaml")]
    spec: PathBuf,
    /// The directory to write the generated modules into.
    #[arg(long, default_value = "gladly-generated/src/generated")]
    out: PathBuf,
    /// Do not print the warnings, only their count.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<ExitCode> {
    let root = workspace_root();
    let spec = root.join(&args.spec);
    let out = root.join(&args.out);
    let text = fs::read_to_string(&spec).with_context(|| format!("reading {}", spec.display()))?;
    let settings = settings_beside(&spec)?;
    // External `$ref`s name files relative to the spec's directory.
    let spec_dir = spec.parent().map(Path::to_path_buf).unwrap_or_default();
    let read =
        |relative: &str| fs::read_to_string(spec_dir.join(relative)).map_err(|e| e.to_string());
    let options = gladly_codegen::Options {
        settings: settings.as_ref(),
        read_file: Some(&read),
    };
    let origin = args.spec.display().to_string();
    let output = match gladly_codegen::generate_with(&text, &options) {
        Ok(output) => output,
        Err(failure) => {
            eprint!(
                "{}",
                grouped(&failure.diagnostics, |d| d.render(&text, &origin))
            );
            eprintln!(
                "error: {} produced no output; nothing was written",
                spec.display()
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    if !args.quiet {
        eprint!(
            "{}",
            grouped(&output.warnings, |w| w.render(&text, &origin))
        );
    }
    eprintln!(
        "{} operations, {} webhooks, {} types; {} warnings",
        output.api.operations.len(),
        output.api.webhooks.len(),
        output.api.types.len(),
        output.warnings.len()
    );
    if args.check {
        let stale = stale_files(&out, &output.files)?;
        if stale.is_empty() {
            eprintln!("{} is up to date", args.out.display());
            return Ok(ExitCode::SUCCESS);
        }
        for line in &stale {
            eprintln!("stale: {line}");
        }
        eprintln!(
            "the generated code is out of date: run `cargo xtask codegen` and commit the result"
        );
        return Ok(ExitCode::FAILURE);
    }
    write_atomically(&out, &output.files)?;
    eprintln!(
        "wrote {} files to {}",
        output.files.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Files that differ, are missing, or should not be there.
fn stale_files(out: &Path, files: &BTreeMap<String, String>) -> Result<Vec<String>> {
    let mut stale = Vec::new();
    for (path, contents) in files {
        match fs::read_to_string(out.join(path)) {
            Ok(existing) if existing == *contents => {}
            Ok(_) => stale.push(format!("{path} (differs)")),
            Err(_) => stale.push(format!("{path} (missing)")),
        }
    }
    for path in list_files(out)? {
        if !files.contains_key(&path) {
            stale.push(format!("{path} (not generated any more)"));
        }
    }
    Ok(stale)
}

/// Every file below `dir`, as `/`-separated relative paths, sorted.
fn list_files(dir: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in
            fs::read_dir(&current).with_context(|| format!("listing {}", current.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Writes the whole output into a sibling directory, then swaps it into place, so an
/// interrupted run leaves either the old files or the new ones, never a mix.
pub(crate) fn write_atomically(out: &Path, files: &BTreeMap<String, String>) -> Result<()> {
    let parent = out.parent().context("output directory has no parent")?;
    let name = out
        .file_name()
        .context("output directory has no name")?
        .to_string_lossy();
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)
                .with_context(|| format!("removing {}", leftover.display()))?;
        }
    }
    for (path, contents) in files {
        let target = staging.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&target, contents).with_context(|| format!("writing {}", target.display()))?;
    }
    if out.exists() {
        fs::rename(out, &previous).with_context(|| format!("moving {} aside", out.display()))?;
    }
    fs::rename(&staging, out)
        .with_context(|| format!("moving {} into place", staging.display()))?;
    if previous.exists() {
        fs::remove_dir_all(&previous)
            .with_context(|| format!("removing {}", previous.display()))?;
    }
    Ok(())
}
