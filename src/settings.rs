//! User settings (the `roadmap` section), read from JSON with every problem reported.
//!
//! A bad value never stops anything: it is reported once, and its default is used.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::catalog::{Catalog, ConceptId};

/// How diagnostics are shown; `Off` shows none (hovers still work).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
    Off,
}

/// Which occurrences of a concept get a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occurrences {
    /// The first occurrence of each concept in a file.
    First,
    All,
}

/// The default size above which a document is not analysed.
pub const DEFAULT_MAX_FILE_SIZE: usize = 2 * 1024 * 1024;

/// Every setting, with the defaults a new user gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Indices into the catalog's roadmaps, in catalog order.
    pub roadmaps: Vec<usize>,
    pub severity: Severity,
    pub occurrences: Occurrences,
    pub disabled: HashSet<ConceptId>,
    /// Roadmap index → the first stage to show (stages before it are known).
    pub minimum_stage: HashMap<usize, usize>,
    /// A lesson link with `{id}` in it, such as `https://course.example/{id}`.
    pub lesson_url_template: Option<String>,
    pub max_file_size: usize,
}

/// The keys of the `roadmap` section, as documented in the README.
pub const KEYS: &[&str] = &[
    "roadmaps",
    "severity",
    "occurrences",
    "disabledConcepts",
    "minimumStage",
    "lessonUrlTemplate",
    "maxFileSize",
];

