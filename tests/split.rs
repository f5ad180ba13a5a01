//! Classes analysed as their shell and their methods: a top-level class is walked as
//! its shell (everything but the methods directly in its body) and each method on its
//! own, in the scope of the class, so that an edit re-walks one method, not the
//! class. On every file of the standard library, and on the concept fixtures, that
//! gives exactly what walking each top-level statement whole gives.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use roadmap_ls::analysis::{Analysis, Engine, Occurrence};
use roadmap_ls::position::Encoding;
use roadmap_ls::server::documents::DocumentStore;
use tower_lsp_server::lsp_types::{Range, TextDocumentContentChangeEvent};

const URI: &str = "file:///split.py";

fn compare(name: &str, text: &str, engine: &Engine) {
    let split = engine.analyze_split(text);
    let whole = engine.analyze_text(text);
    if split != whole {
        // The first few occurrences of one analysis that the other lacks.
        let lacking = |of: &Analysis, from: &Analysis| -> Vec<Occurrence> {
            of.occurrences
                .iter()
                .filter(|occurrence| !from.occurrences.contains(occurrence))
                .take(5)
                .copied()
                .collect()
        };
        let (missing, extra) = (lacking(&whole, &split), lacking(&split, &whole));
        panic!(
            "{name}: split analysis misses {missing:?} and adds {extra:?} (suppressions equal: {})",
            split.suppressions == whole.suppressions
        );
    }
}

#[test]
fn splitting_classes_into_methods_changes_nothing_in_the_standard_library() {
    let engine = Engine::builtin();
    let files = corpus::stdlib_files();
    assert!(files.len() > 1_000, "the standard library is there");
    for (path, text) in &files {
        compare(&path.display().to_string(), text, engine);
    }
}

#[test]
fn splitting_classes_into_methods_changes_nothing_in_the_fixtures() {
    let engine = Engine::builtin();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/concepts");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("the fixtures folder") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a fixture");
        compare(&path.display().to_string(), &text, engine);
        count += 1;
    }
    assert!(count >= 99, "every concept has a fixture");
}

/// Inserts `inserted` at byte `at` of the document, through the store.
fn type_at(store: &mut DocumentStore, version: i32, at: usize, inserted: &str, engine: &Engine) {
    let document = store.get(URI).expect("open");
    let position = document.position(at, Encoding::Utf8);
    store.change(
        URI,
        version,
        &[TextDocumentContentChangeEvent {
            range: Some(Range {
                start: position,
                end: position,
            }),
            range_length: None,
            text: inserted.to_string(),
        }],
        Encoding::Utf8,
        engine,
        usize::MAX,
    );
}

/// A method kept from before the edit follows the file's imports: an import typed at
/// the top changes what a call inside an unchanged method means, and an edit inside
/// one method leaves the others' occurrences where they are.
#[test]
fn a_method_kept_from_before_follows_the_files_imports() {
    let engine = Engine::builtin();
    let text = "class Pool:\n    def run(self):\n        return Lock()\n\n    def other(self):\n        return [x for x in range(3)]\n";
    let mut store = DocumentStore::default();
    store.open(URI, text.to_string(), 1, engine, usize::MAX);
    let locks = |store: &DocumentStore| {
        let analysis = &store.get(URI).unwrap().analysis;
        analysis.occurrences.len()
    };
    let before = locks(&store);

    // An edit inside `run` (a class of two methods: `other` is kept).
    let at = text.find("Lock").unwrap();
    type_at(&mut store, 2, at, "R", engine);
    let document = store.get(URI).unwrap();
    assert_eq!(document.analysis, engine.analyze_text(&document.text));
    type_at(&mut store, 3, 0, "from threading import RLock\n", engine);
    let document = store.get(URI).unwrap();
    assert_eq!(document.analysis, engine.analyze_text(&document.text));
    assert!(
        locks(&store) > before,
        "the call of `RLock` in the kept method is now a lock"
    );
}
