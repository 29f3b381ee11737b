//! `mvplan optimize PLAN [--objective ID] [--levels …] [-o optimized.toml]`

use std::path::Path;

use mvplan::invest::{self, Level};
use mvplan::output::{self, Target};

use super::{exit, fail};
use crate::cli::{OptimizeArgs, ReportFormat};

pub fn run(args: &OptimizeArgs, color: bool) -> u8 {
    let policy = match super::Policies::default().for_plan(
        args.policy.as_deref(),
        args.no_policy,
        &args.plan,
        color,
    ) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (report, plan) = mvplan::check_path_with(
        &args.plan,
        &mvplan::check::Settings::default(),
        policy.as_deref(),
    );
    let (Some(plan), Some(fig), Some(source)) = (plan, &report.figures, &report.source) else {
        eprint!(
            "{}",
            mvplan::report::human::findings(
                report.source.as_ref(),
                &report.path,
                &report.findings,
                color
            )
        );
        return fail(
            &format!("`{}` could not be loaded", args.plan.display()),
            Some("fix the errors above; `mvplan check` lists them"),
        );
    };
    let Some(media) = &fig.media else {
        return fail(
            &format!(
                "no channel of `{}` has a response curve",
                args.plan.display()
            ),
            Some(
                "the optimiser needs each channel's response curve: add a `[channels.response]` table under a channel (objective, curve, half_saturation, slope, max_outcome; `mvplan new` writes a commented one), or import fitted curves with `mvplan curves import MODEL --plan PLAN`; `mvplan docs plan-format` describes them under \"Response curves\"",
            ),
        );
    };
    let target = match invest::target(&plan, media, args.objective.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(&e, Some("`--objective ID` maximises one objective")),
    };
    let levels: Vec<Level> = if args.levels.is_empty() {
        std::iter::once(Level::Plan)
            .chain(
                plan.scenarios
                    .iter()
                    .map(|s| Level::Scenario(s.id.value.clone())),
            )
            .collect()
    } else {
        match args.levels.iter().map(|l| Level::parse(l)).collect() {
            Ok(l) => l,
            Err(e) => {
                return fail(
                    &e,
                    Some("e.g. `--levels -20%,0,+20%` or `--levels 0,aggressive`"),
                );
            }
        }
    };
    let result = match invest::optimise(&plan, media, &target, &levels) {
        Ok(r) => r,
        Err(e) => return fail(&e, None),
    };
    match args.format {
        ReportFormat::Json => match serde_json::to_string_pretty(&result) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(&e.to_string(), None),
        },
        ReportFormat::Human => print!("{}", mvplan::report::human::safe(&invest::human(&result))),
    }
    if let Some(out) = &args.output {
        if same_file(out, &args.plan) {
            return fail(
                &format!(
                    "`{}` is the plan itself; mvplan never writes over its input",
                    out.display()
                ),
                Some("name another file, e.g. `-o optimized.toml`, and compare with `mvplan diff`"),
            );
        }
        let level = result
            .levels
            .iter()
            .zip(&levels)
            .find(|(_, l)| **l == Level::Plan)
            .map(|(r, _)| r.clone());
        let level = match level {
            Some(l) => l,
            None => match invest::optimise(&plan, media, &target, &[Level::Plan]) {
                Ok(mut r) => r.levels.remove(0),
                Err(e) => return fail(&e, None),
            },
        };
        let origin = args.plan.file_name().map_or_else(
            || args.plan.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = match invest::rewrite(&plan, &source.text, &level, &origin) {
            Ok(t) => t,
            Err(e) => {
                return fail(
                    &format!("`{}` was not written: {e}", out.display()),
                    Some("the plan itself is unchanged; fix the bounds or the plan and run again"),
                );
            }
        };
        if let Err(e) =
            output::write_output(&Target::File(out.clone()), text.as_bytes(), args.force)
        {
            return fail(&e.to_string(), e.help());
        }
        super::status!("wrote {}", out.display());
    }
    // A level with no allocation within the bounds is a failed question,
    // not an answer: the report says why, and the exit status says so.
    let infeasible: Vec<&str> = result
        .levels
        .iter()
        .filter(|l| l.infeasible.is_some())
        .map(|l| l.label.as_str())
        .collect();
    if !infeasible.is_empty() {
        eprintln!(
            "error: no allocation keeps the channels' bounds at level{} {}",
            if infeasible.len() == 1 { "" } else { "s" },
            infeasible.join(", ")
        );
        return exit::FINDINGS;
    }
    exit::OK
}

/// Whether two paths name the same file (the output need not exist yet).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let parent = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
        })
    };
    match (canon(a), canon(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}
