//! Decoding inputs built from the spec's own examples: the conversation items of
//! `GET /api/v1/conversations/{conversationId}/items`, events of the events feed, and
//! rows of export files.
//!
//! Every value kept is checked to decode as its generated type, so that a benchmark
//! never times the error path.

use anyhow::{bail, Context, Result};
use gladly_generated::types;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The spec's example list of conversation items (one JSON array).
pub fn conversation_items(spec: &Value) -> Result<Vec<Value>> {
    let pointer = "/paths/~1api~1v1~1conversations~1{conversationId}~1items/get/responses/200/content/application~1json/examples/Conversation Items/value";
    let items = spec
        .pointer(pointer)
        .and_then(Value::as_array)
        .context("the spec has no example of the conversation items")?;
    let items = keep_decodable::<types::Item>(items.clone());
    if items.is_empty() {
        bail!("no example conversation item decodes as types::Item");
    }
    Ok(items)
}

/// A JSON array of `items` repeated until it is at least `bytes` long.
pub fn repeated_array(items: &[Value], bytes: usize) -> Result<Vec<u8>> {
    let encoded: Vec<Vec<u8>> = items
        .iter()
        .map(serde_json::to_vec)
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(bytes + 4096);
    out.push(b'[');
    for item in encoded.iter().cycle() {
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(item);
        if out.len() >= bytes {
            break;
        }
    }
    out.push(b']');
    Ok(out)
}

/// One example event per variant of the events feed's schema that can be built from the
/// examples its properties give (each decoding as `types::EventResponseSchemas`).
pub fn events(spec: &Value) -> Result<Vec<Value>> {
    let pointer =
        "/paths/~1api~1v1~1events/get/responses/200/content/application~1x-jsonlines/schema/oneOf";
    let variants = spec
        .pointer(pointer)
        .and_then(Value::as_array)
        .context("the spec has no events schema")?;
    let built = variants
        .iter()
        .filter_map(|variant| Example { spec }.of(variant, 0))
        .collect();
    let events = keep_decodable::<types::EventResponseSchemas>(built);
    if events.is_empty() {
        bail!("no event built from the spec's examples decodes");
    }
    Ok(events)
}

/// The rows of the export files the description of `GET
/// /api/v1/export/jobs/{jobId}/files/{filename}` shows (agents, conversation items,
/// customers, topics), each decoding as `types::File`.
pub fn export_rows(spec: &Value) -> Result<Vec<Value>> {
    let pointer = "/paths/~1api~1v1~1export~1jobs~1{jobId}~1files~1{filename}/get/description";
    let description = spec
        .pointer(pointer)
        .and_then(Value::as_str)
        .context("the spec has no description of export files")?;
    let rows = description
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with('{'))
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let rows = keep_decodable::<types::File>(rows);
    if rows.is_empty() {
        bail!("no example export row decodes as types::File");
    }
    Ok(rows)
}

/// `count` lines of JSON, cycling through `values`, each ending in a newline.
pub fn json_lines(values: &[Value], count: usize) -> Result<Vec<u8>> {
    let encoded = encoded_lines(values)?;
    let mut out = Vec::new();
    for line in encoded.iter().cycle().take(count) {
        out.extend_from_slice(line);
    }
    Ok(out)
}

/// Each value as one line of JSON with its newline.
pub fn encoded_lines(values: &[Value]) -> Result<Vec<Vec<u8>>> {
    values
        .iter()
        .map(|v| {
            let mut line = serde_json::to_vec(v)?;
            line.push(b'\n');
            Ok(line)
        })
        .collect()
}

/// Decodes every line of `bytes` as `T`, with `serde_json`'s `StreamDeserializer`,
/// returning how many decoded.
pub fn decode_stream<T: DeserializeOwned>(bytes: &[u8]) -> usize {
    serde_json::Deserializer::from_slice(bytes)
        .into_iter::<T>()
        .filter(Result::is_ok)
        .count()
}

/// Decodes each newline-separated line of `bytes` on its own as `T`, as a consumer of a
/// JSON-lines body does, returning how many decoded.
pub fn decode_lines<T: DeserializeOwned>(bytes: &[u8]) -> usize {
    bytes
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .filter(|line| serde_json::from_slice::<T>(line).is_ok())
        .count()
}

fn keep_decodable<T: DeserializeOwned>(values: Vec<Value>) -> Vec<Value> {
    values
        .into_iter()
        .filter(|v| serde_json::from_value::<T>(v.clone()).is_ok())
        .collect()
}

/// Builds an example instance of a schema from the examples the spec gives.
struct Example<'a> {
    spec: &'a Value,
}

impl Example<'_> {
    /// How deep references and nested schemas are followed: more than any example needs,
    /// and it stops a recursive schema.
    const DEPTH: usize = 16;

    fn of(&self, schema: &Value, depth: usize) -> Option<Value> {
        if depth > Self::DEPTH {
            return None;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return self.of(self.resolve(reference)?, depth + 1);
        }
        if let Some(example) = schema.get("example") {
            return Some(example.clone());
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return Some(first.clone());
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                if let Some(Value::Object(map)) = self.of(part, depth + 1) {
                    merged.extend(map);
                }
            }
            return Some(Value::Object(merged));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = schema.get(key).and_then(Value::as_array) {
                return options.iter().find_map(|o| self.of(o, depth + 1));
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            let object = properties
                .iter()
                .filter_map(|(name, property)| Some((name.clone(), self.of(property, depth + 1)?)))
                .collect();
            return Some(Value::Object(object));
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("array") => {
                let item = self.of(schema.get("items")?, depth + 1)?;
                Some(Value::Array(vec![item]))
            }
            Some("string") => Some(Value::String("text".to_owned())),
            Some("integer") => Some(Value::from(1)),
            Some("number") => Some(Value::from(1.5)),
            Some("boolean") => Some(Value::Bool(true)),
            Some("object") => Some(Value::Object(Map::new())),
            _ => None,
        }
    }

    /// The schema a local `$ref` names (its pointer is URI-encoded: `%7B` for `{`).
    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.spec.pointer(&percent_decode(pointer))
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_reads_braces() {
        assert_eq!(percent_decode("/a~1%7Bid%7D/b"), "/a~1{id}/b");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn the_spec_gives_inputs_of_every_kind() {
        let spec = crate::spec_tree().unwrap();
        assert!(conversation_items(&spec).unwrap().len() >= 3);
        // Most variants of the events feed can be built from their properties' examples.
        assert!(events(&spec).unwrap().len() >= 20);
        let rows = export_rows(&spec).unwrap();
        assert!(rows.len() >= 8, "{} rows", rows.len());
        let bytes = json_lines(&rows, 25).unwrap();
        assert_eq!(decode_stream::<types::File>(&bytes), 25);
        assert_eq!(decode_lines::<types::File>(&bytes), 25);
    }
}
