//! Corpus throughput over the machine's CPython standard library, in one run:
//! (a) tree-sitter parse only, one thread; (b) parse plus all detection, one thread;
//! (c) `roadmap-ls check --format json` end to end on all cores, output to /dev/null.
//!
//! `cargo bench --bench corpus` (add `-- --quick` for the short mode CI runs).
//! Each figure is the median of several rounds, and the targets are ratios measured
//! in the same run: b ≤ 1.5 × a, c ≤ 0.85 × a.

#[path = "support/corpus.rs"]
mod corpus;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use roadmap_ls::analysis::{parse, Engine};
use roadmap_ls::position::LineIndex;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|arg| arg == "--quick");
    let rounds = if quick { 1 } else { 5 };
    let mut files = corpus::stdlib_files();
    if quick {
        files.truncate(150);
    }
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    let engine = Engine::builtin();

    let mut parse_only = Vec::new();
    let mut parse_and_detect = Vec::new();
    let mut check = Vec::new();
    let mut occurrences = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        for (_, text) in &files {
            std::hint::black_box(parse::parse(text, None));
        }
        parse_only.push(start.elapsed());

        let start = Instant::now();
        occurrences = 0;
        for (_, text) in &files {
            let tree = parse::parse(text, None);
            let analysis = engine.analyze(&tree, text, &LineIndex::new(text));
            occurrences += analysis.occurrences.len();
        }
        parse_and_detect.push(start.elapsed());

        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_roadmap-ls"))
            .args(["check", "--format", "json"])
            .args(files.iter().map(|(path, _)| path))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("roadmap-ls runs");
        check.push(start.elapsed());
        assert!(status.code().is_some(), "check was killed by a signal");
    }
    let (a, b, c) = (median(parse_only), median(parse_and_detect), median(check));
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} files, {mb:.1} MB, {occurrences} occurrences; median of {rounds} round(s)",
        files.len()
    );
    println!(
        "(a) parse only, 1 thread:           {:>8.1} ms  {:>6.1} MB/s",
        a.as_secs_f64() * 1e3,
        mb / a.as_secs_f64()
    );
    println!(
        "(b) parse + detection, 1 thread:    {:>8.1} ms  {:>6.1} MB/s",
        b.as_secs_f64() * 1e3,
        mb / b.as_secs_f64()
    );
    println!(
        "(c) check --format json, all cores: {:>8.1} ms",
        c.as_secs_f64() * 1e3
    );
    println!(
        "b / a = {:.2}  (target ≤ 1.50)",
        b.as_secs_f64() / a.as_secs_f64()
    );
    println!(
        "c / a = {:.2}  (target ≤ 0.85)",
        c.as_secs_f64() / a.as_secs_f64()
    );
}
