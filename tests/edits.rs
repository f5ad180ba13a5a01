//! Property tests of incremental sync: random sequences of edits (insertions,
//! deletions, replacements, whole-text replacements) over texts full of emoji, CJK,
//! combining marks, CRLF and lone CR, a byte-order mark, tabs, and empty documents,
//! in UTF-8, UTF-16 and UTF-32. The client's text is modelled in `tests/model`
//! (independently of `src/position.rs`); after every edit the server's text must be
//! the client's, and its occurrences those of a fresh analysis of that text.

mod model;
mod support;

use proptest::prelude::*;
use roadmap_ls::analysis::Engine;
use roadmap_ls::position::{Encoding, LineIndex};
use roadmap_ls::server::documents::{ChangeOutcome, DocumentStore};
use serde_json::json;
use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};

const URI: &str = "file:///edits.py";
const NO_LIMIT: usize = usize::MAX;

/// Pieces of text: awkward characters, line breaks, and bits of Python.
const PIECES: &[&str] = &[
    "",
    "a",
    "x = 1",
    "😀",
    "🇫🇷",
    "中文字",
    "e\u{301}",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u{feff}",
    "    ",
    "def f(a):\n    return a\n",
    "@d\ndef g(): pass\n",
    "class C(B):\n\tpass\r\n",
    "[1, 2]",
    "lambda x: x",
    "with open(p) as f:\r    pass\r",
    "ß",
    "\"",
    "'''",
    "(",
    ")",
    ":",
    "#",
    "ю",
    "\u{200d}",
    "yield 1",
];

fn text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(prop::sample::select(PIECES), 0..10),
    )
        .prop_map(|(bom, pieces)| {
            let text = pieces.concat();
            if bom {
                format!("\u{feff}{text}")
            } else {
                text
            }
        })
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        Just(Encoding::Utf8),
        Just(Encoding::Utf16),
        Just(Encoding::Utf32)
    ]
}

/// One change, as fractions of the text it applies to: where it starts, how much it
/// replaces (0 = an insertion), what it inserts ("" = a deletion); or a whole text.
#[derive(Clone, Debug)]
enum Change {
    Range { start: u16, len: u16, new: String },
    Whole(String),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        8 => (any::<u16>(), prop_oneof![Just(0u16), any::<u16>()], text())
            .prop_map(|(start, len, new)| Change::Range { start, len, new }),
        1 => text().prop_map(Change::Whole),
    ]
}

fn event(range: Option<Range>, text: String) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range,
        range_length: None,
        text,
    }
}

fn lsp(position: (u32, u32)) -> Position {
    Position {
        line: position.0,
        character: position.1,
    }
}

/// A valid change on `text`: its LSP event and the text after it (from the model).
fn valid_change(
    text: &str,
    change: &Change,
    encoding: Encoding,
) -> (TextDocumentContentChangeEvent, String) {
    match change {
        Change::Whole(new) => (event(None, new.clone()), new.clone()),
        Change::Range { start, len, new } => {
            let start = model::floor_addressable(text, *start as usize % (text.len() + 1));
            let end =
                model::floor_addressable(text, start + *len as usize % (text.len() - start + 1));
            let range = Range {
                start: lsp(model::position(text, start, encoding)),
                end: lsp(model::position(text, end, encoding)),
            };
            (
                event(Some(range), new.clone()),
                model::apply(text, start, end, new),
            )
        }
    }
}

