//! Problems found in a spec, as values: the generator never panics on its input.

use std::collections::HashSet;
use std::fmt;

use annotate_snippets::{Level, Renderer, Snippet};

pub use crate::source_map::Location;
use crate::source_map::SourceMap;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Generation went on; the output may be looser than the spec intended, or the spec
    /// was repaired in memory.
    Warning,
    /// Nothing can be generated until the spec is fixed.
    Error,
}

/// One problem, located by the JSON pointer of the spec node it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// A short, stable identifier of the kind of problem (e.g. `missing-description`).
    pub code: &'static str,
    /// What is wrong (and, for a repair, what was done about it).
    pub message: String,
    /// The JSON pointer of the node concerned, e.g. `/paths/~1api~1v1~1agents/get`.
    pub pointer: String,
    /// What the spec author could do about it.
    pub hint: Option<String>,
    /// Where the node is in the spec text, once located.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// A warning: generation goes on.
    pub fn warning(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            code,
            message: message.into(),
            pointer: pointer.into(),
            hint: None,
            location: None,
        }
    }

    /// An error: nothing is written.
    pub fn error(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            pointer: pointer.into(),
            hint: None,
            location: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl Diagnostic {
    /// Renders the diagnostic the way rustc does: the message, then the spec line it is
    /// about with a marker, then the JSON pointer and the hint. `origin` names the file.
    pub fn render(&self, source: &str, origin: &str) -> String {
        let level = match self.severity {
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        };
        let pointer = format!(
            "#{}",
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            }
        );
        let label = if self.pointer.is_empty() {
            "here"
        } else {
            pointer.as_str()
        };
        let at = format!("at {pointer} in {origin}");
        // A problem at the very end of the text (an unclosed bracket) is shown on the
        // last line.
        let located = self.location.map(|mut l| {
            if l.offset >= source.len() {
                l.offset = source.trim_end().rfind('\n').map_or(0, |n| n + 1);
                l.line = 0;
            }
            l
        });
        let located =
            located.filter(|l| l.offset < source.len() && source.is_char_boundary(l.offset));
        let hint = self.hint.as_deref().unwrap_or_default();
        let mut message = level.title(&self.message).id(self.code);
        let excerpt = located.map(|l| Excerpt::new(source, l.offset, l.line));
        if let Some(excerpt) = &excerpt {
            // The position is written by `with_origin`: annotate-snippets would count
            // the column in the excerpt, not in the line.
            message = message.snippet(
                Snippet::source(&excerpt.text)
                    .line_start(excerpt.line)
                    .annotation(level.span(excerpt.span.clone()).label(label)),
            );
        } else {
            message = message.footer(Level::Note.title(&at));
        }
        if self.hint.is_some() {
            message = message.footer(Level::Help.title(hint));
        }
        let rendered = Renderer::plain().render(message).to_string();
        match &excerpt {
            Some(excerpt) => excerpt.with_origin(&rendered, origin),
            None => rendered,
        }
    }
}

/// The most characters of a spec line a rendered diagnostic quotes. A minified JSON spec
/// is one line of a megabyte: quoting it whole for every diagnostic prints gigabytes.
pub const EXCERPT_CHARS: usize = 120;

/// How many characters before the node an excerpt of a long line starts.
const EXCERPT_BEFORE: usize = 40;

/// Where the token at `offset` ends: after its closing quote for a quoted string, else
/// before the next JSON or YAML punctuation or blank; at least one character on.
fn token_end(source: &str, offset: usize, line_end: usize) -> usize {
    let rest = source.get(offset..line_end).unwrap_or_default();
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return offset + 1;
    };
    let length = if first == '"' || first == '\'' {
        let mut escaped = false;
        chars
            .find(|&(_, c)| {
                let closes = c == first && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            })
            .map_or(rest.len(), |(i, c)| i + c.len_utf8())
    } else {
        match rest.find([',', ':', '{', '}', '[', ']', ' ', '\t']) {
            Some(0) => first.len_utf8(),
            Some(end) => end,
            None => rest.len(),
        }
    };
    offset + length
}

