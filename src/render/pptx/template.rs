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
//! | picture | — | an image content type, and bytes that are that image |
//!
//! Slides, notes, macros (`vbaProject.bin`, under whatever name), ActiveX
//! controls, OLE objects, embedded fonts, customer data, tags, hyperlinks
//! and every external or dangling relationship are left out. The notes
//! master (and its theme) is kept, so speaker notes look like the
//! company's. Kept parts
//! get mvplan's own names (`ppt/slideMasters/slideMaster1.xml`, …), so no
//! name in the deck is the template's.

use std::collections::BTreeMap;
use std::path::Path;

use super::Masters;
use super::layouts::{self, LayoutInfo, Rect, Slots};
use super::master::LayoutKind;
use super::opc::{self, Target};
use super::package::{Rel, ct, rel, rels};
use super::xml_copy::{self, El};

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

/// A `<p:ph>`: the placeholder's type (one of the values PowerPoint
/// defines) and index, as read and checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ph {
    pub ty: Option<&'static str>,
    pub idx: Option<u32>,
}

/// Placeholder types (ECMA-376 `ST_PlaceholderType`).
pub(super) const PH_TYPES: &[&str] = &[
    "title", "body", "ctrTitle", "subTitle", "dt", "sldNum", "ftr", "hdr", "obj", "chart", "tbl",
    "clipArt", "dgm", "media", "sldImg", "pic",
];

impl Ph {
    pub(super) fn read(e: &El) -> Ph {
        Ph {
            ty: e
                .attr("type")
                .and_then(|t| PH_TYPES.iter().find(|k| **k == t).copied()),
            idx: e.attr("idx").and_then(|i| i.trim().parse().ok()),
        }
    }

    /// The element, written by the one XML writer.
    pub fn xml(self) -> String {
        super::xml::tag("p:ph")
            .attr_opt("type", self.ty)
            .attr_opt("idx", self.idx)
            .empty()
    }
}

fn emu_pt(v: Option<&str>) -> Option<f32> {
    v?.trim().parse::<i64>().ok().map(|e| e as f32 / 12_700.0)
}

/// Image content types a template's pictures may have, with the
/// extension they get and the bytes such a file starts with.
const IMAGES: &[(&str, &str, &[&[u8]])] = &[
    ("image/png", "png", &[b"\x89PNG\r\n\x1a\n"]),
    ("image/jpeg", "jpeg", &[b"\xFF\xD8\xFF"]),
    ("image/gif", "gif", &[b"GIF87a", b"GIF89a"]),
    ("image/x-emf", "emf", &[b"\x01\x00\x00\x00"]),
    (
        "image/x-wmf",
        "wmf",
        &[
            b"\xD7\xCD\xC6\x9A",
            b"\x01\x00\x09\x00",
            b"\x02\x00\x09\x00",
        ],
    ),
    ("image/tiff", "tiff", &[b"II*\x00", b"MM\x00*"]),
    ("image/bmp", "bmp", &[b"BM"]),
];

/// The walk over a template's parts: each read and parsed once, renamed,
/// its relationships rewritten to what was kept.
struct Walk<'a> {
    pkg: opc::Package<'a>,
    parts: Vec<Part>,
    /// Template part name → the name it has in the deck (or `None`: left
    /// out), so a part named any number of times is read once.
    seen: BTreeMap<String, Option<String>>,
    count: BTreeMap<&'static str, usize>,
    /// Every layout kept, in its master's order, with its placeholders'
    /// boxes inherited from the master; and the relationship id each
    /// layout has from its master (to put them in the master's order).
    layouts: Vec<LayoutInfo>,
    layout_rel: BTreeMap<String, String>,
    /// The first master's body placeholder's box.
    master_body: Option<Rect>,
    /// The slide's size, pt.
    slide: (f32, f32),
    /// Per theme (and master): its body font.
    theme_fonts: BTreeMap<String, String>,
}

/// A part copied: its new bytes, its elements, its relationships kept.
type Copied = (Vec<u8>, Vec<El>, Vec<KeptRel>);

/// A relationship of a kept part, to write again.
struct KeptRel {
    id: String,
    kind: &'static str,
    target: String,
}

