//! `cargo xtask corpus`: runs the generator on every document of the APIs.guru
//! directory, compiles the output of a seeded sample, and compares the failures with
//! `tests/corpus-exceptions.txt`.
//!
//! `cargo xtask corpus` is a debug build (the alias runs `cargo run`); timings that
//! matter, and `--max-ms`, come from `cargo run --release -p xtask -- corpus`.

mod check;
mod exceptions;
pub(crate) mod generate;
pub(crate) mod install;
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
    /// Leave out of the sample the documents whose output is larger than this many
    /// kilobytes: the largest outputs (tens of megabytes) take minutes and gigabytes of
    /// memory each to check, which a time-boxed run cannot afford [default: no limit].
    #[arg(long)]
    sample_max_kb: Option<usize>,
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

    let verdict = judge(&listed, &records, &sample, &results, args);
    let summary = Summary::new(&records, &results);
    print(&summary, &records, &sample, &results, &phases);
    println!(
        "exceptions: {} generate and {} check failures listed in tests/corpus-exceptions.txt",
        verdict.excused_generate, verdict.excused_check
    );
    let problems = verdict.problems;
    let report = report::json(&summary, &records, &sample, &results, &phases, &problems);
    let out = root.join("target/corpus-report.json");
    write_json(&out, &report)?;
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

/// What fails the run, and how many failures the exceptions file excused.
struct Verdict {
    problems: Vec<String>,
    excused_generate: usize,
    excused_check: usize,
}

/// Compares both stages with the exceptions file, and adds panics and slow documents.
fn judge(
    listed: &exceptions::Exceptions,
    records: &[Record],
    sample: &[(String, String)],
    results: &BTreeMap<String, CrateResult>,
    args: &Args,
) -> Verdict {
    let generated: Observed = records
        .iter()
        .map(|r| (r.path.clone(), r.outcome == Outcome::Generated))
        .collect();
    let compiled: Observed = sample
        .iter()
        .map(|(path, name)| {
            let passed = results.get(name).is_some_and(CrateResult::compiled);
            (path.clone(), passed)
        })
        .collect();
    // A stale `generate` entry is seen only when every document was generated; `check`
    // entries count only for the documents in the sample.
    let by_generate = exceptions::compare(listed, Stage::Generate, &generated, args.only.is_none());
    let by_check = exceptions::compare(listed, Stage::Check, &compiled, false);
    let mut problems = by_generate.problems;
    problems.extend(by_check.problems);
    problems.extend(panics_and_slow(records, args.max_ms));
    Verdict {
        problems,
        excused_generate: by_generate.excused,
        excused_check: by_check.excused,
    }
}

fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    fs::write(path, serde_json::to_string_pretty(value)?)
        .with_context(|| format!("writing {}", path.display()))
}

/// The sample: (path, crate name) for `--sample` of the documents that generated (and
/// whose output is within `--sample-max-kb`).
fn draw(records: &[Record], args: &Args) -> Vec<(String, String)> {
    let max_bytes = args
        .sample_max_kb
        .map_or(usize::MAX, |kb| kb.saturating_mul(1024));
    let generated: Vec<String> = records
        .iter()
        .filter(|r| r.outcome == Outcome::Generated && r.bytes <= max_bytes)
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
        let result = results.get(name).cloned().unwrap_or_default();
        match result.errors.first() {
            Some(error) if error.code == "error" => println!("  {path}: error: {}", error.message),
            Some(error) => println!("  {path}: error[{}]: {}", error.code, error.message),
            None if !result.built => println!("  {path}: not built, and no error reported"),
            None => {}
        }
    }
}
