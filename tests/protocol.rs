//! The real binary over stdio against malformed and out-of-order input. Each test
//! ends by checking that the server still answers a hover correctly (on the
//! decorator of the open canary document), except where the process has exited.

mod binary;

use std::time::Duration;

use binary::{Binary, CANARY_URI};
use serde_json::{json, Value};

const OTHER: &str = "file:///project/other.py";
const EXPECTED: &str = "file:///project/expected.py";

/// Opens `text` as a second document and checks that `uri` has the same diagnostics.
fn assert_text_is(server: &mut Binary, uri: &str, text: &str) {
    server.open(EXPECTED, text);
    let expected = server.diagnostics(EXPECTED);
    assert_eq!(server.diagnostics(uri), expected, "{uri} is not {text:?}");
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": EXPECTED } }),
    );
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("not an error: {response}"))
}

#[test]
fn malformed_json_is_answered_with_a_parse_error() {
    let mut server = Binary::start();
    server.ready();
    server.send_raw(b"Content-Length: 9\r\n\r\n{\"oops\": ");
    let error = server.wait_for("parse error", |message| {
        message.get("error").is_some() && message["id"].is_null()
    });
    assert_eq!(error_code(&error), -32700);
    server.assert_serving();

    // Not UTF-8, and a frame without Content-Length.
    server.send_raw(b"Content-Length: 4\r\n\r\n\xff\xfe{}");
    assert_eq!(
        error_code(&server.wait_for("parse error", |m| m["id"].is_null())),
        -32700
    );
    server.send_raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n");
    server.assert_serving();
    assert!(server
        .stderr
        .lock()
        .unwrap()
        .contains("malformed message skipped"));
}

#[test]
fn json_that_is_not_json_rpc_is_an_invalid_request() {
    let mut server = Binary::start();
    server.ready();
    server.send(&json!([1, 2]));
    assert_eq!(
        error_code(&server.wait_for("invalid request", |m| m["id"].is_null())),
        -32600
    );
    server.send(&json!({ "jsonrpc": "1.0", "id": 77, "method": "textDocument/hover" }));
    assert_eq!(error_code(&server.response(77)), -32600);
    server.assert_serving();
}

#[test]
fn a_wrong_content_length_loses_only_that_message() {
    let mut server = Binary::start();
    server.ready();
    // Too short: the body is cut, the rest is skipped up to the next header.
    let body = json!({ "jsonrpc": "2.0", "method": "$/roadmap/ping" }).to_string();
    server.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() - 4).as_bytes());
    assert_eq!(
        error_code(&server.wait_for("parse error", |m| m["id"].is_null())),
        -32700
    );
    server.assert_serving();
    // Too long: the body runs into the next message, which is lost with it.
    server.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 10).as_bytes());
    server.notify("$/roadmap/filler", json!({}));
    assert_eq!(
        error_code(&server.wait_for("parse error", |m| m["id"].is_null())),
        -32700
    );
    server.assert_serving();
    // Not a number.
    server.send_raw(b"Content-Length: lots\r\n\r\n");
    assert_eq!(
        error_code(&server.wait_for("parse error", |m| m["id"].is_null())),
        -32700
    );
    server.assert_serving();
}

#[test]
fn unknown_methods_are_method_not_found_or_ignored() {
    let mut server = Binary::start();
    server.ready();
    assert_eq!(
        error_code(&server.request("roadmap/unknown", json!({}))),
        -32601
    );
    assert_eq!(
        error_code(&server.request("$/roadmap/unknown", json!({}))),
        -32601
    );
    server.notify("roadmap/unknownNotification", json!({}));
    server.notify("$/roadmap/unknownNotification", json!({}));
    server.assert_serving();
    let unexpected: Vec<Value> = server
        .collect_for(Duration::from_millis(200))
        .into_iter()
        .filter(|m| m.get("id").is_some())
        .collect();
    assert!(
        unexpected.is_empty(),
        "notifications got answers: {unexpected:?}"
    );
}

