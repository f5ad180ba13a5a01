//! An in-process editor for the language server: it speaks to the real service
//! (no stdio), answers the server's own requests (`workspace/configuration`,
//! `window/showDocument`, refreshes) and records everything the server sends.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;

use roadmap_ls::server::{self, Backend};

/// Everything the server sent to the client, in order.
#[derive(Debug, Clone)]
pub struct Sent {
    pub method: String,
    pub params: Value,
}

pub struct Editor {
    service: LspService<Backend>,
    next_id: i64,
    received: mpsc::UnboundedReceiver<Sent>,
    /// What the editor answers to `workspace/configuration` (the `roadmap` section).
    pub settings: Arc<Mutex<Value>>,
    pub log: Vec<Sent>,
}

pub const URI: &str = "file:///project/lesson.py";

impl Editor {
    /// Starts a server; `initialize` is sent by [`Editor::initialize`].
    pub fn start() -> Editor {
        let (service, socket, _shutdown) = server::service();
        let (requests, mut responses) = socket.split();
        let (sender, received) = mpsc::unbounded_channel();
        let settings = Arc::new(Mutex::new(Value::Null));
        let answer_settings = settings.clone();
        tokio::spawn(async move {
            let mut requests = requests;
            while let Some(request) = requests.next().await {
                let (method, id, params) = request.into_parts();
                let params = params.unwrap_or(Value::Null);
                if let Some(id) = id {
                    let result = match method.as_ref() {
                        "workspace/configuration" => {
                            json!([answer_settings.lock().unwrap().clone()])
                        }
                        "window/showDocument" => json!({ "success": true }),
                        _ => Value::Null,
                    };
                    let _ = responses.send(Response::from_ok(id, result)).await;
                }
                let _ = sender.send(Sent {
                    method: method.to_string(),
                    params,
                });
            }
        });
        Editor {
            service,
            next_id: 1,
            received,
            settings,
            log: Vec::new(),
        }
    }

    /// The server itself, to read what it holds (`Backend::document_snapshot`).
    pub fn server(&self) -> &Backend {
        self.service.inner()
    }

    /// Sends a request and returns its result (or the error object as `Err`).
    pub async fn request(&mut self, method: &'static str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        let request = Request::build(method).params(params).id(id).finish();
        let response = self
            .service
            .ready()
            .await
            .unwrap()
            .call(request)
            .await
            .unwrap()
            .expect("a request gets a response");
        let (_, result) = response.into_parts();
        result.map_err(|error| serde_json::to_value(error).unwrap())
    }

    pub async fn notify(&mut self, method: &'static str, params: Value) {
        let request = Request::build(method).params(params).finish();
        let response = self
            .service
            .ready()
            .await
            .unwrap()
            .call(request)
            .await
            .unwrap();
        assert!(response.is_none(), "a notification gets no response");
    }

    /// `initialize` + `initialized`, with the given client capabilities and options.
    pub async fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let result = self
            .request(
                "initialize",
                json!({ "capabilities": capabilities, "initializationOptions": options }),
            )
            .await
            .expect("initialize succeeds");
        self.notify("initialized", json!({})).await;
        result
    }

    /// A client like VS Code: UTF-16 only, pulls diagnostics, can show documents.
    pub fn pulling_client() -> Value {
        json!({
            "general": { "positionEncodings": ["utf-16"] },
            "textDocument": { "diagnostic": { "dynamicRegistration": false } },
            "window": { "showDocument": { "support": true } },
            "workspace": { "configuration": true, "diagnostic": { "refreshSupport": true } }
        })
    }

    /// A client like Helix or an older editor: push diagnostics only.
    pub fn pushing_client(encodings: &[&str]) -> Value {
        json!({ "general": { "positionEncodings": encodings } })
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "python", "version": 1, "text": text } }),
        )
        .await;
    }

    /// One incremental change: replace `(line, character)..(line, character)` with `text`.
    pub async fn edit(
        &mut self,
        uri: &str,
        version: i32,
        start: (u32, u32),
        end: (u32, u32),
        text: &str,
    ) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": {
                        "start": { "line": start.0, "character": start.1 },
                        "end": { "line": end.0, "character": end.1 }
                    },
                    "text": text
                }]
            }),
        )
        .await;
    }

    pub async fn pull_diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let report = self
            .request(
                "textDocument/diagnostic",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await
            .unwrap();
        assert_eq!(report["kind"], "full");
        report["items"].as_array().unwrap().clone()
    }

    pub async fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .await
        .unwrap()
    }

    /// Waits for the next message the server sends with this method.
    pub async fn next(&mut self, method: &str) -> Sent {
        loop {
            let sent = tokio::time::timeout(Duration::from_secs(10), self.received.recv())
                .await
                .unwrap_or_else(|_| panic!("the server sent no {method} within 10 s"))
                .expect("the server is running");
            self.log.push(sent.clone());
            if sent.method == method {
                return sent;
            }
        }
    }

    /// Waits for the diagnostics published for `uri` at `version`.
    pub async fn published(&mut self, uri: &str, version: i32) -> Vec<Value> {
        loop {
            let sent = self.next("textDocument/publishDiagnostics").await;
            if sent.params["uri"] == uri && sent.params["version"] == version {
                return sent.params["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    /// Everything sent so far (without waiting), appended to the log.
    pub fn drain(&mut self) -> &[Sent] {
        while let Ok(sent) = self.received.try_recv() {
            self.log.push(sent);
        }
        &self.log
    }
}

/// The `code` of each diagnostic, in order.
pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap().to_string())
        .collect()
}

/// The diagnostic of one concept.
pub fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == code)
        .unwrap_or_else(|| panic!("no `{code}` diagnostic in {:?}", codes(diagnostics)))
}

/// `[start line, start character, end line, end character]` of a diagnostic or hover.
pub fn range(value: &Value) -> [u64; 4] {
    let range = &value["range"];
    [
        range["start"]["line"].as_u64().unwrap(),
        range["start"]["character"].as_u64().unwrap(),
        range["end"]["line"].as_u64().unwrap(),
        range["end"]["character"].as_u64().unwrap(),
    ]
}