impl Settings {
    pub fn defaults(catalog: &Catalog) -> Settings {
        Settings {
            roadmaps: (0..catalog.roadmaps().len()).collect(),
            severity: Severity::Hint,
            occurrences: Occurrences::First,
            disabled: HashSet::new(),
            minimum_stage: HashMap::new(),
            lesson_url_template: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }

    /// Reads settings from a JSON object (a `null` or missing section means defaults).
    /// Returns the settings and one message per problem found.
    pub fn from_json(value: &Value, catalog: &Catalog) -> (Settings, Vec<String>) {
        let mut settings = Settings::defaults(catalog);
        let mut problems = Vec::new();
        let object = match value {
            Value::Null => return (settings, problems),
            Value::Object(object) => object,
            other => {
                problems.push(format!(
                    "settings should be an object, not {}",
                    describe(other)
                ));
                return (settings, problems);
            }
        };
        for (key, value) in object {
            match key.as_str() {
                "roadmaps" => match string_list(value) {
                    Some(names) => {
                        let mut chosen = Vec::new();
                        for name in names {
                            match catalog.roadmap_index(name) {
                                Some(index) if !chosen.contains(&index) => chosen.push(index),
                                Some(_) => {}
                                None => problems.push(format!(
                                    "roadmaps: unknown roadmap `{name}` ({})",
                                    roadmap_names(catalog)
                                )),
                            }
                        }
                        chosen.sort_unstable();
                        if chosen.is_empty() {
                            problems.push(
                                "roadmaps: no known roadmap given; using all of them".to_string(),
                            );
                        } else {
                            settings.roadmaps = chosen;
                        }
                    }
                    None => problems.push(format!(
                        "roadmaps: expected a list of roadmap names, got {}",
                        describe(value)
                    )),
                },
                "severity" => match value.as_str().and_then(parse_severity) {
                    Some(severity) => settings.severity = severity,
                    None => problems.push(format!(
                        "severity: expected one of hint, information, warning, error, off; got {}",
                        describe(value)
                    )),
                },
                "occurrences" => match value.as_str() {
                    Some("first") => settings.occurrences = Occurrences::First,
                    Some("all") => settings.occurrences = Occurrences::All,
                    _ => problems.push(format!(
                        "occurrences: expected \"first\" or \"all\", got {}",
                        describe(value)
                    )),
                },
                "disabledConcepts" => match string_list(value) {
                    Some(ids) => {
                        for id in ids {
                            match catalog.lookup(id) {
                                Some(concept) => {
                                    settings.disabled.insert(concept);
                                }
                                None => problems
                                    .push(format!("disabledConcepts: unknown concept id `{id}`")),
                            }
                        }
                    }
                    None => problems.push(format!(
                        "disabledConcepts: expected a list of concept ids, got {}",
                        describe(value)
                    )),
                },
                "minimumStage" => match value {
                    Value::Object(stages) => {
                        for (name, stage) in stages {
                            let Some(roadmap) = catalog.roadmap_index(name) else {
                                problems.push(format!(
                                    "minimumStage: unknown roadmap `{name}` ({})",
                                    roadmap_names(catalog)
                                ));
                                continue;
                            };
                            let stage_count = catalog.roadmaps()[roadmap].stages.len() as u64;
                            match stage.as_u64() {
                                Some(stage) if (1..=stage_count).contains(&stage) => {
                                    settings.minimum_stage.insert(roadmap, stage as usize);
                                }
                                _ => problems.push(format!(
                                    "minimumStage.{name}: expected a stage number from 1 to {stage_count}, got {}",
                                    describe(stage)
                                )),
                            }
                        }
                    }
                    _ => problems.push(format!(
                        "minimumStage: expected an object such as {{\"intermediate\": 3}}, got {}",
                        describe(value)
                    )),
                },
                "lessonUrlTemplate" => match value {
                    Value::Null => settings.lesson_url_template = None,
                    Value::String(template) if template.is_empty() => {
                        settings.lesson_url_template = None
                    }
                    Value::String(template) => match check_link(template) {
                        Ok(()) => settings.lesson_url_template = Some(template.clone()),
                        Err(why) => problems.push(format!(
                            "lessonUrlTemplate: {why}; the built-in lesson links are used"
                        )),
                    },
                    _ => problems.push(format!(
                        "lessonUrlTemplate: expected a URL, got {}",
                        describe(value)
                    )),
                },
                "maxFileSize" => match value.as_u64() {
                    Some(size) if size > 0 => settings.max_file_size = size as usize,
                    _ => problems.push(format!(
                        "maxFileSize: expected a positive number of bytes, got {}",
                        describe(value)
                    )),
                },
                other => problems.push(format!(
                    "unknown setting `{other}` (known: {})",
                    KEYS.join(", ")
                )),
            }
        }
        (settings, problems)
    }

    /// Whether diagnostics and check output include this concept.
    pub fn shows(&self, catalog: &Catalog, concept: ConceptId) -> bool {
        if self.disabled.contains(&concept) {
            return false;
        }
        catalog.concept(concept).placements.iter().any(|placement| {
            self.roadmaps.contains(&placement.roadmap)
                && placement.stage
                    >= self
                        .minimum_stage
                        .get(&placement.roadmap)
                        .copied()
                        .unwrap_or(1)
        })
    }

    /// Whether the concept is on an active roadmap at all (hover ignores minimum stages).
    pub fn on_active_roadmap(&self, catalog: &Catalog, concept: ConceptId) -> bool {
        catalog
            .concept(concept)
            .placements
            .iter()
            .any(|placement| self.roadmaps.contains(&placement.roadmap))
    }

    /// The lesson link for a concept: the configured template, or the catalog's link.
    pub fn lesson_link(&self, catalog: &Catalog, concept: ConceptId) -> String {
        let concept = catalog.concept(concept);
        match &self.lesson_url_template {
            Some(template) => template.replace("{id}", &concept.id),
            None => concept.lesson.link.clone(),
        }
    }
}

/// Accepts only plain `http:` and `https:` URLs, without spaces, quotes or markup
/// characters that could break out of a markdown link.
pub fn check_link(link: &str) -> Result<(), String> {
    let lower = link.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else {
        return Err(format!(
            "`{}` is not an http: or https: URL",
            truncate(link)
        ));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("`{}` has no host", truncate(link)));
    }
    if let Some(bad) = link
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "<>\"'`()[]\\".contains(*c))
    {
        return Err(format!(
            "`{}` contains the character {bad:?}, which a link may not contain",
            truncate(link)
        ));
    }
    Ok(())
}

