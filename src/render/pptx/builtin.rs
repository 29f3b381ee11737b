//! mvplan's own slide master, layouts and theme (from the mvplan theme:
//! its colours, Inter, the logo), for decks without a company template.

use super::Masters;
use super::layouts::{Placeholder, Slots};
use super::master::{self, Geometry, LayoutKind};
use super::package::{Rel, ct, rel, rels};
use super::placeholder::Ph;
use crate::render::assets::{Assets, ImageFormat};
use crate::render::markdown::SlideSize;
use crate::theme::Theme;

/// What each kind of slide writes into on the built-in layouts.
fn slots(kind: LayoutKind, g: &Geometry) -> Slots {
    let ph = |ty: &'static str, idx: Option<u32>, rect| Placeholder {
        ph: Ph { ty: Some(ty), idx },
        rect: Some(rect),
    };
    let (title, body) = match kind {
        LayoutKind::Title => (
            ph("ctrTitle", None, g.title()),
            ph("subTitle", Some(1), g.body()),
        ),
        LayoutKind::Section => (ph("title", None, g.title()), ph("body", Some(1), g.body())),
        _ => (
            ph("title", None, g.title()),
            Placeholder {
                ph: Ph {
                    ty: None,
                    idx: Some(1),
                },
                rect: Some(g.body()),
            },
        ),
    };
    Slots {
        layout_name: kind.name().to_string(),
        title: Some(title),
        body: Some(body),
        footer: Some(Ph {
            ty: Some("ftr"),
            idx: Some(11),
        }),
        number: Some(Ph {
            ty: Some("sldNum"),
            idx: Some(12),
        }),
        explicit: false,
    }
}

/// The built-in master from the mvplan theme.
pub fn builtin(theme: &Theme, assets: &Assets, size: SlideSize) -> Masters<'static> {
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
        kinds: layouts
            .into_iter()
            .map(|(kind, part)| (kind, part, slots(kind, &g)))
            .collect(),
        notes_master: None,
        width,
        height: 540.0,
        body: g.body(),
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
