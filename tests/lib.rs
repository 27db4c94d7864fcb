//! Test-only crate: the tests live in `tests/it/`, one test binary (see `Cargo.toml`).