fn truncate(text: &str) -> String {
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text.to_string()
    }
}

fn parse_severity(name: &str) -> Option<Severity> {
    Some(match name {
        "hint" => Severity::Hint,
        "information" | "info" => Severity::Information,
        "warning" => Severity::Warning,
        "error" => Severity::Error,
        "off" => Severity::Off,
        _ => return None,
    })
}

fn string_list(value: &Value) -> Option<Vec<&str>> {
    value.as_array()?.iter().map(Value::as_str).collect()
}

fn roadmap_names(catalog: &Catalog) -> String {
    let names: Vec<&str> = catalog
        .roadmaps()
        .iter()
        .map(|roadmap| roadmap.id.as_str())
        .collect();
    format!("known: {}", names.join(", "))
}

fn describe(value: &Value) -> String {
    let text = value.to_string();
    truncate(&text)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn defaults_show_both_roadmaps_as_hints() {
        let catalog = Catalog::builtin();
        let (settings, problems) = Settings::from_json(&json!(null), catalog);
        assert!(problems.is_empty());
        assert_eq!(settings.roadmaps, vec![0, 1]);
        assert_eq!(settings.severity, Severity::Hint);
        assert_eq!(settings.occurrences, Occurrences::First);
    }

    #[test]
    fn every_key_is_read() {
        let catalog = Catalog::builtin();
        let value = json!({
            "roadmaps": ["expert"],
            "severity": "warning",
            "occurrences": "all",
            "disabledConcepts": ["lambda"],
            "minimumStage": {"expert": 2},
            "lessonUrlTemplate": "https://course.example/lessons/{id}",
            "maxFileSize": 1000
        });
        let (settings, problems) = Settings::from_json(&value, catalog);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.roadmaps, vec![1]);
        assert_eq!(settings.severity, Severity::Warning);
        assert_eq!(settings.occurrences, Occurrences::All);
        let lambda = catalog.lookup("lambda").unwrap();
        assert!(!settings.shows(catalog, lambda));
        // `function-def` is expert 1.1: below the minimum stage.
        assert!(!settings.shows(catalog, catalog.lookup("function-def").unwrap()));
        assert!(settings.shows(catalog, catalog.lookup("dataclass").unwrap()));
        // `decorator` is only on the intermediate roadmap, which is not active.
        assert!(!settings.shows(catalog, catalog.lookup("decorator").unwrap()));
        assert_eq!(
            settings.lesson_link(catalog, lambda),
            "https://course.example/lessons/lambda"
        );
        assert_eq!(settings.max_file_size, 1000);
    }

    #[test]
    fn bad_values_keep_their_defaults_and_say_why() {
        let catalog = Catalog::builtin();
        let value = json!({
            "roadmaps": ["beginner"],
            "severity": "loud",
            "occurrences": 3,
            "disabledConcepts": ["no-such-concept"],
            "minimumStage": {"expert": 9},
            "lessonUrlTemplate": "command:workbench.action.quit",
            "colour": "blue"
        });
        let (settings, problems) = Settings::from_json(&value, catalog);
        assert_eq!(settings, Settings::defaults(catalog));
        assert_eq!(problems.len(), 8, "{problems:#?}");
        assert!(problems
            .iter()
            .any(|problem| problem.contains("unknown setting `colour`")));
    }

    #[test]
    fn only_http_links_are_accepted() {
        for good in ["https://docs.python.org/3/", "http://course.example/{id}"] {
            assert!(check_link(good).is_ok(), "{good}");
        }
        for bad in [
            "command:workbench.action.quit",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,hi",
            "https://",
            "https://x.example/a) [b](command:x",
            "https://x.example/<script>",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
    }
}
