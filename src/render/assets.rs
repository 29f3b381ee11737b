//! The files a deck needs besides its text — images, the theme's logo and
//! fonts — gathered once, before any renderer runs.
//!
//! Renderers never touch the file system: they get these bytes. So which
//! files may be read is decided in one place ([`crate::sandbox`]), each file
//! is read (and later decoded) once however many spellings name it, and
//! every format embeds the same images.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::markdown::{Block, Deck};
use super::problems::{self, IMAGE_REFUSED, IMAGE_UNREADABLE};
use crate::diagnostic::Finding;
use crate::sandbox::{Refusal, Sandbox};
use crate::source::{MAX_ASSET_BYTES, read_regular};
use crate::theme::Theme;

/// Decoded images above this many pixels are refused: a 100 KB PNG can
/// claim 30,000 × 30,000 pixels (3.6 GB decoded).
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
        }
    }
}

/// One image file, read once.
#[derive(Debug, Clone)]
pub struct Image {
    pub bytes: Arc<Vec<u8>>,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// A theme font file, read once.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// The path as the theme names it, for messages.
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
}

/// Everything a deck embeds, and what was refused on the way.
#[derive(Debug, Default)]
pub struct Assets {
    /// Unique files; indexes are stable ids for the renderers.
    pub images: Vec<Image>,
    /// The deck's image sources, as written, to their file.
    by_src: HashMap<String, usize>,
    /// The theme's logo.
    pub logo: Option<usize>,
    /// The theme's four faces (regular, bold, italic, bold italic).
    pub fonts: [Option<FontFile>; 4],
    pub problems: Vec<Finding>,
}

/// Why the theme can't be used at all: a font it names is unusable.
#[derive(Debug, thiserror::Error)]
#[error("the theme's font `{name}` can't be used: {reason}")]
pub struct FontRefused {
    pub name: String,
    pub reason: String,
}

impl Assets {
    /// Reads the deck's images (confined by `deck_files`) and the theme's
    /// logo and fonts (confined to the theme's directory).
    pub fn gather(deck: &Deck, theme: &Theme, deck_files: &Sandbox) -> Result<Assets, FontRefused> {
        let mut assets = Assets::default();
        let mut by_path: HashMap<PathBuf, Option<usize>> = HashMap::new();
        for slide in &deck.slides {
            let mut sources = Vec::new();
            image_sources(&slide.blocks, &mut sources);
            for src in sources {
                if assets.by_src.contains_key(&src) {
                    continue;
                }
                let what = format!("image `{src}`");
                if let Some(i) = assets.load(
                    deck_files,
                    &src,
                    (&what, "the deck's directory"),
                    Some(slide.number),
                    &mut by_path,
                ) {
                    assets.by_src.insert(src, i);
                }
            }
        }
        if let Some(logo) = &theme.logo {
            let name = logo.display().to_string();
            let what = format!("the theme's logo `{name}`");
            assets.logo = assets.load(
                theme.files(),
                &name,
                (&what, "the theme's directory"),
                None,
                &mut by_path,
            );
        }
        let faces = [
            &theme.fonts.regular,
            &theme.fonts.bold,
            &theme.fonts.italic,
            &theme.fonts.bold_italic,
        ];
        let mut fonts_by_path: HashMap<PathBuf, Arc<Vec<u8>>> = HashMap::new();
        for (slot, face) in assets.fonts.iter_mut().zip(faces) {
            let Some(p) = face else { continue };
            let name = p.display().to_string();
            let refused = |reason: String| FontRefused {
                name: name.clone(),
                reason,
            };
            let path = theme
                .files()
                .resolve(&name)
                .map_err(|r| refused(r.to_string()))?;
            let bytes = match fonts_by_path.get(&path) {
                Some(b) => b.clone(),
                None => {
                    let b = Arc::new(
                        read_regular(&path, MAX_ASSET_BYTES).map_err(|e| refused(e.to_string()))?,
                    );
                    fonts_by_path.insert(path, b.clone());
                    b
                }
            };
            *slot = Some(FontFile { name, bytes });
        }
        Ok(assets)
    }

