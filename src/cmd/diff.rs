//! `mvplan diff OLD NEW [--format human|json]`

use super::exit;
use crate::cli::{DiffArgs, ReportFormat};

pub fn run(args: &DiffArgs, color: bool) -> u8 {
    let loaded = super::load_plan_and_text(&args.old, color)
        .and_then(|old| Ok((old, super::load_plan_and_text(&args.new, color)?)));
    let ((old, old_fig, old_text), (new, new_fig, new_text)) = match loaded {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let version = |plan, figures, text| mvplan::diff::Version {
        plan,
        figures,
        text,
    };
    let d = mvplan::diff::diff(
        version(&old, &old_fig, &old_text),
        version(&new, &new_fig, &new_text),
    );
    match args.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default()),
        // Plan text (names, statements) is shown, never run: escape
        // sequences in it become visible control pictures.
        ReportFormat::Human => print!(
            "{}",
            mvplan::report::human::safe(&mvplan::diff::human(
                &d,
                &args.old.display().to_string(),
                &args.new.display().to_string()
            ))
        ),
    }
    exit::OK
}
