//! Conformance: every operation of the generated client, called against Stoplight Prism
//! mocking the (normalised) spec. Prism reads the spec independently of the generator and
//! judges each request (`sl-violations`, 4xx for a bad body, Basic auth), then answers with
//! the spec's own examples, which the generated types must decode.
//!
//! The requests are the spec's own examples too: for each operation the generator made,
//! its parameters and body are read from the spec (`conformance/requests.rs`), decoded as
//! the generated types and sent by `registry::call`, so no request is typed by hand.
//!
//! Prism comes from `tests/prism/` (`npm ci --prefix tests/prism`) or else from `npx`.
//! Without either the suite is skipped with a loud message, unless `CI=true`, where it
//! fails. `.ci/run` installs Prism and runs it.

mod check;
mod examples;
mod exceptions;
mod prism;
mod report;
mod requests;
pub(crate) mod tools;
mod undeclared;

use std::collections::BTreeSet;

use gladly_codegen::ir::{Api, Operation};
use gladly_codegen::{Options, Pipeline};
use gladly_generated::{registry, Client, RetryPolicy};
use report::Report;

use crate::support;

/// Agent email and API token; Prism checks only that Basic credentials are present.
const EMAIL: &str = "api-user@acme.com";
const TOKEN: &str = "conformance-token";

#[tokio::test]
async fn every_operation_conforms_to_the_spec_as_prism_reads_it() {
    let Some(launcher) = prism::Launcher::find() else {
        tools::tool_missing(
            "conformance",
            "neither a local Prism (tests/prism/node_modules) with node, nor npx, was found",
            "npm ci --prefix tests/prism   (Node.js and npm are needed)",
        );
        return;
    };
    // One run of the generator: the document Prism mocks, where the examples are read,
    // and the operations to call.
    let text = std::fs::read_to_string(tools::raw_spec_path()).expect("vendored spec is readable");
    // With Gladly's settings, as `cargo xtask codegen` generates the client.
    let settings = support::gladly_settings();
    let options = Options {
        settings: Some(&settings),
        ..Options::default()
    };
    let pipeline = match Pipeline::run(&text, &options) {
        Ok(pipeline) => pipeline,
        Err(failure) => panic!(
            "the vendored spec does not lower: {:#?}",
            failure.diagnostics
        ),
    };
    let dir = tools::scratch_dir("conformance");
    let spec = tools::write_spec_tree(&dir, &pipeline.tree);
    let prism = prism::Prism::start(&launcher, &spec, dir.join("prism.log"));
    tools::say(&format!(
        "conformance: Prism {} ({}) on {}",
        prism::PRISM_VERSION,
        launcher.describe(),
        prism.base_url()
    ));
    // The normaliser moved the doubled `/api/v1` out of the server URL, so Prism serves
    // the paths as the client sends them, at its root.
    let routes = prism.log();
    assert!(
        routes.contains(&format!("{}/api/v1/agents", prism.base_url()))
            && !routes.contains("/api/v1/api/v1"),
        "Prism does not serve /api/v1/... at its root:\n{routes}"
    );
    let client = Client::builder()
        .base_url(prism.base_url())
        .allow_insecure_http()
        .basic_auth(EMAIL, TOKEN)
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds");

    let mut report = Report::new(exceptions::EXCEPTIONS);
    // One call per operation, in the order of the spec.
    for op in &pipeline.api.operations {
        let args = match requests::arguments(&pipeline.tree, op) {
            Ok(args) => args,
            Err(why) => {
                let observed = check::Observed::unsent(why);
                report.record(&op.method_name, "(none)".to_owned(), Vec::new(), observed);
                continue;
            }
        };
        let result = registry::call(&client, &op.operation_id, &args).await;
        report.record(
            &op.method_name,
            args.to_string(),
            undeclared_notes(&pipeline.api, op, &args),
            check::observe(result).await,
        );
    }

    let operations: BTreeSet<String> = pipeline
        .api
        .operations
        .iter()
        .map(|o| o.method_name.clone())
        .collect();
    let (summary, failed) = report.finish(&operations);
    // Every call's line goes to the captured output (and into the failure message); the
    // exceptions and the coverage line are always shown.
    eprintln!("{summary}");
    let tail = summary
        .find("\nexceptions:")
        .map_or("", |at| &summary[at..]);
    tools::say(tail.trim_start());
    if failed {
        panic!(
            "conformance failures (Prism log: {}):\n{summary}",
            dir.join("prism.log").display()
        );
    }
    drop(prism);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A note for each property of the body that its generated type does not declare: sent
/// from `additional_properties`, such a property can make Prism accept a body the type
/// does not describe.
fn undeclared_notes(api: &Api, op: &Operation, args: &serde_json::Value) -> Vec<String> {
    let (Some(body), Some(value)) = (&op.body, args.get("body")) else {
        return Vec::new();
    };
    undeclared::undeclared(api, &body.ty, value)
        .into_iter()
        .map(|path| {
            format!(
                "the body sends `{}`, which {} does not declare",
                path.trim_start_matches('.'),
                body.ty
            )
        })
        .collect()
}
