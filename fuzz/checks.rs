//! The checks of the fuzz targets, shared by `fuzz/fuzz_targets/*.rs` and by the replay
//! test `tests/fuzz_seeds.rs`, which includes this file with `#[path]`. It depends only
//! on `roadmap_ls` and on `tower_lsp_server` (a dependency of `roadmap_ls`).
//!
//! Both checks read their input a byte at a time ([`Input`]) and read zeros once it
//! runs out, so every input, even an empty one, is a valid case.
//!
//! - [`edits`]: a starting text, an encoding, a size limit and up to 16 `didChange`s of
//!   1 to 3 changes each, with ranges anywhere (past the end, inside a character,
//!   reversed, `u32::MAX`), applied through `DocumentStore::change`. After each one the
//!   store's analysis must equal a fresh `Engine::analyze_text` of the store's text,
//!   its line index must equal a fresh one, and every occurrence must convert to a
//!   position and back. The client's text is mirrored independently for the rounds
//!   whose ranges are all exact (in bounds, on a character boundary).
//! - [`positions`]: a text and random offsets and positions in each encoding through
//!   `LineIndex::offset`, `LineIndex::position` and `PositionCursor`, compared with an
//!   independent model of the documented clamping.

#![allow(dead_code)]

use roadmap_ls::analysis::{Analysis, Engine};
use roadmap_ls::position::{Encoding, LineColumn, LineIndex, PositionCursor};
use roadmap_ls::server::documents::{ChangeOutcome, DocumentStore};
use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};

const URI: &str = "file:///fuzz.py";
const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

/// Bits of Python, line breaks of every kind and characters of 1 to 4 bytes (also
/// combining marks, a flag, a ZWJ sequence, a byte-order mark, NUL) that texts are
/// mostly built from.
const PIECES: &[&str] = &[
    "def ",
    "class ",
    "f(",
    ")",
    ":",
    "\n",
    "\r\n",
    "\r",
    "    ",
    "\t",
    "x",
    " = ",
    "1",
    "\"",
    "'",
    "f\"{x}\"",
    "lambda ",
    "yield ",
    "return ",
    "@",
    "import ",
    "from ",
    " as ",
    "with ",
    "for ",
    " in ",
    "if ",
    "else",
    "try:",
    "except ",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    "#",
    "# roadmap: ignore",
    "😀",
    "é",
    "e\u{301}",
    "中文",
    "🇫🇷",
    "👨\u{200d}👩\u{200d}👧",
    "\u{feff}",
    "\0",
    "self",
    "__init__",
    "async ",
    "await ",
    "*args",
    "**kw",
    "\\",
    "\"\"\"",
    "print(",
    "super().",
    "global ",
    "nonlocal ",
    "@property\n",
    "@staticmethod\n",
    "(",
    "\n\n",
    "range(",
    "open(",
    "__enter__",
    "__iter__",
    "__next__",
    "*",
    "**",
    "->",
    ":=",
    "match ",
    "case ",
    "_",
    "while ",
    "pass",
    "raise ",
    "assert ",
    "del ",
    "is ",
    "not ",
    "and ",
    "or ",
];

