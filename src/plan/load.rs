//! Building a [`Plan`] from a TOML file, collecting every problem on the way.
//!
//! Over 600 lines on purpose: one small reader per section of the format,
//! in the order of docs/plan-format.md, so that the format can be read
//! against its loader from top to bottom.

use std::path::Path;

use toml::de::DeTable;

use super::fields::{Fields, Sink};
use super::model::*;
use super::money;
use super::rules;
use crate::diagnostic::Finding;
use crate::source::SourceFile;

/// Plans larger than this are refused before parsing: no real plan comes
/// close, and it bounds the time and memory a hostile file can cost.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a plan file from disk. The user named it, so a device or a pipe
/// (`<(git show HEAD:plan.toml)`) is read too, within the size limit.
pub fn read(path: &Path) -> Result<SourceFile, Box<Finding>> {
    read_with(path, false)
}

/// Reads a file that another file, or a search, named (a parent plan, a
/// policy): only a regular file, and without blocking on a FIFO.
pub fn read_named(path: &Path) -> Result<SourceFile, Box<Finding>> {
    read_with(path, true)
}

fn read_with(path: &Path, regular_only: bool) -> Result<SourceFile, Box<Finding>> {
    let unreadable = |why: String| {
        Box::new(
            Finding::new(
                &rules::READ_FILE,
                format!("cannot read `{}`: {why}", path.display()),
            )
            .help("check the path; `mvplan new plan.toml` writes a starter plan"),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(unreadable("it is a directory".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "it is {} bytes; plans are limited to {MAX_FILE_BYTES} bytes",
            meta.len()
        )));
    }
    let bytes = if regular_only {
        crate::source::read_regular(path, MAX_FILE_BYTES)
    } else {
        crate::source::read_limited(path, MAX_FILE_BYTES)
    }
    .map_err(|e| unreadable(io_reason(&e)))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
    Ok(SourceFile::new(path, text))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::FileTooLarge => {
            "it is larger than 4 MiB, the limit for plans and policies".into()
        }
        _ => e.to_string(),
    }
}

/// Who delivers an objective besides the plan's own channels.
pub(crate) const DELIVERY: &[(&str, bool)] = &[("units", true)];
pub(crate) const STATUS: &[(&str, Status)] = &[
    ("draft", Status::Draft),
    ("submitted", Status::Submitted),
    ("approved", Status::Approved),
];
pub(crate) const LEVEL: &[(&str, Level)] = &[
    ("low", Level::Low),
    ("medium", Level::Medium),
    ("high", Level::High),
];
pub(crate) const WORK: &[(&str, Work)] = &[
    ("upstream", Work::Upstream),
    ("downstream", Work::Downstream),
];
pub(crate) const BASIS: &[(&str, ForecastBasis)] = &[
    ("target", ForecastBasis::Target),
    ("uplift", ForecastBasis::Uplift),
];
pub(crate) const READING: &[(&str, Reading)] = &[
    ("level", Reading::Level),
    ("period-total", Reading::PeriodTotal),
];
pub(crate) const SOURCE_KIND: &[(&str, SourceKind)] = &[
    ("market-research", SourceKind::MarketResearch),
    ("data", SourceKind::Data),
    ("interviews", SourceKind::Interviews),
    ("survey", SourceKind::Survey),
    ("experiment", SourceKind::Experiment),
    ("analyst", SourceKind::Analyst),
    ("other", SourceKind::Other),
];
pub(crate) const ASK_STATUS: &[(&str, AskStatus)] = &[
    ("open", AskStatus::Open),
    ("approved", AskStatus::Approved),
    ("declined", AskStatus::Declined),
];
pub(crate) const ASK_KIND: &[(&str, AskKind)] = &[
    ("budget", AskKind::Budget),
    ("headcount", AskKind::Headcount),
    ("decision", AskKind::Decision),
    ("other", AskKind::Other),
];
pub(crate) const ACTIVITY: &[(&str, Activity)] = &[
    ("insights-research", Activity::InsightsResearch),
    ("scenario-planning", Activity::ScenarioPlanning),
    ("strategic-planning", Activity::StrategicPlanning),
    ("marketing-operations", Activity::MarketingOperations),
    ("talent-management", Activity::TalentManagement),
    ("innovation", Activity::Innovation),
    ("campaign-execution", Activity::CampaignExecution),
    ("production", Activity::Production),
    ("other", Activity::Other),
];

