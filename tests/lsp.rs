//! The language server, driven in process like an editor would drive it: each test
//! is one story of a learner (or a teacher) using it.

mod support;

use serde_json::{json, Value};
use support::{codes, find, range, Editor, URI};

const LESSON: &str = "\
import functools


def shout(func):
    @functools.wraps(func)
    def wrapper(*args):
        return func(*args).upper()
    return wrapper


@shout
def greet(name):
    return f\"hello {name}\"


squares = [n * n for n in range(10)]
by_length = sorted(['bb', 'a'], key=lambda word: len(word))
";

#[tokio::test]
async fn a_learner_opens_a_file_and_sees_what_it_uses() {
    let mut editor = Editor::start();
    let result = editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    assert_eq!(result["serverInfo"]["name"], "roadmap-ls");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        result["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(result["capabilities"]["hoverProvider"], true);
    assert_eq!(
        result["capabilities"]["executeCommandProvider"]["commands"],
        json!(["roadmap.openLesson"])
    );
    assert!(result["capabilities"]["diagnosticProvider"].is_object());

    editor.open(URI, LESSON).await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    let found = codes(&diagnostics);
    for expected in [
        "import",
        "function-def",
        "decorator",
        "decorator-definition",
        "closure",
        "f-string",
        "list-comprehension",
        "lambda",
        "higher-order-function",
    ] {
        assert!(
            found.contains(&expected.to_string()),
            "{expected} missing from {found:?}"
        );
    }
    // By default only the first occurrence of each concept is shown.
    assert_eq!(found.iter().filter(|code| *code == "decorator").count(), 1);

    let decorator = find(&diagnostics, "decorator");
    assert_eq!(decorator["severity"], 4, "hint by default");
    assert_eq!(decorator["source"], "roadmap");
    assert_eq!(
        decorator["message"],
        "Decorator · Intermediate 4.1 Function Decorators"
    );
    assert!(decorator["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    // The smallest node that shows it: `@functools.wraps(func)`, not the function.
    assert_eq!(range(decorator), [4, 4, 4, 26]);
    // A definition is reported by its header line only.
    assert_eq!(range(find(&diagnostics, "function-def")), [3, 0, 3, 16]);
    assert_eq!(
        range(find(&diagnostics, "decorator-definition")),
        [5, 4, 5, 23]
    );
}

#[tokio::test]
async fn hovering_a_decorator_explains_it_and_links_the_lesson() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    editor.open(URI, LESSON).await;

    let hover = editor.hover(URI, 10, 2).await;
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(
        markdown.starts_with("### Decorator · `decorator`"),
        "{markdown}"
    );
    assert!(markdown.contains("Intermediate › 4. Decorators and Generators › Function Decorators"));
    assert!(markdown.contains("```python\n"));
    assert!(markdown.contains("[Open the lesson](https://"));
    assert_eq!(range(&hover), [10, 0, 10, 6]);

    // A hover works on every occurrence, not only the first one that has a diagnostic.
    let second = editor.hover(URI, 4, 6).await;
    assert!(second["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("### Decorator"));

    // Nothing where no concept is, so the user's main Python server hovers alone.
    assert_eq!(editor.hover(URI, 1, 0).await, Value::Null);
    assert_eq!(
        editor.hover(URI, 6, 40).await,
        Value::Null,
        "past the end of the line"
    );
    assert_eq!(editor.hover("file:///not/open.py", 0, 0).await, Value::Null);
}

/// An edit after a character that takes two UTF-16 units (and four UTF-8 bytes).
async fn edit_after_an_emoji(encodings: &[&str], column_after_emoji: u32) -> Vec<Value> {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pushing_client(encodings), Value::Null)
        .await;
    editor.open(URI, "s = \"😀\"\n").await;
    editor.published(URI, 1).await;
    // Append `; t = [1]` right after the closing quote.
    editor
        .edit(
            URI,
            2,
            (0, column_after_emoji),
            (0, column_after_emoji),
            "; t = [1]",
        )
        .await;
    editor.published(URI, 2).await
}

#[tokio::test]
async fn edits_after_a_multibyte_character_land_where_a_utf16_client_means() {
    // `s = "😀"`: the emoji is 2 UTF-16 units, so the closing quote ends at column 8
    // and `[1]` of `s = "😀"; t = [1]` starts at 14.
    let diagnostics = edit_after_an_emoji(&["utf-16"], 8).await;
    assert_eq!(range(find(&diagnostics, "list")), [0, 14, 0, 17]);
}

#[tokio::test]
async fn edits_after_a_multibyte_character_land_where_a_utf8_client_means() {
    // The same text counted in UTF-8 bytes: the emoji is 4 bytes, the quote ends at 10.
    let diagnostics = edit_after_an_emoji(&["utf-8", "utf-16"], 10).await;
    assert_eq!(range(find(&diagnostics, "list")), [0, 16, 0, 19]);
}

#[tokio::test]
async fn the_position_encoding_is_negotiated() {
    for (offered, chosen) in [
        (json!(["utf-16", "utf-8"]), "utf-8"),
        (json!(["utf-16"]), "utf-16"),
        (json!(["utf-32"]), "utf-32"),
        (json!(null), "utf-16"),
    ] {
        let mut editor = Editor::start();
        let result = editor
            .initialize(
                json!({ "general": { "positionEncodings": offered } }),
                Value::Null,
            )
            .await;
        assert_eq!(
            result["capabilities"]["positionEncoding"], chosen,
            "offered {offered}"
        );
    }
}

#[tokio::test]
async fn a_client_that_cannot_pull_gets_diagnostics_pushed_with_their_version() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pushing_client(&["utf-16"]), Value::Null)
        .await;
    editor.open(URI, "x = 1\n").await;
    assert!(editor.published(URI, 1).await.is_empty());

    editor.edit(URI, 2, (0, 4), (0, 5), "lambda: 1").await;
    let diagnostics = editor.published(URI, 2).await;
    assert_eq!(codes(&diagnostics), ["lambda"]);

    // A stale version (not newer than what the server has) is dropped.
    editor.edit(URI, 2, (0, 0), (0, 0), "[]\n").await;
    editor.edit(URI, 3, (0, 0), (0, 0), "import os\n").await;
    let diagnostics = editor.published(URI, 3).await;
    assert_eq!(codes(&diagnostics), ["import", "os-sys", "lambda"]);
    assert_eq!(range(find(&diagnostics, "lambda")), [1, 4, 1, 13]);

    // Closing a document clears what was pushed for it.
    editor
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    loop {
        let sent = editor.next("textDocument/publishDiagnostics").await;
        if sent.params["uri"] == URI && sent.params["diagnostics"] == json!([]) {
            break;
        }
    }
}

#[tokio::test]
async fn code_actions_open_the_lesson_or_ignore_the_concept_on_that_line() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    editor.open(URI, "double = lambda n: n * 2\n").await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    let lambda = find(&diagnostics, "lambda").clone();

    let actions = editor
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": lambda["range"], "context": { "diagnostics": [lambda] } }),
        )
        .await
        .unwrap();
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 2);
    assert_eq!(actions[0]["title"], "Open the lesson: Lambda");
    assert_eq!(actions[1]["title"], "Ignore `lambda` on this line");

    // Opening the lesson asks the editor to show the link in a browser.
    let command = &actions[0]["command"];
    let link = editor
        .request(
            "workspace/executeCommand",
            json!({ "command": command["command"], "arguments": command["arguments"] }),
        )
        .await
        .unwrap();
    let shown = editor.next("window/showDocument").await;
    assert_eq!(shown.params["uri"], link);
    assert_eq!(shown.params["external"], true);

    // Ignoring inserts the suppression comment at the end of the line.
    let edit = &actions[1]["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "  # roadmap: ignore[lambda]");
    assert_eq!(range(edit), [0, 24, 0, 24]);
    editor
        .edit(URI, 2, (0, 24), (0, 24), edit["newText"].as_str().unwrap())
        .await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    assert!(!codes(&diagnostics).contains(&"lambda".to_string()));

    // The lesson of the concept under a cursor, as the editors' "open lesson" commands ask.
    let link = editor
        .request(
            "workspace/executeCommand",
            json!({ "command": "roadmap.openLesson", "arguments": [{ "uri": URI, "position": { "line": 0, "character": 10 } }] }),
        )
        .await
        .unwrap();
    assert!(link.as_str().unwrap().starts_with("https://"));
    let unknown = editor
        .request(
            "workspace/executeCommand",
            json!({ "command": "roadmap.openLesson", "arguments": ["nope"] }),
        )
        .await;
    assert!(unknown.is_err());
}