/// Checks the store against the model: same text, a fresh analysis, and positions
/// that agree with the model at every offset a client can name.
fn check_document(
    store: &DocumentStore,
    expected: &str,
    encoding: Encoding,
) -> Result<(), TestCaseError> {
    let document = store.get(URI).unwrap();
    prop_assert_eq!(&document.text, expected);
    prop_assert_eq!(
        &document.analysis,
        &Engine::builtin().analyze_text(expected),
        "analysis of {:?}",
        expected
    );
    for offset in (0..=expected.len()).filter(|&offset| model::addressable(expected, offset)) {
        let (line, character) = model::position(expected, offset, encoding);
        let position = document.position(offset, encoding);
        prop_assert_eq!(
            (position.line, position.character),
            (line, character),
            "position of {} in {:?}",
            offset,
            expected
        );
        prop_assert_eq!(document.offset(position, encoding), offset);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Valid positions only: the server must end with exactly the client's text.
    #[test]
    fn the_store_follows_the_client_through_random_edits(
        initial in text(),
        encoding in encoding(),
        edits in prop::collection::vec(prop::collection::vec(change(), 1..4), 1..16),
    ) {
        let engine = Engine::builtin();
        let mut store = DocumentStore::default();
        store.open(URI, initial.clone(), 1, engine, NO_LIMIT);
        let mut client = initial;
        check_document(&store, &client, encoding)?;
        for (index, batch) in edits.iter().enumerate() {
            // The changes of one didChange apply one after the other, each to the text
            // the previous one left.
            let mut events = Vec::new();
            for change in batch {
                let (event, after) = valid_change(&client, change, encoding);
                events.push(event);
                client = after;
            }
            let outcome = store.change(URI, index as i32 + 2, &events, encoding, engine, NO_LIMIT);
            prop_assert_eq!(outcome, ChangeOutcome::Applied);
            check_document(&store, &client, encoding)?;
        }
    }

    /// Any positions at all (past the end of lines and of the document, inside
    /// characters, inside surrogate pairs, reversed ranges): no panic, and the edit
    /// lands where the clamping rules of `src/position.rs` say.
    #[test]
    fn invalid_positions_are_clamped_as_documented(
        initial in text(),
        encoding in encoding(),
        edits in prop::collection::vec((0u32..8, prop_oneof![0u32..40, Just(u32::MAX)], 0u32..8, prop_oneof![0u32..40, Just(u32::MAX)], text()), 1..12),
    ) {
        let engine = Engine::builtin();
        let mut store = DocumentStore::default();
        store.open(URI, initial.clone(), 1, engine, NO_LIMIT);
        let mut client = initial;
        for (index, (start_line, start_character, end_line, end_character, new)) in edits.into_iter().enumerate() {
            let (start, end) = ((start_line, start_character), (end_line, end_character));
            let start_offset = model::offset(&client, start, encoding);
            // A range that ends before it starts is an insertion at its start.
            let end_offset = model::offset(&client, end, encoding).max(start_offset);
            let range = Range { start: lsp(start), end: lsp(end) };
            store.change(URI, index as i32 + 2, &[event(Some(range), new.clone())], encoding, engine, NO_LIMIT);
            client = model::apply(&client, start_offset, end_offset, &new);
            let document = store.get(URI).unwrap();
            prop_assert_eq!(&document.text, &client);
            prop_assert_eq!(&document.analysis, &engine.analyze_text(&client));
        }
    }

    /// The line index on its own: every offset, even inside a character or past the
    /// end, converts to a position inside the text and back to a character boundary.
    #[test]
    fn conversion_never_leaves_the_text(text in text(), encoding in encoding(), offset in 0usize..200, line in 0u32..10, character in 0u32..60) {
        let index = LineIndex::new(&text);
        let position = index.position(&text, offset, encoding);
        let back = index.offset(&text, position, encoding);
        prop_assert!(back <= text.len() && text.is_char_boundary(back));
        let clamped = index.offset(&text, roadmap_ls::position::LineColumn { line, character }, encoding);
        prop_assert_eq!(clamped, model::offset(&text, (line, character), encoding));
    }
}

fn encoding_name(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Utf8 => "utf-8",
        Encoding::Utf16 => "utf-16",
        Encoding::Utf32 => "utf-32",
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// The same through the protocol (in process): the negotiated encoding, JSON
    /// positions and `didChange` batches; the server's text and analysis are read
    /// back with `Backend::document_snapshot`.
    #[test]
    fn the_server_follows_the_client_through_random_edits(
        initial in text(),
        encoding in encoding(),
        edits in prop::collection::vec(prop::collection::vec(change(), 1..3), 1..10),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let mut editor = support::Editor::start();
            let capabilities = json!({
                "general": { "positionEncodings": [encoding_name(encoding)] },
                "textDocument": { "diagnostic": {} }
            });
            let result = editor.initialize(capabilities, serde_json::Value::Null).await;
            prop_assert_eq!(&result["capabilities"]["positionEncoding"], encoding_name(encoding));
            editor.open(URI, &initial).await;
            let mut client = initial.clone();
            for (index, batch) in edits.iter().enumerate() {
                let mut events = Vec::new();
                for change in batch {
                    let (event, after) = valid_change(&client, change, encoding);
                    events.push(event);
                    client = after;
                }
                editor
                    .notify("textDocument/didChange", json!({
                        "textDocument": { "uri": URI, "version": index + 2 },
                        "contentChanges": events,
                    }))
                    .await;
                let (text, version, analysis) = editor.server().document_snapshot(URI).unwrap();
                prop_assert_eq!(&text, &client);
                prop_assert_eq!(version, index as i32 + 2);
                prop_assert_eq!(&analysis, &Engine::builtin().analyze_text(&client));
            }
            Ok(())
        })?;
    }
}
