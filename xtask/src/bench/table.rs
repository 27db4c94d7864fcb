//! The table `cargo xtask bench` prints: each figure with its floor, ratio and goal.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use serde_json::Value;

use super::{read_json, Build, Criterion, Memory, Stream};

/// What a figure must be to meet its goal.
#[derive(Clone, Copy)]
enum Goal {
    /// Reported only.
    None,
    /// The ratio to the floor at most this.
    RatioAtMost(f64),
    /// The ratio to the floor at least this.
    RatioAtLeast(f64),
    /// The value itself at most this (in its unit).
    ValueAtMost(f64),
}

/// One line of the table.
pub(super) struct Row {
    figure: String,
    value: f64,
    floor: Option<(f64, String)>,
    unit: &'static str,
    ratio: Option<f64>,
    goal: Goal,
}

impl Row {
    fn met(&self) -> Option<bool> {
        match self.goal {
            Goal::None => None,
            Goal::RatioAtMost(max) => self.ratio.map(|r| r <= max),
            Goal::RatioAtLeast(min) => self.ratio.map(|r| r >= min),
            Goal::ValueAtMost(max) => Some(self.value <= max),
        }
    }
}

/// A row of a time against a floor time, the ratio being time / floor.
fn timed(figure: String, value: f64, floor: Option<(f64, &str)>, goal: Goal) -> Row {
    Row {
        figure,
        value: value * 1e3,
        ratio: floor.map(|(f, _)| value / f),
        floor: floor.map(|(f, what)| (f * 1e3, what.to_owned())),
        unit: "ms",
        goal,
    }
}

pub(super) fn generator_rows(results: &Criterion, rows: &mut Vec<Row>) -> Result<()> {
    let floor = results.median("generator", "floor")?;
    let parse = Some((floor, "serde_yaml parse"));
    for stage in ["load", "normalise", "locate", "lower", "emit", "render"] {
        let time = results.median("generator", stage)?;
        rows.push(timed(
            format!("generator, Gladly spec: {stage} (one thread)"),
            time,
            parse,
            Goal::None,
        ));
    }
    let total = results.median("generator", "total")?;
    rows.push(timed(
        "generator, Gladly spec: total".to_owned(),
        total,
        parse,
        Goal::RatioAtMost(3.0),
    ));
    let mut totals = Vec::new();
    for n in [1, 4, 16] {
        let total = results.median("scaling", &format!("total_{n}x"))?;
        let floor = results.median("scaling", &format!("floor_{n}x"))?;
        rows.push(timed(
            format!("generator, spec x{n}: total"),
            total,
            Some((floor, "serde_yaml parse")),
            Goal::None,
        ));
        totals.push(total);
    }
    if let (Some(one), Some(sixteen)) = (totals.first(), totals.last()) {
        rows.push(timed(
            "scaling: total x16 against total x1".to_owned(),
            *sixteen,
            Some((*one, "total x1")),
            Goal::RatioAtMost(17.0),
        ));
    }
    Ok(())
}

pub(super) fn memory_rows(memory: &Memory, rows: &mut Vec<Row>) {
    for (scale, codegen, floor) in &memory.runs {
        rows.push(Row {
            figure: format!("peak memory, `cargo xtask codegen` on spec x{scale}"),
            value: *codegen,
            floor: Some((*floor, "serde_yaml parse".to_owned())),
            unit: "MB",
            ratio: Some(codegen / floor),
            goal: if *scale == 1 {
                Goal::ValueAtMost(64.0)
            } else {
                Goal::None
            },
        });
    }
}

pub(super) fn decode_rows(results: &Criterion, rows: &mut Vec<Row>) -> Result<()> {
    for (kind, what) in [
        ("items", "conversation items (one array) as Vec<Item>"),
        ("list", "conversation items (one array) as List<Item>"),
        ("events", "events feed lines as EventResponseSchemas"),
        ("export", "export rows as File"),
    ] {
        let typed = results.median("decode", &format!("{kind}_typed"))?;
        let value = results.median("decode", &format!("{kind}_value"))?;
        let bytes = results.bytes("decode", &format!("{kind}_typed"))?;
        let speed = |seconds: f64| bytes / seconds / 1e6;
        rows.push(Row {
            figure: format!("decode {what}, {:.0} MB", bytes / 1e6),
            value: speed(typed),
            floor: Some((speed(value), "serde_json::Value".to_owned())),
            unit: "MB/s",
            ratio: Some(value / typed),
            goal: Goal::RatioAtLeast(1.5),
        });
    }
    Ok(())
}