#[tokio::test]
async fn settings_change_without_a_restart() {
    let mut editor = Editor::start();
    editor
        .initialize(
            Editor::pulling_client(),
            json!({ "severity": "information" }),
        )
        .await;
    editor
        .open(URI, "a = lambda: 1\nb = lambda: 2\nc = [x for x in a()]\n")
        .await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    assert_eq!(
        find(&diagnostics, "lambda")["severity"],
        3,
        "from initializationOptions"
    );
    assert_eq!(
        codes(&diagnostics)
            .iter()
            .filter(|code| *code == "lambda")
            .count(),
        1
    );

    // Settings pushed in didChangeConfiguration, under the `roadmap` section.
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "roadmap": { "severity": "warning", "occurrences": "all", "disabledConcepts": ["list-comprehension"] } } }),
        )
        .await;
    editor.next("workspace/diagnostic/refresh").await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    assert_eq!(
        codes(&diagnostics)
            .iter()
            .filter(|code| *code == "lambda")
            .count(),
        2
    );
    assert!(!codes(&diagnostics).contains(&"list-comprehension".to_string()));
    assert!(diagnostics
        .iter()
        .all(|diagnostic| diagnostic["severity"] == 2));

    // An empty notification makes the server pull `workspace/configuration`.
    *editor.settings.lock().unwrap() =
        json!({ "roadmaps": ["expert"], "minimumStage": { "expert": 2 } });
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": null }),
        )
        .await;
    editor.next("workspace/configuration").await;
    editor.next("workspace/diagnostic/refresh").await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    // `lambda` is expert 2.2; `list-comprehension` (expert 1.2) is below the minimum stage.
    assert_eq!(codes(&diagnostics), ["lambda"]);
    assert_eq!(
        find(&diagnostics, "lambda")["message"],
        "Lambda · Expert 2.2 Functional Programming Basics"
    );

    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "roadmap": { "severity": "off" } } }),
        )
        .await;
    assert!(editor.pull_diagnostics(URI).await.is_empty());
    assert_ne!(
        editor.hover(URI, 0, 5).await,
        Value::Null,
        "hover still works with diagnostics off"
    );
}