/// The fuzz input, read a byte at a time; zeros once it runs out.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&first, rest)) => {
                self.data = rest;
                first
            }
            None => 0,
        }
    }

    fn bytes(&mut self, count: usize) -> &'a [u8] {
        let (taken, rest) = self.data.split_at(count.min(self.data.len()));
        self.data = rest;
        taken
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    fn encoding(&mut self) -> Encoding {
        ENCODINGS[self.byte() as usize % 3]
    }

    /// Up to `max_pieces` pieces: mostly from [`PIECES`], sometimes raw bytes (made
    /// valid UTF-8 with `from_utf8_lossy`, which may cut a character in two).
    fn text(&mut self, max_pieces: usize) -> String {
        let count = self.byte() as usize % (max_pieces + 1);
        let mut bytes = Vec::new();
        for _ in 0..count {
            let choice = self.byte();
            if choice < 224 {
                bytes.extend_from_slice(PIECES[choice as usize % PIECES.len()].as_bytes());
            } else {
                let length = (choice - 224) as usize % 8 + 1;
                bytes.extend_from_slice(self.bytes(length));
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// A line or character: mostly below `small`, sometimes anything, near `u32::MAX`
    /// or `u32::MAX` itself.
    fn coordinate(&mut self, small: u32) -> u32 {
        match self.byte() {
            choice @ 0..=239 => choice as u32 % small.max(1),
            240..=247 => self.u32(),
            248..=251 => u32::MAX - self.byte() as u32,
            _ => u32::MAX,
        }
    }

    /// A byte offset: mostly near the text, sometimes anything up to `usize::MAX`.
    fn offset(&mut self, len: usize) -> usize {
        match self.byte() {
            0..=199 => (self.u32() as usize) % (len + 8),
            200..=239 => self.byte() as usize % (len + 2),
            240..=251 => self.u32() as usize,
            _ => usize::MAX - self.byte() as usize,
        }
    }
}

// ---------------------------------------------------------------------------------
// An independent model of lines and positions.

fn units(ch: char, encoding: Encoding) -> u32 {
    match encoding {
        Encoding::Utf8 => ch.len_utf8() as u32,
        Encoding::Utf16 => ch.len_utf16() as u32,
        Encoding::Utf32 => 1,
    }
}

/// Each line's start and the end of its content (before `\n`, `\r\n` or a lone `\r`).
fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        match ch {
            '\n' => {
                lines.push((start, index));
                start = index + 1;
            }
            '\r' => {
                lines.push((start, index));
                start = index + 1;
                if let Some(&(next, '\n')) = chars.peek() {
                    chars.next();
                    start = next + 1;
                }
            }
            _ => {}
        }
    }
    lines.push((start, text.len()));
    lines
}

/// Whether `offset` lies between the `\r` and `\n` of a CRLF (no position names it).
fn inside_crlf(text: &str, offset: usize) -> bool {
    offset > 0
        && text.as_bytes().get(offset - 1) == Some(&b'\r')
        && text.as_bytes().get(offset) == Some(&b'\n')
}

/// The offset a position means, clamped as `src/position.rs` documents: past the end of
/// a line is its end, past the last line is the end of the text, inside a character is
/// the start of that character. Also whether the position was exact (named a boundary
/// of its line without clamping).
fn model_offset(text: &str, position: (u32, u32), encoding: Encoding) -> (usize, bool) {
    let lines = model_lines(text);
    let Some(&(start, end)) = lines.get(position.0 as usize) else {
        return (text.len(), false);
    };
    let mut counted: u64 = 0;
    let character = position.1 as u64;
    for (index, ch) in text[start..end].char_indices() {
        if counted == character {
            return (start + index, true);
        }
        if counted + units(ch, encoding) as u64 > character {
            return (start + index, false);
        }
        counted += units(ch, encoding) as u64;
    }
    (end, counted == character)
}

/// The position of every character boundary of `text` (and of its end), as
/// `(offset, line, character)`; an offset inside a CRLF counts the `\r`.
fn model_positions(text: &str, encoding: Encoding) -> Vec<(usize, u32, u32)> {
    let mut positions = Vec::with_capacity(text.len() + 1);
    let (mut line, mut character) = (0u32, 0u32);
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        positions.push((index, line, character));
        let ends_line = ch == '\n' || (ch == '\r' && !matches!(chars.peek(), Some((_, '\n'))));
        if ends_line {
            line += 1;
            character = 0;
        } else {
            character += units(ch, encoding);
        }
    }
    positions.push((text.len(), line, character));
    positions
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn column(line: u32, character: u32) -> LineColumn {
    LineColumn { line, character }
}

/// The line index agrees with the model: same lines, same starts and ends.
fn check_line_index(index: &LineIndex, text: &str) {
    let lines = model_lines(text);
    assert_eq!(index.line_count(), lines.len(), "line count of {text:?}");
    for (line, &(start, end)) in lines.iter().enumerate() {
        assert_eq!(
            index.line_start(line as u32, text),
            start,
            "start of line {line} of {text:?}"
        );
        assert_eq!(
            index.line_end(line as u32, text),
            end,
            "end of line {line} of {text:?}"
        );
    }
    assert_eq!(index.line_start(lines.len() as u32, text), text.len());
    assert_eq!(index.line_start(u32::MAX, text), text.len());
    assert_eq!(index.line_end(u32::MAX, text), text.len());
}

// ---------------------------------------------------------------------------------
// The `positions` target.

