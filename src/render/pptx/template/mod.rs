//! A company's PowerPoint template (`.pptx` or `.potx`): its slide masters,
//! layouts, themes (fonts, colours) and the pictures they show (the logo)
//! are kept; everything else is not. Each mvplan slide takes the template's
//! layout of the right kind (by the `type` PowerPoint gives layouts: title,
//! obj, secHead, titleOnly, blank), and its placeholders.
//!
//! The file may come from someone else. It is read within limits (size,
//! entries, decompressed bytes), never extracted to disk, and nothing it
//! references outside itself is followed. The package is read through one
//! part reader ([`super::opc`]: part names, content types, relationships)
//! and every part kept is parsed once and written again through one XML
//! copier ([`super::xml_copy`]: escaped, no DTDs, no references to what
//! was left out). What is carried over is walked from the presentation's
//! masters, by relationship, and nothing else:
//!
//! | From | Kept | Checked |
//! |---|---|---|
//! | presentation | slide size, default text style | |
//! | slide master | its layouts, its theme, its pictures | content type |
//! | slide layout | its master, its pictures | content type |
//! | theme | its pictures | content type |
//! | notes master | its theme, its pictures | content type |
//! | picture | — | an image content type, and bytes that are that image |
//!
//! Slides, notes, macros (`vbaProject.bin`, under whatever name), ActiveX
//! controls, OLE objects, embedded fonts, customer data, tags, hyperlinks
//! and every external or dangling relationship are left out. Kept parts
//! get mvplan's own names (`ppt/slideMasters/slideMaster1.xml`, …), so no
//! name in the deck is the template's.
//!
//! Which layout each kind of slide takes, and where its title and body
//! go, is [`super::layouts`]'s.

use std::path::Path;

use super::Masters;
use super::layouts::{self, Slots};
use super::master::LayoutKind;
use super::opc::{self, Target};
use super::xml_copy;

/// Templates larger than this are refused (corporate templates with
/// pictures are a few MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read the template `{path}`: {why}")]
    Read { path: String, why: String },
    #[error("`{path}` is not a PowerPoint template: {why}")]
    Invalid { path: String, why: String },
}

/// A part carried over from a template: its new name, its bytes (as
/// re-serialised), and its content type (`None`: a relationships part).
#[derive(Debug, Clone)]
struct Part {
    name: String,
    bytes: Vec<u8>,
    content_type: Option<&'static str>,
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
    masters: Vec<String>,
    /// The layout each kind of slide takes: its part and what it offers.
    layouts: Vec<(LayoutKind, String, Slots)>,
    /// The template's notes master, when it has one.
    notes_master: Option<String>,
    width: f32,
    height: f32,
    default_text_style: String,
    body_font: String,
}

pub use super::placeholder::Ph;

fn emu_pt(v: Option<&str>) -> Option<f32> {
    v?.trim().parse::<i64>().ok().map(|e| e as f32 / 12_700.0)
}

mod walk;

use walk::Walk;

impl Template {
    /// Reads a template file the user named.
    pub fn read(path: &Path) -> Result<Template, TemplateError> {
        let name = path.display().to_string();
        let read_err = |why: String| TemplateError::Read {
            path: name.clone(),
            why,
        };
        let bytes = crate::source::read_regular(path, MAX_FILE_BYTES).map_err(|e| {
            read_err(match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".into(),
                std::io::ErrorKind::FileTooLarge => {
                    format!("it is larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024)
                }
                _ => e.to_string(),
            })
        })?;
        Template::parse(&bytes).map_err(|why| TemplateError::Invalid { path: name, why })
    }

