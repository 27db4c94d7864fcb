//! Helpers shared by the test modules.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The vendored Gladly spec's text.
pub fn gladly_spec() -> String {
    std::fs::read_to_string(root().join("spec/gladly-openapi.yaml"))
        .expect("vendored spec is readable")
}

/// The settings the Gladly spec is generated with: `spec/codegen.toml`, beside it.
pub fn gladly_settings() -> gladly_codegen::Settings {
    xtask::settings_beside(&root().join("spec/gladly-openapi.yaml"))
        .expect("spec/codegen.toml is readable")
        .expect("spec/codegen.toml exists")
}

/// Runs the generator on `text` with `settings`.
pub fn generate_with(
    text: &str,
    settings: &gladly_codegen::Settings,
) -> Result<gladly_codegen::Output, gladly_codegen::Failure> {
    let options = gladly_codegen::Options {
        settings: Some(settings),
        ..Default::default()
    };
    gladly_codegen::generate_with(text, &options)
}

/// Runs the generator on `text` (the Gladly spec, or a version of it) as `cargo xtask
/// codegen` does: with Gladly's settings.
pub fn generate_gladly(text: &str) -> gladly_codegen::Output {
    generate_with(text, &gladly_settings()).expect("the Gladly spec generates")
}

/// Compares two versions of the Gladly spec as `cargo xtask spec diff` does: with
/// Gladly's settings.
pub fn diff_gladly(
    old: &str,
    new: &str,
) -> Result<gladly_codegen::diff::Report, gladly_codegen::diff::DiffError> {
    let settings = gladly_settings();
    let options = gladly_codegen::Options {
        settings: Some(&settings),
        ..Default::default()
    };
    gladly_codegen::diff::diff_specs_with((old, &options), (new, &options))
}

/// Prints a summary line that shows in `cargo test` output even when the test passes
/// (libtest captures `eprintln!`, not direct writes to stderr).
pub fn say(text: &str) {
    use std::io::Write;
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
    let _ = stderr.flush();
}

/// Runs the generator on a spec file, reading the files its `$ref`s name relative to
/// the spec's directory, as `cargo xtask codegen` does.
pub fn generate_file(
    path: &std::path::Path,
) -> Result<gladly_codegen::Output, gladly_codegen::Failure> {
    let text = std::fs::read_to_string(path).expect("spec is readable");
    let dir = path.parent().map(PathBuf::from).unwrap_or_default();
    let read =
        |relative: &str| std::fs::read_to_string(dir.join(relative)).map_err(|e| e.to_string());
    let options = gladly_codegen::Options {
        read_file: Some(&read),
        ..Default::default()
    };
    gladly_codegen::generate_with(&text, &options)
}