pub fn positions(data: &[u8]) {
    let mut input = Input::new(data);
    let text = input.text(64);
    let index = LineIndex::new(&text);
    check_line_index(&index, &text);
    let line_count = index.line_count() as u32;

    for encoding in ENCODINGS {
        // Every byte offset, boundary or not, in increasing order.
        let model = model_positions(&text, encoding);
        let mut cursor = PositionCursor::new(&index, &text, encoding);
        let mut next = 0;
        for offset in 0..=text.len() + 2 {
            let floor = floor_boundary(&text, offset);
            while next + 1 < model.len() && model[next + 1].0 <= floor {
                next += 1;
            }
            let (at, line, character) = model[next];
            assert_eq!(at, floor);
            let position = index.position(&text, offset, encoding);
            assert_eq!(
                position,
                column(line, character),
                "position of {offset} in {text:?} ({encoding:?})"
            );
            assert_eq!(
                cursor.position(offset),
                position,
                "cursor at {offset} in {text:?} ({encoding:?})"
            );
            let back = index.offset(&text, position, encoding);
            if inside_crlf(&text, floor) {
                assert_eq!(back, floor - 1, "offset inside a CRLF, {floor} in {text:?}");
            } else {
                assert_eq!(
                    back, floor,
                    "offset of {position:?} in {text:?} ({encoding:?})"
                );
            }
        }
    }

    // Random queries, in the order given and each in a random encoding.
    let mut offsets = Vec::new();
    let mut encoding = Encoding::Utf16;
    while !input.is_empty() {
        match input.byte() % 4 {
            0 => encoding = input.encoding(),
            1 => {
                let offset = input.offset(text.len());
                let position = index.position(&text, offset, encoding);
                assert!(position.line < line_count, "line of {offset} in {text:?}");
                let floor = floor_boundary(&text, offset);
                let back = index.offset(&text, position, encoding);
                assert!(back <= floor && text.is_char_boundary(back));
                offsets.push(offset);
            }
            _ => {
                let line = input.coordinate(line_count + 2);
                let character = input.coordinate(64);
                let offset = index.offset(&text, column(line, character), encoding);
                assert!(
                    offset <= text.len(),
                    "offset of {line}:{character} past the end of {text:?}"
                );
                assert!(
                    text.is_char_boundary(offset),
                    "offset of {line}:{character} inside a character of {text:?}"
                );
                let (expected, exact) = model_offset(&text, (line, character), encoding);
                assert_eq!(
                    offset, expected,
                    "offset of {line}:{character} in {text:?} ({encoding:?})"
                );
                let position = index.position(&text, offset, encoding);
                if exact {
                    assert_eq!(
                        position,
                        column(line, character),
                        "round trip of {line}:{character} in {text:?}"
                    );
                } else {
                    assert!(
                        position <= column(line, character),
                        "clamping {line}:{character} moved forward in {text:?}"
                    );
                }
                offsets.push(offset);
            }
        }
    }

    // The cursor agrees with the index in any order, and in increasing order.
    for encoding in ENCODINGS {
        let mut cursor = PositionCursor::new(&index, &text, encoding);
        for &offset in &offsets {
            assert_eq!(
                cursor.position(offset),
                index.position(&text, offset, encoding)
            );
        }
        offsets.sort_unstable();
        let mut cursor = PositionCursor::new(&index, &text, encoding);
        for &offset in &offsets {
            assert_eq!(
                cursor.position(offset),
                index.position(&text, offset, encoding)
            );
        }
    }
}

// ---------------------------------------------------------------------------------
// The `edits` target.

/// One change of a `didChange`, with its range chosen around `text` (the client's
/// text as far as the model knows it).
fn change(input: &mut Input, text: &str) -> TextDocumentContentChangeEvent {
    let kind = input.byte();
    let new_text = input.text(6);
    if kind % 16 == 0 {
        return TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: new_text,
        };
    }
    let lines = model_lines(text).len() as u32;
    let point = |input: &mut Input| Position {
        line: input.coordinate(lines + 2),
        character: input.coordinate(64),
    };
    let start = point(input);
    // Mostly a short range from the start; sometimes an independent end (maybe before
    // the start).
    let end = if kind % 4 == 0 {
        point(input)
    } else {
        Position {
            line: start.line.saturating_add((input.byte() % 3 == 0) as u32),
            character: start.character.saturating_add(input.byte() as u32 % 8),
        }
    };
    TextDocumentContentChangeEvent {
        range: Some(Range { start, end }),
        range_length: None,
        text: new_text,
    }
}