/// Parses and types a plan. Returns every loader finding if the plan is not
/// usable; the findings are all errors.
pub fn parse(source: &SourceFile) -> Result<Plan, Vec<Finding>> {
    let (doc, errors) = DeTable::parse_recoverable(&source.text);
    let sink = Sink::new(&source.text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        sink.push(
            Finding::new(&rules::SYNTAX, "invalid TOML")
                .at(span)
                .label(e.message().trim().to_string())
                .help("fix the TOML syntax here; see `mvplan docs plan-format` for the shape of each section"),
        );
    }
    if !errors.is_empty() {
        // Typing a half-parsed document would add noise after the real problem.
        return Err(sink.into_findings());
    }
    let root = Fields::new(doc.get_ref(), doc.span(), "the plan file", &sink);
    let plan = read_plan(root);
    if sink.is_clean() {
        plan.ok_or_else(Vec::new)
    } else {
        Err(sink.into_findings())
    }
}

fn read_plan(mut root: Fields<'_, '_>) -> Option<Plan> {
    let meta = match root.table("plan") {
        Some(t) => read_meta(t),
        None => {
            if !root.has_key("plan") {
                root.sink().push(
                    Finding::new(&rules::MISSING_FIELD, "the plan file has no `[plan]` section")
                        .at(0..0)
                        .help("start the file with `[plan]` and its title, owner, start, end and currency; `mvplan new` writes one"),
                );
            }
            None
        }
    };
    let checks = root.table("checks").map(read_checks).unwrap_or_default();
    let goals = root
        .tables("goals", "goal")
        .into_iter()
        .filter_map(read_goal)
        .collect();
    let objectives = root
        .tables("objectives", "objective")
        .into_iter()
        .filter_map(read_objective)
        .collect();
    let audiences = root
        .tables("audiences", "audience")
        .into_iter()
        .filter_map(read_audience)
        .collect();
    let insights = root
        .tables("insights", "insight")
        .into_iter()
        .filter_map(read_insight)
        .collect();
    let strategy = root
        .table("strategy")
        .map(read_strategy)
        .unwrap_or_default();
    let assumptions = root
        .tables("assumptions", "assumption")
        .into_iter()
        .filter_map(read_assumption)
        .collect();
    let channels = root
        .tables("channels", "channel")
        .into_iter()
        .filter_map(read_channel)
        .collect();
    let budget = match root.table("budget") {
        Some(t) => read_budget(t),
        None => {
            if !root.has_key("budget") {
                root.sink().push(
                    Finding::new(&rules::MISSING_FIELD, "the plan file has no `[budget]` section")
                        .at(0..0)
                        .help("add `[budget]` with `total = ...` (and `contingency = ...` if you keep a reserve)"),
                );
            }
            None
        }
    };
    let team = root
        .tables("team", "team role")
        .into_iter()
        .filter_map(read_role)
        .collect();
    let agencies = root
        .tables("agencies", "agency")
        .into_iter()
        .filter_map(read_agency)
        .collect();
    let scenarios = root
        .tables("scenarios", "scenario")
        .into_iter()
        .filter_map(read_scenario)
        .collect();
    let triggers = root
        .tables("triggers", "trigger")
        .into_iter()
        .filter_map(read_trigger)
        .collect();
    let initiatives = root
        .tables("initiatives", "initiative")
        .into_iter()
        .filter_map(read_initiative)
        .collect();
    let milestones = root
        .tables("milestones", "milestone")
        .into_iter()
        .filter_map(read_milestone)
        .collect();
    let risks = root
        .tables("risks", "risk")
        .into_iter()
        .filter_map(read_risk)
        .collect();
    let asks = root
        .tables("asks", "ask")
        .into_iter()
        .filter_map(read_ask)
        .collect();
    let stack = root
        .tables("stack", "tool")
        .into_iter()
        .filter_map(super::stack::read_tool)
        .collect();
    root.finish();
    Some(Plan {
        meta: meta?,
        checks,
        goals,
        objectives,
        audiences,
        insights,
        strategy,
        assumptions,
        channels,
        budget: budget?,
        team,
        agencies,
        scenarios,
        triggers,
        initiatives,
        milestones,
        risks,
        asks,
        stack,
    })
}

/// Reads `id` first so that later messages can name the item.
fn named(t: &mut Fields<'_, '_>, kind: &str) -> Option<Located<String>> {
    let id = t.id();
    if let Some(id) = &id {
        t.name_as(format!("{kind} `{}`", id.value));
    }
    id
}

