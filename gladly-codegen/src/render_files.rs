//! Emits and renders every file of an API, in pieces, on as many threads as the
//! machine has cores.
//!
//! Rendering (parsing the tokens with `syn`, printing with `prettyplease`) is the
//! costliest stage, and a large spec's `types.rs` alone is tens of megabytes. Each file
//! is planned as pieces, runs of its top-level items ([`emit::Plan`]); the pieces are
//! rendered apart and joined in order (see [`render::render_part`] for why the joined
//! text is the text of the whole file). Token streams cannot cross threads, so each
//! piece is emitted where it is rendered. The result does not depend on the number of
//! threads or on which thread rendered which piece.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::emit::{Piece, Plan};
use crate::ir::Api;
use crate::render;

/// The stack of a rendering thread. `syn` and `prettyplease` recurse over the emitted
/// code, whose nesting follows the nesting of inline types (`Vec<Vec<…>>`): far more
/// than any spec needs.
const STACK: usize = 64 << 20;

type Rendered = Result<String, Diagnostic>;

/// Below this many types and operations the calling thread renders everything: a new
/// thread starts with an empty allocator heap, whose first pages cost more than rendering
/// a small API takes.
const PARALLEL_FROM: usize = 400;

/// Every file, by path, in a stable order: its text with the header, or why the emitted
/// code did not parse (a bug in the emitter).
pub fn render_files(api: &Api) -> Vec<(String, Result<String, Diagnostic>)> {
    let plan = Plan::new(api);
    let units: Vec<(&str, Piece)> = plan
        .files
        .iter()
        .flat_map(|(path, pieces)| pieces.iter().map(move |piece| (path.as_str(), *piece)))
        .collect();
    let threads = if api.types.len() + api.operations.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    };
    let mut rendered = render_all(&units, threads, |(path, piece)| {
        render::render_part(path, plan.emit(*piece))
    })
    .into_iter();
    plan.files
        .iter()
        .map(|(path, pieces)| {
            let mut text = String::from(render::HEADER);
            let mut error = None;
            for piece in rendered.by_ref().take(pieces.len()) {
                match piece {
                    Ok(piece) => text.push_str(&piece),
                    // A file that does not parse is reported once, as the whole file was.
                    Err(d) => {
                        error.get_or_insert(d);
                    }
                }
            }
            (path.clone(), error.map_or(Ok(text), Err))
        })
        .collect()
}

/// `work` applied to each of `parts`, in their order, on up to `threads` threads (the
/// calling thread is one of them), each taking the next part not yet taken.
fn render_all<P: Sync, W>(parts: &[P], threads: usize, work: W) -> Vec<Rendered>
where
    W: Fn(&P) -> Rendered + Sync,
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
    let threads = threads.min(parts.len());
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
        .map(|slot| slot.unwrap_or_else(|| Ok(String::new())))
        .collect()
}