/// Applies one change as the client does, if its range is exact (both ends in bounds,
/// on boundaries); `None` if the store's clamping would decide where it lands.
fn apply(
    text: &str,
    change: &TextDocumentContentChangeEvent,
    encoding: Encoding,
) -> Option<String> {
    let Some(range) = change.range else {
        return Some(change.text.clone());
    };
    let (start, start_exact) =
        model_offset(text, (range.start.line, range.start.character), encoding);
    let (end, end_exact) = model_offset(text, (range.end.line, range.end.character), encoding);
    if !start_exact || !end_exact {
        return None;
    }
    // A reversed range is an insertion at its start.
    let end = end.max(start);
    Some(format!("{}{}{}", &text[..start], change.text, &text[end..]))
}

/// The store's document is whole: its line index is that of its text, its analysis
/// that of a fresh parse (or none above the size limit), and every occurrence lies in
/// the text and converts to a position and back.
fn check_document(store: &DocumentStore, encoding: Encoding, max_size: usize) {
    let document = store.get(URI).expect("the document is open");
    let text = &document.text;
    assert!(std::str::from_utf8(text.as_bytes()).is_ok());
    check_line_index(&document.lines, text);
    if text.len() > max_size {
        assert!(document.too_large);
        assert_eq!(document.analysis, Analysis::default());
    } else {
        assert!(!document.too_large);
        assert_eq!(
            document.analysis,
            Engine::builtin().analyze_text(text),
            "incremental analysis differs from a fresh one for {text:?}"
        );
    }

    let mut offsets = Vec::new();
    for occurrence in &document.analysis.occurrences {
        assert!(
            occurrence.start <= occurrence.end && occurrence.end <= text.len(),
            "{occurrence:?} in {text:?}"
        );
        for offset in [occurrence.start, occurrence.end] {
            assert!(
                text.is_char_boundary(offset),
                "{occurrence:?} cuts a character of {text:?}"
            );
            let position = document.position(offset, encoding);
            let back = document.offset(position, encoding);
            let expected = if inside_crlf(text, offset) {
                offset - 1
            } else {
                offset
            };
            assert_eq!(
                back, expected,
                "{occurrence:?} via {position:?} in {text:?}"
            );
            offsets.push(offset);
        }
        let range = document.range(occurrence.start, occurrence.end, encoding);
        assert!(range.start <= range.end, "{occurrence:?} gives {range:?}");
    }
    offsets.sort_unstable();
    let mut cursor = PositionCursor::new(&document.lines, text, encoding);
    for offset in offsets {
        assert_eq!(
            cursor.position(offset),
            document.lines.position(text, offset, encoding)
        );
    }
}

pub fn edits(data: &[u8]) {
    let mut input = Input::new(data);
    let encoding = input.encoding();
    let max_size = if input.byte() % 16 == 0 { 64 } else { 1 << 21 };
    let engine = Engine::builtin();
    let mut store = DocumentStore::default();
    let mut client = input.text(48);
    store.open(URI, client.clone(), 1, engine, max_size);
    check_document(&store, encoding, max_size);

    let mut version = 1;
    for _ in 0..16 {
        if input.is_empty() {
            break;
        }
        let count = input.byte() % 3 + 1;
        let stale = count == 3 && input.byte() % 16 == 0;
        let mut changes = Vec::new();
        let mut expected = Some(client.clone());
        for _ in 0..count {
            let change = change(&mut input, expected.as_deref().unwrap_or(&client));
            expected = expected.and_then(|text| apply(&text, &change, encoding));
            changes.push(change);
        }
        if stale {
            let outcome = store.change(URI, version, &changes, encoding, engine, max_size);
            assert_eq!(outcome, ChangeOutcome::Stale { stored: version });
            assert_eq!(
                store.get(URI).unwrap().text,
                client,
                "a stale change was applied"
            );
            continue;
        }
        version += 1;
        let outcome = store.change(URI, version, &changes, encoding, engine, max_size);
        assert_eq!(outcome, ChangeOutcome::Applied);
        let text = &store.get(URI).unwrap().text;
        if let Some(expected) = expected {
            assert_eq!(
                text, &expected,
                "the store's text differs from the client's after {changes:?}"
            );
        }
        client = text.clone();
        check_document(&store, encoding, max_size);
    }
}