fn read_meta(mut t: Fields<'_, '_>) -> Option<Meta> {
    t.name_as("[plan]");
    let title = t.req_text("title");
    let organisation = t.req_text("organisation");
    let unit = t.text("unit");
    let owner = t.req_text("owner");
    let start = t.req_date("start");
    let end = t.req_date("end");
    let currency = t.req_str("currency");
    if let Some(c) = &currency
        && !money::is_currency(&c.value)
    {
        let upper = c.value.to_ascii_uppercase();
        let help = if money::is_currency(&upper) {
            format!("currency codes are upper case: `\"{upper}\"`")
        } else {
            "use an ISO 4217 code such as \"EUR\", \"USD\" or \"GBP\"".to_string()
        };
        t.invalid(
            c.span.clone(),
            format!("`{}` is not an ISO 4217 currency code", c.value),
            help,
        );
    }
    let version = t.text("version");
    let status = t.choice("status", STATUS).unwrap_or(Status::Draft);
    let status_by = t.text("status_by");
    let status_on = t.date("status_on");
    let parent = t.str("parent");
    let logo = t.str("logo");
    let theme = t.str("theme");
    let actuals = t.strings("actuals");
    let span = t.span();
    t.finish();
    let currency = currency.filter(|c| money::is_currency(&c.value))?;
    Some(Meta {
        title: title?,
        organisation: organisation?,
        unit,
        owner: owner?,
        start: start?,
        end: end?,
        currency,
        version,
        status,
        status_by,
        status_on,
        parent,
        logo,
        theme,
        actuals,
        span,
    })
}

fn read_checks(mut t: Fields<'_, '_>) -> CheckSettings {
    let s = CheckSettings {
        allow: t.strings("allow"),
        warn: t.strings("warn"),
        deny: t.strings("deny"),
        insight_max_age_months: t.integer("insight_max_age_months", 1200),
        min_upstream_share: t.percent("min_upstream_share"),
        min_upstream_fte_share: t.percent("min_upstream_fte_share"),
        curve_tolerance: t.percent("curve_tolerance"),
        saturation_fraction: t.percent("saturation_fraction"),
        misallocation_threshold: t.percent("misallocation_threshold"),
        reallocation_step: positive_money(&mut t, "reallocation_step"),
        overspend_tolerance: t.percent("overspend_tolerance"),
        underpacing_threshold: t.percent("underpacing_threshold"),
        pace_tolerance: t.percent("pace_tolerance"),
        actuals_max_age_days: t.integer("actuals_max_age_days", 3660),
    };
    t.finish();
    s
}

fn read_measure(t: &mut Fields<'_, '_>) -> Measure {
    Measure {
        metric: t.str("metric"),
        unit: t.text("unit"),
        baseline: t.decimal("baseline"),
        target: t.decimal("target"),
        due: t.date("due"),
    }
}

fn read_goal(mut t: Fields<'_, '_>) -> Option<Goal> {
    let id = named(&mut t, "goal");
    let statement = t.req_text("statement");
    let from = t.str("from");
    let contribution = t.decimal("contribution");
    let measure = read_measure(&mut t);
    let span = t.span();
    t.finish();
    Some(Goal {
        id: id?,
        statement: statement?,
        from,
        contribution,
        measure,
        span,
    })
}

fn read_objective(mut t: Fields<'_, '_>) -> Option<Objective> {
    let id = named(&mut t, "objective");
    let statement = t.req_text("statement");
    let supports = t.refs("supports");
    let measure = read_measure(&mut t);
    let forecast_basis = t
        .choice("forecast_basis", BASIS)
        .unwrap_or(ForecastBasis::Target);
    let reading = t.choice("reading", READING).unwrap_or(Reading::Level);
    let delivered_by_units = t.choice("delivered_by", DELIVERY).unwrap_or(false);
    let units_share = t.percent_located("units_share");
    if delivered_by_units && let Some(share) = &units_share {
        t.invalid(
            share.span.clone(),
            "`units_share` with `delivered_by = \"units\"`: the units deliver all of it",
            "keep `delivered_by = \"units\"` (all of it) or `units_share` (a part), not both",
        );
    }
    let kind = kind(&mut t);
    let insights = t.refs("insights");
    let value_per_unit = t.decimal("value_per_unit");
    if let Some(v) = &value_per_unit
        && v.value <= rust_decimal::Decimal::ZERO
    {
        t.invalid(
            v.span.clone(),
            "`value_per_unit` must be above 0",
            "write what one unit of the metric is worth, e.g. `value_per_unit = 0.25`",
        );
    }
    let money_metric = measure.unit.as_deref().is_some_and(money::is_currency);
    let conversion = super::conversion::read(&mut t, money_metric, value_per_unit.is_some());
    let span = t.span();
    t.finish();
    Some(Objective {
        id: id?,
        statement: statement?,
        supports,
        measure,
        forecast_basis,
        reading,
        delivered_by_units,
        units_share,
        kind,
        insights,
        value_per_unit,
        conversion,
        span,
    })
}

