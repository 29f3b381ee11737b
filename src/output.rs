//! Writing outputs safely: a temp file in the target's directory, fsync, then
//! rename over the target. A failed or interrupted run leaves the previous
//! file intact, never a half-written one.

use std::io::Write;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("`{path}` already exists")]
    Exists { path: String },
    #[error("`{path}` exists and was not written by mvplan")]
    NotOurs { path: String },
    #[error("`{path}` is a directory")]
    IsDirectory { path: String },
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl WriteError {
    /// What the user can do about it.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            WriteError::NotOurs { .. } => {
                Some("choose another file with -o, or pass --force to overwrite it")
            }
            WriteError::IsDirectory { .. } => Some("name a file with -o, e.g. `-o deck.pdf`"),
            _ => None,
        }
    }
}

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(std::path::PathBuf),
}

impl Target {
    /// `-` is standard output.
    pub fn from_path(p: std::path::PathBuf) -> Target {
        if p.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::File(p)
        }
    }
}

/// Writes an output of mvplan's (a deck, a review, a workbook): to standard
/// output, or atomically to a file that is absent or that mvplan wrote
/// before. A file mvplan did not write is only replaced with `force`: a
/// typo in `-o` must not destroy someone's work.
pub fn write_output(target: &Target, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    let path = match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            // A reader that stopped early (`| head`) has what it wanted.
            return out
                .write_all(bytes)
                .and_then(|()| out.flush())
                .or_else(|e| match e.kind() {
                    std::io::ErrorKind::BrokenPipe => Ok(()),
                    _ => Err(e),
                })
                .map_err(io(Path::new("<stdout>")));
        }
        Target::File(p) => p,
    };
    if path.is_dir() {
        return Err(WriteError::IsDirectory {
            path: path.display().to_string(),
        });
    }
    if !force && !written_by_mvplan(path) {
        return Err(WriteError::NotOurs {
            path: path.display().to_string(),
        });
    }
    // An output is made again from its inputs by running mvplan again:
    // atomic (a failed run never leaves a half-written file), but not
    // flushed to the disk before the rename, which cost more than the
    // whole render of a deck on a virtual disk (0.5 to 4 ms).
    replace(path, bytes, true, false)
}

