//! Compiles the tree-sitter query files under `queries/python/` into the binary.
//!
//! Every `<concept-id>.scm` file becomes one entry of `QUERY_FILES`, so adding a
//! syntactic concept is one new file plus one catalog entry, with no Rust change.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let query_dir = Path::new(&manifest_dir).join("queries").join("python");
    println!("cargo:rerun-if-changed={}", query_dir.display());

    let mut files: Vec<_> = fs::read_dir(&query_dir)
        .expect("queries/python exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "scm"))
        .collect();
    files.sort();

    let mut generated = String::from("/// Query files compiled into the binary: (concept id, query source).\npub const QUERY_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("UTF-8 file name");
        generated.push_str(&format!(
            "    ({stem:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    generated.push_str("];\n");

    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("query_files.rs"), generated).expect("OUT_DIR is writable");
}
