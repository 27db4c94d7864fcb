//! Where each node of the spec text is: JSON pointer -> line and column, so that a
//! diagnostic found on the tree can point at the spec file like a compiler does.

use std::collections::{BTreeMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

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

    /// A JSON text (most large specs are JSON) is read by [`json_events`], which gives
    /// the events and marks the YAML parser would, several times faster; any other text,
    /// or one that is not plain JSON after all, by the YAML parser.
    fn index(text: &str, wanted: Option<HashSet<String>>) -> Self {
        let mut indexer = Indexer::new(text, wanted.clone());
        if json_events(text, &mut indexer).is_some() {
            return Self {
                starts: indexer.starts,
            };
        }
        Self::index_yaml(text, wanted)
    }

    fn index_yaml(text: &str, wanted: Option<HashSet<String>>) -> Self {
        let mut indexer = Indexer::new(text, wanted);
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

/// A position as yaml-rust2 counts it: characters from the start, 1-based line,
/// 0-based column in characters.
#[derive(Debug, Clone, Copy)]
struct Mark {
    index: usize,
    line: usize,
    col: usize,
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
    Map { key: Option<(String, Mark)> },
    Seq { next: usize },
}

/// Where a node is, and whether it is wanted.
struct Node {
    pointer: String,
    normalised: String,
    wanted: bool,
    at: Mark,
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

impl<'a> Indexer<'a> {
    fn new(text: &'a str, wanted: Option<HashSet<String>>) -> Self {
        Self {
            text,
            cursor: (0, 0),
            stack: Vec::new(),
            starts: BTreeMap::new(),
            wanted,
        }
    }

    fn location(&mut self, mark: Mark) -> Location {
        let (mut chars, mut byte) = self.cursor;
        if mark.index < chars {
            (chars, byte) = (0, 0);
        }
        let rest = self.text.get(byte..).unwrap_or_default();
        let offset = match rest.char_indices().nth(mark.index - chars) {
            Some((i, _)) => byte + i,
            None => self.text.len(),
        };
        self.cursor = (mark.index, offset);
        Location {
            line: mark.line,
            column: mark.col + 1,
            offset,
        }
    }

    /// The node starting now, and where to say it starts.
    fn begin_node(&mut self, mark: Mark) -> Node {
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
        let mark = Mark {
            index: mark.index(),
            line: mark.line(),
            col: mark.col(),
        };
        self.event(event, mark);
    }
}

impl Indexer<'_> {
    fn event(&mut self, event: Event, mark: Mark) {
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

/// Where a JSON scan is, counted as yaml-rust2 counts: characters from the start,
/// 1-based lines, 0-based columns in characters.
struct JsonScan<'a> {
    bytes: &'a [u8],
    pos: usize,
    index: usize,
    line: usize,
    col: usize,
}

impl JsonScan<'_> {
    fn mark(&self) -> Mark {
        Mark {
            index: self.index,
            line: self.line,
            col: self.col,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Steps over one ASCII byte that is not a line break.
    fn bump(&mut self) {
        self.pos += 1;
        self.index += 1;
        self.col += 1;
    }

    /// Skips JSON whitespace; `None` at a lone carriage return, which YAML counts as a
    /// line break and JSON does not.
    fn skip_whitespace(&mut self) -> Option<()> {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' => self.bump(),
                b'\n' => {
                    self.pos += 1;
                    self.index += 1;
                    self.line += 1;
                    self.col = 0;
                }
                b'\r' if self.bytes.get(self.pos + 1) == Some(&b'\n') => self.bump(),
                b'\r' => return None,
                _ => break,
            }
        }
        Some(())
    }

    /// Steps over a string at its opening quote and gives its value, or `None` when it
    /// is not a valid JSON string.
    fn string(&mut self, text: &str) -> Option<String> {
        let start = self.pos;
        let mut end = start + 1;
        let mut escaped = false;
        loop {
            match *self.bytes.get(end)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    end += 2;
                }
                byte if byte < 0x20 => return None,
                _ => end += 1,
            }
        }
        let quoted = text.get(start..=end)?;
        let chars = quoted.chars().count();
        self.pos = end + 1;
        self.index += chars;
        self.col += chars;
        if escaped {
            serde_json::from_str(quoted).ok()
        } else {
            quoted.get(1..quoted.len() - 1).map(str::to_owned)
        }
    }

    /// Steps over a number, `true`, `false` or `null` (loosely: a run of the characters
    /// they are made of); `None` when there is none.
    fn plain(&mut self) -> Option<()> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            self.bump();
        }
        (self.pos > start).then_some(())
    }
}

/// What a JSON scan expects next.
enum Want {
    Value,
    /// A key or the end of the mapping just opened.
    FirstKey,
    Key,
    /// A value or the end of the sequence just opened.
    FirstItem,
    /// A `,`, the end of the container, or the end of the text.
    After,
}

