//! The pattern matcher against tree-sitter's own query engine: on every file of the
//! standard library (and on the concept fixtures), detection's matcher finds exactly
//! the `@occurrence` nodes that tree-sitter's query cursor finds for the same files.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::collections::BTreeSet;

use roadmap_ls::analysis::queries::ReferenceQueries;
use roadmap_ls::analysis::{parse, Engine};
use roadmap_ls::catalog::Catalog;

type Found = BTreeSet<(String, usize, usize, &'static str)>;

fn compare(name: &str, text: &str, reference: &ReferenceQueries, engine: &Engine) -> usize {
    let catalog = Catalog::builtin();
    let tree = parse::parse(text, None);
    let describe = |(concept, node): (roadmap_ls::catalog::ConceptId, tree_sitter::Node<'_>)| {
        (
            catalog.concept(concept).id.clone(),
            node.start_byte(),
            node.end_byte(),
            node.kind(),
        )
    };
    let expected: Found = reference
        .matches(tree.root_node(), text)
        .into_iter()
        .map(describe)
        .collect();
    let found: Found = engine
        .syntax_matches(&tree, text)
        .into_iter()
        .map(describe)
        .collect();
    let missing: Vec<_> = expected.difference(&found).take(5).collect();
    let extra: Vec<_> = found.difference(&expected).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{name}: the matcher misses {missing:?} and adds {extra:?}"
    );
    expected.len()
}

#[test]
fn the_matcher_finds_what_tree_sitters_query_engine_finds_in_the_standard_library() {
    let reference = ReferenceQueries::new(Catalog::builtin());
    let engine = Engine::builtin();
    let files = corpus::stdlib_files();
    assert!(files.len() > 1_000, "the standard library is there");
    let mut total = 0;
    for (path, text) in &files {
        total += compare(&path.display().to_string(), text, &reference, engine);
    }
    assert!(total > 100_000, "{total} matches");
}

#[test]
fn the_matcher_finds_what_tree_sitters_query_engine_finds_in_the_fixtures() {
    let reference = ReferenceQueries::new(Catalog::builtin());
    let engine = Engine::builtin();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/concepts");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        compare(&path.display().to_string(), &text, &reference, engine);
        count += 1;
    }
    assert!(count >= 99);
}