    /// Parses a template's bytes.
    pub fn parse(bytes: &[u8]) -> Result<Template, String> {
        let mut pkg = opc::Package::open(bytes)?;
        let presentation = pkg
            .relationships("")?
            .into_iter()
            .find_map(|r| match (r.kind.as_str(), r.target) {
                ("officeDocument", Target::Part(p)) => Some(p),
                _ => None,
            })
            .unwrap_or_else(|| "ppt/presentation.xml".to_string());
        let pres = pkg
            .read(&presentation)?
            .ok_or("it has no presentation part (ppt/presentation.xml)")?;
        let pres_el = xml_copy::elements(&pres)?;
        // The template's default text style, re-serialised on its own.
        let default_text_style = xml_copy::subtree(&pres, "defaultTextStyle")?;
        let size = pres_el.iter().find(|e| e.local() == "sldSz");
        let width = emu_pt(size.and_then(|e| e.attr("cx"))).unwrap_or(960.0);
        let height = emu_pt(size.and_then(|e| e.attr("cy"))).unwrap_or(540.0);
        if !(72.0..=4000.0).contains(&width) || !(72.0..=4000.0).contains(&height) {
            return Err("its slide size is not a slide's".into());
        }
        let pres_rels = pkg.relationships(&presentation)?;
        let mut walk = Walk::new(pkg, (width, height));
        let mut masters: Vec<String> = Vec::new();
        for e in pres_el.iter().filter(|e| e.local() == "sldMasterId") {
            let Some(id) = e.rel_attr("id") else { continue };
            let Some(Target::Part(m)) = pres_rels
                .iter()
                .find(|r| r.id == id && r.kind == "slideMaster")
                .map(|r| &r.target)
            else {
                continue;
            };
            if let Some(new) = walk.master(m)?
                && !masters.contains(&new)
            {
                masters.push(new);
            }
        }
        if masters.is_empty() {
            return Err("it has no slide master".into());
        }
        let notes_master = match pres_el
            .iter()
            // (Some writers spell it `NotesMasterId`; PowerPoint reads it.)
            .find(|e| e.local().eq_ignore_ascii_case("notesMasterId"))
            .and_then(|e| e.rel_attr("id"))
            .and_then(|id| {
                pres_rels
                    .iter()
                    .find(|r| r.id == id && r.kind == "notesMaster")
            })
            .map(|r| &r.target)
        {
            Some(Target::Part(n)) => walk.notes_master(n)?,
            _ => None,
        };
        let layouts = std::mem::take(&mut walk.layouts);
        if layouts.is_empty() {
            return Err("its slide master has no layouts".into());
        }
        // One layout per kind: by type, name and placeholders.
        let mut chosen = Vec::new();
        for kind in LayoutKind::ALL {
            let Some(i) = layouts::choose(kind, &layouts, (width, height)) else {
                continue;
            };
            let mut slots = layouts::slots(kind, &layouts[i]);
            if let Some(body) = &mut slots.body {
                if body.rect.is_none() {
                    body.rect = walk.master_body;
                }
                // Content never runs under the layout's artwork; the
                // slide then gives its body its box.
                let clear = body.rect.map(|r| layouts::clear_of(r, &layouts[i].art));
                if clear != body.rect {
                    body.rect = clear;
                    slots.explicit = true;
                }
            }

            chosen.push((kind, layouts[i].part.clone(), slots));
        }
        // The body font: the first master's theme's minor font.
        let body_font = walk
            .theme_fonts
            .get(&masters[0])
            .cloned()
            .unwrap_or_else(|| "+mn-lt".to_string());
        Ok(Template {
            parts: walk.parts,
            masters,
            layouts: chosen,
            notes_master,
            width,
            height,
            default_text_style,
            body_font,
        })
    }

    /// The template's layout for a kind of slide: its name, as the
    /// template gives it (for `--verbose` and tests).
    pub fn layout_name(&self, kind: LayoutKind) -> Option<&str> {
        self.layouts
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, _, s)| s.layout_name.as_str())
    }

    /// The names of the parts carried over into a deck (for tests and
    /// `mvplan render -v`).
    pub fn part_names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.name.as_str())
    }

    /// The parts, borrowed: a template's pictures are held once, here.
    pub(super) fn masters(&self) -> Masters<'_> {
        let parts = self
            .parts
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    std::borrow::Cow::Borrowed(p.bytes.as_slice()),
                    p.content_type.map(str::to_string),
                )
            })
            .collect();
        let body = self
            .layouts
            .iter()
            .find(|(k, _, _)| *k == LayoutKind::Content)
            .and_then(|(_, _, s)| s.body.and_then(|b| b.rect))
            .unwrap_or((
                self.width * 0.06,
                self.height * 0.22,
                self.width * 0.88,
                self.height * 0.68,
            ));
        Masters {
            parts,
            masters: self.masters.clone(),
            kinds: self.layouts.clone(),
            notes_master: self.notes_master.clone(),
            width: self.width,
            height: self.height,
            body,
            own_colors: false,
            default_text_style: self.default_text_style.clone(),
            body_font: self.body_font.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_written_relative_to_their_part() {
        assert_eq!(
            walk::relative(
                "ppt/slideMasters/slideMaster1.xml",
                "ppt/slideLayouts/slideLayout2.xml"
            ),
            "../slideLayouts/slideLayout2.xml"
        );
        assert_eq!(
            walk::relative("ppt/theme/theme1.xml", "ppt/theme/x.png"),
            "x.png"
        );
    }

    #[test]
    fn placeholders_are_checked_and_written_escaped() {
        let el = xml_copy::elements(br#"<p:ph xmlns:p="p" type="body&quot; x=&quot;1" idx="2"/>"#)
            .unwrap();
        assert_eq!(Ph::read(&el[0]).xml(), "<p:ph idx=\"2\"/>");
    }

    #[test]
    fn garbage_is_not_a_template() {
        assert!(Template::parse(b"PK\x03\x04 not really").is_err());
        assert!(Template::parse(b"").is_err());
    }
}
