//! The document store: the text of every open document, its version, syntax trees
//! and analysis. Edits are applied in the order received, each to a copy that only
//! replaces the stored text once it is whole, so a failure cannot leave half an edit.
//!
//! The document being edited keeps its top-level statements as [`Segment`]s of
//! syntax trees. tree-sitter-python's own incremental re-parse costs about as much
//! as lexing the whole file again (the nodes that chain the module's statements are
//! "fragile", so tree-sitter re-lexes every statement's first token), so an edit is
//! instead re-parsed as the few top-level statements around it, alone, and spliced in
//! between the unchanged ones; see [`Document::reparse_around`] for when that gives
//! exactly the tree of a fresh parse, and the fresh parse that is done otherwise.

use std::collections::HashMap;
use std::sync::Arc;

use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use tree_sitter::Tree;

use crate::analysis::kinds::kinds;
use crate::analysis::{parse, Analysis, Engine, StatementCache, TopLevel};
use crate::position::{Encoding, LineColumn, LineIndex};

/// One open document.
pub struct Document {
    pub text: String,
    pub version: i32,
    pub lines: LineIndex,
    /// The syntax trees and the per-statement cache, kept only for the document being
    /// edited (others are rebuilt on their next edit): memory stays near the text size.
    /// Empty when not kept; else clean (no syntax errors), in document order.
    segments: Vec<Segment>,
    /// The statements of `segments`, as the last analysis listed them; `None` once
    /// the segments changed since.
    located: Option<Vec<Located>>,
    cache: StatementCache,
    /// The big top-level statements being parsed alone on a thread of their own.
    background: Option<Background>,
    /// Statements parsed alone while the document has a syntax error (and so no
    /// segments), with the edits made since: spliced in again once it is clean.
    retired: Vec<Alone>,
    retired_edits: Vec<(usize, usize, isize)>,
    /// The text and line index before the last edit, whose memory the next edit
    /// reuses (a fresh 700 KB buffer costs more in page faults than in copying).
    spare: Option<(String, LineIndex)>,
    pub analysis: Analysis,
    /// Set when the document is above the size limit and so not analysed.
    pub too_large: bool,
}

/// Some consecutive top-level statements of a document: the named children of the
/// root of `tree` (parsed from `source`) that start in `range` of `source`, which sit
/// in the document `shift` bytes later than in `source`.
#[derive(Clone)]
struct Segment {
    tree: Tree,
    source: Arc<str>,
    /// Unique to `source`, for the statement cache.
    id: u64,
    range: std::ops::Range<usize>,
    shift: isize,
}

/// Below this many bytes, the statements a keystroke lands in are parsed alone at
/// that keystroke (in well under a millisecond); above it, in the background first.
const BACKGROUND_BYTES: usize = 4096;

/// The big top-level statements of a document just parsed whole, being parsed alone
/// on a thread of their own, so that the first keystroke into one of them re-parses
/// it incrementally (a fraction of a millisecond) rather than from nothing (about
/// 20 ms for a class of 100 KB). Each one is spliced in at the next edit if its text
/// is still there, as the same statements, unchanged.
struct Background {
    receiver: std::sync::mpsc::Receiver<Alone>,
    cancel: Arc<std::sync::atomic::AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
    /// The edits made since the text was handed over: start, old end, and by how
    /// many bytes what follows moved.
    edits: Vec<(usize, usize, isize)>,
}

/// Statements parsed alone: their text, where it started in the text handed over,
/// and its syntax tree (clean).
struct Alone {
    start: usize,
    source: Arc<str>,
    tree: Tree,
}