    /// Reads one image through `files`; `None`, with a problem, if it can't be used.
    fn load(
        &mut self,
        files: &Sandbox,
        name: &str,
        (what, whose_dir): (&str, &str),
        slide: Option<usize>,
        by_path: &mut HashMap<PathBuf, Option<usize>>,
    ) -> Option<usize> {
        let path = match files.resolve(name) {
            Ok(p) => p,
            Err(refusal) => {
                let (rule, reason) = match &refusal {
                    Refusal::Missing(_) => (&IMAGE_UNREADABLE, "it does not exist".to_string()),
                    Refusal::Outside { .. } => {
                        (&IMAGE_REFUSED, format!("it is outside {whose_dir}"))
                    }
                    Refusal::Remote(_) => (
                        &IMAGE_REFUSED,
                        "it is not a local file; remote images are not fetched".to_string(),
                    ),
                    Refusal::NotRegular(_) => {
                        (&IMAGE_REFUSED, "it is not a regular file".to_string())
                    }
                };
                self.problems.push(
                    problems::problem(rule, slide, format!("{what} was left out: {reason}")).help(
                        format!("copy the file into {whose_dir}; only files there are read"),
                    ),
                );
                return None;
            }
        };
        if let Some(known) = by_path.get(&path) {
            return *known;
        }
        let loaded = read_regular(&path, MAX_ASSET_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let (format, width, height) = image_header(&bytes)
                    .ok_or_else(|| "it is not a PNG or JPEG image".to_string())?;
                if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
                    return Err(format!(
                        "it is {width} × {height} pixels; images are limited to {MAX_IMAGE_PIXELS} pixels"
                    ));
                }
                Ok(Image {
                    bytes: Arc::new(bytes),
                    format,
                    width,
                    height,
                })
            });
        let index = match loaded {
            Ok(image) => {
                self.images.push(image);
                Some(self.images.len() - 1)
            }
            Err(reason) => {
                self.problems.push(
                    problems::problem(
                        &IMAGE_UNREADABLE,
                        slide,
                        format!("{what} was left out: {reason}"),
                    )
                    .help("use a PNG or JPEG of at most 16 MiB and 40 million pixels"),
                );
                None
            }
        };
        by_path.insert(path, index);
        index
    }

    /// The image a deck's `![](src)` names, if it could be read.
    pub fn image(&self, src: &str) -> Option<(usize, &Image)> {
        let i = *self.by_src.get(src)?;
        Some((i, &self.images[i]))
    }

    pub fn logo(&self) -> Option<(usize, &Image)> {
        let i = self.logo?;
        Some((i, &self.images[i]))
    }
}

fn image_sources(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Image { src, .. } => out.push(src.clone()),
            Block::List { items, .. } => items.iter().for_each(|i| image_sources(i, out)),
            Block::Quote(inner) => image_sources(inner, out),
            _ => {}
        }
    }
}

/// The format and pixel size from a PNG's or JPEG's header, read without
/// decoding (so that the pixel cap is applied before any memory is spent).
pub fn image_header(bytes: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG) {
        let be = |i: usize| Some(u32::from_be_bytes(bytes.get(i..i + 4)?.try_into().ok()?));
        if bytes.get(12..16)? != b"IHDR" {
            return None;
        }
        return Some((ImageFormat::Png, be(16)?, be(20)?));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // Walk the markers to the first start-of-frame.
        let mut i = 2;
        while i + 4 <= bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            if marker == 0xFF {
                i += 1;
                continue;
            }
            let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
            let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if sof {
                let h = u16::from_be_bytes([*bytes.get(i + 5)?, *bytes.get(i + 6)?]);
                let w = u16::from_be_bytes([*bytes.get(i + 7)?, *bytes.get(i + 8)?]);
                return Some((ImageFormat::Jpeg, u32::from(w), u32::from(h)));
            }
            if len < 2 {
                return None;
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_give_sizes_without_decoding() {
        let logo = std::fs::read("tests/fixtures/logo.png").unwrap();
        let (f, w, h) = image_header(&logo).unwrap();
        assert_eq!(f, ImageFormat::Png);
        assert!(w > 0 && h > 0);
        // A PNG that claims 60,000 × 60,000 pixels, in 33 bytes.
        let mut huge = logo[..33].to_vec();
        huge[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        assert_eq!(
            image_header(&huge),
            Some((ImageFormat::Png, 60_000, 60_000))
        );
        // A minimal JPEG header: SOI, APP0 (len 16), SOF0 with 480 × 640.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend([0u8; 14]);
        jpeg.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80]);
        assert_eq!(image_header(&jpeg), Some((ImageFormat::Jpeg, 640, 480)));
        assert_eq!(image_header(b"GIF89a"), None);
        assert_eq!(image_header(&[0xFF, 0xD8, 0xFF]), None);
    }
}
