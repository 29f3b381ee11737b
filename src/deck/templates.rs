//! Templates and deck definitions: built into the binary, overridable from a
//! user directory.
//!
//! A deck definition (`decks/NAME.toml`) names the slides of a deck in order,
//! each rendered by one template. A user directory (`--templates DIR`) may
//! hold templates (`*.md`, named by their path inside DIR) that replace the
//! built-in ones of the same name or add new ones, and deck definitions
//! (`*.toml`, named by their file stem) that replace or add decks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tera::Tera;

use super::{DeckError, escape, filters};

/// Built-in templates, by name.
const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "portfolio/actuals.md",
        include_str!("../../templates/portfolio/actuals.md"),
    ),
    (
        "status/title.md",
        include_str!("../../templates/status/title.md"),
    ),
    (
        "status/summary.md",
        include_str!("../../templates/status/summary.md"),
    ),
    (
        "status/spend.md",
        include_str!("../../templates/status/spend.md"),
    ),
    (
        "status/variance.md",
        include_str!("../../templates/status/variance.md"),
    ),
    (
        "status/quarters.md",
        include_str!("../../templates/status/quarters.md"),
    ),
    (
        "status/results.md",
        include_str!("../../templates/status/results.md"),
    ),
    (
        "status/reforecast.md",
        include_str!("../../templates/status/reforecast.md"),
    ),
    (
        "status/actions.md",
        include_str!("../../templates/status/actions.md"),
    ),
    (
        "status/flags.md",
        include_str!("../../templates/status/flags.md"),
    ),
    (
        "front-matter.md",
        include_str!("../../templates/front-matter.md"),
    ),
    (
        "pitch/title.md",
        include_str!("../../templates/pitch/title.md"),
    ),
    (
        "pitch/summary.md",
        include_str!("../../templates/pitch/summary.md"),
    ),
    (
        "pitch/goals.md",
        include_str!("../../templates/pitch/goals.md"),
    ),
    (
        "pitch/insights.md",
        include_str!("../../templates/pitch/insights.md"),
    ),
    (
        "pitch/audiences.md",
        include_str!("../../templates/pitch/audiences.md"),
    ),
    (
        "pitch/assumptions.md",
        include_str!("../../templates/pitch/assumptions.md"),
    ),
    (
        "pitch/strategy.md",
        include_str!("../../templates/pitch/strategy.md"),
    ),
    (
        "pitch/objectives.md",
        include_str!("../../templates/pitch/objectives.md"),
    ),
    (
        "pitch/channels.md",
        include_str!("../../templates/pitch/channels.md"),
    ),
    (
        "pitch/forecast.md",
        include_str!("../../templates/pitch/forecast.md"),
    ),
    (
        "pitch/value.md",
        include_str!("../../templates/pitch/value.md"),
    ),
    (
        "pitch/budget.md",
        include_str!("../../templates/pitch/budget.md"),
    ),
    (
        "pitch/phasing.md",
        include_str!("../../templates/pitch/phasing.md"),
    ),
    (
        "pitch/alignment.md",
        include_str!("../../templates/pitch/alignment.md"),
    ),
    (
        "pitch/curves.md",
        include_str!("../../templates/pitch/curves.md"),
    ),
    (
        "pitch/allocation.md",
        include_str!("../../templates/pitch/allocation.md"),
    ),
    (
        "pitch/levels.md",
        include_str!("../../templates/pitch/levels.md"),
    ),
    (
        "pitch/triggers.md",
        include_str!("../../templates/pitch/triggers.md"),
    ),
    (
        "pitch/scenarios.md",
        include_str!("../../templates/pitch/scenarios.md"),
    ),
    (
        "pitch/scenario-detail.md",
        include_str!("../../templates/pitch/scenario-detail.md"),
    ),
    (
        "pitch/roadmap.md",
        include_str!("../../templates/pitch/roadmap.md"),
    ),
    (
        "pitch/resources.md",
        include_str!("../../templates/pitch/resources.md"),
    ),
    (
        "pitch/operate.md",
        include_str!("../../templates/pitch/operate.md"),
    ),
    (
        "pitch/capacity.md",
        include_str!("../../templates/pitch/capacity.md"),
    ),
    (
        "pitch/risks.md",
        include_str!("../../templates/pitch/risks.md"),
    ),
    (
        "pitch/asks.md",
        include_str!("../../templates/pitch/asks.md"),
    ),
    (
        "pitch/health.md",
        include_str!("../../templates/pitch/health.md"),
    ),
    ("mvp/plan.md", include_str!("../../templates/mvp/plan.md")),
    (
        "portfolio/title.md",
        include_str!("../../templates/portfolio/title.md"),
    ),
    (
        "portfolio/summary.md",
        include_str!("../../templates/portfolio/summary.md"),
    ),
    (
        "pitch/changes.md",
        include_str!("../../templates/pitch/changes.md"),
    ),
    (
        "portfolio/spend.md",
        include_str!("../../templates/portfolio/spend.md"),
    ),
    (
        "portfolio/coverage.md",
        include_str!("../../templates/portfolio/coverage.md"),
    ),
    (
        "portfolio/risks.md",
        include_str!("../../templates/portfolio/risks.md"),
    ),
    (
        "portfolio/decisions.md",
        include_str!("../../templates/portfolio/decisions.md"),
    ),
    (
        "portfolio/outliers.md",
        include_str!("../../templates/portfolio/outliers.md"),
    ),
    (
        "portfolio/stack.md",
        include_str!("../../templates/portfolio/stack.md"),
    ),
    (
        "portfolio/calendar.md",
        include_str!("../../templates/portfolio/calendar.md"),
    ),
    (
        "portfolio/units.md",
        include_str!("../../templates/portfolio/units.md"),
    ),
    (
        "portfolio/broken.md",
        include_str!("../../templates/portfolio/broken.md"),
    ),
];

