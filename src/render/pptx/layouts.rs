//! A template's layouts: what each offers (its placeholders, with their
//! boxes read by path and inherited from the master, as PowerPoint does),
//! and which one each kind of mvplan slide takes.
//!
//! Layouts are chosen the way a person picking from PowerPoint's layout
//! gallery would (and the way python-pptx users pick them): by the `type`
//! PowerPoint gives a layout, then by its name ("Title Slide", "Title &
//! Bullets", "Section Header", in English and a few other languages), then
//! by the placeholders it offers — a title and one large body for content,
//! a title and a subtitle for a cover. A plain layout beats its variants
//! ("Title and Content" before "Dark Title and Content"); the master's own
//! order (`sldLayoutIdLst`) breaks ties, never the order of its
//! relationships.

use super::master::LayoutKind;
use super::placeholder::Ph;
use super::xml_copy::El;

/// A box on the slide: (x, y, width, height), pt.
pub type Rect = (f32, f32, f32, f32);

/// A placeholder of a layout or master: its `<p:ph>` and its box, when the
/// part (or, for a layout, its master) says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placeholder {
    pub ph: Ph,
    pub rect: Option<Rect>,
}

impl Placeholder {
    /// The type PowerPoint reads (`obj` when none is written).
    pub fn ty(&self) -> &'static str {
        self.ph.ty.unwrap_or("obj")
    }

    fn area(&self) -> f32 {
        self.rect.map_or(0.0, |r| r.2 * r.3)
    }

    fn is_title(&self) -> bool {
        matches!(self.ty(), "title" | "ctrTitle")
    }

    /// A placeholder that takes text: body, object or subtitle.
    fn is_body(&self) -> bool {
        matches!(self.ty(), "body" | "obj" | "subTitle")
    }
}

/// A layout as read: its part name (in the deck), name, `type` and its
/// placeholders in document order.
#[derive(Debug, Clone)]
pub struct LayoutInfo {
    pub part: String,
    pub name: String,
    pub ty: Option<String>,
    pub placeholders: Vec<Placeholder>,
    /// Its title and body boxes were replaced by its master's (see
    /// [`prefer_master`]): slides must write them.
    pub from_master: bool,
    /// Artwork a slide on it shows: its own and (unless it hides them)
    /// its master's pictures and filled shapes, not backgrounds.
    pub art: Vec<Rect>,
    /// It hides its master's shapes (`showMasterSp="0"`).
    pub hides_master: bool,
}

/// EMU → pt.
fn emu_pt(v: Option<&str>) -> Option<f32> {
    v?.trim().parse::<i64>().ok().map(|e| e as f32 / 12_700.0)
}

/// The children of element `i` (by depth), as indices.
fn children(el: &[El], i: usize) -> impl Iterator<Item = usize> + '_ {
    let depth = el[i].depth;
    el[i + 1..]
        .iter()
        .take_while(move |e| e.depth > depth)
        .enumerate()
        .filter(move |(_, e)| e.depth == depth + 1)
        .map(move |(k, _)| i + 1 + k)
}

fn child(el: &[El], i: usize, local: &str) -> Option<usize> {
    children(el, i).find(|&k| el[k].local() == local)
}

/// The placeholders of a layout or master's shape tree, in document order,
/// each with its box read by its path (`p:spPr/a:xfrm/a:off|a:ext`): never
/// the first `a:ext` of the shape, which in files PowerPoint 2016 and later
/// saved is an extension list's `<a:ext uri=…>`.
pub fn read(el: &[El]) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for i in 0..el.len() {
        if el[i].local() != "sp" {
            continue;
        }
        let ph = child(el, i, "nvSpPr")
            .and_then(|k| child(el, k, "nvPr"))
            .and_then(|k| child(el, k, "ph"));
        let Some(ph) = ph else { continue };
        let rect = child(el, i, "spPr")
            .and_then(|k| child(el, k, "xfrm"))
            .and_then(|x| {
                let off = &el[child(el, x, "off")?];
                let ext = &el[child(el, x, "ext")?];
                Some((
                    emu_pt(off.attr("x"))?,
                    emu_pt(off.attr("y"))?,
                    emu_pt(ext.attr("cx"))?,
                    emu_pt(ext.attr("cy"))?,
                ))
            })
            .filter(|r| r.2 > 0.0 && r.3 > 0.0);
        out.push(Placeholder {
            ph: Ph::read(&el[ph]),
            rect,
        });
    }
    out
}