impl Drop for Background {
    fn drop(&mut self) {
        self.cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A top-level statement of a segmented document, located.
struct Located {
    segment: usize,
    /// Where it starts and ends in its segment's source.
    source_range: std::ops::Range<usize>,
    /// Where it starts in the document.
    start: usize,
    is_comment: bool,
}

impl Located {
    /// `node`, a statement of the segment at `index` of the document's segments.
    fn new(index: usize, segment: &Segment, node: tree_sitter::Node<'_>) -> Located {
        Located {
            segment: index,
            source_range: node.start_byte()..node.end_byte(),
            start: (node.start_byte() as isize + segment.shift) as usize,
            is_comment: node.kind_id() == kinds().comment,
        }
    }

    /// Whether a part parsed alone can start here: at a statement, not a comment, at
    /// the start of its line in `text` (see [`reparse_around`]).
    fn starts_part(&self, lines: &LineIndex, text: &str) -> bool {
        !self.is_comment && self.start == lines.line_start(lines.line_of(self.start), text)
    }
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
            segments: Vec::new(),
            located: None,
            cache: StatementCache::default(),
            background: None,
            retired: Vec::new(),
            retired_edits: Vec::new(),
            spare: None,
            analysis: Analysis::default(),
            too_large: false,
        };
        // The document opened last is the one about to be edited: it keeps its trees
        // (and the one edited before gives them up), so its first keystroke is spliced
        // in rather than parsed afresh.
        self.start_editing(uri);
        document.reanalyze(engine, max_size, true);
        self.documents.insert(uri.to_string(), document);
        &self.documents[uri]
    }

    /// Makes `uri` the document being edited, the only one that keeps its trees.
    fn start_editing(&mut self, uri: &str) {
        if self.editing.as_deref() == Some(uri) {
            return;
        }
        if let Some(previous) = self
            .editing
            .take()
            .and_then(|previous| self.documents.get_mut(&previous))
        {
            previous.forget();
        }
        self.editing = Some(uri.to_string());
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
        // Another document is being edited now: the last one gives up its trees.
        self.start_editing(uri);
        let document = self.documents.get_mut(uri).expect("checked above");
        document.splice_background();
        // Edits go to a copy, made by the first edit itself (the stored text stays whole
        // until all are applied).
        let mut text = std::borrow::Cow::Borrowed(document.text.as_str());
        let mut lines = std::borrow::Cow::Borrowed(&document.lines);
        // Trees are kept only while every edit of this change could be spliced in.
        let mut segments = std::mem::take(&mut document.segments);
        let mut located = document.located.take();
        let mut spare = document.spare.take();
        for change in changes {
            match change.range {
                None => {
                    text = std::borrow::Cow::Owned(change.text.clone());
                    segments.clear();
                    document.background = None;
                    document.retired.clear();
                    lines = std::borrow::Cow::Owned(LineIndex::new(&text));
                }
                Some(range) => {
                    let start = offset(&lines, &text, range.start, encoding);
                    let end = offset(&lines, &text, range.end, encoding).max(start);
                    let (mut edited, spare_lines) = spare.take().unwrap_or_default();
                    edited.clear();
                    edited.reserve(text.len() - (end - start) + change.text.len());
                    edited.push_str(&text[..start]);
                    edited.push_str(&change.text);
                    edited.push_str(&text[end..]);
                    let edited_lines =
                        lines.edited(spare_lines, &edited, start, end, change.text.len());
                    if !segments.is_empty() && text.len() <= max_size {
                        let listed = located.take().unwrap_or_else(|| locate(&segments));
                        match reparse_around(
                            &segments,
                            &listed,
                            &text,
                            &lines,
                            &edited,
                            start..end,
                            change.text.len(),
                        ) {
                            Some(spliced) => segments = spliced,
                            None => {
                                // Parsed afresh: the statements parsed alone wait
                                // until the document is clean again.
                                document.retire(std::mem::take(&mut segments));
                            }
                        }
                    }
                    let delta = change.text.len() as isize - (end - start) as isize;
                    if let Some(background) = &mut document.background {
                        background.edits.push((start, end, delta));
                    }
                    if !document.retired.is_empty() {
                        document.retired_edits.push((start, end, delta));
                    }
                    text = std::borrow::Cow::Owned(edited);
                    lines = std::borrow::Cow::Owned(edited_lines);
                }
            }
        }
        let (text, lines) = (text.into_owned(), lines.into_owned());
        let old_text = std::mem::replace(&mut document.text, text);
        let old_lines = std::mem::replace(&mut document.lines, lines);
        document.spare = Some((old_text, old_lines));
        document.version = version;
        document.segments = segments;
        document.reanalyze(engine, max_size, true);
        ChangeOutcome::Applied
    }

