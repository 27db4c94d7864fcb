//! Bundles the files that external `$ref`s name (`common.yaml#/components/schemas/Error`,
//! `./pet.json`, `../shared/defs.yaml#/Tag`) into the main document, before anything else
//! reads it, so that every later stage sees one tree with local `$ref`s only.
//!
//! Each file is read once, through the caller's reader (the library does no I/O), with
//! paths relative to the file holding the `$ref`. Each part used is copied once to a
//! deterministic place, its own `$ref`s rewritten the same way (they may name further
//! files); a `$ref` to it becomes local:
//!
//! - `/components/{kind}/{Name}` when the fragment names a component (or a schema under
//!   `definitions`/`$defs`, or is a one-step pointer or a whole file met where a schema
//!   goes), under that name when it is free, else numbered;
//! - in place of the `$ref` when the `$ref` is itself a path item under `paths` or
//!   `webhooks`, or a component (`components/schemas/Pet: {$ref: pet.yaml}`), so the
//!   author's name is kept.
//!
//! URLs are not fetched: they stay as they are, and lowering reports them.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::{load, pointer, ReadFile, MAX_SPEC_BYTES};
use places::{component_slot, is_slot, unit_name, unit_of};

/// The most files one document may pull in (a loop of files is read once each; this
/// stops a generated chain of files).
pub const MAX_EXTERNAL_FILES: usize = 100;

/// The most parts copied in from other files.
const MAX_PARTS: usize = 10_000;

/// Replaces every external file `$ref` in `doc` by a local one to a copy of its target.
pub fn bundle(doc: &mut Value, read: ReadFile, diags: &mut Diagnostics) {
    let mut bundler = Bundler {
        read,
        files: BTreeMap::new(),
        placed: BTreeMap::new(),
        reserved: BTreeSet::new(),
        queue: VecDeque::new(),
        diags,
    };
    let mut found = Vec::new();
    collect_refs(doc, &mut String::new(), &mut found);
    // `$ref`s that are whole components go first: they keep the author's component name.
    found.sort_by_key(|(at, _)| component_slot(at).is_none());
    for (at, reference) in found {
        let Some(target) = parse_reference(&reference) else {
            continue;
        };
        if let Some(new_ref) = bundler.place(doc, "", &target, &at) {
            if let Some(Value::String(slot)) = doc.pointer_mut(&format!("{at}/$ref")) {
                *slot = new_ref;
            }
        }
    }
    bundler.run(doc);
}

/// A file `$ref` taken apart: the file as written, and the pointer in it.
struct Target {
    file: String,
    fragment: String,
}

/// A part to copy: from `file` at `unit`, to `at` in the main document.
struct Job {
    file: String,
    unit: String,
    at: String,
}

struct Bundler<'r, 'd> {
    read: ReadFile<'r>,
    /// Files read, by path relative to the spec's directory; `None` when unreadable.
    files: BTreeMap<String, Option<Value>>,
    /// (file, pointer of the part) -> where its copy is in the main document.
    placed: BTreeMap<(String, String), String>,
    /// Main-document pointers promised to copies not written yet.
    reserved: BTreeSet<String>,
    queue: VecDeque<Job>,
    diags: &'d mut Diagnostics,
}

