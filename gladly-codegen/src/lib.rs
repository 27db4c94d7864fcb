//! Generates a typed Rust client crate from an OpenAPI 3.0 or 3.1 document, built for
//! real vendor specs such as Gladly's.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`]: YAML or JSON text -> generic JSON tree; then [`bundle`] copies in the
//!    files external `$ref`s name, and [`downgrade31`] rewrites a 3.1 document to 3.0.
//! 2. [`normalise`]: repair known defects on the tree, each reported as a warning, and
//!    make `$ref`s through other `$ref`s direct ([`refs`]); then read the document with
//!    `openapiv3`.
//! 3. `lower`: resolve every `$ref` (including into `paths`), name every schema that
//!    needs a type, and build the [`ir`].
//! 4. `emit`: IR -> `proc_macro2` token streams with `quote`.
//! 5. [`render`]: token streams -> formatted source with `prettyplease`.
//!
//! Stages 1-3 run once per spec and are kept as a [`Pipeline`] value (the normalised tree,
//! the IR, the warnings) that the inventory and the diff read; stages 4-5 run when its
//! files are asked for ([`Pipeline::render`]).
//!
//! Nothing here reads or writes files: [`generate`] takes the spec text and returns the
//! files' contents, so it is deterministic and testable; the files external `$ref`s name
//! are read through the caller's [`Options::read_file`].

// The generator must never panic on its input: every problem is a diagnostic. These
// lints keep panicking shortcuts out of the library (unit tests may use them).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unreachable,
    clippy::todo,
    clippy::unimplemented
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]
// A diagnostic is returned at most once per run: its size does not matter.
#![allow(clippy::result_large_err)]

pub mod bundle;
pub mod diagnostic;
pub mod diff;
pub mod downgrade31;
mod emit;
pub mod ident;
pub mod inventory;
pub mod ir;
pub mod load;
mod lower;
mod memo;
pub mod normalise;
mod pipeline;
pub mod pointer;
pub mod refs;
pub mod render;
mod render_files;
pub mod settings;
pub mod source_map;
pub mod stages;

use std::collections::BTreeMap;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use pipeline::{pipeline_runs, render_runs, Pipeline};
pub use settings::Settings;

/// What a successful run produces.
#[derive(Debug)]
pub struct Output {
    /// File contents by path relative to the output directory (`types.rs`,
    /// `operations/agents.rs`, ...), in a stable order.
    pub files: BTreeMap<String, String>,
    /// Warnings: repairs made and constructs read loosely.
    pub warnings: Vec<Diagnostic>,
    /// The lowered API, for inventories and diffs.
    pub api: ir::Api,
}

/// A run that could not produce output.
#[derive(Debug)]
pub struct Failure {
    /// Every diagnostic, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The normalised document: the spec as the generator reads it.
#[derive(Debug)]
pub struct Normalised {
    /// The repaired generic tree.
    pub tree: serde_json::Value,
    /// The same document, typed.
    pub openapi: openapiv3::OpenAPI,
    /// The repairs made.
    pub diagnostics: Diagnostics,
}

/// The largest spec read. Gladly's is 0.4 MB; the largest public ones (Microsoft Graph's
/// beta, 47 MB) are read; a larger file is not a spec to generate from but a mistake (a
/// wrong file, a data dump).
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

/// Reads a file named by an external `$ref`, relative to the spec's directory; an
/// error is the reason it could not be read.
pub type ReadFile<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// How to run the pipeline on one spec. `Options::default()` reads any OpenAPI document
/// on its own, with no vendor settings and no access to other files.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// What is specific to this API (see [`settings`]).
    pub settings: Option<&'a Settings>,
    /// Reads the files that external `$ref`s point to; without it they stay warnings.
    pub read_file: Option<ReadFile<'a>>,
}

/// Loads and normalises a spec.
pub fn normalise_spec(spec_text: &str) -> Result<Normalised, Failure> {
    normalise_spec_with(spec_text, &Options::default())
}

/// Loads and normalises a spec, with options.
pub fn normalise_spec_with(spec_text: &str, options: &Options) -> Result<Normalised, Failure> {
    let (mut normalised, origins) = normalise_with_origins(spec_text, options)?;
    origins.locate(&mut normalised.diagnostics, spec_text);
    Ok(normalised)
}

