//! The command line, run as the real binary.

use std::fs;
use std::process::{Command, Output};

use serde_json::Value;

fn roadmap_ls(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roadmap-ls"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const SAMPLE: &str = "\
from collections import deque


@dataclass
class Queue:
    items: list = None

    def push(self, item):
        self.items = self.items or deque([item])  # roadmap: ignore[list]
";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("pkg/build")).unwrap();
    fs::write(dir.path().join("pkg/queue.py"), SAMPLE).unwrap();
    fs::write(dir.path().join("pkg/one.py"), "double = lambda n: n * 2\n").unwrap();
    fs::write(dir.path().join("pkg/notes.txt"), "lambda: 1\n").unwrap();
    fs::write(dir.path().join("pkg/build/generated.py"), "x = [1]\n").unwrap();
    fs::write(dir.path().join("pkg/.gitignore"), "build/\n").unwrap();
    // `ignore` honours .gitignore files inside a git repository.
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

#[test]
fn check_lists_every_occurrence_as_text() {
    let dir = project();
    let output = roadmap_ls(&["check", "pkg"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn check_writes_one_json_object_per_file() {
    let dir = project();
    let output = roadmap_ls(&["check", "--format", "json", "pkg"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let files: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let paths: Vec<&str> = files
        .iter()
        .map(|file| file["path"].as_str().unwrap())
        .collect();
    // Folders are walked for *.py only, respecting .gitignore, in a stable order.
    assert_eq!(paths, ["pkg/one.py", "pkg/queue.py"]);
    let lambda = &files[0]["occurrences"][0];
    assert_eq!(lambda["concept"], "lambda");
    assert_eq!(
        lambda["start"],
        serde_json::json!({"line": 0, "character": 9})
    );
    assert_eq!(
        lambda["end"],
        serde_json::json!({"line": 0, "character": 24})
    );
    insta::assert_json_snapshot!(files[1]);
}

#[test]
fn check_can_keep_to_one_roadmap() {
    let dir = project();
    let output = roadmap_ls(
        &["check", "--roadmap", "intermediate", "pkg/queue.py"],
        dir.path(),
    );
    let text = stdout(&output);
    assert!(
        text.contains("deque  Deque · Intermediate 2.3 Queues and Stacks\n"),
        "{text}"
    );
    assert!(!text.contains("Expert"), "{text}");
    assert!(
        !text.contains(": import "),
        "import is only on the expert roadmap: {text}"
    );

    let output = roadmap_ls(&["check", "--roadmap", "beginner", "pkg"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown roadmap `beginner` (known: intermediate, expert)"));
}

#[test]
fn a_bad_file_is_named_on_stderr_and_the_others_are_still_checked() {
    let dir = project();
    fs::write(
        dir.path().join("pkg/latin1.py"),
        b"name = 'caf\xe9'\nf = lambda: 1\n",
    )
    .unwrap();
    let output = roadmap_ls(&["check", "pkg", "missing.py"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(errors.contains("pkg/latin1.py: is not UTF-8"), "{errors}");
    assert!(
        errors.contains("missing.py: no such file or folder"),
        "{errors}"
    );
    assert_eq!(errors.lines().count(), 2, "{errors}");
    assert!(stdout(&output).contains("pkg/one.py:1:10: lambda"));
}

#[test]
fn concepts_lists_the_whole_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let output = roadmap_ls(&["concepts", "--format", "json"], dir.path());
    assert!(output.status.success());
    let concepts: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(concepts.len(), 99);
    let decorator = concepts
        .iter()
        .find(|concept| concept["id"] == "decorator")
        .unwrap();
    assert_eq!(
        decorator["placements"][0]["path"],
        "Intermediate › 4. Decorators and Generators › Function Decorators"
    );
    assert!(decorator["lesson"]
        .as_str()
        .unwrap()
        .starts_with("https://"));

    let text = stdout(&roadmap_ls(&["concepts"], dir.path()));
    assert_eq!(text.lines().count(), 99);
}

#[test]
fn lesson_prints_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let output = roadmap_ls(&["lesson", "generator-function"], dir.path());
    assert!(output.status.success());
    insta::assert_snapshot!(stdout(&output));

    let output = roadmap_ls(&["lesson", "generator"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown concept id `generator`"));
}