impl Bundler<'_, '_> {
    /// Finds or assigns the place of the part `target` names (a `$ref` in `base`, held
    /// by the object at `referrer` in the main document) and returns the local `$ref` to
    /// use there; `None` leaves the `$ref` as it is (the problem is reported).
    fn place(
        &mut self,
        doc: &Value,
        base: &str,
        target: &Target,
        referrer: &str,
    ) -> Option<String> {
        let file = if target.file.is_empty() {
            base.to_owned()
        } else {
            join(base, &target.file)
        };
        let tree = self.load(&file, base, target, referrer)?;
        let tokens = pointer::tokens(&target.fragment);
        let (unit_len, kind) = unit_of(&tokens, referrer);
        let unit: String = tokens
            .iter()
            .take(unit_len)
            .fold(String::new(), |acc, t| pointer::child(&acc, t));
        let rest: String = tokens
            .iter()
            .skip(unit_len)
            .fold(String::new(), |acc, t| pointer::child(&acc, t));
        if pointer::resolve(tree, &target.fragment).is_err() {
            self.report(
                "external-ref-target",
                referrer,
                format!("`{}` has nothing at `#{}`", file, target.fragment),
                base,
            );
            return None;
        }
        let key = (file.clone(), unit.clone());
        if let Some(at) = self.placed.get(&key) {
            return Some(pointer::to_ref(&format!("{at}{rest}")));
        }
        if self.placed.len() >= MAX_PARTS {
            self.report(
                "too-many-external-parts",
                referrer,
                format!(
                    "more than {MAX_PARTS} parts of other files are used; the rest are left out"
                ),
                base,
            );
            return None;
        }
        let in_place = rest.is_empty() && base.is_empty() && is_slot(referrer);
        let at = if in_place {
            referrer.to_owned()
        } else {
            let name = unit_name(&tokens, unit_len, &file);
            self.free_place(doc, kind, &name)
        };
        // Path items are copied wherever they are used; a component is copied once.
        if component_slot(&at).is_some() || !in_place {
            self.placed.insert(key, at.clone());
        }
        self.reserved.insert(at.clone());
        self.queue.push_back(Job {
            file,
            unit,
            at: at.clone(),
        });
        if in_place {
            // The copy replaces the `$ref` object itself.
            return None;
        }
        Some(pointer::to_ref(&format!("{at}{rest}")))
    }

    /// The tree of `file`, read once; a file that cannot be read or parsed is an error at
    /// the `$ref` that first named it.
    fn load(&mut self, file: &str, base: &str, target: &Target, referrer: &str) -> Option<&Value> {
        if !self.files.contains_key(file) {
            let tree = if self.files.len() >= MAX_EXTERNAL_FILES {
                self.report(
                    "too-many-external-files",
                    referrer,
                    format!(
                        "more than {MAX_EXTERNAL_FILES} files are referenced; `{file}` is not read"
                    ),
                    base,
                );
                None
            } else {
                self.read_tree(file, target, referrer, base)
            };
            self.files.insert(file.to_owned(), tree);
        }
        self.files.get(file).and_then(Option::as_ref)
    }

    fn read_tree(
        &mut self,
        file: &str,
        target: &Target,
        referrer: &str,
        base: &str,
    ) -> Option<Value> {
        let text = match (self.read)(file) {
            Ok(text) => text,
            Err(reason) => {
                let named = if target.file == file {
                    format!("`{file}`")
                } else {
                    format!("`{}` (`{file}` from the spec's directory)", target.file)
                };
                self.report(
                    "missing-file",
                    referrer,
                    format!("the file {named} cannot be read: {reason}"),
                    base,
                );
                return None;
            }
        };
        if text.len() > MAX_SPEC_BYTES {
            self.report(
                "external-file-too-large",
                referrer,
                format!("`{file}` is larger than {} MB", MAX_SPEC_BYTES / 1_048_576),
                base,
            );
            return None;
        }
        match load::load(&text) {
            Ok(tree) => Some(tree),
            Err(d) => {
                self.report(
                    "invalid-external-file",
                    referrer,
                    format!("`{file}` cannot be read: {}", d.message),
                    base,
                );
                None
            }
        }
    }

    fn report(&mut self, code: &'static str, referrer: &str, message: String, base: &str) {
        let message = if base.is_empty() {
            message
        } else {
            format!("{message} (a `$ref` in `{base}`)")
        };
        self.diags.push(
            Diagnostic::error(code, format!("{referrer}/$ref"), message)
                .with_hint("a file `$ref` is relative to the file that holds it"),
        );
    }

