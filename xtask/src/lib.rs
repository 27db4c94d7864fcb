//! The project commands as a library: `main.rs` parses the command line, the tests crate
//! calls these modules directly to run the commands in a temporary copy of the tree.

pub mod codegen;
pub mod spec_diff;
pub mod spec_normalized;
pub mod spec_update;

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The per-spec settings in `codegen.toml` beside `spec`, when that file exists.
pub fn settings_beside(spec: &Path) -> anyhow::Result<Option<gladly_codegen::Settings>> {
    let path = spec.with_file_name("codegen.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let settings = gladly_codegen::Settings::from_toml(&text, &path.display().to_string())
        .map_err(|d| anyhow::anyhow!(d.message))
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(Some(settings))
}
