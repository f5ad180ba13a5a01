//! Settings from the client: `initializationOptions`, `workspace/didChangeConfiguration`
//! and `workspace/configuration` (section `roadmap`), applied without a restart.
//! Problems are shown once with `window/showMessage`; their defaults are used.

use serde_json::Value;
use tower_lsp_server::lsp_types::{MessageType, Position};

use crate::settings::Settings;

use super::hover::occurrences_at;
use super::world::World;
use super::Notice;

/// The `roadmap` section of a settings object, or the object itself when it is
/// already the section (as `initializationOptions` usually are).
pub fn section(value: &Value) -> &Value {
    match value.get("roadmap") {
        Some(section) => section,
        None => value,
    }
}

/// Applies new settings and says what to show the user about them.
pub fn apply(world: &mut World, value: &Value) -> Vec<Notice> {
    let (settings, problems) = Settings::from_json(value, world.catalog);
    let mut notices = Vec::new();
    if !problems.is_empty() {
        let message = format!(
            "roadmap-ls settings: {} (defaults used for these).",
            problems.join("; ")
        );
        super::log(&message);
        if world.first_time(&message) {
            notices.push(Notice::Show(MessageType::WARNING, message));
        }
    }
    let size_changed = settings.max_file_size != world.settings.max_file_size;
    world.settings = settings;
    if size_changed {
        let (engine, max_size) = (world.engine(), world.settings.max_file_size);
        world.documents.reanalyze_all(engine, max_size);
    }
    notices
}

/// The lesson link that `roadmap.openLesson` opens: its argument is a concept id, or
/// `{"uri": ..., "position": {...}}` for the concept under a cursor (`Ok(None)` if none).
pub fn lesson_for_arguments(world: &World, arguments: &[Value]) -> Result<Option<String>, String> {
    let usage = "roadmap.openLesson takes a concept id or {\"uri\": ..., \"position\": {\"line\": L, \"character\": C}}";
    let concept = match arguments.first() {
        Some(Value::String(id)) => Some(
            world
                .catalog
                .lookup(id)
                .ok_or_else(|| format!("unknown concept id `{id}`"))?,
        ),
        Some(Value::Object(object)) => {
            let uri = object.get("uri").and_then(Value::as_str).ok_or(usage)?;
            let position: Position =
                serde_json::from_value(object.get("position").cloned().unwrap_or(Value::Null))
                    .map_err(|_| usage)?;
            let document = world
                .documents
                .get(uri)
                .ok_or_else(|| format!("{uri} is not open"))?;
            occurrences_at(world, document, position)
                .first()
                .map(|occurrence| occurrence.concept)
        }
        _ => return Err(usage.to_string()),
    };
    Ok(concept.map(|concept| world.settings.lesson_link(world.catalog, concept)))
}
