use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{bundle, join};
use crate::diagnostic::Diagnostics;

fn run(doc: Value, files: &[(&str, &str)]) -> (Value, Diagnostics, Vec<String>) {
    let files: BTreeMap<String, String> = files
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let reads = std::cell::RefCell::new(Vec::new());
    let read = |path: &str| {
        reads.borrow_mut().push(path.to_owned());
        files
            .get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_owned())
    };
    let mut doc = doc;
    let mut diags = Diagnostics::default();
    bundle(&mut doc, &read, &mut diags);
    let reads = reads.into_inner();
    (doc, diags, reads)
}

#[test]
fn joins_relative_paths() {
    assert_eq!(join("", "other.yaml"), "other.yaml");
    assert_eq!(join("", "./a/b.yaml"), "a/b.yaml");
    assert_eq!(join("a/b.yaml", "../c.yaml"), "c.yaml");
    assert_eq!(join("a/b.yaml", "../../shared/c.yaml"), "../shared/c.yaml");
    assert_eq!(join("../x/y.yaml", "z.yaml"), "../x/z.yaml");
}

#[test]
fn parts_are_copied_once_and_refs_made_local() {
    let doc = json!({
        "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "models/pet.yaml#/components/schemas/Pet"}}
        }}}}}},
        "components": {"schemas": {
            "Owner": {"properties": {"pet": {"$ref": "./models/pet.yaml#/components/schemas/Pet"}}},
            "Error": {"$ref": "common.json"}
        }}
    });
    let pet = "components:\n  schemas:\n    Pet:\n      properties:\n        tag: {$ref: '../shared/defs.yaml#/Tag'}\n        error: {$ref: '../common.json'}\n        self: {$ref: '#/components/schemas/Pet'}\n";
    let (doc, diags, reads) = run(
        doc,
        &[
            ("models/pet.yaml", pet),
            ("shared/defs.yaml", "Tag: {type: string}\n"),
            (
                "common.json",
                "{\"type\": \"object\", \"properties\": {\"message\": {\"type\": \"string\"}}}",
            ),
        ],
    );
    assert!(diags.items().is_empty(), "{:?}", diags.items());
    // Each file read once.
    assert_eq!(
        reads,
        ["common.json", "models/pet.yaml", "shared/defs.yaml"]
    );
    let schemas = doc.pointer("/components/schemas").unwrap();
    // A component given by a whole-file `$ref` keeps its name.
    assert_eq!(
        schemas["Error"]["properties"]["message"],
        json!({"type": "string"})
    );
    assert_eq!(
        doc.pointer("/paths/~1pets/get/responses/200/content/application~1json/schema"),
        Some(&json!({"$ref": "#/components/schemas/Pet"}))
    );
    assert_eq!(
        schemas["Owner"]["properties"]["pet"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(
        schemas["Pet"]["properties"],
        json!({
            "tag": {"$ref": "#/components/schemas/Tag"},
            "error": {"$ref": "#/components/schemas/Error"},
            "self": {"$ref": "#/components/schemas/Pet"}
        })
    );
    assert_eq!(schemas["Tag"], json!({"type": "string"}));
}

#[test]
fn taken_names_are_numbered_and_path_items_copied_in_place() {
    let doc = json!({
        "paths": {"/a": {"$ref": "paths/a.yaml", "summary": "kept"}},
        "components": {"schemas": {"Tag": {"type": "integer"}}}
    });
    let a = "get:\n  parameters:\n    - $ref: '../params.yaml#/Limit'\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../defs.yaml#/Tag'}\n";
    let (doc, diags, _) = run(
        doc,
        &[
            ("paths/a.yaml", a),
            (
                "params.yaml",
                "Limit: {name: limit, in: query, schema: {type: integer}}\n",
            ),
            ("defs.yaml", "Tag: {type: string}\n"),
        ],
    );
    assert!(diags.items().is_empty(), "{:?}", diags.items());
    let item = doc.pointer("/paths/~1a").unwrap();
    assert_eq!(item["summary"], json!("kept"));
    assert_eq!(
        item["get"]["parameters"][0],
        json!({"$ref": "#/components/parameters/Limit"})
    );
    assert_eq!(
        item.pointer("/get/responses/200/content/application~1json/schema"),
        Some(&json!({"$ref": "#/components/schemas/Tag_2"}))
    );
    assert_eq!(
        doc.pointer("/components/schemas/Tag_2"),
        Some(&json!({"type": "string"}))
    );
    assert_eq!(
        doc.pointer("/components/parameters/Limit/name"),
        Some(&json!("limit"))
    );
}

#[test]
fn missing_files_and_targets_are_errors_at_the_ref_and_urls_stay() {
    let doc = json!({"components": {"schemas": {
        "A": {"properties": {"x": {"$ref": "missing.yaml#/X"}}},
        "B": {"properties": {"y": {"$ref": "there.yaml#/Nope"}}},
        "C": {"properties": {"z": {"$ref": "https://example.com/s.json#/Z"}}},
        "D": {"properties": {"w": {"$ref": "there.yaml#/Loop"}}}
    }}});
    let (doc, diags, _) = run(
        doc,
        &[(
            "there.yaml",
            "Loop: {$ref: 'there.yaml#/Loop2'}\nLoop2: {$ref: '#/Loop'}\n",
        )],
    );
    let errors: Vec<_> = diags
        .items()
        .iter()
        .map(|d| (d.code, d.pointer.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("missing-file", "/components/schemas/A/properties/x/$ref"),
            (
                "external-ref-target",
                "/components/schemas/B/properties/y/$ref"
            ),
        ]
    );
    assert_eq!(
        doc.pointer("/components/schemas/C/properties/z/$ref"),
        Some(&json!("https://example.com/s.json#/Z"))
    );
    // A loop of files ends: each part is copied once.
    assert_eq!(
        doc.pointer("/components/schemas/Loop"),
        Some(&json!({"$ref": "#/components/schemas/Loop2"}))
    );
    assert_eq!(
        doc.pointer("/components/schemas/Loop2"),
        Some(&json!({"$ref": "#/components/schemas/Loop"}))
    );
}

#[test]
fn the_number_of_files_is_capped() {
    // Each file names the next: a chain far longer than the cap.
    let names: Vec<String> = (0..150).map(|i| format!("f{i}.yaml")).collect();
    let texts: Vec<String> = (0..150)
        .map(|i| {
            format!(
                "S: {{properties: {{next: {{$ref: 'f{}.yaml#/S'}}}}}}\n",
                i + 1
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = names
        .iter()
        .zip(&texts)
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let doc = json!({"components": {"schemas": {"Start": {"$ref": "f0.yaml#/S"}}}});
    let (_, diags, reads) = run(doc, &files);
    assert_eq!(reads.len(), super::MAX_EXTERNAL_FILES);
    assert!(diags
        .items()
        .iter()
        .any(|d| d.code == "too-many-external-files"));
}

#[test]
fn problems_in_copied_parts_are_shown_at_the_specs_ref() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'sub/a.yaml#/A'}\n";
    let files: BTreeMap<&str, &str> = [(
        "sub/a.yaml",
        "A:\n  type: [object, 'null']\n  properties:\n    b: {$ref: '../nothere.yaml'}\n",
    )]
    .into_iter()
    .collect();
    let read = |path: &str| {
        files
            .get(path)
            .map(|t| (*t).to_owned())
            .ok_or_else(|| "no such file".to_owned())
    };
    let options = crate::Options {
        read_file: Some(&read),
        ..Default::default()
    };
    let failure = crate::generate_with(spec, &options).unwrap_err();
    let find = |code: &str| {
        failure
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{code} in {:?}", failure.diagnostics))
    };
    let missing = find("missing-file");
    assert_eq!(
        missing.pointer,
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"
    );
    assert!(
        missing
            .message
            .contains("`#/A/properties/b/$ref` in `sub/a.yaml`"),
        "{}",
        missing.message
    );
    // A warning about the copied schema is shown on the line of the `$ref` that led to it.
    let nullable = find("type-null");
    assert_eq!(nullable.pointer, "/components/schemas/A/type");
    assert_eq!(nullable.location.map(|l| l.line), Some(12));
}
