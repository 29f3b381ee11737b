//! `mvplan curves import FILE --from pymc-marketing [--plan PLAN] [-o FILE]`

use std::collections::BTreeMap;

use mvplan::curves;
use mvplan::output::{self, Target};
use mvplan::plan::{Plan, edit};

use super::{exit, fail};
use crate::cli::{CurvesImportArgs, MmmTool, Period};

pub fn import(args: &CurvesImportArgs, color: bool) -> u8 {
    let text = match read_model(args) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let plan = match &args.plan {
        Some(p) => match super::load_plan(p, color) {
            Ok((plan, _)) => Some(plan),
            Err(code) => return code,
        },
        None => None,
    };
    // How many of the model's periods the plan period holds.
    let months = plan.as_ref().map_or(12.0, |p| {
        f64::from(mvplan::figures::months_between(p.meta.start.value, p.meta.end.value).max(1))
    });
    let periods = match args.period {
        Period::Week => months * 52.0 / 12.0,
        Period::Day => months * 365.25 / 12.0,
        Period::Month => months,
    };
    let imported = match args.from {
        MmmTool::PymcMarketing => curves::pymc_marketing(&text, periods),
    };
    let imported = match imported {
        Ok(i) => i,
        Err(e) => {
            return fail(
                &format!(
                    "`{}` cannot be read as a PyMC-Marketing model: {e}",
                    args.file.display()
                ),
                Some(
                    "export the fitted model with `mmm.idata.to_json(path)` (`mvplan docs plan-format`, \"Response curves\")",
                ),
            );
        }
    };
    let map = match model_map(args) {
        Ok(map) => map,
        Err(code) => return code,
    };
    let objective = match objective(args, &imported, plan.as_ref()) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let source = source_line(args, &imported, periods);
    let mut printed = String::new();
    // The plan as a document to edit (read once), and the channels whose
    // curves go into it.
    let text = source_text(args);
    let mut merged = match (&args.output, &plan) {
        (Some(_), Some(_)) => match edit::PlanDocument::parse(&text) {
            Ok(d) => Some(d),
            Err(e) => return fail(&e, None),
        },
        _ => None,
    };
    let mut written: Vec<String> = Vec::new();
    for c in &imported.channels {
        let id = map
            .get(&c.name)
            .cloned()
            .unwrap_or_else(|| curves::slug(&c.name));
        let table = curves::to_toml(c, &objective, &source);
        let channel = plan
            .as_ref()
            .and_then(|p| p.channels.iter().find(|x| x.id.value == id));
        match (&plan, channel) {
            (Some(_), None) => {
                eprintln!(
                    "warning: the model's channel `{}` matches no channel of the plan (tried `{id}`); map it with `--map {}=<channel id>`",
                    mvplan::report::human::safe(&c.name),
                    mvplan::report::human::safe(&c.name)
                );
                continue;
            }
            (Some(_), Some(ch)) if ch.response.is_some() => {
                eprintln!(
                    "warning: channel `{id}` already has a response curve; it is kept (remove it to import the model's)"
                );
                continue;
            }
            (Some(_), Some(_)) => {
                if let Some(doc) = merged.as_mut() {
                    let Some(entry) = doc.channel(&id) else {
                        return fail(
                            &format!(
                                "the channel `{id}` is not a `[[channels]]` entry mvplan can edit"
                            ),
                            None,
                        );
                    };
                    entry.insert(
                        "response",
                        toml_edit::Item::Table(curves::response_table(c, &objective, &source)),
                    );
                    written.push(id.clone());
                }
            }
            (None, _) => {}
        }
        printed.push_str(&edit::comment(&format!(
            "channel `{id}` (model column `{}`)",
            c.name
        )));
        printed.push_str(&table);
        printed.push('\n');
    }
    print!("{}", mvplan::report::human::safe(&printed));
    if let (Some(out), Some(plan_path), Some(doc), Some(before)) =
        (&args.output, &args.plan, &merged, &plan)
        && let Err(code) = write_merged(
            args, out, plan_path, doc, before, &written, &objective, &source,
        )
    {
        return code;
    }
    exit::OK
}

