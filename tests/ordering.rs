//! 2,000 incremental edits sent as fast as possible, none awaited before the next is
//! sent, in process and through the real binary: the final diagnostics must be those
//! of the text the client ends with (so every edit was applied, in order).

mod binary;
mod model;

use futures::future::join_all;
use roadmap_ls::position::Encoding;
use serde_json::{json, Value};
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::Request;

const URI: &str = "file:///project/edited.py";
const EXPECTED: &str = "file:///project/expected.py";
const EDITS: usize = 2_000;
const START: &str = "import functools\n\n\n@functools.cache\ndef f(n):\n    return [i * i for i in range(n)]  # 😀 中文\n";

const INSERTS: &[&str] = &[
    "",
    "x",
    "😀",
    "\n",
    "\r\n",
    "@d\ndef g(): pass\n",
    "lambda y: y",
    "[1]",
    "é",
    "with a: pass\n",
    "\t",
    "(",
];

/// Deterministic pseudo-random edits: the `didChange` params, and the final text.
fn edits() -> (Vec<Value>, String) {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut text = START.to_string();
    let mut params = Vec::new();
    for version in 2..EDITS as i32 + 2 {
        let start = model::floor_addressable(&text, next() as usize % (text.len() + 1));
        // Deletions about as long as insertions: the text stays small, so that 2,000
        // analyses stay quick (analysis time grows with the text).
        let end = model::floor_addressable(&text, (start + next() as usize % 10).min(text.len()))
            .max(start);
        let insert = INSERTS[next() as usize % INSERTS.len()];
        let (l1, c1) = model::position(&text, start, Encoding::Utf16);
        let (l2, c2) = model::position(&text, end, Encoding::Utf16);
        params.push(json!({
            "textDocument": { "uri": URI, "version": version },
            "contentChanges": [{ "range": { "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } }, "text": insert }]
        }));
        text = model::apply(&text, start, end, insert);
    }
    (params, text)
}

fn open(uri: &str, text: &str) -> Value {
    json!({ "textDocument": { "uri": uri, "languageId": "python", "version": 1, "text": text } })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn edits_sent_without_waiting_are_applied_in_order_in_process() {
    let (params, expected) = edits();
    let (mut service, socket, _) = roadmap_ls::server::service();
    tokio::spawn(async move {
        use futures::StreamExt;
        let (mut requests, _responses) = socket.split();
        while requests.next().await.is_some() {}
    });
    let capabilities = json!({ "general": { "positionEncodings": ["utf-16"] }, "textDocument": { "diagnostic": {} } });
    let init = Request::build("initialize")
        .params(json!({ "capabilities": capabilities }))
        .id(1)
        .finish();
    service.ready().await.unwrap().call(init).await.unwrap();
    service
        .ready()
        .await
        .unwrap()
        .call(Request::build("initialized").params(json!({})).finish())
        .await
        .unwrap();
    service
        .ready()
        .await
        .unwrap()
        .call(
            Request::build("textDocument/didOpen")
                .params(open(URI, START))
                .finish(),
        )
        .await
        .unwrap();

    // Start every call, then let them all run at once.
    let mut pending = Vec::new();
    for params in params {
        let change = Request::build("textDocument/didChange")
            .params(params)
            .finish();
        pending.push(service.ready().await.unwrap().call(change));
    }
    join_all(pending).await;
    eprintln!("final text: {} bytes", expected.len());

    let (text, version, _) = service.inner().document_snapshot(URI).unwrap();
    assert_eq!(version, EDITS as i32 + 1);
    assert_eq!(text, expected);
    service
        .ready()
        .await
        .unwrap()
        .call(
            Request::build("textDocument/didOpen")
                .params(open(EXPECTED, &expected))
                .finish(),
        )
        .await
        .unwrap();
    let pull = |uri: &str, id: i64| {
        Request::build("textDocument/diagnostic")
            .params(json!({ "textDocument": { "uri": uri } }))
            .id(id)
            .finish()
    };
    let got = service
        .ready()
        .await
        .unwrap()
        .call(pull(URI, 2))
        .await
        .unwrap()
        .unwrap();
    let want = service
        .ready()
        .await
        .unwrap()
        .call(pull(EXPECTED, 3))
        .await
        .unwrap()
        .unwrap();
    let (got, want) = (
        serde_json::to_value(got).unwrap(),
        serde_json::to_value(want).unwrap(),
    );
    assert_eq!(got["result"]["items"], want["result"]["items"]);
}

#[test]
fn edits_sent_without_waiting_are_applied_in_order_by_the_binary() {
    let (params, expected) = edits();
    let mut server = binary::Binary::start();
    server.initialize(Value::Null);
    server.open(URI, START);
    // Every edit in one write, before reading anything.
    let mut burst = Vec::new();
    for params in params {
        let body =
            json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": params })
                .to_string();
        burst.extend_from_slice(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }
    server.send_raw(&burst);
    let got = server.diagnostics(URI);
    server.open(EXPECTED, &expected);
    let want = server.diagnostics(EXPECTED);
    assert_eq!(got, want);
    assert!(
        !server.stderr.lock().unwrap().contains("dropped"),
        "no edit may be dropped"
    );
}
