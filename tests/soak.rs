//! Soak: 10,000 documents opened, edited and closed through the in-process service;
//! the memory of the process (VmRSS) must come back to within 20 MB of where it was.

mod support;

use serde_json::{json, Value};
use support::Editor;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<f64>()
        .unwrap()
        / 1024.0
}

const TEXT: &str =
    "import functools\n\n@functools.cache\ndef f(n):\n    return [i for i in range(n)]  # 😀\n";

async fn cycle(editor: &mut Editor, index: usize) {
    let uri = format!("file:///soak/{index}.py");
    editor.open(&uri, TEXT).await;
    editor
        .edit(
            &uri,
            2,
            (4, 0),
            (4, 0),
            "    squares = {i: i * i for i in range(n)}\n",
        )
        .await;
    if index % 100 == 0 {
        assert!(!editor.pull_diagnostics(&uri).await.is_empty());
        assert!(editor.hover(&uri, 2, 1).await.is_object());
    }
    editor
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
}

#[tokio::test]
async fn ten_thousand_documents_leave_no_memory_behind() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    // Warm up (the engine, the parser, the allocator's pools) before measuring.
    for index in 0..500 {
        cycle(&mut editor, index).await;
    }
    let start = rss_mb();
    for index in 500..10_500 {
        cycle(&mut editor, index).await;
    }
    editor.drain();
    let end = rss_mb();
    eprintln!("VmRSS {start:.1} MB -> {end:.1} MB");
    assert!(
        end - start < 20.0,
        "VmRSS grew from {start:.1} MB to {end:.1} MB"
    );
    // And the server forgot every closed document.
    assert!(editor
        .server()
        .document_snapshot("file:///soak/10499.py")
        .is_none());
}
