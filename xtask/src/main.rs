//! Project commands, run as `cargo xtask <command>`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{bench, codegen, corpus, spec_diff, spec_normalized, spec_update};

/// Project commands for gladly-codegen.
#[derive(Parser)]
#[command(name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the benchmarks (release builds) and print the table of figures against their
    /// floors and goals; also written to `target/bench/report.md`.
    Bench(bench::Args),
    /// Regenerate the client crate's `src/generated/` from the spec.
    Codegen(codegen::Args),
    /// Generate every document of the APIs.guru directory and compile a sample.
    Corpus(corpus::Args),
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

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Bench(args) => bench::run(&args),
        Command::Codegen(args) => codegen::run(&args),
        Command::Corpus(args) => corpus::run(&args),
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