/// As [`normalise_spec_with`], with where the parts copied from other files came from,
/// and the warnings not yet located in the text: locating replays the whole text, so a
/// caller that finds more warnings locates them all at once. (A failure is located.)
pub(crate) fn normalise_with_origins(
    spec_text: &str,
    options: &Options,
) -> Result<(Normalised, bundle::Origins), Failure> {
    pipeline::count_run();
    let mut diagnostics = Diagnostics::default();
    let fail = |diagnostics: Diagnostics, d: Diagnostic| {
        let mut all = diagnostics;
        all.push(d);
        all.locate(spec_text);
        Failure {
            diagnostics: all.into_vec(),
        }
    };
    if spec_text.len() > MAX_SPEC_BYTES {
        let d = Diagnostic::error(
            "spec-too-large",
            "",
            format!(
                "the spec is {:.1} MB; the generator reads at most {} MB",
                spec_text.len() as f64 / 1_048_576.0,
                MAX_SPEC_BYTES / 1_048_576
            ),
        )
        .with_hint("check that --spec names an OpenAPI document");
        return Err(fail(diagnostics, d));
    }
    let mut tree = match load::load(spec_text) {
        Ok(tree) => tree,
        Err(d) => return Err(fail(diagnostics, d)),
    };
    let version = match check_version(&tree) {
        Ok(version) => version,
        Err(d) => return Err(fail(diagnostics, d)),
    };
    let origins = match options.read_file {
        Some(read) => bundle::bundle(&mut tree, read, &mut diagnostics),
        None => bundle::Origins::default(),
    };
    match repair_and_read(tree, version, diagnostics) {
        Ok(normalised) => Ok((normalised, origins)),
        Err(mut diagnostics) => {
            origins.locate(&mut diagnostics, spec_text);
            Err(Failure {
                diagnostics: diagnostics.into_vec(),
            })
        }
    }
}

/// The loaded (and bundled) tree of a document of `version`, rewritten to 3.0, repaired
/// and read as `openapiv3`; the diagnostics, not yet located, when that fails.
fn repair_and_read(
    mut tree: serde_json::Value,
    version: Version,
    mut diagnostics: Diagnostics,
) -> Result<Normalised, Diagnostics> {
    if version == Version::V31 {
        downgrade31::downgrade(&mut tree, &mut diagnostics);
    }
    normalise::normalise(&mut tree, &mut diagnostics);
    refs::canonicalise(&mut tree, &mut diagnostics);
    let openapi = match read_openapi(&tree) {
        Ok(openapi) if !diagnostics.has_errors() => Some(openapi),
        Ok(_) => None,
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    match openapi {
        Some(openapi) => Ok(Normalised {
            tree,
            openapi,
            diagnostics,
        }),
        None => Err(diagnostics),
    }
}

/// Runs the whole pipeline on the text of a spec.
pub fn generate(spec_text: &str) -> Result<Output, Failure> {
    generate_with(spec_text, &Options::default())
}

/// Runs the whole pipeline on the text of a spec, with options, rendering every file.
pub fn generate_with(spec_text: &str, options: &Options) -> Result<Output, Failure> {
    Pipeline::run(spec_text, options)?.into_output()
}

/// The OpenAPI versions read: 3.1 is rewritten to 3.0 before anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

fn check_version(tree: &serde_json::Value) -> Result<Version, Diagnostic> {
    let version = tree.get("openapi").and_then(serde_json::Value::as_str);
    match version {
        Some(v) if v.starts_with("3.0") => Ok(Version::V30),
        Some(v) if v.starts_with("3.1") => Ok(Version::V31),
        Some(v) => Err(Diagnostic::error(
            "unsupported-version",
            "/openapi",
            format!("OpenAPI version `{v}` is not supported"),
        )
        .with_hint("the generator reads OpenAPI 3.0.x and 3.1.x documents")),
        None if tree.get("swagger").is_some() => Err(Diagnostic::error(
            "unsupported-version",
            "/swagger",
            "this is a Swagger 2.0 document; the generator reads OpenAPI 3.0",
        )
        .with_hint("convert it to OpenAPI 3.0 first (for example with swagger2openapi)")),
        None => Err(Diagnostic::error(
            "not-openapi",
            "",
            "the document has no `openapi` version field; it is not an OpenAPI 3.0 document",
        )),
    }
}

/// Reads the repaired tree as `openapiv3`, locating the first thing it rejects.
fn read_openapi(tree: &serde_json::Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    // Tracking the path costs a third of the reading: it is done only to locate a
    // rejection, by reading again.
    if let Ok(openapi) = serde::Deserialize::deserialize(tree) {
        return Ok(openapi);
    }
    serde_path_to_error::deserialize(tree).map_err(|e| {
        let pointer = e
            .path()
            .iter()
            .map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
                serde_path_to_error::Segment::Map { key } => {
                    format!("/{}", pointer::escape_token(key))
                }
                serde_path_to_error::Segment::Enum { variant } => format!("/{variant}"),
                serde_path_to_error::Segment::Unknown => "/?".to_owned(),
            })
            .collect::<String>();
        Diagnostic::error(
            "invalid-openapi",
            pointer,
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
        )
    })
}
