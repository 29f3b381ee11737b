//! The walk over a template's parts, from its masters by relationship:
//! each part read and parsed once, renamed, its relationships rewritten
//! to what was kept; the layouts' placeholders and artwork recorded.

use std::collections::BTreeMap;

use super::super::layouts::{self, LayoutInfo, Rect};
use super::super::opc::{self, Target};
use super::super::package::{Rel, ct, rel, rels};
use super::super::xml_copy::{self, El};
use super::Part;

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
pub(super) struct Walk<'a> {
    pkg: opc::Package<'a>,
    pub(super) parts: Vec<Part>,
    /// Template part name → the name it has in the deck (or `None`: left
    /// out), so a part named any number of times is read once.
    seen: BTreeMap<String, Option<String>>,
    count: BTreeMap<&'static str, usize>,
    /// Every layout kept, in its master's order, with its placeholders'
    /// boxes inherited from the master; and the relationship id each
    /// layout has from its master (to put them in the master's order).
    pub(super) layouts: Vec<LayoutInfo>,
    layout_rel: BTreeMap<String, String>,
    /// The first master's body placeholder's box.
    pub(super) master_body: Option<Rect>,
    /// The slide's size, pt.
    slide: (f32, f32),
    /// Per theme (and master): its body font.
    pub(super) theme_fonts: BTreeMap<String, String>,
}

/// A part copied: its new bytes, its elements, its relationships kept.
type Copied = (Vec<u8>, Vec<El>, Vec<KeptRel>);

/// A relationship of a kept part, to write again.
struct KeptRel {
    id: String,
    kind: &'static str,
    target: String,
}

impl<'a> Walk<'a> {
    /// A walk over a package whose slides are `slide` (pt) in size.
    pub(super) fn new(pkg: opc::Package<'a>, slide: (f32, f32)) -> Walk<'a> {
        Walk {
            pkg,
            parts: Vec::new(),
            seen: BTreeMap::new(),
            count: BTreeMap::new(),
            layouts: Vec::new(),
            layout_rel: BTreeMap::new(),
            master_body: None,
            slide,
            theme_fonts: BTreeMap::new(),
        }
    }

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

    pub(super) fn master(&mut self, old: &str) -> Result<Option<String>, String> {
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
    pub(super) fn notes_master(&mut self, old: &str) -> Result<Option<String>, String> {
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
pub(super) fn relative(from: &str, to: &str) -> String {
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