fn read_audience(mut t: Fields<'_, '_>) -> Option<Audience> {
    // Every field is read before giving up on a broken item, so that one
    // run reports all of its problems.
    let id = named(&mut t, "audience");
    let name = t.req_text("name");
    let description = t.text("description");
    let size = t.decimal("size").map(|d| d.value);
    let size_unit = t.text("size_unit");
    let pains = t.texts("pains");
    let needs = t.texts("needs");
    let insights = t.refs("insights");
    let span = t.span();
    t.finish();
    Some(Audience {
        id: id?,
        name: name?,
        description,
        size,
        size_unit,
        pains,
        needs,
        insights,
        span,
    })
}

fn read_insight(mut t: Fields<'_, '_>) -> Option<Insight> {
    let id = named(&mut t, "insight");
    let finding = t.req_text("finding");
    let source = t.text("source");
    let source_kind = t.choice("source_kind", SOURCE_KIND);
    let date = t.date("date");
    let confidence = t.choice("confidence", LEVEL);
    let informs = t.refs("informs");
    let span = t.span();
    t.finish();
    Some(Insight {
        id: id?,
        finding: finding?,
        source,
        source_kind,
        date,
        confidence,
        informs,
        span,
    })
}

fn read_strategy(mut t: Fields<'_, '_>) -> Strategy {
    let s = Strategy {
        statement: t.str("statement"),
        value_proposition: t.text("value_proposition"),
        positioning: t.text("positioning"),
        choices: t.texts("choices"),
        not_doing: t.texts("not_doing"),
        insights: t.refs("insights"),
        span: Some(t.span()),
    };
    t.finish();
    s
}

fn read_assumption(mut t: Fields<'_, '_>) -> Option<Assumption> {
    let id = named(&mut t, "assumption");
    let statement = t.req_text("statement");
    let underpins = t.refs("underpins");
    let test = t.text("test");
    let test_by = t.date("test_by");
    let span = t.span();
    t.finish();
    Some(Assumption {
        id: id?,
        statement: statement?,
        underpins,
        test,
        test_by,
        span,
    })
}

fn read_phasing(t: &mut Fields<'_, '_>) -> Option<PhasingAt> {
    // Known even when absent, so that a misspelt `quartely` gets a suggestion.
    t.know(&["quarterly", "monthly"]);
    let quarterly = t
        .get_span("quarterly")
        .map(|span| (span, read_amount_list(t, "quarterly")));
    let monthly = t
        .get_span("monthly")
        .map(|span| (span, read_amount_list(t, "monthly")));
    match (quarterly, monthly) {
        (Some((span, q)), None) => Some(PhasingAt {
            phasing: Phasing::Quarterly(q?),
            span,
        }),
        (None, Some((span, m))) => Some(PhasingAt {
            phasing: Phasing::Monthly(m?),
            span,
        }),
        (Some(_), Some((span, _))) => {
            t.invalid(
                span,
                "both `quarterly` and `monthly` phasing are given",
                "keep one of the two",
            );
            None
        }
        (None, None) => None,
    }
}

fn read_amount_list(t: &mut Fields<'_, '_>, key: &'static str) -> Option<Vec<Money>> {
    t.money_list(key)
}

/// `kind`: what a metric counts, with where it was written.
fn kind(t: &mut Fields<'_, '_>) -> Option<Located<MetricKind>> {
    // Known even when absent, so that a misspelt `knid` gets a suggestion.
    t.know(&["kind"]);
    let span = t.get_span("kind")?;
    t.choice("kind", super::kinds::KINDS)
        .map(|k| Located::new(k, span))
}

