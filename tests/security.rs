//! Lesson links and hover markdown cannot be used to run anything: links from the
//! configuration are plain http(s) URLs or refused, and hover markdown comes from the
//! catalog only, whatever the document contains.

mod support;

use serde_json::{json, Value};
use support::Editor;

const URI: &str = "file:///project/lesson.py";
const PLAIN: &str = "@shout\ndef greet(name):\n    return name\n";
/// Code that looks like markdown and HTML, around a decorator.
const TRICKY: &str = "@shout  # <script>alert(1)</script> [x](command:workbench.action.quit)\n\
def greet(name):  # ](javascript:alert(1)) <img src=x onerror=alert(1)>\n    return \"</details><a href='file:///etc/passwd'>\"\n";

async fn hover_markdown(editor: &mut Editor, text: &str) -> String {
    editor.open(URI, text).await;
    let hover = editor.hover(URI, 0, 1).await;
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no hover: {hover}"))
        .to_string()
}

/// Every markdown link target in `markdown`.
fn link_targets(markdown: &str) -> Vec<&str> {
    markdown
        .split("](")
        .skip(1)
        .map(|rest| &rest[..rest.find(')').unwrap_or(rest.len())])
        .collect()
}

#[tokio::test]
async fn lesson_links_other_than_http_are_refused_and_the_default_kept() {
    let mut reference = Editor::start();
    reference
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    let default = hover_markdown(&mut reference, PLAIN).await;

    for bad in [
        "command:workbench.action.quit",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vscode://settings",
        "https://x.example/a) [b](command:x",
        " https://x.example/{id}",
    ] {
        for through_change in [false, true] {
            let mut editor = Editor::start();
            let options = if through_change {
                Value::Null
            } else {
                json!({ "lessonUrlTemplate": bad })
            };
            editor
                .initialize(Editor::pushing_client(&["utf-16"]), options)
                .await;
            if through_change {
                editor
                    .notify(
                        "workspace/didChangeConfiguration",
                        json!({ "settings": { "roadmap": { "lessonUrlTemplate": bad } } }),
                    )
                    .await;
            }
            let shown = editor.next("window/showMessage").await;
            let message = shown.params["message"].as_str().unwrap();
            assert_eq!(shown.params["type"], 2, "a warning");
            assert!(
                message.contains("lessonUrlTemplate")
                    && message.contains("the built-in lesson links are used"),
                "{message}"
            );
            assert_eq!(
                hover_markdown(&mut editor, PLAIN).await,
                default,
                "{bad}: the built-in link is kept"
            );
            let link = editor
                .request(
                    "workspace/executeCommand",
                    json!({ "command": "roadmap.openLesson", "arguments": ["decorator"] }),
                )
                .await
                .unwrap();
            assert!(link.as_str().unwrap().starts_with("https://"), "{link}");
        }
    }
}

#[tokio::test]
async fn an_http_template_is_used() {
    let mut editor = Editor::start();
    editor
        .initialize(
            Editor::pulling_client(),
            json!({ "lessonUrlTemplate": "https://course.example/py/{id}" }),
        )
        .await;
    let markdown = hover_markdown(&mut editor, PLAIN).await;
    assert_eq!(
        link_targets(&markdown),
        vec!["https://course.example/py/decorator"]
    );
}

#[tokio::test]
async fn hover_markdown_never_contains_the_documents_code() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    let plain = hover_markdown(&mut editor, PLAIN).await;
    let tricky = hover_markdown(&mut editor, TRICKY).await;
    assert_eq!(tricky, plain, "the hover depends on the concept only");
    for forbidden in [
        "<script",
        "<img",
        "<a ",
        "</details",
        "command:",
        "javascript:",
        "file:",
        "onerror",
    ] {
        assert!(!tricky.contains(forbidden), "{forbidden} in {tricky}");
    }
    for target in link_targets(&tricky) {
        assert!(
            target.starts_with("https://") || target.starts_with("http://"),
            "link {target}"
        );
    }
    // Outside code blocks, no raw HTML tag at all.
    let prose: String = tricky.split("```").step_by(2).collect();
    assert!(
        !prose
            .chars()
            .zip(prose.chars().skip(1))
            .any(|(a, b)| a == '<' && (b.is_ascii_alphabetic() || b == '/')),
        "{prose}"
    );
}
