//! How concepts read: the one-line diagnostic message and the lesson as markdown.
//!
//! Code from a document never reaches this module; lesson text comes from the
//! catalog, and the only configured text, a lesson link, has been checked to be a
//! plain http(s) URL (see [`crate::settings::check_link`]).

use crate::catalog::{Catalog, ConceptId};

/// `Decorator · Intermediate 4.1 Function Decorators`: a message that stands on its
/// own in editors that show nothing else. Placements on inactive roadmaps are left out.
pub fn message(catalog: &Catalog, concept: ConceptId, roadmaps: &[usize]) -> String {
    let entry = catalog.concept(concept);
    let mut message = entry.title.clone();
    for placement in entry
        .placements
        .iter()
        .filter(|placement| roadmaps.contains(&placement.roadmap))
    {
        message.push_str(" · ");
        message.push_str(&catalog.placement_short(*placement));
    }
    message
}

/// The lesson as markdown: title, place on each roadmap, explanation, example,
/// pitfall, what comes next and the link.
pub fn lesson_markdown(
    catalog: &Catalog,
    concept: ConceptId,
    roadmaps: &[usize],
    link: &str,
) -> String {
    let entry = catalog.concept(concept);
    let lesson = &entry.lesson;
    let mut out = format!("### {} · `{}`\n\n", entry.title, entry.id);
    for placement in entry
        .placements
        .iter()
        .filter(|placement| roadmaps.contains(&placement.roadmap))
    {
        out.push_str(&format!("*{}*  \n", catalog.placement_path(*placement)));
    }
    out.push('\n');
    out.push_str(&lesson.summary);
    out.push_str("\n\n");
    out.push_str(&format!("**Why:** {}\n\n", lesson.why));
    out.push_str("```python\n");
    out.push_str(lesson.example.trim_end());
    out.push_str("\n```\n\n");
    if let Some(pitfall) = &lesson.pitfall {
        out.push_str(&format!("**Pitfall:** {pitfall}\n\n"));
    }
    let next: Vec<String> = lesson
        .next
        .iter()
        .filter_map(|id| catalog.lookup(id))
        .map(|next| {
            format!(
                "{} (`{}`)",
                catalog.concept(next).title,
                catalog.concept(next).id
            )
        })
        .collect();
    if !next.is_empty() {
        out.push_str(&format!("**Next:** {}\n\n", next.join(", ")));
    }
    out.push_str(&format!("[Open the lesson]({link})\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_placement_on_each_active_roadmap() {
        let catalog = Catalog::builtin();
        let decorator = catalog.lookup("decorator").unwrap();
        assert_eq!(
            message(catalog, decorator, &[0, 1]),
            "Decorator · Intermediate 4.1 Function Decorators"
        );
        let lambda = catalog.lookup("lambda").unwrap();
        assert_eq!(
            message(catalog, lambda, &[0, 1]),
            "Lambda · Intermediate 5.1 Lambda Functions · Expert 2.2 Functional Programming Basics"
        );
        assert_eq!(
            message(catalog, lambda, &[1]),
            "Lambda · Expert 2.2 Functional Programming Basics"
        );
    }

    #[test]
    fn the_lesson_has_every_part() {
        let catalog = Catalog::builtin();
        let decorator = catalog.lookup("decorator").unwrap();
        let link = "https://course.example/decorator";
        let markdown = lesson_markdown(catalog, decorator, &[0, 1], link);
        assert!(markdown.starts_with("### Decorator · `decorator`\n"));
        assert!(
            markdown.contains("Intermediate › 4. Decorators and Generators › Function Decorators")
        );
        assert!(markdown.contains("```python\n"));
        assert!(markdown.contains("**Why:**"));
        assert!(markdown.contains("[Open the lesson](https://course.example/decorator)"));
    }
}
