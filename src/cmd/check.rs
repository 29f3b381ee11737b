//! `mvplan check PLAN...`

use mvplan::check::Settings;
use mvplan::report::{human, json};

use super::exit;
use crate::cli::{CheckArgs, ReportFormat};

pub fn run(args: &CheckArgs, color: bool) -> u8 {
    let settings = Settings::default();
    let mut policies = super::Policies::default();
    let mut reports = Vec::new();
    for p in &args.plans {
        // A policy or theme among the files is checked as what it is.
        if mvplan::source::FileKind::of_path(p) != mvplan::source::FileKind::Plan {
            reports.push(mvplan::check_any_path(p, &settings, None));
            continue;
        }
        let policy = match policies.for_plan(args.policy.as_deref(), args.no_policy, p, color) {
            Ok(policy) => policy,
            Err(code) => return code,
        };
        reports.push(mvplan::check_path_with(p, &settings, policy.as_deref()).0);
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
