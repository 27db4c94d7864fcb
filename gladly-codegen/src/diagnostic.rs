//! Problems found in a spec, as values: the generator never panics on its input.

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
            }
            l
        });
        let located =
            located.filter(|l| l.offset < source.len() && source.is_char_boundary(l.offset));
        let hint = self.hint.as_deref().unwrap_or_default();
        let mut message = level.title(&self.message).id(self.code);
        if let Some(location) = located {
            // Underline the node's first line: the key, or the item, it starts with.
            let line = source
                .get(location.offset..)
                .and_then(|rest| rest.lines().next())
                .unwrap_or_default()
                .trim_end();
            let end = (location.offset + line.len().max(1)).min(source.len());
            message = message.snippet(
                Snippet::source(source)
                    .line_start(1)
                    .origin(origin)
                    .fold(true)
                    .annotation(level.span(location.offset..end).label(label)),
            );
        } else {
            message = message.footer(Level::Note.title(&at));
        }
        if self.hint.is_some() {
            message = message.footer(Level::Help.title(hint));
        }
        let rendered = Renderer::plain().render(message).to_string();
        rendered
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

/// Diagnostics collected through the pipeline.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic, once: the same problem reached again by another route is
    /// not repeated.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if !self.items.contains(&diagnostic) {
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
        let map = SourceMap::build(source);
        for item in self.items.iter_mut().filter(|d| needs(d)) {
            item.location = map.locate(&item.pointer);
        }
    }

    /// Takes the diagnostics.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}