/// The part of a spec line a diagnostic quotes, and where the node is in it.
struct Excerpt {
    /// The line, or a window of it with `...` where it was cut.
    text: String,
    /// 1-based line number.
    line: usize,
    /// 1-based column of the node in the whole line, in characters.
    column: usize,
    /// What to underline, in `text`: the node's first line, up to the window's end.
    span: std::ops::Range<usize>,
}

impl Excerpt {
    /// The excerpt around byte `offset` (a char boundary inside `source`), on the 1-based
    /// `line` if it is known (counting the lines before a node far into a large spec,
    /// for each diagnostic, would cost more than the rest of the rendering).
    fn new(source: &str, offset: usize, line: usize) -> Self {
        let before = source.get(..offset).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        let rest = source.get(offset..).unwrap_or_default();
        let line_end = offset + rest.find('\n').unwrap_or(rest.len());
        let line_text = source
            .get(line_start..line_end)
            .unwrap_or_default()
            .trim_end();
        let line_end = line_start + line_text.len();
        // Underline from the node to the end of its line, at least one character.
        let span_end = line_end.max(offset + 1);
        let line = match line {
            0 => before.bytes().filter(|b| *b == b'\n').count() + 1,
            known => known,
        };
        let head = source.get(line_start..offset).unwrap_or_default();
        let column = head.chars().count() + 1;
        if line_text.chars().count() <= EXCERPT_CHARS {
            return Self {
                text: line_text.to_owned(),
                line,
                column,
                span: offset - line_start..span_end - line_start,
            }
            .padded();
        }
        let start = head
            .char_indices()
            .rev()
            .nth(EXCERPT_BEFORE.saturating_sub(1))
            .map_or(line_start, |(i, _)| line_start + i);
        let window = source.get(start..line_end).unwrap_or_default();
        let end = window
            .char_indices()
            .nth(EXCERPT_CHARS)
            .map_or(line_end, |(i, _)| start + i);
        let prefix = if start > line_start { "..." } else { "" };
        let suffix = if end < line_end { "..." } else { "" };
        let text = format!(
            "{prefix}{}{suffix}",
            source.get(start..end).unwrap_or_default()
        );
        let shift = |at: usize| prefix.len() + at.min(end) - start;
        Self {
            text,
            line,
            column,
            // In a long line the rest of the line is most of the document: only the
            // node's first token (its key, a scalar, a bracket) is marked.
            span: shift(offset)..shift(token_end(source, offset, line_end)),
        }
        .padded()
    }

    /// A node in the blanks that end its line is marked on a blank: annotate-snippets
    /// refuses a mark beyond its text.
    fn padded(mut self) -> Self {
        while self.text.len() < self.span.end {
            self.text.push(' ');
        }
        self
    }

