//! Edits spliced in: the document being edited keeps its top-level statements as
//! segments of syntax trees and re-parses only the statements around each edit
//! (`src/server/documents.rs`). These property tests type the characters that can
//! change where statements begin and end (newlines, indentation, backslashes, `#`,
//! quotes, brackets, `else:`, decorators) at random places of real standard-library
//! code, and check after every keystroke that the kept syntax trees and the analysis
//! are exactly those of a fresh parse of the whole text.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use proptest::prelude::*;
use roadmap_ls::analysis::Engine;
use roadmap_ls::position::Encoding;
use roadmap_ls::server::documents::DocumentStore;
use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};

const URI: &str = "file:///splice.py";

/// What is typed: the characters and bits that move statement boundaries.
const TYPED: &[&str] = &[
    "\n",
    "\n\n",
    " ",
    "    ",
    "\t",
    "\\",
    "\\\n",
    "#",
    "# c\n",
    "x",
    "(",
    ")",
    "[",
    "]",
    ":",
    "'",
    "\"",
    "'''",
    "\"\"\"",
    "else:\n    pass\n",
    "elif x:\n",
    "@d\n",
    "def f():\n",
    "class K:\n",
    "    return 1\n",
    "import os\n",
    "from . import m\n",
    "yield 1",
    "lambda: 0",
    "if __name__ == '__main__':\n    main()\n",
    ";",
    "pass\n",
];

/// An edit: where (a fraction of the text), how much is deleted, what is typed.
#[derive(Clone, Debug)]
struct Keystroke {
    at: f64,
    /// Snap `at` to the start of its line (where statements begin).
    line_start: bool,
    delete: usize,
    typed: &'static str,
}

fn keystroke() -> impl Strategy<Value = Keystroke> {
    (
        0.0..1.0f64,
        any::<bool>(),
        prop_oneof![3 => Just(0usize), 1 => 1..4usize, 1 => 4..40usize],
        prop::sample::select(TYPED),
    )
        .prop_map(|(at, line_start, delete, typed)| Keystroke {
            at,
            line_start,
            delete,
            typed,
        })
}

/// The UTF-16 position of a byte offset.
fn position(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let character = text[line_start..offset].encode_utf16().count() as u32;
    Position { line, character }
}

/// The top-level statements of a fresh parse of `text`, as (start, s-expression).
fn fresh_statements(text: &str) -> Vec<(usize, String)> {
    let tree = roadmap_ls::analysis::parse::parse(text, None);
    let root = tree.root_node();
    let mut cursor = root.walk();
    let statements = root
        .named_children(&mut cursor)
        .map(|node| (node.start_byte(), node.to_sexp()))
        .collect();
    statements
}

fn boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn run(text: &str, keystrokes: &[Keystroke]) -> Result<(), TestCaseError> {
    run_with_background(text, keystrokes, None)
}

