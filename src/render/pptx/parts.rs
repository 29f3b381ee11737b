//! The package's parts, written as slides are built: each slide with its
//! charts (and their workbooks), pictures and notes page; then the
//! masters, the notes master, the presentation and the document's
//! properties, and the content types of all of them.

use std::collections::BTreeMap;

use super::master::{self, HEAD, NS};
use super::package::{Package, Rel, content_types, ct, rel, rels, zip_time};
use super::{Masters, PptxError, chart, slide, xml};
use crate::render::assets::{Assets, ImageFormat};
use crate::render::markdown::Deck;
use crate::theme::Theme;

pub struct Writer<'a> {
    pkg: Package<'a>,
    when: zip::DateTime,
    epoch: Option<i64>,
    overrides: Vec<(String, String)>,
    slide_rels: Vec<String>,
    n_slide: usize,
    n_chart: usize,
    n_notes: usize,
    /// Pictures of the deck, by their index in the assets: part names.
    media: BTreeMap<usize, String>,
    /// The notes master slides' notes pages point to.
    notes_master: String,
    body_font: String,
}

impl<'a> Writer<'a> {
    pub fn new(epoch: Option<i64>, masters: &Masters<'a>) -> Writer<'a> {
        Writer {
            pkg: Package::default(),
            when: zip_time(epoch),
            epoch,
            overrides: Vec::new(),
            slide_rels: Vec::new(),
            n_slide: 0,
            n_chart: 0,
            n_notes: 0,
            media: BTreeMap::new(),
            notes_master: masters
                .notes_master
                .clone()
                .unwrap_or_else(|| "ppt/notesMasters/notesMaster1.xml".to_string()),
            body_font: masters.body_font.clone(),
        }
    }

    /// The number of the next slide.
    pub fn next_slide(&mut self) -> usize {
        self.n_slide += 1;
        self.n_slide
    }

    /// The relationship target of the next notes page.
    pub fn notes_target(&mut self) -> String {
        self.n_notes += 1;
        format!("../notesSlides/notesSlide{}.xml", self.n_notes)
    }

    /// A slide built for the current slide number, with its parts.
    pub fn slide(
        &mut self,
        built: slide::Built,
        masters: &Masters<'_>,
        theme: &Theme,
        assets: &Assets,
        notes: Option<&[String]>,
    ) -> Result<(), PptxError> {
        let n = self.n_slide;
        let name = format!("ppt/slides/slide{n}.xml");
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
                if let Some((_, c, frame)) = built.charts.get(k) {
                    r.target = self.chart(c, *frame, theme, masters.own_colors)?;
                }
            } else if let Some(k) = r.target.strip_prefix("__image") {
                let index: usize = k.parse().unwrap_or(0);
                let part = self.media.entry(index).or_insert_with(|| {
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
        self.pkg.add(name.clone(), built.xml);
        self.pkg.add(
            format!("ppt/slides/_rels/slide{n}.xml.rels"),
            rels(&rel_list),
        );
        self.overrides.push((name, ct::SLIDE.into()));
        self.slide_rels.push(format!("slides/slide{n}.xml"));
        if let Some(notes) = notes {
            let k = self.n_notes;
            let notes_name = format!("ppt/notesSlides/notesSlide{k}.xml");
            self.pkg.add(
                notes_name.clone(),
                master::notes_slide(&slide::notes_paragraphs(notes)),
            );
            let to_master = format!("../{}", self.notes_master.trim_start_matches("ppt/"));
            self.pkg.add(
                format!("ppt/notesSlides/_rels/notesSlide{k}.xml.rels"),
                rels(&[
                    Rel::new("rId1", rel::NOTES_MASTER, to_master),
                    Rel::new("rId2", rel::SLIDE, format!("../slides/slide{n}.xml")),
                ]),
            );
            self.overrides.push((notes_name, ct::NOTES_SLIDE.into()));
        }
        Ok(())
    }

    /// A chart part with its workbook; its target from a slide.
    fn chart(
        &mut self,
        c: &crate::render::chart::Chart,
        frame: (f32, f32),
        theme: &Theme,
        own_colors: bool,
    ) -> Result<String, PptxError> {
        self.n_chart += 1;
        let k = self.n_chart;
        let part = chart::chart(
            c,
            &chart::Look {
                theme,
                own_colors,
                font: &self.body_font,
                frame,
            },
        );
        let chart_name = format!("ppt/charts/chart{k}.xml");
        let book = format!("ppt/embeddings/Microsoft_Excel_Worksheet{k}.xlsx");
        self.pkg.add(chart_name.clone(), part.xml);
        self.pkg.add(book, chart::workbook(&part.sheet, self.when)?);
        self.pkg.add(
            format!("ppt/charts/_rels/chart{k}.xml.rels"),
            rels(&[Rel::new(
                "rId1",
                rel::PACKAGE,
                format!("../embeddings/Microsoft_Excel_Worksheet{k}.xlsx"),
            )]),
        );
        self.overrides.push((chart_name, ct::CHART.into()));
        Ok(format!("../charts/chart{k}.xml"))
    }

    /// The rest of the package, and its bytes; with the number of slides.
    pub fn finish(
        mut self,
        deck: &Deck,
        theme: &Theme,
        masters: &'a Masters<'a>,
    ) -> Result<(Vec<u8>, usize), PptxError> {
        // Masters, layouts, themes.
        for (name, bytes, ty) in &masters.parts {
            if let Some(t) = ty {
                self.overrides.push((name.clone(), t.clone()));
            }
            let from_template = matches!(bytes, std::borrow::Cow::Borrowed(_));
            self.pkg.add_borrowed(name.clone(), bytes, from_template);
        }
        if masters.notes_master.is_none() {
            self.own_notes_master(theme);
        }
        self.presentation(masters);
        self.properties(deck);
        self.overrides.sort();
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
        self.pkg.add(
            "[Content_Types].xml",
            content_types(&self.overrides, &defaults),
        );
        let slides = self.n_slide;
        Ok((self.pkg.finish(self.when)?, slides))
    }

    /// The deck's pictures, once each.
    pub fn media(&mut self, assets: &Assets) {
        for (index, part) in &self.media {
            if let Some(img) = assets.images.get(*index) {
                self.pkg.add(part.clone(), img.bytes.to_vec());
            }
        }
    }

    /// mvplan's notes master, with its own theme.
    fn own_notes_master(&mut self, theme: &Theme) {
        self.pkg
            .add("ppt/notesMasters/notesMaster1.xml", master::notes_master());
        self.pkg.add(
            "ppt/notesMasters/_rels/notesMaster1.xml.rels",
            rels(&[Rel::new("rId1", rel::THEME, "../theme/themeNotes.xml")]),
        );
        self.pkg.add(
            "ppt/theme/themeNotes.xml",
            master::theme(theme, "mvplan notes"),
        );
        self.overrides.push((
            "ppt/notesMasters/notesMaster1.xml".into(),
            ct::NOTES_MASTER.into(),
        ));
        self.overrides
            .push(("ppt/theme/themeNotes.xml".into(), ct::THEME.into()));
    }

    fn presentation(&mut self, masters: &Masters<'_>) {
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
            self.notes_master.trim_start_matches("ppt/"),
        ));
        let mut slide_ids = String::new();
        for (i, target) in self.slide_rels.iter().enumerate() {
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
        let pkg = &mut self.pkg;
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
        for (part, ty) in [
            ("ppt/presentation.xml", ct::PRESENTATION),
            ("ppt/presProps.xml", ct::PRES_PROPS),
            ("ppt/viewProps.xml", ct::VIEW_PROPS),
            ("ppt/tableStyles.xml", ct::TABLE_STYLES),
        ] {
            self.overrides.push((part.into(), ty.into()));
        }
    }

    /// Document properties: title, author, subject; dates only with
    /// SOURCE_DATE_EPOCH.
    fn properties(&mut self, deck: &Deck) {
        let date = self
            .epoch
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
        self.pkg.add(
            "docProps/core.xml",
            format!(
                "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:lastModifiedBy>mvplan</cp:lastModifiedBy>{date}</cp:coreProperties>",
                xml::text(&title),
                xml::text(f.description.as_deref().unwrap_or("")),
                xml::text(f.author.as_deref().unwrap_or("")),
            ),
        );
        self.pkg.add(
            "docProps/app.xml",
            format!(
                "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>mvplan {}</Application><Slides>{}</Slides><Notes>{}</Notes></Properties>",
                env!("CARGO_PKG_VERSION"),
                self.n_slide,
                self.n_notes
            ),
        );
        self.overrides
            .push(("docProps/core.xml".into(), ct::CORE.into()));
        self.overrides
            .push(("docProps/app.xml".into(), ct::APP.into()));
        self.pkg.add(
            "_rels/.rels",
            rels(&[
                Rel::new("rId1", rel::OFFICE_DOCUMENT, "ppt/presentation.xml"),
                Rel::new("rId2", rel::CORE, "docProps/core.xml"),
                Rel::new("rId3", rel::APP, "docProps/app.xml"),
            ]),
        );
    }
}
