//! The built-in slide master, layouts and theme, made from the mvplan theme
//! (colours, Inter, the logo), so that a PPTX without a company template
//! looks like the PDF; and the notes master speaker notes need.

use super::xml::{attr, emu};
use crate::theme::{Rgb, Theme};

pub const NS: &str = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";
pub const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The kinds of layout a slide can take, by the `type` PowerPoint gives
/// layouts (a company template's are matched by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    Title,
    Content,
    Section,
    TitleOnly,
    Blank,
}

impl LayoutKind {
    pub const ALL: [LayoutKind; 5] = [
        LayoutKind::Title,
        LayoutKind::Content,
        LayoutKind::Section,
        LayoutKind::TitleOnly,
        LayoutKind::Blank,
    ];

    /// The `type` attribute of `<p:sldLayout>`.
    pub fn ooxml(self) -> &'static str {
        match self {
            LayoutKind::Title => "title",
            LayoutKind::Content => "obj",
            LayoutKind::Section => "secHead",
            LayoutKind::TitleOnly => "titleOnly",
            LayoutKind::Blank => "blank",
        }
    }

    /// What slides of this kind are, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            LayoutKind::Title => "title (cover)",
            LayoutKind::Content => "content",
            LayoutKind::Section => "section",
            LayoutKind::TitleOnly => "title-only",
            LayoutKind::Blank => "blank",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            LayoutKind::Title => "Title Slide",
            LayoutKind::Content => "Title and Content",
            LayoutKind::Section => "Section Header",
            LayoutKind::TitleOnly => "Title Only",
            LayoutKind::Blank => "Blank",
        }
    }
}

/// Where things go on the built-in master (points).
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    /// Room kept at the title's right for the logo (as the PDF does).
    pub logo: bool,
}

impl Geometry {
    /// Top-anchored, as the PDF's title band: a second line grows down.
    pub fn title(&self) -> (f32, f32, f32, f32) {
        let room = if self.logo { 120.0 } else { 0.0 };
        (56.0, 30.0, self.width - 112.0 - room, 84.0)
    }
    pub fn body(&self) -> (f32, f32, f32, f32) {
        (56.0, 120.0, self.width - 112.0, self.height - 160.0)
    }
    fn footer(&self) -> (f32, f32, f32, f32) {
        (56.0, self.height - 32.0, self.width * 0.6, 20.0)
    }
    fn number(&self) -> (f32, f32, f32, f32) {
        (self.width - 156.0, self.height - 32.0, 100.0, 20.0)
    }
}

fn hex(c: Rgb) -> String {
    c.hex().trim_start_matches('#').to_uppercase()
}

pub fn xfrm(b: (f32, f32, f32, f32)) -> String {
    format!(
        "<a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>",
        emu(b.0),
        emu(b.1),
        emu(b.2.max(1.0)),
        emu(b.3.max(1.0))
    )
}

/// A placeholder shape for a master or layout.
/// `body` is what follows `<a:bodyPr/>` in the text body: a list style
/// (`<a:lstStyle>…`) or none, then paragraphs.
fn ph(id: u32, name: &str, ph: &str, b: Option<(f32, f32, f32, f32)>, body: &str) -> String {
    let sp = b.map_or_else(
        || "<p:spPr/>".to_string(),
        |b| format!("<p:spPr>{}</p:spPr>", xfrm(b)),
    );
    let (body_pr, body) = match body.strip_prefix("<a:bodyPr anchor=\"t\"/>") {
        Some(rest) => (
            "<a:bodyPr anchor=\"t\" lIns=\"0\" tIns=\"0\"><a:normAutofit/></a:bodyPr>",
            rest,
        ),
        None => ("<a:bodyPr><a:normAutofit/></a:bodyPr>", body),
    };
    let body = if body.starts_with("<a:lstStyle>") {
        body.to_string()
    } else {
        format!("<a:lstStyle/>{body}")
    };
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>{sp}<p:txBody>{body_pr}{body}</p:txBody></p:sp>",
        attr(name)
    )
}

const FIELD_SLIDENUM: &str = "{B3D4F1A2-6C1E-4E7B-9A0D-5F2C8E1D7A31}";

fn footer_placeholders(g: &Geometry, first_id: u32, with_geometry: bool) -> String {
    let b = |x| if with_geometry { Some(x) } else { None };
    format!(
        "{}{}",
        ph(
            first_id,
            "Footer Placeholder",
            "<p:ph type=\"ftr\" sz=\"quarter\" idx=\"11\"/>",
            b(g.footer()),
            "<a:p><a:endParaRPr lang=\"en-US\"/></a:p>"
        ),
        ph(
            first_id + 1,
            "Slide Number Placeholder",
            "<p:ph type=\"sldNum\" sz=\"quarter\" idx=\"12\"/>",
            b(g.number()),
            &format!(
                "<a:p><a:pPr algn=\"r\"/><a:fld id=\"{FIELD_SLIDENUM}\" type=\"slidenum\"><a:rPr lang=\"en-US\"/><a:t>‹#›</a:t></a:fld><a:endParaRPr lang=\"en-US\"/></a:p>"
            )
        )
    )
}