/// Gives `receiver` the events (and their marks) the YAML parser gives for a JSON text:
/// a mapping or sequence starts at its bracket, a scalar at its first character (a
/// string at its opening quote), and keys are scalars. `None` as soon as the text turns
/// out not to be plain JSON (YAML that happens to start with a bracket, a comment,
/// a lone carriage return): the caller reads it again as YAML.
fn json_events(text: &str, receiver: &mut Indexer) -> Option<()> {
    let mut scan = JsonScan {
        bytes: text.as_bytes(),
        pos: 0,
        index: 0,
        line: 1,
        col: 0,
    };
    scan.skip_whitespace()?;
    if !matches!(scan.peek(), Some(b'{' | b'[')) {
        return None;
    }
    // Whether each open container is a mapping.
    let mut open: Vec<bool> = Vec::new();
    let mut want = Want::Value;
    loop {
        scan.skip_whitespace()?;
        let mark = scan.mark();
        match want {
            Want::Value => {
                match scan.peek()? {
                    b'{' => {
                        scan.bump();
                        receiver.event(Event::MappingStart(0, None), mark);
                        open.push(true);
                        want = Want::FirstKey;
                        continue;
                    }
                    b'[' => {
                        scan.bump();
                        receiver.event(Event::SequenceStart(0, None), mark);
                        open.push(false);
                        want = Want::FirstItem;
                        continue;
                    }
                    b'"' => {
                        scan.string(text)?;
                    }
                    _ => scan.plain()?,
                }
                // The value of a scalar that is not a key is not needed.
                let scalar = Event::Scalar(String::new(), TScalarStyle::Plain, 0, None);
                receiver.event(scalar, mark);
                want = Want::After;
            }
            Want::FirstKey if scan.peek() == Some(b'}') => {
                scan.bump();
                open.pop();
                receiver.event(Event::MappingEnd, mark);
                want = Want::After;
            }
            Want::FirstKey | Want::Key => {
                if scan.peek() != Some(b'"') {
                    return None;
                }
                let key = scan.string(text)?;
                receiver.event(
                    Event::Scalar(key, TScalarStyle::DoubleQuoted, 0, None),
                    mark,
                );
                scan.skip_whitespace()?;
                if scan.peek() != Some(b':') {
                    return None;
                }
                scan.bump();
                want = Want::Value;
            }
            Want::FirstItem if scan.peek() == Some(b']') => {
                scan.bump();
                open.pop();
                receiver.event(Event::SequenceEnd, mark);
                want = Want::After;
            }
            Want::FirstItem => want = Want::Value,
            Want::After => match (open.last(), scan.peek()) {
                (None, None) => return Some(()),
                (Some(true), Some(b',')) => {
                    scan.bump();
                    want = Want::Key;
                }
                (Some(false), Some(b',')) => {
                    scan.bump();
                    want = Want::Value;
                }
                (Some(true), Some(b'}')) => {
                    scan.bump();
                    open.pop();
                    receiver.event(Event::MappingEnd, mark);
                }
                (Some(false), Some(b']')) => {
                    scan.bump();
                    open.pop();
                    receiver.event(Event::SequenceEnd, mark);
                }
                _ => return None,
            },
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

    type Index = Vec<(String, Location)>;

    /// Every located node of `text`, as the JSON scan and as the YAML parser index it.
    fn both(text: &str) -> (Index, Index) {
        let mut indexer = Indexer::new(text, None);
        assert!(json_events(text, &mut indexer).is_some(), "read as JSON");
        let json = indexer.starts.into_iter().collect();
        let yaml = SourceMap::index_yaml(text, None)
            .starts
            .into_iter()
            .collect();
        (json, yaml)
    }

    #[test]
    fn a_json_text_is_indexed_as_the_yaml_parser_indexes_it() {
        let texts = [
            "{}",
            "[]",
            " \n{\"openapi\": \"3.0.0\", \"paths\": {\"/a?x=1\": {\"get\": {\"tags\": [\"one\", 2, true, null, -1.5e3]}}}}\n",
            "{\r\n  \"é\": {\"ü\": [{}, [], {\"x\": []}],\r\n  \"k\\\"\\u00e9\\n\": \"v\\\\\"},\n\t\"z\": [[1, [2, {\"y\": \"日本\"}]], 3]\n}",
            "[{\"a\": 1}, \"b\", {\"c\": {\"d\": [0]}}]",
            "{\"a\": 1, \"a\": {\"b\": 2}}",
        ];
        for text in texts {
            let (json, yaml) = both(text);
            assert!(!json.is_empty(), "{text}");
            assert_eq!(json, yaml, "{text}");
        }
    }

    #[test]
    fn a_text_that_is_not_plain_json_is_left_to_the_yaml_parser() {
        for text in [
            "a: 1",
            "{a: 1}",
            "{\"a\": 1} # note",
            "{\"a\": 1}\n---\n{}",
            "{\"a\":\r1}",
            "{\"a\": 'x'}",
            "{\"a\": [1,]x}",
            "{\"a\": \"unterminated",
            "[1, 2",
        ] {
            let mut indexer = Indexer::new(text, None);
            assert!(json_events(text, &mut indexer).is_none(), "{text}");
        }
        // Such a text is still indexed, by the YAML parser.
        let map = SourceMap::build("{a: [1, {b: 2}]} # note");
        assert_eq!(
            map.locate("/a/1/b").map(|l| (l.line, l.column)),
            Some((1, 10))
        );
    }

    #[test]
    fn a_deeply_nested_json_text_does_not_overflow_the_stack() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let map = SourceMap::build_for(&text, ["/0/0/0"]);
        assert_eq!(map.locate("/0/0/0").map(|l| l.column), Some(4));
    }
}
