//! A small client for the real `roadmap-ls` binary over stdio: `Content-Length`
//! framing written here, stdout read on a thread, and a timeout on every wait so
//! that no test can hang.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A document with a decorator, kept open to check that the server still answers.
pub const CANARY_URI: &str = "file:///project/canary.py";
pub const CANARY: &str =
    "def shout(func):\n    return func\n\n\n@shout\ndef greet(name):\n    return name\n";

pub struct Binary {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Messages received but not yet asked for.
    pub seen: Vec<Value>,
    next_id: i64,
    pub stderr: Arc<Mutex<String>>,
}

impl Binary {
    pub fn start() -> Binary {
        Binary::start_with(&[])
    }

    pub fn start_with(env: &[(&str, &str)]) -> Binary {
        let mut command = Command::new(env!("CARGO_BIN_EXE_roadmap-ls"));
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("the binary starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = Some(
                            value
                                .parse::<usize>()
                                .expect("a valid Content-Length from the server"),
                        );
                    }
                }
                let mut body = vec![0; length.expect("the server sends Content-Length")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("the server sends JSON");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut child_stderr = child.stderr.take().unwrap();
        let collected = stderr.clone();
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n) = child_stderr.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                collected
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let stdin = child.stdin.take();
        Binary {
            child,
            stdin,
            messages,
            seen: Vec::new(),
            next_id: 1,
            stderr,
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("the server reads stdin");
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// The first message (received before or within the timeout) that `matches`.
    pub fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.seen.iter().position(&matches) {
            return self.seen.remove(index);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if matches(&message) => return message,
                Ok(message) => self.seen.push(message),
                Err(_) => panic!(
                    "no {what} within {TIMEOUT:?}; stderr:\n{}",
                    self.stderr.lock().unwrap()
                ),
            }
        }
    }

    /// The whole response (result or error) to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("response to {id}"), |message| {
            message["id"] == id && message.get("method").is_none()
        })
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Everything received within `wait`, without asking for anything.
    pub fn collect_for(&mut self, wait: Duration) -> Vec<Value> {
        let deadline = Instant::now() + wait;
        while let Ok(message) = self
            .messages
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.seen.push(message);
        }
        self.seen.clone()
    }

    /// `initialize` (a pulling UTF-16 client) and `initialized`.
    pub fn initialize(&mut self, options: Value) -> Value {
        let capabilities = json!({
            "general": { "positionEncodings": ["utf-16"] },
            "textDocument": { "diagnostic": {} }
        });
        let response = self.request(
            "initialize",
            json!({ "capabilities": capabilities, "initializationOptions": options }),
        );
        assert!(
            response["result"].is_object(),
            "initialize failed: {response}"
        );
        self.notify("initialized", json!({}));
        response
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.open_version(uri, text, 1);
    }

    pub fn open_version(&mut self, uri: &str, text: &str, version: i32) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "python", "version": version, "text": text } }),
        );
    }

    pub fn change(&mut self, uri: &str, version: i32, range: Option<[u32; 4]>, text: &str) {
        let change = match range {
            Some([l1, c1, l2, c2]) => json!({
                "range": { "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } },
                "text": text
            }),
            None => json!({ "text": text }),
        };
        self.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }));
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }))
    }

    /// The pulled diagnostics of a document.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let response = self.request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        );
        response["result"]["items"]
            .as_array()
            .unwrap_or_else(|| panic!("no diagnostics in {response}"))
            .clone()
    }

    /// Pulls diagnostics as an editor that keeps what it shows: with the result id of
    /// the last report it got. Returns the report's result id, and its items unless
    /// the server says they are unchanged.
    pub fn diagnostics_since(
        &mut self,
        uri: &str,
        previous: Option<&str>,
    ) -> (String, Option<Vec<Value>>) {
        let response = self.request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri }, "previousResultId": previous }),
        );
        let report = &response["result"];
        let id = report["resultId"]
            .as_str()
            .unwrap_or_else(|| panic!("no result id in {response}"))
            .to_string();
        match report["kind"].as_str() {
            Some("unchanged") => (id, None),
            _ => (
                id,
                Some(report["items"].as_array().cloned().unwrap_or_default()),
            ),
        }
    }

    /// Whether the server's log shows `needle` within a few seconds (stderr is read on
    /// a thread of its own, so a line written just now may not be collected yet).
    pub fn logged(&self, needle: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.stderr.lock().unwrap().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    /// Initializes and opens the canary document.
    pub fn ready(&mut self) {
        self.initialize(Value::Null);
        self.open(CANARY_URI, CANARY);
        self.assert_serving();
    }

    /// The server still answers a hover correctly, on the decorator of the canary.
    pub fn assert_serving(&mut self) {
        let hover = self.hover(CANARY_URI, 4, 1);
        let markdown = hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("no hover: {hover}"));
        assert!(markdown.starts_with("### Decorator"), "{markdown}");
        assert_eq!(
            hover["result"]["range"]["start"],
            json!({ "line": 4, "character": 0 })
        );
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// The exit code, once the process has ended (within the timeout).
    pub fn wait_exit(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status
                    .code()
                    .expect("the server exits, not killed by a signal");
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit within {TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