/// Pictures and filled shapes that are not placeholders, as a viewer
/// draws them under a slide: a logo panel, a coloured band. Lines and
/// slivers (under 6 pt) and backgrounds (over 60% of the slide) are not.
pub fn artwork(el: &[El], slide: (f32, f32)) -> Vec<Rect> {
    let mut out = Vec::new();
    for i in 0..el.len() {
        if !matches!(el[i].local(), "sp" | "pic") || el[i].depth > 4 {
            continue;
        }
        let nv = if el[i].local() == "sp" {
            "nvSpPr"
        } else {
            "nvPicPr"
        };
        let is_ph = child(el, i, nv)
            .and_then(|k| child(el, k, "nvPr"))
            .and_then(|k| child(el, k, "ph"))
            .is_some();
        if is_ph {
            continue;
        }
        let rect = child(el, i, "spPr")
            .and_then(|k| child(el, k, "xfrm"))
            .and_then(|x| {
                let off = &el[child(el, x, "off")?];
                let ext = &el[child(el, x, "ext")?];
                Some((
                    emu_pt(off.attr("x"))?,
                    emu_pt(off.attr("y"))?,
                    emu_pt(ext.attr("cx"))?,
                    emu_pt(ext.attr("cy"))?,
                ))
            });
        if let Some(r) = rect
            && r.2 >= 6.0
            && r.3 >= 6.0
            && r.2 * r.3 <= slide.0 * slide.1 * 0.6
        {
            out.push(r);
        }
    }
    out
}

/// Whether a layout hides its master's shapes (`showMasterSp="0"`).
pub fn hides_master_shapes(el: &[El]) -> bool {
    el.iter()
        .find(|e| e.local() == "sldLayout")
        .and_then(|e| e.attr("showMasterSp"))
        .is_some_and(|v| matches!(v.trim(), "0" | "false"))
}

fn overlap(a: Rect, b: Rect) -> f32 {
    let w = (a.0 + a.2).min(b.0 + b.2) - a.0.max(b.0);
    let h = (a.1 + a.3).min(b.1 + b.3) - a.1.max(b.1);
    w.max(0.0) * h.max(0.0)
}

/// The share of `r` that artwork covers (at most 1).
fn covered(r: Rect, art: &[Rect]) -> f32 {
    let area = (r.2 * r.3).max(1.0);
    (art.iter().map(|a| overlap(r, *a)).sum::<f32>() / area).min(1.0)
}

/// The largest part of `body` clear of each piece of artwork over it
/// (left, right, above or below it): text never runs under a logo panel.
pub fn clear_of(body: Rect, art: &[Rect]) -> Rect {
    let mut b = body;
    for a in art {
        if overlap(b, *a) < b.2 * b.3 * 0.02 {
            continue;
        }
        let (x, y, w, h) = b;
        let candidates = [
            (x, y, (a.0 - x).max(0.0), h),
            (a.0 + a.2, y, (x + w - a.0 - a.2).max(0.0), h),
            (x, y, w, (a.1 - y).max(0.0)),
            (x, a.1 + a.3, w, (y + h - a.1 - a.3).max(0.0)),
        ];
        if let Some(best) = candidates
            .into_iter()
            .filter(|c| c.2 >= w * 0.4 && c.3 >= h * 0.4)
            .max_by(|p, q| (p.2 * p.3).total_cmp(&(q.2 * q.3)))
        {
            b = best;
        }
    }
    b
}

/// The layout's name (`<p:cSld name>`) and `type`.
pub fn name_and_type(el: &[El]) -> (String, Option<String>) {
    let ty = el
        .iter()
        .find(|e| e.local() == "sldLayout")
        .and_then(|e| e.attr("type"))
        .map(str::to_string);
    let name = el
        .iter()
        .find(|e| e.local() == "cSld")
        .and_then(|e| e.attr("name"))
        .unwrap_or("")
        .to_string();
    (name, ty)
}

