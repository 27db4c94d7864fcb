// @generated placeholder until `cargo xtask codegen` runs.
//! Generated code.
pub mod operations {}
pub mod types {}
pub mod webhook {}