fn read_kpi(mut t: Fields<'_, '_>) -> Option<Kpi> {
    let id = t.opt_id();
    let name = t.req_text("name");
    let target = t.decimal("target");
    let unit = t.text("unit");
    let kind = kind(&mut t);
    let needs = super::stack::capabilities(&mut t, "needs");
    let reading = t.choice("reading", READING).unwrap_or(Reading::PeriodTotal);
    let span = t.span();
    t.finish();
    Some(Kpi {
        id,
        name: name?,
        target,
        unit,
        kind,
        needs,
        reading,
        span,
    })
}

fn forecasts(list: Vec<(Ref, Located<rust_decimal::Decimal>)>) -> Vec<Forecast> {
    list.into_iter()
        .map(|(objective, value)| Forecast { objective, value })
        .collect()
}

fn read_channel(mut t: Fields<'_, '_>) -> Option<Channel> {
    let id = named(&mut t, "channel");
    let name = t.req_text("name");
    let category = t.str("category");
    let supports = t.refs("supports");
    let budget = t.req_money("budget");
    let work = t.choice("work", WORK).unwrap_or(Work::Downstream);
    let phasing = read_phasing(&mut t);
    let kpis = t
        .tables("kpis", "KPI")
        .into_iter()
        .filter_map(read_kpi)
        .collect();
    let forecasts = forecasts(t.id_numbers("forecast"));
    let effort = t.id_numbers("effort");
    let response = t.table("response").and_then(read_response);
    let min_budget = t.money("min_budget");
    let max_budget = t.money("max_budget");
    let locked = t.boolean("locked").unwrap_or(false);
    let audiences = t.refs("audiences");
    let needs = super::stack::capabilities(&mut t, "needs");
    let span = t.span();
    if let (Some(lo), Some(hi)) = (&min_budget, &max_budget)
        && lo.value > hi.value
    {
        t.invalid(
            hi.span.clone(),
            "`max_budget` is below `min_budget`",
            "the optimiser keeps the budget between the two; swap them",
        );
    }
    t.finish();
    Some(Channel {
        effort,
        response,
        min_budget,
        max_budget,
        locked,
        audiences,
        needs,
        id: id?,
        name: name?,
        category,
        supports,
        budget: budget?,
        work,
        phasing,
        kpis,
        forecasts,
        span,
    })
}

pub(crate) const CURVE: &[(&str, CurveKind)] = &[("hill", CurveKind::Hill)];
pub(crate) const CADENCE: &[(&str, Cadence)] = &[
    ("weekly", Cadence::Weekly),
    ("monthly", Cadence::Monthly),
    ("quarterly", Cadence::Quarterly),
];

/// Money that must be above zero (a step, a half-saturation spend).
fn positive_money(t: &mut Fields<'_, '_>, key: &'static str) -> Option<Money> {
    let m = t.money(key)?;
    if m.value.is_zero() {
        t.invalid(
            m.span.clone(),
            format!("`{key}` must be above 0"),
            "write a positive amount",
        );
        return None;
    }
    Some(m)
}

/// A number within `lo..=hi` (or `lo..hi` when `open`), else a located error.
fn bounded(
    t: &mut Fields<'_, '_>,
    key: &'static str,
    lo: rust_decimal::Decimal,
    hi: rust_decimal::Decimal,
    help: &str,
) -> Option<Located<rust_decimal::Decimal>> {
    let d = t.decimal(key)?;
    if d.value < lo || d.value > hi {
        t.invalid(
            d.span.clone(),
            format!("`{key}` must be from {lo} to {hi}"),
            help.to_string(),
        );
        return None;
    }
    Some(d)
}