    /// Waits until the background parse of a document is done and splices in all it
    /// found; returns how many segments of syntax trees the document then has. For
    /// tests, which would otherwise depend on when that thread finishes.
    pub fn finish_background(&mut self, uri: &str) -> usize {
        self.documents.get_mut(uri).map_or(0, |document| {
            document.finish_background();
            document.segments.len()
        })
    }

    /// Re-analyses every document, after the size limit changed.
    pub fn reanalyze_all(&mut self, engine: &Engine, max_size: usize) {
        for (uri, document) in &mut self.documents {
            document.reanalyze(engine, max_size, self.editing.as_ref() == Some(uri));
        }
    }
}

impl Document {
    /// Analyses the document again: from its segments and its statement cache when
    /// `keep` says it is being edited (parsing it afresh if it has none), else from
    /// scratch, dropping the trees and cache afterwards.
    fn reanalyze(&mut self, engine: &Engine, max_size: usize, keep: bool) {
        if self.text.len() > max_size {
            self.too_large = true;
            self.forget();
            self.analysis = Analysis::default();
            return;
        }
        self.too_large = false;
        let fresh = self.segments.is_empty();
        if fresh {
            let tree = parse::parse(&self.text, None);
            self.segments.push(Segment {
                tree,
                source: Arc::from(self.text.as_str()),
                id: new_source_id(),
                range: 0..self.text.len() + 1,
                shift: 0,
            });
        }
        let trees: Vec<(&Segment, Vec<tree_sitter::Node<'_>>)> = self
            .segments
            .iter()
            .map(|segment| (segment, segment_children(segment)))
            .collect();
        let statements: Vec<TopLevel<'_>> = trees
            .iter()
            .flat_map(|(segment, children)| {
                children.iter().map(|node| TopLevel {
                    node: *node,
                    text: &segment.source,
                    start: (node.start_byte() as isize + segment.shift) as usize,
                    source: segment.id,
                })
            })
            .collect();
        self.analysis = engine.analyze_statements(&statements, &self.lines, &mut self.cache);
        // Listed once here, for the next edit to find its place in.
        let listed = trees
            .iter()
            .enumerate()
            .flat_map(|(index, (segment, children))| {
                children
                    .iter()
                    .map(move |node| Located::new(index, segment, *node))
            })
            .collect();
        let clean = self
            .segments
            .iter()
            .all(|segment| !segment.tree.root_node().has_error());
        drop(trees);
        self.located = Some(listed);
        if !keep {
            self.forget();
        } else if !clean {
            // A tree with errors is never spliced into: the next edit parses afresh.
            // The statement cache stays (its keys are unique to each parse).
            let segments = std::mem::take(&mut self.segments);
            self.retire(segments);
        } else if fresh {
            let retired = std::mem::take(&mut self.retired);
            let edits = std::mem::take(&mut self.retired_edits);
            for alone in retired {
                self.splice_alone(alone, &edits);
            }
            self.located = None;
            self.parse_in_background();
        }
    }

    /// Keeps aside the statements parsed alone (those of `segments`, and what the
    /// background parse has finished) when the document is to be parsed afresh.
    fn retire(&mut self, segments: Vec<Segment>) {
        self.located = None;
        if !self.retired.is_empty() {
            // Those retired before are further behind; the edits since are theirs.
            return;
        }
        for segment in segments {
            if is_alone(&segment) && !segment.tree.root_node().has_error() {
                self.retired.push(Alone {
                    start: segment.shift as usize,
                    source: segment.source,
                    tree: segment.tree,
                });
            }
        }
        if let Some(background) = self.background.take() {
            let edits = background.edits.clone();
            while let Ok(alone) = background.receiver.try_recv() {
                // Moved to the text of now, or left out if an edit touched it.
                if let Some(start) = moved(alone.start, alone.source.len(), &edits) {
                    self.retired.push(Alone { start, ..alone });
                }
            }
        }
        self.retired_edits.clear();
    }

    /// Starts parsing the big top-level statements of a document just parsed whole,
    /// each alone, on a thread of its own (those that already are are left out).
    fn parse_in_background(&mut self) {
        let source: Arc<str> = match self.segments.as_slice() {
            [segment] => segment.source.clone(),
            _ => Arc::from(self.text.as_str()),
        };
        let located = locate(&self.segments);
        let mut parts = Vec::new();
        let mut part_start = 0;
        for statement in &located {
            if statement.start > part_start && statement.starts_part(&self.lines, &self.text) {
                parts.push(part_start..statement.start);
                part_start = statement.start;
            }
        }
        parts.push(part_start..source.len());
        let alone = |part: &std::ops::Range<usize>| {
            self.segments.iter().any(|segment| {
                segment.range.start == 0
                    && segment.shift == part.start as isize
                    && segment.source.len() == part.len()
            })
        };
        parts.retain(|part| {
            part.len() >= BACKGROUND_BYTES
                && !source[part.clone()].trim_end().ends_with('\\')
                && !alone(part)
        });
        if parts.is_empty() {
            return;
        }
        // The biggest first: they are the slowest to parse at a keystroke.
        parts.sort_by_key(|part| std::cmp::Reverse(part.len()));
        let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (sender, receiver) = std::sync::mpsc::channel();
        let stop = cancel.clone();
        let handle = std::thread::Builder::new()
            .name("roadmap-ls parse".into())
            .spawn(move || {
                for part in parts {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    let text = &source[part.clone()];
                    let tree = parse::parse(text, None);
                    if tree.root_node().has_error() {
                        continue;
                    }
                    let alone = Alone {
                        start: part.start,
                        source: Arc::from(text),
                        tree,
                    };
                    if sender.send(alone).is_err() {
                        return;
                    }
                }
            });
        // Without a thread, statements are parsed alone when first edited.
        if let Ok(handle) = handle {
            self.background = Some(Background {
                receiver,
                cancel,
                handle: Some(handle),
                edits: Vec::new(),
            });
        }
    }

    /// Splices in what the background parse has finished, then drops it if it is done.
    fn splice_background(&mut self) {
        let Some(background) = self.background.take() else {
            return;
        };
        let mut done = false;
        loop {
            match background.receiver.try_recv() {
                Ok(alone) => self.splice_alone(alone, &background.edits),
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    done = true;
                    break;
                }
            }
        }
        if !done && !self.segments.is_empty() {
            self.background = Some(background);
        }
    }

