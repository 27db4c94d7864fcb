//! `cargo xtask bench [--quick]`: runs the benchmarks of `benches/` (release builds) and
//! prints one table: each figure, its floor measured in the same run, their ratio, the
//! goal and whether it is met. The table is also written to `target/bench/report.md`.
//!
//! Timings come from Criterion (`cargo bench -p gladly-benches`), read from the
//! `estimates.json` it writes for each benchmark (the median). Peak memory comes from
//! `gladly-bench-probe`, which runs a measurement as its only child process. The build
//! cost of the generated crate is timed here, with `cargo build -p gladly-generated`
//! after touching the crate.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Instant, SystemTime};

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::workspace_root;

mod table;

use table::{build_rows, corpus_row, decode_rows, generator_rows, memory_rows, stream_rows, table};

/// Arguments of `bench`.
#[derive(clap::Args)]
pub struct Args {
    /// A shorter run: Criterion's `--quick` mode, 10k and 100k streamed lines instead of
    /// 100k and 1M, and no release build of the generated crate.
    #[arg(long)]
    quick: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> Result<ExitCode> {
    let root = workspace_root();
    let target = target_dir(&root);
    let out = target.join("bench");
    let criterion = out.join("criterion");
    // Results of an earlier run must not stand in for a benchmark that did not run.
    if criterion.exists() {
        fs::remove_dir_all(&criterion)
            .with_context(|| format!("removing {}", criterion.display()))?;
    }
    fs::create_dir_all(&out)?;

    eprintln!("== benchmarks (Criterion, release)");
    let mut bench = cargo(&root);
    bench.args([
        "bench",
        "-p",
        "gladly-benches",
        "--bench",
        "generator",
        "--bench",
        "decode",
    ]);
    bench.env("CRITERION_HOME", &criterion);
    if args.quick {
        bench.args(["--", "--quick"]);
    }
    check(bench.status(), "cargo bench")?;
    let results = Criterion { home: criterion };

    eprintln!("== peak memory and long streams (gladly-bench-probe)");
    // `cargo bench` built it with the benchmarks (a package's binaries are built for its
    // benchmarks), with the same features: building it alone would build again.
    let probe = Probe {
        path: target.join("release/gladly-bench-probe"),
    };
    if !probe.path.exists() {
        bail!("cargo bench did not build {}", probe.path.display());
    }
    let work = out.join("work");
    if work.exists() {
        fs::remove_dir_all(&work)?;
    }
    let memory = measure_memory(&root, &probe, &work)?;
    let (short, long) = if args.quick {
        (10_000, 100_000)
    } else {
        (100_000, 1_000_000)
    };
    let streams = ["events", "export"]
        .into_iter()
        .map(|kind| measure_stream(&probe, kind, short, long))
        .collect::<Result<Vec<_>>>()?;

    eprintln!("== build cost of gladly-generated");
    let build = measure_build(&root, !args.quick)?;

    let mut rows = Vec::new();
    generator_rows(&results, &mut rows)?;
    memory_rows(&memory, &mut rows);
    decode_rows(&results, &mut rows)?;
    stream_rows(&results, &streams, &mut rows)?;
    build_rows(&build, &mut rows);
    corpus_row(&root, args.quick, &mut rows)?;

    let table = table(&rows);
    let report = format!(
        "# Benchmarks\n\n`cargo xtask bench{}`, {}\n\n{table}",
        if args.quick { " --quick" } else { "" },
        machine()
    );
    let path = out.join("report.md");
    fs::write(&path, &report).with_context(|| format!("writing {}", path.display()))?;
    println!("{table}");
    println!("report: {}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Where Cargo builds: `CARGO_TARGET_DIR`, else the workspace's `target/`.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// The Cargo that runs xtask, without the variables `cargo run` set for xtask itself:
/// build scripts that watch them (`rerun-if-env-changed=CARGO_PKG_NAME`) would run
/// again, and their crates be rebuilt, on every switch between `cargo xtask bench` and a
/// plain `cargo bench`.
fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_by_run = name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || matches!(
                name.as_ref(),
                "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE"
            );
        if set_by_run {
            command.env_remove(name.as_ref());
        }
    }
    command
}

fn check(status: std::io::Result<std::process::ExitStatus>, what: &str) -> Result<()> {
    let status = status.with_context(|| format!("running {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// The results Criterion wrote.
struct Criterion {
    home: PathBuf,
}

impl Criterion {
    /// The median time of a benchmark, in seconds.
    fn median(&self, group: &str, name: &str) -> Result<f64> {
        let path = self.home.join(group).join(name).join("new/estimates.json");
        let estimates = read_json(&path)?;
        estimates
            .pointer("/median/point_estimate")
            .and_then(Value::as_f64)
            .map(|ns| ns / 1e9)
            .with_context(|| format!("{} has no median", path.display()))
    }

    /// The bytes a benchmark reads per iteration, as it declared them.
    fn bytes(&self, group: &str, name: &str) -> Result<f64> {
        let path = self.home.join(group).join(name).join("new/benchmark.json");
        read_json(&path)?
            .pointer("/throughput/Bytes")
            .and_then(Value::as_f64)
            .with_context(|| format!("{} declares no bytes", path.display()))
    }
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// The probe binary of `benches/`.
struct Probe {
    path: PathBuf,
}

impl Probe {
    /// Runs the probe and reads its `key=value` lines.
    fn run(&self, args: &[&str]) -> Result<Vec<(String, String)>> {
        let output = Command::new(&self.path)
            .args(args)
            .stderr(std::process::Stdio::inherit())
            .output()
            .with_context(|| format!("running {}", self.path.display()))?;
        if !output.status.success() {
            bail!("gladly-bench-probe {} failed", args.join(" "));
        }
        Ok(String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect())
    }

    /// Runs the probe and reads one number it prints.
    fn number(&self, args: &[&str], key: &str) -> Result<f64> {
        let values = self.run(args)?;
        values
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.parse().ok())
            .with_context(|| format!("gladly-bench-probe {} printed no {key}", args.join(" ")))
    }
}

/// Peak memory of the generator and of parsing its input, in MB, at 1x and 16x.
struct Memory {
    /// (scale, codegen's peak, the untyped parse's peak).
    runs: Vec<(usize, f64, f64)>,
}

fn measure_memory(root: &Path, probe: &Probe, work: &Path) -> Result<Memory> {
    let xtask = std::env::current_exe().context("finding the xtask binary")?;
    let xtask = xtask.to_string_lossy().into_owned();
    let mut runs = Vec::new();
    for scale in [1, 16] {
        let dir = work.join(format!("x{scale}"));
        fs::create_dir_all(&dir)?;
        let spec = dir.join("gladly-openapi.yaml");
        if scale == 1 {
            fs::copy(root.join("spec/gladly-openapi.yaml"), &spec)?;
        } else {
            probe.run(&["write-spec", &scale.to_string(), &spec.to_string_lossy()])?;
        }
        fs::copy(root.join("spec/codegen.toml"), dir.join("codegen.toml"))?;
        let spec = spec.to_string_lossy().into_owned();
        let generated = dir.join("generated").to_string_lossy().into_owned();
        let codegen = probe.number(
            &[
                "rss", &xtask, "codegen", "--quiet", "--spec", &spec, "--out", &generated,
            ],
            "max_rss_kib",
        )?;
        let probe_path = probe.path.to_string_lossy().into_owned();
        let floor = probe.number(&["rss", &probe_path, "parse-yaml", &spec], "max_rss_kib")?;
        runs.push((scale, kib_to_mb(codegen), kib_to_mb(floor)));
    }
    Ok(Memory { runs })
}

fn kib_to_mb(kib: f64) -> f64 {
    kib * 1024.0 / 1e6
}

/// One kind of JSON-lines body streamed at two lengths.
struct Stream {
    kind: &'static str,
    short: usize,
    long: usize,
    /// Seconds and peak MB of `JsonLines` over loopback, at each length.
    short_loopback: (f64, f64),
    long_loopback: (f64, f64),
    /// Seconds of `StreamDeserializer` over the long body in memory.
    long_memory: f64,
}

fn measure_stream(probe: &Probe, kind: &'static str, short: usize, long: usize) -> Result<Stream> {
    let run = |lines: usize, mode: &str| -> Result<(f64, f64)> {
        let values = probe.run(&["stream", kind, &lines.to_string(), mode])?;
        let get = |key: &str| {
            values
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| v.parse::<f64>().ok())
                .with_context(|| format!("the {kind} stream printed no {key}"))
        };
        Ok((get("elapsed_ms")? / 1e3, kib_to_mb(get("max_rss_kib")?)))
    };
    Ok(Stream {
        kind,
        short,
        long,
        short_loopback: run(short, "loopback")?,
        long_loopback: run(long, "loopback")?,
        long_memory: run(long, "memory")?.0,
    })
}

/// Lines generated and build times (seconds) of the generated crate.
struct Build {
    lines: usize,
    debug: f64,
    release: Option<f64>,
}

fn measure_build(root: &Path, release: bool) -> Result<Build> {
    let lines = count_lines(&root.join("gladly-generated/src/generated"))?;
    let time = |profile: Option<&str>| -> Result<f64> {
        let build = |what: &str| {
            let mut command = cargo(root);
            command.args(["build", "-p", "gladly-generated"]);
            command.args(profile);
            check(command.status(), what)
        };
        // Its dependencies first, untimed: a user builds them once.
        build("building gladly-generated's dependencies")?;
        let lib = root.join("gladly-generated/src/lib.rs");
        fs::File::options()
            .append(true)
            .open(&lib)
            .and_then(|f| f.set_modified(SystemTime::now()))
            .with_context(|| format!("touching {}", lib.display()))?;
        let start = Instant::now();
        build("building gladly-generated")?;
        Ok(start.elapsed().as_secs_f64())
    };
    Ok(Build {
        lines,
        debug: time(None)?,
        release: if release {
            Some(time(Some("--release"))?)
        } else {
            None
        },
    })
}

fn count_lines(dir: &Path) -> Result<usize> {
    let mut total = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            total += count_lines(&path)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            total += fs::read_to_string(&path)?.lines().count();
        }
    }
    Ok(total)
}

/// The machine: cores, memory and processor, as Linux reports them.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZeroUsize::get);
    let field = |file: &str, key: &str| {
        fs::read_to_string(file).ok().and_then(|text| {
            text.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
    };
    let memory = field("/proc/meminfo", "MemTotal")
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or("unknown memory".to_owned(), |kib| {
            format!("{:.1} GiB", kib / 1_048_576.0)
        });
    let cpu = field("/proc/cpuinfo", "model name").unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{cores} cores, {memory}, {cpu}")
}
