//! Stage 4 for `render`: plan + figures + findings → view model → Tera
//! templates → the Markdown deck, the one intermediate form every output
//! format is made from.

pub mod alignment_chain;
mod alternatives;
mod ask_advice;
pub mod ask_due;
mod ask_gaps;
mod ask_no;
pub mod ask_totals;
pub mod asks;
pub mod escape;
pub mod filters;
pub mod findings;
mod foreign_marks;
mod hire_rests;
mod hires;
mod labels;
pub mod media;
mod media_deltas;
mod media_levels;
mod media_scope;
pub mod move_effect;
mod notation;
pub mod operations;
pub mod people_chart;
pub mod people_terms;
pub mod prose;
mod quarter_words;
pub mod reconcile;
pub(crate) mod risk_case;
mod risk_manage;
pub(crate) mod risk_rating;
mod risk_stake;
mod risk_title;
mod risk_when;
mod risk_work;
pub mod scenario_estimate;
pub mod scenario_extra;
pub mod scenarios;
pub mod shown;
pub mod status;
pub mod story;
mod strategy_title;
pub mod structure;
pub mod templates;
pub mod titles;
pub mod trigger_words;
pub mod value;
pub mod value_bases;
mod value_goals;
mod value_notes;
mod value_risk;
pub mod view;

use crate::diagnostic::{Finding, did_you_mean};
use crate::figures::Figures;
use crate::plan::Plan;
use crate::source::SourceFile;

pub use templates::TemplateSet;

#[derive(Debug, thiserror::Error)]
pub enum DeckError {
    #[error("no deck is called `{name}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownDeck {
        name: String,
        available: Vec<String>,
        suggestion: Option<String>,
    },
    #[error("deck definition `{deck}` ({origin}) is invalid: {message}")]
    Definition {
        deck: String,
        origin: String,
        message: String,
    },
    #[error("deck `{deck}` uses template `{template}`, which does not exist")]
    MissingTemplate { deck: String, template: String },
    #[error("template error{}: {message}", if template.is_empty() { String::new() } else { format!(" in `{template}`") })]
    Template { template: String, message: String },
    #[error("cannot read `{path}`: {message}")]
    Io { path: String, message: String },
    #[error(
        "template `{template}` produced more than {} MiB; a deck is never that large (a loop that runs away?)",
        MAX_OUTPUT_BYTES / (1024 * 1024)
    )]
    TooLarge { template: String },
}

/// The most a deck's templates may write. Real decks are tens of KB (a
/// 1,000-plan portfolio review a few MB); the cap turns a runaway template
/// (nested loops over `range`) into an error instead of gigabytes of memory.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