/// Built-in deck definitions, by name.
const BUILTIN_DECKS: &[(&str, &str)] = &[
    ("pitch", include_str!("../../decks/pitch.toml")),
    ("mvp", include_str!("../../decks/mvp.toml")),
    ("portfolio", include_str!("../../decks/portfolio.toml")),
    ("status", include_str!("../../decks/status.toml")),
];

/// Templates and deck files larger than this are refused.
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;
/// How many files a template directory may hold.
const MAX_TEMPLATE_FILES: usize = 500;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeckDef {
    #[serde(default)]
    pub description: String,
    /// Marp theme name written into the front matter.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Template for the front matter.
    #[serde(default = "default_front_matter")]
    pub front_matter: String,
    pub slides: Vec<SlideDef>,
}

fn default_theme() -> String {
    "default".into()
}

fn default_front_matter() -> String {
    "front-matter.md".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlideDef {
    pub template: String,
    /// Skip the slide when this path into the view model is empty or false
    /// (e.g. `"risks"`, `"strategy.statement"`).
    pub when: Option<String>,
    /// The slide belongs to the appendix (detail behind the main story):
    /// it is marked as such and its title says so.
    #[serde(default)]
    pub appendix: bool,
}

/// The templates and decks available to a run.
pub struct TemplateSet {
    pub tera: Tera,
    pub decks: BTreeMap<String, DeckDef>,
    /// Built-in templates not compiled yet: with the built-ins alone, a
    /// deck compiles only the slides its plan shows ([`Self::compiled`]),
    /// since parsing them is a large part of `render`.
    deferred: BTreeMap<String, String>,
}

fn deck_def(name: &str, text: &str, origin: &str) -> Result<DeckDef, DeckError> {
    toml::from_str(text).map_err(|e| DeckError::Definition {
        deck: name.to_string(),
        origin: origin.to_string(),
        message: e.to_string(),
    })
}

impl TemplateSet {
    /// The built-in templates, with a user directory's files layered on top.
    pub fn load(user_dir: Option<&Path>) -> Result<Self, DeckError> {
        Self::load_decks(user_dir, None)
    }

    /// The templates one deck needs. With the built-in templates only,
    /// the others are not parsed (a third of the start-up of
    /// `mvplan render`); a user's directory is loaded whole, since its
    /// templates may include each other. The deck must still exist: an
    /// unknown name is reported when rendering, with the decks there are.
    pub fn load_deck(user_dir: Option<&Path>, deck: &str) -> Result<Self, DeckError> {
        Self::load_decks(user_dir, Some(deck))
    }

    fn load_decks(user_dir: Option<&Path>, only: Option<&str>) -> Result<Self, DeckError> {
        let mut templates: BTreeMap<String, String> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut decks = BTreeMap::new();
        for (name, text) in BUILTIN_DECKS {
            decks.insert(name.to_string(), deck_def(name, text, "built-in")?);
        }
        if let Some(dir) = user_dir {
            for (rel, path) in user_files(dir)? {
                let text = crate::source::read_limited(&path, MAX_TEMPLATE_BYTES)
                    .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
                    .map_err(|e| DeckError::Io {
                        path: path.display().to_string(),
                        message: e.to_string(),
                    })?;
                if rel.ends_with(".toml") {
                    let name = rel
                        .trim_end_matches(".toml")
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    decks.insert(
                        name.clone(),
                        deck_def(&name, &text, &path.display().to_string())?,
                    );
                } else {
                    templates.insert(rel, text);
                }
            }
        }

        // Built-in templates never include one another, so a deck needs just
        // its own slides and front matter, and each is compiled when its
        // slide is drawn.
        let mut deferred = BTreeMap::new();
        if let (None, Some(name)) = (user_dir, only)
            && let Some(deck) = decks.get(name)
        {
            let wanted: std::collections::BTreeSet<&String> = deck
                .slides
                .iter()
                .map(|s| &s.template)
                .chain([&deck.front_matter])
                .collect();
            templates.retain(|name, _| wanted.contains(name));
            decks.retain(|d, _| d == name);
            deferred = templates.clone();
        }
        let tera = compile(
            templates
                .iter()
                .filter(|(n, _)| !deferred.contains_key(*n))
                .map(|(n, t)| (n.as_str(), t.as_str())),
        )?;
        for (name, deck) in &decks {
            for slide in deck
                .slides
                .iter()
                .map(|s| &s.template)
                .chain([&deck.front_matter])
            {
                if !templates.contains_key(slide) {
                    return Err(DeckError::MissingTemplate {
                        deck: name.clone(),
                        template: slide.clone(),
                    });
                }
            }
        }
        Ok(TemplateSet {
            tera,
            decks,
            deferred,
        })
    }

    /// The templates to render `names` with: all of them compiled, or,
    /// when they were deferred, those named compiled now.
    pub fn compiled<'n>(
        &self,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Result<std::borrow::Cow<'_, Tera>, DeckError> {
        if self.deferred.is_empty() {
            return Ok(std::borrow::Cow::Borrowed(&self.tera));
        }
        let names: std::collections::BTreeSet<&str> = names.into_iter().collect();
        let tera = compile(
            self.deferred
                .iter()
                .filter(|(n, _)| names.contains(n.as_str()))
                .map(|(n, t)| (n.as_str(), t.as_str())),
        )?;
        Ok(std::borrow::Cow::Owned(tera))
    }
}

