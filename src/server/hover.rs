//! Hover: the lessons of the concepts under the cursor, looked up in the occurrences
//! cached at analysis time. Nothing (null) where no concept is, so the hover of the
//! user's main Python server shows alone there.

use tower_lsp_server::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use crate::analysis::Occurrence;
use crate::render;

use super::documents::Document;
use super::world::World;

/// The occurrences under a position, smallest first; on every occurrence, whatever
/// the diagnostics show.
pub fn occurrences_at(world: &World, document: &Document, position: Position) -> Vec<Occurrence> {
    let offset = document.offset(position, world.encoding);
    // A position past the end of its line is not on anything.
    if position.line as usize >= document.lines.line_count()
        || offset > document.lines.line_end(position.line, &document.text)
    {
        return Vec::new();
    }
    let mut found: Vec<Occurrence> = document
        .analysis
        .occurrences
        .iter()
        .take_while(|occurrence| occurrence.start <= offset)
        .filter(|occurrence| {
            offset < occurrence.end
                || (offset == occurrence.end && occurrence.start == occurrence.end)
        })
        .filter(|occurrence| {
            world
                .settings
                .on_active_roadmap(world.catalog, occurrence.concept)
                && !world.settings.disabled.contains(&occurrence.concept)
        })
        .copied()
        .collect();
    found.sort_by_key(|occurrence| (occurrence.end - occurrence.start, occurrence.concept));
    found.dedup_by_key(|occurrence| occurrence.concept);
    found
}

/// Test hook, for the tests of panic handling only: a hover on a document containing
/// this marker panics, but only in a process started with `ROADMAP_LS_TEST_PANIC=1`
/// (tests/protocol.rs sets it for the binary it runs). Without the variable the
/// marker is ordinary text.
pub const TEST_PANIC_MARKER: &str = "roadmap-ls-test-panic";

fn test_panic_enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED
        .get_or_init(|| std::env::var_os("ROADMAP_LS_TEST_PANIC").is_some_and(|value| value == "1"))
}

pub fn hover(world: &World, document: &Document, position: Position) -> Option<Hover> {
    if test_panic_enabled() && document.text.contains(TEST_PANIC_MARKER) {
        panic!("test panic requested by the {TEST_PANIC_MARKER} marker");
    }
    let found = occurrences_at(world, document, position);
    let first = found.first()?;
    let sections: Vec<String> = found
        .iter()
        .map(|occurrence| {
            let link = world
                .settings
                .lesson_link(world.catalog, occurrence.concept);
            render::lesson_markdown(
                world.catalog,
                occurrence.concept,
                &world.settings.roadmaps,
                &link,
            )
        })
        .collect();
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n---\n\n"),
        }),
        range: Some(document.range(first.start, first.end, world.encoding)),
    })
}
