//! `mvplan check PLAN...`

use mvplan::check::Settings;
use mvplan::report::{human, json};
use mvplan::source::FileKind;

use super::exit;
use crate::cli::{CheckArgs, ReportFormat};

pub fn run(args: &CheckArgs, color: bool) -> u8 {
    let settings = Settings::default();
    let mut policies = super::Policies::default();
    let mut reports = Vec::new();
    for p in &args.plans {
        // Each file read once; a policy or theme among them is checked as
        // what it is.
        let read = mvplan::read_any(p);
        let kind = read.as_ref().map_or(FileKind::Plan, |(kind, _)| *kind);
        let policy = match kind {
            FileKind::Plan => {
                match policies.for_plan(args.policy.as_deref(), args.no_policy, p, color) {
                    Ok(policy) => policy,
                    Err(code) => return code,
                }
            }
            _ => None,
        };
        reports.push(match read {
            Ok((kind, source)) => mvplan::check_read(kind, source, &settings, policy.as_deref()),
            Err(report) => *report,
        });
    }
    match args.format {
        ReportFormat::Json => print!("{}", json::render(&reports)),
        ReportFormat::Human => {
            for r in &reports {
                if super::quiet() {
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
