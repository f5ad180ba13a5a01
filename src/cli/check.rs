//! `roadmap-ls check PATH...`: every occurrence in files and folders, in parallel.
//!
//! Files are read and analysed on all cores; results are written in path order.
//! A file that cannot be read, or is not UTF-8, gets one line on stderr and the
//! exit status becomes 1; the other files are still checked.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use crate::analysis::Engine;
use crate::catalog::Catalog;
use crate::position::{Encoding, LineIndex, PositionCursor};
use crate::render;
use crate::settings::Settings;

use super::Format;

pub fn run(
    catalog: &Catalog,
    paths: &[PathBuf],
    format: Format,
    roadmaps: &[String],
    max_file_size: usize,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let mut settings = Settings::defaults(catalog);
    settings.max_file_size = max_file_size;
    if !roadmaps.is_empty() {
        let mut chosen = Vec::new();
        for name in roadmaps {
            match catalog.roadmap_index(name) {
                Some(index) => chosen.push(index),
                None => {
                    let known: Vec<&str> = catalog
                        .roadmaps()
                        .iter()
                        .map(|roadmap| roadmap.id.as_str())
                        .collect();
                    eprintln!(
                        "roadmap-ls: unknown roadmap `{name}` (known: {})",
                        known.join(", ")
                    );
                    return Ok(ExitCode::from(2));
                }
            }
        }
        chosen.sort_unstable();
        chosen.dedup();
        settings.roadmaps = chosen;
    }

    let (files, mut failed) = collect_files(paths);
    let engine = Engine::builtin();
    // The biggest files first, each taken by the next free thread, so that no thread is
    // left with a big file at the end while the others wait; the output keeps the order.
    let mut order: Vec<(u64, usize)> = files
        .iter()
        .enumerate()
        .map(|(index, path)| {
            let size = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
            (size, index)
        })
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    let mut checked: Vec<(usize, Report)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&(_, index)| {
            (
                index,
                check_file(catalog, engine, &settings, &files[index], format),
            )
        })
        .collect();
    checked.sort_unstable_by_key(|(index, _)| *index);
    let reports = checked.into_iter().map(|(_, report)| report);
    for report in reports {
        match report {
            Report::Checked(text) => out.write_all(text.as_bytes())?,
            Report::Skipped(note) => eprintln!("roadmap-ls: {note}"),
            Report::Failed(message) => {
                eprintln!("roadmap-ls: {message}");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The files to check: files as given, and the `*.py` files under folders, walked
/// respecting .gitignore, in a stable order. Paths that do not exist are reported.
fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut failed = false;
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(path).build() {
                match entry {
                    Ok(entry) => {
                        let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                        if is_file && entry.path().extension().is_some_and(|ext| ext == "py") {
                            found.push(entry.into_path());
                        }
                    }
                    Err(error) => {
                        eprintln!("roadmap-ls: {error}");
                        failed = true;
                    }
                }
            }
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            eprintln!("roadmap-ls: {}: no such file or folder", path.display());
            failed = true;
        }
    }
    (files, failed)
}

/// One file in `--format json` (fields in alphabetical order, as the output has always had them).
#[derive(serde::Serialize)]
struct JsonFile<'a> {
    occurrences: Vec<JsonOccurrence<'a>>,
    path: &'a str,
}

#[derive(serde::Serialize)]
struct JsonOccurrence<'a> {
    concept: &'a str,
    end: JsonPosition,
    start: JsonPosition,
}

#[derive(serde::Serialize)]
struct JsonPosition {
    character: u32,
    line: u32,
}

/// What became of one file.
enum Report {
    /// Its output (possibly empty).
    Checked(String),
    /// Not analysed, by choice (too large): a note, not a failure.
    Skipped(String),
    Failed(String),
}

fn check_file(
    catalog: &Catalog,
    engine: &Engine,
    settings: &Settings,
    path: &Path,
    format: Format,
) -> Report {
    let size = std::fs::metadata(path)
        .map(|metadata| metadata.len())
        .unwrap_or(0);
    if size > settings.max_file_size as u64 {
        return Report::Skipped(format!(
            "{}: {size} bytes, above the {}-byte limit (--max-file-size); not analysed",
            path.display(),
            settings.max_file_size
        ));
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Report::Failed(format!("{}: cannot be read: {error}", path.display()))
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            return Report::Failed(format!(
                "{}: is not UTF-8 (invalid byte at offset {offset}); skipped",
                path.display()
            ));
        }
    };
    let lines = LineIndex::new(&text);
    let tree = crate::analysis::parse::parse(&text, None);
    let analysis = engine.analyze(&tree, &text, &lines);
    drop(tree);
    let shown: Vec<_> = analysis
        .counted(&lines)
        .filter(|occurrence| settings.shows(catalog, occurrence.concept))
        .filter(|occurrence| {
            !analysis.suppressions.hides(
                lines.line_of(occurrence.start),
                &catalog.concept(occurrence.concept).id,
            )
        })
        .collect();
    let display = path.display().to_string();
    let mut report = String::new();
    match format {
        Format::Text => {
            let mut positions = PositionCursor::new(&lines, &text, Encoding::Utf32);
            for occurrence in shown {
                let start = positions.position(occurrence.start);
                let concept = catalog.concept(occurrence.concept);
                let message = render::message(catalog, occurrence.concept, &settings.roadmaps);
                report.push_str(&format!(
                    "{display}:{}:{}: {}  {message}\n",
                    start.line + 1,
                    start.character + 1,
                    concept.id
                ));
            }
        }
        Format::Json => {
            let mut positions = PositionCursor::new(&lines, &text, Encoding::Utf16);
            let occurrences: Vec<JsonOccurrence<'_>> = shown
                .into_iter()
                .map(|occurrence| {
                    let start = positions.position(occurrence.start);
                    let end = lines.position(&text, occurrence.end, Encoding::Utf16);
                    JsonOccurrence {
                        concept: &catalog.concept(occurrence.concept).id,
                        end: JsonPosition {
                            character: end.character,
                            line: end.line,
                        },
                        start: JsonPosition {
                            character: start.character,
                            line: start.line,
                        },
                    }
                })
                .collect();
            let file = JsonFile {
                occurrences,
                path: &display,
            };
            report = serde_json::to_string(&file).expect("plain data serializes");
            report.push('\n');
        }
    }
    Report::Checked(report)
}
