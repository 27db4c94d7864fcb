//! A semantic diff of two versions of a spec: what changed in the API and in the
//! generated crate's public Rust items, each change classified as breaking or
//! compatible for code that uses the generated crate.
//!
//! The comparison runs on what the generator reads, not on text: both versions are
//! normalised and lowered, and only their IRs are compared (the IR keeps every fact the
//! diff reports, such as content types the client does not use). Operations are matched
//! by method and path (then by `operationId`), parameters by location and wire name, and
//! body shapes field by field by wire name, following named types in both versions side
//! by side. The rules that
//! classify changes are one table, [`rules::RULES`].

mod display;
pub mod model;
mod operations;
pub mod render;
pub mod rules;
mod rust_api;
mod shapes;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use model::{Change, ChangeKind, Direction, Report, RustChange, Severity};

use crate::ir::Api;
use crate::{Diagnostic, Options, Pipeline};

/// Which side of a diff could not be read.
#[derive(Debug)]
pub enum DiffError {
    /// The old version.
    Old(Vec<Diagnostic>),
    /// The new version.
    New(Vec<Diagnostic>),
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (side, diagnostics) = match self {
            DiffError::Old(d) => ("old", d),
            DiffError::New(d) => ("new", d),
        };
        writeln!(f, "the {side} spec could not be read:")?;
        for d in diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DiffError {}

/// Reads both versions and compares them.
pub fn diff_specs(old_text: &str, new_text: &str) -> Result<Report, DiffError> {
    let options = Options::default();
    diff_specs_with((old_text, &options), (new_text, &options))
}

/// Reads both versions, each (text, options) with its own options, and compares them:
/// the pipeline runs once per version and renders no file.
pub fn diff_specs_with(old: (&str, &Options), new: (&str, &Options)) -> Result<Report, DiffError> {
    let old = Pipeline::run(old.0, old.1).map_err(|f| DiffError::Old(f.diagnostics))?;
    let new = Pipeline::run(new.0, new.1).map_err(|f| DiffError::New(f.diagnostics))?;
    Ok(diff(&old.api, &new.api))
}

/// Compares two versions of the API: every change, classified, listed once, sorted
/// breaking first.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = merge_repeats(operations::compare(old, new));
    changes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let mut rust: Vec<RustChange> = rust_api::compare(old, new)
        .into_iter()
        .map(|c| RustChange {
            severity: rules::classify(c.kind, Direction::None),
            kind: c.kind,
            item: c.item,
            detail: c.detail,
        })
        .collect();
    rust.sort_by(|a, b| (a.severity, &a.item, a.kind).cmp(&(b.severity, &b.item, b.kind)));
    Report { changes, rust }
}

fn sort_key(c: &Change) -> impl Ord + '_ {
    (
        c.severity,
        &c.tag,
        &c.operation,
        &c.location,
        c.kind,
        &c.detail,
    )
}

/// Classifies each change and lists a change inside a shared schema once: under the
/// first operation (in report order) that reaches it, naming the others in `also_in`.
fn merge_repeats(located: Vec<operations::Located>) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    let mut first_of: BTreeMap<(ChangeKind, Direction, String, String, String, String), usize> =
        BTreeMap::new();
    let mut located = located;
    located.sort_by(|a, b| {
        (&a.tag, &a.operation, &a.found.location).cmp(&(&b.tag, &b.operation, &b.found.location))
    });
    for l in located {
        let change = Change {
            severity: rules::classify(l.found.kind, l.direction),
            kind: l.found.kind,
            direction: l.direction,
            tag: l.tag,
            operation: l.operation,
            location: l.found.location,
            detail: l.found.detail,
            also_in: Vec::new(),
        };
        let Some((old, new, relative)) = l.found.key else {
            changes.push(change);
            continue;
        };
        let key = (
            change.kind,
            change.direction,
            old,
            new,
            relative,
            change.detail.clone(),
        );
        match first_of.get(&key) {
            Some(&index) => {
                if let Some(first) = changes.get_mut(index) {
                    if first.operation != change.operation
                        && !first.also_in.contains(&change.operation)
                    {
                        first.also_in.push(change.operation);
                    }
                }
            }
            None => {
                first_of.insert(key, changes.len());
                changes.push(change);
            }
        }
    }
    changes
}