/// Whether `path` is absent, or is an output mvplan wrote: a Markdown deck
/// with the generator marker (never a plan or policy, whoever wrote it), HTML with mvplan's generator tag, a PDF whose
/// creator is mvplan, a PowerPoint file whose application is mvplan, or a
/// CSV/JSON review mvplan wrote.
pub fn written_by_mvplan(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return true;
    };
    // A symbolic link is never written through (it could point at a file
    // the user didn't name); a device or pipe (`/dev/null`) is written to.
    if meta.file_type().is_symlink() || meta.is_dir() {
        return false;
    }
    if !meta.is_file() {
        return true;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = vec![0u8; 512];
    let n = file.read(&mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    if head.starts_with("<!doctype html>") {
        return head.contains("<meta name=\"generator\" content=\"mvplan");
    }
    if head.starts_with("%PDF") {
        // The document information names mvplan as the creator, as a plain or
        // a UTF-16 (hex) string. mvplan's PDFs are well under a megabyte; a
        // far larger file is not one of them, and is not read whole to find out.
        let mut all = Vec::new();
        if file.take(64 * 1024 * 1024).read_to_end(&mut all).is_err() {
            return false;
        }
        let patterns: [&[u8]; 2] = [
            b"/Creator (mvplan",
            b"/Creator<FEFF006D00760070006C0061006E",
        ];
        return patterns
            .iter()
            .any(|p| all.windows(p.len()).any(|w| w == *p));
    }
    if head.starts_with("PK\u{3}\u{4}") {
        return package_by_mvplan(path);
    }
    markdown_deck(&head) || head.starts_with(CSV_MARKER) || head.starts_with(JSON_MARKER)
}

/// Whether a file's first lines are those of a Markdown deck mvplan wrote:
/// front matter whose first line is the generator comment, or the
/// generator's HTML comment. A plan or policy that mentions mvplan (a plan
/// `mvplan optimize -o` wrote says so in a TOML comment) is a file the user
/// keeps, never a disposable output.
fn markdown_deck(head: &str) -> bool {
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    let mut lines = head.lines();
    match lines.next() {
        Some("---") => lines
            .next()
            .is_some_and(|l| l.starts_with(&format!("# {MARKER} from "))),
        Some(l) => l.starts_with(&format!("<!-- {MARKER} from ")),
        None => false,
    }
}

/// Whether a zip package is a file mvplan wrote: a PowerPoint file whose
/// `docProps/app.xml` names mvplan as the application, or a workbook whose
/// `docProps/core.xml` says mvplan wrote it and that nobody has saved
/// since (saving sets a new modified date: a filled-in actuals template is
/// finance's file). A far larger file than mvplan writes is not one of
/// them, and is not opened.
fn package_by_mvplan(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if meta.len() > 256 * 1024 * 1024 {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let mut part = |name: &str| {
        let mut text = String::new();
        let part = zip.by_name(name).ok()?;
        part.take(64 * 1024).read_to_string(&mut text).ok()?;
        Some(text)
    };
    if part("docProps/app.xml").is_some_and(|t| t.contains("<Application>mvplan")) {
        return true;
    }
    let Some(core) = part("docProps/core.xml") else {
        return false;
    };
    let element = |tag: &str| {
        let start = core.find(&format!("<{tag}"))?;
        let from = start + core[start..].find('>')? + 1;
        let end = from + core[from..].find('<')?;
        Some(core[from..end].to_string())
    };
    core.contains("<dc:description>Written by mvplan")
        && element("dcterms:created").is_some()
        && element("dcterms:created") == element("dcterms:modified")
}

/// The first line of every Markdown deck mvplan writes (as a comment).
pub const MARKER: &str = "Generated by mvplan";
/// Review CSVs start with this header.
pub const CSV_MARKER: &str = "file,unit,owner,status,currency,budget,";
/// Review JSON starts with this key.
pub const JSON_MARKER: &str = "{\n  \"generator\": \"mvplan";

fn io(path: &Path) -> impl Fn(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes `bytes` to `path` atomically. With `overwrite: false`, an existing
/// file is an error (checked again at the rename, so a race can't clobber it).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    replace(path, bytes, overwrite, true)
}

/// [`write_atomic`]; `durable`: the file's bytes reach the disk before it
/// takes the name (a plan the user edits in the workbench, a new plan), so
/// a power cut leaves the old file or the new one, never an empty one.
fn replace(path: &Path, bytes: &[u8], overwrite: bool, durable: bool) -> Result<(), WriteError> {
    if !overwrite && path.exists() {
        return Err(WriteError::Exists {
            path: path.display().to_string(),
        });
    }
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Err(io(path)(std::io::Error::other("it is a directory")));
        }
        // A device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is
        // written to, never replaced: renaming over it would swap the device
        // for a plain file.
        if !meta.is_file() {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(io(path));
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".mvplan-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            // tempfile's message names the random temp path; say what the
            // user can act on instead.
            let reason = if dir.is_dir() {
                e.kind().to_string()
            } else {
                format!("the directory `{}` does not exist", dir.display())
            };
            io(path)(std::io::Error::new(e.kind(), reason))
        })?;
    tmp.write_all(bytes).map_err(io(path))?;
    // Temp files are created private (0600); a deck is an ordinary file.
    // Keep the permissions of the file being replaced, if any.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        tmp.as_file().set_permissions(perms).map_err(io(path))?;
    }
    if durable {
        tmp.as_file().sync_all().map_err(io(path))?;
    }
    let persisted = if overwrite {
        tmp.persist(path).map(|_| ())
    } else {
        tmp.persist_noclobber(path).map(|_| ())
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            WriteError::Exists {
                path: path.display().to_string(),
            }
        } else {
            io(path)(e.error)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_clobber_without_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one", false).unwrap();
        assert!(matches!(
            write_atomic(&p, b"two", false),
            Err(WriteError::Exists { .. })
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // No temp files are left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        write_atomic(Path::new("/dev/null"), b"gone", true).unwrap();
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn a_directory_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), b"x", true).is_err());
        assert!(dir.path().is_dir());
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_panic() {
        let p = Path::new("/nonexistent-dir-mvplan/x.md");
        assert!(matches!(
            write_atomic(p, b"x", true),
            Err(WriteError::Io { .. })
        ));
    }
}