    /// `/components/{kind}/{name}`, or a numbered name when that one is taken.
    fn free_place(&self, doc: &Value, kind: &str, name: &str) -> String {
        let base = pointer::child(&pointer::child("/components", kind), name);
        let free = |p: &String| doc.pointer(p).is_none() && !self.reserved.contains(p);
        if free(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}_{n}"))
            .find(free)
            .unwrap_or(base)
    }

    /// Copies every part promised, rewriting its `$ref`s (which may promise more).
    fn run(&mut self, doc: &mut Value) {
        while let Some(job) = self.queue.pop_front() {
            let Some(mut copy) = self
                .files
                .get(&job.file)
                .and_then(Option::as_ref)
                .and_then(|tree| pointer::resolve(tree, &job.unit).ok())
                .map(|(_, part)| part.clone())
            else {
                continue;
            };
            let mut found = Vec::new();
            collect_refs(&copy, &mut String::new(), &mut found);
            for (inner, reference) in found {
                let target = if reference.starts_with('#') {
                    parse_fragment(&reference).map(|fragment| Target {
                        file: String::new(),
                        fragment,
                    })
                } else {
                    parse_reference(&reference)
                };
                let Some(target) = target else {
                    continue;
                };
                let referrer = format!("{}{inner}", job.at);
                let new_ref = self.place(doc, &job.file, &target, &referrer);
                if let (Some(new_ref), Some(Value::String(slot))) =
                    (new_ref, copy.pointer_mut(&format!("{inner}/$ref")))
                {
                    *slot = new_ref;
                }
            }
            // What was written beside the `$ref` being replaced stays.
            if let (Some(Value::Object(old)), Value::Object(new)) =
                (doc.pointer(&job.at), &mut copy)
            {
                for (key, value) in old.iter().filter(|(k, _)| *k != "$ref") {
                    new.insert(key.clone(), value.clone());
                }
            }
            set(doc, &job.at, copy);
        }
    }
}

/// `file#/pointer` -> its parts, for a `$ref` to another file; `None` for a local `$ref`,
/// a URL, or a fragment that is not a JSON pointer.
fn parse_reference(reference: &str) -> Option<Target> {
    if reference.starts_with('#') || is_url(reference) {
        return None;
    }
    let (file, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, parse_fragment(&format!("#{fragment}"))?),
        None => (reference, String::new()),
    };
    (!file.is_empty()).then(|| Target {
        file: pointer::percent_decode(file),
        fragment,
    })
}

fn parse_fragment(reference: &str) -> Option<String> {
    let fragment = pointer::from_ref(reference)?;
    (fragment.is_empty() || fragment.starts_with('/')).then_some(fragment)
}

/// `https://...`, `urn:...`: a scheme before any `/`. (A one-letter scheme would be a
/// Windows drive.)
fn is_url(reference: &str) -> bool {
    match reference.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        }
        None => false,
    }
}

/// `relative` read from the directory of `base` (both relative to the spec's directory),
/// with `.` and `..` steps worked out.
fn join(base: &str, relative: &str) -> String {
    if relative.starts_with('/') {
        return relative.to_owned();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for step in relative.split('/') {
        match step {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            _ => parts.push(step),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("/")
}

/// Every `$ref` string with the pointer of the object holding it, in document order.
fn collect_refs(value: &Value, path: &mut String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push((path.clone(), reference.clone()));
            }
            for (key, child) in map {
                let len = path.len();
                path.push('/');
                path.push_str(&pointer::escape_token(key));
                collect_refs(child, path, out);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&index.to_string());
                collect_refs(child, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Puts `value` at `at`, making the objects on the way.
fn set(doc: &mut Value, at: &str, value: Value) {
    let tokens = pointer::tokens(at);
    let Some((last, parents)) = tokens.split_last() else {
        return;
    };
    let mut current = doc;
    for token in parents {
        let Value::Object(map) = current else {
            return;
        };
        current = map
            .entry(token.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(map) = current {
        map.insert(last.clone(), value);
    }
}

mod places;
#[cfg(test)]
mod tests;
