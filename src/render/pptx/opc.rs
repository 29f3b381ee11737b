//! Reading someone else's Open Packaging file (a company's PowerPoint
//! template): the one place that decides which parts of it exist, what they
//! are and what they point at.
//!
//! - Part names follow the packaging rules (ECMA-376 part 2, §6.2.2): no
//!   empty, `.` or `..` segments, no backslashes, no segment ending in a
//!   dot; names equal but for case make the package ambiguous and it is
//!   refused.
//! - A part's content type is the one `[Content_Types].xml` gives it (an
//!   override, else the default for its extension); a part without one is
//!   not a part.
//! - Relationships are read from the part's `_rels/*.rels`, resolved
//!   against the part, and classified: external targets (`file:`, `\\host`,
//!   `https:`) and targets that are not parts of the package are never
//!   followed.
//! - Parts are inflated only when asked for, within limits per part and in
//!   total; nothing is extracted to disk.
//! - XML is read with [`super::xml_copy`], which refuses DTDs.

use std::collections::BTreeMap;
use std::io::Read;

/// Entries a template may have (corporate templates have a few hundred).
pub const MAX_ENTRIES: usize = 5_000;
/// The most one part may inflate to.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// The most all parts read may inflate to together.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// A package opened for reading.
pub struct Package<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    /// Valid part name → zip entry index.
    entries: BTreeMap<String, usize>,
    overrides: BTreeMap<String, String>,
    defaults: BTreeMap<String, String>,
    /// Bytes inflated so far.
    read: u64,
}

/// Where a relationship points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A part of the package (its name).
    Part(String),
    /// Outside the package (`TargetMode="External"`), or a target that is
    /// not a valid part name or not in the package: never followed.
    Elsewhere,
}

/// One relationship of a part.
#[derive(Debug, Clone)]
pub struct Relationship {
    pub id: String,
    /// The relationship type's last segment (`slideLayout`, `image`, …).
    pub kind: String,
    pub target: Target,
}

/// Whether `name` (without a leading `/`) is a valid part name.
pub fn valid_part_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 1024
        && !name.contains('\\')
        && !name.contains('%')
        && name.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && !seg.ends_with('.')
                && seg.chars().all(|c| !c.is_control())
        })
}

/// The relationships part of `part`.
pub fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target against the part it belongs to, or
/// `None` if it climbs out of the package or is not a part name.
pub fn resolve(base: &str, target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => {
            let mut p: Vec<&str> = base.split('/').collect();
            p.pop();
            p
        }
    };
    for seg in target.trim_start_matches('/').split('/') {
        match seg {
            ".." => {
                parts.pop()?;
            }
            "." => {}
            s => parts.push(s),
        }
    }
    let name = parts.join("/");
    valid_part_name(&name).then_some(name)
}

