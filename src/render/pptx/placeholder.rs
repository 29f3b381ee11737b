//! A layout's placeholder as PowerPoint names it (`<p:ph>`), shared by the
//! template reader and the layout chooser (its own file so that neither
//! imports the other).

use super::xml_copy::El;

/// A `<p:ph>`: the placeholder's type (one of the values PowerPoint
/// defines) and index, as read and checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ph {
    pub ty: Option<&'static str>,
    pub idx: Option<u32>,
}

/// Placeholder types (ECMA-376 `ST_PlaceholderType`).
pub(crate) const PH_TYPES: &[&str] = &[
    "title", "body", "ctrTitle", "subTitle", "dt", "sldNum", "ftr", "hdr", "obj", "chart", "tbl",
    "clipArt", "dgm", "media", "sldImg", "pic",
];

impl Ph {
    pub(crate) fn read(e: &El) -> Ph {
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