#[tokio::test]
async fn push_clients_get_diagnostics_again_after_a_settings_change() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pushing_client(&["utf-16"]), Value::Null)
        .await;
    editor.open(URI, "f = lambda: 1\n").await;
    assert_eq!(editor.published(URI, 1).await[0]["severity"], 4);
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "roadmap": { "severity": "error" } } }),
        )
        .await;
    assert_eq!(editor.published(URI, 1).await[0]["severity"], 1);
}

#[tokio::test]
async fn bad_settings_are_reported_once_and_their_defaults_kept() {
    let mut editor = Editor::start();
    let options = json!({ "severity": "loud", "colour": "blue", "lessonUrlTemplate": "command:workbench.action.quit" });
    editor
        .initialize(Editor::pulling_client(), options.clone())
        .await;
    let message = editor.next("window/showMessage").await;
    let text = message.params["message"].as_str().unwrap();
    assert!(
        text.contains("severity") && text.contains("colour") && text.contains("lessonUrlTemplate"),
        "{text}"
    );

    editor.open(URI, "f = lambda: 1\n").await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    let lambda = find(&diagnostics, "lambda");
    assert_eq!(lambda["severity"], 4);
    assert!(lambda["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .starts_with("https://docs.python.org/"));

    // The same problem again is not shown a second time.
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "roadmap": options } }),
        )
        .await;
    editor.next("workspace/diagnostic/refresh").await;
    assert!(!editor
        .drain()
        .iter()
        .any(|sent| sent.method == "window/showMessage" && sent.params != message.params));
    let shown = editor
        .log
        .iter()
        .filter(|sent| sent.method == "window/showMessage")
        .count();
    assert_eq!(shown, 1);
}

#[tokio::test]
async fn a_teacher_points_lessons_at_their_course() {
    let mut editor = Editor::start();
    editor
        .initialize(
            Editor::pulling_client(),
            json!({ "lessonUrlTemplate": "https://course.example/python/{id}" }),
        )
        .await;
    editor.open(URI, "f = lambda: 1\n").await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    assert_eq!(
        find(&diagnostics, "lambda")["codeDescription"]["href"],
        "https://course.example/python/lambda"
    );
    let hover = editor.hover(URI, 0, 5).await;
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("(https://course.example/python/lambda)"));
}