#[test]
fn requests_before_initialize_are_refused_and_notifications_dropped() {
    let mut server = Binary::start();
    let hover = server.hover(CANARY_URI, 4, 1);
    assert_eq!(error_code(&hover), -32002, "server not initialized");
    server.open(OTHER, "@shout\ndef f(): pass\n"); // dropped
    server.ready();
    assert_eq!(
        server.hover(OTHER, 0, 1)["result"],
        Value::Null,
        "the early didOpen was dropped"
    );
    // A second initialize is an error, and changes nothing.
    let again = server.request("initialize", json!({ "capabilities": {} }));
    assert!(again.get("error").is_some(), "{again}");
    server.assert_serving();
}

#[test]
fn messages_for_documents_never_opened_are_ignored() {
    let mut server = Binary::start();
    server.ready();
    server.change(OTHER, 2, Some([0, 0, 0, 0]), "x");
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": OTHER } }),
    );
    assert_eq!(server.hover(OTHER, 0, 0)["result"], Value::Null);
    assert_eq!(server.diagnostics(OTHER), Vec::<Value>::new());
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": OTHER }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [] } }),
    );
    assert_eq!(actions["result"], Value::Null);
    let command = server.request("workspace/executeCommand", json!({ "command": "roadmap.openLesson", "arguments": [{ "uri": OTHER, "position": { "line": 0, "character": 0 } }] }));
    assert_eq!(error_code(&command), -32602);
    server.assert_serving();
    assert!(server.logged("which is not open"));
}

#[test]
fn ranges_past_the_end_or_inside_a_character_are_clamped() {
    let mut server = Binary::start();
    server.ready();
    server.open(OTHER, "s = \"😀\"\n");
    // UTF-16 column 6 is inside the emoji's surrogate pair: its start is used.
    server.change(OTHER, 2, Some([0, 6, 0, 6]), "é");
    assert_text_is(&mut server, OTHER, "s = \"é😀\"\n");
    // Past the end of the line: its end; past the last line: the end of the text.
    server.change(OTHER, 3, Some([0, 500, 0, 900]), "; t = [1]");
    assert_text_is(&mut server, OTHER, "s = \"é😀\"; t = [1]\n");
    server.change(
        OTHER,
        4,
        Some([1_000_000, 0, 2_000_000, 5]),
        "@d\ndef f(): pass\n",
    );
    assert_text_is(
        &mut server,
        OTHER,
        "s = \"é😀\"; t = [1]\n@d\ndef f(): pass\n",
    );
    // Reversed: an insertion at the start.
    server.change(OTHER, 5, Some([1, 0, 0, 0]), "u = {}\n");
    assert_text_is(
        &mut server,
        OTHER,
        "s = \"é😀\"; t = [1]\nu = {}\n@d\ndef f(): pass\n",
    );
    server.assert_serving();
}

#[test]
fn stale_and_duplicate_versions_are_dropped() {
    let mut server = Binary::start();
    server.ready();
    server.open_version(OTHER, "x = 1\n", 5);
    server.change(OTHER, 6, None, "t = [1]\n");
    server.change(OTHER, 6, None, "@d\ndef f(): pass\n"); // duplicate
    server.change(OTHER, 3, None, "f = lambda: 0\n"); // stale
    assert_text_is(&mut server, OTHER, "t = [1]\n");
    assert!(server
        .stderr
        .lock()
        .unwrap()
        .contains("is not newer than 6: dropped"));
    server.assert_serving();
}

#[test]
fn opening_twice_replaces_the_document_and_closing_an_unknown_one_is_harmless() {
    let mut server = Binary::start();
    server.ready();
    server.open(OTHER, "t = [1]\n");
    server.open_version(OTHER, "@d\ndef f(): pass\n", 1);
    assert_text_is(&mut server, OTHER, "@d\ndef f(): pass\n");
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "file:///never/opened.py" } }),
    );
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": OTHER } }),
    );
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": OTHER } }),
    );
    server.assert_serving();
}

#[test]
fn a_hover_far_past_the_end_is_null() {
    let mut server = Binary::start();
    server.ready();
    assert_eq!(
        server.hover(CANARY_URI, 1_000_000, 0)["result"],
        Value::Null
    );
    assert_eq!(server.hover(CANARY_URI, 4, u32::MAX)["result"], Value::Null);
    assert_eq!(
        server.hover(CANARY_URI, u32::MAX, u32::MAX)["result"],
        Value::Null
    );
    // Out of the u32 range, or negative: invalid params, not a crash.
    let id = server.send_request("textDocument/hover", json!({ "textDocument": { "uri": CANARY_URI }, "position": { "line": 5_000_000_000u64, "character": -1 } }));
    assert_eq!(error_code(&server.response(id)), -32602);
    server.assert_serving();
}

