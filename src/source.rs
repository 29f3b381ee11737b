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
    read_bounded(std::fs::File::open(path)?, max)
}

/// Reads at most `max` bytes of an open file, or fails with `FileTooLarge`.
fn read_bounded(file: std::fs::File, max: u64) -> std::io::Result<Vec<u8>> {
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

/// Reads at most `max` bytes of `path` if it is a regular file; anything
/// else (a FIFO, a device, a directory) is refused *before* it is opened,
/// since opening a FIFO blocks until someone writes to it.
///
/// Used for every file an input names (theme, policy, image, logo, font):
/// such a name may come from someone else's file.
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let not_regular = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file (a pipe, device or directory)",
        )
    };
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Swapped for a FIFO between the check and the open: don't wait for a writer.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc_o_nonblock());
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    read_bounded(file, max)
}

/// `O_NONBLOCK` without a libc dependency: the value on Linux and the BSDs.
#[cfg(unix)]
fn libc_o_nonblock() -> i32 {
    if cfg!(any(target_os = "linux", target_os = "android")) {
        0o4000
    } else {
        0x0004
    }
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it, for messages.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// For a plan read from a workbook: which cell each part of `text`
    /// (the TOML mvplan made of it) came from.
    pub cells: Option<std::sync::Arc<Cells>>,
}

/// Where the parts of a text made from a workbook came from, and what was
/// wrong with the workbook itself.
#[derive(Debug, Default)]
pub struct Cells {
    /// Byte ranges of the text and their cells (`Channels!E5`), in order.
    pub spans: Vec<(crate::diagnostic::Span, String)>,
    /// The workbook's own findings (a sheet or column mvplan doesn't know).
    pub findings: Vec<crate::diagnostic::Finding>,
}

impl Cells {
    /// The cell a byte of the text came from: the part holding it, else
    /// the last part before it.
    pub fn cell_at(&self, offset: usize) -> Option<&str> {
        let i = self.spans.partition_point(|(s, _)| s.start <= offset);
        // Parts nest (a key inside its table's row): the innermost holding
        // the offset is the last one starting before it that holds it.
        self.spans[..i]
            .iter()
            .rev()
            .find(|(s, _)| s.contains(&offset))
            .or_else(|| self.spans[..i].last())
            .map(|(_, c)| c.as_str())
    }

    /// A finding located in the text, located by cell instead: the text is
    /// mvplan's, the cell is what the user can find and fix.
    pub fn relocate(&self, mut f: crate::diagnostic::Finding) -> crate::diagnostic::Finding {
        if let Some(span) = f.span.take() {
            f.cell = self.cell_at(span.start).map(String::from);
        }
        for label in std::mem::take(&mut f.secondary) {
            let at = self.cell_at(label.span.start).unwrap_or("?");
            let note = format!("{} at {at}", label.message);
            f.label = Some(match f.label.take() {
                Some(l) => format!("{l}; {note}"),
                None => note,
            });
        }
        f
    }
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
            cells: None,
        }
    }

    /// Findings about this file, with the workbook's own first and every
    /// location a cell, when the text was made from a workbook.
    pub fn relocate(
        &self,
        findings: Vec<crate::diagnostic::Finding>,
    ) -> Vec<crate::diagnostic::Finding> {
        match &self.cells {
            None => findings,
            Some(c) => c
                .findings
                .iter()
                .cloned()
                .chain(findings)
                .map(|f| c.relocate(f))
                .collect(),
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

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_and_fifos_never_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_regular(&fifo, 10).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
        assert!(read_regular(Path::new("/dev/zero"), 10).is_err());
        assert!(read_regular(dir.path(), 10).is_err());
        let f = dir.path().join("a.txt");
        std::fs::write(&f, b"hello").unwrap();
        assert_eq!(read_regular(&f, 10).unwrap(), b"hello");
        assert!(read_regular(&f, 3).is_err());
    }

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

/// What a TOML file given to mvplan is, by its tables: a plan has `[plan]`,
/// a policy `[policy]`, a theme `[colors]`. Anything else is taken for a
/// plan, so that the plan loader says what is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Plan,
    Policy,
    Theme,
}

impl FileKind {
    /// Sniffed from the text's table headers (a broken `[plan` header still
    /// counts as a plan, to be reported as one that did not load).
    pub fn of(text: &str) -> FileKind {
        FileKind::sniff(text).unwrap_or(FileKind::Plan)
    }

    /// The kind the text's tables show, if they show one.
    pub fn sniff(text: &str) -> Option<FileKind> {
        let mut policy = false;
        let mut theme = false;
        for line in text.lines() {
            let l = line.trim_start_matches('\u{feff}').trim();
            let header = l.trim_start_matches('[').trim_start();
            if !l.starts_with('[') && !l.starts_with("plan.") {
                continue;
            }
            if l.starts_with("plan.") || header.starts_with("plan") {
                return Some(FileKind::Plan);
            }
            policy |= header.starts_with("policy");
            theme |= header.starts_with("colors");
        }
        if policy {
            Some(FileKind::Policy)
        } else if theme {
            Some(FileKind::Theme)
        } else {
            None
        }
    }

    /// The kind of the file at `path` (a file that can't be read is a plan,
    /// so that reading it again says why).
    pub fn of_path(path: &Path) -> FileKind {
        match read_regular(path, crate::plan::MAX_FILE_BYTES) {
            // A workbook given as a file to check is a plan workbook.
            Ok(bytes) if bytes.starts_with(b"PK\x03\x04") => FileKind::Plan,
            Ok(bytes) => FileKind::of(&String::from_utf8_lossy(&bytes)),
            Err(_) => FileKind::Plan,
        }
    }
}
