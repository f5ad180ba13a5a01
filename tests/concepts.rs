//! The data-driven concept test: every `tests/fixtures/concepts/<id>.py` file is a
//! Python fixture whose assertion comments say what must be found.
//!
//! An assertion is a comment line below the code it speaks of:
//!
//! ```python
//! @functools.cache
//! # <- decorator
//! def area(): ...
//! # <- !decorator
//! ```
//!
//! - `# ^ id`: an occurrence of `id` starts on the code line above, at the caret's column;
//! - `# <- id`: an occurrence of `id` starts on the code line above, at the column of `#`;
//! - `# ^ !id` or `# <- !id`: no occurrence of `id` starts there.
//!
//! Several ids may follow one marker. In the fixture of concept `id`, the occurrences
//! of `id` must be exactly those asserted: an unasserted one fails the test too. Every
//! concept of the catalog needs a fixture with at least one positive and one negative.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use roadmap_ls::analysis::Engine;
use roadmap_ls::catalog::Catalog;
use roadmap_ls::position::{Encoding, LineIndex};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    line: u32,
    column: u32,
    concept: String,
    present: bool,
}

fn parse_assertions(text: &str) -> Vec<Expected> {
    let mut expected = Vec::new();
    let mut last_code_line: Option<u32> = None;
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let hash_column = (line.len() - trimmed.len()) as u32;
        let after_hash = trimmed.strip_prefix('#').unwrap_or("");
        let spaces = (after_hash.len() - after_hash.trim_start().len()) as u32;
        let marker = if !trimmed.starts_with('#') {
            None
        } else if let Some(rest) = after_hash.trim_start().strip_prefix('^') {
            Some((rest, hash_column + 1 + spaces))
        } else {
            after_hash
                .trim_start()
                .strip_prefix("<-")
                .map(|rest| (rest, hash_column))
        };
        match marker {
            Some((rest, column)) => {
                let line = last_code_line.unwrap_or_else(|| {
                    panic!("assertion on line {} has no code above it", number + 1)
                });
                for word in rest.split_whitespace() {
                    let (present, concept) = match word.strip_prefix('!') {
                        Some(concept) => (false, concept),
                        None => (true, word),
                    };
                    expected.push(Expected {
                        line,
                        column,
                        concept: concept.to_string(),
                        present,
                    });
                }
            }
            None => last_code_line = Some(number as u32),
        }
    }
    expected
}

#[test]
fn every_fixture_matches_its_assertions() {
    let catalog = Catalog::builtin();
    let engine = Engine::builtin();
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/concepts");
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();

    let mut paths: Vec<_> = fs::read_dir(&directory)
        .expect("fixtures folder")
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
    {
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        if catalog.lookup(&name).is_none() {
            failures.push(format!("{name}.py: `{name}` is not a concept id"));
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        let lines = LineIndex::new(&text);
        let analysis = engine.analyze_text(&text);
        let found: BTreeSet<(u32, u32, String)> = analysis
            .counted(&lines)
            .map(|occurrence| {
                let position = lines.position(&text, occurrence.start, Encoding::Utf32);
                (
                    position.line,
                    position.character,
                    catalog.concept(occurrence.concept).id.clone(),
                )
            })
            .collect();
        let expected = parse_assertions(&text);
        for assertion in &expected {
            if catalog.lookup(&assertion.concept).is_none() {
                failures.push(format!(
                    "{name}.py:{}: `{}` is not a concept id",
                    assertion.line + 1,
                    assertion.concept
                ));
                continue;
            }
            let hit = found.iter().any(|(line, column, concept)| {
                *line == assertion.line
                    && *concept == assertion.concept
                    && assertion.column == *column
            });
            if hit != assertion.present {
                let what = if assertion.present {
                    "expected"
                } else {
                    "unexpected"
                };
                let column = format!(":{}", assertion.column + 1);
                let actual: Vec<String> = found
                    .iter()
                    .filter(|(line, _, concept)| {
                        *line == assertion.line && *concept == assertion.concept
                    })
                    .map(|(_, column, _)| format!("column {}", column + 1))
                    .collect();
                failures.push(format!(
                    "{name}.py:{}{column}: {what} `{}` (found: {})",
                    assertion.line + 1,
                    assertion.concept,
                    if actual.is_empty() {
                        "none".to_string()
                    } else {
                        actual.join(", ")
                    }
                ));
            }
        }
        // The fixture's own concept: nothing may be found that is not asserted.
        for (line, column, _) in found.iter().filter(|(_, _, concept)| *concept == name) {
            let asserted = expected
                .iter()
                .any(|a| a.present && a.concept == name && a.line == *line);
            if !asserted {
                failures.push(format!(
                    "{name}.py:{}:{}: `{name}` found but not asserted",
                    line + 1,
                    column + 1
                ));
            }
        }
        let positives = expected
            .iter()
            .filter(|a| a.concept == name && a.present)
            .count();
        let negatives = expected
            .iter()
            .filter(|a| a.concept == name && !a.present)
            .count();
        if positives == 0 || negatives == 0 {
            failures.push(format!(
                "{name}.py: needs a positive and a negative case ({positives} and {negatives})"
            ));
        }
        covered.insert(name);
    }
    for concept in catalog.concepts() {
        if !covered.contains(&concept.id) {
            failures.push(format!(
                "concept `{}` has no fixture tests/fixtures/concepts/{}.py",
                concept.id, concept.id
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn assertion_comments_parse() {
    let text = "x = (1, 2)\n#   ^ tuple\n#     ^ !list\ny = 1\n# <- !tuple dict\n";
    let assertions = parse_assertions(text);
    assert_eq!(
        assertions,
        vec![
            Expected {
                line: 0,
                column: 4,
                concept: "tuple".into(),
                present: true
            },
            Expected {
                line: 0,
                column: 6,
                concept: "list".into(),
                present: false
            },
            Expected {
                line: 3,
                column: 0,
                concept: "tuple".into(),
                present: false
            },
            Expected {
                line: 3,
                column: 0,
                concept: "dict".into(),
                present: true
            },
        ]
    );
}
