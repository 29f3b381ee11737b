//! Which files an input may make mvplan read: the one rule, decided here.
//!
//! Plans, decks, themes and policies may come from someone else, so a file
//! that names another file (a deck's image, a theme's logo or font, a plan's
//! or policy's theme) may only reach files *beside it*: inside its own
//! directory, after symbolic links are followed. Files the user names on the
//! command line are trusted as named. Remote addresses are never fetched, and
//! only regular files are read (a FIFO would block forever, a device never
//! end). This is pandoc's `--sandbox`, applied to every input.

use std::path::{Path, PathBuf};

/// Why a named file was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("`{0}` is not a local file; remote files are never fetched")]
    Remote(String),
    #[error("`{name}` is outside `{dir}`; files named there must be inside its directory")]
    Outside { name: String, dir: String },
    #[error("`{0}` does not exist")]
    Missing(String),
    #[error("`{0}` is not a regular file")]
    NotRegular(String),
}

/// Where names given by one input may lead.
#[derive(Debug, Clone)]
pub struct Sandbox {
    /// The directory of the file that names others; `None` when the user
    /// named the file and anything it names is trusted as well (`--theme`
    /// given on the command line names its own fonts).
    root: Option<PathBuf>,
    /// Where relative names are resolved.
    base: PathBuf,
}

impl Sandbox {
    /// Names are confined to `dir` (the directory of the naming file).
    pub fn beside(dir: &Path) -> Sandbox {
        let base = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.to_path_buf()
        };
        Sandbox {
            root: Some(base.clone()),
            base,
        }
    }

    /// Names are resolved against `dir` but may lead anywhere (the user
    /// asked for it, e.g. tests or `--allow-outside`).
    pub fn trusting(dir: &Path) -> Sandbox {
        let mut s = Sandbox::beside(dir);
        s.root = None;
        s
    }

    pub fn base(&self) -> &Path {
        &self.base
    }

    /// Whether names are confined.
    pub fn confined(&self) -> bool {
        self.root.is_some()
    }

    /// The canonical path of the regular file `name` leads to, or why it
    /// may not be read. The canonical path also identifies the file: two
    /// spellings of one file resolve to one path (and are read once).
    pub fn resolve(&self, name: &str) -> Result<PathBuf, Refusal> {
        if is_remote(name) {
            return Err(Refusal::Remote(name.to_string()));
        }
        let path = self.base.join(name);
        // Refused on the name alone first, so that whether a file exists
        // outside the directory is not given away.
        if let Some(root) = &self.root
            && !lexically_inside(&path, root)
        {
            return Err(Refusal::Outside {
                name: name.to_string(),
                dir: root.display().to_string(),
            });
        }
        let canonical = path
            .canonicalize()
            .map_err(|_| Refusal::Missing(name.to_string()))?;
        if let Some(root) = &self.root {
            let inside = root
                .canonicalize()
                .is_ok_and(|root| canonical.starts_with(root));
            if !inside {
                return Err(Refusal::Outside {
                    name: name.to_string(),
                    dir: root.display().to_string(),
                });
            }
        }
        // Checked without opening: opening a FIFO blocks until a writer comes.
        match std::fs::metadata(&canonical) {
            Ok(m) if m.is_file() => Ok(canonical),
            Ok(_) => Err(Refusal::NotRegular(name.to_string())),
            Err(_) => Err(Refusal::Missing(name.to_string())),
        }
    }
}

/// Whether a name, as written, leads to a file beside the naming file:
/// relative, and never climbing above its directory with `..`.
pub fn stays_beside(name: &str) -> bool {
    let path = Path::new(name.trim());
    !path.is_absolute() && !name.trim().starts_with('\\') && lexically_inside(path, Path::new(""))
}

/// Whether `path` stays inside `root` by its components alone (`..` that
/// climbs out, or an absolute path elsewhere, does not).
fn lexically_inside(path: &Path, root: &Path) -> bool {
    use std::path::Component;
    fn normal(p: &Path) -> Option<Vec<std::ffi::OsString>> {
        let mut out: Vec<std::ffi::OsString> = Vec::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop()?;
                }
                Component::Normal(s) => out.push(s.to_os_string()),
                Component::RootDir | Component::Prefix(_) => {
                    out.clear();
                    out.push(c.as_os_str().to_os_string());
                }
            }
        }
        Some(out)
    }
    match (normal(path), normal(root)) {
        (Some(p), Some(r)) => p.starts_with(&r),
        // A root that climbs above the current directory (`../x`):
        // leave the decision to the canonical check.
        (Some(_), None) => true,
        _ => false,
    }
}

/// `https://…`, `//host/…`, `data:` and other schemes: not a file here.
/// (A Windows drive letter `C:` is one letter, not a scheme.)
pub fn is_remote(name: &str) -> bool {
    let n = name.trim();
    if n.starts_with("//") || n.starts_with("\\\\") {
        return true;
    }
    match n.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_names_are_recognised() {
        for n in [
            "https://x.example/a.png",
            "http://x",
            "//x.example/a.png",
            "data:image/png;base64,AA",
            "file:///etc/passwd",
            "ftp://x",
        ] {
            assert!(is_remote(n), "{n}");
        }
        for n in [
            "logo.png",
            "img/a b.png",
            "../x.png",
            "/abs/x.png",
            "C:/x.png",
        ] {
            assert!(!is_remote(n), "{n}");
        }
    }

    #[test]
    fn names_stay_beside_the_naming_file() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("deck");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(inner.join("a.png"), b"x").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"x").unwrap();
        let s = Sandbox::beside(&inner);
        assert!(s.resolve("a.png").is_ok());
        assert!(s.resolve("./sub/../a.png").is_err() || s.resolve("./a.png").is_ok());
        assert!(matches!(
            s.resolve("../secret.png"),
            Err(Refusal::Outside { .. })
        ));
        let abs = dir.path().join("secret.png");
        assert!(matches!(
            s.resolve(&abs.display().to_string()),
            Err(Refusal::Outside { .. })
        ));
        assert!(matches!(s.resolve("nope.png"), Err(Refusal::Missing(_))));
        assert!(Sandbox::trusting(&inner).resolve("../secret.png").is_ok());
        // Two spellings, one file.
        assert_eq!(
            s.resolve("a.png").unwrap(),
            s.resolve("./././a.png").unwrap()
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_and_non_regular_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("link.png")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.png")).unwrap();
        let s = Sandbox::beside(dir.path());
        assert!(matches!(
            s.resolve("link.png"),
            Err(Refusal::Outside { .. })
        ));
        assert!(matches!(
            Sandbox::trusting(dir.path()).resolve("zero.png"),
            Err(Refusal::NotRegular(_))
        ));
        std::fs::create_dir(dir.path().join("d.png")).unwrap();
        assert!(matches!(s.resolve("d.png"), Err(Refusal::NotRegular(_))));
    }
}