/// A slide's slide-number field (the text is PowerPoint's cached value).
pub fn slide_number_field(n: usize) -> String {
    format!(
        "<a:fld id=\"{FIELD_SLIDENUM}\" type=\"slidenum\"><a:rPr lang=\"en-US\" sz=\"1000\"/><a:t>{n}</a:t></a:fld>"
    )
}

pub fn theme(t: &Theme, name: &str) -> String {
    let c = &t.colors;
    let chart = |i: usize| hex(c.chart[i % c.chart.len().max(1)]);
    format!(
        "{HEAD}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"{}\"><a:themeElements><a:clrScheme name=\"{}\"><a:dk1><a:srgbClr val=\"{}\"/></a:dk1><a:lt1><a:srgbClr val=\"{}\"/></a:lt1><a:dk2><a:srgbClr val=\"{}\"/></a:dk2><a:lt2><a:srgbClr val=\"{}\"/></a:lt2><a:accent1><a:srgbClr val=\"{}\"/></a:accent1><a:accent2><a:srgbClr val=\"{}\"/></a:accent2><a:accent3><a:srgbClr val=\"{}\"/></a:accent3><a:accent4><a:srgbClr val=\"{}\"/></a:accent4><a:accent5><a:srgbClr val=\"{}\"/></a:accent5><a:accent6><a:srgbClr val=\"{}\"/></a:accent6><a:hlink><a:srgbClr val=\"{}\"/></a:hlink><a:folHlink><a:srgbClr val=\"{}\"/></a:folHlink></a:clrScheme><a:fontScheme name=\"mvplan\"><a:majorFont><a:latin typeface=\"Inter\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:majorFont><a:minorFont><a:latin typeface=\"Inter\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:minorFont></a:fontScheme><a:fmtScheme name=\"mvplan\"><a:fillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln><a:ln w=\"12700\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln><a:ln w=\"19050\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
        attr(name),
        attr(name),
        hex(c.text),
        hex(c.background),
        hex(c.primary),
        hex(c.surface),
        chart(0),
        chart(1),
        chart(2),
        chart(3),
        chart(4),
        chart(5),
        hex(c.accent),
        hex(c.muted),
    )
}

fn level_styles(sizes: &[u32], bullets: bool, color: &str) -> String {
    let mut s = String::new();
    for (i, sz) in sizes.iter().enumerate() {
        let lvl = i + 1;
        let mar = 342_900 * i as i64 + if bullets { 285_750 } else { 0 };
        let bullet = if bullets {
            let ch = ["•", "–", "◦"][i.min(2)];
            format!(
                "<a:buClr><a:schemeClr val=\"accent2\"/></a:buClr><a:buFont typeface=\"Arial\"/><a:buChar char=\"{ch}\"/>"
            )
        } else {
            "<a:buNone/>".to_string()
        };
        s.push_str(&format!(
            "<a:lvl{lvl}pPr marL=\"{mar}\" indent=\"{}\"><a:spcBef><a:spcPts val=\"600\"/></a:spcBef>{bullet}<a:defRPr sz=\"{sz}\"><a:solidFill>{color}</a:solidFill><a:latin typeface=\"Inter\"/></a:defRPr></a:lvl{lvl}pPr>",
            if bullets { -285_750 } else { 0 }
        ));
    }
    s
}

pub fn master(t: &Theme, g: &Geometry, logo_rel: Option<&str>) -> String {
    let _ = t;
    let tx = "<a:schemeClr val=\"tx1\"/>";
    let title_style = "<a:titleStyle><a:lvl1pPr algn=\"l\"><a:defRPr sz=\"2800\" b=\"1\"><a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill><a:latin typeface=\"Inter\"/></a:defRPr></a:lvl1pPr></a:titleStyle>".to_string();
    let body_style = format!(
        "<a:bodyStyle>{}</a:bodyStyle>",
        level_styles(&[2000, 1800, 1600, 1600, 1600], true, tx)
    );
    let other_style = format!(
        "<a:otherStyle>{}</a:otherStyle>",
        level_styles(&[1800], false, tx)
    );
    let logo = logo_rel.map_or_else(String::new, |rid| {
        format!(
            "<p:pic><p:nvPicPr><p:cNvPr id=\"9\" name=\"Logo\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr userDrawn=\"1\"/></p:nvPicPr><p:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
            xfrm((g.width - 156.0, 24.0, 100.0, 36.0))
        )
    });
    format!(
        "{HEAD}<p:sldMaster {NS}><p:cSld><p:bg><p:bgPr><a:solidFill><a:schemeClr val=\"bg1\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{}{}{}{logo}</p:spTree></p:cSld><p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/><p:sldLayoutIdLst>{}</p:sldLayoutIdLst><p:txStyles>{title_style}{body_style}{other_style}</p:txStyles></p:sldMaster>",
        ph(
            2,
            "Title Placeholder",
            "<p:ph type=\"title\"/>",
            Some(g.title()),
            "<a:bodyPr anchor=\"t\"/><a:p><a:endParaRPr lang=\"en-US\"/></a:p>"
        ),
        ph(
            3,
            "Text Placeholder",
            "<p:ph type=\"body\" idx=\"1\"/>",
            Some(g.body()),
            "<a:p><a:endParaRPr lang=\"en-US\"/></a:p>"
        ),
        footer_placeholders(g, 4, true),
        (0..LayoutKind::ALL.len())
            .map(|i| format!(
                "<p:sldLayoutId id=\"{}\" r:id=\"rId{}\"/>",
                2_147_483_649u64 + i as u64,
                i + 1
            ))
            .collect::<String>(),
    )
}