fn read_response(mut t: Fields<'_, '_>) -> Option<Response> {
    use rust_decimal::Decimal;
    t.name_as("the channel's `response`");
    let objective = t.req_str("objective");
    let curve = t.choice("curve", CURVE).unwrap_or(CurveKind::Hill);
    let half_saturation = positive_money(&mut t, "half_saturation");
    let slope = bounded(
        &mut t,
        "slope",
        Decimal::new(1, 2),
        Decimal::from(10),
        "slopes from MMMs are between 0.3 and 5; 1 is a plain diminishing-returns curve",
    );
    let max_outcome = t.decimal("max_outcome");
    if let Some(m) = &max_outcome
        && m.value <= Decimal::ZERO
    {
        t.invalid(
            m.span.clone(),
            "`max_outcome` must be above 0",
            "write the result at saturation, in the objective's unit",
        );
    }
    let carryover = bounded(
        &mut t,
        "carryover",
        Decimal::ZERO,
        Decimal::new(95, 2),
        "carry-over is the share of a quarter's effect still working the next quarter, e.g. 0.3",
    );
    let points: Vec<CurvePoint> = t
        .tables("points", "curve point")
        .into_iter()
        .filter_map(read_point)
        .collect();
    let source = t.text("source");
    let span = t.span();
    let given = half_saturation.is_some() && max_outcome.is_some();
    if !given && points.len() < 2 {
        t.invalid(
            span.clone(),
            "a response curve needs `half_saturation` and `max_outcome`, or two or more `points` to calibrate from",
            "copy the parameters from the MMM report (`mvplan curves import` converts PyMC-Marketing's), or add `points = [{ spend = ..., result = ... }, ...]`",
        );
    }
    t.finish();
    Some(Response {
        objective: objective?,
        curve,
        half_saturation,
        slope,
        max_outcome,
        carryover,
        points,
        source,
        span,
    })
}

fn read_point(mut t: Fields<'_, '_>) -> Option<CurvePoint> {
    let spend = t.req_money("spend");
    let result = t.req_decimal("result");
    let span = t.span();
    t.finish();
    Some(CurvePoint {
        spend: spend?,
        result: result?,
        span,
    })
}

fn read_trigger(mut t: Fields<'_, '_>) -> Option<Trigger> {
    let id = named(&mut t, "trigger");
    let objective = t.str("objective");
    let kpi = t.str("kpi");
    let channel = t.str("channel");
    let below = t.decimal("below");
    let above = t.decimal("above");
    let date = t.date("date");
    let cadence = t.choice("cadence", CADENCE);
    let action = t.req_text("action");
    let from = t.str("from");
    let to = t.str("to");
    let amount = positive_money(&mut t, "amount");
    let scenario = t.str("scenario");
    let span = t.span();
    if objective.is_none() && kpi.is_none() {
        t.invalid(
            span.clone(),
            "a trigger needs the metric it watches: `objective = \"...\"` or `kpi = \"...\"`",
            "name an objective id, or a channel KPI's name (with `channel` when several channels have it)",
        );
    }
    if below.is_none() && above.is_none() {
        t.invalid(
            span.clone(),
            "a trigger needs a threshold: `below = ...` or `above = ...`",
            "e.g. `below = 1200` sets it off when the metric falls under 1,200",
        );
    }
    t.finish();
    Some(Trigger {
        id: id?,
        objective,
        kpi,
        channel,
        below,
        above,
        date,
        cadence,
        action: action?,
        from,
        to,
        amount,
        scenario,
        span,
    })
}

fn read_budget(mut t: Fields<'_, '_>) -> Option<Budget> {
    t.name_as("[budget]");
    let total = t.req_money("total");
    let contingency = t.money("contingency");
    let lines = t
        .tables("lines", "budget line")
        .into_iter()
        .filter_map(read_line)
        .collect();
    let span = t.span();
    t.finish();
    Some(Budget {
        total: total?,
        contingency,
        lines,
        span,
    })
}

fn read_line(mut t: Fields<'_, '_>) -> Option<BudgetLine> {
    let id = named(&mut t, "budget line");
    let name = t.req_text("name");
    let amount = t.req_money("amount");
    let work = t.req_choice("work", WORK);
    let activity_span = t.get_span("activity");
    let activity = t.choice("activity", ACTIVITY);
    let supports = t.refs("supports");
    let phasing = read_phasing(&mut t);
    let span = t.span();
    t.finish();
    Some(BudgetLine {
        id: id?,
        name: name?,
        amount: amount?,
        work: work?,
        activity: activity.zip(activity_span).map(|(a, s)| Located::new(a, s)),
        supports,
        phasing,
        span,
    })
}

fn read_role(mut t: Fields<'_, '_>) -> Option<Role> {
    let id = named(&mut t, "team role");
    let role = t.req_text("role");
    let fte = t.req_decimal("fte");
    if let Some(f) = &fte
        && (f.value.is_sign_negative() || f.value > rust_decimal::Decimal::from(10_000))
    {
        t.invalid(
            f.span.clone(),
            "`fte` must be between 0 and 10000",
            "write full-time equivalents, e.g. `fte = 1.5`",
        );
    }
    // Optional: salaries often sit outside the marketing budget.
    let cost = t.money("cost");
    let work = t.req_choice("work", WORK);
    let skills = t.strings("skills");
    let channels = t.refs("channels");
    let start = t.date("start");
    let end = t.date("end");
    let availability = t.percent_located("availability");
    let span = t.span();
    t.finish();
    Some(Role {
        id: id?,
        role: role?,
        fte: fte.filter(|f| !f.value.is_sign_negative())?,
        cost,
        work: work?,
        skills,
        channels,
        start,
        end,
        availability,
        span,
    })
}