/// Tera with mvplan's escaping and filters, and `templates` compiled.
fn compile<'t>(templates: impl IntoIterator<Item = (&'t str, &'t str)>) -> Result<Tera, DeckError> {
    let mut tera = Tera::new();
    // Autoescape every template with the Markdown escaper: plan text can
    // never become Markdown structure or HTML, whatever a template does.
    tera.autoescape_on([".md"]);
    tera.set_escape_fn(escape::tera_escape);
    filters::register(&mut tera);
    tera.add_raw_templates(templates)
        .map_err(|e| DeckError::Template {
            template: String::new(),
            message: tera_message(&e),
        })?;
    Ok(tera)
}

/// The full message of a Tera error, with its causes.
pub fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !msg.contains(&text) {
            msg.push_str(": ");
            msg.push_str(&text);
        }
        source = s.source();
    }
    msg
}

/// `*.md` and `*.toml` files under `dir`, by path relative to it (with `/`).
/// Symbolic links are not followed: a template directory can't pull in files
/// from elsewhere.
fn user_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, DeckError> {
    let io = |path: &Path, e: std::io::Error| DeckError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(dir).map_err(|e| io(dir, e))?;
    if !meta.is_dir() {
        return Err(DeckError::Io {
            path: dir.display().to_string(),
            message: "not a directory".into(),
        });
    }
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((path, prefix, depth)) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&path)
            .map_err(|e| io(&path, e))?
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let file_type = entry.file_type().map_err(|e| io(&entry.path(), e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if file_type.is_symlink() || name.starts_with('.') {
                continue;
            }
            let rel = format!("{prefix}{name}");
            if file_type.is_dir() && depth < 4 {
                stack.push((entry.path(), format!("{rel}/"), depth + 1));
            } else if file_type.is_file() && (name.ends_with(".md") || name.ends_with(".toml")) {
                let size = entry.metadata().map_err(|e| io(&entry.path(), e))?.len();
                if size > MAX_TEMPLATE_BYTES {
                    return Err(DeckError::Io {
                        path: entry.path().display().to_string(),
                        message: format!(
                            "{size} bytes; templates are limited to {MAX_TEMPLATE_BYTES}"
                        ),
                    });
                }
                out.push((rel, entry.path()));
                if out.len() > MAX_TEMPLATE_FILES {
                    return Err(DeckError::Io {
                        path: dir.display().to_string(),
                        message: format!("more than {MAX_TEMPLATE_FILES} template files"),
                    });
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_built_in() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let files = user_files(&root).unwrap();
        for (rel, _) in files.iter().filter(|(r, _)| r.ends_with(".md")) {
            assert!(
                BUILTIN_TEMPLATES.iter().any(|(n, _)| n == rel),
                "templates/{rel} is not listed in BUILTIN_TEMPLATES"
            );
        }
    }

    #[test]
    fn built_in_decks_load() {
        let set = TemplateSet::load(None).unwrap();
        assert!(set.decks.contains_key("pitch") && set.decks.contains_key("mvp"));
    }
}
