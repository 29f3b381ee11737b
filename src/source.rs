//! A plan file's text with its name, and byte offset → line:column mapping.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest image (logo, deck image) or font file mvplan reads.
pub const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// Reads at most `max` bytes of `path`, or fails with `FileTooLarge`.
///
/// A file's size on disk can't be trusted for this: a device (`/dev/zero`,
/// or a symlink to it) or a pipe reports 0 bytes and never ends, and
/// `fs::read` would try to hold all of it in memory.
pub fn read_limited(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("it is larger than {max} bytes, the limit"),
        ));
    }
    Ok(bytes)
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it, for messages.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines_and_columns() {
        let f = SourceFile::new("p.toml", "a = 1\nbé = 2\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(f.line_col(9), (2, 3));
        assert_eq!(f.line_col(999), (3, 1));
    }
}
