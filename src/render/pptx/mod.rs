//! The Markdown deck → an editable PowerPoint file (Office Open XML),
//! written directly: text stays text in placeholders, tables are tables,
//! charts are charts with their data, notes are notes. Slides are the
//! PDF's: the same fit-and-continue decisions (`pdf::paginate`), so the
//! PPTX never relies on PowerPoint's autofit to hide text.
//!
//! The slide master and layouts are built from the mvplan theme
//! (`master`), or taken from the company's template (`template`).

mod chart;
mod master;
mod opc;
mod package;
mod slide;
pub mod template;
mod xml;
mod xml_copy;

use master::{Geometry, HEAD, LayoutKind, NS};
use package::{Package, Rel, content_types, ct, rel, rels, zip_time};

use crate::diagnostic::Finding;
use crate::render::RenderOptions;
use crate::render::assets::{Assets, ImageFormat};
use crate::render::markdown::{Deck, SlideSize};
use crate::render::problems::{CHARACTER_DROPPED, problem};
use crate::theme::Theme;

pub use template::Template;

#[derive(Debug)]
pub struct PptxOutput {
    pub bytes: Vec<u8>,
    pub problems: Vec<Finding>,
    /// Slides written (continuations included).
    pub slides: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PptxError {
    #[error(transparent)]
    Layout(#[from] crate::render::pdf::PdfError),
    #[error("cannot write the PowerPoint file: {0}")]
    Io(#[from] std::io::Error),
}

/// The parts every master set provides: the master, a layout per kind,
/// the theme, and anything they reference.
pub struct Masters<'a> {
    /// Parts to copy in: (name, bytes, content type or `None` for a
    /// default extension). A template's are borrowed from it: its
    /// pictures are held once.
    pub parts: Vec<(String, std::borrow::Cow<'a, [u8]>, Option<String>)>,
    /// Master part names, in order (for `presentation.xml`).
    pub masters: Vec<String>,
    /// The layout part for each kind.
    pub layouts: Vec<(LayoutKind, String)>,
    pub width: f32,
    pub height: f32,
    /// The body placeholder of the content layout (x, y, w, h), pt.
    pub body: (f32, f32, f32, f32),
    /// Per layout kind: the `<p:ph/>` of its title and of its body.
    pub placeholders: Vec<(LayoutKind, String, String)>,
    /// Whether text and tables take the mvplan theme's colours (a company
    /// template keeps its own).
    pub own_colors: bool,
    /// `<p:defaultTextStyle>` of the presentation (a template's own).
    pub default_text_style: String,
    /// The typeface of body text: the theme's minor (body) font.
    pub body_font: String,
}

impl Masters<'_> {
    fn layout(&self, kind: LayoutKind) -> &str {
        self.layouts
            .iter()
            .find(|(k, _)| *k == kind)
            .or_else(|| self.layouts.first())
            .map_or("ppt/slideLayouts/slideLayout1.xml", |(_, p)| p.as_str())
    }
}

/// The built-in master from the mvplan theme.
fn builtin(theme: &Theme, assets: &Assets, size: SlideSize) -> Masters<'static> {
    let width = match size {
        SlideSize::Wide => 960.0,
        SlideSize::Standard => 720.0,
    };
    let g = Geometry {
        width,
        height: 540.0,
        logo: assets.logo().is_some(),
    };
    let mut parts = Vec::new();
    let logo = assets.logo().map(|(_, img)| {
        let ext = match img.format {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
        };
        (format!("ppt/media/logo.{ext}"), img.bytes.to_vec())
    });
    let mut master_rels: Vec<Rel> = LayoutKind::ALL
        .iter()
        .enumerate()
        .map(|(i, _)| {
            Rel::new(
                format!("rId{}", i + 1),
                rel::SLIDE_LAYOUT,
                format!("../slideLayouts/slideLayout{}.xml", i + 1),
            )
        })
        .collect();
    let theme_rel = format!("rId{}", LayoutKind::ALL.len() + 1);
    master_rels.push(Rel::new(theme_rel, rel::THEME, "../theme/theme1.xml"));
    let logo_rel = logo.as_ref().map(|(name, _)| {
        let id = format!("rId{}", LayoutKind::ALL.len() + 2);
        master_rels.push(Rel::new(
            id.clone(),
            rel::IMAGE,
            format!("../media/{}", name.rsplit('/').next().unwrap_or("logo.png")),
        ));
        id
    });
    parts.push((
        "ppt/slideMasters/slideMaster1.xml".to_string(),
        master::master(theme, &g, logo_rel.as_deref())
            .into_bytes()
            .into(),
        Some(ct::SLIDE_MASTER.to_string()),
    ));
    parts.push((
        "ppt/slideMasters/_rels/slideMaster1.xml.rels".to_string(),
        rels(&master_rels).into_bytes().into(),
        None,
    ));
    if let Some((name, bytes)) = logo {
        parts.push((name, bytes.into(), None));
    }
    let mut layouts = Vec::new();
    for (i, kind) in LayoutKind::ALL.iter().enumerate() {
        let name = format!("ppt/slideLayouts/slideLayout{}.xml", i + 1);
        parts.push((
            name.clone(),
            master::layout(*kind, theme, &g).into_bytes().into(),
            Some(ct::SLIDE_LAYOUT.to_string()),
        ));
        parts.push((
            format!("ppt/slideLayouts/_rels/slideLayout{}.xml.rels", i + 1),
            rels(&[Rel::new(
                "rId1",
                rel::SLIDE_MASTER,
                "../slideMasters/slideMaster1.xml",
            )])
            .into_bytes()
            .into(),
            None,
        ));
        layouts.push((*kind, name));
    }
    parts.push((
        "ppt/theme/theme1.xml".to_string(),
        master::theme(theme, &format!("mvplan {}", theme.name))
            .into_bytes()
            .into(),
        Some(ct::THEME.to_string()),
    ));
    Masters {
        parts,
        masters: vec!["ppt/slideMasters/slideMaster1.xml".to_string()],
        layouts,
        width,
        height: 540.0,
        body: g.body(),
        placeholders: LayoutKind::ALL
            .iter()
            .map(|k| {
                let (t, b) = match k {
                    LayoutKind::Title => (
                        "<p:ph type=\"ctrTitle\"/>",
                        "<p:ph type=\"subTitle\" idx=\"1\"/>",
                    ),
                    LayoutKind::Section => {
                        ("<p:ph type=\"title\"/>", "<p:ph type=\"body\" idx=\"1\"/>")
                    }
                    _ => ("<p:ph type=\"title\"/>", "<p:ph idx=\"1\"/>"),
                };
                (*k, t.to_string(), b.to_string())
            })
            .collect(),
        own_colors: true,
        body_font: "Inter".to_string(),
        default_text_style: format!(
            "<p:defaultTextStyle><a:defPPr><a:defRPr lang=\"en-US\"/></a:defPPr><a:lvl1pPr><a:defRPr sz=\"1800\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:latin typeface=\"Inter\"/></a:defRPr></a:lvl1pPr></p:defaultTextStyle>",
            theme
                .colors
                .text
                .hex()
                .trim_start_matches('#')
                .to_uppercase()
        ),
    }
}

/// Renders a parsed deck to PPTX with its files gathered.
pub fn render_with(
    deck: &Deck,
    theme: &Theme,
    assets: &Assets,
    opts: &RenderOptions,
    template: Option<&Template>,
) -> Result<PptxOutput, PptxError> {
    xml::take_dropped();
    let (pages, mut problems) = crate::render::pdf::paginate(deck, theme, assets)?;
    let masters = match template {
        Some(t) => t.masters(),
        None => builtin(theme, assets, deck.front.size),
    };
    // The PDF's positions are on a page 540 pt high; across, content takes
    // the body placeholder's width.
    let ky = masters.height / 540.0;
    let cx = slide::Context {
        theme,
        assets,
        body: masters.body,
        placeholders: &masters.placeholders,
        own_colors: masters.own_colors,
        body_font: &masters.body_font,
    };
    let when = zip_time(opts.source_date_epoch);
    let mut pkg = Package::default();
    let mut overrides: Vec<(String, String)> = Vec::new();
    let mut slide_rels = Vec::new();
    let mut n_slide = 0;
    let mut n_chart = 0;
    let mut n_notes = 0;
    let mut media: std::collections::BTreeMap<usize, String> = std::collections::BTreeMap::new();
    for (s, slide) in deck.slides.iter().enumerate() {
        let Some(slide_pages) = pages.get(s) else {
            continue;
        };
        let scaled: Vec<crate::render::pdf::PageInfo> = slide_pages
            .iter()
            .map(|p| {
                let mut p = p.clone();
                if masters.own_colors {
                    for b in &mut p.boxes {
                        *b = (b.0 * ky, b.1 * ky);
                    }
                } else if let Some(&(top, _)) = p.boxes.first() {
                    // A template's body box: the PDF's body (from its top to
                    // the bottom margin) mapped into it, text scaled alike.
                    let (_, by, _, bh) = masters.body;
                    let k = (bh / (540.0 - 40.0 - top).max(1.0)).min(1.0);
                    for b in &mut p.boxes {
                        *b = (by + (b.0 - top) * k, b.1 * k);
                    }
                    p.scale *= k;
                    p.title_size *= k;
                }
                p
            })
            .collect();
        for (i, _) in scaled.iter().enumerate() {
            n_slide += 1;
            let notes_target = (i == 0 && !slide.notes.is_empty()).then(|| {
                n_notes += 1;
                format!("../notesSlides/notesSlide{n_notes}.xml")
            });
            let footer = slide.footer.clone().or_else(|| theme.footer.clone());
            let built = slide::build(
                &cx,
                slide,
                &scaled,
                i,
                n_slide,
                footer.as_deref(),
                notes_target.clone(),
            );
            let name = format!("ppt/slides/slide{n_slide}.xml");
            let mut rel_list = vec![Rel::new(
                "rId1",
                rel::SLIDE_LAYOUT,
                format!(
                    "../{}",
                    masters.layout(built.layout).trim_start_matches("ppt/")
                ),
            )];
            for mut r in built.rels {
                if let Some(k) = r.target.strip_prefix("__chart") {
                    let k: usize = k.parse().unwrap_or(0);
                    if let Some((_, chart)) = built.charts.get(k) {
                        n_chart += 1;
                        let part = chart::chart(chart, theme, masters.own_colors);
                        let chart_name = format!("ppt/charts/chart{n_chart}.xml");
                        let book =
                            format!("ppt/embeddings/Microsoft_Excel_Worksheet{n_chart}.xlsx");
                        pkg.add(chart_name.clone(), part.xml);
                        pkg.add(book.clone(), chart::workbook(&part.sheet, when)?);
                        pkg.add(
                            format!("ppt/charts/_rels/chart{n_chart}.xml.rels"),
                            rels(&[Rel::new(
                                "rId1",
                                rel::PACKAGE,
                                format!("../embeddings/Microsoft_Excel_Worksheet{n_chart}.xlsx"),
                            )]),
                        );
                        overrides.push((chart_name, ct::CHART.into()));
                        r.target = format!("../charts/chart{n_chart}.xml");
                    }
                } else if let Some(k) = r.target.strip_prefix("__image") {
                    let index: usize = k.parse().unwrap_or(0);
                    let part = media.entry(index).or_insert_with(|| {
                        let ext = match assets.images.get(index).map(|i| i.format) {
                            Some(ImageFormat::Jpeg) => "jpeg",
                            _ => "png",
                        };
                        format!("ppt/media/mvplan-image{}.{ext}", index + 1)
                    });
                    r.target = format!("../{}", part.trim_start_matches("ppt/"));
                }
                rel_list.push(r);
            }
            pkg.add(name.clone(), built.xml);
            pkg.add(
                format!("ppt/slides/_rels/slide{n_slide}.xml.rels"),
                rels(&rel_list),
            );
            overrides.push((name, ct::SLIDE.into()));
            slide_rels.push(format!("slides/slide{n_slide}.xml"));
            if notes_target.is_some() {
                let notes_name = format!("ppt/notesSlides/notesSlide{n_notes}.xml");
                pkg.add(
                    notes_name.clone(),
                    master::notes_slide(&slide::notes_paragraphs(&slide.notes)),
                );
                pkg.add(
                    format!("ppt/notesSlides/_rels/notesSlide{n_notes}.xml.rels"),
                    rels(&[
                        Rel::new(
                            "rId1",
                            rel::NOTES_MASTER,
                            "../notesMasters/notesMaster1.xml",
                        ),
                        Rel::new("rId2", rel::SLIDE, format!("../slides/slide{n_slide}.xml")),
                    ]),
                );
                overrides.push((notes_name, ct::NOTES_SLIDE.into()));
            }
        }
    }
    for (index, part) in &media {
        if let Some(img) = assets.images.get(*index) {
            pkg.add(part.clone(), img.bytes.to_vec());
        }
    }
    // Masters, layouts, themes.
    for (name, bytes, ty) in &masters.parts {
        if let Some(t) = ty {
            overrides.push((name.clone(), t.clone()));
        }
        let from_template = matches!(bytes, std::borrow::Cow::Borrowed(_));
        pkg.add_borrowed(name.clone(), bytes, from_template);
    }
    // The notes master, with its own theme.
    pkg.add("ppt/notesMasters/notesMaster1.xml", master::notes_master());
    pkg.add(
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        rels(&[Rel::new("rId1", rel::THEME, "../theme/themeNotes.xml")]),
    );
    pkg.add(
        "ppt/theme/themeNotes.xml",
        master::theme(theme, "mvplan notes"),
    );
    overrides.push((
        "ppt/notesMasters/notesMaster1.xml".into(),
        ct::NOTES_MASTER.into(),
    ));
    overrides.push(("ppt/theme/themeNotes.xml".into(), ct::THEME.into()));

    // The presentation.
    let mut pres_rels = Vec::new();
    let mut master_ids = String::new();
    for (i, m) in masters.masters.iter().enumerate() {
        let id = format!("rId{}", i + 1);
        master_ids.push_str(&format!(
            "<p:sldMasterId id=\"{}\" r:id=\"{id}\"/>",
            2_147_483_648u64 + i as u64 * 100
        ));
        pres_rels.push(Rel::new(
            id,
            rel::SLIDE_MASTER,
            m.trim_start_matches("ppt/"),
        ));
    }
    let notes_id = format!("rId{}", pres_rels.len() + 1);
    pres_rels.push(Rel::new(
        notes_id.clone(),
        rel::NOTES_MASTER,
        "notesMasters/notesMaster1.xml",
    ));
    let mut slide_ids = String::new();
    for (i, target) in slide_rels.iter().enumerate() {
        let id = format!("rId{}", pres_rels.len() + 1);
        slide_ids.push_str(&format!("<p:sldId id=\"{}\" r:id=\"{id}\"/>", 256 + i));
        pres_rels.push(Rel::new(id, rel::SLIDE, target.clone()));
    }
    for (kind, target) in [
        (rel::PRES_PROPS, "presProps.xml"),
        (rel::VIEW_PROPS, "viewProps.xml"),
        (rel::TABLE_STYLES, "tableStyles.xml"),
    ] {
        let id = format!("rId{}", pres_rels.len() + 1);
        pres_rels.push(Rel::new(id, kind, target));
    }
    let (w, h) = (xml::emu(masters.width), xml::emu(masters.height));
    pkg.add(
        "ppt/presentation.xml",
        format!(
            "{HEAD}<p:presentation {NS} saveSubsetFonts=\"1\"><p:sldMasterIdLst>{master_ids}</p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id=\"{notes_id}\"/></p:notesMasterIdLst><p:sldIdLst>{slide_ids}</p:sldIdLst><p:sldSz cx=\"{w}\" cy=\"{h}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>{}</p:presentation>",
            masters.default_text_style
        ),
    );
    pkg.add("ppt/_rels/presentation.xml.rels", rels(&pres_rels));
    pkg.add(
        "ppt/presProps.xml",
        format!("{HEAD}<p:presentationPr {NS}/>"),
    );
    pkg.add(
        "ppt/viewProps.xml",
        format!("{HEAD}<p:viewPr {NS}><p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"94660\"/></p:normalViewPr><p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>"),
    );
    pkg.add(
        "ppt/tableStyles.xml",
        format!("{HEAD}<a:tblStyleLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>"),
    );
    overrides.push(("ppt/presentation.xml".into(), ct::PRESENTATION.into()));
    overrides.push(("ppt/presProps.xml".into(), ct::PRES_PROPS.into()));
    overrides.push(("ppt/viewProps.xml".into(), ct::VIEW_PROPS.into()));
    overrides.push(("ppt/tableStyles.xml".into(), ct::TABLE_STYLES.into()));

    // Document properties: title, author, subject; dates only with
    // SOURCE_DATE_EPOCH.
    let date = opts
        .source_date_epoch
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| {
            let t = d.format("%Y-%m-%dT%H:%M:%SZ");
            format!("<dcterms:created xsi:type=\"dcterms:W3CDTF\">{t}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{t}</dcterms:modified>")
        })
        .unwrap_or_default();
    let f = &deck.front;
    let title = f
        .title
        .clone()
        .or_else(|| deck.slides.first().and_then(|s| s.title()))
        .unwrap_or_default();
    pkg.add(
        "docProps/core.xml",
        format!(
            "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:lastModifiedBy>mvplan</cp:lastModifiedBy>{date}</cp:coreProperties>",
            xml::text(&title),
            xml::text(f.description.as_deref().unwrap_or("")),
            xml::text(f.author.as_deref().unwrap_or("")),
        ),
    );
    pkg.add(
        "docProps/app.xml",
        format!(
            "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>mvplan {}</Application><Slides>{n_slide}</Slides><Notes>{n_notes}</Notes></Properties>",
            env!("CARGO_PKG_VERSION")
        ),
    );
    overrides.push(("docProps/core.xml".into(), ct::CORE.into()));
    overrides.push(("docProps/app.xml".into(), ct::APP.into()));
    pkg.add(
        "_rels/.rels",
        rels(&[
            Rel::new("rId1", rel::OFFICE_DOCUMENT, "ppt/presentation.xml"),
            Rel::new("rId2", rel::CORE, "docProps/core.xml"),
            Rel::new("rId3", rel::APP, "docProps/app.xml"),
        ]),
    );
    overrides.sort();
    let defaults: Vec<(String, String)> = [
        ("rels", ct::RELS),
        ("xml", "application/xml"),
        ("png", "image/png"),
        ("jpeg", "image/jpeg"),
        ("xlsx", ct::XLSX),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    pkg.add("[Content_Types].xml", content_types(&overrides, &defaults));
    let dropped = xml::take_dropped();
    if dropped > 0 {
        problems.push(
            problem(
                &CHARACTER_DROPPED,
                None,
                format!(
                    "{dropped} character{} the PowerPoint format cannot hold (control characters) {} left out",
                    if dropped == 1 { "" } else { "s" },
                    if dropped == 1 { "was" } else { "were" }
                ),
            )
            .help("remove control characters from the plan or deck text"),
        );
    }
    let bytes = pkg.finish(when)?;
    Ok(PptxOutput {
        bytes,
        problems,
        slides: n_slide,
    })
}
