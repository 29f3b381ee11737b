//! Themes: one TOML file drives the look of every output format — colours,
//! fonts, logo and footer text. Two are built in (`default`, `dark`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::sandbox::Sandbox;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// Mixes towards `other` by `t` (0 = self, 1 = other).
    pub fn mix(self, other: Rgb, t: f32) -> Rgb {
        let m = |a: u8, b: u8| {
            (f32::from(a) + (f32::from(b) - f32::from(a)) * t)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rgb::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not a colour; write `#RRGGBB`"))
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub primary: Rgb,
    pub accent: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub background: Rgb,
    pub surface: Rgb,
    pub on_primary: Rgb,
    pub chart: Vec<Rgb>,
}

/// Font files for the four styles; relative paths are relative to the theme
/// file. Missing styles fall back to the built-in Inter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    pub regular: Option<PathBuf>,
    pub bold: Option<PathBuf>,
    pub italic: Option<PathBuf>,
    pub bold_italic: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub name: String,
    pub colors: Colors,
    #[serde(default)]
    pub fonts: Fonts,
    /// A PNG or JPEG logo drawn on every slide (and larger on the title slide).
    pub logo: Option<PathBuf>,
    /// Footer text used when the deck has none.
    pub footer: Option<String>,
    /// A PowerPoint template (`.pptx`/`.potx`) beside the theme file, for
    /// `--format pptx` (docs/pptx.md).
    pub pptx_template: Option<PathBuf>,
    /// Where the theme file is (for relative paths); not part of the file.
    #[serde(skip)]
    pub dir: Option<PathBuf>,
    /// What the theme's `logo` and `[fonts]` may name: files beside it.
    #[serde(skip, default = "no_files")]
    files: Sandbox,
}

/// A built-in theme names no files; an empty, unreachable directory stands for that.
fn no_files() -> Sandbox {
    Sandbox::beside(Path::new("/nonexistent-mvplan-builtin-theme"))
}

/// A theme as a plan, a deck, a policy or the command line names it: one of
/// the built-in themes, or a theme file. Parsed once, where it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeRef {
    Builtin(String),
    File(PathBuf),
}

impl ThemeRef {
    /// `dark` is a built-in name; `brand.toml` or `themes/brand` is a file,
    /// relative to `dir` (the directory of what names it).
    pub fn parse(spec: &str, dir: &Path) -> ThemeRef {
        let spec = spec.trim();
        if spec.ends_with(".toml") || spec.contains('/') || spec.contains('\\') {
            ThemeRef::File(dir.join(spec))
        } else {
            ThemeRef::Builtin(spec.to_string())
        }
    }

    /// Whether this is the default theme (which a policy's theme may replace).
    pub fn is_default(&self) -> bool {
        matches!(self, ThemeRef::Builtin(n) if n == "default")
    }
}

impl std::fmt::Display for ThemeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThemeRef::Builtin(n) => f.write_str(n),
            ThemeRef::File(p) => write!(f, "{}", p.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("cannot read theme `{path}`: {message}")]
    Read { path: String, message: String },
    #[error("theme `{path}` is invalid: {message}")]
    Invalid { path: String, message: String },
    #[error("no built-in theme is called `{0}` (the built-in themes are: default, dark)")]
    Unknown(String),
    #[error("theme {0}")]
    Refused(crate::sandbox::Refusal),
}

const DEFAULT: &str = include_str!("../themes/default.toml");
const DARK: &str = include_str!("../themes/dark.toml");

impl Theme {
    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Result<Theme, ThemeError> {
        let text = match name {
            "default" | "light" | "corporate" => DEFAULT,
            "dark" => DARK,
            other => return Err(ThemeError::Unknown(other.to_string())),
        };
        Theme::from_toml(text, name)
    }

    fn from_toml(text: &str, origin: &str) -> Result<Theme, ThemeError> {
        let theme: Theme = toml::from_str(text).map_err(|e| ThemeError::Invalid {
            path: origin.to_string(),
            message: e.to_string(),
        })?;
        if theme.colors.chart.is_empty() {
            return Err(ThemeError::Invalid {
                path: origin.to_string(),
                message: "`colors.chart` needs at least one colour".into(),
            });
        }
        Ok(theme)
    }

    /// A theme file, or a built-in theme's name (as `--theme` takes it:
    /// relative to the current directory).
    pub fn load(spec: &str) -> Result<Theme, ThemeError> {
        Theme::open(&ThemeRef::parse(spec, Path::new(".")), None)
    }

    /// Loads a theme. `confined_to`: the directory of the file that named
    /// it (a plan, deck or policy), which a theme file must be inside;
    /// `None` when the user named it. Either way, the theme's own logo and
    /// fonts must be beside it.
    pub fn open(r: &ThemeRef, confined_to: Option<&Path>) -> Result<Theme, ThemeError> {
        let path = match r {
            ThemeRef::Builtin(name) => return Theme::builtin(name),
            ThemeRef::File(path) => path,
        };
        let spec = path.display().to_string();
        let read_error = |message: String| ThemeError::Read {
            path: spec.clone(),
            message,
        };
        if let Some(dir) = confined_to {
            let name = path.strip_prefix(dir).unwrap_or(path).display().to_string();
            Sandbox::beside(dir)
                .resolve(&name)
                .map_err(ThemeError::Refused)?;
        }
        // Theme files are a few lines; 1 MiB is generous.
        let text = crate::source::read_regular(path, 1024 * 1024)
            .map_err(|e| read_error(e.to_string()))
            .and_then(|b| {
                String::from_utf8(b).map_err(|_| read_error("it is not UTF-8 text".into()))
            })?;
        let mut theme = Theme::from_toml(&text, &spec)?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        theme.files = Sandbox::beside(&dir);
        theme.dir = Some(dir);
        Ok(theme)
    }

    /// Where the theme's logo and fonts may come from.
    pub fn files(&self) -> &Sandbox {
        &self.files
    }

    /// The theme's PowerPoint template, resolved beside the theme file.
    pub fn pptx_template(&self) -> Option<Result<PathBuf, crate::sandbox::Refusal>> {
        let name = self.pptx_template.as_ref()?;
        Some(self.files.resolve(&name.to_string_lossy()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_themes_load() {
        let t = Theme::builtin("default").unwrap();
        assert_eq!(t.colors.primary, Rgb(0x1F, 0x3A, 0x5F));
        assert_eq!(Theme::builtin("dark").unwrap().name, "dark");
        assert!(matches!(
            Theme::builtin("neon"),
            Err(ThemeError::Unknown(_))
        ));
    }

    #[test]
    fn colours_parse_strictly() {
        assert_eq!(Rgb::parse("#ffffff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("fff"), None);
        assert_eq!(Rgb::parse("#12345g"), None);
        assert_eq!(
            Rgb(0, 0, 0).mix(Rgb(255, 255, 255), 0.5),
            Rgb(128, 128, 128)
        );
    }

    #[test]
    fn bad_theme_files_are_errors() {
        let err =
            Theme::from_toml("name = \"x\"\n[colors]\nprimary = \"red\"\n", "t.toml").unwrap_err();
        assert!(
            err.to_string().contains("not a colour") || err.to_string().contains("missing"),
            "{err}"
        );
    }
}
