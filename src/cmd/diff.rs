//! `mvplan diff OLD NEW [--format human|json]`

use mvplan::check::Settings;
use mvplan::report::human;

use super::exit;
use crate::cli::{DiffArgs, ReportFormat};

pub fn run(args: &DiffArgs, color: bool) -> u8 {
    let settings = Settings::default();
    let mut loaded = Vec::new();
    for path in [&args.old, &args.new] {
        let (report, plan) = mvplan::check_path(path, &settings);
        match (plan, report.figures) {
            (Some(plan), Some(fig)) => loaded.push((plan, fig)),
            _ => {
                eprint!(
                    "{}",
                    human::findings(
                        report.source.as_ref(),
                        &report.path,
                        &report.findings,
                        color
                    )
                );
                eprintln!(
                    "error: `{}` could not be loaded; nothing to compare",
                    path.display()
                );
                return exit::UNUSABLE;
            }
        }
    }
    let (new, old) = (loaded.pop(), loaded.pop());
    let (Some((old, old_fig)), Some((new, new_fig))) = (old, new) else {
        return exit::UNUSABLE;
    };
    let d = mvplan::diff::diff(&old, &old_fig, &new, &new_fig);
    match args.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&d).unwrap_or_default()),
        ReportFormat::Human => print!(
            "{}",
            mvplan::diff::human(
                &d,
                &args.old.display().to_string(),
                &args.new.display().to_string()
            )
        ),
    }
    exit::OK
}
