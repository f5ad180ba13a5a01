//! The latency driver: the real binary over stdio, as an editor uses it.
//!
//! 1. Keystrokes: a 20,000-line file built from standard-library modules, then 1,000
//!    single-character edits, each followed at once by a pull `textDocument/diagnostic`
//!    for that version; p50/p95/p99 of edit-to-response, and the same for hovers at
//!    occurrences. Baseline in the same run: a full analysis of the file (close, open,
//!    pull), measured the same way.
//! 2. Memory: peak and settled RSS with 500 standard-library files open, then after
//!    closing them all.
//! 3. Start-up: process start to the `initialize` response, and `didOpen` of a
//!    1,000-line file to its diagnostics.
//!
//! `cargo bench --bench latency` (add `-- --quick` for the short mode CI runs).

#[path = "../tests/binary/mod.rs"]
mod binary;
#[path = "support/corpus.rs"]
mod corpus;

use std::time::{Duration, Instant};

use binary::Binary;
use serde_json::{json, Value};

const URI: &str = "file:///bench/big.py";

fn close(client: &mut Binary, uri: &str) {
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
}

/// The server's resident set size and its peak, in bytes (from /proc).
fn rss(client: &Binary) -> (u64, u64) {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", client.pid())).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .unwrap_or(0)
            * 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn shutdown(mut client: Binary) {
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 0);
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1e3
}

fn report(name: &str, mut times: Vec<Duration>) -> f64 {
    times.sort();
    let p50 = percentile(&times, 0.5);
    println!(
        "{name:<34} p50 {p50:>7.2} ms   p95 {:>7.2} ms   p99 {:>7.2} ms   (n = {})",
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        times.len()
    );
    p50
}

fn keystrokes(lines: usize, edits: usize) {
    let text = corpus::big_file(lines);
    let mut client = Binary::start();
    client.initialize(Value::Null);

    // Baseline: a full analysis of the file, as if just opened.
    let mut full = Vec::new();
    for _ in 0..5 {
        close(&mut client, URI);
        let start = Instant::now();
        client.open(URI, &text);
        client.diagnostics(URI);
        full.push(start.elapsed());
    }

    let mut current = text.clone();
    let mut latencies = Vec::with_capacity(edits);
    // As editors do (VS Code, Neovim), each pull names the report the editor shows.
    let (mut shown, _) = client.diagnostics_since(URI, None);
    let mut unchanged = 0;
    for (version, (edit, after)) in corpus::edit_sequence(&text, edits).into_iter().enumerate() {
        let (end_line, end_character) = match edit.insert {
            Some(_) => (edit.line, edit.character),
            None => corpus::delete_end(&current, &edit),
        };
        let change = json!({
            "textDocument": { "uri": URI, "version": version + 2 },
            "contentChanges": [{
                "range": {
                    "start": { "line": edit.line, "character": edit.character },
                    "end": { "line": end_line, "character": end_character }
                },
                "text": edit.insert.map(String::from).unwrap_or_default()
            }]
        });
        let start = Instant::now();
        client.notify("textDocument/didChange", change);
        let (id, items) = client.diagnostics_since(URI, Some(&shown));
        latencies.push(start.elapsed());
        unchanged += usize::from(items.is_none());
        shown = id;
        current = after;
    }

    // Hovers at occurrences: every 97th diagnostic position of a full listing.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "roadmap": { "occurrences": "all" } } }),
    );
    let items = client.diagnostics(URI);
    let mut hovers = Vec::new();
    for item in items.iter().step_by(97.max(items.len() / 1000)) {
        let position = &item["range"]["start"];
        let start = Instant::now();
        let hover = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": position }),
        );
        hovers.push(start.elapsed());
        assert!(
            hover["result"].is_object(),
            "a hover at an occurrence: {hover}"
        );
    }

    println!("keystrokes on a {lines}-line file ({} bytes):", text.len());
    let baseline = report("full analysis (open + pull)", full);
    let p50 = report("edit + pull diagnostics", latencies);
    println!("  ({unchanged} of the {edits} pulls answered \"unchanged\")");
    report("hover at an occurrence", hovers);
    println!(
        "full analysis / keystroke p50 = {:.1}x  (target ≥ 10x)",
        baseline / p50
    );
    shutdown(client);
}

fn memory(count: usize) {
    let files: Vec<_> = corpus::stdlib_files().into_iter().take(count).collect();
    let bytes: u64 = files.iter().map(|(_, text)| text.len() as u64).sum();
    let mut client = Binary::start();
    client.initialize(Value::Null);
    client.diagnostics("file:///warm-up.py");
    std::thread::sleep(Duration::from_millis(200));
    let (before, _) = rss(&client);
    for (index, (_, text)) in files.iter().enumerate() {
        client.open(&format!("file:///memory/{index}.py"), text);
    }
    client.diagnostics("file:///memory/0.py");
    std::thread::sleep(Duration::from_millis(300));
    let (open, peak) = rss(&client);
    for index in 0..files.len() {
        close(&mut client, &format!("file:///memory/{index}.py"));
    }
    client.diagnostics("file:///memory/0.py");
    std::thread::sleep(Duration::from_millis(300));
    let (closed, _) = rss(&client);
    let mb = |value: u64| value as f64 / 1e6;
    println!(
        "memory with {} files open ({:.1} MB of source):",
        files.len(),
        mb(bytes)
    );
    println!(
        "  RSS before {:.1} MB, settled open {:.1} MB, peak {:.1} MB, after closing {:.1} MB",
        mb(before),
        mb(open),
        mb(peak),
        mb(closed)
    );
    println!(
        "  peak ≤ 10 x source + 40 MB = {:.1} MB: {}; after closing within 20 MB of before: {}",
        mb(bytes * 10) + 40.0,
        if mb(peak) <= mb(bytes * 10) + 40.0 {
            "yes"
        } else {
            "no"
        },
        if closed <= before + 20_000_000 {
            "yes"
        } else {
            "no"
        }
    );
    shutdown(client);
}

fn startup(rounds: usize) {
    let text = corpus::big_file(1000);
    let mut initialize = Vec::new();
    let mut first_diagnostics = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let mut client = Binary::start();
        client.initialize(Value::Null);
        initialize.push(start.elapsed());
        let start = Instant::now();
        client.open(URI, &text);
        client.diagnostics(URI);
        first_diagnostics.push(start.elapsed());
        shutdown(client);
    }
    println!("start-up ({rounds} runs):");
    report("process start to initialize", initialize);
    report("didOpen (1,000 lines) to diagnostics", first_diagnostics);
}

fn main() {
    let quick = std::env::args().any(|arg| arg == "--quick");
    if quick {
        keystrokes(2_000, 50);
        memory(20);
        startup(2);
    } else {
        keystrokes(20_000, 1_000);
        memory(500);
        startup(20);
    }
}