/// A `Write` that refuses to grow beyond its budget.
struct Capped {
    buf: Vec<u8>,
    budget: usize,
    overflowed: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + bytes.len() > self.budget {
            self.overflowed = true;
            return Err(std::io::Error::other("deck too large"));
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Written into every deck mvplan renders (in the front matter, or on top);
/// `render` only overwrites files that carry it, unless forced.
pub use crate::output::MARKER;

/// Renders the Markdown deck `deck` for a checked plan.
pub fn render(
    set: &TemplateSet,
    deck: &str,
    plan: &Plan,
    fig: &Figures,
    findings: &[Finding],
    source: &SourceFile,
) -> Result<String, DeckError> {
    render_since(set, deck, plan, fig, findings, source, None, None)
}

/// [`render`], with a "What changed" slide from a diff against an earlier
/// version of the plan, and plan vs actual from tracking figures and their
/// findings (the status deck).
#[allow(clippy::too_many_arguments)]
pub fn render_since(
    set: &TemplateSet,
    deck: &str,
    plan: &Plan,
    fig: &Figures,
    findings: &[Finding],
    source: &SourceFile,
    changes: Option<&crate::diff::PlanDiff>,
    tracking: Option<(&crate::track::Tracking, &[Finding])>,
) -> Result<String, DeckError> {
    let mut view = view::build(plan, fig, findings, source, changes);
    view.status = tracking.map(|(t, found)| status::build(plan, t, found, source));
    // The author's prose names the plan's items by id; the deck by name.
    let mut view = serde_json::to_value(&view).map_err(|e| DeckError::Template {
        template: String::new(),
        message: e.to_string(),
    })?;
    prose::name_ids_in(&mut view, &prose::Names::of(plan));
    let name = source
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let md = render_view(set, deck, &view, &name)?;
    let md = quarter_words::date_quarters(&md, &fig.quarters);
    let md = foreign_marks::mark_foreign(&md, &plan.meta.currency.value);
    Ok(notation::restate_author_amounts(
        &md,
        &plan.meta.currency.value,
    ))
}

/// Renders deck `deck` from any view model (a plan's, the portfolio's).
/// `origin` names what the deck was made from, in its "generated" marker.
pub fn render_view(
    set: &TemplateSet,
    deck: &str,
    view: &impl serde::Serialize,
    origin: &str,
) -> Result<String, DeckError> {
    let def = set.decks.get(deck).ok_or_else(|| DeckError::UnknownDeck {
        name: deck.to_string(),
        available: set.decks.keys().cloned().collect(),
        suggestion: did_you_mean(deck, set.decks.keys().map(String::as_str)).map(str::to_string),
    })?;
    let mut context = tera::Context::from_serialize(view).map_err(|e| DeckError::Template {
        template: String::new(),
        message: templates::tera_message(&e),
    })?;
    // The slides whose `when` holds in the view, looked up in the context
    // before `deck` goes in (the view itself, not converted twice).
    let slides: Vec<&templates::SlideDef> = def
        .slides
        .iter()
        .filter(|s| s.when.as_deref().is_none_or(|path| holds(&context, path)))
        .collect();
    context.insert(
        "deck",
        &serde_json::json!({ "name": deck, "theme": def.theme, "description": def.description }),
    );
    let tera = set.compiled(
        slides
            .iter()
            .map(|s| s.template.as_str())
            .chain([def.front_matter.as_str()]),
    )?;

    let mut written = 0;
    let mut render = |name: &str| {
        let mut out = Capped {
            buf: Vec::new(),
            budget: MAX_OUTPUT_BYTES.saturating_sub(written),
            overflowed: false,
        };
        let rendered = tera.render_to(name, &context, &mut out);
        if out.overflowed {
            return Err(DeckError::TooLarge {
                template: name.to_string(),
            });
        }
        rendered.map_err(|e| DeckError::Template {
            template: name.to_string(),
            message: templates::tera_message(&e),
        })?;
        written += out.buf.len();
        // Templates and plan text are UTF-8, and Tera writes whole strings.
        String::from_utf8(out.buf).map_err(|e| DeckError::Template {
            template: name.to_string(),
            message: e.to_string(),
        })
    };
    let mut out = tidy(&render(&def.front_matter)?);
    let mut first = true;
    for slide in slides {
        let mut body = tidy(&render(&slide.template)?);
        if body.is_empty() {
            continue;
        }
        if slide.appendix {
            body = appendix(&body);
        }
        // A blank line before `---`: directly under text it would be a
        // setext heading, not a slide break.
        out.push_str(if first { "\n" } else { "\n---\n\n" });
        out.push_str(&body);
        first = false;
    }
    Ok(mark(&out, origin))
}

/// Whether the view's value at `path` (`"layout.goals_slide"`) is truthy,
/// as Tera reads it: the first part is a field of the view, the rest a path
/// into it (a number first would index an array, which the view is not).
fn holds(context: &tera::Context, path: &str) -> bool {
    let (first, rest) = match path.split_once('.') {
        Some((first, rest)) => (first, Some(rest)),
        None => (path, None),
    };
    if first.parse::<usize>().is_ok() {
        return false;
    }
    let value = context.get(first);
    let value = match rest {
        Some(rest) => value.and_then(|v| v.get_from_path(rest)),
        None => value,
    };
    value.is_some_and(tera::Value::is_truthy)
}

/// A slide of the appendix, labelled as one: its class (the theme sets it
/// apart) and `Appendix:` before each title, so that a reader knows where
/// the main story ends, whatever template drew the slide — every slide of
/// it, when a template draws several (one per objective) with `---`.
fn appendix(body: &str) -> String {
    const CLASS: &str = "<!-- _class: appendix -->";
    let mut out = String::with_capacity(body.len() + 40);
    let mut fenced = false;
    // At the top of each slide, until its first line that is not blank.
    let mut slide_top = true;
    for line in body.lines() {
        if slide_top && !line.trim().is_empty() {
            if line.trim() != CLASS {
                out.push_str(CLASS);
                out.push_str("\n\n");
            }
            slide_top = false;
        }
        if line.starts_with("```") {
            fenced = !fenced;
        }
        match line.strip_prefix("# ").filter(|_| !fenced) {
            Some(title) if !title.starts_with("Appendix") => {
                out.push_str("# Appendix: ");
                out.push_str(title);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
        if !fenced && line.trim_end() == "---" {
            slide_top = true;
        }
    }
    out
}

/// Puts the marker in the deck's YAML front matter, or in an HTML comment on
/// top when a custom front-matter template has none. Only the plan's file
/// name goes in, so the deck doesn't change with the directory it's made in.
fn mark(markdown: &str, origin: &str) -> String {
    let name = origin.replace(['\n', '\r'], " ").replace("--", "- -");
    match markdown.strip_prefix("---\n") {
        Some(rest) => format!("---\n# {MARKER} from {name}. Edit the plan, not this file.\n{rest}"),
        None => format!("<!-- {MARKER} from {name}. -->\n\n{markdown}"),
    }
}

/// Trailing spaces off every line, runs of blank lines folded into one,
/// exactly one newline at the end: templates can be written for readability.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_folds_blank_lines_and_trailing_space() {
        assert_eq!(tidy("\n\n# A  \n\n\n\nb\n\n"), "# A\n\nb\n");
        assert_eq!(tidy("  \n "), "");
    }
}