pub fn layout(kind: LayoutKind, t: &Theme, g: &Geometry) -> String {
    let c = &t.colors;
    let (bg, shapes) = match kind {
        LayoutKind::Title => (
            format!(
                "<p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>",
                hex(c.primary)
            ),
            format!(
                "{}{}",
                ph(
                    2,
                    "Title 1",
                    "<p:ph type=\"ctrTitle\"/>",
                    Some((56.0, g.height * 0.28, g.width - 112.0, g.height * 0.3)),
                    "<a:lstStyle><a:lvl1pPr><a:defRPr sz=\"4000\"><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle><a:p><a:endParaRPr lang=\"en-US\"/></a:p>"
                ),
                ph(
                    3,
                    "Subtitle 2",
                    "<p:ph type=\"subTitle\" idx=\"1\"/>",
                    Some((56.0, g.height * 0.6, g.width - 112.0, g.height * 0.28)),
                    &format!(
                        "<a:lstStyle><a:lvl1pPr marL=\"0\" indent=\"0\"><a:buNone/><a:defRPr sz=\"2000\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle><a:p><a:endParaRPr lang=\"en-US\"/></a:p>",
                        hex(c.on_primary)
                    )
                ),
            ),
        ),
        LayoutKind::Section => (
            format!(
                "<p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>",
                hex(c.primary)
            ),
            format!(
                "{}{}",
                ph(
                    2,
                    "Title 1",
                    "<p:ph type=\"title\"/>",
                    Some((56.0, g.height * 0.3, g.width - 112.0, g.height * 0.25)),
                    "<a:lstStyle><a:lvl1pPr algn=\"ctr\"><a:defRPr sz=\"3600\"><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle><a:p><a:endParaRPr lang=\"en-US\"/></a:p>"
                ),
                ph(
                    3,
                    "Text 2",
                    "<p:ph type=\"body\" idx=\"1\"/>",
                    Some((56.0, g.height * 0.58, g.width - 112.0, g.height * 0.3)),
                    &format!(
                        "<a:lstStyle><a:lvl1pPr marL=\"0\" indent=\"0\" algn=\"ctr\"><a:buNone/><a:defRPr sz=\"2000\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle><a:p><a:endParaRPr lang=\"en-US\"/></a:p>",
                        hex(c.on_primary)
                    )
                ),
            ),
        ),
        LayoutKind::Content => (
            String::new(),
            format!(
                "{}{}",
                ph(
                    2,
                    "Title 1",
                    "<p:ph type=\"title\"/>",
                    None,
                    "<a:p><a:endParaRPr lang=\"en-US\"/></a:p>"
                ),
                ph(
                    3,
                    "Content Placeholder 2",
                    "<p:ph idx=\"1\"/>",
                    None,
                    "<a:p><a:endParaRPr lang=\"en-US\"/></a:p>"
                ),
            ),
        ),
        LayoutKind::TitleOnly => (
            String::new(),
            ph(
                2,
                "Title 1",
                "<p:ph type=\"title\"/>",
                None,
                "<a:p><a:endParaRPr lang=\"en-US\"/></a:p>",
            ),
        ),
        LayoutKind::Blank => (String::new(), String::new()),
    };
    let own_bg = !bg.is_empty();
    format!(
        "{HEAD}<p:sldLayout {NS} type=\"{}\" preserve=\"1\"{}><p:cSld name=\"{}\">{bg}<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}{}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>",
        kind.ooxml(),
        if own_bg { " showMasterSp=\"0\"" } else { "" },
        kind.name(),
        footer_placeholders(g, 10, false),
    )
}

/// The notes master: a slide image and a body placeholder per notes page.
pub fn notes_master() -> String {
    format!(
        "{HEAD}<p:notesMaster {NS}><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\" idx=\"2\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"381000\" y=\"685800\"/><a:ext cx=\"6096000\" cy=\"3429000\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:sp><p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"body\" sz=\"quarter\" idx=\"3\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"685800\" y=\"4400550\"/><a:ext cx=\"5486400\" cy=\"3600450\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-US\"/></a:p></p:txBody></p:sp></p:spTree></p:cSld><p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/><p:notesStyle><a:lvl1pPr><a:defRPr sz=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr></p:notesStyle></p:notesMaster>"
    )
}

/// A notes page: the slide image and the notes as paragraphs.
pub fn notes_slide(paragraphs: &str) -> String {
    format!(
        "{HEAD}<p:notes {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp><p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
    )
}
