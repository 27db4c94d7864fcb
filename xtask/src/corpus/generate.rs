//! Runs the generator on every document, on worker threads, each document inside
//! `catch_unwind` so that a panic is counted, not fatal, and timed.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::panic;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// What the generator made of one document.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Output was produced.
    Generated,
    /// Refused with these error diagnostic codes (sorted, each once).
    Refused(Vec<String>),
    /// The generator panicked, with this message.
    Panicked(String),
}

/// One document's result.
#[derive(Debug, Clone)]
pub struct Record {
    /// The path relative to the corpus's `api/` directory, `/`-separated.
    pub path: String,
    pub outcome: Outcome,
    /// Wall-clock time of the generator, in microseconds.
    pub micros: u64,
    /// Warnings reported (on success or refusal).
    pub warnings: usize,
    /// The size of the generated files, in bytes (0 when nothing was generated).
    pub bytes: usize,
}

impl Record {
    /// The time in whole milliseconds, rounded.
    pub fn ms(&self) -> u64 {
        (self.micros + 500) / 1000
    }
}

/// Every `.json` document below `api`, as sorted `/`-separated relative paths, keeping
/// those that contain `only` when it is given.
pub fn list(api: &Path, only: Option<&str>) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![api.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                if let Ok(relative) = path.strip_prefix(api) {
                    found.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    found.retain(|p| only.is_none_or(|pattern| p.contains(pattern)));
    found.sort();
    Ok(found)
}

/// Generates one document; the files are returned only when `keep` is set.
pub fn one(api: &Path, path: &str, keep: bool) -> (Record, Option<BTreeMap<String, String>>) {
    let start = Instant::now();
    let text = fs::read_to_string(api.join(path));
    let result = text
        .as_ref()
        .map(|text| panic::catch_unwind(|| gladly_codegen::generate(text)));
    let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    let mut bytes = 0;
    let (outcome, warnings, files) = match result {
        Err(_) => (Outcome::Refused(vec!["read-error".to_owned()]), 0, None),
        Ok(Err(_)) => (Outcome::Panicked(last_panic()), 0, None),
        Ok(Ok(Ok(output))) => {
            bytes = output.files.values().map(String::len).sum();
            (
                Outcome::Generated,
                output.warnings.len(),
                keep.then_some(output.files),
            )
        }
        Ok(Ok(Err(failure))) => {
            let (errors, warnings): (Vec<_>, Vec<_>) = failure
                .diagnostics
                .iter()
                .partition(|d| d.severity == gladly_codegen::Severity::Error);
            let mut codes: Vec<String> = errors.iter().map(|d| d.code.to_owned()).collect();
            codes.sort();
            codes.dedup();
            (Outcome::Refused(codes), warnings.len(), None)
        }
    };
    let record = Record {
        path: path.to_owned(),
        outcome,
        micros,
        warnings,
        bytes,
    };
    (record, files)
}

/// The stack of a generator thread. Deeply nested schemas recurse deeply: a generous
/// stack keeps a stack overflow (which aborts the process, past `catch_unwind`) for truly
/// runaway recursion.
const STACK: usize = 256 << 20;

/// The generated files of each of `paths` (`None` for a document that did not generate),
/// made on a thread with the same stack as the first pass had.
pub fn outputs(api: &Path, paths: &[String]) -> Vec<Option<BTreeMap<String, String>>> {
    let work = || paths.iter().map(|p| one(api, p, true).1).collect();
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(scope, work)
            .ok()
            .and_then(|worker| worker.join().ok())
            .unwrap_or_default()
    })
}

thread_local! {
    /// The message of the last panic on this thread, recorded by the quiet hook.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

fn last_panic() -> String {
    LAST_PANIC.with(|p| p.borrow().clone())
}

/// Generates every document on `jobs` threads; the records are in the order of `paths`.
pub fn all(api: &Path, paths: &[String], jobs: usize) -> Vec<Record> {
    // Panics are recorded with their location instead of printed in the middle of the
    // progress lines.
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let text = info.to_string().replace('\n', " ");
        LAST_PANIC.with(|p| *p.borrow_mut() = text);
    }));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Record>>> = Mutex::new(vec![None; paths.len()]);
    let work = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(path) = paths.get(index) else {
            break;
        };
        let (record, _) = one(api, path, false);
        if let Some(slot) = results.lock().ok().as_mut().and_then(|r| r.get_mut(index)) {
            *slot = Some(record);
        }
        done.fetch_add(1, Ordering::Relaxed);
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.max(1))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        if workers.is_empty() {
            work();
        }
        report_progress(&done, paths.len(), || {
            workers.iter().all(|w| w.is_finished())
        });
    });
    panic::set_hook(previous);
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// Prints a progress line every 15 seconds until the workers have finished.
fn report_progress(done: &AtomicUsize, total: usize, finished: impl Fn() -> bool) {
    let start = Instant::now();
    let mut last = Instant::now();
    while !finished() {
        std::thread::sleep(Duration::from_millis(100));
        if last.elapsed() >= Duration::from_secs(15) {
            last = Instant::now();
            eprintln!(
                "corpus: {} of {total} documents after {} s",
                done.load(Ordering::Relaxed),
                start.elapsed().as_secs()
            );
        }
    }
}
