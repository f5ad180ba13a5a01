//! The stdio transport: frames on stdin are checked before tower-lsp sees them.
//!
//! tower-lsp-server reads stdin through a `tokio_util` `FramedRead`, which ends the
//! stream after the first frame it cannot decode: one malformed message (bad JSON, a
//! wrong `Content-Length`, JSON that is not JSON-RPC) used to stop the server. So
//! stdin is read here, on its own thread, with the same `Content-Length` framing.
//! Each well-formed message is passed on unchanged; anything else is answered with
//! a JSON-RPC error (`-32700` parse error, or `-32600` invalid request with the id
//! when there is one), logged, and skipped up to the next `Content-Length` header.
//! A request (with an id) for a `$/` method is answered `-32601` here, because
//! tower-lsp would swallow that answer and leave the client waiting.
//!
//! Everything written to stdout (tower-lsp's frames and these errors) goes through
//! one writer thread, a whole frame at a time, so they never interleave. Reading stdin
//! on a plain thread also means the process can exit while a read is still blocked.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::pin::Pin;
use std::sync::mpsc;
use std::task::{Context, Poll};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tower_lsp_server::jsonrpc::{Request, Response};

use super::log;

/// Bodies above this are discarded unread (answered with an error) rather than
/// buffered: a `Content-Length` is not a reason to allocate gigabytes.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

enum Out {
    Bytes(Vec<u8>),
    /// Everything sent before has been written and flushed: say so.
    Finish(mpsc::Sender<()>),
}

/// The server's stdout: accepts whole buffers and hands them to the writer thread.
pub struct Output(mpsc::Sender<Out>);

impl Output {
    /// Starts the writer thread on the process's stdout.
    pub fn stdout() -> Output {
        let (sender, receiver) = mpsc::channel::<Out>();
        std::thread::spawn(move || {
            let mut stdout = io::stdout().lock();
            for out in receiver {
                match out {
                    Out::Bytes(bytes) => {
                        if stdout
                            .write_all(&bytes)
                            .and_then(|()| stdout.flush())
                            .is_err()
                        {
                            return; // The client is gone.
                        }
                    }
                    Out::Finish(done) => {
                        let _ = done.send(());
                    }
                }
            }
        });
        Output(sender)
    }

    /// Another handle on the same writer thread.
    pub fn stdout_sharing(output: &Output) -> Output {
        Output(output.0.clone())
    }

    fn send_frame(&self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        let _ = self.0.send(Out::Bytes(frame));
    }

    /// Waits (briefly) until everything sent so far is on stdout.
    pub fn finish(&self) {
        let (done, wait) = mpsc::channel();
        if self.0.send(Out::Finish(done)).is_ok() {
            let _ = wait.recv_timeout(Duration::from_secs(5));
        }
    }
}

impl AsyncWrite for Output {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        // Always the whole buffer, so a frame is never split between two writes.
        match self.0.send(Out::Bytes(buf.to_vec())) {
            Ok(()) => Poll::Ready(Ok(buf.len())),
            Err(_) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "stdout writer stopped",
            ))),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// The server's stdin: the well-formed frames the stdin thread passes on.
pub struct Input {
    frames: tokio::sync::mpsc::Receiver<Vec<u8>>,
    pending: Vec<u8>,
    read: usize,
}

impl AsyncRead for Input {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.read == self.pending.len() {
            match self.frames.poll_recv(cx) {
                Poll::Ready(Some(frame)) => {
                    self.pending = frame;
                    self.read = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())), // The end of stdin.
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(self.pending.len() - self.read);
        let start = self.read;
        buf.put_slice(&self.pending[start..start + n]);
        self.read += n;
        Poll::Ready(Ok(()))
    }
}

/// Starts the stdin thread: it passes well-formed frames to the returned [`Input`]
/// and answers the rest through `output`. At the end of stdin, the input ends.
pub fn stdin_filter(output: &Output) -> Input {
    let output = Output::stdout_sharing(output);
    let (sender, frames) = tokio::sync::mpsc::channel::<Vec<u8>>(16);
    std::thread::spawn(move || {
        let mut frames = Frames::new(BufReader::new(io::stdin().lock()));
        while let Some(frame) = frames.next_frame() {
            match frame.and_then(|body| check_message(&body).map(|()| body)) {
                Ok(body) => {
                    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                    framed.extend_from_slice(&body);
                    if sender.blocking_send(framed).is_err() {
                        return; // The server stopped (after `exit`).
                    }
                }
                Err(error) => {
                    log(&format!(
                        "malformed message skipped: {}",
                        error["error"]["message"].as_str().unwrap_or("")
                    ));
                    output.send_frame(error.to_string().as_bytes());
                }
            }
        }
    });
    Input {
        frames,
        pending: Vec::new(),
        read: 0,
    }
}

/// A JSON-RPC error response.
fn error_response(code: i64, message: String, id: Value) -> Value {
    json!({ "jsonrpc": "2.0", "error": { "code": code, "message": message }, "id": id })
}

