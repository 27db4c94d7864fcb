//! The integration tests, in one test binary: one module per subject, each described in
//! its own file. One binary links the generator, the runtime and their dependencies once,
//! not once per file, and its tests run in parallel with each other.

mod broken_specs;
mod client_requests;
mod conformance;
mod conformance_spec;
mod examples_round_trip;
mod examples_run;
mod fixtures;
mod fixtures_compile;
mod gladly_spec;
mod integration_job;
mod never_panics;
mod registry_call;
mod spec_diff;
mod spec_diff_cli;
mod spec_diff_gladly;
mod spec_update;
mod support;
mod type_fidelity;
