//! `mvplan track PLAN ACTUALS... [--as-of DATE] [--format human|json]`
//!
//! Without `--as-of`, as of the actuals' status date (`Actuals::status_date`).

use mvplan::report::human;

use super::{exit, fail};
use crate::cli::{ReportFormat, TrackArgs};

pub fn run(args: &TrackArgs, color: bool) -> u8 {
    let as_of = match args.as_of.as_deref().map(super::parse_date).transpose() {
        Ok(d) => d,
        Err(code) => return code,
    };
    let (plan, figures) = match super::load_plan(&args.plan, color) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let policy = match super::Policies::default().for_plan(
        args.policy.as_deref(),
        args.no_policy,
        &args.plan,
        color,
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let actuals = match super::load_actuals(&plan, &args.plan, &args.actuals, policy.as_deref()) {
        Ok(a) => a,
        Err(code) => return code,
    };
    // The same default as the status deck, `export` and `review`.
    let as_of = as_of.unwrap_or_else(|| actuals.status_date(&plan));
    let (tracking, findings) = mvplan::check::tracking(
        &plan,
        &actuals,
        as_of,
        &figures,
        policy.as_deref(),
        args.max_age.map(i64::from),
    );
    let plan_source = mvplan::read_plan(&args.plan).ok();
    let mut errors = 0;
    match args.format {
        ReportFormat::Human => {
            for file in &actuals.files {
                if !file.findings.is_empty() {
                    eprint!(
                        "{}",
                        human::findings(file.source.as_ref(), &file.name(), &file.findings, color)
                    );
                }
            }
            if !findings.is_empty() {
                let name = args.plan.display().to_string();
                eprint!(
                    "{}",
                    human::findings(plan_source.as_ref(), &name, &findings, color)
                );
            }
            print!("{}", human::safe(&mvplan::track::human(&tracking)));
        }
        ReportFormat::Json => {
            let files: Vec<serde_json::Value> = actuals
                .files
                .iter()
                .map(|file| {
                    serde_json::json!({
                        "path": file.name(),
                        "findings": file.findings.iter().map(|f| finding_json(f, file.source.as_ref())).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "generator": format!("mvplan {}", env!("CARGO_PKG_VERSION")),
                "tracking": tracking,
                "findings": findings.iter().map(|f| finding_json(f, plan_source.as_ref())).collect::<Vec<_>>(),
                "actuals": files,
            });
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => println!("{s}"),
                Err(e) => return fail(&e.to_string(), None),
            }
        }
    }
    for f in actuals.findings().chain(&findings) {
        if f.severity == mvplan::diagnostic::Severity::Error {
            errors += 1;
        }
    }
    if errors > 0 { exit::FINDINGS } else { exit::OK }
}

fn finding_json(
    f: &mvplan::diagnostic::Finding,
    source: Option<&mvplan::source::SourceFile>,
) -> serde_json::Value {
    let (line, column) = match (source, &f.span) {
        (Some(s), Some(span)) => {
            let (l, c) = s.line_col(span.start);
            (Some(l), Some(c))
        }
        _ => (None, None),
    };
    serde_json::json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "message": f.message,
        "line": line,
        "column": column,
        "cell": f.cell,
        "help": f.help,
    })
}
