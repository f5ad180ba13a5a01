//! Hostile files, through `roadmap-ls check` and through the LSP (the real binary):
//! no panic, no hang (every run is time-bound), bounded memory; documents above the
//! size limit are not analysed and say so once.

mod binary;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use binary::Binary;
use serde_json::{json, Value};

const LIMIT: Duration = Duration::from_secs(15);

/// Runs `check` on a file with a time limit: (exit code, stdout, stderr).
fn check(path: &Path) -> (i32, String, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_roadmap-ls"))
        .arg("check")
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (sender, receiver) = std::sync::mpsc::channel();
    // Output is read while the process runs (a full pipe would block it).
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    let output = match receiver.recv_timeout(LIMIT) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("check {} took more than {LIMIT:?}", path.display());
        }
    };
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    (
        output.status.code().unwrap(),
        text(output.stdout),
        text(output.stderr),
    )
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Bytes that are not Python: a PNG's bytes made valid UTF-8 (each invalid byte
/// replaced), and a JSON document.
fn png_as_utf8() -> String {
    let mut bytes =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    String::from_utf8_lossy(&bytes).into_owned()
}

const JSON: &str =
    r#"{"name": "x", "list": [1, 2, {"a": null}], "nested": {"deep": [[[]]]}, "ok": true}"#;
const PYTHON2: &str = "print \"hi\"\nexec \"x = 1\"\nraise E, \"m\"\nprint >>f, x\nclass A:\n    def f(self): return `1`\n0777L\nur'x'\n";

fn hostile_texts() -> Vec<(&'static str, String)> {
    vec![
        ("nul.py", "x = 1\n\0\0\0def f(): pass\n\0".to_string()),
        ("python2.py", PYTHON2.to_string()),
        ("png.py", png_as_utf8()),
        ("data.py", JSON.to_string()),
        (
            "parens.py",
            format!("x = {}{}\n", "(".repeat(5_000), ")".repeat(5_000)),
        ),
        ("unclosed.py", format!("x = {}\n", "(".repeat(5_000))),
        (
            "lines.py",
            "@d\ndef f(a):\n    return [a for a in b]\n".repeat(33_334),
        ),
    ]
}

#[test]
fn check_survives_hostile_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in hostile_texts() {
        let path = write(&dir, name, text.as_bytes());
        let started = Instant::now();
        let (code, _, stderr) = check(&path);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        eprintln!("check {name}: {:?}", started.elapsed());
    }
}

#[test]
fn check_reports_a_file_that_is_not_utf8_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(&dir, "latin1.py", b"name = 'caf\xe9'\n");
    let (code, _, stderr) = check(&bad);
    assert_eq!(code, 1);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("latin1.py: is not UTF-8 (invalid byte at offset 11); skipped"),
        "{stderr}"
    );
}

/// Peak memory of a process, from /proc.
fn peak_rss_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        / 1024
}

#[test]
fn the_server_survives_hostile_documents() {
    let mut server = Binary::start();
    server.ready();
    for (index, (name, text)) in hostile_texts().into_iter().enumerate() {
        let uri = format!("file:///hostile/{index}/{name}");
        let started = Instant::now();
        server.open(&uri, &text);
        server.diagnostics(&uri);
        server.hover(&uri, 0, 2);
        server.change(&uri, 2, Some([0, 0, 0, 3]), "@");
        server.diagnostics(&uri);
        assert!(
            started.elapsed() < LIMIT,
            "{name} took {:?}",
            started.elapsed()
        );
        server.assert_serving();
    }
    assert!(!server.stderr.lock().unwrap().contains("panicked"));
    assert!(
        peak_rss_mb(server.pid()) < 500,
        "peak RSS {} MB",
        peak_rss_mb(server.pid())
    );
}

fn too_large_messages(server: &mut Binary) -> Vec<Value> {
    server
        .collect_for(Duration::from_millis(300))
        .into_iter()
        .filter(|message| {
            message["method"] == "window/showMessage"
                && message["params"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("maxFileSize")
        })
        .collect()
}

#[test]
fn a_10_mb_single_line_is_not_analysed_and_says_so_once() {
    let mut server = Binary::start();
    server.ready();
    let uri = "file:///hostile/huge.py";
    let started = Instant::now();
    server.open(
        uri,
        &"@d\ndef f(): pass\n"
            .replace('\n', ";")
            .repeat(10 * 1024 * 1024 / 16),
    );
    assert_eq!(server.diagnostics(uri), Vec::<Value>::new());
    assert_eq!(server.hover(uri, 0, 1)["result"], Value::Null);
    server.change(uri, 2, Some([0, 0, 0, 0]), "x = [1]\n");
    assert_eq!(server.diagnostics(uri), Vec::<Value>::new());
    assert!(started.elapsed() < LIMIT, "took {:?}", started.elapsed());
    let messages = too_large_messages(&mut server);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["params"]["type"], 3, "informational");
    assert!(messages[0]["params"]["message"]
        .as_str()
        .unwrap()
        .contains("above the 2048 KB limit"));
    server.assert_serving();
    assert!(
        peak_rss_mb(server.pid()) < 500,
        "peak RSS {} MB",
        peak_rss_mb(server.pid())
    );
}

#[test]
fn the_size_limit_follows_the_max_file_size_setting() {
    let mut server = Binary::start();
    server.initialize(json!({ "maxFileSize": 1000 }));
    server.open(binary::CANARY_URI, binary::CANARY);
    let uri = "file:///hostile/medium.py";
    server.open(uri, &"@d\ndef f(): pass\n".repeat(100));
    assert_eq!(server.diagnostics(uri), Vec::<Value>::new());
    assert_eq!(too_large_messages(&mut server).len(), 1);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "roadmap": { "maxFileSize": 100_000 } } }),
    );
    assert!(
        !server.diagnostics(uri).is_empty(),
        "analysed once the limit is raised"
    );
    server.assert_serving();
}

/// 5,000-deep nested lists: the display-target check is done in the one walk of the
/// tree, not by climbing from each list (which was quadratic in the depth per list).
#[test]
fn check_survives_5000_deep_nested_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "lists.py",
        format!("x = {}{}\n", "[".repeat(5_000), "]".repeat(5_000)).as_bytes(),
    );
    let started = std::time::Instant::now();
    let (status, stdout, _) = check(&path);
    assert_eq!(status, 0);
    assert!(stdout.contains(": list "), "{stdout}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

/// A 10 MB single line is above `check`'s default size limit (2 MB, `--max-file-size`):
/// skipped at once with a note on stderr, and not an error.
#[test]
fn check_survives_a_10_mb_single_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "line.py", "x = 1; ".repeat(1_500_000).as_bytes());
    let started = std::time::Instant::now();
    let (status, stdout, stderr) = check(&path);
    assert_eq!(status, 0);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("above the 2097152-byte limit (--max-file-size); not analysed"),
        "{stderr}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
