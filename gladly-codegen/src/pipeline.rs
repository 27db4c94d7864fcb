//! One run of the pipeline on one spec, kept as a value: the normalised document, the IR
//! and the diagnostics, computed once and shared by everything that needs them (writing
//! the crate, the inventory, the diff). Files are rendered only when asked for, since
//! rendering is the costliest stage and a diff never needs it.

use std::cell::Cell;
use std::collections::BTreeMap;

use crate::{ir, lower, normalise_with_origins};
use crate::{Diagnostic, Failure, Normalised, Options, Output, Settings};

/// A spec normalised and lowered without errors.
#[derive(Debug)]
pub struct Pipeline {
    /// The normalised document as a generic tree: what `cargo xtask spec normalized`
    /// writes, and where the IR's JSON pointers point.
    pub tree: serde_json::Value,
    /// The lowered API.
    pub api: ir::Api,
    /// Warnings, located in the spec text: repairs made and constructs read loosely.
    pub warnings: Vec<Diagnostic>,
}

impl Pipeline {
    /// Loads, normalises and lowers a spec; an error anywhere is a [`Failure`] holding
    /// every diagnostic.
    pub fn run(spec_text: &str, options: &Options) -> Result<Pipeline, Failure> {
        let (
            Normalised {
                tree,
                openapi,
                mut diagnostics,
            },
            origins,
        ) = normalise_with_origins(spec_text, options)?;
        let default_settings = Settings::default();
        let settings = options.settings.unwrap_or(&default_settings);
        let (api, lower_diags) = lower::lower(&tree, &openapi, settings);
        for d in lower_diags.into_vec() {
            diagnostics.push(d);
        }
        origins.locate(&mut diagnostics, spec_text);
        if diagnostics.has_errors() {
            return Err(Failure {
                diagnostics: diagnostics.into_vec(),
            });
        }
        Ok(Pipeline {
            tree,
            api,
            warnings: diagnostics.into_vec(),
        })
    }

    /// Emits and renders every file: contents by path relative to the output directory
    /// (`types.rs`, `operations/agents.rs`, ...), in a stable order. A failure is a bug
    /// in the emitter, reported with the warnings.
    pub fn render(&self) -> Result<BTreeMap<String, String>, Failure> {
        RENDERS.set(RENDERS.get() + 1);
        let mut files = BTreeMap::new();
        let mut errors = Vec::new();
        for (path, text) in crate::render_files::render_files(&self.api) {
            match text {
                Ok(text) => {
                    files.insert(path, text);
                }
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            return Ok(files);
        }
        Err(Failure {
            diagnostics: self.warnings.iter().cloned().chain(errors).collect(),
        })
    }

    /// The reviewable listing of what is generated (see [`crate::inventory`]).
    pub fn inventory(&self) -> String {
        crate::inventory::inventory(&self.api)
    }

    /// Renders the files and hands everything over as one [`Output`].
    pub fn into_output(self) -> Result<Output, Failure> {
        let files = self.render()?;
        Ok(Output {
            files,
            warnings: self.warnings,
            api: self.api,
        })
    }
}

thread_local! {
    static NORMALISATIONS: Cell<usize> = const { Cell::new(0) };
    static RENDERS: Cell<usize> = const { Cell::new(0) };
}

/// Counts a spec loaded and normalised: the first stage of every run.
pub(crate) fn count_run() {
    NORMALISATIONS.set(NORMALISATIONS.get() + 1);
}

/// How many times a spec was loaded and normalised on this thread, the first stage of
/// every run of the pipeline. Lets a test check that a command runs the pipeline once per
/// spec version; per thread, so tests running side by side do not count each other.
pub fn pipeline_runs() -> usize {
    NORMALISATIONS.get()
}

/// How many times [`Pipeline::render`] rendered the files on this thread.
pub fn render_runs() -> usize {
    RENDERS.get()
}
