//! The plan's head and its strategy: `[plan]`, `[checks]`, goals,
//! objectives and their KPIs, audiences, insights, `[strategy]`,
//! assumptions.

use super::{BASIS, DELIVERY, LEVEL, READING, SOURCE_KIND, STATUS};
use super::{kind, named, positive_money};
use crate::plan::fields::Fields;
use crate::plan::model::*;
use crate::plan::{money, stack};

pub(super) fn read_meta(mut t: Fields<'_, '_>) -> Option<Meta> {
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

pub(super) fn read_checks(mut t: Fields<'_, '_>) -> CheckSettings {
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

pub(super) fn read_measure(t: &mut Fields<'_, '_>) -> Measure {
    Measure {
        metric: t.str("metric"),
        unit: t.text("unit"),
        baseline: t.decimal("baseline"),
        target: t.decimal("target"),
        due: t.date("due"),
    }
}

pub(super) fn read_goal(mut t: Fields<'_, '_>) -> Option<Goal> {
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

pub(super) fn read_objective(mut t: Fields<'_, '_>) -> Option<Objective> {
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
    let value_basis = t.text("value_basis").filter(|b| !b.trim().is_empty());
    // With no typed basis, the author's comment beside the value may say
    // it: counted as the basis, quoted as the author's note.
    let value_note = match (&value_per_unit, &value_basis) {
        (Some(v), None) => crate::plan::value_note::read(t.sink().text(), &v.span),
        _ => None,
    };
    let value_basis = value_basis.or_else(|| value_note.as_ref().map(|n| n.basis.clone()));
    let money_metric = measure.unit.as_deref().is_some_and(money::is_currency);
    let conversion = crate::plan::conversion::read(&mut t, money_metric, value_per_unit.is_some());
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
        value_basis,
        value_note,
        conversion,
        span,
    })
}

pub(super) fn read_kpi(mut t: Fields<'_, '_>) -> Option<Kpi> {
    let id = t.opt_id();
    let name = t.req_text("name");
    let target = t.decimal("target");
    let unit = t.text("unit");
    let kind = kind(&mut t);
    let needs = stack::capabilities(&mut t, "needs");
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

pub(super) fn read_audience(mut t: Fields<'_, '_>) -> Option<Audience> {
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

pub(super) fn read_insight(mut t: Fields<'_, '_>) -> Option<Insight> {
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

pub(super) fn read_strategy(mut t: Fields<'_, '_>) -> Strategy {
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

pub(super) fn read_assumption(mut t: Fields<'_, '_>) -> Option<Assumption> {
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
