//! The document store: the text of every open document, its version, syntax tree
//! and analysis. Edits are applied in the order received, each to a copy that only
//! replaces the stored text once it is whole, so a failure cannot leave half an edit.

use std::collections::HashMap;

use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use tree_sitter::Tree;

use crate::analysis::{parse, Analysis, Engine, StatementCache};
use crate::position::{Encoding, LineColumn, LineIndex};

/// One open document.
pub struct Document {
    pub text: String,
    pub version: i32,
    pub lines: LineIndex,
    /// The syntax tree and the per-statement cache, kept only for the document being
    /// edited (others are rebuilt on their next edit): memory stays near the text size.
    tree: Option<Tree>,
    cache: StatementCache,
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
    /// The document edited last: the only one that keeps its tree and cache.
    editing: Option<String>,
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
            cache: StatementCache::default(),
            analysis: Analysis::default(),
            too_large: false,
        };
        document.reanalyze(engine, max_size, false);
        self.documents.insert(uri.to_string(), document);
        &self.documents[uri]
    }

    pub fn close(&mut self, uri: &str) -> bool {
        if self.editing.as_deref() == Some(uri) {
            self.editing = None;
        }
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
        match self.documents.get(uri) {
            None => return ChangeOutcome::Unknown,
            Some(document) if version <= document.version => {
                return ChangeOutcome::Stale {
                    stored: document.version,
                };
            }
            Some(_) => {}
        }
        if self.editing.as_deref() != Some(uri) {
            // Another document is being edited now: the last one gives up its tree.
            if let Some(previous) = self
                .editing
                .take()
                .and_then(|previous| self.documents.get_mut(&previous))
            {
                previous.forget();
            }
            self.editing = Some(uri.to_string());
        }
        let document = self.documents.get_mut(uri).expect("checked above");
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
        for (uri, document) in &mut self.documents {
            document.reanalyze(engine, max_size, self.editing.as_ref() == Some(uri));
        }
    }
}

impl Document {
    /// Analyses the document again: incrementally (from its edited tree and its
    /// statement cache) when `keep` says it is being edited, else from scratch,
    /// dropping the tree and cache afterwards.
    fn reanalyze(&mut self, engine: &Engine, max_size: usize, keep: bool) {
        if self.text.len() > max_size {
            self.too_large = true;
            self.forget();
            self.analysis = Analysis::default();
            return;
        }
        self.too_large = false;
        let tree = parse::parse(&self.text, self.tree.as_ref());
        self.analysis = engine.analyze_with_cache(&tree, &self.text, &self.lines, &mut self.cache);
        self.tree = Some(tree);
        if !keep {
            self.forget();
        }
    }

    /// Drops the tree and the statement cache (rebuilt on the next edit).
    fn forget(&mut self) {
        self.tree = None;
        self.cache = StatementCache::default();
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
