//! Decoding with the generated types against decoding the same bytes into
//! `serde_json::Value`: conversation items (as `Vec<Item>` and as `List<Item>`), the
//! events feed, export rows; and streaming
//! the events feed and an export file through the client's `JsonLines` from a loopback
//! server against `serde_json::StreamDeserializer` over the same bytes in memory. Run
//! with `cargo xtask bench`, which tabulates the results.

// `criterion_group!` declares an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gladly_benches::{data, loopback, spec_tree};
use gladly_generated::{types, List};
use serde_json::Value;

/// The size of the conversation items array.
const ITEMS_BYTES: usize = 40 * 1024 * 1024;
/// The lines of the events feed and of an export file.
const LINES: usize = 100_000;

fn typed_vs_value(c: &mut Criterion) -> anyhow::Result<()> {
    let spec = spec_tree()?;
    let items = data::repeated_array(&data::conversation_items(&spec)?, ITEMS_BYTES)?;
    let events = data::json_lines(&data::events(&spec)?, LINES)?;
    let export = data::json_lines(&data::export_rows(&spec)?, LINES)?;

    let mut group = c.benchmark_group("decode");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group.throughput(Throughput::Bytes(items.len() as u64));
    group.bench_function("items_typed", |b| {
        b.iter(|| serde_json::from_slice::<Vec<types::Item>>(black_box(&items)))
    });
    group.bench_function("items_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&items)))
    });
    group.bench_function("list_typed", |b| {
        b.iter(|| serde_json::from_slice::<List<types::Item>>(black_box(&items)))
    });
    group.bench_function("list_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&items)))
    });
    group.throughput(Throughput::Bytes(events.len() as u64));
    group.bench_function("events_typed", |b| {
        b.iter(|| data::decode_lines::<types::EventResponseSchemas>(black_box(&events)))
    });
    group.bench_function("events_value", |b| {
        b.iter(|| data::decode_lines::<Value>(black_box(&events)))
    });
    group.throughput(Throughput::Bytes(export.len() as u64));
    group.bench_function("export_typed", |b| {
        b.iter(|| data::decode_lines::<types::File>(black_box(&export)))
    });
    group.bench_function("export_value", |b| {
        b.iter(|| data::decode_lines::<Value>(black_box(&export)))
    });
    group.finish();
    Ok(())
}

fn streaming(c: &mut Criterion) -> anyhow::Result<()> {
    let spec = spec_tree()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut group = c.benchmark_group("stream");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    for kind in ["events", "export"] {
        let values = match kind {
            "events" => data::events(&spec)?,
            _ => data::export_rows(&spec)?,
        };
        let bytes = data::json_lines(&values, LINES)?;
        let server = runtime.block_on(loopback::Server::start(
            data::encoded_lines(&values)?,
            LINES,
        ))?;
        let client = loopback::client(&server)?;
        let fetch = || {
            runtime.block_on(async {
                match kind {
                    "events" => loopback::stream_events(&client).await,
                    _ => loopback::stream_export(&client).await,
                }
            })
        };
        // Both sides must decode every line, or the comparison times errors.
        let (decoded, failed) = fetch()?;
        let in_memory = match kind {
            "events" => data::decode_stream::<types::EventResponseSchemas>(&bytes),
            _ => data::decode_stream::<types::File>(&bytes),
        };
        if decoded != LINES || failed != 0 || in_memory != LINES {
            anyhow::bail!(
                "{kind}: {decoded} lines streamed ({failed} failed), {in_memory} in memory, of {LINES}"
            );
        }
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{kind}_json_lines_loopback"), |b| b.iter(&fetch));
        group.bench_function(format!("{kind}_stream_deserializer"), |b| {
            b.iter(|| match kind {
                "events" => data::decode_stream::<types::EventResponseSchemas>(black_box(&bytes)),
                _ => data::decode_stream::<types::File>(black_box(&bytes)),
            })
        });
    }
    group.finish();
    Ok(())
}

fn benches(c: &mut Criterion) {
    for (name, bench) in [
        (
            "decode",
            typed_vs_value as fn(&mut Criterion) -> anyhow::Result<()>,
        ),
        ("stream", streaming),
    ] {
        if let Err(error) = bench(c) {
            eprintln!("error: the {name} benchmarks could not run: {error:#}");
            std::process::exit(1);
        }
    }
}

criterion_group!(decode, benches);
criterion_main!(decode);
