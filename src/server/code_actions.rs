//! Code actions on a roadmap diagnostic: open its lesson, or ignore the concept on
//! that line (by inserting or extending a `# roadmap: ignore[...]` comment).

use std::collections::HashMap;

use serde_json::json;
use tower_lsp_server::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, NumberOrString, Position,
    Range, TextEdit, Uri, WorkspaceEdit,
};

use crate::analysis::suppression::{parse_comment, Suppressions};

use super::diagnostics::SOURCE;
use super::documents::Document;
use super::world::World;

/// The command that opens a lesson: `[concept-id]` or `[{"uri": ..., "position": ...}]`.
pub const OPEN_LESSON: &str = "roadmap.openLesson";

pub fn code_actions(
    world: &World,
    uri: &Uri,
    document: &Document,
    diagnostics: &[Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    for diagnostic in diagnostics {
        if diagnostic.source.as_deref() != Some(SOURCE) {
            continue;
        }
        let Some(NumberOrString::String(id)) = &diagnostic.code else {
            continue;
        };
        let Some(concept) = world.catalog.lookup(id) else {
            continue;
        };
        let title = &world.catalog.concept(concept).title;
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Open the lesson: {title}"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            command: Some(Command {
                title: format!("Open the lesson: {title}"),
                command: OPEN_LESSON.to_string(),
                arguments: Some(vec![json!(id)]),
            }),
            ..CodeAction::default()
        }));
        let edit = ignore_edit(world, document, diagnostic.range.start.line, id);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Ignore `{id}` on this line"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        }));
    }
    actions
}

/// The edit that ignores `id` on `line`: extends a `# roadmap: ignore[...]` comment
/// already there, or appends one at the end of the line.
fn ignore_edit(world: &World, document: &Document, line: u32, id: &str) -> TextEdit {
    let start = document.lines.line_start(line, &document.text);
    let end = document.lines.line_end(line, &document.text);
    let content = &document.text[start..end];
    let existing = content
        .rfind("# roadmap:")
        .filter(|&at| parse_comment(&content[at..]).is_some());
    match existing {
        Some(at) => TextEdit {
            range: Range {
                start: document.position(start + at, world.encoding),
                end: document.position(end, world.encoding),
            },
            new_text: Suppressions::ignore_comment(Some(&content[at..]), id),
        },
        None => {
            let at_end: Position = document.position(end, world.encoding);
            let separator = if content.trim().is_empty() { "" } else { "  " };
            TextEdit {
                range: Range {
                    start: at_end,
                    end: at_end,
                },
                new_text: format!("{separator}{}", Suppressions::ignore_comment(None, id)),
            }
        }
    }
}
