//! The project commands as a library: `main.rs` parses the command line, the tests crate
//! calls these modules directly to run the commands in a temporary copy of the tree.

pub mod bench;
pub mod codegen;
pub mod corpus;
pub mod report;
pub mod scratch;
pub mod spec_diff;
pub mod spec_normalized;
pub mod spec_update;

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use gladly_codegen::Settings;

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The settings file read from beside a spec (`spec/codegen.toml` for Gladly's).
pub const SETTINGS_FILE: &str = "codegen.toml";

/// The settings in [`SETTINGS_FILE`] beside the spec at `spec`; `None` when there is no
/// such file, an error when it cannot be read.
pub fn settings_beside(spec: &Path) -> Result<Option<Settings>> {
    let path = spec.with_file_name(SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error).with_context(|| format!("reading {}", path.display())),
    };
    Settings::from_toml(&text, &path.display().to_string())
        .map(Some)
        .map_err(|d| anyhow!("{d}"))
}
