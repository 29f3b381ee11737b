//! A company's PowerPoint template (`.pptx` or `.potx`): its slide masters,
//! layouts, themes (fonts, colours) and their pictures (the logo) are kept;
//! its slides are not. Each mvplan slide takes the template's layout of the
//! right kind (by the `type` PowerPoint gives layouts: title, obj, secHead,
//! titleOnly, blank), and its placeholders.
//!
//! The file may come from someone else: it is read within limits (size,
//! entries, decompressed bytes), never extracted to disk, and nothing it
//! references outside itself is followed.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use super::Masters;
use super::master::LayoutKind;

/// Templates larger than this are refused (corporate templates with
/// pictures are a few MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ENTRIES: usize = 5_000;
/// The most one part may inflate to, and all kept parts together.
const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read the template `{path}`: {why}")]
    Read { path: String, why: String },
    #[error("`{path}` is not a PowerPoint template: {why}")]
    Invalid { path: String, why: String },
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<(String, Vec<u8>)>,
    types: BTreeMap<String, String>,
    defaults: Vec<(String, String)>,
    masters: Vec<String>,
    layouts: Vec<(LayoutKind, String, Placeholders)>,
    width: f32,
    height: f32,
    default_text_style: String,
    body_font: String,
}

/// The placeholders a layout offers: the `<p:ph …/>` element a slide's
/// shape must carry to take the layout's title and body.
#[derive(Debug, Clone, Default)]
pub struct Placeholders {
    pub title: Option<String>,
    pub body: Option<String>,
    /// The body placeholder's box (x, y, w, h), pt, when the layout says.
    pub body_box: Option<(f32, f32, f32, f32)>,
}

/// One element of an XML part: qualified name and attributes, with depth.
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    depth: usize,
}

impl El {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The elements of an XML document, in order.
fn elements(xml: &[u8]) -> Result<Vec<El>, String> {
    let text = std::str::from_utf8(xml).map_err(|_| "a part is not UTF-8 XML".to_string())?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(ev @ (Event::Start(_) | Event::Empty(_))) => {
                let (e, opens) = match ev {
                    Event::Start(e) => (e, true),
                    Event::Empty(e) => (e, false),
                    _ => continue,
                };
                let name = e.name().as_ref().to_string();
                let attrs = e
                    .attributes()
                    .filter_map(Result::ok)
                    .map(|a| {
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(quick_xml::XmlVersion::default())
                                .map(|v| v.into_owned())
                                .unwrap_or_default(),
                        )
                    })
                    .collect();
                out.push(El { name, attrs, depth });
                if out.len() > 2_000_000 {
                    return Err("a part has too many elements".into());
                }
                if opens {
                    depth += 1;
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("a part is not well-formed XML ({e})")),
        }
    }
    Ok(out)
}