/// The relationship ids of the master's layouts in its `sldLayoutIdLst`
/// order (the order PowerPoint shows them in).
pub fn master_order(el: &[El]) -> Vec<String> {
    el.iter()
        .filter(|e| e.local() == "sldLayoutId")
        .filter_map(|e| e.rel_attr("id").map(str::to_string))
        .collect()
}

/// Boxes a layout leaves out come from the master's placeholder of the
/// same type (titles from its title, bodies and subtitles from its body).
pub fn inherit(layout: &mut [Placeholder], master: &[Placeholder]) {
    for p in layout.iter_mut().filter(|p| p.rect.is_none()) {
        let want = match p.ty() {
            "ctrTitle" | "title" => "title",
            "subTitle" | "obj" | "body" => "body",
            other => other,
        };
        p.rect = master
            .iter()
            .find(|m| {
                let ty = m.ty();
                ty == want || (want == "body" && ty == "obj")
            })
            .and_then(|m| m.rect);
    }
}

/// Names of layouts of each kind, lower case, as templates write them.
fn names(kind: LayoutKind) -> &'static [&'static str] {
    match kind {
        LayoutKind::Title => &[
            "title slide",
            "title & subtitle",
            "title and subtitle",
            "cover",
            "titelfolie",
            "diapositive de titre",
            "título da apresentação",
            "slide de título",
            "title",
        ],
        LayoutKind::Content => &[
            "title and content",
            "title & bullets",
            "title and body",
            "title, content",
            "titel und inhalt",
            "titre et contenu",
            "título e conteúdo",
            "content",
            "bullets",
        ],
        LayoutKind::Section => &[
            "section header",
            "section",
            "divider",
            "abschnittsüberschrift",
            "en-tête de section",
            "cabeçalho da seção",
            "seção",
        ],
        LayoutKind::TitleOnly => &[
            "title only",
            "title - top",
            "nur titel",
            "titre seul",
            "somente título",
        ],
        LayoutKind::Blank => &["blank", "leer", "vide", "em branco"],
    }
}

/// The `type`s of layouts of each kind.
fn types(kind: LayoutKind) -> &'static [&'static str] {
    match kind {
        LayoutKind::Title => &["title"],
        LayoutKind::Content => &["obj", "tx"],
        LayoutKind::Section => &["secHead"],
        LayoutKind::TitleOnly => &["titleOnly"],
        LayoutKind::Blank => &["blank"],
    }
}

/// How well a layout fits a kind of slide (higher is better), given the
/// slide's area.
fn score(kind: LayoutKind, l: &LayoutInfo, slide_area: f32) -> i32 {
    let mut s = 0;
    if l.ty.as_deref().is_some_and(|t| types(kind).contains(&t)) {
        s += 100;
    }
    let name = l.name.to_lowercase();
    if let Some(rank) = names(kind).iter().position(|n| name.contains(n)) {
        s += 60 - rank as i32;
        // The plain layout before its variants ("Dark Title and Content").
        if name.trim() != names(kind)[rank] {
            s -= 8;
        }
    }
    let title = l.placeholders.iter().any(Placeholder::is_title);
    let centre_title = l.placeholders.iter().any(|p| p.ty() == "ctrTitle");
    let subtitle = l.placeholders.iter().any(|p| p.ty() == "subTitle");
    // Bodies worth writing into: not an icon box.
    let bodies: Vec<&Placeholder> = l
        .placeholders
        .iter()
        .filter(|p| p.is_body() && p.ty() != "subTitle")
        .filter(|p| p.rect.is_none() || p.area() >= slide_area * 0.08)
        .collect();
    let large = bodies
        .iter()
        .filter(|p| p.rect.is_none() || p.area() >= slide_area * 0.25)
        .count();
    // Among layouts otherwise alike (one per master), the roomiest body,
    // and never one whose body lies under the template's artwork.
    let room = bodies.iter().map(|p| p.area()).fold(0.0, f32::max) / slide_area.max(1.0);
    s += (room.min(1.0) * 10.0) as i32;
    let under_art = bodies
        .iter()
        .filter_map(|p| p.rect)
        .map(|r| covered(r, &l.art))
        .fold(0.0, f32::max);
    s -= (under_art * 120.0) as i32;
    match kind {
        LayoutKind::Title => {
            s += if title { 40 } else { -200 };
            s += if centre_title { 20 } else { 0 };
            s += if subtitle || !bodies.is_empty() {
                20
            } else {
                0
            };
        }
        LayoutKind::Content => {
            s += if title { 40 } else { -200 };
            s += match large {
                1 => 40,
                0 => -150,
                _ => -30,
            };
            if centre_title || subtitle {
                s -= 40;
            }
        }
        LayoutKind::Section => {
            s += if title { 40 } else { -200 };
            if large > 0 {
                s -= 20;
            }
        }
        LayoutKind::TitleOnly => {
            s += if title { 40 } else { -200 };
            s -= 20 * bodies.len() as i32;
            if centre_title || subtitle {
                s -= 40;
            }
        }
        LayoutKind::Blank => {
            if title {
                s -= 40;
            }
            s -= 20 * bodies.len() as i32;
        }
    }
    s
}

