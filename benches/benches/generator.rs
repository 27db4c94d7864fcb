//! The generator on the Gladly spec, stage by stage and whole, against the floor of
//! parsing the same text into an untyped `serde_yaml::Value`; and on copies of the spec
//! scaled 4 and 16 times. Run with `cargo xtask bench`, which tabulates the results.

// `criterion_group!` declares an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use gladly_benches::{failure, scaled, settings, spec_path, spec_text};
use gladly_codegen::stages;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stage_by_stage(c: &mut Criterion) -> anyhow::Result<()> {
    let text = spec_text()?;
    let settings = settings()?;
    let spec_dir = spec_path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let read = |relative: &str| {
        std::fs::read_to_string(spec_dir.join(relative)).map_err(|e| e.to_string())
    };
    let options = gladly_codegen::Options {
        settings: Some(&settings),
        read_file: Some(&read),
    };
    let tree = stages::load(&text).map_err(failure)?;
    let normalised = stages::normalise(tree.clone()).map_err(failure)?;
    let api = stages::lower(&normalised, &settings).map_err(failure)?;

    let mut group = c.benchmark_group("generator");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("floor", |b| {
        b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&text)))
    });
    group.bench_function("load", |b| b.iter(|| stages::load(black_box(&text))));
    group.bench_function("normalise", |b| {
        b.iter_batched(|| tree.clone(), stages::normalise, BatchSize::LargeInput)
    });
    group.bench_function("lower", |b| {
        b.iter(|| stages::lower(black_box(&normalised), &settings))
    });
    // Locating the warnings in the text (a second parse, with `yaml-rust2`): part of
    // every run that has warnings, outside the stages above.
    group.bench_function("locate", |b| {
        b.iter_batched(
            || normalised.diagnostics.clone(),
            |mut diagnostics| {
                diagnostics.locate(&text);
                diagnostics
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("emit", |b| {
        b.iter_with_large_drop(|| stages::emit(black_box(&api)))
    });
    group.bench_function("render", |b| {
        b.iter_batched(|| stages::emit(&api), stages::render, BatchSize::LargeInput)
    });
    group.bench_function("total", |b| {
        b.iter(|| gladly_codegen::generate_with(black_box(&text), &options))
    });
    group.finish();
    Ok(())
}

fn scaling(c: &mut Criterion) -> anyhow::Result<()> {
    let settings = settings()?;
    let options = gladly_codegen::Options {
        settings: Some(&settings),
        read_file: None,
    };
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for n in [1, 4, 16] {
        let text = scaled::scaled_spec(n)?;
        // A scaled spec that does not generate would time the failure.
        gladly_codegen::generate_with(&text, &options).map_err(failure)?;
        group.bench_function(format!("floor_{n}x"), |b| {
            b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&text)))
        });
        group.bench_function(format!("total_{n}x"), |b| {
            b.iter(|| gladly_codegen::generate_with(black_box(&text), &options))
        });
    }
    group.finish();
    Ok(())
}

fn benches(c: &mut Criterion) {
    for (name, bench) in [
        (
            "generator",
            stage_by_stage as fn(&mut Criterion) -> anyhow::Result<()>,
        ),
        ("scaling", scaling),
    ] {
        if let Err(error) = bench(c) {
            eprintln!("error: the {name} benchmarks could not run: {error:#}");
            std::process::exit(1);
        }
    }
}

criterion_group!(generator, benches);
criterion_main!(generator);
