//! Where each node of the spec text is: JSON pointer -> line and column, so that a
//! diagnostic found on the tree can point at the spec file like a compiler does.

use std::collections::BTreeMap;

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
        let mut indexer = Indexer {
            text,
            char_to_byte: CharToByte::new(text),
            stack: Vec::new(),
            starts: BTreeMap::new(),
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

/// Char index -> byte offset (yaml-rust2 counts characters, slices need bytes).
struct CharToByte {
    offsets: Vec<usize>,
    len: usize,
}

impl CharToByte {
    fn new(text: &str) -> Self {
        Self {
            offsets: text.char_indices().map(|(byte, _)| byte).collect(),
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.offsets.get(char_index).copied().unwrap_or(self.len)
    }
}

enum Frame {
    Map {
        pointer: String,
        key: Option<(String, Marker)>,
    },
    Seq {
        pointer: String,
        next: usize,
    },
}

struct Indexer<'a> {
    text: &'a str,
    char_to_byte: CharToByte,
    stack: Vec<Frame>,
    starts: BTreeMap<String, Location>,
}

impl Indexer<'_> {
    fn location(&self, mark: Marker) -> Location {
        let offset = self.char_to_byte.byte(mark.index()).min(self.text.len());
        Location {
            line: mark.line(),
            column: mark.col() + 1,
            offset,
        }
    }

    /// The pointer of a node starting now, and where to say it starts.
    fn begin_node(&mut self, mark: Marker) -> (String, Marker) {
        match self.stack.last_mut() {
            Some(Frame::Map { pointer, key }) => match key.take() {
                Some((name, key_mark)) => (pointer::child(pointer, &name), key_mark),
                None => (pointer::child(pointer, "?"), mark),
            },
            Some(Frame::Seq { pointer, next }) => {
                let child = format!("{pointer}/{next}");
                *next += 1;
                (child, mark)
            }
            None => (String::new(), mark),
        }
    }

    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

impl MarkedEventReceiver for Indexer<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) if self.expects_key() => {
                if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                    *key = Some((value, mark));
                }
            }
            Event::Scalar(..) | Event::Alias(_) => {
                let (pointer, at) = self.begin_node(mark);
                let location = self.location(at);
                self.starts.entry(pointer).or_insert(location);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let (pointer, at) = self.begin_node(mark);
                let location = self.location(at);
                self.starts.entry(pointer.clone()).or_insert(location);
                self.stack.push(if is_map {
                    Frame::Map { pointer, key: None }
                } else {
                    Frame::Seq { pointer, next: 0 }
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
}
