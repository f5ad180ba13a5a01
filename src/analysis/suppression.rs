//! Suppression comments, written by the learner or a teacher:
//!
//! - `# roadmap: ignore` hides every concept anchored on its line;
//! - `# roadmap: ignore[id, id]` hides only those concepts on its line;
//! - `# roadmap: off` anywhere in the file hides everything in the file.

use std::collections::HashMap;

/// What the comments of one file suppress.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Suppressions {
    pub file_off: bool,
    /// Line → the concept ids ignored there (`None`: all of them).
    lines: HashMap<u32, Option<Vec<String>>>,
}

/// One parsed suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    Off,
    Ignore(Option<Vec<String>>),
}

/// Parses the text of a comment (with its `#`); `None` if it is not a directive.
pub fn parse_comment(comment: &str) -> Option<Directive> {
    let rest = comment.strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("roadmap:")?.trim();
    if rest == "off" {
        return Some(Directive::Off);
    }
    let rest = rest.strip_prefix("ignore")?.trim_start();
    if rest.is_empty() {
        return Some(Directive::Ignore(None));
    }
    let ids = rest.strip_prefix('[')?.split_once(']')?.0;
    let ids = ids
        .split(',')
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
        .collect();
    Some(Directive::Ignore(Some(ids)))
}

impl Suppressions {
    pub fn add(&mut self, line: u32, directive: Directive) {
        match directive {
            Directive::Off => self.file_off = true,
            Directive::Ignore(None) => {
                self.lines.insert(line, None);
            }
            Directive::Ignore(Some(ids)) => {
                // A line that already ignores everything stays so.
                if let Some(existing) = self.lines.entry(line).or_insert_with(|| Some(Vec::new())) {
                    existing.extend(ids);
                }
            }
        }
    }

    /// Whether the concept `id` anchored on `line` is suppressed.
    pub fn hides(&self, line: u32, id: &str) -> bool {
        if self.file_off {
            return true;
        }
        match self.lines.get(&line) {
            Some(None) => true,
            Some(Some(ids)) => ids.iter().any(|ignored| ignored == id),
            None => false,
        }
    }

    /// The comment that ignores `id` on a line that may already carry one: the text to
    /// insert at the end of the line, or the replacement of its existing directive.
    pub fn ignore_comment(existing: Option<&str>, id: &str) -> String {
        match existing.and_then(parse_comment) {
            Some(Directive::Ignore(Some(mut ids))) => {
                if !ids.iter().any(|known| known == id) {
                    ids.push(id.to_string());
                }
                format!("# roadmap: ignore[{}]", ids.join(", "))
            }
            _ => format!("# roadmap: ignore[{id}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_parse() {
        assert_eq!(parse_comment("# roadmap: off"), Some(Directive::Off));
        assert_eq!(
            parse_comment("#roadmap: ignore"),
            Some(Directive::Ignore(None))
        );
        assert_eq!(
            parse_comment("# roadmap: ignore[lambda, map ]"),
            Some(Directive::Ignore(Some(vec!["lambda".into(), "map".into()])))
        );
        assert_eq!(parse_comment("# roadmap ignore"), None);
        assert_eq!(parse_comment("# noqa"), None);
        assert_eq!(parse_comment("# roadmap: ignore[lambda"), None);
    }

    #[test]
    fn a_line_directive_hides_only_its_line() {
        let mut suppressions = Suppressions::default();
        suppressions.add(3, Directive::Ignore(Some(vec!["lambda".into()])));
        suppressions.add(5, Directive::Ignore(None));
        assert!(suppressions.hides(3, "lambda"));
        assert!(!suppressions.hides(3, "map"));
        assert!(suppressions.hides(5, "map"));
        assert!(!suppressions.hides(4, "lambda"));
    }

    #[test]
    fn ignore_comments_extend_an_existing_list() {
        assert_eq!(
            Suppressions::ignore_comment(None, "lambda"),
            "# roadmap: ignore[lambda]"
        );
        assert_eq!(
            Suppressions::ignore_comment(Some("# roadmap: ignore[map]"), "lambda"),
            "# roadmap: ignore[map, lambda]"
        );
    }
}
