//! The project commands as a library: `main.rs` parses the command line, the tests crate
//! calls these modules directly to run the commands in a temporary copy of the tree.

pub mod codegen;
pub mod corpus;
pub mod scratch;
pub mod spec_diff;
pub mod spec_normalized;
pub mod spec_update;

use std::path::PathBuf;

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
