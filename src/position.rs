//! Line index and position conversion: the one place that turns byte offsets into
//! (line, character) positions and back, in UTF-8, UTF-16 or UTF-32 code units.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol says.
//! Every conversion clamps: a position past the end of a line lands at the end of
//! that line, a line past the end of the text lands at the end of the text, and a
//! character inside a multi-byte character lands at the start of that character.

/// How the characters of a position are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

/// A zero-based line and character, counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    pub line: u32,
    pub character: u32,
}

/// The byte offset at which each line starts.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(0);
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // `\r\n` ends one line, at its `\n`.
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                continue;
            }
            line_starts.push(at + 1);
        }
        LineIndex { line_starts }
    }

    /// The index of `edited`, which is the text this index was made for with the
    /// bytes `start..end` replaced by `inserted` bytes: the line starts before the
    /// edit are kept, those after it moved, and only the inserted bytes scanned. It
    /// reuses the memory of `spare`, an index no longer needed.
    pub fn edited(
        &self,
        spare: LineIndex,
        edited: &str,
        start: usize,
        end: usize,
        inserted: usize,
    ) -> LineIndex {
        let bytes = edited.as_bytes();
        // Whether a line starts at `at` depends on the bytes at `at - 1` and `at`, so
        // the starts from `start` to just after the inserted bytes are found again;
        // before that and after it both bytes are unchanged.
        let scan_end = (start + inserted).min(bytes.len());
        let kept = self.line_starts.partition_point(|&at| at < start.max(1));
        let moved = self.line_starts.partition_point(|&at| at <= end);
        let delta = inserted as isize - (end - start) as isize;
        let mut line_starts = spare.line_starts;
        line_starts.clear();
        line_starts.reserve(self.line_starts.len() + inserted / 16 + 1);
        line_starts.extend_from_slice(&self.line_starts[..kept]);
        for at in start.max(1)..=scan_end {
            let previous = bytes[at - 1];
            if previous == b'\n' || previous == b'\r' && bytes.get(at) != Some(&b'\n') {
                line_starts.push(at);
            }
        }
        line_starts.extend(
            self.line_starts[moved..]
                .iter()
                .map(|&at| (at as isize + delta) as usize),
        );
        LineIndex { line_starts }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The zero-based line that contains `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        (self.line_starts.partition_point(|&start| start <= offset) - 1) as u32
    }

    /// The byte offset where `line` starts, clamped to the end of the text.
    pub fn line_start(&self, line: u32, text: &str) -> usize {
        self.line_starts
            .get(line as usize)
            .copied()
            .unwrap_or(text.len())
    }

    /// The byte offset where the content of `line` ends (before its line break).
    pub fn line_end(&self, line: u32, text: &str) -> usize {
        let next = self
            .line_starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let bytes = text.as_bytes();
        let mut end = next;
        if end > 0 && end <= bytes.len() && end != self.line_start(line, text) {
            if bytes[end - 1] == b'\n' {
                end -= 1;
                if end > 0 && bytes[end - 1] == b'\r' {
                    end -= 1;
                }
            } else if bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        end.max(self.line_start(line, text))
    }

    /// The position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> LineColumn {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize];
        LineColumn {
            line,
            character: count_units(&text[start..offset], encoding),
        }
    }

    /// The byte offset of a position, clamped as the module documentation says.
    pub fn offset(&self, text: &str, position: LineColumn, encoding: Encoding) -> usize {
        if position.line as usize >= self.line_starts.len() {
            return text.len();
        }
        let start = self.line_starts[position.line as usize];
        let end = self.line_end(position.line, text);
        let line = &text[start..end];
        let mut units = 0u32;
        for (index, ch) in line.char_indices() {
            if units >= position.character {
                return start + index;
            }
            let width = char_units(ch, encoding);
            if units + width > position.character {
                // The position falls inside this character: keep its start.
                return start + index;
            }
            units += width;
        }
        end
    }
}

/// Converts many offsets that come in increasing order without rescanning each line
/// from its start: a 2 MB single line with thousands of occurrences stays linear.
pub struct PositionCursor<'a> {
    index: &'a LineIndex,
    text: &'a str,
    encoding: Encoding,
    last_offset: usize,
    last: LineColumn,
}

impl<'a> PositionCursor<'a> {
    pub fn new(index: &'a LineIndex, text: &'a str, encoding: Encoding) -> Self {
        PositionCursor {
            index,
            text,
            encoding,
            last_offset: 0,
            last: LineColumn {
                line: 0,
                character: 0,
            },
        }
    }

    pub fn position(&mut self, offset: usize) -> LineColumn {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.index.line_of(offset);
        let result = if line == self.last.line && offset >= self.last_offset {
            let extra = count_units(&self.text[self.last_offset..offset], self.encoding);
            LineColumn {
                line,
                character: self.last.character + extra,
            }
        } else {
            self.index.position(self.text, offset, self.encoding)
        };
        self.last_offset = offset;
        self.last = result;
        result
    }
}

fn count_units(text: &str, encoding: Encoding) -> u32 {
    match encoding {
        Encoding::Utf8 => text.len() as u32,
        Encoding::Utf16 => text.chars().map(char::len_utf16).sum::<usize>() as u32,
        Encoding::Utf32 => text.chars().count() as u32,
    }
}

fn char_units(ch: char, encoding: Encoding) -> u32 {
    match encoding {
        Encoding::Utf8 => ch.len_utf8() as u32,
        Encoding::Utf16 => ch.len_utf16() as u32,
        Encoding::Utf32 => 1,
    }
}

/// The largest character boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, encoding: Encoding) {
        let index = LineIndex::new(text);
        let mut cursor = PositionCursor::new(&index, text, encoding);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let position = index.position(text, offset, encoding);
            assert_eq!(
                cursor.position(offset),
                position,
                "cursor at {offset} in {text:?}"
            );
            let back = index.offset(text, position, encoding);
            let at_line_break = matches!(text.as_bytes().get(offset), Some(b'\n'))
                && offset > 0
                && text.as_bytes()[offset - 1] == b'\r';
            if !at_line_break {
                assert_eq!(back, offset, "offset {offset} in {text:?} via {position:?}");
            }
        }
    }

    #[test]
    fn an_edited_index_is_the_index_of_the_edited_text() {
        let texts = [
            "",
            "a",
            "a\nb",
            "a\r\nb\rc\n",
            "\r",
            "\n",
            "\r\n\r\n",
            "xy\rz",
        ];
        let inserts = ["", "\n", "\r", "\r\n", "q", "\nq\r", "\n\n"];
        for text in texts {
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    for insert in inserts {
                        let edited = format!("{}{insert}{}", &text[..start], &text[end..]);
                        let index = LineIndex::new(text).edited(
                            LineIndex::default(),
                            &edited,
                            start,
                            end,
                            insert.len(),
                        );
                        assert_eq!(
                            index.line_starts,
                            LineIndex::new(&edited).line_starts,
                            "{text:?} with {start}..{end} replaced by {insert:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn positions_round_trip_in_every_encoding() {
        for text in [
            "",
            "a",
            "héllo\nwörld",
            "😀x\r\ny\rz",
            "\u{65}\u{301}\n\t中文",
            "\u{feff}x = 1\n",
        ] {
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                round_trip(text, encoding);
            }
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let index = LineIndex::new("a\rb\r\nc\nd");
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_of(2), 1);
        assert_eq!(index.line_end(1, "a\rb\r\nc\nd"), 3);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab😀\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(
                text,
                LineColumn {
                    line: 0,
                    character: 99
                },
                Encoding::Utf16
            ),
            6
        );
        assert_eq!(
            index.offset(
                text,
                LineColumn {
                    line: 9,
                    character: 0
                },
                Encoding::Utf16
            ),
            text.len()
        );
        // Inside the surrogate pair of the emoji: the start of the emoji.
        assert_eq!(
            index.offset(
                text,
                LineColumn {
                    line: 0,
                    character: 3
                },
                Encoding::Utf16
            ),
            2
        );
        assert_eq!(
            index.offset(
                text,
                LineColumn {
                    line: 0,
                    character: 3
                },
                Encoding::Utf8
            ),
            2
        );
    }
}
