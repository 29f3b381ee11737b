//! The scenario view: the optimiser at the budget a slider sets (and
//! per-channel bounds), the response curves with the planned and best
//! points, and the optimised plan written as `optimize -o` writes it.

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde_json::{Value, json};

use super::http::Reply;
use super::{Request, State, pages};
use crate::invest::{self, Level};
use crate::plan::Plan;

pub fn page(state: &State, rel: &str) -> Reply {
    match super::plan_file(state, rel) {
        Some(_) => Reply::html(pages::scenario(state, rel)),
        None => Reply::not_found(),
    }
}

/// A workbook of a plan (`mvplan export PLAN --what WHAT`): the budget,
/// the actuals template, or plan vs actual (variance).
pub fn export_xlsx(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    let (plan, figures) = load(path)?;
    match what {
        "budget" => {
            crate::export::budget_workbook(&plan, &figures, None).map_err(|e| e.to_string())
        }
        "actuals-template" => {
            crate::export::actuals_template(&plan, None).map_err(|e| e.to_string())
        }
        "variance" => {
            let policy = crate::app::Policies::default()
                .load(
                    &crate::app::PolicyChoice::Discover,
                    path,
                    &mut crate::app::Ignore,
                )
                .map_err(|f| f.to_string())?;
            let job = crate::app::export::VarianceJob {
                plan: &plan,
                plan_path: path,
                figures: &figures,
                actuals: &[],
                policy: policy.as_deref(),
                as_of: None,
                force: false,
                source_date_epoch: None,
            };
            crate::app::export::variance(&job, &mut crate::app::Ignore).map_err(|f| f.to_string())
        }
        _ => Err("what: budget, actuals-template or variance".into()),
    }
}

fn load(path: &Path) -> Result<(Plan, crate::figures::Figures), String> {
    let (report, plan) = crate::check_path(path, &crate::check::Settings::default());
    match (plan, report.figures) {
        (Some(p), Some(f)) => Ok((p, f)),
        _ => Err("the plan does not load; fix it on its page first".into()),
    }
}

/// The request's level (`percent`: the change of the curve channels'
/// money, -90 to +300) and bounds (`{channel: {min, max}}`) applied to a
/// copy of the plan; the figures recomputed with them.
fn setup(
    path: &Path,
    body: &Value,
) -> Result<(Plan, String, crate::figures::Figures, Level), Reply> {
    let (mut plan, _) = load(path).map_err(|e| Reply::error(422, &e))?;
    let text = std::fs::read_to_string(path).map_err(|e| Reply::error(422, &e.to_string()))?;
    let percent = body["percent"].as_f64().unwrap_or(0.0);
    if !(-90.0..=300.0).contains(&percent) {
        return Err(Reply::error(400, "percent: from -90 to +300"));
    }
    if let Some(bounds) = body["bounds"].as_object() {
        for (id, b) in bounds {
            let Some(c) = plan.channels.iter_mut().find(|c| c.id.value == *id) else {
                return Err(Reply::error(
                    400,
                    &format!("the plan has no channel `{id}`"),
                ));
            };
            let money = |v: &Value| -> Option<crate::plan::Money> {
                let d = Decimal::from_f64(v.as_f64()?)?.round_dp(2);
                (d >= Decimal::ZERO).then(|| crate::plan::Money {
                    value: d,
                    currency: None,
                    span: Default::default(),
                })
            };
            if b.get("min").is_some() {
                c.min_budget = money(&b["min"]);
            }
            if b.get("max").is_some() {
                c.max_budget = money(&b["max"]);
            }
        }
    }
    // The plan was read (and its memo filled) before the bounds changed:
    // a fresh memo keeps the promise that nothing remembered is stale.
    plan.memo = Default::default();
    let figures = crate::figures::compute(&plan);
    let level = match Decimal::from_f64(percent).map(|d| d.round_dp(1)) {
        Some(d) if !d.is_zero() => Level::Percent(d),
        _ => Level::Plan,
    };
    Ok((plan, text, figures, level))
}

/// `POST /api/optimise/PATH` `{percent, bounds}`: the best allocation at
/// that level, each channel's curve sampled, and the moves.
pub fn optimise(state: &State, rel: &str, req: &Request<'_>) -> Reply {
    let Some(path) = super::plan_file(state, rel) else {
        return Reply::not_found();
    };
    let body = match req.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (plan, _, figures, level) = match setup(&path, &body) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(media) = &figures.media else {
        return Reply::error(
            422,
            "no channel of this plan has a response curve; the optimiser needs them (`mvplan docs plan-format`, Response curves)",
        );
    };
    let target = match invest::target(&plan, media, None) {
        Ok(t) => t,
        Err(e) => return Reply::error(422, &e),
    };
    let result = match invest::optimise(&plan, media, &target, std::slice::from_ref(&level)) {
        Ok(r) => r,
        Err(e) => return Reply::error(422, &e),
    };
    let curves: Vec<Value> = media
        .curves
        .iter()
        .map(|c| {
            let top = crate::figures::optimize::to_f64(c.budget) * 2.5;
            let points: Vec<[f64; 2]> = (0..=40)
                .map(|i| {
                    let x = top * f64::from(i) / 40.0;
                    [x, c.response.at(x)]
                })
                .collect();
            json!({
                "id": c.channel, "name": c.name, "objective": c.objective, "points": points,
                "planned": [crate::figures::optimize::to_f64(c.budget), c.outcome],
            })
        })
        .collect();
    Reply::json(
        200,
        &json!({ "result": result, "curves": curves, "text": invest::human(&result) }),
    )
}

/// `POST /api/optimised/PATH` `{percent, bounds, output}`: the plan with the
/// optimised allocation, written to `output` (beside it, never over the
/// plan itself nor over a file mvplan did not write).
pub fn write(state: &State, rel: &str, req: &Request<'_>) -> Reply {
    let Some(path) = super::plan_file(state, rel) else {
        return Reply::not_found();
    };
    let body = match req.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(output) = body["output"].as_str().filter(|o| o.ends_with(".toml")) else {
        return Reply::error(400, "name the output: a .toml file");
    };
    let Some(out) = state.root.new_file(output) else {
        return Reply::error(404, "the output must be inside the served folder");
    };
    if out == path {
        return Reply::error(
            409,
            "that is the plan itself; mvplan never writes over its input",
        );
    }
    let (plan, text, figures, level) = match setup(&path, &body) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(media) = &figures.media else {
        return Reply::error(422, "no response curves");
    };
    let result = invest::target(&plan, media, None)
        .and_then(|t| invest::optimise(&plan, media, &t, std::slice::from_ref(&level)));
    let mut result = match result {
        Ok(r) => r,
        Err(e) => return Reply::error(422, &e),
    };
    let level = result.levels.remove(0);
    let origin = path
        .file_name()
        .map_or_else(|| rel.to_string(), |n| n.to_string_lossy().into_owned());
    let written = match invest::rewrite(&plan, &text, &level, &origin) {
        Ok(t) => t,
        Err(e) => return Reply::error(422, &format!("not written: {e}")),
    };
    match crate::output::write_output(&crate::output::Target::File(out), written.as_bytes(), false)
    {
        Ok(()) => Reply::json(200, &json!({ "written": output })),
        Err(e) => Reply::error(409, &e.to_string()),
    }
}
