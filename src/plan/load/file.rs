//! Reading a plan (or policy) file from disk, within the size limit.

use std::path::Path;

use super::MAX_FILE_BYTES;
use crate::diagnostic::Finding;
use crate::plan::rules;
use crate::source::SourceFile;

/// Reads a plan file from disk. The user named it, so a device or a pipe
/// (`<(git show HEAD:plan.toml)`) is read too, within the size limit.
pub fn read(path: &Path) -> Result<SourceFile, Box<Finding>> {
    read_with(path, false)
}

/// Reads a file that another file, or a search, named (a parent plan, a
/// policy): only a regular file, and without blocking on a FIFO.
pub fn read_named(path: &Path) -> Result<SourceFile, Box<Finding>> {
    read_with(path, true)
}

pub(super) fn read_with(path: &Path, regular_only: bool) -> Result<SourceFile, Box<Finding>> {
    let unreadable = |why: String| {
        Box::new(
            Finding::new(
                &rules::READ_FILE,
                format!("cannot read `{}`: {why}", path.display()),
            )
            .help("check the path; `mvplan new plan.toml` writes a starter plan"),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(unreadable("it is a directory".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "it is {} bytes; plans are limited to {MAX_FILE_BYTES} bytes",
            meta.len()
        )));
    }
    let bytes = if regular_only {
        crate::source::read_regular(path, MAX_FILE_BYTES)
    } else {
        crate::source::read_limited(path, MAX_FILE_BYTES)
    }
    .map_err(|e| unreadable(io_reason(&e)))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
    Ok(SourceFile::new(path, text))
}

pub(super) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::FileTooLarge => {
            "it is larger than 4 MiB, the limit for plans and policies".into()
        }
        _ => e.to_string(),
    }
}
