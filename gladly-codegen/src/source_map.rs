//! Where each node of the spec text is: JSON pointer -> line and column, so that a
//! diagnostic found on the tree can point at the spec file like a compiler does.

use std::collections::{BTreeMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::pointer;

/// A position in the spec text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the position in the text.
    #[serde(skip)]
    pub offset: usize,
}

/// The position of every node of a YAML or JSON text, by JSON pointer. A mapping entry is
/// located at its key, so a diagnostic about `responses/200` points at `'200':`.
#[derive(Debug, Default)]
pub struct SourceMap {
    starts: BTreeMap<String, Location>,
}

impl SourceMap {
    /// Indexes `text`. A text that does not parse gives the positions read before the
    /// problem (the loader reports the problem itself).
    pub fn build(text: &str) -> Self {
        Self::index(text, None)
    }

    /// Indexes only what [`SourceMap::locate`] needs to find `pointers`: their nodes, their
    /// ancestors and the path keys. A large spec has millions of nodes and a run a few
    /// diagnostics.
    pub fn build_for<'p>(text: &str, pointers: impl IntoIterator<Item = &'p str>) -> Self {
        let mut wanted = HashSet::new();
        for pointer in pointers {
            wanted.insert(String::new());
            for (at, _) in pointer.match_indices('/').skip(1) {
                wanted.insert(pointer.get(..at).unwrap_or_default().to_owned());
            }
            wanted.insert(pointer.to_owned());
        }
        Self::index(text, Some(wanted))
    }

    fn index(text: &str, wanted: Option<HashSet<String>>) -> Self {
        let mut indexer = Indexer {
            text,
            cursor: (0, 0),
            stack: Vec::new(),
            starts: BTreeMap::new(),
            wanted,
        };
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut indexer, false);
        Self {
            starts: indexer.starts,
        }
    }

    /// The position of the node at `pointer`, or of its nearest ancestor that has one.
    /// Path keys that normalisation rewrote (`/x?a=b`, `/x/:id`) are found under their
    /// original spelling.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let tokens = pointer::tokens(pointer);
        let mut best = self.starts.get("").copied();
        let mut current = String::new();
        for (depth, token) in tokens.iter().enumerate() {
            let direct = pointer::child(&current, token);
            let next = if self.starts.contains_key(&direct) {
                direct
            } else if depth == 1 && current == "/paths" {
                match self.original_path_key(token) {
                    Some(original) => original,
                    None => break,
                }
            } else {
                break;
            };
            best = self.starts.get(&next).copied().or(best);
            current = next;
        }
        best
    }

    fn original_path_key(&self, normalised: &str) -> Option<String> {
        self.starts
            .keys()
            .filter(|p| p.starts_with("/paths/") && p.matches('/').count() == 2)
            .find(|p| {
                let key = pointer::tokens(p).pop().unwrap_or_default();
                crate::normalise::clean_path_key(&key).0 == normalised
            })
            .cloned()
    }
}

/// A node being read: its pointer in the text, and the same with the path key as
/// normalisation spells it (what the wanted pointers are written in).
struct Frame {
    pointer: String,
    normalised: String,
    /// Whether anything inside is wanted; if not, the pointers are left empty.
    wanted: bool,
    kind: FrameKind,
}

enum FrameKind {
    Map { key: Option<(String, Marker)> },
    Seq { next: usize },
}

/// Where a node is, and whether it is wanted.
struct Node {
    pointer: String,
    normalised: String,
    wanted: bool,
    at: Marker,
}

struct Indexer<'a> {
    text: &'a str,
    /// The last (char index, byte offset) converted: yaml-rust2 counts characters,
    /// slices need bytes, and the marks come in order.
    cursor: (usize, usize),
    stack: Vec<Frame>,
    starts: BTreeMap<String, Location>,
    /// The normalised pointers to index, with their ancestors; `None` for all.
    wanted: Option<HashSet<String>>,
}

