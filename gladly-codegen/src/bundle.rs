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
use crate::source_map::SourceMap;
use crate::{load, pointer, refs, ReadFile, MAX_SPEC_BYTES};
use places::{component_slot, is_slot, unit_name, unit_of};

/// The most files one document may pull in (a loop of files is read once each; this
/// stops a generated chain of files).
pub const MAX_EXTERNAL_FILES: usize = 100;

/// The most parts copied in from other files.
const MAX_PARTS: usize = 10_000;

/// Replaces every external file `$ref` in `doc` by a local one to a copy of its target;
/// returns where the copies came from, to locate later diagnostics about them.
pub fn bundle(doc: &mut Value, read: ReadFile, diags: &mut Diagnostics) -> Origins {
    let mut bundler = Bundler {
        read,
        files: BTreeMap::new(),
        placed: BTreeMap::new(),
        reserved: BTreeSet::new(),
        queue: VecDeque::new(),
        origins: Origins::default(),
        diags,
    };
    let mut found = refs::collect(doc);
    // `$ref`s that are whole components go first: they keep the author's component name.
    found.sort_by_key(|(at, _)| component_slot(at).is_none());
    for (at, reference) in found {
        let Some(target) = parse_reference(&reference) else {
            continue;
        };
        let site = Site {
            referrer: &at,
            base: "",
            written: &at,
            origin: &at,
        };
        if let Some(new_ref) = bundler.place(doc, &site, &target) {
            if let Some(Value::String(slot)) = doc.pointer_mut(&format!("{at}/$ref")) {
                *slot = new_ref;
            }
        }
    }
    bundler.run(doc);
    bundler.origins
}

/// A file `$ref` taken apart: the file as written, and the pointer in it.
struct Target {
    file: String,
    fragment: String,
}

/// A part to copy: from `file` at `unit`, to `at` in the main document; `origin` is the
/// main document's `$ref` that led to it (problems inside it are shown there).
struct Job {
    file: String,
    unit: String,
    at: String,
    origin: String,
}

/// Where a `$ref` is: the pointer of its object in the main document (once copied), the
/// file and pointer it is written at (`""` for the spec itself), and the object of the
/// spec's own `$ref` that led there.
struct Site<'s> {
    referrer: &'s str,
    base: &'s str,
    written: &'s str,
    origin: &'s str,
}

/// Where each copied part came from, to show problems found in it later: (its pointer in
/// the main document, the pointer of the spec's `$ref` object that led to it).
#[derive(Debug, Default, Clone)]
pub struct Origins {
    parts: Vec<(String, String)>,
}

