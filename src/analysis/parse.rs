//! Parsing with tree-sitter-python, whole or incremental.

use std::cell::RefCell;

use tree_sitter::{InputEdit, Parser, Point, Tree};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .expect("tree-sitter-python matches the tree-sitter version");
    parser
}

/// Parses `text`, reusing the unchanged parts of `old` (already edited with
/// [`edit_tree`]) when given. Never fails: broken Python gives a tree with errors.
///
/// The result is always the tree a fresh parse gives. An incremental parse of text with
/// syntax errors can recover from them differently (a `'''` typed at the end of a file
/// does not re-lex an unterminated `'''` before it), so such a tree is parsed afresh;
/// text without errors keeps the incremental speed.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        let fresh = |parser: &mut Parser| {
            parser.reset();
            parser
                .parse(text, None)
                .expect("a parser without a timeout always returns a tree")
        };
        match parser.parse(text, old) {
            Some(tree) if old.is_some() && tree.root_node().has_error() => fresh(&mut parser),
            Some(tree) => tree,
            // Only a cancelled or timed-out parse returns nothing, and this parser has
            // neither; parse again from scratch to be certain of a tree.
            None => fresh(&mut parser),
        }
    })
}

/// The tree-sitter point of a byte offset: row and byte column.
pub fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset];
    let row = memchr::memchr_iter(b'\n', before).count();
    let column = offset - memchr::memrchr(b'\n', before).map_or(0, |newline| newline + 1);
    Point { row, column }
}

/// Tells `tree` that the bytes `start..old_end` of `old_text` were replaced, making
/// `new_text`, whose replaced part ends at `new_end`.
pub fn edit_tree(
    tree: &mut Tree,
    old_text: &str,
    new_text: &str,
    start: usize,
    old_end: usize,
    new_end: usize,
) {
    tree.edit(&InputEdit {
        start_byte: start,
        old_end_byte: old_end,
        new_end_byte: new_end,
        start_position: point_at(old_text, start),
        old_end_position: point_at(old_text, old_end),
        new_end_position: point_at(new_text, new_end),
    });
}
