//! `mvplan import WORKBOOK [-o plan.toml]`: a filled plan workbook → a
//! TOML plan, checked on the way, every finding named by its cell.

use mvplan::check::Settings;
use mvplan::output::{self, Target};
use mvplan::report::{human, json};

use super::{exit, fail};
use crate::cli::{ImportArgs, ReportFormat};

pub fn run(args: &ImportArgs, color: bool) -> u8 {
    let source = match mvplan::read_plan(&args.workbook) {
        Ok(s) => s,
        Err(f) => {
            eprint!(
                "{}",
                human::findings(None, &args.workbook.display().to_string(), &[*f], color)
            );
            return exit::UNUSABLE;
        }
    };
    if source.cells.is_none() {
        return fail(
            &format!("`{}` is not a workbook", args.workbook.display()),
            Some("`mvplan import` reads a plan workbook (.xlsx); a TOML plan is used as it is"),
        );
    }
    let policy = match super::Policies::default().for_plan(
        args.policy.as_deref(),
        args.no_policy,
        &args.workbook,
        color,
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let text = source.text.clone();
    let (report, _) = mvplan::check_source_with(source, &Settings::default(), policy.as_deref());
    let target = match &args.output {
        Some(p) => Target::from_path(p.clone()),
        None => Target::File(args.workbook.with_extension("toml")),
    };
    let reports = [report];
    match args.format {
        // JSON goes to stdout unless the plan does.
        ReportFormat::Json if !matches!(target, Target::Stdout) => {
            print!("{}", json::render(&reports))
        }
        ReportFormat::Json => eprint!("{}", json::render(&reports)),
        ReportFormat::Human => {
            let r = &reports[0];
            eprint!(
                "{}",
                human::findings(r.source.as_ref(), &r.path, &r.findings, color)
            );
            if !super::quiet() {
                eprintln!("{}", human::tally_line(&r.path, r.tally()));
            }
        }
    }
    let report = &reports[0];
    if !report.loaded() && !args.allow_errors {
        eprintln!(
            "error: `{}` does not hold a plan mvplan can load; nothing was written\n  = help: fix the cells named above, or pass --allow-errors to write the TOML as it is",
            args.workbook.display()
        );
        return exit::UNUSABLE;
    }
    let errors = report.tally().errors;
    if errors > 0 && !args.allow_errors {
        return {
            eprintln!(
                "error: not writing the plan: the workbook has {errors} error(s)\n  = help: fix the cells named above, or pass --allow-errors to write the plan with them"
            );
            exit::FINDINGS
        };
    }
    if let Target::File(out) = &target
        && super::optimize::same_file(out, &args.workbook)
    {
        return fail(
            &format!("`{}` is the workbook itself", out.display()),
            Some("choose another file with -o"),
        );
    }
    if let Err(e) = output::write_output(&target, text.as_bytes(), args.force) {
        return fail(&e.to_string(), e.help());
    }
    if let Target::File(out) = &target {
        super::status!("wrote {} ({} bytes)", out.display(), text.len());
    }
    if !report.loaded() {
        exit::UNUSABLE
    } else if errors > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