impl Walk<'_> {
    fn fresh(&mut self, folder: &'static str, stem: &'static str, ext: &str) -> String {
        let n = self.count.entry(stem).or_insert(0);
        *n += 1;
        format!("ppt/{folder}/{stem}{n}.{ext}")
    }

    /// Writes a kept part and its relationships.
    fn keep(&mut self, name: String, bytes: Vec<u8>, ty: &'static str, kept: &[KeptRel]) {
        if !kept.is_empty() {
            let list: Vec<Rel> = kept
                .iter()
                .map(|r| Rel::new(r.id.clone(), r.kind, relative(&name, &r.target)))
                .collect();
            self.parts.push(Part {
                name: opc::rels_of(&name),
                bytes: rels(&list).into_bytes(),
                content_type: None,
            });
        }
        self.parts.push(Part {
            name,
            bytes,
            content_type: Some(ty),
        });
    }

    /// A part of the expected content type, read; `None` if it is absent
    /// or of another type (and so left out).
    fn read_typed(&mut self, name: &str, ty: &str) -> Result<Option<Vec<u8>>, String> {
        if self.pkg.content_type(name) != Some(ty) {
            return Ok(None);
        }
        self.pkg.read(name)
    }

    fn master(&mut self, old: &str) -> Result<Option<String>, String> {
        if let Some(done) = self.seen.get(old) {
            return Ok(done.clone());
        }
        self.seen.insert(old.to_string(), None);
        let Some(xml) = self.read_typed(old, ct::SLIDE_MASTER)? else {
            return Ok(None);
        };
        let name = self.fresh("slideMasters", "slideMaster", "xml");
        self.seen.insert(old.to_string(), Some(name.clone()));
        let mut kept = Vec::new();
        let mut pictures = Vec::new();
        let mut layouts = std::collections::BTreeSet::new();
        let mut theme = None;
        let first_layout = self.layouts.len();
        for r in self.pkg.relationships(old)? {
            let Target::Part(t) = &r.target else { continue };
            let (kind, target) = match r.kind.as_str() {
                "slideLayout" => match self.layout(t, &name)? {
                    // Each layout once: a second relationship to it is left
                    // out (and so is what refers to it).
                    Some(l) if !layouts.insert(l.clone()) => continue,
                    l => {
                        if let Some(l) = &l {
                            self.layout_rel.insert(l.clone(), r.id.clone());
                        }
                        (rel::SLIDE_LAYOUT, l)
                    }
                },
                "theme" if theme.is_none() => {
                    let new = self.theme(t)?;
                    theme = new.clone();
                    (rel::THEME, new)
                }
                "image" => {
                    if self.is_picture(t)? {
                        pictures.push((r.id, t.clone()));
                    }
                    continue;
                }
                _ => continue,
            };
            if let Some(target) = target {
                kept.push(KeptRel {
                    id: r.id,
                    kind,
                    target,
                });
            }
        }
        if theme.is_none() {
            return Err(format!(
                "its slide master `{old}` has no theme; PowerPoint requires one"
            ));
        }
        let (bytes, el, kept) = self.copy(&xml, kept, pictures)?;
        // This master's layouts: boxes they leave out are the master's, and
        // they are listed in the master's order.
        let own = layouts::read(&el);
        let order = layouts::master_order(&el);
        let mine = &mut self.layouts[first_layout..];
        let slide = self.slide;
        let master_art = layouts::artwork(&el, slide);
        for l in mine.iter_mut() {
            layouts::inherit(&mut l.placeholders, &own);
            layouts::prefer_master(l, &own, slide);
            if !l.hides_master {
                l.art.extend(master_art.iter().copied());
            }
        }
        let rank = |l: &LayoutInfo| {
            self.layout_rel
                .get(&l.part)
                .and_then(|id| order.iter().position(|o| o == id))
                .unwrap_or(usize::MAX)
        };
        let mut sorted = mine.to_vec();
        sorted.sort_by_key(|l| rank(l));
        mine.clone_from_slice(&sorted);
        if self.master_body.is_none() {
            self.master_body = own
                .iter()
                .find(|p| matches!(p.ty(), "body" | "obj"))
                .and_then(|p| p.rect);
        }
        if let Some(t) = theme
            && let Some(font) = self.theme_fonts.get(&t).cloned()
        {
            self.theme_fonts.entry(name.clone()).or_insert(font);
        }
        self.keep(name.clone(), bytes, ct::SLIDE_MASTER, &kept);
        Ok(Some(name))
    }

    fn layout(&mut self, old: &str, master: &str) -> Result<Option<String>, String> {
        if let Some(done) = self.seen.get(old) {
            return Ok(done.clone());
        }
        self.seen.insert(old.to_string(), None);
        let Some(xml) = self.read_typed(old, ct::SLIDE_LAYOUT)? else {
            return Ok(None);
        };
        let name = self.fresh("slideLayouts", "slideLayout", "xml");
        let mut kept = Vec::new();
        let mut pictures = Vec::new();
        let mut has_master = false;
        for r in self.pkg.relationships(old)? {
            let Target::Part(t) = &r.target else { continue };
            match r.kind.as_str() {
                // A layout belongs to the master that lists it.
                "slideMaster" if !has_master => {
                    has_master = true;
                    kept.push(KeptRel {
                        id: r.id,
                        kind: rel::SLIDE_MASTER,
                        target: master.to_string(),
                    });
                }
                "image" if self.is_picture(t)? => pictures.push((r.id, t.clone())),
                _ => {}
            }
        }
        if !has_master {
            return Ok(None);
        }
        let (bytes, el, kept) = self.copy(&xml, kept, pictures)?;
        let (layout_name, ty) = layouts::name_and_type(&el);
        self.layouts.push(LayoutInfo {
            part: name.clone(),
            name: layout_name,
            ty,
            placeholders: layouts::read(&el),
            from_master: false,
            art: layouts::artwork(&el, self.slide),
            hides_master: layouts::hides_master_shapes(&el),
        });
        self.seen.insert(old.to_string(), Some(name.clone()));
        self.keep(name.clone(), bytes, ct::SLIDE_LAYOUT, &kept);
        Ok(Some(name))
    }

    /// The notes master and its theme (its pictures too).
    fn notes_master(&mut self, old: &str) -> Result<Option<String>, String> {
        if let Some(done) = self.seen.get(old) {
            return Ok(done.clone());
        }
        self.seen.insert(old.to_string(), None);
        let Some(xml) = self.read_typed(old, ct::NOTES_MASTER)? else {
            return Ok(None);
        };
        let mut kept = Vec::new();
        let mut pictures = Vec::new();
        for r in self.pkg.relationships(old)? {
            let Target::Part(t) = &r.target else { continue };
            match r.kind.as_str() {
                "theme" if kept.is_empty() => {
                    if let Some(target) = self.theme(t)? {
                        kept.push(KeptRel {
                            id: r.id,
                            kind: rel::THEME,
                            target,
                        });
                    }
                }
                "image" if self.is_picture(t)? => pictures.push((r.id, t.clone())),
                _ => {}
            }
        }
        // PowerPoint requires a notes master's theme.
        if kept.is_empty() {
            return Ok(None);
        }
        let name = self.fresh("notesMasters", "notesMaster", "xml");
        let (bytes, _, kept) = self.copy(&xml, kept, pictures)?;
        self.seen.insert(old.to_string(), Some(name.clone()));
        self.keep(name.clone(), bytes, ct::NOTES_MASTER, &kept);
        Ok(Some(name))
    }

    fn theme(&mut self, old: &str) -> Result<Option<String>, String> {
        if let Some(done) = self.seen.get(old) {
            return Ok(done.clone());
        }
        self.seen.insert(old.to_string(), None);
        let Some(xml) = self.read_typed(old, ct::THEME)? else {
            return Ok(None);
        };
        let name = self.fresh("theme", "theme", "xml");
        let mut pictures = Vec::new();
        for r in self.pkg.relationships(old)? {
            if let (Target::Part(t), "image") = (&r.target, r.kind.as_str())
                && self.is_picture(t)?
            {
                pictures.push((r.id, t.clone()));
            }
        }
        let (bytes, el, kept) = self.copy(&xml, Vec::new(), pictures)?;
        // The body font: the minor font's Latin typeface.
        if let Some(i) = el.iter().position(|e| e.local() == "minorFont")
            && let Some(face) = el[i..]
                .iter()
                .find(|e| e.local() == "latin")
                .and_then(|e| e.attr("typeface"))
                .filter(|f| !f.trim().is_empty())
        {
            self.theme_fonts.insert(name.clone(), face.to_string());
        }
        self.seen.insert(old.to_string(), Some(name.clone()));
        self.keep(name.clone(), bytes, ct::THEME, &kept);
        Ok(Some(name))
    }

    /// Copies a part's XML (parsed once, here), keeping references to the
    /// relationships `kept` and to those `pictures` it shows; only the
    /// pictures it shows are carried over. Returns the new bytes, the
    /// part's elements, and every relationship kept.
    fn copy(
        &mut self,
        xml: &[u8],
        mut kept: Vec<KeptRel>,
        pictures: Vec<(String, String)>,
    ) -> Result<Copied, String> {
        let ids: std::collections::HashSet<&str> = kept
            .iter()
            .map(|r| r.id.as_str())
            .chain(pictures.iter().map(|(id, _)| id.as_str()))
            .collect();
        let shown = std::cell::RefCell::new(std::collections::HashSet::new());
        let (bytes, el) = xml_copy::copy(xml, &|id| {
            let keep = ids.contains(id);
            if keep {
                shown.borrow_mut().insert(id.to_string());
            }
            keep
        })?;
        let shown = shown.into_inner();
        for (id, part) in pictures {
            if shown.contains(&id)
                && let Some(target) = self.image(&part)?
            {
                kept.push(KeptRel {
                    id,
                    kind: rel::IMAGE,
                    target,
                });
            }
        }
        Ok((bytes, el, kept))
    }

    /// Whether a part is a picture mvplan would carry over: an image
    /// content type, and its first bytes those of that kind of image (a
    /// macro project or an executable named `.png` is not one). Only the
    /// first bytes are read.
    fn is_picture(&mut self, part: &str) -> Result<bool, String> {
        if let Some(done) = self.seen.get(part) {
            return Ok(done.is_some());
        }
        let Some(&(_, _, magic)) = self
            .pkg
            .content_type(part)
            .and_then(|t| IMAGES.iter().find(|(k, _, _)| *k == t))
        else {
            return Ok(false);
        };
        Ok(self
            .pkg
            .head(part, 16)?
            .is_some_and(|head| magic.iter().any(|m| head.starts_with(m))))
    }

    fn image(&mut self, old: &str) -> Result<Option<String>, String> {
        if let Some(done) = self.seen.get(old) {
            return Ok(done.clone());
        }
        self.seen.insert(old.to_string(), None);
        let Some(&(ty, ext, magic)) = self
            .pkg
            .content_type(old)
            .and_then(|t| IMAGES.iter().find(|(k, _, _)| *k == t))
        else {
            return Ok(None);
        };
        let Some(bytes) = self.pkg.read(old)? else {
            return Ok(None);
        };
        // A part that says it is a picture and is not one (a macro project,
        // an executable) is not carried over.
        if !magic.iter().any(|m| bytes.starts_with(m)) {
            return Ok(None);
        }
        let name = self.fresh("media", "template-image", ext);
        self.seen.insert(old.to_string(), Some(name.clone()));
        self.parts.push(Part {
            name: name.clone(),
            bytes,
            content_type: Some(ty),
        });
        Ok(Some(name))
    }
}

/// The target of a relationship from part `from` to part `to`, relative.
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

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
        let mut walk = Walk {
            pkg,
            parts: Vec::new(),
            seen: BTreeMap::new(),
            count: BTreeMap::new(),
            layouts: Vec::new(),
            layout_rel: BTreeMap::new(),
            master_body: None,
            slide: (width, height),
            theme_fonts: BTreeMap::new(),
        };
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
            .find(|e| e.local() == "notesMasterId")
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
            relative(
                "ppt/slideMasters/slideMaster1.xml",
                "ppt/slideLayouts/slideLayout2.xml"
            ),
            "../slideLayouts/slideLayout2.xml"
        );
        assert_eq!(relative("ppt/theme/theme1.xml", "ppt/theme/x.png"), "x.png");
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
