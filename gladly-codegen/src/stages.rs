//! The pipeline's stages called one at a time, so that each can be timed on its own
//! (`cargo xtask bench`). [`crate::generate_with`] runs the same stages together, and
//! renders a large API on several threads; here everything runs on the calling thread.
//!
//! No external `$ref` is followed and no diagnostic is located in the text: a
//! [`Failure`] here holds its diagnostics without line numbers.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use serde_json::Value;

use crate::emit::Plan;
use crate::{ir, lower as lowering, render, Diagnostics, Failure, Normalised, Settings};

/// Stage 1: the spec text (YAML or JSON) as a generic JSON tree.
pub fn load(spec_text: &str) -> Result<Value, Failure> {
    crate::load::load(spec_text).map_err(|d| Failure {
        diagnostics: vec![d],
    })
}

/// Stage 2: a loaded tree rewritten to OpenAPI 3.0, repaired, its `$ref`s made direct,
/// and read as `openapiv3`.
pub fn normalise(tree: Value) -> Result<Normalised, Failure> {
    let version = crate::check_version(&tree).map_err(|d| Failure {
        diagnostics: vec![d],
    })?;
    crate::repair_and_read(tree, version, Diagnostics::default()).map_err(|diagnostics| Failure {
        diagnostics: diagnostics.into_vec(),
    })
}

/// Stage 3: the normalised document as the IR.
pub fn lower(normalised: &Normalised, settings: &Settings) -> Result<ir::Api, Failure> {
    let (api, diagnostics) = lowering::lower(&normalised.tree, &normalised.openapi, settings);
    if diagnostics.has_errors() {
        return Err(Failure {
            diagnostics: diagnostics.into_vec(),
        });
    }
    Ok(api)
}

/// The token streams of every generated file, in pieces, not yet rendered.
pub struct Emitted {
    files: Vec<(String, Vec<TokenStream>)>,
}

impl Emitted {
    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files (never for a lowered API).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Stage 4: the IR as token streams.
pub fn emit(api: &ir::Api) -> Emitted {
    let plan = Plan::new(api);
    let files = plan
        .files
        .iter()
        .map(|(path, pieces)| {
            let tokens = pieces.iter().map(|piece| plan.emit(*piece)).collect();
            (path.clone(), tokens)
        })
        .collect();
    Emitted { files }
}

/// Stage 5: the token streams as formatted source, by path: the files
/// [`crate::generate_with`] returns.
pub fn render(emitted: Emitted) -> Result<BTreeMap<String, String>, Failure> {
    let mut files = BTreeMap::new();
    let mut diagnostics = Vec::new();
    for (path, pieces) in emitted.files {
        let mut text = String::from(render::HEADER);
        for tokens in pieces {
            match render::render_part(&path, tokens) {
                Ok(part) => text.push_str(&part),
                Err(d) => diagnostics.push(d),
            }
        }
        files.insert(path, text);
    }
    if diagnostics.is_empty() {
        Ok(files)
    } else {
        Err(Failure { diagnostics })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stages one by one write what the whole pipeline writes.
    #[test]
    fn stages_produce_what_generate_produces() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/");
        let text = std::fs::read_to_string(format!("{root}gladly-openapi.yaml")).unwrap();
        let toml = std::fs::read_to_string(format!("{root}codegen.toml")).unwrap();
        let settings = Settings::from_toml(&toml, "codegen.toml").unwrap();
        let options = crate::Options {
            settings: Some(&settings),
            read_file: None,
        };
        let whole = crate::generate_with(&text, &options).unwrap().files;

        let normalised = normalise(load(&text).unwrap()).unwrap();
        let api = lower(&normalised, &settings).unwrap();
        let emitted = emit(&api);
        assert_eq!(emitted.len(), whole.len());
        let staged = render(emitted).unwrap();
        assert_eq!(
            staged.keys().collect::<Vec<_>>(),
            whole.keys().collect::<Vec<_>>()
        );
        assert!(staged == whole, "the staged files differ from generate's");
    }
}
