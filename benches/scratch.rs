#[path = "support/corpus.rs"]
mod corpus;
use roadmap_ls::analysis::{parse, Engine, StatementCache};
use roadmap_ls::position::LineIndex;
use std::time::Instant;
fn main() {
    let text = corpus::big_file(20_000);
    let e = Engine::builtin();
    let mut tree = parse::parse(&text, None);
    let mut cache = StatementCache::default();
    e.analyze_with_cache(&tree, &text, &LineIndex::new(&text), &mut cache);
    let mut current = text.clone();
    let (mut tp, mut ta, mut tl) = (vec![], vec![], vec![]);
    for (edit, after) in corpus::edit_sequence(&text, 300) {
        let t = Instant::now();
        let lines_old = LineIndex::new(&current);
        let start = lines_old.offset(
            &current,
            roadmap_ls::position::LineColumn {
                line: edit.line,
                character: edit.character,
            },
            roadmap_ls::position::Encoding::Utf16,
        );
        let (old_end, new_end) = match edit.insert {
            Some(_) => (start, start + 1),
            None => (start + 1, start),
        };
        parse::edit_tree(&mut tree, &current, &after, start, old_end, new_end);
        let lines = LineIndex::new(&after);
        tl.push(t.elapsed());
        let t = Instant::now();
        tree = parse::parse(&after, Some(&tree));
        tp.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(e.analyze_with_cache(&tree, &after, &lines, &mut cache));
        ta.push(t.elapsed());
        current = after;
    }
    for (n, mut v) in [("edit+lines", tl), ("reparse", tp), ("analyze", ta)] {
        v.sort();
        println!(
            "{n}: p50 {:?} p99 {:?}",
            v[v.len() / 2],
            v[v.len() * 99 / 100]
        );
    }
}
