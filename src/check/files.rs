//! Files the plan names (its logo, its theme): only files beside it.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::model::Located;
use crate::theme::ThemeRef;

pub const FILE_NOT_BESIDE: Rule = Rule {
    id: "file-not-beside",
    severity: Severity::Warning,
    family: "files",
    summary: "the plan names a logo or theme that is remote or outside its directory",
    explanation: "A plan may come from someone else, so the files it names are read only from \
its own directory (and the folders below it): `logo = \"logo.png\"`, `theme = \"brand.toml\"`. \
A remote address would be fetched by whoever opens the Markdown deck (a tracking beacon), and \
an absolute path or `../` could pull any file of the reader's machine into the deck. The \
renderers refuse such files; this finding says so where the plan names them. Copy the file \
next to the plan, or give a theme on the command line with `--theme`.",
    configurable: false,
};

pub const RULES: &[&Rule] = &[&FILE_NOT_BESIDE];

pub fn check(cx: &mut Ctx<'_>) {
    let meta = &cx.plan.meta;
    let named = [("logo", meta.logo.as_ref()), ("theme", meta.theme.as_ref())]
        .into_iter()
        .chain(meta.actuals.iter().map(|a| ("actuals file", Some(a))));
    for (what, value) in named {
        let Some(Located { value, span }) = value else {
            continue;
        };
        // A built-in theme is a name, not a file.
        let is_theme_name = what == "theme"
            && matches!(
                ThemeRef::parse(value, std::path::Path::new("")),
                ThemeRef::Builtin(_)
            );
        if is_theme_name {
            continue;
        }
        let why = if crate::sandbox::is_remote(value) {
            Some("a remote address; remote files are never fetched")
        } else if !crate::sandbox::stays_beside(value) {
            Some("outside the plan's directory")
        } else {
            None
        };
        if let Some(why) = why {
            cx.report(
                Finding::new(&FILE_NOT_BESIDE, format!("the {what} `{value}` is {why}"))
                    .at(span.clone())
                    .label("not read")
                    .help(format!(
                        "copy the file next to the plan and name it relative to it, e.g. `{} = \"{}\"`",
                        what.split(' ').next().unwrap_or(what),
                        match what {
                            "logo" => "logo.png",
                            "theme" => "brand.toml",
                            _ => "actuals.csv",
                        }
                    )),
            );
        }
    }
}