#[tokio::test]
async fn suppression_comments_hide_what_the_learner_already_knows() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), json!({ "occurrences": "all" }))
        .await;
    let text = "\
a = lambda: 1  # roadmap: ignore
b = [lambda: 2]  # roadmap: ignore[lambda]
c = lambda: 3
";
    editor.open(URI, text).await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    let lines: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), range(d)[0]))
        .collect();
    assert_eq!(lines, [("list".to_string(), 1), ("lambda".to_string(), 2)]);

    editor
        .edit(URI, 2, (0, 0), (0, 0), "# roadmap: off\n")
        .await;
    assert!(editor.pull_diagnostics(URI).await.is_empty());
}

#[tokio::test]
async fn code_with_syntax_errors_still_shows_its_clean_constructs() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    let text = "\
import json

def broken(:
    return

class Point:
    pass

values = {1, 2
";
    editor.open(URI, text).await;
    let diagnostics = editor.pull_diagnostics(URI).await;
    let found = codes(&diagnostics);
    assert!(found.contains(&"import".to_string()), "{found:?}");
    assert!(found.contains(&"class".to_string()), "{found:?}");
    assert!(
        !found.contains(&"function-def".to_string()),
        "the broken header is not reported: {found:?}"
    );
}

#[tokio::test]
async fn a_file_above_the_size_limit_is_not_analysed_and_the_user_is_told() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), json!({ "maxFileSize": 100 }))
        .await;
    let big = "x = [1]\n".repeat(20);
    editor.open(URI, &big).await;
    let message = editor.next("window/showMessage").await;
    assert_eq!(message.params["type"], 3, "informational");
    assert!(message.params["message"]
        .as_str()
        .unwrap()
        .contains("maxFileSize"));
    assert!(editor.pull_diagnostics(URI).await.is_empty());

    // Raising the limit analyses it at once.
    editor
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "roadmap": { "maxFileSize": 1000000 } } }),
        )
        .await;
    assert_eq!(codes(&editor.pull_diagnostics(URI).await), ["list"]);
}

#[tokio::test]
async fn requests_for_documents_never_opened_are_answered_quietly() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    let missing = "file:///nowhere.py";
    assert!(editor.pull_diagnostics(missing).await.is_empty());
    assert_eq!(editor.hover(missing, 3, 3).await, Value::Null);
    editor.edit(missing, 2, (0, 0), (0, 0), "x").await;
    editor
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": missing } }),
        )
        .await;
    editor.open(URI, "f = lambda: 1\n").await;
    assert_eq!(codes(&editor.pull_diagnostics(URI).await), ["lambda"]);
}

/// An editor that sends the result id of the diagnostics it shows is told when they
/// are still the same, and gets the new ones as soon as they differ.
#[tokio::test]
async fn an_editor_that_remembers_its_diagnostics_is_told_when_they_are_unchanged() {
    let mut editor = Editor::start();
    editor
        .initialize(Editor::pulling_client(), Value::Null)
        .await;
    editor.open(URI, "import os\nvalue = os.sep\n").await;
    let pull = |previous: Option<String>| json!({ "textDocument": { "uri": URI }, "previousResultId": previous });
    let first = editor
        .request("textDocument/diagnostic", pull(None))
        .await
        .unwrap();
    assert_eq!(first["kind"], "full");
    let id = first["resultId"].as_str().expect("a result id").to_string();

    // A keystroke that changes no diagnostic: unchanged, under the same id.
    editor.edit(URI, 2, (1, 5), (1, 5), "s").await;
    let second = editor
        .request("textDocument/diagnostic", pull(Some(id.clone())))
        .await
        .unwrap();
    assert_eq!(second, json!({ "kind": "unchanged", "resultId": id }));

    // One that adds a concept: the full list, under a new id.
    editor
        .edit(
            URI,
            3,
            (2, 0),
            (2, 0),
            "squares = [n * n for n in range(3)]\n",
        )
        .await;
    let third = editor
        .request("textDocument/diagnostic", pull(Some(id.clone())))
        .await
        .unwrap();
    assert_eq!(third["kind"], "full");
    assert_ne!(third["resultId"], json!(id));
    assert!(codes(third["items"].as_array().unwrap()).contains(&"list-comprehension".to_string()));
}