#[test]
fn a_cancelled_request_gets_exactly_one_answer() {
    let mut server = Binary::start();
    server.ready();
    let id = server.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": CANARY_URI }, "position": { "line": 4, "character": 1 } }),
    );
    server.notify("$/cancelRequest", json!({ "id": id }));
    let response = server.response(id);
    // Hover is quick, so it may finish before the cancellation arrives; otherwise it
    // is answered with RequestCancelled.
    assert!(
        response["result"].is_object() || error_code(&response) == -32800,
        "{response}"
    );
    // Cancelling something unknown or finished is harmless.
    server.notify("$/cancelRequest", json!({ "id": 9999 }));
    server.notify("$/cancelRequest", json!({ "id": id }));
    server.assert_serving();
    let extra: Vec<Value> = server
        .collect_for(Duration::from_millis(200))
        .into_iter()
        .filter(|m| m["id"] == id)
        .collect();
    assert!(extra.is_empty(), "a second answer: {extra:?}");
}

#[test]
fn shutdown_then_exit_exits_with_0_even_with_stdin_open() {
    let mut server = Binary::start();
    server.ready();
    let response = server.request("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null, "{response}");
    // After shutdown, requests are refused (InvalidRequest), not left unanswered.
    assert_eq!(error_code(&server.hover(CANARY_URI, 4, 1)), -32600);
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit(), 0);
}

/// The server asks a pulling client to re-pull after a settings change; a client that
/// never answers that request must not keep the server from serving or exiting.
#[test]
fn a_client_that_never_answers_the_servers_requests_can_still_exit() {
    let mut server = Binary::start();
    server.ready();
    for severity in ["warning", "error", "information", "hint", "warning"] {
        server.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "roadmap": { "severity": severity } } }),
        );
    }
    server.wait_for("a refresh request", |message| {
        message["method"] == "workspace/diagnostic/refresh"
    });
    server.assert_serving();
    let response = server.request("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null, "{response}");
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit(), 0);
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut server = Binary::start();
    server.ready();
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit(), 1);
}

#[test]
fn the_end_of_stdin_ends_the_server_with_1() {
    let mut server = Binary::start();
    server.ready();
    server.close_stdin();
    assert_eq!(server.wait_exit(), 1);
}

#[test]
fn a_panic_in_a_handler_is_caught_reported_once_and_the_server_keeps_serving() {
    let mut server = Binary::start_with(&[("ROADMAP_LS_TEST_PANIC", "1")]);
    server.ready();
    server.open(OTHER, "# roadmap-ls-test-panic\n@d\ndef f(): pass\n");
    let first = server.hover(OTHER, 1, 1);
    assert_eq!(error_code(&first), -32603, "internal error");
    let second = server.hover(OTHER, 2, 0);
    assert_eq!(error_code(&second), -32603);
    server.assert_serving();
    let shown: Vec<Value> = server
        .collect_for(Duration::from_millis(300))
        .into_iter()
        .filter(|m| m["method"] == "window/showMessage" && m["params"]["type"] == 1)
        .collect();
    assert_eq!(shown.len(), 1, "reported once: {shown:?}");
    assert!(shown[0]["params"]["message"]
        .as_str()
        .unwrap()
        .contains("internal error"));
    let stderr = server.stderr.lock().unwrap().clone();
    assert!(
        stderr.contains(&format!(
            "internal error in hover at {OTHER}:1:1: test panic"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("internal error in hover at {OTHER}:2:0")),
        "{stderr}"
    );
}

#[test]
fn the_panic_marker_is_plain_text_without_the_variable() {
    let mut server = Binary::start();
    server.ready();
    server.open(OTHER, "# roadmap-ls-test-panic\n@d\ndef f(): pass\n");
    assert!(server.hover(OTHER, 1, 1)["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("### Decorator"));
}
