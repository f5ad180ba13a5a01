//! Replays the committed fuzz seeds (`fuzz/seeds/<target>/`) through the checks of the
//! fuzz targets, which this file shares with them (`fuzz/checks.rs`). Deterministic;
//! runs in the normal `cargo test --release`. See docs/reliability.md, "Fuzzing".

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut seeds: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds in {}", folder.display());
    for seed in &seeds {
        let data = std::fs::read(seed).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "seed {} fails", seed.display());
    }
    // The empty input is a case too.
    check(&[]);
}

#[test]
fn the_edits_seeds_pass() {
    replay("edits", checks::edits);
}

#[test]
fn the_positions_seeds_pass() {
    replay("positions", checks::positions);
}
