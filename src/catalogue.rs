//! Every rule mvplan reports, in one list: the loader's and the checker's
//! (findings in plans and policies), the portfolio review's (findings across
//! plans), then the renderers' (problems found drawing a deck). `mvplan explain` and docs/rules.md read it.

use crate::diagnostic::Rule;

/// Every rule, loader rules first, in the order `explain --list` shows them.
pub fn all() -> Vec<&'static Rule> {
    let mut rules = crate::check::catalogue();
    rules.extend(crate::portfolio::RULES.iter().copied());
    rules.extend(crate::actuals::RULES.iter().copied());
    rules.extend(crate::track::RULES.iter().copied());
    rules.extend(crate::triggers::RULES.iter().copied());
    rules.extend(crate::render::problems::RULES.iter().copied());
    rules
}

pub fn rule(id: &str) -> Option<&'static Rule> {
    all().into_iter().find(|r| r.id == id)
}

/// The catalogue as Markdown: `docs/rules.md` is this text (a test keeps
/// them equal), so the docs can't drift from the rules.
pub fn markdown() -> String {
    use std::fmt::Write;
    let mut out = String::from(
        "# Rule catalogue\n\n<!-- Generated from the rules in src/: run `UPDATE_DOCS=1 cargo test --test it docs::` after changing a rule. -->\n\n\
Every finding names its rule. `mvplan explain <rule>` prints the explanation below; \
`[checks]` in a plan (or a policy) can change the severity of rules marked *configurable*. \
The *tracking* rules compare a plan with its actuals (`mvplan track`, `mvplan docs tracking`). \
The *rendering* rules are problems found while drawing a deck (`mvplan render`, `mvplan review`); \
`--message-format json` gives them as JSON.\n\n\
| Rule | Family | Default | Configurable | Flags |\n|---|---|---|---|---|\n",
    );
    let all = all();
    for r in &all {
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} | {3} | {4} |",
            r.id,
            r.family,
            r.severity,
            if r.configurable { "yes" } else { "no" },
            r.summary
        );
    }
    for r in &all {
        let _ = write!(
            out,
            "\n## {}\n\n*{}, {} by default.* {}.\n\n{}\n",
            r.id,
            r.family,
            r.severity,
            capitalised(r.summary),
            r.explanation
        );
    }
    out
}

pub use crate::format::capitalised;
