//! Stage 6: the Markdown deck → presentable formats (PDF, HTML).
//!
//! One entry point, [`render`], for every command and format: parse the
//! Markdown deck, choose the theme, gather the files it needs (one place
//! decides which may be read), run the format's renderer, and return the
//! bytes with the problems found, as located findings with rule ids.
//! Renderers read only the Markdown deck, the theme and the gathered files,
//! never the plan, so a hand-written deck or a user's custom templates
//! render the same way. A new format is a new module here and one arm in
//! [`render`].

pub mod assets;
pub mod chart;
mod chart_stack;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod pptx;
pub mod problems;

use std::path::{Path, PathBuf};

use crate::diagnostic::Finding;
use crate::sandbox::Sandbox;
use crate::theme::{Theme, ThemeError, ThemeRef};

use self::assets::Assets;

/// The output formats of a deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The Markdown deck itself.
    Markdown,
    Pdf,
    Html,
    /// Editable PowerPoint (Office Open XML).
    Pptx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Pptx => "pptx",
        }
    }
}

/// How to render, whatever the format.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Add speaker notes (PDF: a page after each slide that has notes).
    pub notes: bool,
    /// The deck's directory: where the images it names are looked up, and
    /// (unless `allow_outside_images`) the only place they may come from.
    pub base_dir: Option<PathBuf>,
    /// Seconds since the epoch for the document's dates (`SOURCE_DATE_EPOCH`);
    /// without it the output carries no dates at all.
    pub source_date_epoch: Option<i64>,
    /// Let the deck's images come from outside `base_dir`.
    pub allow_outside_images: bool,
    /// PowerPoint only: the company template (`.pptx` or `.potx`) whose
    /// masters and layouts the slides take.
    pub pptx_template: Option<PathBuf>,
    /// The organisation's template (the policy's), used when neither the
    /// option nor the theme names one.
    pub policy_pptx_template: Option<PathBuf>,
}

impl RenderOptions {
    /// Where the deck's image names may lead.
    pub fn deck_files(&self) -> Sandbox {
        let base = self
            .base_dir
            .clone()
            .filter(|b| !b.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        if self.allow_outside_images {
            Sandbox::trusting(&base)
        } else {
            Sandbox::beside(&base)
        }
    }
}

/// Which theme a deck is drawn with, in order of precedence: the one the
/// user named (`--theme`), the deck's own (its front matter's `theme`,
/// which carries the plan's), the organisation policy's, the default.
#[derive(Debug, Clone, Default)]
pub struct ThemeChoice {
    /// Named on the command line: trusted wherever it is.
    pub user: Option<ThemeRef>,
    /// Named by the policy, with the policy's directory (it must be inside).
    pub policy: Option<(ThemeRef, PathBuf)>,
}

impl ThemeChoice {
    /// The theme for `deck`, whose files are in `deck_dir`.
    pub fn resolve(&self, deck: &markdown::Deck, deck_dir: &Path) -> Result<Theme, ThemeError> {
        if let Some(t) = &self.user {
            return Theme::open(t, None);
        }
        let front = deck
            .front
            .theme
            .as_deref()
            .map(|t| ThemeRef::parse(t, deck_dir))
            .filter(|t| !t.is_default());
        match (front, &self.policy) {
            (Some(ThemeRef::Builtin(name)), _) if Theme::builtin(&name).is_ok() => {
                Theme::builtin(&name)
            }
            (Some(file @ ThemeRef::File(_)), _) => Theme::open(&file, Some(deck_dir)),
            // A Marp theme name mvplan doesn't know falls back to the policy's or the default.
            (_, Some((policy_theme, dir))) => Theme::open(policy_theme, Some(dir)),
            _ => Theme::builtin("default"),
        }
    }
}

/// A rendered deck.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// What the renderer found: overflow, refused images, missing glyphs, …
    pub problems: Vec<Finding>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Font(#[from] assets::FontRefused),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error(transparent)]
    Html(#[from] html::HtmlError),
    #[error(transparent)]
    Pptx(#[from] pptx::PptxError),
    #[error(transparent)]
    Template(#[from] pptx::template::TemplateError),
}

/// The one way from a Markdown deck to an output file's bytes.
pub fn render(
    markdown: &str,
    format: Format,
    themes: &ThemeChoice,
    opts: &RenderOptions,
) -> Result<Rendered, RenderError> {
    if format == Format::Markdown {
        return Ok(Rendered {
            bytes: markdown.as_bytes().to_vec(),
            problems: Vec::new(),
        });
    }
    let deck = markdown::parse(markdown);
    let files = opts.deck_files();
    let theme = themes.resolve(&deck, files.base())?;
    let assets = Assets::gather(&deck, &theme, &files)?;
    let mut problems = markdown_problems(&deck);
    let bytes = match format {
        Format::Markdown => markdown.as_bytes().to_vec(),
        Format::Pdf => {
            let out = pdf::render_with(&deck, &theme, &assets, opts)?;
            problems.extend(out.problems);
            out.bytes
        }
        Format::Html => {
            let out = html::render_with(&deck, &theme, &assets, opts)?;
            problems.extend(out.problems);
            out.html.into_bytes()
        }
        Format::Pptx => {
            // --pptx-template (or the policy's), else the theme's.
            let path = match (&opts.pptx_template, theme.pptx_template()) {
                (Some(p), _) => Some(p.clone()),
                (None, Some(Ok(p))) => Some(p),
                (None, Some(Err(refusal))) => {
                    return Err(RenderError::Template(pptx::template::TemplateError::Read {
                        path: "the theme's pptx_template".into(),
                        why: refusal.to_string(),
                    }));
                }
                (None, None) => opts.policy_pptx_template.clone(),
            };
            let template = match &path {
                Some(p) => Some(pptx::Template::read(p)?),
                None => None,
            };
            let out = pptx::render_with(&deck, &theme, &assets, opts, template.as_ref())?;
            problems.extend(out.problems);
            out.bytes
        }
    };
    Ok(Rendered { bytes, problems })
}

/// Problems of the Markdown itself, the same for every format.
fn markdown_problems(deck: &markdown::Deck) -> Vec<Finding> {
    deck.flattened
        .iter()
        .map(|slide| {
            problems::problem(
                &problems::NESTING_FLATTENED,
                Some(*slide),
                format!(
                    "slide {slide} nests lists or quotes more than {} levels deep; the deeper levels are drawn at the last",
                    markdown::MAX_NESTING
                ),
            )
        })
        .collect()
}