/// Resolves a relationship target against the part it is relative to.
fn resolve(base: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Parts a template's masters and layouts can need; its slides, notes,
/// document properties and the presentation itself are mvplan's.
fn kept(name: &str) -> bool {
    [
        "ppt/slideMasters/",
        "ppt/slideLayouts/",
        "ppt/theme/",
        "ppt/media/",
        "ppt/fonts/",
        "ppt/tags/",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

fn emu_pt(v: Option<&str>) -> Option<f32> {
    v?.parse::<i64>().ok().map(|e| e as f32 / 12_700.0)
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
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("it is not a zip package ({e})"))?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "it has {} parts; templates have far fewer",
                zip.len()
            ));
        }
        let mut all: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut total = 0u64;
        for i in 0..zip.len() {
            let mut f = zip
                .by_index(i)
                .map_err(|e| format!("a part cannot be read ({e})"))?;
            if f.is_dir() {
                continue;
            }
            let Ok(n) = f.name().map(|n| n.to_string()) else {
                continue;
            };
            let wanted = kept(&n)
                || n == "[Content_Types].xml"
                || n == "ppt/presentation.xml"
                || n == "ppt/_rels/presentation.xml.rels";
            if !wanted {
                continue;
            }
            let mut buf = Vec::new();
            (&mut f)
                .take(MAX_PART_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(|e| format!("`{n}` cannot be read ({e})"))?;
            if buf.len() as u64 > MAX_PART_BYTES {
                return Err(format!(
                    "`{n}` inflates to more than {} MiB",
                    MAX_PART_BYTES / 1024 / 1024
                ));
            }
            total += buf.len() as u64;
            if total > MAX_TOTAL_BYTES {
                return Err("it inflates to more than 256 MiB".into());
            }
            all.insert(n, buf);
        }
        let ct = all
            .get("[Content_Types].xml")
            .ok_or("it has no [Content_Types].xml")?;
        let mut types = BTreeMap::new();
        let mut defaults = Vec::new();
        for e in elements(ct)? {
            match e.name.as_str() {
                "Override" => {
                    if let (Some(p), Some(t)) = (e.attr("PartName"), e.attr("ContentType")) {
                        types.insert(p.trim_start_matches('/').to_string(), t.to_string());
                    }
                }
                "Default" => {
                    if let (Some(x), Some(t)) = (e.attr("Extension"), e.attr("ContentType")) {
                        defaults.push((x.to_lowercase(), t.to_string()));
                    }
                }
                _ => {}
            }
        }
        let pres = all
            .get("ppt/presentation.xml")
            .ok_or("it has no ppt/presentation.xml")?;
        let pres_el = elements(pres)?;
        // The template's default text style, kept as it is written.
        let default_text_style = std::str::from_utf8(pres)
            .ok()
            .and_then(|t| {
                let a = t.find("<p:defaultTextStyle>")?;
                let b = t[a..].find("</p:defaultTextStyle>")? + a + "</p:defaultTextStyle>".len();
                Some(t[a..b].to_string())
            })
            .unwrap_or_default();
        let size = pres_el.iter().find(|e| e.name.ends_with("sldSz"));
        let width = emu_pt(size.and_then(|e| e.attr("cx"))).unwrap_or(960.0);
        let height = emu_pt(size.and_then(|e| e.attr("cy"))).unwrap_or(540.0);
        if !(72.0..=4000.0).contains(&width) || !(72.0..=4000.0).contains(&height) {
            return Err("its slide size is not a slide's".into());
        }
        let pres_rels: Vec<El> = match all.get("ppt/_rels/presentation.xml.rels") {
            Some(r) => elements(r)?,
            None => Vec::new(),
        };
        let target_of = |rels: &[El], base: &str, id: &str| {
            rels.iter()
                .find(|r| r.name == "Relationship" && r.attr("Id") == Some(id))
                .and_then(|r| r.attr("Target"))
                .map(|t| resolve(base, t))
        };
        let mut masters = Vec::new();
        for e in pres_el.iter().filter(|e| e.name.ends_with("sldMasterId")) {
            if let Some(id) = e.attr("r:id")
                && let Some(m) = target_of(&pres_rels, "ppt/presentation.xml", id)
                && all.contains_key(&m)
            {
                masters.push(m);
            }
        }
        if masters.is_empty() {
            return Err("it has no slide master".into());
        }
        // The layouts of the masters, with their kinds and placeholders.
        let mut layouts: Vec<(Option<LayoutKind>, String, Placeholders)> = Vec::new();
        let mut master_body: Option<(f32, f32, f32, f32)> = None;
        for m in &masters {
            let m_el = elements(&all[m])?;
            if master_body.is_none() {
                master_body = placeholders(&m_el).body_box;
            }
            let rels = match all.get(&rels_of(m)) {
                Some(r) => elements(r)?,
                None => Vec::new(),
            };
            for r in rels.iter().filter(|r| {
                r.name == "Relationship"
                    && r.attr("Type").is_some_and(|t| t.ends_with("/slideLayout"))
            }) {
                let Some(target) = r.attr("Target").map(|t| resolve(m, t)) else {
                    continue;
                };
                let Some(xml) = all.get(&target) else {
                    continue;
                };
                let el = elements(xml)?;
                let kind = el
                    .iter()
                    .find(|e| e.name.ends_with("sldLayout"))
                    .and_then(|e| e.attr("type"))
                    .and_then(|t| match t {
                        "title" => Some(LayoutKind::Title),
                        "obj" | "tx" => Some(LayoutKind::Content),
                        "secHead" => Some(LayoutKind::Section),
                        "titleOnly" => Some(LayoutKind::TitleOnly),
                        "blank" => Some(LayoutKind::Blank),
                        _ => None,
                    });
                layouts.push((kind, target, placeholders(&el)));
            }
        }
        if layouts.is_empty() {
            return Err("its slide master has no layouts".into());
        }
        // One layout per kind: the first of that type; else the closest.
        let pick = |kind: LayoutKind| -> (String, Placeholders) {
            let exact = layouts.iter().find(|(k, _, _)| *k == Some(kind));
            let with_body = layouts
                .iter()
                .find(|(_, _, p)| p.title.is_some() && p.body.is_some());
            let with_title = layouts.iter().find(|(_, _, p)| p.title.is_some());
            let chosen = match kind {
                LayoutKind::Content | LayoutKind::Section | LayoutKind::Title => {
                    exact.or(with_body)
                }
                LayoutKind::TitleOnly => exact.or(with_title),
                LayoutKind::Blank => exact.or(with_title),
            }
            .or_else(|| layouts.first());
            chosen.map_or((String::new(), Placeholders::default()), |(_, n, p)| {
                (n.clone(), p.clone())
            })
        };
        let mut chosen = Vec::new();
        for kind in LayoutKind::ALL {
            let (name, mut ph) = pick(kind);
            if ph.body_box.is_none() {
                ph.body_box = master_body;
            }
            chosen.push((kind, name, ph));
        }
        // The body font: the first master's theme's minor font.
        let body_font = {
            let m = &masters[0];
            let theme = match all.get(&rels_of(m)) {
                Some(r) => elements(r)?
                    .iter()
                    .find(|r| r.attr("Type").is_some_and(|t| t.ends_with("/theme")))
                    .and_then(|r| r.attr("Target"))
                    .map(|t| resolve(m, t)),
                None => None,
            };
            let mut font = None;
            if let Some(xml) = theme.and_then(|t| all.get(&t)) {
                let el = elements(xml)?;
                if let Some(i) = el.iter().position(|e| e.name == "a:minorFont") {
                    font = el[i..]
                        .iter()
                        .find(|e| e.name == "a:latin")
                        .and_then(|e| e.attr("typeface"))
                        .map(str::to_string);
                }
            }
            font.unwrap_or_else(|| "+mn-lt".to_string())
        };
        let parts: Vec<(String, Vec<u8>)> = all.into_iter().filter(|(n, _)| kept(n)).collect();
        Ok(Template {
            parts,
            types,
            defaults,
            masters,
            layouts: chosen,
            width,
            height,
            default_text_style,
            body_font,
        })
    }

    /// The template's layout part for a kind of slide.
    pub fn layout_name(&self, kind: LayoutKind) -> Option<&str> {
        self.layouts
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, n, _)| n.as_str())
    }

    /// The template's placeholders for a kind of slide.
    pub fn placeholders(&self, kind: LayoutKind) -> Option<&Placeholders> {
        self.layouts
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, _, p)| p)
    }

    /// Default content types the template declares (fonts, metafiles).
    pub fn defaults(&self) -> &[(String, String)] {
        &self.defaults
    }

    pub(super) fn masters(&self) -> Masters {
        let parts = self
            .parts
            .iter()
            .map(|(n, b)| (n.clone(), b.clone(), self.types.get(n).cloned()))
            .collect();
        let body = self
            .placeholders(LayoutKind::Content)
            .and_then(|p| p.body_box)
            .unwrap_or((
                self.width * 0.06,
                self.height * 0.22,
                self.width * 0.88,
                self.height * 0.68,
            ));
        Masters {
            parts,
            masters: self.masters.clone(),
            layouts: self
                .layouts
                .iter()
                .map(|(k, n, _)| (*k, n.clone()))
                .collect(),
            width: self.width,
            height: self.height,
            body,
            placeholders: self
                .layouts
                .iter()
                .map(|(k, _, p)| {
                    (
                        *k,
                        p.title
                            .clone()
                            .unwrap_or_else(|| "<p:ph type=\"title\"/>".into()),
                        p.body.clone().unwrap_or_else(|| "<p:ph idx=\"1\"/>".into()),
                    )
                })
                .collect(),
            own_colors: false,
            defaults: self.defaults.clone(),
            default_text_style: self.default_text_style.clone(),
            body_font: self.body_font.clone(),
        }
    }
}