    /// Adds the `--> origin:line:column` line after the title, where annotate-snippets
    /// puts it, aligned on the line-number gutter.
    fn with_origin(&self, rendered: &str, origin: &str) -> String {
        let gutter = " ".repeat(self.line.to_string().len());
        let first_gutter_line = format!("\n{gutter} |\n");
        let arrow = format!("\n{gutter}--> {origin}:{}:{}", self.line, self.column);
        match rendered.find(&first_gutter_line) {
            Some(at) => {
                let (title, body) = rendered.split_at(at);
                format!("{title}{arrow}{body}")
            }
            None => format!("{rendered}{arrow}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{level}[{}]: {}\n  --> #{pointer}",
            self.code, self.message
        )?;
        if let Some(location) = self.location {
            write!(f, " (line {}, column {})", location.line, location.column)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything a diagnostic says but where it is in the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Said {
    severity: Severity,
    code: &'static str,
    pointer: String,
    message: String,
    hint: Option<String>,
}

impl Said {
    fn of(d: &Diagnostic) -> Self {
        Self {
            severity: d.severity,
            code: d.code,
            pointer: d.pointer.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// Diagnostics collected through the pipeline.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// What the items say, to find a repeated one without a scan: a large spec can give
    /// tens of thousands of warnings. (Their location follows from their pointer.)
    seen: HashSet<Said>,
}

impl Diagnostics {
    /// Records a diagnostic, once: the same problem reached again by another route is
    /// not repeated.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.seen.insert(Said::of(&diagnostic)) {
            self.items.push(diagnostic);
        }
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics in the order they were found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Fills in each diagnostic's line and column from the spec text.
    pub fn locate(&mut self, source: &str) {
        // The whole document (pointer "") needs no position, and indexing a text that was
        // refused for its size would defeat the refusal.
        let needs = |d: &Diagnostic| d.location.is_none() && !d.pointer.is_empty();
        if !self.items.iter().any(needs) || source.len() > crate::MAX_SPEC_BYTES {
            return;
        }
        let wanted = self
            .items
            .iter()
            .filter(|d| needs(d))
            .map(|d| d.pointer.as_str());
        let map = SourceMap::build_for(source, wanted);
        for item in self.items.iter_mut().filter(|d| needs(d)) {
            item.location = map.locate(&item.pointer);
        }
    }

    /// Takes the diagnostics.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(pointer: &str, source: &str, offset: usize) -> Diagnostic {
        let mut d = Diagnostic::warning("some-code", pointer, "something is off");
        d.location = Some(Location {
            line: source[..offset].matches('\n').count() + 1,
            column: 0,
            offset,
        });
        d
    }

    #[test]
    fn a_short_line_is_quoted_whole() {
        let source = "a: 1\nb:\n  c: [x]\n";
        let offset = source.find("c:").unwrap();
        let rendered = at("/b/c", source, offset).render(source, "spec.yaml");
        assert_eq!(
            rendered,
            "warning[some-code]: something is off\n --> spec.yaml:3:3\n  |\n3 |   c: [x]\n  |   ------ #/b/c\n  |"
        );
    }

    #[test]
    fn a_long_line_is_quoted_around_the_node() {
        // A minified JSON spec of 100 KB: one line.
        let mut source = String::from("{\"openapi\":\"3.0.3\",\"x\":[");
        while source.len() < 100_000 {
            source.push_str("\"padding padding padding\",");
        }
        let offset = source.len();
        source.push_str("\"target\":{\"é\":1}");
        source.push_str(&"\"tail\",".repeat(1000));
        source.push_str("]}");
        let rendered = at("/x/target", &source, offset).render(&source, "big.json");
        assert!(
            rendered.len() < 600,
            "{} bytes:\n{rendered}",
            rendered.len()
        );
        assert!(rendered
            .lines()
            .all(|l| l.chars().count() <= EXCERPT_CHARS + 20));
        let quoted = rendered.lines().nth(3).unwrap();
        assert!(
            quoted.starts_with("1 | ...") && quoted.ends_with("..."),
            "{quoted}"
        );
        assert!(quoted.contains("\"target\":{\"é\":1}"), "{quoted}");
        let column = source[..offset].chars().count() + 1;
        assert!(
            rendered.contains(&format!(" --> big.json:1:{column}\n")),
            "{rendered}"
        );
        // The marker starts under the node.
        let marker = rendered.lines().nth(4).unwrap();
        let under = quoted.find("\"target\"").unwrap();
        assert_eq!(marker.find('-'), Some(under), "{quoted}\n{marker}");
        assert!(
            marker.ends_with(" -------- #/x/target"),
            "only the key: {marker}"
        );
    }

    #[test]
    fn a_long_line_is_cut_only_where_it_goes_on() {
        let source = format!("{}\n", "é".repeat(300));
        let rendered = at("/a", &source, 0).render(&source, "s");
        let quoted = rendered.lines().nth(3).unwrap();
        assert_eq!(quoted, format!("1 | {}...", "é".repeat(EXCERPT_CHARS)));
        let offset = source.trim_end().len() - "é".len();
        let rendered = at("/a", &source, offset).render(&source, "s");
        let quoted = rendered.lines().nth(3).unwrap();
        assert_eq!(quoted, format!("1 | ...{}", "é".repeat(EXCERPT_BEFORE + 1)));
    }

    #[test]
    fn a_node_at_the_end_of_a_line_is_marked() {
        let source = "a: 1   \nb: 2\n";
        let rendered = at("/a", source, 5).render(source, "s");
        assert!(rendered.contains(" --> s:1:6\n"), "{rendered}");
        assert!(rendered.contains("\n  |      - #/a\n"), "{rendered}");
    }
}
