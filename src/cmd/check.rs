//! `mvplan check PLAN...`

use mvplan::check::Settings;
use mvplan::report::{human, json};

use super::exit;
use crate::cli::{CheckArgs, ReportFormat};

pub fn run(args: &CheckArgs, color: bool) -> u8 {
    let settings = Settings::default();
    let reports: Vec<_> = args
        .plans
        .iter()
        .map(|p| mvplan::check_path(p, &settings).0)
        .collect();
    match args.format {
        ReportFormat::Json => print!("{}", json::render(&reports)),
        ReportFormat::Human => {
            for r in &reports {
                if args.quiet {
                    print!(
                        "{}",
                        human::findings(r.source.as_ref(), &r.path, &r.findings, color)
                    );
                    println!("{}", human::tally_line(&r.path, r.tally()));
                } else {
                    print!("{}", human::file_report(r, color));
                }
            }
        }
    }
    let unusable = reports.iter().any(|r| !r.loaded());
    let failed = reports.iter().any(|r| {
        let t = r.tally();
        t.errors > 0 || (args.strict && t.warnings > 0)
    });
    if unusable {
        exit::UNUSABLE
    } else if failed {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
