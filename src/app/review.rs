//! The portfolio review: every plan found, checked under the policy, and
//! rolled up; and the review deck made from it. `mvplan review` and the
//! server's portfolio page both call this.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Failure, Policies, PolicyChoice, Reporter};
use crate::check::Settings;
use crate::policy::Policy;
use crate::portfolio::{self, Portfolio};
use crate::render::{self, Format, RenderOptions, ThemeChoice};
use crate::theme::ThemeRef;

/// The plans in `paths` (files as given, folders searched); none is an
/// error.
pub fn plans(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let files = portfolio::collect(paths);
    if files.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        return Err(Failure::unusable(
            format!(
                "no plans (`*.toml` with a `[plan]` table) found in {}",
                names.join(", ")
            ),
            None,
        ));
    }
    Ok(files)
}

/// Where the review's policy is looked for: beside the first path (a
/// folder's `plan.toml` stands for the folder).
pub fn anchor(paths: &[PathBuf]) -> PathBuf {
    paths
        .first()
        .map(|p| {
            if p.is_dir() {
                p.join("plan.toml")
            } else {
                p.clone()
            }
        })
        .unwrap_or_default()
}

/// The policy of a review of `paths`.
pub fn policy(
    paths: &[PathBuf],
    choice: &PolicyChoice,
    reporter: &mut dyn Reporter,
) -> Result<Option<Arc<Policy>>, Failure> {
    Policies::default().load(choice, &anchor(paths), reporter)
}

/// Every plan of `files` checked (tracked at `as_of` if they name
/// actuals) and rolled up under `policy`; `progress` is told how many are
/// done.
pub fn roll_up(
    files: &[PathBuf],
    policy: Option<&Policy>,
    as_of: Option<chrono::NaiveDate>,
    progress: &(dyn Fn(usize) + Sync),
) -> Portfolio {
    let checked = portfolio::check_all(files, &Settings::default(), policy, as_of, progress);
    portfolio::roll_up(&checked, policy)
}

/// What the review deck is made with.
pub struct DeckChoice<'a> {
    pub templates: Option<&'a Path>,
    /// `--theme`, as given.
    pub theme: Option<&'a str>,
    pub format: Format,
    pub source_date_epoch: Option<i64>,
}

/// The review deck of `roll` in `choice.format`.
pub fn deck(
    roll: &Portfolio,
    policy: Option<&Policy>,
    choice: &DeckChoice<'_>,
    reporter: &mut dyn Reporter,
) -> Result<render::Rendered, Failure> {
    let set = crate::deck::TemplateSet::load_deck(choice.templates, "portfolio")
        .map_err(|e| Failure::unusable(e.to_string(), None))?;
    let user_theme = choice.theme.map(|t| ThemeRef::parse(t, Path::new(".")));
    let policy_theme = policy.and_then(|p| p.theme_ref());
    // The deck's front matter names the theme only for Markdown readers
    // (Marp); the renderers take it from the choice below.
    let shown_theme = user_theme
        .as_ref()
        .or(policy_theme.as_ref().map(|(t, _)| t))
        .map(|t| match t {
            ThemeRef::Builtin(n) => n.clone(),
            ThemeRef::File(_) => "default".into(),
        });
    let view = portfolio::view(roll, shown_theme);
    let guard = choice
        .templates
        .and_then(|dir| reporter.templates_start(dir));
    let rendered = crate::deck::render_view(&set, "portfolio", &view, "the portfolio review");
    drop(guard);
    let md = rendered.map_err(|e| Failure::unusable(e.to_string(), None))?;
    let themes = ThemeChoice {
        user: user_theme,
        policy: policy_theme,
    };
    let opts = RenderOptions {
        source_date_epoch: choice.source_date_epoch,
        policy_pptx_template: match policy.and_then(|p| p.pptx_template_path()) {
            Some(Ok(p)) => Some(p),
            Some(Err(refusal)) => {
                return Err(Failure::unusable(
                    format!("the policy's pptx_template cannot be used: {refusal}"),
                    None,
                ));
            }
            None => None,
        },
        ..RenderOptions::default()
    };
    render::render(&md, choice.format, &themes, &opts)
        .map_err(|e| Failure::unusable(e.to_string(), None))
}
