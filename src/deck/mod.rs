//! Stage 4 for `render`: plan + figures + findings → view model → Tera
//! templates → the Markdown deck, the one intermediate form every output
//! format is made from.

pub mod escape;
pub mod filters;
pub mod templates;
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
}

/// Renders the Markdown deck `deck` for a checked plan.
pub fn render(
    set: &TemplateSet,
    deck: &str,
    plan: &Plan,
    fig: &Figures,
    findings: &[Finding],
    source: &SourceFile,
) -> Result<String, DeckError> {
    let def = set.decks.get(deck).ok_or_else(|| DeckError::UnknownDeck {
        name: deck.to_string(),
        available: set.decks.keys().cloned().collect(),
        suggestion: did_you_mean(deck, set.decks.keys().map(String::as_str)).map(str::to_string),
    })?;
    let view = view::build(plan, fig, findings, source);
    let mut context = tera::Context::from_serialize(&view).map_err(|e| DeckError::Template {
        template: String::new(),
        message: templates::tera_message(&e),
    })?;
    context.insert(
        "deck",
        &serde_json::json!({ "name": deck, "theme": def.theme, "description": def.description }),
    );
    let data = tera::Value::from_serializable(&view);

    let render = |name: &str| {
        set.tera
            .render(name, &context)
            .map_err(|e| DeckError::Template {
                template: name.to_string(),
                message: templates::tera_message(&e),
            })
    };
    let mut out = tidy(&render(&def.front_matter)?);
    let mut first = true;
    for slide in &def.slides {
        if let Some(path) = &slide.when
            && !data.get_from_path(path).is_some_and(tera::Value::is_truthy)
        {
            continue;
        }
        let body = tidy(&render(&slide.template)?);
        if body.is_empty() {
            continue;
        }
        // A blank line before `---`: directly under text it would be a
        // setext heading, not a slide break.
        out.push_str(if first { "\n" } else { "\n---\n\n" });
        out.push_str(&body);
        first = false;
    }
    Ok(out)
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
