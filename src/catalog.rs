//! The concept catalog, the roadmaps and the lessons: data compiled into the binary.
//!
//! `data/concepts.toml` lists every concept with its detection rule, each roadmap in
//! `data/roadmaps/` places concept ids into stages and topics, and `data/lessons/`
//! holds one lesson per concept. The same formats can be written by a teacher for a
//! course of their own; [`Catalog::from_sources`] builds a catalog from such text and
//! reports every inconsistency it finds.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

const CONCEPTS_TOML: &str = include_str!("../data/concepts.toml");
const ROADMAP_TOMLS: &[&str] = &[
    include_str!("../data/roadmaps/intermediate.toml"),
    include_str!("../data/roadmaps/expert.toml"),
];
const LESSON_TOMLS: &[&str] = &[
    include_str!("../data/lessons/syntax.toml"),
    include_str!("../data/lessons/library.toml"),
];

/// The index of a concept in the catalog; cheap to copy and compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConceptId(pub u16);

/// One concept of the catalog, with its detection rule and its lesson.
#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub rule: String,
    pub detection: Detection,
    pub lesson: Lesson,
    /// Where the concept sits on each roadmap that teaches it, in roadmap order.
    pub placements: Vec<Placement>,
}

/// The data-driven part of a concept's detection (see `data/concepts.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    #[serde(default)]
    pub calls: Vec<String>,
    #[serde(default)]
    pub builtin_calls: Vec<String>,
    #[serde(default)]
    pub decorators: Vec<String>,
    #[serde(default)]
    pub bases: Vec<String>,
    #[serde(default)]
    pub metaclasses: Vec<String>,
    #[serde(default)]
    pub imports: Vec<String>,
    #[serde(default)]
    pub class_defines_any: Vec<String>,
    #[serde(default)]
    pub class_defines_all: Vec<Vec<String>>,
    #[serde(default)]
    pub class_defines_any_of_each: Vec<Vec<String>>,
    #[serde(default)]
    pub class_methods_named: Vec<String>,
    #[serde(default)]
    pub detector: Option<String>,
}

/// A lesson: what the concept is, why to use it, an example and where to read more.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub summary: String,
    pub why: String,
    pub example: String,
    #[serde(default)]
    pub pitfall: Option<String>,
    #[serde(default)]
    pub next: Vec<String>,
    pub link: String,
}

/// A roadmap: numbered stages of numbered topics, each topic teaching some concepts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roadmap {
    pub id: String,
    pub title: String,
    #[serde(rename = "stage")]
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub title: String,
    #[serde(rename = "topic")]
    pub topics: Vec<Topic>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub title: String,
    pub concepts: Vec<String>,
}

/// A concept's place on one roadmap: stage and topic, both numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub roadmap: usize,
    pub stage: usize,
    pub topic: usize,
}

/// Everything the server knows about concepts, roadmaps and lessons.
#[derive(Debug)]
pub struct Catalog {
    concepts: Vec<Concept>,
    roadmaps: Vec<Roadmap>,
    index: HashMap<String, ConceptId>,
}

