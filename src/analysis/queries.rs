//! The syntactic concepts: tree-sitter queries from `queries/python/<concept-id>.scm`.
//!
//! Each pattern reports its `@occurrence` capture; captures whose names start with
//! `_` are helpers and never reported. All files are compiled into one query so a
//! single pass over the tree finds every syntactic concept.

use std::ops::Range;

use tree_sitter::{Node, Query, QueryCursor, StreamingIterator};

use crate::catalog::{Catalog, ConceptId};

include!(concat!(env!("OUT_DIR"), "/query_files.rs"));

/// The predicates the Rust binding evaluates; any other predicate would be ignored
/// silently and make its pattern match everything, so the query files may not use them.
pub const SUPPORTED_PREDICATES: &[&str] = &[
    "eq?",
    "not-eq?",
    "any-eq?",
    "any-not-eq?",
    "match?",
    "not-match?",
    "any-match?",
    "any-not-match?",
    "any-of?",
    "not-any-of?",
];

/// Why a query file was refused.
#[derive(Debug)]
pub struct QueryFileError {
    pub file: String,
    pub message: String,
}

/// All syntactic queries, compiled into one.
pub struct SyntaxQueries {
    query: Query,
    occurrence_capture: u32,
    /// The concept of each pattern, by pattern index.
    pattern_concepts: Vec<ConceptId>,
}

impl SyntaxQueries {
    /// Compiles every query file of the binary against the Python grammar.
    pub fn new(catalog: &Catalog) -> Result<SyntaxQueries, QueryFileError> {
        let language = tree_sitter::Language::new(tree_sitter_python::LANGUAGE);
        let mut source = String::new();
        let mut file_ranges: Vec<(Range<usize>, ConceptId)> = Vec::new();
        for (name, text) in QUERY_FILES {
            let concept = catalog.lookup(name).ok_or_else(|| QueryFileError {
                file: format!("{name}.scm"),
                message: format!("`{name}` is not a concept of the catalog"),
            })?;

            let start = source.len();
            source.push_str(text);
            source.push('\n');
            file_ranges.push((start..source.len(), concept));
        }
        let query = Query::new(&language, &source).map_err(|error| QueryFileError {
            file: "queries/python".into(),
            message: error.to_string(),
        })?;
        let occurrence_capture =
            query
                .capture_index_for_name("occurrence")
                .ok_or_else(|| QueryFileError {
                    file: "queries/python".into(),
                    message: "no @occurrence capture".into(),
                })?;
        let pattern_concepts = (0..query.pattern_count())
            .map(|pattern| {
                let start = query.start_byte_for_pattern(pattern);
                file_ranges
                    .iter()
                    .find(|(range, _)| range.contains(&start))
                    .map(|(_, concept)| *concept)
                    .expect("every pattern comes from one file")
            })
            .collect();
        Ok(SyntaxQueries {
            query,
            occurrence_capture,
            pattern_concepts,
        })
    }

    /// Runs every query under `node`, calling `report` with each captured occurrence node.
    pub fn run<'t>(&self, node: Node<'t>, text: &str, mut report: impl FnMut(ConceptId, Node<'t>)) {
        let mut cursor = QueryCursor::new();
        let mut matches = cursor.matches(&self.query, node, text.as_bytes());
        while let Some(found) = matches.next() {
            let concept = self.pattern_concepts[found.pattern_index];
            for capture in found.captures {
                if capture.index == self.occurrence_capture {
                    report(concept, capture.node);
                }
            }
        }
    }
}

/// Checks one query file on its own: it compiles, reports `@occurrence` in every
/// pattern, and uses only predicates the Rust binding applies.
pub fn check_file(
    name: &str,
    text: &str,
    language: &tree_sitter::Language,
) -> Result<(), QueryFileError> {
    let error = |message: String| QueryFileError {
        file: format!("{name}.scm"),
        message,
    };
    let query = Query::new(language, text).map_err(|e| error(e.to_string()))?;
    for pattern in 0..query.pattern_count() {
        if let Some(predicate) = query.general_predicates(pattern).first() {
            return Err(error(format!(
                "pattern {pattern} uses the unsupported predicate #{}",
                predicate.operator
            )));
        }
    }
    let occurrence = query
        .capture_index_for_name("occurrence")
        .ok_or_else(|| error("no @occurrence capture".into()))?;
    for name in query.capture_names() {
        if *name != "occurrence" && !name.starts_with('_') {
            return Err(error(format!(
                "capture @{name} should be @occurrence or start with `_`"
            )));
        }
    }
    // Every pattern must report something: look for the capture in its own text.
    for pattern in 0..query.pattern_count() {
        let start = query.start_byte_for_pattern(pattern);
        let end = if pattern + 1 < query.pattern_count() {
            query.start_byte_for_pattern(pattern + 1)
        } else {
            text.len()
        };
        if !text[start..end].contains("@occurrence") {
            return Err(error(format!(
                "pattern {pattern} has no @occurrence capture (capture {occurrence})"
            )));
        }
    }
    // Predicates spelled in the text but unknown to the binding show up as general
    // predicates above; this catches ones the binding would reject outright.
    for predicate in text.split('#').skip(1) {
        let operator: String = predicate
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ')')
            .collect();
        if !operator.is_empty()
            && !SUPPORTED_PREDICATES.contains(&operator.as_str())
            && text.contains(&format!("(#{operator}"))
        {
            return Err(error(format!("uses the unsupported predicate #{operator}")));
        }
    }
    Ok(())
}
