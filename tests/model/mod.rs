//! The client's side of the text, written independently of `src/position.rs`: what
//! an editor holds and how it turns its edits into LSP positions. The edit tests
//! apply every edit here and to the server, then compare.

#![allow(dead_code)]

use roadmap_ls::position::Encoding;

/// Units of one character in an encoding.
pub fn units(ch: char, encoding: Encoding) -> u32 {
    match encoding {
        Encoding::Utf8 => ch.len_utf8() as u32,
        Encoding::Utf16 => ch.len_utf16() as u32,
        Encoding::Utf32 => 1,
    }
}

/// The byte offset of the start of each line, and where its content ends (before
/// its `\n`, `\r\n` or lone `\r`).
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, text.len()));
    lines
}

/// Whether a client can name `offset` with a position: a character boundary that is
/// not between the `\r` and `\n` of a CRLF.
pub fn addressable(text: &str, offset: usize) -> bool {
    text.is_char_boundary(offset)
        && !(offset > 0
            && text.as_bytes()[offset - 1] == b'\r'
            && text.as_bytes().get(offset) == Some(&b'\n'))
}

/// The position of an addressable offset.
pub fn position(text: &str, offset: usize, encoding: Encoding) -> (u32, u32) {
    let lines = lines(text);
    let line = lines
        .iter()
        .rposition(|&(start, _)| start <= offset)
        .unwrap();
    let start = lines[line].0;
    let character = text[start..offset]
        .chars()
        .map(|ch| units(ch, encoding))
        .sum();
    (line as u32, character)
}

/// The offset a position means, clamped as `src/position.rs` documents: past the end
/// of a line is its end, past the last line is the end of the text, inside a
/// character is that character's start.
pub fn offset(text: &str, (line, character): (u32, u32), encoding: Encoding) -> usize {
    let lines = lines(text);
    let Some(&(start, end)) = lines.get(line as usize) else {
        return text.len();
    };
    let mut counted = 0;
    for (index, ch) in text[start..end].char_indices() {
        if counted + units(ch, encoding) > character {
            return start + index;
        }
        counted += units(ch, encoding);
    }
    end
}

/// Replaces `start..end` (byte offsets) with `new`.
pub fn apply(text: &str, start: usize, end: usize, new: &str) -> String {
    let end = end.max(start);
    format!("{}{}{}", &text[..start], new, &text[end..])
}

/// The largest offset at or before `offset` that a client can name.
pub fn floor_addressable(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !addressable(text, offset) {
        offset -= 1;
    }
    offset
}