/// Whether tower-lsp can decode `body` (as it would: a request, notification or
/// response); otherwise the error response to send.
pub fn check_message(body: &[u8]) -> Result<(), Value> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|error| error_response(-32700, format!("Parse error: {error}"), Value::Null))?;
    if let Ok(request) = serde_json::from_value::<Request>(value.clone()) {
        // tower-lsp drops the MethodNotFound answer of every `$/` method, requests
        // too, so such a request would never be answered; this server has no `$/`
        // requests (only notifications), so they are answered here.
        if let Some(id) = request.id().filter(|_| request.method().starts_with("$/")) {
            let id = serde_json::to_value(id).unwrap_or(Value::Null);
            return Err(error_response(
                -32601,
                format!("Method not found: {}", request.method()),
                id,
            ));
        }
        return Ok(());
    }
    if serde_json::from_value::<Response>(value.clone()).is_ok() {
        return Ok(());
    }
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    Err(error_response(
        -32600,
        "Invalid request: not a JSON-RPC 2.0 request, notification or response".into(),
        id,
    ))
}

/// `Content-Length` framing that recovers from garbage: it skips to the next
/// `Content-Length` header, as tower-lsp's own codec does.
pub struct Frames<R> {
    reader: R,
    line: Vec<u8>,
}

impl<R: BufRead> Frames<R> {
    pub fn new(reader: R) -> Frames<R> {
        Frames {
            reader,
            line: Vec::new(),
        }
    }

    /// The next body, or the error response for a frame that has none; `None` at the end.
    pub fn next_frame(&mut self) -> Option<Result<Vec<u8>, Value>> {
        let mut length: Option<Result<usize, String>> = None;
        let mut in_headers = false;
        loop {
            self.line.clear();
            // A header line longer than this is garbage; it is skipped in pieces.
            match (&mut self.reader)
                .take(64 * 1024)
                .read_until(b'\n', &mut self.line)
            {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&self.line);
            let mut header = text.trim_end_matches(['\r', '\n']);
            if header.is_empty() {
                if in_headers {
                    break;
                }
                continue; // Blank lines between messages.
            }
            if !in_headers {
                // Skip whatever precedes a header (the rest of a body that was longer
                // than its Content-Length said, say).
                match header.to_ascii_lowercase().find("content-length") {
                    Some(start) => {
                        if start > 0 {
                            log("bytes before a Content-Length header skipped");
                        }
                        header = &header[start..];
                    }
                    None => {
                        log("a line that is not a header skipped");
                        continue;
                    }
                }
                in_headers = true;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = Some(
                        value
                            .trim()
                            .parse::<usize>()
                            .map_err(|_| format!("bad Content-Length `{}`", value.trim())),
                    );
                }
            }
        }
        let parse_error = |message: String| {
            error_response(-32700, format!("Parse error: {message}"), Value::Null)
        };
        let length = match length {
            Some(Ok(length)) => length,
            Some(Err(message)) => return Some(Err(parse_error(message))),
            None => return Some(Err(parse_error("no Content-Length header".into()))),
        };
        if length > MAX_MESSAGE_BYTES {
            // Discard the body without buffering it.
            let skipped =
                io::copy(&mut (&mut self.reader).take(length as u64), &mut io::sink()).ok()?;
            if skipped < length as u64 {
                return None;
            }
            return Some(Err(parse_error(format!(
                "a message of {length} bytes is above the {MAX_MESSAGE_BYTES} byte limit"
            ))));
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).ok()?;
        Some(Ok(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Result<String, i64>> {
        let mut frames = Frames::new(input.as_bytes());
        std::iter::from_fn(|| frames.next_frame())
            .map(|frame| {
                frame
                    .and_then(|body| {
                        check_message(&body).map(|()| String::from_utf8(body).unwrap())
                    })
                    .map_err(|error| error["error"]["code"].as_i64().unwrap())
            })
            .collect()
    }

    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    #[test]
    fn well_formed_frames_pass_unchanged() {
        let input = format!(
            "Content-Length: {}\r\n\r\n{EXIT}Content-Length: {}\r\n\r\n{EXIT}",
            EXIT.len(),
            EXIT.len()
        );
        assert_eq!(
            frames(&input),
            vec![Ok(EXIT.to_string()), Ok(EXIT.to_string())]
        );
    }

    #[test]
    fn malformed_frames_are_answered_and_skipped() {
        let input = format!(
            "Content-Length: 5\r\n\r\n{{oops\
             Content-Length: 2\r\n\r\n[]\
             Content-Length: {}\r\n\r\n{EXIT}xyz\
             Content-Length: x\r\n\r\n\
             Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{EXIT}",
            EXIT.len() - 3,
            EXIT.len()
        );
        assert_eq!(
            frames(&input),
            vec![
                Err(-32700),
                Err(-32600),
                Err(-32700),
                Err(-32700),
                Ok(EXIT.to_string())
            ]
        );
    }

    #[test]
    fn an_invalid_request_keeps_its_id() {
        let error = check_message(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#).unwrap_err();
        assert_eq!(error["id"], 7);
        assert_eq!(error["error"]["code"], -32600);
    }

    #[test]
    fn dollar_requests_are_answered_and_dollar_notifications_pass() {
        let error = check_message(br#"{"jsonrpc":"2.0","id":"a","method":"$/x"}"#).unwrap_err();
        assert_eq!(
            (error["id"].as_str(), error["error"]["code"].as_i64()),
            (Some("a"), Some(-32601))
        );
        assert!(check_message(
            br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#
        )
        .is_ok());
    }
}