    /// Waits until the background parse is done and splices in all it found.
    fn finish_background(&mut self) {
        if let Some(handle) = self
            .background
            .as_mut()
            .and_then(|background| background.handle.take())
        {
            let _ = handle.join();
        }
        self.splice_background();
    }

    /// Splices in statements parsed alone, when their text is still in the document
    /// as the same whole statements: from a statement that starts a line to the next
    /// one (or the end). That is the tree [`reparse_around`] would have parsed for
    /// them, and so the one a fresh parse gives; the statement cache keeps their
    /// analysis under their new source.
    fn splice_alone(&mut self, alone: Alone, edits: &[(usize, usize, isize)]) {
        if self.segments.is_empty() {
            return;
        }
        let length = alone.source.len();
        let Some(start) = moved(alone.start, length, edits) else {
            return;
        };
        if self.text.get(start..start + length) != Some(&*alone.source) {
            return;
        }
        let located = locate(&self.segments);
        let first = if start == 0 {
            0
        } else {
            match located
                .iter()
                .position(|statement| statement.start == start)
            {
                Some(index) if located[index].starts_part(&self.lines, &self.text) => index,
                _ => return,
            }
        };
        let after = located[first..]
            .iter()
            .position(|statement| statement.start >= start + length)
            .map(|index| first + index);
        let ends_at_part = match after {
            None => start + length == self.text.len(),
            Some(index) => {
                located[index].start == start + length
                    && located[index].starts_part(&self.lines, &self.text)
            }
        };
        if !ends_at_part {
            return;
        }
        let after = after.unwrap_or(located.len());
        let id = new_source_id();
        let replaced = &located[first..after];
        let rekeyed: Option<Vec<_>> = {
            let root = alone.tree.root_node();
            let mut cursor = root.walk();
            let nodes: Vec<tree_sitter::Node<'_>> = root.named_children(&mut cursor).collect();
            let same = nodes.len() == replaced.len()
                && nodes.iter().zip(replaced).all(|(node, statement)| {
                    node.start_byte() + start == statement.start
                        && node.end_byte() - node.start_byte() == statement.source_range.len()
                });
            same.then(|| {
                nodes
                    .iter()
                    .zip(replaced)
                    .map(|(node, statement)| {
                        let old = &self.segments[statement.segment];
                        (
                            (
                                old.id,
                                statement.source_range.start,
                                statement.source_range.end,
                            ),
                            (id, node.start_byte(), node.end_byte()),
                        )
                    })
                    .collect()
            })
        };
        let Some(rekeyed) = rekeyed else {
            return;
        };
        for (old, new) in rekeyed {
            self.cache.rekey(old, new);
        }
        let mut spliced = runs(&self.segments, &located[..first], 0);
        spliced.push(Segment {
            tree: alone.tree,
            source: alone.source,
            id,
            range: 0..length + 1,
            shift: start as isize,
        });
        spliced.extend(runs(&self.segments, &located[after..], 0));
        self.segments = spliced;
        self.located = None;
    }

