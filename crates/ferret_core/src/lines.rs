//! Line index: byte offsets to 1-based lines and columns, in UTF-8 bytes and UTF-16 code units.

/// A 1-based line and column pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// A position in a file with both column conventions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column counted in bytes of UTF-8.
    pub col: u32,
    /// 1-based column counted in UTF-16 code units, as SARIF requires by default.
    pub col_utf16: u32,
    /// Byte offset in the file.
    pub offset: usize,
}

/// Offsets of line starts in a text, for converting byte offsets to positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes the line starts of `text` (lines end in `\n`; a `\r` before it stays in the line).
    pub fn new(text: &[u8]) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        for (i, &b) in text.iter().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a final line without a newline counts; an empty text has one empty line).
    pub fn line_count(&self) -> usize {
        if self.len > 0 && self.starts.last() == Some(&self.len) {
            self.starts.len() - 1
        } else {
            self.starts.len()
        }
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based line `line`, without its line terminator.
    pub fn line_span(&self, text: &[u8], line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        if end > start && text.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && text.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// Full position of `offset` in `text`.
    pub fn position(&self, text: &[u8], offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let prefix = &text[start..offset];
        let col_utf16 = match std::str::from_utf8(prefix) {
            Ok(s) => s.encode_utf16().count(),
            Err(_) => String::from_utf8_lossy(prefix).encode_utf16().count(),
        };
        Position {
            line: line as u32 + 1,
            col: (offset - start) as u32 + 1,
            col_utf16: col_utf16 as u32 + 1,
            offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "ab\nλx😀y\n".as_bytes();
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 2);
        let y = text.iter().position(|&b| b == b'y').unwrap();
        let p = idx.position(text, y);
        assert_eq!(p.line, 2);
        // λ is 2 bytes, 😀 is 4 bytes: byte column 1 + 2 + 1 + 4.
        assert_eq!(p.col, 8);
        // λ is 1 unit, x 1, 😀 2 units.
        assert_eq!(p.col_utf16, 5);
    }

    #[test]
    fn line_spans_strip_crlf() {
        let text = b"one\r\ntwo";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_span(text, 0), (0, 3));
        assert_eq!(idx.line_span(text, 1), (5, 8));
        assert_eq!(idx.line_count(), 2);
    }

    #[test]
    fn empty_text_has_one_line() {
        let idx = LineIndex::new(b"");
        assert_eq!(idx.line_count(), 1);
        assert_eq!(idx.position(b"", 0).line, 1);
    }
}