/// [`run`], splicing in what the background parse found after keystroke `finish`
/// (before the first one for `Some(0)`; `None` leaves it to chance, as the server does).
fn run_with_background(
    text: &str,
    keystrokes: &[Keystroke],
    finish: Option<usize>,
) -> Result<(), TestCaseError> {
    let engine = Engine::builtin();
    let mut store = DocumentStore::default();
    store.open(URI, text.to_string(), 1, engine, usize::MAX);
    // An empty edit first: the document is then being edited and keeps its trees, so
    // that the first keystroke below is spliced in too.
    let nothing = Range {
        start: Position {
            line: 0,
            character: 0,
        },
        end: Position {
            line: 0,
            character: 0,
        },
    };
    store.change(
        URI,
        1_000_000,
        &[TextDocumentContentChangeEvent {
            range: Some(nothing),
            range_length: None,
            text: String::new(),
        }],
        Encoding::Utf16,
        engine,
        usize::MAX,
    );
    let mut current = text.to_string();
    for (index, keystroke) in keystrokes.iter().enumerate() {
        if finish == Some(index) {
            store.finish_background(URI);
        }
        let mut start = boundary(&current, (keystroke.at * current.len() as f64) as usize);
        if keystroke.line_start {
            start = current[..start]
                .rfind('\n')
                .map_or(0, |newline| newline + 1);
        }
        let mut end = boundary(&current, start + keystroke.delete);
        // Never split a CRLF or cut into a line break the model does not expect.
        if end < start {
            end = start;
        }
        let range = Range {
            start: position(&current, start),
            end: position(&current, end),
        };
        let mut expected = String::with_capacity(current.len() + keystroke.typed.len());
        expected.push_str(&current[..start]);
        expected.push_str(keystroke.typed);
        expected.push_str(&current[end..]);
        store.change(
            URI,
            1_000_001 + index as i32,
            &[TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text: keystroke.typed.to_string(),
            }],
            Encoding::Utf16,
            engine,
            usize::MAX,
        );
        let document = store.get(URI).unwrap();
        prop_assert!(
            document.text == expected,
            "keystroke {index}: the text differs"
        );
        if let Some(kept) = document.kept_syntax() {
            prop_assert!(
                kept == fresh_statements(&expected),
                "keystroke {} ({:?}): the spliced trees differ from a fresh parse",
                index,
                keystroke
            );
        }
        prop_assert_eq!(
            &document.analysis,
            &engine.analyze_text(&expected),
            "keystroke {} ({:?}): the spliced analysis differs from a fresh one",
            index,
            keystroke
        );
        current = expected;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn typing_anywhere_in_real_code_leaves_what_a_fresh_parse_finds(
        keystrokes in prop::collection::vec(keystroke(), 1..40),
        module in 0..4usize,
    ) {
        let text = corpus::big_file(300 + 150 * module);
        run(&text, &keystrokes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The big statements parsed alone in the background are spliced in after some
    /// keystrokes (before, inside or after them, which moved or changed them).
    #[test]
    fn statements_parsed_in_the_background_splice_in_as_a_fresh_parse_reads_them(
        keystrokes in prop::collection::vec(keystroke(), 1..30),
        finish in 0..30usize,
        module in 0..3usize,
    ) {
        let text = corpus::big_file(1_500 + 500 * module);
        run_with_background(&text, &keystrokes, Some(finish.min(keystrokes.len() - 1)))?;
    }
}

/// A document parsed whole gets its big statements as trees of their own.
#[test]
fn the_big_statements_of_a_file_get_trees_of_their_own() {
    let engine = Engine::builtin();
    let text = corpus::big_file(3_000);
    let mut store = DocumentStore::default();
    store.open(URI, text.clone(), 1, engine, usize::MAX);
    let segments = store.finish_background(URI);
    assert!(segments >= 3, "{segments} segments");
    let document = store.get(URI).unwrap();
    assert!(document.kept_syntax() == Some(fresh_statements(&text)));
    assert_eq!(document.analysis, engine.analyze_text(&text));
}

/// The statements a keystroke can join or split, one by one.
#[test]
fn boundary_keystrokes_between_two_statements() {
    let text = "import os\n\n\ndef f(a):\n    return a\n\n\nclass C:\n    def m(self):\n        yield 1\n# note\nx = f(1)\ny = [\n    2,\n]\nz = 3\n";
    for typed in TYPED {
        for at in 0..text.len() {
            if !text.is_char_boundary(at) {
                continue;
            }
            let keystroke = Keystroke {
                at: at as f64 / text.len() as f64,
                line_start: false,
                delete: 0,
                typed,
            };
            run(
                text,
                &[
                    keystroke.clone(),
                    Keystroke {
                        delete: 1,
                        typed: "",
                        ..keystroke
                    },
                ],
            )
            .unwrap_or_else(|error| panic!("{typed:?} at {at}: {error}"));
        }
    }
}