fn read_agency(mut t: Fields<'_, '_>) -> Option<Agency> {
    let id = named(&mut t, "agency");
    let name = t.req_text("name");
    let scope = t.req_text("scope");
    let fee = t.req_money("fee");
    let work = t.req_choice("work", WORK);
    let skills = t.strings("skills");
    let channels = t.refs("channels");
    let capacity = t.decimal("capacity");
    let span = t.span();
    t.finish();
    Some(Agency {
        id: id?,
        name: name?,
        scope: scope?,
        fee: fee?,
        work: work?,
        skills,
        channels,
        capacity,
        span,
    })
}

fn read_scenario(mut t: Fields<'_, '_>) -> Option<Scenario> {
    let id = named(&mut t, "scenario");
    let name = t.req_text("name");
    let budget = t.req_money("budget");
    let description = t.text("description");
    let outcomes = forecasts(t.id_numbers("outcomes"));
    let span = t.span();
    t.finish();
    Some(Scenario {
        id: id?,
        name: name?,
        budget: budget?,
        description,
        outcomes,
        span,
    })
}

fn read_initiative(mut t: Fields<'_, '_>) -> Option<Initiative> {
    let id = named(&mut t, "initiative");
    let name = t.req_text("name");
    let owner = t.text("owner");
    let start = t.req_date("start");
    let end = t.req_date("end");
    let supports = t.refs("supports");
    let effort = t.id_numbers("effort");
    let agency = t.str("agency");
    let insights = t.refs("insights");
    let audiences = t.refs("audiences");
    let needs = super::stack::capabilities(&mut t, "needs");
    let depends_on = t.refs("depends_on");
    let span = t.span();
    t.finish();
    Some(Initiative {
        audiences,
        needs,
        depends_on,
        id: id?,
        name: name?,
        owner,
        start: start?,
        end: end?,
        supports,
        effort,
        agency,
        insights,
        span,
    })
}

fn read_milestone(mut t: Fields<'_, '_>) -> Option<Milestone> {
    let id = named(&mut t, "milestone");
    let name = t.req_text("name");
    let date = t.req_date("date");
    let initiative = t.str("initiative");
    let span = t.span();
    t.finish();
    Some(Milestone {
        id: id?,
        name: name?,
        date: date?,
        initiative,
        span,
    })
}

fn read_risk(mut t: Fields<'_, '_>) -> Option<Risk> {
    let id = named(&mut t, "risk");
    let risk = t.req_text("risk");
    let likelihood = t.req_choice("likelihood", LEVEL);
    let impact = t.req_choice("impact", LEVEL);
    let impact_amount = super::conversion::read_impact(&mut t);
    let mitigation = t.text("mitigation");
    let owner = t.text("owner");
    let span = t.span();
    t.finish();
    Some(Risk {
        id: id?,
        risk: risk?,
        likelihood: likelihood?,
        impact: impact?,
        impact_amount,
        mitigation,
        owner,
        span,
    })
}

fn read_ask(mut t: Fields<'_, '_>) -> Option<Ask> {
    let id = named(&mut t, "ask");
    let ask = t.req_text("ask");
    let kind = t.choice("kind", ASK_KIND).unwrap_or(AskKind::Other);
    let amount = t.money("amount");
    let fte = t.decimal("fte");
    let role = t.str("role");
    let by = t.date("by");
    let buys = t.text("buys");
    let if_declined = t.text("if_declined");
    let status = t.choice("status", ASK_STATUS).unwrap_or(AskStatus::Open);
    let decided_by = t.text("decided_by");
    let decided_on = t.date("decided_on");
    let blocking = t.boolean("blocking").unwrap_or(false);
    let span = t.span();
    t.finish();
    Some(Ask {
        id: id?,
        ask: ask?,
        kind,
        amount,
        fte,
        role,
        by,
        buys,
        if_declined,
        status,
        decided_by,
        decided_on,
        blocking,
        span,
    })
}