impl Origins {
    /// Fills in each diagnostic's line and column: one about a copied part is shown at
    /// the spec's `$ref` that led to it (the spec's text is the one shown), the rest as
    /// [`Diagnostics::locate`] does.
    pub fn locate(&self, diagnostics: &mut Diagnostics, source: &str) {
        let copied = |d: &Diagnostic| {
            self.parts.iter().find(|(at, _)| {
                d.pointer
                    .strip_prefix(at.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        };
        let needs = diagnostics
            .items()
            .iter()
            .any(|d| d.location.is_none() && copied(d).is_some());
        if needs && source.len() <= MAX_SPEC_BYTES {
            let map = SourceMap::build(source);
            for mut d in std::mem::take(diagnostics).into_vec() {
                if d.location.is_none() {
                    if let Some((_, origin)) = copied(&d) {
                        d.location = map.locate(&format!("{origin}/$ref"));
                    }
                }
                diagnostics.push(d);
            }
        }
        diagnostics.locate(source);
    }
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
    origins: Origins,
    diags: &'d mut Diagnostics,
}

impl Bundler<'_, '_> {
    /// Finds or assigns the place of the part `target` names (a `$ref` at `site`) and
    /// returns the local `$ref` to use there; `None` leaves the `$ref` as it is (the
    /// problem is reported, or the copy replaces the `$ref` object itself).
    fn place(&mut self, doc: &Value, site: &Site, target: &Target) -> Option<String> {
        let file = if target.file.is_empty() {
            site.base.to_owned()
        } else {
            join(site.base, &target.file)
        };
        let tree = self.load(&file, site, target)?;
        let tokens = pointer::tokens(&target.fragment);
        let (unit_len, kind) = unit_of(&tokens, site.referrer);
        let unit: String = tokens
            .iter()
            .take(unit_len)
            .fold(String::new(), |acc, t| pointer::child(&acc, t));
        let rest: String = tokens
            .iter()
            .skip(unit_len)
            .fold(String::new(), |acc, t| pointer::child(&acc, t));
        if pointer::resolve(tree, &target.fragment).is_err() {
            let message = format!("`{}` has nothing at `#{}`", file, target.fragment);
            self.report("external-ref-target", site, message);
            return None;
        }
        let key = (file.clone(), unit.clone());
        if let Some(at) = self.placed.get(&key) {
            return Some(pointer::to_ref(&format!("{at}{rest}")));
        }
        if self.placed.len() >= MAX_PARTS {
            let message = format!(
                "more than {MAX_PARTS} parts of other files are used; the rest are left out"
            );
            self.report("too-many-external-parts", site, message);
            return None;
        }
        let in_place = rest.is_empty() && site.base.is_empty() && is_slot(site.referrer);
        let at = if in_place {
            site.referrer.to_owned()
        } else {
            let name = unit_name(&tokens, unit_len, &file);
            let at = self.free_place(doc, kind, &name);
            self.origins
                .parts
                .push((at.clone(), site.origin.to_owned()));
            at
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
            origin: site.origin.to_owned(),
        });
        (!in_place).then(|| pointer::to_ref(&format!("{at}{rest}")))
    }

    /// The tree of `file`, read once; a file that cannot be read or parsed is an error at
    /// the `$ref` that first named it.
    fn load(&mut self, file: &str, site: &Site, target: &Target) -> Option<&Value> {
        if !self.files.contains_key(file) {
            let tree = if self.files.len() >= MAX_EXTERNAL_FILES {
                let message = format!(
                    "more than {MAX_EXTERNAL_FILES} files are referenced; `{file}` is not read"
                );
                self.report("too-many-external-files", site, message);
                None
            } else {
                self.read_tree(file, site, target)
            };
            self.files.insert(file.to_owned(), tree);
        }
        self.files.get(file).and_then(Option::as_ref)
    }

    fn read_tree(&mut self, file: &str, site: &Site, target: &Target) -> Option<Value> {
        let text = match (self.read)(file) {
            Ok(text) => text,
            Err(reason) => {
                let named = if target.file == file {
                    format!("`{file}`")
                } else {
                    format!("`{}` (`{file}` from the spec's directory)", target.file)
                };
                let message = format!("the file {named} cannot be read: {reason}");
                self.report("missing-file", site, message);
                return None;
            }
        };
        if text.len() > MAX_SPEC_BYTES {
            let message = format!("`{file}` is larger than {} MB", MAX_SPEC_BYTES / 1_048_576);
            self.report("external-file-too-large", site, message);
            return None;
        }
        match load::load(&text) {
            Ok(tree) => Some(tree),
            Err(d) => {
                let message = format!("`{file}` cannot be read: {}", d.message);
                self.report("invalid-external-file", site, message);
                None
            }
        }
    }

    /// An error at the spec's `$ref` that led to the problem; one in another file says
    /// where in that file the `$ref` is.
    fn report(&mut self, code: &'static str, site: &Site, message: String) {
        let message = if site.base.is_empty() {
            message
        } else {
            format!(
                "{message} (the `$ref` at `#{}/$ref` in `{}`, reached from here)",
                site.written, site.base
            )
        };
        self.diags.push(
            Diagnostic::error(code, format!("{}/$ref", site.origin), message)
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
            for (inner, reference) in refs::collect(&copy) {
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
                let written = format!("{}{inner}", job.unit);
                let site = Site {
                    referrer: &referrer,
                    base: &job.file,
                    written: &written,
                    origin: &job.origin,
                };
                let new_ref = self.place(doc, &site, &target);
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