    /// Drops the trees and the statement cache (rebuilt on the next edit).
    fn forget(&mut self) {
        self.located = None;
        self.background = None;
        self.spare = None;
        self.retired.clear();
        self.retired_edits.clear();
        self.segments.clear();
        self.cache = StatementCache::default();
    }

    /// The top-level statements of the kept syntax trees, as (start in the document,
    /// s-expression), or `None` when no trees are kept. For tests, which compare them
    /// with a fresh parse of the text.
    pub fn kept_syntax(&self) -> Option<Vec<(usize, String)>> {
        if self.segments.is_empty() {
            return None;
        }
        let mut statements = Vec::new();
        for segment in &self.segments {
            for node in segment_children(segment) {
                let start = (node.start_byte() as isize + segment.shift) as usize;
                statements.push((start, node.to_sexp()));
            }
        }
        Some(statements)
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

/// The named children of a segment's root that belong to it.
fn segment_children(segment: &Segment) -> Vec<tree_sitter::Node<'_>> {
    let root = segment.tree.root_node();
    let mut cursor = root.walk();
    let mut children = Vec::new();
    // Jumps over the statements before the range without visiting each of them.
    if cursor
        .goto_first_child_for_byte(segment.range.start)
        .is_none()
    {
        return children;
    }
    loop {
        let node = cursor.node();
        if node.start_byte() >= segment.range.end {
            break;
        }
        if node.is_named() && node.start_byte() >= segment.range.start {
            children.push(node);
        }
        if !cursor.goto_next_sibling() {
            break;
        }
    }
    children
}

/// Whether a segment holds all the statements of its source, which was parsed alone.
fn is_alone(segment: &Segment) -> bool {
    segment.range.start == 0
        && segment_children(segment).len() == segment.tree.root_node().named_child_count()
}

/// Every top-level statement of the segments, with where it starts in the document.
fn locate(segments: &[Segment]) -> Vec<Located> {
    let mut located = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        for node in segment_children(segment) {
            located.push(Located::new(index, segment, node));
        }
    }
    located
}

