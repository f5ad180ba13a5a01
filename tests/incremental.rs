//! The incremental path equals a full re-analysis: the latency driver's own edit
//! sequence (benches/support/corpus.rs), applied through the server one keystroke at a
//! time, leaves after every edit the client's text and the occurrences of a fresh
//! analysis of that text.

#[path = "../benches/support/corpus.rs"]
mod corpus;
mod support;

use roadmap_ls::analysis::Engine;
use serde_json::Value;
use support::{Editor, URI};

#[tokio::test]
async fn every_keystroke_of_the_driver_leaves_what_a_fresh_analysis_finds() {
    let text = corpus::big_file(2_000);
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    editor.open(URI, &text).await;

    let mut current = text.clone();
    let engine = Engine::builtin();
    for (index, (edit, expected)) in corpus::edit_sequence(&text, 200).into_iter().enumerate() {
        let version = index as i32 + 2;
        let end = match edit.insert {
            Some(_) => (edit.line, edit.character),
            None => corpus::delete_end(&current, &edit),
        };
        let insert = edit.insert.map(String::from).unwrap_or_default();
        editor
            .edit(URI, version, (edit.line, edit.character), end, &insert)
            .await;
        let (server_text, server_version, analysis) =
            editor.server().document_snapshot(URI).unwrap();
        assert_eq!(server_version, version);
        assert!(
            server_text == expected,
            "edit {index} ({edit:?}): the server's text differs from the client's"
        );
        assert_eq!(
            analysis,
            engine.analyze_text(&expected),
            "edit {index} ({edit:?}): incremental differs from full"
        );
        current = expected;
    }
}