impl<'a> Package<'a> {
    /// Opens a package and reads its table of contents and content types.
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, String> {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("it is not a zip package ({e})"))?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "it has {} parts; templates have far fewer (at most {MAX_ENTRIES})",
                zip.len()
            ));
        }
        let mut entries = BTreeMap::new();
        let mut folded: BTreeMap<String, String> = BTreeMap::new();
        // `file_names` lists the entries in index order.
        for (i, raw) in zip.file_names().enumerate() {
            // A name that is not UTF-8 is not a part name.
            let Ok(name) = raw.map(|n| n.to_string()) else {
                continue;
            };
            if name.ends_with('/') || !valid_part_name(&name) {
                // Not a part (a folder entry, or a name the packaging
                // rules forbid): never read.
                continue;
            }
            if let Some(other) = folded.insert(name.to_lowercase(), name.clone()) {
                return Err(format!(
                    "it has two parts named `{other}` and `{name}`; part names are compared without case, so which one is meant is ambiguous"
                ));
            }
            entries.insert(name, i);
        }
        let mut pkg = Package {
            zip,
            entries,
            overrides: BTreeMap::new(),
            defaults: BTreeMap::new(),
            read: 0,
        };
        let ct = pkg
            .read("[Content_Types].xml")?
            .ok_or("it has no [Content_Types].xml")?;
        for e in super::xml_copy::elements(&ct)? {
            match e.local() {
                "Override" => {
                    if let (Some(p), Some(t)) = (e.attr("PartName"), e.attr("ContentType")) {
                        pkg.overrides
                            .insert(p.trim_start_matches('/').to_lowercase(), t.to_string());
                    }
                }
                "Default" => {
                    if let (Some(x), Some(t)) = (e.attr("Extension"), e.attr("ContentType")) {
                        pkg.defaults.insert(x.to_lowercase(), t.to_string());
                    }
                }
                _ => {}
            }
        }
        Ok(pkg)
    }

    /// The part's name as the package spells it, if it has one equal to
    /// `name` but for case.
    fn entry(&self, name: &str) -> Option<(&str, usize)> {
        if let Some((n, i)) = self.entries.get_key_value(name) {
            return Some((n.as_str(), *i));
        }
        let lower = name.to_lowercase();
        self.entries
            .iter()
            .find(|(n, _)| n.to_lowercase() == lower)
            .map(|(n, i)| (n.as_str(), *i))
    }

    /// Whether the package has the part.
    pub fn has(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    /// The part's content type, if `[Content_Types].xml` gives it one.
    pub fn content_type(&self, name: &str) -> Option<&str> {
        if let Some(t) = self.overrides.get(&name.to_lowercase()) {
            return Some(t);
        }
        let ext = name.rsplit('/').next()?.rsplit_once('.')?.1.to_lowercase();
        self.defaults.get(&ext).map(String::as_str)
    }

    /// The part's bytes, inflated within the limits; `None` if the package
    /// has no such part.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some((spelled, index)) = self.entry(name).map(|(n, i)| (n.to_string(), i)) else {
            return Ok(None);
        };
        let mut f = self
            .zip
            .by_index(index)
            .map_err(|e| format!("`{spelled}` cannot be read ({e})"))?;
        let budget = (MAX_TOTAL_BYTES - self.read).min(MAX_PART_BYTES);
        let mut buf = Vec::new();
        (&mut f)
            .take(budget + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("`{spelled}` cannot be read ({e})"))?;
        if buf.len() as u64 > budget {
            return Err(if budget < MAX_PART_BYTES {
                format!(
                    "its parts inflate to more than {} MiB",
                    MAX_TOTAL_BYTES / 1024 / 1024
                )
            } else {
                format!(
                    "`{spelled}` inflates to more than {} MiB",
                    MAX_PART_BYTES / 1024 / 1024
                )
            });
        }
        self.read += buf.len() as u64;
        Ok(Some(buf))
    }

    /// The first `n` bytes of a part (fewer if it is shorter).
    pub fn head(&mut self, name: &str, n: u64) -> Result<Option<Vec<u8>>, String> {
        let Some((spelled, index)) = self.entry(name).map(|(n, i)| (n.to_string(), i)) else {
            return Ok(None);
        };
        let f = self
            .zip
            .by_index(index)
            .map_err(|e| format!("`{spelled}` cannot be read ({e})"))?;
        let mut buf = Vec::new();
        f.take(n)
            .read_to_end(&mut buf)
            .map_err(|e| format!("`{spelled}` cannot be read ({e})"))?;
        Ok(Some(buf))
    }

    /// The relationships of `part` (none if it has no relationships part).
    pub fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, String> {
        let Some(xml) = self.read(&rels_of(part))? else {
            return Ok(Vec::new());
        };
        let mut out: Vec<Relationship> = Vec::new();
        let mut ids = std::collections::HashSet::new();
        for e in super::xml_copy::elements(&xml)? {
            if e.local() != "Relationship" {
                continue;
            }
            let (Some(id), Some(kind), Some(target)) =
                (e.attr("Id"), e.attr("Type"), e.attr("Target"))
            else {
                continue;
            };
            if !ids.insert(id.to_string()) {
                // A repeated id: the first is the one a reader finds.
                continue;
            }
            let external = e.attr("TargetMode") == Some("External");
            let target = match (external, resolve(part, target)) {
                (false, Some(name)) if self.has(&name) => Target::Part(
                    self.entry(&name)
                        .map_or(name.clone(), |(n, _)| n.to_string()),
                ),
                _ => Target::Elsewhere,
            };
            out.push(Relationship {
                id: id.to_string(),
                kind: kind.rsplit('/').next().unwrap_or("").to_string(),
                target,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part_and_never_climb_out() {
        assert_eq!(
            resolve(
                "ppt/slideMasters/slideMaster1.xml",
                "../slideLayouts/slideLayout2.xml"
            )
            .as_deref(),
            Some("ppt/slideLayouts/slideLayout2.xml")
        );
        assert_eq!(
            resolve("ppt/presentation.xml", "slideMasters/slideMaster1.xml").as_deref(),
            Some("ppt/slideMasters/slideMaster1.xml")
        );
        assert_eq!(resolve("ppt/a.xml", "../../../etc/passwd"), None);
        assert_eq!(resolve("ppt/a.xml", "..\\x.png"), None);
        assert_eq!(
            rels_of("ppt/slideMasters/slideMaster1.xml"),
            "ppt/slideMasters/_rels/slideMaster1.xml.rels"
        );
    }

    #[test]
    fn part_names_follow_the_packaging_rules() {
        assert!(valid_part_name("ppt/media/image1.png"));
        for bad in [
            "",
            "ppt//a.xml",
            "ppt/../a.xml",
            "ppt\\a.xml",
            "ppt/a.",
            "/a",
        ] {
            assert!(!valid_part_name(bad), "{bad}");
        }
    }
}
