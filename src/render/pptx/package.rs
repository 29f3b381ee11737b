//! The Open Packaging container: parts in a zip, written in a fixed order
//! with fixed timestamps, so the same deck gives the same bytes.

use std::borrow::Cow;
use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Parts of the package, in the order they are written: mvplan's own,
/// and a template's, borrowed (held once).
#[derive(Default)]
pub struct Package<'a> {
    parts: Vec<(String, Cow<'a, [u8]>, Compression)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Compression {
    /// mvplan's images are compressed already; XML compresses tenfold.
    ByExtension,
    /// A template's parts are always compressed: a picture that inflates
    /// a thousandfold must not be written out inflated.
    Always,
}

impl<'a> Package<'a> {
    pub fn add(&mut self, name: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.parts.push((
            name.into(),
            Cow::Owned(bytes.into()),
            Compression::ByExtension,
        ));
    }

    /// A part borrowed from the masters: a template's (`from_template`,
    /// always compressed) or mvplan's own.
    pub fn add_borrowed(&mut self, name: impl Into<String>, bytes: &'a [u8], from_template: bool) {
        let how = if from_template {
            Compression::Always
        } else {
            Compression::ByExtension
        };
        self.parts.push((name.into(), Cow::Borrowed(bytes), how));
    }

    /// The zip. `[Content_Types].xml` first, as Office writes it; every
    /// entry dated `when` (1980-01-01 without `SOURCE_DATE_EPOCH`).
    pub fn finish(mut self, when: DateTime) -> std::io::Result<Vec<u8>> {
        self.parts
            .sort_by_key(|(n, _, _)| (n != "[Content_Types].xml", n != "_rels/.rels"));
        let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes, how) in &self.parts {
            let stored = *how == Compression::ByExtension
                && (name.ends_with(".png") || name.ends_with(".jpeg"));
            let options = SimpleFileOptions::default()
                .compression_method(if stored {
                    CompressionMethod::Stored
                } else {
                    CompressionMethod::Deflated
                })
                .compression_level(if stored { None } else { Some(6) })
                .last_modified_time(when)
                .unix_permissions(0o644);
            zip.start_file(name.as_str(), options)
                .map_err(std::io::Error::other)?;
            zip.write_all(bytes)?;
        }
        Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
    }
}

/// The zip timestamp for `SOURCE_DATE_EPOCH` (zip dates start in 1980).
pub fn zip_time(epoch: Option<i64>) -> DateTime {
    let Some(secs) = epoch else {
        return DateTime::default();
    };
    let Some(t) = chrono::DateTime::from_timestamp(secs, 0) else {
        return DateTime::default();
    };
    use chrono::{Datelike, Timelike};
    let naive = t.naive_utc();
    DateTime::from_date_and_time(
        naive.year().clamp(1980, 2107) as u16,
        naive.month() as u8,
        naive.day() as u8,
        naive.hour() as u8,
        naive.minute() as u8,
        naive.second() as u8,
    )
    .unwrap_or_default()
}

/// `[Content_Types].xml` for the parts present.
pub fn content_types<A: AsRef<str>, B: AsRef<str>>(
    parts: &[(String, A)],
    defaults: &[(B, B)],
) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    );
    for (ext, ty) in defaults {
        s.push_str(&format!(
            "<Default Extension=\"{}\" ContentType=\"{}\"/>",
            super::xml::attr(ext.as_ref()),
            super::xml::attr(ty.as_ref())
        ));
    }
    for (name, ty) in parts {
        s.push_str(&format!(
            "<Override PartName=\"/{}\" ContentType=\"{}\"/>",
            super::xml::attr(name),
            super::xml::attr(ty.as_ref())
        ));
    }
    s.push_str("</Types>");
    s
}

/// A relationships part.
pub fn rels(items: &[Rel]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for r in items {
        s.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"{}/>",
            r.id,
            r.kind,
            super::xml::attr(&r.target),
            if r.external {
                " TargetMode=\"External\""
            } else {
                ""
            }
        ));
    }
    s.push_str("</Relationships>");
    s
}

pub struct Rel {
    pub id: String,
    pub kind: &'static str,
    pub target: String,
    pub external: bool,
}

impl Rel {
    pub fn new(id: impl Into<String>, kind: &'static str, target: impl Into<String>) -> Rel {
        Rel {
            id: id.into(),
            kind,
            target: target.into(),
            external: false,
        }
    }
}

/// Relationship types.
pub mod rel {
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    pub const OFFICE_DOCUMENT: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    pub const CORE: &str =
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
    pub const APP: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties";
    pub const SLIDE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide";
    pub const SLIDE_MASTER: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster";
    pub const SLIDE_LAYOUT: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout";
    pub const THEME: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";
    pub const NOTES_MASTER: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesMaster";
    pub const NOTES_SLIDE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide";
    pub const IMAGE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
    pub const CHART: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
    pub const PACKAGE: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package";
    pub const HYPERLINK: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
    pub const PRES_PROPS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/presProps";
    pub const VIEW_PROPS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/viewProps";
    pub const TABLE_STYLES: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tableStyles";
    pub const WORKSHEET: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    #[allow(dead_code)]
    pub const NS: &str = R;
}

/// Content types.
pub mod ct {
    pub const PRESENTATION: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";
    pub const SLIDE: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.slide+xml";
    pub const SLIDE_MASTER: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml";
    pub const SLIDE_LAYOUT: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml";
    pub const THEME: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
    pub const NOTES_MASTER: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml";
    pub const NOTES_SLIDE: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml";
    pub const CHART: &str = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
    pub const PRES_PROPS: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml";
    pub const VIEW_PROPS: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml";
    pub const TABLE_STYLES: &str =
        "application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml";
    pub const CORE: &str = "application/vnd.openxmlformats-package.core-properties+xml";
    pub const APP: &str = "application/vnd.openxmlformats-officedocument.extended-properties+xml";
    pub const RELS: &str = "application/vnd.openxmlformats-package.relationships+xml";
    pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    pub const WORKBOOK: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    pub const WORKSHEET: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
}
