//! The catalog data against the spec: ids, placements, roadmap titles, lessons and
//! query files. The spec and seeds are kept in `tests/fixtures/spec/`; when the
//! project's shared folder sits beside the checkout, the copies must equal it.

use std::fs;
use std::path::{Path, PathBuf};

use roadmap_ls::analysis::queries::{check_file, QUERY_FILES};
use roadmap_ls::analysis::Engine;
use roadmap_ls::catalog::Catalog;

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec")
}

#[test]
fn the_spec_copies_are_current() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    for (copy, original) in [
        ("concepts.tsv", "spec/concepts.tsv"),
        ("intermediate-roadmap.txt", "seeds/intermediate-roadmap.txt"),
        ("expert-roadmap.txt", "seeds/expert-roadmap.txt"),
    ] {
        let original = shared.join(original);
        if original.exists() {
            assert_eq!(
                fs::read_to_string(spec_dir().join(copy)).unwrap(),
                fs::read_to_string(&original).unwrap(),
                "tests/fixtures/spec/{copy} differs from {}",
                original.display()
            );
        }
    }
}

#[test]
fn every_concept_of_the_spec_is_in_the_catalog_where_the_spec_places_it() {
    let catalog = Catalog::builtin();
    let spec = fs::read_to_string(spec_dir().join("concepts.tsv")).unwrap();
    let mut ids = Vec::new();
    for row in spec.lines().skip(1) {
        let columns: Vec<&str> = row.split('\t').collect();
        let (id, kind, intermediate, expert) = (columns[0], columns[1], columns[2], columns[3]);
        ids.push(id.to_string());
        let concept = catalog
            .lookup(id)
            .unwrap_or_else(|| panic!("`{id}` is not in data/concepts.toml"));
        let concept = catalog.concept(concept);
        assert_eq!(concept.kind, kind, "{id}");
        assert_eq!(
            concept.rule, columns[4],
            "{id}: the rule text is the spec's"
        );
        for (roadmap, expected) in [("intermediate", intermediate), ("expert", expert)] {
            let index = catalog.roadmap_index(roadmap).unwrap();
            let placement = concept
                .placements
                .iter()
                .find(|placement| placement.roadmap == index)
                .map(|placement| format!("{}.{}", placement.stage, placement.topic))
                .unwrap_or_else(|| "-".to_string());
            assert_eq!(placement, expected, "{id} on the {roadmap} roadmap");
        }
    }
    let catalog_ids: Vec<String> = catalog
        .concepts()
        .iter()
        .map(|concept| concept.id.clone())
        .collect();
    assert_eq!(
        catalog_ids, ids,
        "the catalog lists exactly the spec's ids, in its order"
    );
}

#[test]
fn stages_and_topics_are_titled_as_the_seeds_title_them() {
    let catalog = Catalog::builtin();
    for roadmap in catalog.roadmaps() {
        let seed =
            fs::read_to_string(spec_dir().join(format!("{}-roadmap.txt", roadmap.id))).unwrap();
        for (number, stage) in roadmap.stages.iter().enumerate() {
            let heading = match roadmap.id.as_str() {
                "intermediate" => format!("{}. {}", number + 1, stage.title),
                _ => format!("Stage {}: {}", number + 1, stage.title),
            };
            assert!(
                seed.contains(&heading),
                "{}: no stage `{heading}` in the seed",
                roadmap.id
            );
            for topic in &stage.topics {
                assert!(
                    seed.contains(&topic.title),
                    "{}: no topic `{}` in the seed",
                    roadmap.id,
                    topic.title
                );
            }
        }
    }
}

#[test]
fn every_lesson_is_complete() {
    let catalog = Catalog::builtin();
    for concept in catalog.concepts() {
        let lesson = &concept.lesson;
        let example_lines = lesson
            .example
            .lines()
            .filter(|line| !line.trim().is_empty())
            .count();
        assert!(
            (2..=8).contains(&example_lines),
            "{}: the example has {example_lines} lines",
            concept.id
        );
        assert!(
            lesson.link.starts_with("https://"),
            "{}: {}",
            concept.id,
            lesson.link
        );
        assert!(
            !lesson.summary.is_empty() && !lesson.why.is_empty(),
            "{}",
            concept.id
        );
        assert!(
            !lesson.next.is_empty(),
            "{}: says what to learn next",
            concept.id
        );
        assert!(
            !lesson.next.contains(&concept.id),
            "{}: next is not itself",
            concept.id
        );
    }
}

#[test]
fn every_query_compiles_and_uses_only_predicates_the_binding_applies() {
    let language = tree_sitter::Language::new(tree_sitter_python::LANGUAGE);
    assert!(QUERY_FILES.len() > 30);
    for (name, text) in QUERY_FILES {
        if let Err(error) = check_file(name, text, &language) {
            panic!("queries/python/{}: {}", error.file, error.message);
        }
    }
    // The engine compiles them all together.
    Engine::new(Catalog::builtin()).unwrap();
}

#[test]
fn predicates_the_binding_ignores_are_refused() {
    let language = tree_sitter::Language::new(tree_sitter_python::LANGUAGE);
    for query in [
        "((identifier) @occurrence (#lua-match? @occurrence \"^x\"))",
        "((identifier) @occurrence (#has-ancestor? @occurrence class_definition))",
        "((identifier) @name)",
        "((identifier) @occurrence) ((string) @_helper)",
        // What the pattern compiler does not take: quantifiers, comparing captures.
        "(call (identifier)* @_name) @occurrence",
        "(argument_list (identifier)+) @occurrence",
        "((call function: (identifier) @_a arguments: (argument_list (identifier) @_b)) @occurrence (#eq? @_a @_b))",
        "(no_such_node) @occurrence",
    ] {
        assert!(check_file("test", query, &language).is_err(), "{query}");
    }
    assert!(check_file(
        "test",
        "((identifier) @occurrence (#match? @occurrence \"^x\"))",
        &language
    )
    .is_ok());
}

#[test]
fn a_teachers_catalog_with_mistakes_is_refused_with_every_mistake_named() {
    let concepts =
        "[[concept]]\nid = \"loop\"\ntitle = \"Loop\"\nkind = \"syntax\"\nrule = \"loops\"\n";
    let roadmap = "id = \"course\"\ntitle = \"Course\"\n[[stage]]\ntitle = \"Week 1\"\n[[stage.topic]]\ntitle = \"Loops\"\nconcepts = [\"loop\", \"lambda\"]\n";
    let lessons = "[loop]\nsummary = \"s\"\nwhy = \"w\"\nexample = \"a\\nb\"\nnext = [\"nothing\"]\nlink = \"javascript:alert(1)\"\n";
    let error = Catalog::from_sources(concepts, &[roadmap], &[lessons]).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("names `lambda`, which is not a concept"),
        "{text}"
    );
    assert!(text.contains("points next to `nothing`"), "{text}");
    assert!(text.contains("link that is not http(s)"), "{text}");

    let good = "[loop]\nsummary = \"s\"\nwhy = \"w\"\nexample = \"a\\nb\"\nnext = []\nlink = \"https://course.example/loops\"\n";
    let roadmap = roadmap.replace(", \"lambda\"", "");
    let catalog = Catalog::from_sources(concepts, &[roadmap.as_str()], &[good]).unwrap();
    let placement = catalog.concept(catalog.lookup("loop").unwrap()).placements[0];
    assert_eq!(
        catalog.placement_path(placement),
        "Course › 1. Week 1 › Loops"
    );
}
