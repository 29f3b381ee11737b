//! `mvplan diff OLD NEW [--format human|json]`

use super::exit;
use crate::cli::{DiffArgs, ReportFormat};

pub fn run(args: &DiffArgs, color: bool) -> u8 {
    let loaded = super::load_plan(&args.old, color)
        .and_then(|old| Ok((old, super::load_plan(&args.new, color)?)));
    let ((old, old_fig), (new, new_fig)) = match loaded {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let d = mvplan::diff::diff(&old, &old_fig, &new, &new_fig);
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
