//! `roadmap-ls concepts` and `roadmap-ls lesson ID`.

use std::io::{self, Write};
use std::process::ExitCode;

use serde_json::json;

use crate::catalog::Catalog;
use crate::render;

use super::{emit, Format};

pub fn list(catalog: &Catalog, format: Format, out: &mut impl Write) -> io::Result<()> {
    let all_roadmaps: Vec<usize> = (0..catalog.roadmaps().len()).collect();
    match format {
        Format::Text => {
            for concept in catalog.concepts() {
                let id = catalog
                    .lookup(&concept.id)
                    .expect("listed concepts have ids");
                emit(
                    out,
                    &format!(
                        "{:<24} {}",
                        concept.id,
                        render::message(catalog, id, &all_roadmaps)
                    ),
                )?;
            }
        }
        Format::Json => {
            let concepts: Vec<_> = catalog
                .concepts()
                .iter()
                .map(|concept| {
                    let placements: Vec<_> = concept
                        .placements
                        .iter()
                        .map(|placement| {
                            json!({
                                "roadmap": catalog.roadmaps()[placement.roadmap].id,
                                "stage": placement.stage,
                                "topic": placement.topic,
                                "path": catalog.placement_path(*placement),
                            })
                        })
                        .collect();
                    json!({
                        "id": concept.id,
                        "title": concept.title,
                        "kind": concept.kind,
                        "rule": concept.rule,
                        "placements": placements,
                        "lesson": concept.lesson.link,
                    })
                })
                .collect();
            emit(
                out,
                &serde_json::to_string_pretty(&concepts).map_err(io::Error::other)?,
            )?;
        }
    }
    Ok(())
}

pub fn lesson(catalog: &Catalog, id: &str, out: &mut impl Write) -> io::Result<ExitCode> {
    let Some(concept) = catalog.lookup(id) else {
        let close: Vec<&str> = catalog
            .concepts()
            .iter()
            .map(|concept| concept.id.as_str())
            .filter(|known| known.contains(id) || id.contains(known))
            .collect();
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!(" (did you mean {}?)", close.join(", "))
        };
        eprintln!("roadmap-ls: unknown concept id `{id}`{hint}; `roadmap-ls concepts` lists them");
        return Ok(ExitCode::from(2));
    };
    let all_roadmaps: Vec<usize> = (0..catalog.roadmaps().len()).collect();
    let link = catalog.concept(concept).lesson.link.clone();
    out.write_all(render::lesson_markdown(catalog, concept, &all_roadmaps, &link).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