pub(super) fn stream_rows(
    results: &Criterion,
    streams: &[Stream],
    rows: &mut Vec<Row>,
) -> Result<()> {
    for stream in streams {
        let kind = stream.kind;
        let loopback = results.median("stream", &format!("{kind}_json_lines_loopback"))?;
        let memory = results.median("stream", &format!("{kind}_stream_deserializer"))?;
        rows.push(timed(
            format!("stream {kind}, 100k lines: JsonLines over loopback"),
            loopback,
            Some((memory, "StreamDeserializer, in memory")),
            Goal::RatioAtMost(1.2),
        ));
        rows.push(timed(
            format!(
                "stream {kind}, {} lines: JsonLines over loopback (one run)",
                count(stream.long)
            ),
            stream.long_loopback.0,
            Some((stream.long_memory, "StreamDeserializer, in memory")),
            Goal::RatioAtMost(1.2),
        ));
        let (short_mb, long_mb) = (stream.short_loopback.1, stream.long_loopback.1);
        rows.push(Row {
            figure: format!("stream {kind}: peak memory at {} lines", count(stream.long)),
            value: long_mb,
            floor: Some((short_mb, format!("at {} lines", count(stream.short)))),
            unit: "MB",
            ratio: Some(long_mb / short_mb),
            goal: Goal::RatioAtMost(1.1),
        });
    }
    Ok(())
}

fn count(lines: usize) -> String {
    match lines {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

pub(super) fn build_rows(build: &Build, rows: &mut Vec<Row>) {
    let plain = |figure: &str, value: f64, unit| Row {
        figure: figure.to_owned(),
        value,
        floor: None,
        unit,
        ratio: None,
        goal: Goal::None,
    };
    rows.push(plain(
        "generated crate: lines of src/generated/",
        build.lines as f64,
        "lines",
    ));
    rows.push(plain(
        "generated crate: `cargo build` after a touch, debug",
        build.debug,
        "s",
    ));
    if let Some(release) = build.release {
        rows.push(plain(
            "generated crate: `cargo build` after a touch, release",
            release,
            "s",
        ));
    }
}

/// The slowest real spec of the corpus: from the last `cargo xtask corpus` run when
/// there was one (it times every document); otherwise the largest document of the
/// corpus is generated once here (the corpus is installed first), which is the slowest
/// in every run so far. `--quick` skips that.
pub(super) fn corpus_row(root: &Path, quick: bool, rows: &mut Vec<Row>) -> Result<()> {
    let report = read_json(&root.join("target/corpus-report.json")).ok();
    let slowest = report.as_ref().and_then(|r| r.pointer("/summary/slowest"));
    if let (Some(ms), Some(path)) = (
        slowest.and_then(|s| s.get("ms")).and_then(Value::as_f64),
        slowest.and_then(|s| s.get("path")).and_then(Value::as_str),
    ) {
        rows.push(corpus_figure(
            format!("corpus: slowest spec, `{path}` (last `cargo xtask corpus`)"),
            ms,
        ));
        return Ok(());
    }
    if quick {
        eprintln!("note: --quick and no target/corpus-report.json: the corpus's slowest spec is not measured");
        return Ok(());
    }
    eprintln!("== the corpus's largest document");
    let api = crate::corpus::install::ensure(root)?;
    let paths = crate::corpus::generate::list(&api, None)?;
    let size = |path: &String| std::fs::metadata(api.join(path)).map_or(0, |m| m.len());
    let Some(largest) = paths.iter().max_by_key(|path| size(path)) else {
        eprintln!("note: the corpus has no documents");
        return Ok(());
    };
    let (record, _) = crate::corpus::generate::one(&api, largest, false);
    rows.push(corpus_figure(
        format!(
            "corpus: largest spec, `{largest}` ({:.0} MB), generated by this `xtask`",
            size(largest) as f64 / 1_000_000.0
        ),
        record.ms() as f64,
    ));
    Ok(())
}

fn corpus_figure(figure: String, ms: f64) -> Row {
    Row {
        figure,
        value: ms,
        floor: None,
        unit: "ms",
        ratio: None,
        goal: Goal::None,
    }
}

pub(super) fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| figure | value | floor | ratio | goal | met |\n|---|---:|---:|---:|---|---|\n",
    );
    for row in rows {
        let floor = row.floor.as_ref().map_or("—".to_owned(), |(value, what)| {
            format!("{} ({what})", number(*value, row.unit))
        });
        let ratio = row.ratio.map_or("—".to_owned(), |r| format!("{r:.2}x"));
        let goal = match row.goal {
            Goal::None => "—".to_owned(),
            Goal::RatioAtMost(max) => format!("≤ {max}x"),
            Goal::RatioAtLeast(min) => format!("≥ {min}x"),
            Goal::ValueAtMost(max) => format!("≤ {}", number(max, row.unit)),
        };
        let met = match row.met() {
            None => "—",
            Some(true) => "met",
            Some(false) => "NOT met",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {floor} | {ratio} | {goal} | {met} |",
            row.figure,
            number(row.value, row.unit)
        );
    }
    out
}

fn number(value: f64, unit: &str) -> String {
    match unit {
        "lines" => format!("{value:.0} lines"),
        "s" => format!("{value:.1} s"),
        _ if value >= 100.0 => format!("{value:.0} {unit}"),
        _ if value >= 10.0 => format!("{value:.1} {unit}"),
        _ => format!("{value:.2} {unit}"),
    }
}
