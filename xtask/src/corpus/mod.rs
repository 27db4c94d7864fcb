//! `cargo xtask corpus`: runs the generator on every document of the APIs.guru
//! directory, compiles the output of a seeded sample, and compares the failures with
//! `tests/corpus-exceptions.txt`.
//!
//! `cargo xtask corpus` is a debug build (the alias runs `cargo run`); timings that
//! matter, and `--max-ms`, come from `cargo run --release -p xtask -- corpus`.

mod check;
mod exceptions;
mod generate;
mod install;
mod report;
mod sample;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::workspace_root;
use check::CrateResult;
use exceptions::{Observed, Stage};
use generate::{Outcome, Record};
use report::Summary;

/// Arguments of `corpus`.
#[derive(clap::Args)]
pub struct Args {
    /// How many of the documents that generated to compile.
    #[arg(long, default_value_t = 40)]
    sample: usize,
    /// Chooses the sample (the same seed draws the same sample on every machine).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Generator threads [default: the available parallelism].
    #[arg(long)]
    jobs: Option<usize>,
    /// Only the documents whose path (relative to `api/`) contains this text.
    #[arg(long)]
    only: Option<String>,
    /// Generate only; compile no sample.
    #[arg(long)]
    no_check: bool,
    /// Fail on any document slower than this (only in a build with optimisations).
    #[arg(long, default_value_t = 2000)]
    max_ms: u64,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<ExitCode> {
    let root = workspace_root();
    let exceptions_path = root.join("tests/corpus-exceptions.txt");
    let listed = exceptions::parse(
        &fs::read_to_string(&exceptions_path)
            .with_context(|| format!("reading {}", exceptions_path.display()))?,
    )
    .with_context(|| format!("in {}", exceptions_path.display()))?;
    let mut phases = Vec::new();

    let clock = Instant::now();
    let api = install::ensure(&root)?;
    phases.push(("install", clock.elapsed().as_secs_f64()));

    let clock = Instant::now();
    let paths = generate::list(&api, args.only.as_deref())?;
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    eprintln!(
        "corpus: generating {} documents on {jobs} threads",
        paths.len()
    );
    let records = generate::all(&api, &paths, jobs);
    phases.push(("generate", clock.elapsed().as_secs_f64()));

    let clock = Instant::now();
    let sample = if args.no_check {
        Vec::new()
    } else {
        draw(&records, args)
    };
    let results = compile(&root, &api, &sample)?;
    phases.push(("check", clock.elapsed().as_secs_f64()));

    let mut problems = Vec::new();
    let generate_seen: Observed = records
        .iter()
        .map(|r| (r.path.clone(), r.outcome == Outcome::Generated))
        .collect();
    let check_seen: Observed = sample
        .iter()
        .map(|(path, name)| {
            (
                path.clone(),
                results.get(name).is_some_and(CrateResult::compiled),
            )
        })
        .collect();
    let by_generate = exceptions::compare(
        &listed,
        Stage::Generate,
        &generate_seen,
        args.only.is_none(),
    );
    let by_check = exceptions::compare(&listed, Stage::Check, &check_seen, false);
    problems.extend(by_generate.problems);
    problems.extend(by_check.problems);
    problems.extend(panics_and_slow(&records, args.max_ms));

    let summary = Summary::new(&records, &results);
    print(&summary, &records, &sample, &results, &phases);
    println!(
        "exceptions: {} generate and {} check failures listed in tests/corpus-exceptions.txt",
        by_generate.excused, by_check.excused
    );
    let report = report::json(&summary, &records, &sample, &results, &phases, &problems);
    let out = root.join("target/corpus-report.json");
    fs::create_dir_all(root.join("target")).context("creating target/")?;
    fs::write(&out, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", out.display()))?;
    println!("report: {}", out.display());
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("corpus: {} problems fail the run:", problems.len());
    for problem in &problems {
        eprintln!("  {problem}");
    }
    Ok(ExitCode::FAILURE)
}

/// The sample: (path, crate name) for `--sample` of the documents that generated.
fn draw(records: &[Record], args: &Args) -> Vec<(String, String)> {
    let generated: Vec<String> = records
        .iter()
        .filter(|r| r.outcome == Outcome::Generated)
        .map(|r| r.path.clone())
        .collect();
    sample::sample(&generated, args.sample, args.seed)
        .into_iter()
        .enumerate()
        .map(|(i, path)| {
            let name = check::crate_name(i, &path);
            (path, name)
        })
        .collect()
}

/// Generates the sample again (output is deterministic; keeping every output of the
/// first pass in memory would cost far more) and checks it in one workspace.
fn compile(
    root: &Path,
    api: &Path,
    sample: &[(String, String)],
) -> Result<BTreeMap<String, CrateResult>> {
    if sample.is_empty() {
        return Ok(BTreeMap::new());
    }
    let paths: Vec<String> = sample.iter().map(|(path, _)| path.clone()).collect();
    let crates: Vec<(String, BTreeMap<String, String>)> = sample
        .iter()
        .zip(generate::outputs(api, &paths))
        .filter_map(|((_, name), files)| Some((name.clone(), files?)))
        .collect();
    eprintln!(
        "corpus: checking {} crates in target/corpus-check (one cargo check)",
        crates.len()
    );
    check::run(root, &root.join("target/corpus-check"), &crates)
}

/// Panics, and documents over the time limit, which applies only to an optimised build
/// (a debug build's times say little).
fn panics_and_slow(records: &[Record], max_ms: u64) -> Vec<String> {
    let mut problems: Vec<String> = records
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Panicked(message) => Some(format!("{}: panicked: {message}", r.path)),
            _ => None,
        })
        .collect();
    if !cfg!(debug_assertions) {
        problems.extend(
            records
                .iter()
                .filter(|r| r.ms() > max_ms)
                .map(|r| format!("{}: took {} ms, over --max-ms {max_ms}", r.path, r.ms())),
        );
    }
    problems
}

/// The summary line, timings and the tables of failure codes.
fn print(
    summary: &Summary,
    records: &[Record],
    sample: &[(String, String)],
    results: &BTreeMap<String, CrateResult>,
    phases: &[(&str, f64)],
) {
    println!("{}", summary.line());
    println!(
        "time per document: median {:.1} ms, 95th percentile {:.1} ms",
        report::percentile(records, 50),
        report::percentile(records, 95)
    );
    let phases: Vec<String> = phases
        .iter()
        .map(|(n, s)| format!("{n} {s:.1} s"))
        .collect();
    println!("phases: {}", phases.join(", "));
    print!(
        "{}",
        report::table("refused, by error code", &report::refusal_codes(records))
    );
    print!(
        "{}",
        report::table(
            "not compiled, by error code",
            &report::compile_codes(results)
        )
    );
    for (path, name) in sample {
        if let Some(error) = results.get(name).and_then(|r| r.errors.first()) {
            println!("  {path}: error[{}]: {}", error.code, error.message);
        }
    }
}