/// The model file's text.
fn read_model(args: &CurvesImportArgs) -> Result<String, u8> {
    let bytes = match mvplan::source::read_limited(&args.file, curves::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            return Err(fail(
                &format!("cannot read `{}`: {e}", args.file.display()),
                Some("name the JSON file the model was exported to"),
            ));
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(fail(
            &format!("`{}` is not UTF-8 text", args.file.display()),
            None,
        ));
    };
    Ok(text)
}

/// `--map MODEL=PLAN` as a map from the model's channel names to the plan's ids.
fn model_map(args: &CurvesImportArgs) -> Result<BTreeMap<String, String>, u8> {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    for m in &args.map {
        let Some((from, to)) = m.split_once('=') else {
            return Err(fail(
                &format!("`--map {m}` is not MODEL=PLAN"),
                Some("e.g. `--map linkedin_video=brand-video`"),
            ));
        };
        map.insert(from.trim().to_string(), to.trim().to_string());
    }
    Ok(map)
}

/// The objective the model's curves measure: `--objective`, else the
/// model's target; it must be one of the plan's.
fn objective(
    args: &CurvesImportArgs,
    imported: &curves::Import,
    plan: Option<&Plan>,
) -> Result<String, u8> {
    let objective = match (&args.objective, &imported.target) {
        (Some(o), _) => o.clone(),
        (None, Some(t)) => curves::slug(t),
        (None, None) => {
            return Err(fail(
                "the model does not name its target",
                Some("say which objective it measures with `--objective`"),
            ));
        }
    };
    if let Some(p) = plan
        && p.objective(&objective).is_none()
    {
        return Err(fail(
            &format!("the plan has no objective `{objective}` for the model's target"),
            Some("name the objective the model's target measures with `--objective`"),
        ));
    }
    Ok(objective)
}

/// Where the curves came from, as the plan's `source` of each says.
fn source_line(args: &CurvesImportArgs, imported: &curves::Import, periods: f64) -> String {
    format!(
        "{} {}{}, posterior medians, {} {}s per plan period",
        imported.tool,
        imported.version,
        imported
            .model_id
            .as_ref()
            .map(|m| format!(" (model {m})"))
            .unwrap_or_default(),
        mvplan::format::approx(periods),
        match args.period {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    )
}

/// The plan with the curves merged in, checked and written to `out`.
#[allow(clippy::too_many_arguments)]
fn write_merged(
    args: &CurvesImportArgs,
    out: &std::path::Path,
    plan_path: &std::path::Path,
    doc: &edit::PlanDocument,
    before: &Plan,
    written: &[String],
    objective: &str,
    source: &str,
) -> Result<(), u8> {
    if super::optimize::same_file(out, plan_path) {
        return Err(fail(
            &format!(
                "`{}` is the plan itself; mvplan never writes over its input",
                out.display()
            ),
            Some("name another file, e.g. `-o with-curves.toml`"),
        ));
    }
    let header = [format!(
        "Written by mvplan curves import from {}: response curves from {}.",
        args.file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        source
    )];
    let text = doc.finish(&header);
    let checked = edit::verified(&text, before, |new| {
        for id in written {
            let has = new
                .channels
                .iter()
                .find(|c| &c.id.value == id)
                .and_then(|c| c.response.as_ref())
                .is_some_and(|r| r.objective.value == objective);
            if !has {
                return Err(format!("the written plan has no curve for `{id}`"));
            }
        }
        Ok(())
    });
    if let Err(e) = checked {
        return Err(fail(
            &format!("`{}` was not written: {e}", out.display()),
            Some(
                "the model's values cannot be written as a plan mvplan loads; check them, or add the curves by hand",
            ),
        ));
    }
    if let Err(e) = output::write_output(
        &Target::File(out.to_path_buf()),
        text.as_bytes(),
        args.force,
    ) {
        return Err(fail(&e.to_string(), e.help()));
    }
    super::status!("wrote {}", out.display());
    Ok(())
}

/// The plan's text (read again: `load_plan` keeps only the typed plan).
fn source_text(args: &CurvesImportArgs) -> String {
    args.plan
        .as_ref()
        .and_then(|p| mvplan::plan::read(p).ok())
        .map(|s| s.text.clone())
        .unwrap_or_default()
}