/// The title and body placeholders of a layout or master, and the body's box.
fn placeholders(el: &[El]) -> Placeholders {
    let mut out = Placeholders::default();
    let mut i = 0;
    while i < el.len() {
        if el[i].name != "p:sp" {
            i += 1;
            continue;
        }
        let depth = el[i].depth;
        let end = el[i + 1..]
            .iter()
            .position(|e| e.depth <= depth)
            .map_or(el.len(), |p| i + 1 + p);
        let shape = &el[i..end];
        if let Some(ph) = shape.iter().find(|e| e.name == "p:ph") {
            let ty = ph.attr("type").unwrap_or("body");
            let idx = ph.attr("idx");
            let element = match (ph.attr("type"), idx) {
                (Some(t), Some(n)) => format!("<p:ph type=\"{t}\" idx=\"{n}\"/>"),
                (Some(t), None) => format!("<p:ph type=\"{t}\"/>"),
                (None, Some(n)) => format!("<p:ph idx=\"{n}\"/>"),
                (None, None) => "<p:ph/>".to_string(),
            };
            let off = shape.iter().find(|e| e.name == "a:off");
            let ext = shape.iter().find(|e| e.name == "a:ext");
            let b = match (off, ext) {
                (Some(o), Some(x)) => Some((
                    emu_pt(o.attr("x")).unwrap_or(0.0),
                    emu_pt(o.attr("y")).unwrap_or(0.0),
                    emu_pt(x.attr("cx")).unwrap_or(0.0),
                    emu_pt(x.attr("cy")).unwrap_or(0.0),
                )),
                _ => None,
            };
            match ty {
                "title" | "ctrTitle" if out.title.is_none() => out.title = Some(element),
                "body" | "subTitle" | "obj" if out.body.is_none() => {
                    out.body = Some(element);
                    out.body_box = b.filter(|b| b.2 > 0.0 && b.3 > 0.0);
                }
                _ => {}
            }
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part() {
        assert_eq!(
            resolve(
                "ppt/slideMasters/slideMaster1.xml",
                "../slideLayouts/slideLayout2.xml"
            ),
            "ppt/slideLayouts/slideLayout2.xml"
        );
        assert_eq!(
            resolve("ppt/presentation.xml", "slideMasters/slideMaster1.xml"),
            "ppt/slideMasters/slideMaster1.xml"
        );
        assert_eq!(
            rels_of("ppt/slideMasters/slideMaster1.xml"),
            "ppt/slideMasters/_rels/slideMaster1.xml.rels"
        );
    }

    #[test]
    fn garbage_is_not_a_template() {
        assert!(Template::parse(b"PK\x03\x04 not really").is_err());
        assert!(Template::parse(b"").is_err());
    }
}
