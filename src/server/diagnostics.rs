//! Occurrences to diagnostics: one per shown concept (its first occurrence, or all),
//! on the smallest node that shows it, with the concept id as `code` and the lesson
//! as `codeDescription`.

use std::str::FromStr;

use tower_lsp_server::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Uri,
};

use crate::render;
use crate::settings::{Occurrences, Severity};

use super::documents::Document;
use super::world::World;

/// The `source` of every diagnostic of this server.
pub const SOURCE: &str = "roadmap";

pub fn diagnostics(world: &World, document: &Document) -> Vec<Diagnostic> {
    let settings = &world.settings;
    let severity = match settings.severity {
        Severity::Off => return Vec::new(),
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    };
    let catalog = world.catalog;
    let analysis = &document.analysis;
    // Decided once per concept, not once per occurrence: a file has thousands.
    let mut wanted: Vec<bool> = catalog
        .ids()
        .map(|id| settings.shows(catalog, id))
        .collect();
    let mut diagnostics = Vec::new();
    for occurrence in &analysis.occurrences {
        let index = occurrence.concept.0 as usize;
        if !wanted.get(index).copied().unwrap_or(false) {
            continue;
        }
        let concept = catalog.concept(occurrence.concept);
        let line = document.lines.line_of(occurrence.start);
        if analysis.suppressions.hides(line, &concept.id) {
            continue;
        }
        if settings.occurrences == Occurrences::First {
            // The first shown occurrence of a concept is its only one.
            wanted[index] = false;
        }
        let link = settings.lesson_link(catalog, occurrence.concept);
        diagnostics.push(Diagnostic {
            range: document.range(occurrence.start, occurrence.end, world.encoding),
            severity: Some(severity),
            code: Some(NumberOrString::String(concept.id.clone())),
            code_description: Uri::from_str(&link)
                .ok()
                .map(|href| CodeDescription { href }),
            source: Some(SOURCE.to_string()),
            message: render::message(catalog, occurrence.concept, &settings.roadmaps),
            data: Some(serde_json::json!({ "concept": concept.id, "lesson": link })),
            ..Diagnostic::default()
        });
    }
    diagnostics
}

/// An id for a list of diagnostics that changes whenever the list does: the length
/// and a hash of its JSON.
pub fn result_id(items: &[Diagnostic]) -> String {
    use std::hash::Hasher;
    let json = serde_json::to_vec(items).unwrap_or_default();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hasher.write(&json);
    format!("{:x}-{:016x}", json.len(), hasher.finish())
}
