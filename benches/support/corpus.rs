//! Shared by the benchmarks and the incremental-analysis test: the CPython standard
//! library as a corpus, the 20,000-line file built from it, and the edit sequence.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The machine's CPython standard library folder.
pub fn stdlib() -> PathBuf {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 runs");
    PathBuf::from(
        String::from_utf8(output.stdout)
            .expect("a UTF-8 path")
            .trim(),
    )
}

/// Every UTF-8 `*.py` file of the standard library, `site-packages` left out, sorted.
pub fn stdlib_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    collect(&stdlib(), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| std::fs::read_to_string(&path).ok().map(|text| (path, text)))
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "site-packages") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|ext| ext == "py") {
            out.push(path);
        }
    }
}

/// A deterministic Python file of exactly `lines` lines, made of standard-library
/// modules in sorted order.
pub fn big_file(lines: usize) -> String {
    let mut text = String::new();
    let mut count = 0;
    for (_, module) in stdlib_files()
        .iter()
        .filter(|(path, _)| !path.to_string_lossy().contains("/test"))
    {
        for line in module.lines() {
            if count == lines {
                return text;
            }
            text.push_str(line);
            text.push('\n');
            count += 1;
        }
    }
    text
}

/// One single-character edit, in UTF-16 positions of the text it applies to.
#[derive(Clone, Debug)]
pub struct Edit {
    pub line: u32,
    pub character: u32,
    /// `Some(c)` inserts `c`; `None` deletes the character at the position.
    pub insert: Option<char>,
}

/// A small deterministic generator (SplitMix64), so every run edits the same places.
pub struct Random(u64);

impl Random {
    pub fn new(seed: u64) -> Random {
        Random(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// `count` single-character edits of `text`, applied in order, as a person types:
/// at varied places (a random line, inside and outside functions), one to three
/// characters typed into a name and then deleted again with backspace, and, one
/// character at a time, an `import heapq` typed on a new line at the top and later
/// backspaced away (of those 26 keystrokes, `import` and `import ` on the way in and
/// on the way out leave a syntax error).
/// Returns each edit with the text after it.
///
/// Names only are typed into (never a keyword), so the file stays valid Python
/// between keystrokes as it mostly does for a real typist; random punctuation would
/// leave ever more unbalanced brackets and quotes, whose error recovery makes
/// tree-sitter's own parse, not the analysis, the cost being measured.
pub fn edit_sequence(text: &str, count: usize) -> Vec<(Edit, String)> {
    let mut random = Random::new(0x5EED);
    let mut current = text.to_string();
    let mut sequence = Vec::with_capacity(count);
    let typed_import = "import heapq\n";
    let (mut import_typed, mut import_deleted) = (false, false);
    // The edits still to make, popped from the end.
    let mut queue: Vec<Edit> = Vec::new();
    while sequence.len() < count {
        if queue.is_empty() {
            if !import_typed && sequence.len() >= count / 4 {
                import_typed = true;
                // Typed at the top as a person adds an import: Enter opens a line
                // there, then the import is typed into it.
                let name = typed_import.trim_end();
                for (index, ch) in name.char_indices().rev() {
                    queue.push(Edit {
                        line: 0,
                        character: index as u32,
                        insert: Some(ch),
                    });
                }
                queue.push(Edit {
                    line: 0,
                    character: 0,
                    insert: Some('\n'),
                });
            } else if import_typed && !import_deleted && sequence.len() >= count / 2 {
                import_deleted = true;
                // Backspaced away from its end, then the empty line joined back.
                let name = typed_import.trim_end();
                queue.push(Edit {
                    line: 0,
                    character: 0,
                    insert: None,
                });
                for index in 0..name.len() {
                    queue.push(Edit {
                        line: 0,
                        character: index as u32,
                        insert: None,
                    });
                }
            } else {
                // Type one to three characters into a name, then backspace over them.
                let (line, character) = place_in_a_name(&current, &mut random);
                let typed = 1 + random.below(3) as u32;
                for offset in 0..typed {
                    queue.push(Edit {
                        line,
                        character: character + offset,
                        insert: None,
                    });
                }
                for offset in (0..typed).rev() {
                    queue.push(Edit {
                        line,
                        character: character + offset,
                        insert: Some('x'),
                    });
                }
            }
        }
        let edit = queue.pop().expect("the queue was just filled");
        current = apply(&current, &edit);
        sequence.push((edit, current.clone()));
    }
    sequence
}

/// A place inside a name (not a keyword) on a random line, as a UTF-16 position.
fn place_in_a_name(text: &str, random: &mut Random) -> (u32, u32) {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield", "match", "case", "print", "exec",
    ];
    let lines: Vec<&str> = text.split('\n').collect();
    loop {
        let line = random.below(lines.len().max(1));
        let content = lines[line];
        if content.trim_start().starts_with('#')
            || content.contains('"')
            || content.contains('\'')
            || !content.is_ascii()
        {
            continue;
        }
        let words: Vec<(usize, &str)> = content
            .match_indices(|c: char| c.is_ascii_alphabetic() || c == '_')
            .map(|(at, _)| at)
            .filter(|&at| {
                at == 0
                    || !content.as_bytes()[at - 1].is_ascii_alphanumeric()
                        && content.as_bytes()[at - 1] != b'_'
            })
            .map(|at| {
                let end = content[at..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(content.len(), |e| at + e);
                (at, &content[at..end])
            })
            .filter(|(_, word)| word.len() >= 2 && !KEYWORDS.contains(word))
            .collect();
        if words.is_empty() {
            continue;
        }
        let (at, word) = words[random.below(words.len())];
        return (line as u32, (at + 1 + random.below(word.len() - 1)) as u32);
    }
}

/// Applies an edit with the protocol's rules (UTF-16 positions; a deletion at the end
/// of a line joins it with the next).
pub fn apply(text: &str, edit: &Edit) -> String {
    let start = offset(text, edit.line, edit.character);
    match edit.insert {
        Some(ch) => {
            let mut out = String::with_capacity(text.len() + 4);
            out.push_str(&text[..start]);
            out.push(ch);
            out.push_str(&text[start..]);
            out
        }
        None => {
            let end = text[start..]
                .chars()
                .next()
                .map_or(start, |ch| start + ch.len_utf8());
            format!("{}{}", &text[..start], &text[end..])
        }
    }
}

/// The end position (UTF-16) of the character an edit deletes.
pub fn delete_end(text: &str, edit: &Edit) -> (u32, u32) {
    let start = offset(text, edit.line, edit.character);
    match text[start..].chars().next() {
        Some('\n') => (edit.line + 1, 0),
        Some(ch) => (edit.line, edit.character + ch.len_utf16() as u32),
        None => (edit.line, edit.character),
    }
}

fn offset(text: &str, line: u32, character: u32) -> usize {
    let mut at = 0;
    for _ in 0..line {
        match text[at..].find('\n') {
            Some(newline) => at += newline + 1,
            None => return text.len(),
        }
    }
    let mut units = 0;
    for (index, ch) in text[at..].char_indices() {
        if units >= character || ch == '\n' {
            return at + index;
        }
        units += ch.len_utf16() as u32;
    }
    text.len()
}