impl Indexer<'_> {
    fn location(&mut self, mark: Marker) -> Location {
        let (mut chars, mut byte) = self.cursor;
        if mark.index() < chars {
            (chars, byte) = (0, 0);
        }
        let rest = self.text.get(byte..).unwrap_or_default();
        let offset = match rest.char_indices().nth(mark.index() - chars) {
            Some((i, _)) => byte + i,
            None => self.text.len(),
        };
        self.cursor = (mark.index(), offset);
        Location {
            line: mark.line(),
            column: mark.col() + 1,
            offset,
        }
    }

    /// The node starting now, and where to say it starts.
    fn begin_node(&mut self, mark: Marker) -> Node {
        let Some(parent) = self.stack.last_mut() else {
            return Node {
                pointer: String::new(),
                normalised: String::new(),
                wanted: true,
                at: mark,
            };
        };
        let (token, at) = match &mut parent.kind {
            FrameKind::Map { key } => match key.take() {
                Some((name, key_mark)) => (name, key_mark),
                None => ("?".to_owned(), mark),
            },
            FrameKind::Seq { next } => {
                *next += 1;
                ((*next - 1).to_string(), mark)
            }
        };
        if !parent.wanted {
            return Node {
                pointer: String::new(),
                normalised: String::new(),
                wanted: false,
                at,
            };
        }
        let is_path_key = parent.normalised == "/paths";
        let normalised = if is_path_key {
            pointer::child(
                &parent.normalised,
                &crate::normalise::clean_path_key(&token).0,
            )
        } else {
            pointer::child(&parent.normalised, &token)
        };
        // Every path key is kept: `locate` finds a rewritten one by its old spelling.
        let wanted = is_path_key
            || self
                .wanted
                .as_ref()
                .is_none_or(|wanted| wanted.contains(&normalised));
        Node {
            pointer: pointer::child(&parent.pointer, &token),
            normalised,
            wanted,
            at,
        }
    }

    fn record(&mut self, node: &Node) {
        if node.wanted {
            let location = self.location(node.at);
            self.starts.entry(node.pointer.clone()).or_insert(location);
        }
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map { key: None },
                ..
            })
        )
    }
}

impl MarkedEventReceiver for Indexer<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) if self.expects_key() => {
                if let Some(Frame {
                    kind: FrameKind::Map { key },
                    ..
                }) = self.stack.last_mut()
                {
                    *key = Some((value, mark));
                }
            }
            Event::Scalar(..) | Event::Alias(_) => {
                let node = self.begin_node(mark);
                self.record(&node);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let node = self.begin_node(mark);
                self.record(&node);
                let kind = if matches!(event, Event::MappingStart(..)) {
                    FrameKind::Map { key: None }
                } else {
                    FrameKind::Seq { next: 0 }
                };
                self.stack.push(Frame {
                    pointer: node.pointer,
                    normalised: node.normalised,
                    wanted: node.wanted,
                    kind,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_items_and_rewritten_paths() {
        let text = "openapi: 3.0.0\npaths:\n  /a?x=1:\n    get:\n      tags: [one, two]\n  é: {}\n";
        let map = SourceMap::build(text);
        let at = |p: &str| map.locate(p).map(|l| (l.line, l.column));
        assert_eq!(at("/openapi"), Some((1, 1)));
        assert_eq!(at("/paths/~1a/get"), Some((4, 5)));
        assert_eq!(at("/paths/~1a/get/tags/1"), Some((5, 19)));
        assert_eq!(at("/paths/~1a/get/missing"), Some((4, 5)));
        let e = map.locate("/paths/é").expect("located");
        assert_eq!(&text[e.offset..e.offset + 2], "é");
    }

    #[test]
    fn an_index_for_some_pointers_locates_them_as_the_whole_index_does() {
        let text = "openapi: 3.0.0\npaths:\n  /é/:id?x=1:\n    get:\n      tags: [one, two]\n  /b:\n    put: {x: [1, {y: 2}]}\ncomponents: {schemas: {A: {type: string}}}\n";
        let pointers = [
            "/paths/~1é~1{id}/get/tags/1",
            "/paths/~1b/put/x/1/y",
            "/paths/~1b/put/missing/deeper",
            "/components/schemas/A/type",
            "/openapi",
            "/nowhere",
        ];
        let whole = SourceMap::build(text);
        let some = SourceMap::build_for(text, pointers);
        for pointer in pointers {
            assert_eq!(some.locate(pointer), whole.locate(pointer), "{pointer}");
            assert!(whole.locate(pointer).is_some(), "{pointer}");
        }
        assert_eq!(
            whole.locate(pointers[0]).map(|l| (l.line, l.column)),
            Some((5, 19))
        );
        // Only what was asked for, its ancestors and the path keys are indexed.
        assert!(some.starts.len() < whole.starts.len());
        assert!(some.starts.contains_key("/paths/~1b"));
        assert!(!some.starts.contains_key("/paths/~1b/put/x/0"));
    }
}
