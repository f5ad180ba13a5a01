//! The document store: the text of every open document, its version, syntax tree
//! and analysis. Edits are applied in the order received, each to a copy that only
//! replaces the stored text once it is whole, so a failure cannot leave half an edit.

use std::collections::HashMap;

use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use tree_sitter::Tree;

use crate::analysis::{parse, Analysis, Engine};
use crate::position::{Encoding, LineColumn, LineIndex};

/// One open document.
pub struct Document {
    pub text: String,
    pub version: i32,
    pub lines: LineIndex,
    /// `None` while the document is above the size limit.
    tree: Option<Tree>,
    pub analysis: Analysis,
    /// Set when the document is above the size limit and so not analysed.
    pub too_large: bool,
}

/// What happened to a `didChange`.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeOutcome {
    Applied,
    /// The document is not open (the client never sent `didOpen`).
    Unknown,
    /// The version is not newer than the stored one: dropped.
    Stale {
        stored: i32,
    },
}

#[derive(Default)]
pub struct DocumentStore {
    documents: HashMap<String, Document>,
}

impl DocumentStore {
    pub fn get(&self, uri: &str) -> Option<&Document> {
        self.documents.get(uri)
    }

    pub fn uris(&self) -> impl Iterator<Item = &String> {
        self.documents.keys()
    }

    /// Opens (or reopens, replacing) a document and analyses it.
    pub fn open(
        &mut self,
        uri: &str,
        text: String,
        version: i32,
        engine: &Engine,
        max_size: usize,
    ) -> &Document {
        let mut document = Document {
            lines: LineIndex::new(&text),
            text,
            version,
            tree: None,
            analysis: Analysis::default(),
            too_large: false,
        };
        document.reanalyze(engine, max_size, false);
        self.documents.insert(uri.to_string(), document);
        &self.documents[uri]
    }

    pub fn close(&mut self, uri: &str) -> bool {
        self.documents.remove(uri).is_some()
    }

    /// Applies the changes of one `didChange`, in order, then re-parses incrementally.
    pub fn change(
        &mut self,
        uri: &str,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
        engine: &Engine,
        max_size: usize,
    ) -> ChangeOutcome {
        let Some(document) = self.documents.get_mut(uri) else {
            return ChangeOutcome::Unknown;
        };
        if version <= document.version {
            return ChangeOutcome::Stale {
                stored: document.version,
            };
        }
        let mut text = document.text.clone();
        let mut lines = document.lines.clone();
        let mut tree = document.tree.take();
        for change in changes {
            match change.range {
                None => {
                    text = change.text.clone();
                    tree = None;
                }
                Some(range) => {
                    let start = offset(&lines, &text, range.start, encoding);
                    let end = offset(&lines, &text, range.end, encoding).max(start);
                    let mut edited =
                        String::with_capacity(text.len() - (end - start) + change.text.len());
                    edited.push_str(&text[..start]);
                    edited.push_str(&change.text);
                    edited.push_str(&text[end..]);
                    if let Some(tree) = tree.as_mut() {
                        parse::edit_tree(
                            tree,
                            &text,
                            &edited,
                            start,
                            end,
                            start + change.text.len(),
                        );
                    }
                    text = edited;
                }
            }
            lines = LineIndex::new(&text);
        }
        document.text = text;
        document.lines = lines;
        document.version = version;
        document.tree = tree;
        document.reanalyze(engine, max_size, true);
        ChangeOutcome::Applied
    }

    /// Re-analyses every document, after the size limit changed.
    pub fn reanalyze_all(&mut self, engine: &Engine, max_size: usize) {
        for document in self.documents.values_mut() {
            document.reanalyze(engine, max_size, true);
        }
    }
}

impl Document {
    fn reanalyze(&mut self, engine: &Engine, max_size: usize, incremental: bool) {
        if self.text.len() > max_size {
            self.too_large = true;
            self.tree = None;
            self.analysis = Analysis::default();
            return;
        }
        self.too_large = false;
        let old = if incremental {
            self.tree.as_ref()
        } else {
            None
        };
        let tree = parse::parse(&self.text, old);
        self.analysis = engine.analyze(&tree, &self.text, &self.lines);
        self.tree = Some(tree);
    }

    /// The byte offset of an LSP position, clamped into the document.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        offset(&self.lines, &self.text, position, encoding)
    }

    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let position = self.lines.position(&self.text, offset, encoding);
        Position {
            line: position.line,
            character: position.character,
        }
    }

    pub fn range(&self, start: usize, end: usize, encoding: Encoding) -> Range {
        Range {
            start: self.position(start, encoding),
            end: self.position(end, encoding),
        }
    }
}

fn offset(lines: &LineIndex, text: &str, position: Position, encoding: Encoding) -> usize {
    lines.offset(
        text,
        LineColumn {
            line: position.line,
            character: position.character,
        },
        encoding,
    )
}