/// The layout for each kind of slide: the best scoring; ties go to the
/// master's order.
pub fn choose(kind: LayoutKind, layouts: &[LayoutInfo], slide: (f32, f32)) -> Option<usize> {
    let area = slide.0 * slide.1;
    layouts
        .iter()
        .enumerate()
        .max_by_key(|(i, l)| (score(kind, l, area), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// What a slide of a kind writes into on its layout.
#[derive(Debug, Clone, Default)]
pub struct Slots {
    /// The layout's name, as the template gives it.
    pub layout_name: String,
    pub title: Option<Placeholder>,
    /// The main body: the largest body placeholder (a subtitle on covers).
    pub body: Option<Placeholder>,
    pub footer: Option<Ph>,
    pub number: Option<Ph>,
    /// Whether the slide must give its title and body their boxes (not
    /// inherit them): the layout's body has no `idx` of its own (so a
    /// viewer matching by `idx` would take the title's box), or its boxes
    /// were replaced by the master's.
    pub explicit: bool,
}

/// The placeholders a slide uses on a layout.
pub fn slots(kind: LayoutKind, l: &LayoutInfo) -> Slots {
    let title = l.placeholders.iter().copied().find(Placeholder::is_title);
    let largest = |filter: &dyn Fn(&Placeholder) -> bool| {
        l.placeholders
            .iter()
            .copied()
            .filter(|p| filter(p))
            // Among equals the first in document order.
            .fold(None::<Placeholder>, |best, p| match best {
                Some(b) if b.area() >= p.area() => Some(b),
                _ => Some(p),
            })
    };
    let body = match kind {
        LayoutKind::Title => {
            largest(&|p| p.ty() == "subTitle").or_else(|| largest(&|p| p.is_body()))
        }
        _ => largest(&|p| matches!(p.ty(), "body" | "obj")),
    };
    Slots {
        layout_name: l.name.clone(),
        title,
        body,
        footer: l
            .placeholders
            .iter()
            .find(|p| p.ty() == "ftr")
            .map(|p| p.ph),
        number: l
            .placeholders
            .iter()
            .find(|p| p.ty() == "sldNum")
            .map(|p| p.ph),
        explicit: l.from_master || body.is_some_and(|b| b.ph.idx.unwrap_or(0) == 0),
    }
}

/// A layout whose bodies are all a sliver of the slide while its
/// master's body is not (LibreOffice writes every layout's placeholders at
/// one small preview position) takes the master's title and body boxes.
pub fn prefer_master(l: &mut LayoutInfo, master: &[Placeholder], slide: (f32, f32)) {
    let area = |r: Option<Rect>| r.map_or(0.0, |r| r.2 * r.3);
    let of_master = |ty: &str| {
        master
            .iter()
            .find(|p| p.ty() == ty || (ty == "body" && p.ty() == "obj"))
            .and_then(|p| p.rect)
    };
    let (m_title, m_body) = (of_master("title"), of_master("body"));
    let largest = l
        .placeholders
        .iter()
        .filter(|p| p.is_body())
        .map(|p| area(p.rect))
        .fold(0.0, f32::max);
    if largest == 0.0 || largest >= slide.0 * slide.1 * 0.25 || area(m_body) < 2.0 * largest {
        return;
    }
    for p in &mut l.placeholders {
        if p.is_title() && m_title.is_some() {
            p.rect = m_title;
        } else if p.is_body() {
            p.rect = m_body;
        }
    }
    l.from_master = true;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pptx::xml_copy;

    fn layout(name: &str, ty: Option<&str>, phs: &[(&str, Rect)]) -> LayoutInfo {
        LayoutInfo {
            part: String::new(),
            name: name.into(),
            ty: ty.map(str::to_string),
            placeholders: phs
                .iter()
                .map(|(t, r)| Placeholder {
                    ph: Ph {
                        ty: super::super::placeholder::PH_TYPES
                            .iter()
                            .find(|k| *k == t)
                            .copied(),
                        idx: None,
                    },
                    rect: Some(*r),
                })
                .collect(),
            from_master: false,
            art: Vec::new(),
            hides_master: false,
        }
    }

    #[test]
    fn geometry_is_read_by_its_path_not_the_first_ext() {
        let el = xml_copy::elements(br#"<p:sldLayout xmlns:p="p" xmlns:a="a"><p:cSld name="X"><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="B"><a:extLst><a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"/></a:extLst></p:cNvPr><p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="127000" y="254000"/><a:ext cx="1270000" cy="635000"/></a:xfrm></p:spPr></p:sp></p:spTree></p:cSld></p:sldLayout>"#).unwrap();
        let p = read(&el);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].rect, Some((10.0, 20.0, 100.0, 50.0)));
        assert_eq!(name_and_type(&el).0, "X");
    }

    #[test]
    fn layouts_are_chosen_by_type_name_and_placeholders() {
        let full = (40.0, 100.0, 880.0, 380.0);
        let title = ("title", (40.0, 20.0, 880.0, 60.0));
        let ls = vec![
            layout("Dark Title and Content", None, &[title, ("body", full)]),
            layout(
                "Title & Subtitle",
                None,
                &[("ctrTitle", full), ("subTitle", full)],
            ),
            layout("Title and Content", None, &[title, ("body", full)]),
            layout(
                "Two Content",
                Some("twoObj"),
                &[title, ("body", full), ("body", full)],
            ),
            layout("Section", None, &[title]),
        ];
        let pick = |k| ls[choose(k, &ls, (960.0, 540.0)).unwrap()].name.as_str();
        assert_eq!(pick(LayoutKind::Content), "Title and Content");
        assert_eq!(pick(LayoutKind::Title), "Title & Subtitle");
        assert_eq!(pick(LayoutKind::Section), "Section");
    }

    #[test]
    fn bodies_stay_clear_of_artwork() {
        let full = (40.0, 100.0, 880.0, 380.0);
        let mut plain = layout(
            "Title and Content",
            Some("obj"),
            &[("title", (40.0, 20.0, 880.0, 60.0)), ("body", full)],
        );
        let mut banded = plain.clone();
        banded.art = vec![(0.0, 300.0, 960.0, 240.0)];
        plain.name = "Title and Content 2".into();
        let ls = vec![banded, plain];
        assert_eq!(choose(LayoutKind::Content, &ls, (960.0, 540.0)), Some(1));
        // A logo panel on the right: the body ends where it starts.
        let b = clear_of(full, &[(800.0, 0.0, 160.0, 540.0)]);
        assert_eq!(b, (40.0, 100.0, 760.0, 380.0));
    }

    #[test]
    fn the_largest_body_is_the_body_never_an_icon_box() {
        let l = layout(
            "Title & Bullets",
            None,
            &[
                ("title", (40.0, 20.0, 880.0, 60.0)),
                ("body", (900.0, 20.0, 36.0, 36.0)),
                ("body", (40.0, 100.0, 880.0, 380.0)),
            ],
        );
        let s = slots(LayoutKind::Content, &l);
        assert_eq!(s.body.unwrap().rect, Some((40.0, 100.0, 880.0, 380.0)));
    }
}
