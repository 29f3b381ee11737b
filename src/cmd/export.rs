//! `mvplan export PLAN [--what budget|actuals-template|variance|plan-workbook] [--format xlsx|csv] [-o FILE]`

use std::path::{Path, PathBuf};

use mvplan::output::{self, Target};

use super::{exit, fail};
use crate::cli::{ExportArgs, ExportFormat, ExportKind};

pub fn run(args: &ExportArgs, color: bool) -> u8 {
    if args.what == ExportKind::PlanWorkbook {
        return plan_workbook(args, color);
    }
    let Some(plan_path) = args.plan.as_deref() else {
        return fail(
            "this export needs a plan",
            Some(
                "name the plan: `mvplan export plan.toml`; only `--what plan-workbook` is made without one",
            ),
        );
    };
    if args.what != ExportKind::ActualsTemplate && args.format == ExportFormat::Csv {
        return fail(
            "the budget and the variance are exported as workbooks only",
            Some(
                "use --format xlsx (its totals are formulas), or `mvplan check --format json` for the figures",
            ),
        );
    }
    let source_date_epoch = match super::source_date_epoch() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (plan, figures) = match super::load_plan(plan_path, color) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let bytes = match (args.what, args.format) {
        (ExportKind::Budget, _) => {
            mvplan::export::budget_workbook(&plan, &figures, source_date_epoch)
        }
        (ExportKind::Variance, _) => {
            match variance(args, plan_path, &plan, &figures, source_date_epoch, color) {
                Ok(b) => b,
                Err(code) => return code,
            }
        }
        (ExportKind::ActualsTemplate, ExportFormat::Xlsx) => {
            mvplan::export::actuals_template(&plan, source_date_epoch)
        }
        (ExportKind::ActualsTemplate, ExportFormat::Csv) => {
            Ok(mvplan::export::actuals_template_csv(&plan).into_bytes())
        }
        // Made without a plan, above.
        (ExportKind::PlanWorkbook, _) => return plan_workbook(args, color),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return fail(&e.to_string(), None),
    };
    let target = match &args.output {
        Some(p) => Target::from_path(p.clone()),
        None => {
            let stem = plan_path
                .file_stem()
                .map(|s| s.to_os_string())
                .unwrap_or_else(|| "plan".into());
            let mut name = stem;
            name.push(match (args.what, args.format) {
                (ExportKind::Budget, _) => ".budget.xlsx",
                (ExportKind::Variance, _) => ".variance.xlsx",
                (_, ExportFormat::Xlsx) => ".actuals.xlsx",
                (_, ExportFormat::Csv) => ".actuals.csv",
            });
            let dir = plan_path.parent().map(PathBuf::from).unwrap_or_default();
            Target::File(dir.join(name))
        }
    };
    if let Target::File(out) = &target
        && super::optimize::same_file(out, plan_path)
    {
        return fail(
            &format!("`{}` is the plan itself", out.display()),
            Some("choose another file with -o"),
        );
    }
    if let Err(e) = output::write_output(&target, &bytes, args.force) {
        return fail(&e.to_string(), e.help());
    }
    if let Target::File(out) = &target {
        super::status!("wrote {} ({} bytes)", out.display(), bytes.len());
    }
    exit::OK
}

/// Plan vs actual (`--what variance`): the actuals named (else the
/// plan's), tracked at `--as-of` (default: the newest actuals), under its
/// policy.
fn variance(
    args: &ExportArgs,
    plan_path: &Path,
    plan: &mvplan::plan::Plan,
    figures: &mvplan::figures::Figures,
    source_date_epoch: Option<i64>,
    color: bool,
) -> Result<Result<Vec<u8>, mvplan::export::ExportError>, u8> {
    let policy = super::Policies::default().for_plan(
        args.policy.as_deref(),
        args.no_policy,
        plan_path,
        color,
    )?;
    let as_of = args.as_of.as_deref().map(super::parse_date).transpose()?;
    let job = mvplan::app::export::VarianceJob {
        plan,
        plan_path,
        figures,
        actuals: &args.actuals,
        policy: policy.as_deref(),
        as_of,
        force: args.force,
        source_date_epoch,
    };
    mvplan::app::export::variance(&job, &mut super::Terminal { color })
        .map(Ok)
        .map_err(|f| super::failed(&f))
}

/// The plan workbook: PLAN pre-filled, or a blank template made from the
/// policy (`--policy`, else `mvplan-policy.toml` found from the current
/// directory, or beside the plan).
fn plan_workbook(args: &ExportArgs, color: bool) -> u8 {
    if args.format == ExportFormat::Csv {
        return fail(
            "the plan workbook is a workbook",
            Some("use --format xlsx (the default)"),
        );
    }
    let source_date_epoch = match super::source_date_epoch() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let near = args
        .plan
        .clone()
        .unwrap_or_else(|| PathBuf::from("plan.xlsx"));
    let policy = match super::Policies::default().for_plan(
        args.policy.as_deref(),
        args.no_policy,
        &near,
        color,
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // A plan is written as it loads, so that what the workbook holds is a
    // plan mvplan accepts.
    let text = match &args.plan {
        Some(p) => match super::load_plan_and_text(p, color) {
            Ok((_, _, text)) => Some(text),
            Err(code) => return code,
        },
        None => None,
    };
    let bytes = match mvplan::workbook::write::workbook(
        text.as_deref(),
        policy.as_deref(),
        source_date_epoch,
    ) {
        Ok(b) => b,
        Err(e) => return fail(&e.to_string(), None),
    };
    let target = match (&args.output, &args.plan) {
        (Some(o), _) => Target::from_path(o.clone()),
        (None, Some(p)) => {
            let mut name = p
                .file_stem()
                .map(|s| s.to_os_string())
                .unwrap_or_else(|| "plan".into());
            name.push(".plan.xlsx");
            Target::File(p.parent().map(PathBuf::from).unwrap_or_default().join(name))
        }
        (None, None) => Target::File(PathBuf::from("plan.xlsx")),
    };
    if let (Target::File(out), Some(p)) = (&target, &args.plan)
        && super::optimize::same_file(out, p)
    {
        return fail(
            &format!("`{}` is the plan itself", out.display()),
            Some("choose another file with -o"),
        );
    }
    if let Err(e) = output::write_output(&target, &bytes, args.force) {
        return fail(&e.to_string(), e.help());
    }
    if let Target::File(out) = &target {
        super::status!("wrote {} ({} bytes)", out.display(), bytes.len());
    }
    exit::OK
}
