//! Writing outputs safely: a temp file in the target's directory, fsync, then
//! rename over the target. A failed or interrupted run leaves the previous
//! file intact, never a half-written one.

use std::io::Write;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("`{path}` already exists")]
    Exists { path: String },
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes `bytes` to `path` atomically. With `overwrite: false`, an existing
/// file is an error (checked again at the rename, so a race can't clobber it).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
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
    tmp.as_file().sync_all().map_err(io(path))?;
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