/// The segments of `edited`, which is `text` with `replaced` replaced by `inserted`
/// bytes, or `None` when the edit cannot be spliced in (the document is then parsed
/// afresh).
///
/// The statements around the edit, from the last one that starts a line at or before
/// it to the first one that starts a line after it (the gap of comments and blank
/// lines before that one included), are parsed alone. That parse is the one a fresh
/// parse of the whole document gives for them when the document was clean and they
/// parse cleanly alone: they then start in the state a module starts in (column 0,
/// after complete statements, with no open bracket or indentation) and end before a
/// statement that starts a line, so nothing before them and nothing after them can
/// read them differently. A part that starts with indentation or a comment could
/// continue the block before it, and one that ends in a backslash continues into the
/// next line, so those are parsed afresh with the whole document instead.
fn reparse_around(
    segments: &[Segment],
    located: &[Located],
    text: &str,
    lines: &LineIndex,
    edited: &str,
    replaced: std::ops::Range<usize>,
    inserted: usize,
) -> Option<Vec<Segment>> {
    let (start, end) = (replaced.start, replaced.end);
    // The first statement of the re-parsed part (none: from the start of the file).
    let first = located
        .iter()
        .rposition(|statement| statement.start <= start && statement.starts_part(lines, text))
        .filter(|&index| located[index].start > 0);
    // The first statement after it (none: to the end of the file).
    let after = located
        .iter()
        .position(|statement| statement.start > end && statement.starts_part(lines, text));
    let part_start = first.map_or(0, |index| located[index].start);
    let old_end = after.map_or(text.len(), |index| located[index].start);
    let delta = inserted as isize - (end - start) as isize;
    let new_end = (old_end as isize + delta) as usize;
    let part = edited.get(part_start..new_end)?;
    if part_start > 0 && part.starts_with(|c: char| c.is_whitespace() || c == '#') {
        return None;
    }
    if part.trim_end().ends_with('\\') {
        return None;
    }
    // When the part is exactly a segment parsed alone before (the statements edited
    // last), tree-sitter re-parses it incrementally from that tree: the statements it
    // does not touch are reused, not parsed again. (Cutting a part out of a larger
    // tree would cost an edit of every node of the rest, more than parsing the part.)
    let old_tree = segments
        .iter()
        .find(|segment| {
            segment.shift == part_start as isize
                && segment.source.len() == old_end - part_start
                && segment.range.start == 0
        })
        .map(|segment| {
            let mut tree = segment.tree.clone();
            parse::edit_tree(
                &mut tree,
                &segment.source,
                part,
                start - part_start,
                end - part_start,
                start - part_start + inserted,
            );
            tree
        });
    let tree = parse::parse(part, old_tree.as_ref());
    if tree.root_node().has_error() {
        return None;
    }

    // The statements before the part and after it keep their trees.
    let keep_before = first.unwrap_or(0);
    let keep_after = after.unwrap_or(located.len());
    let mut spliced = runs(segments, &located[..keep_before], 0);
    spliced.push(Segment {
        tree,
        source: Arc::from(part),
        id: new_source_id(),
        range: 0..part.len() + 1,
        shift: part_start as isize,
    });
    spliced.extend(runs(segments, &located[keep_after..], delta));
    Some(spliced)
}

/// The segments that hold `statements` (consecutive ones of `segments`), moved by `delta`.
fn runs(segments: &[Segment], statements: &[Located], delta: isize) -> Vec<Segment> {
    let mut runs: Vec<(usize, Segment)> = Vec::new();
    for statement in statements {
        let source = &segments[statement.segment];
        match runs.last_mut() {
            Some((segment, run)) if *segment == statement.segment => {
                run.range.end = statement.source_range.end;
            }
            _ => runs.push((
                statement.segment,
                Segment {
                    tree: source.tree.clone(),
                    source: source.source.clone(),
                    id: source.id,
                    range: statement.source_range.clone(),
                    shift: source.shift + delta,
                },
            )),
        }
    }
    runs.into_iter().map(|(_, run)| run).collect()
}

/// Where `length` bytes at `start` are after `edits` (start, old end, and by how many
/// bytes what follows moved, in order), or `None` if an edit touched them.
fn moved(mut start: usize, length: usize, edits: &[(usize, usize, isize)]) -> Option<usize> {
    for &(at, old_end, delta) in edits {
        if old_end < start || old_end == start && at < start {
            start = (start as isize + delta) as usize;
        } else if at <= start + length {
            return None;
        }
    }
    Some(start)
}

/// A number no segment source had before.
fn new_source_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}