/// Why catalog data was refused: every problem found, one per line.
#[derive(Debug)]
pub struct CatalogError(pub Vec<String>);

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for CatalogError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptsFile {
    concept: Vec<ConceptEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptEntry {
    id: String,
    title: String,
    kind: String,
    rule: String,
    #[serde(flatten)]
    detection: Detection,
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_sources(CONCEPTS_TOML, ROADMAP_TOMLS, LESSON_TOMLS)
                .unwrap_or_else(|error| panic!("the built-in catalog is inconsistent:\n{error}"))
        })
    }

    /// Builds a catalog from the text of a concepts file, roadmap files and lesson files.
    pub fn from_sources(
        concepts_toml: &str,
        roadmap_tomls: &[&str],
        lesson_tomls: &[&str],
    ) -> Result<Catalog, CatalogError> {
        let mut problems = Vec::new();
        let entries = toml::from_str::<ConceptsFile>(concepts_toml)
            .map_err(|error| CatalogError(vec![format!("concepts: {error}")]))?
            .concept;

        let mut lessons: HashMap<String, Lesson> = HashMap::new();
        for (number, text) in lesson_tomls.iter().enumerate() {
            match toml::from_str::<HashMap<String, Lesson>>(text) {
                Ok(file) => {
                    for (id, lesson) in file {
                        if lessons.insert(id.clone(), lesson).is_some() {
                            problems.push(format!("lesson `{id}` is written twice"));
                        }
                    }
                }
                Err(error) => problems.push(format!("lessons file {}: {error}", number + 1)),
            }
        }

        let mut roadmaps = Vec::new();
        for (number, text) in roadmap_tomls.iter().enumerate() {
            match toml::from_str::<Roadmap>(text) {
                Ok(roadmap) => roadmaps.push(roadmap),
                Err(error) => problems.push(format!("roadmap file {}: {error}", number + 1)),
            }
        }

        let mut index = HashMap::new();
        let mut concepts = Vec::new();
        for entry in entries {
            let position = ConceptId(concepts.len() as u16);
            if index.insert(entry.id.clone(), position).is_some() {
                problems.push(format!("concept `{}` is listed twice", entry.id));
                continue;
            }
            let Some(lesson) = lessons.remove(&entry.id) else {
                problems.push(format!("concept `{}` has no lesson", entry.id));
                continue;
            };
            concepts.push(Concept {
                id: entry.id,
                title: entry.title,
                kind: entry.kind,
                rule: entry.rule,
                detection: entry.detection,
                lesson,
                placements: Vec::new(),
            });
        }
        for id in lessons.keys() {
            problems.push(format!(
                "lesson `{id}` is for a concept that does not exist"
            ));
        }

        for (roadmap_number, roadmap) in roadmaps.iter().enumerate() {
            for (stage_number, stage) in roadmap.stages.iter().enumerate() {
                for (topic_number, topic) in stage.topics.iter().enumerate() {
                    for id in &topic.concepts {
                        match index.get(id) {
                            Some(concept) => {
                                let placements = &mut concepts[concept.0 as usize].placements;
                                if placements.iter().any(|p| p.roadmap == roadmap_number) {
                                    problems.push(format!(
                                        "roadmap `{}` places `{id}` twice",
                                        roadmap.id
                                    ));
                                }
                                placements.push(Placement {
                                    roadmap: roadmap_number,
                                    stage: stage_number + 1,
                                    topic: topic_number + 1,
                                });
                            }
                            None => problems.push(format!(
                                "roadmap `{}` names `{id}`, which is not a concept",
                                roadmap.id
                            )),
                        }
                    }
                }
            }
        }
        for concept in &concepts {
            for next in &concept.lesson.next {
                if !index.contains_key(next) {
                    problems.push(format!(
                        "lesson `{}` points next to `{next}`, which is not a concept",
                        concept.id
                    ));
                }
            }
            if let Err(why) = crate::settings::check_link(&concept.lesson.link) {
                problems.push(format!(
                    "lesson `{}` has a link that is not http(s): {why}",
                    concept.id
                ));
            }
        }

        if problems.is_empty() {
            Ok(Catalog {
                concepts,
                roadmaps,
                index,
            })
        } else {
            Err(CatalogError(problems))
        }
    }

    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    pub fn concept(&self, id: ConceptId) -> &Concept {
        &self.concepts[id.0 as usize]
    }

    pub fn lookup(&self, id: &str) -> Option<ConceptId> {
        self.index.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = ConceptId> + '_ {
        (0..self.concepts.len() as u16).map(ConceptId)
    }

    pub fn roadmaps(&self) -> &[Roadmap] {
        &self.roadmaps
    }

    pub fn roadmap_index(&self, id: &str) -> Option<usize> {
        self.roadmaps.iter().position(|roadmap| roadmap.id == id)
    }

    /// The short form of a placement, such as `Intermediate 4.1 Function Decorators`.
    pub fn placement_short(&self, placement: Placement) -> String {
        let roadmap = &self.roadmaps[placement.roadmap];
        let topic = &roadmap.stages[placement.stage - 1].topics[placement.topic - 1];
        format!(
            "{} {}.{} {}",
            roadmap.title, placement.stage, placement.topic, topic.title
        )
    }

    /// The long form of a placement, such as
    /// `Intermediate › 4. Decorators and Generators › Function Decorators`.
    pub fn placement_path(&self, placement: Placement) -> String {
        let roadmap = &self.roadmaps[placement.roadmap];
        let stage = &roadmap.stages[placement.stage - 1];
        let topic = &stage.topics[placement.topic - 1];
        format!(
            "{} › {}. {} › {}",
            roadmap.title, placement.stage, stage.title, topic.title
        )
    }
}
