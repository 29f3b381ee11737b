//! `mvplan export PLAN [--what budget|actuals-template] [--format xlsx|csv] [-o FILE]`

use std::path::PathBuf;

use mvplan::output::{self, Target};

use super::{exit, fail};
use crate::cli::{ExportArgs, ExportFormat, ExportKind};

pub fn run(args: &ExportArgs, color: bool) -> u8 {
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
    let (plan, figures) = match super::load_plan(&args.plan, color) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let bytes = match (args.what, args.format) {
        (ExportKind::Budget, _) => {
            mvplan::export::budget_workbook(&plan, &figures, source_date_epoch)
        }
        (ExportKind::Variance, _) => {
            match variance(args, &plan, &figures, source_date_epoch, color) {
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
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return fail(&e.to_string(), None),
    };
    let target = match &args.output {
        Some(p) => Target::from_path(p.clone()),
        None => {
            let stem = args
                .plan
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
            let dir = args.plan.parent().map(PathBuf::from).unwrap_or_default();
            Target::File(dir.join(name))
        }
    };
    if let Target::File(out) = &target
        && super::optimize::same_file(out, &args.plan)
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
    plan: &mvplan::plan::Plan,
    figures: &mvplan::figures::Figures,
    source_date_epoch: Option<i64>,
    color: bool,
) -> Result<Result<Vec<u8>, mvplan::export::ExportError>, u8> {
    let policy = super::Policies::default().for_plan(
        args.policy.as_deref(),
        args.no_policy,
        &args.plan,
        color,
    )?;
    let as_of = args.as_of.as_deref().map(super::parse_date).transpose()?;
    let job = mvplan::app::export::VarianceJob {
        plan,
        plan_path: &args.plan,
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
