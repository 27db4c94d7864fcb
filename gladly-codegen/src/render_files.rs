//! Emits and renders every file of an API, in parts, on as many threads as the machine
//! has cores.
//!
//! Rendering (parsing the tokens with `syn`, printing with `prettyplease`) is the
//! costliest stage, and a large spec's `types.rs` alone is tens of megabytes. The work is
//! cut into parts: every file but `types.rs` is one part, and `types.rs` is its head
//! and runs of [`TYPES_PER_PART`] types, joined in order (see [`render::render_part`]
//! for why the joined text is the text of the whole file). Token streams cannot cross
//! threads, so each part is emitted where it is rendered. The result does not depend on
//! the number of threads or on which thread rendered which part.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::emit::{self, TypesContext, TYPES_FILE};
use crate::ir::{Api, TypeDef};
use crate::render;

/// How many named types one part of `types.rs` holds: small enough that the parts of a
/// large file spread evenly over the threads, large enough that a small file is one part.
const TYPES_PER_PART: usize = 250;

/// The stack of a rendering thread. `syn` and `prettyplease` recurse over the emitted
/// code, whose nesting follows the nesting of inline types (`Vec<Vec<…>>`): far more
/// than any spec needs.
const STACK: usize = 64 << 20;

/// One piece of work.
enum Part<'a> {
    /// Every file but `types.rs`.
    OtherFiles,
    /// The start of `types.rs`.
    TypesHead,
    /// A run of the types of `types.rs`.
    Types(&'a [TypeDef]),
}

/// What one part rendered to: files by path, or pieces of `types.rs`.
type Rendered = Vec<(String, Result<String, Diagnostic>)>;

/// Every file, by path, in a stable order: its text with the header, or why the emitted
/// code did not parse (a bug in the emitter).
pub fn render_files(api: &Api) -> Vec<(String, Result<String, Diagnostic>)> {
    let context = TypesContext::new(&api.types);
    let mut parts = vec![Part::OtherFiles, Part::TypesHead];
    parts.extend(api.types.chunks(TYPES_PER_PART).map(Part::Types));
    let rendered = render_parts(&parts, |part| render_one(api, &context, part));

    let mut files = Vec::new();
    let mut types = String::from(render::HEADER);
    let mut types_error = None;
    for (part, pieces) in parts.iter().zip(rendered) {
        for (path, text) in pieces {
            match part {
                Part::OtherFiles => files.push((path, text)),
                Part::TypesHead | Part::Types(_) => match text {
                    Ok(text) => types.push_str(&text),
                    // A file that does not parse is reported once, as the whole file was.
                    Err(d) => {
                        types_error.get_or_insert(d);
                    }
                },
            }
        }
    }
    files.push((TYPES_FILE.to_owned(), types_error.map_or(Ok(types), Err)));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn render_one(api: &Api, context: &TypesContext, part: &Part) -> Rendered {
    match part {
        Part::OtherFiles => emit::emit_other_files(api)
            .into_iter()
            .map(|(path, tokens)| {
                let text = render::render(&path, tokens);
                (path, text)
            })
            .collect(),
        Part::TypesHead => {
            let tokens = emit::emit_types_head(context);
            vec![piece(render::render_part(TYPES_FILE, tokens))]
        }
        Part::Types(types) => {
            let tokens = emit::emit_types(types, context);
            vec![piece(render::render_part(TYPES_FILE, tokens))]
        }
    }
}

fn piece(text: Result<String, Diagnostic>) -> (String, Result<String, Diagnostic>) {
    (TYPES_FILE.to_owned(), text)
}

/// `work` applied to each of `parts`, in their order, on up to as many threads as there
/// are cores (the calling thread is one of them), each taking the next part not yet taken.
fn render_parts<'a, W>(parts: &'a [Part<'a>], work: W) -> Vec<Rendered>
where
    W: Fn(&Part<'a>) -> Rendered + Sync,
{
    let slots: Mutex<Vec<Option<Rendered>>> = Mutex::new(parts.iter().map(|_| None).collect());
    let next = AtomicUsize::new(0);
    let worker = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(part) = parts.get(index) else {
            break;
        };
        let rendered = work(part);
        if let Some(slot) = slots.lock().ok().as_mut().and_then(|s| s.get_mut(index)) {
            *slot = Some(rendered);
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(parts.len());
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, worker)
                    .ok()
            })
            .collect();
        worker();
        for helper in helpers {
            // A panic on a helper (a bug) is the caller's, as it would be had the
            // calling thread rendered that part.
            if let Err(payload) = helper.join() {
                std::panic::resume_unwind(payload);
            }
        }
    });
    slots
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}
