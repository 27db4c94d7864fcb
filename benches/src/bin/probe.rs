//! Measurements that need a process of their own, run by `cargo xtask bench`:
//!
//! - `rss PROGRAM [ARGS...]`: runs the program and prints its peak resident memory
//!   (`max_rss_kib=`) and wall time (`elapsed_ms=`); exits with its status.
//! - `write-spec N PATH`: writes the Gladly spec scaled `N` times (see `scaled`).
//! - `stages N`: times each stage of the generator once (the best of three runs) on the
//!   spec scaled `N` times, on one thread, to see which stage grows out of line.
//! - `parse-yaml PATH`: parses a file into an untyped `serde_yaml::Value`, the floor of
//!   the generator's memory.
//! - `stream events|export LINES loopback|memory`: decodes `LINES` lines of the events
//!   feed or an export file, through the client's `JsonLines` from a loopback server or
//!   with `serde_json::StreamDeserializer` from memory, and prints `elapsed_ms=`,
//!   `decoded=` and this process's `max_rss_kib=`.
//!
//! Output is `key=value` lines, read by xtask.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use gladly_benches::{data, failure, loopback, scaled};
use gladly_generated::types;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["rss", program, rest @ ..] => rss(program, rest),
        ["write-spec", n, path] => {
            let n: usize = n.parse().context("the scale is a number")?;
            std::fs::write(path, scaled::scaled_spec(n)?).with_context(|| format!("writing {path}"))?;
            Ok(ExitCode::SUCCESS)
        }
        ["stages", n] => {
            stages(n.parse().context("the scale is a number")?)?;
            Ok(ExitCode::SUCCESS)
        }
        ["parse-yaml", path] => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
            let start = Instant::now();
            let value: serde_yaml::Value = serde_yaml::from_str(&text)?;
            println!("elapsed_ms={:.1}", start.elapsed().as_secs_f64() * 1e3);
            drop(value);
            Ok(ExitCode::SUCCESS)
        }
        ["stream", kind, lines, mode] => {
            let lines: usize = lines.parse().context("the line count is a number")?;
            stream(kind, lines, mode)?;
            Ok(ExitCode::SUCCESS)
        }
        _ => bail!(
            "usage: gladly-bench-probe rss PROGRAM [ARGS...] | write-spec N PATH | stages N | parse-yaml PATH | stream events|export LINES loopback|memory"
        ),
    }
}

/// Runs `program` as the only child of this process, so that the peak memory of this
/// process's waited-for children is that program's.
fn rss(program: &str, args: &[&str]) -> Result<ExitCode> {
    let start = Instant::now();
    let status = std::process::Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("running {program}"))?;
    let elapsed = start.elapsed();
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)?;
    // Linux reports `ru_maxrss` in KiB.
    println!("max_rss_kib={}", usage.max_rss());
    println!("elapsed_ms={:.1}", elapsed.as_secs_f64() * 1e3);
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn stages(n: usize) -> Result<()> {
    use gladly_codegen::stages;
    let text = scaled::scaled_spec(n)?;
    let settings = gladly_benches::settings()?;
    let best = |f: &mut dyn FnMut() -> Result<()>| -> Result<f64> {
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let start = Instant::now();
            f()?;
            best = best.min(start.elapsed().as_secs_f64() * 1e3);
        }
        Ok(best)
    };
    let floor = best(&mut || {
        serde_yaml::from_str::<serde_yaml::Value>(&text)?;
        Ok(())
    })?;
    let load = best(&mut || stages::load(&text).map(drop).map_err(failure))?;
    let tree = stages::load(&text).map_err(failure)?;
    let normalise = best(&mut || stages::normalise(tree.clone()).map(drop).map_err(failure))?;
    let normalised = stages::normalise(tree).map_err(failure)?;
    let locate = best(&mut || {
        normalised.diagnostics.clone().locate(&text);
        Ok(())
    })?;
    let lower = best(&mut || {
        stages::lower(&normalised, &settings)
            .map(drop)
            .map_err(failure)
    })?;
    let api = stages::lower(&normalised, &settings).map_err(failure)?;
    let emit = best(&mut || {
        drop(stages::emit(&api));
        Ok(())
    })?;
    let render = best(&mut || {
        stages::render(stages::emit(&api))
            .map(drop)
            .map_err(failure)
    })?;
    for (name, ms) in [
        ("floor", floor),
        ("load", load),
        ("normalise", normalise),
        ("locate", locate),
        ("lower", lower),
        ("emit", emit),
        ("emit_render", render),
    ] {
        println!("{name}_ms={ms:.1}");
    }
    Ok(())
}

fn stream(kind: &str, lines: usize, mode: &str) -> Result<()> {
    let spec = gladly_benches::spec_tree()?;
    let values = match kind {
        "events" => data::events(&spec)?,
        "export" => data::export_rows(&spec)?,
        _ => bail!("the kinds are events and export, not {kind}"),
    };
    drop(spec);
    let (elapsed, decoded) = match mode {
        "loopback" => {
            let encoded = data::encoded_lines(&values)?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let server = loopback::Server::start(encoded, lines).await?;
                let client = loopback::client(&server)?;
                let start = Instant::now();
                let (ok, _) = match kind {
                    "events" => loopback::stream_events(&client).await?,
                    _ => loopback::stream_export(&client).await?,
                };
                anyhow::Ok((start.elapsed(), ok))
            })?
        }
        "memory" => {
            let bytes = data::json_lines(&values, lines)?;
            let start = Instant::now();
            let ok = match kind {
                "events" => data::decode_stream::<types::EventResponseSchemas>(&bytes),
                _ => data::decode_stream::<types::File>(&bytes),
            };
            (start.elapsed(), ok)
        }
        _ => bail!("the modes are loopback and memory, not {mode}"),
    };
    if decoded != lines {
        bail!("{decoded} of {lines} lines decoded");
    }
    println!("elapsed_ms={:.1}", elapsed.as_secs_f64() * 1e3);
    println!("decoded={decoded}");
    if let Some(kib) = gladly_benches::own_peak_rss_kib() {
        println!("max_rss_kib={kib}");
    }
    Ok(())
}
