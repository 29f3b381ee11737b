//! The template filters, registered in one place.
//!
//! | filter | example | output |
//! |---|---|---|
//! | `money` | `{{ 1200000 \| money }}` | `€1,200,000` (the deck's currency) |
//! | `money(signed=true)` | `{{ 110000 \| money(signed=true) }}` | `+€110,000`: a change, signed both ways |
//! | `money(abs=true)` | `{{ -650000 \| money(abs=true) }}` | `€650,000`: the size, where a label says the sign |
//! | `money(compact=true)` | `{{ 1200000 \| money(compact=true) }}` | `€1.2M` |
//! | `number` | `{{ 14000 \| number }}` | `14,000` |
//! | `percent` | `{{ 16.25 \| percent }}` | `16.3%` (the value is already in percent) |
//! | `quantity(unit=…)` | `{{ 18 \| quantity(unit="%") }}` | money for a currency code, `18%`, or `1,800 SQLs` |
//! | `quantity(unit=…, name=…)` | `{{ 1.6 \| quantity(name="ROAS") }}` | `1.6×`: a unitless ratio named as one |
//! | `quantity(unit=…, name=…, average=true)` | `{{ 106 \| quantity(unit="GBP", name="Cost per account", average=true) }}` | `£106 average`: a cost per result beside a cost per extra result |
//! | `quantity(unit="%", change=true)` | `{{ 0.8 \| quantity(unit="%", change=true) }}` | `+0.8 pts`: a change of a percentage is in points |
//! | `cost_per(unit=…)` | `{{ 500 \| cost_per(unit="SQLs") }}` | `€500 per SQL`; `€0.17 per €1`; `£750k per point` |
//! | `cost_per(unit=…, basis=…)` | `{{ 257 \| cost_per(unit="accounts", basis="over-today") }}` | `£257 per extra account`; `whole-level` says "(whole level: no baseline)" |
//! | `cost_per(…, of=…, cost=true)` | `{{ 0.42 \| cost_per(unit="USD", basis="over-today", of="Pipeline", cost=true) }}` | `$0.42 per extra $1` (a cost, never "$1 buys"; the row names the result) |
//! | `multiple` | `{{ 2.6 \| multiple }}` | `2.6×`: a return, two significant figures below 10, whole from 10 |
//! | `share_of(total=…)` | `{{ 300 \| share_of(total=1200) }}` | `25%`, whole percent |
//! | `date` | `{{ "2027-12-31" \| date }}` | `31 Dec 2027`; `date(format="%b %Y")` |
//! | `plural(one=…, many=…)` | `{{ 3 \| plural(one="goal") }}` | `3 goals` |
//! | `yaml` | `{{ title \| yaml }}` | a quoted YAML string (front matter) |
//! | `fenced` | `{{ name \| fenced }}` | text safe inside a ```` ```chart ```` block |
//! | `url` | `{{ plan.logo \| url }}` | a link or image destination, percent-encoded |
//!
//! Numbers arrive as strings (exact decimals) or numbers; a missing value
//! (none) prints as an em dash.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::escape;
use crate::format::{format_money, format_number, format_quantity};

const MISSING: &str = "—";

pub fn register(tera: &mut Tera) {
    tera.register_filter("money", money_filter);
    tera.register_filter("number", number_filter);
    tera.register_filter("percent", percent_filter);
    tera.register_filter("quantity", quantity_filter);
    tera.register_filter("date", date_filter);
    tera.register_filter("cost_per", cost_per_filter);
    // The author's amounts in the deck's money rule (`format::restate_amounts`).
    tera.register_filter("amounts", amounts_filter);
    tera.register_filter("share_of", share_of_filter);
    tera.register_filter("plural", plural_filter);
    // A return or other multiple: one precision everywhere ("2.6×", "16×").
    tera.register_filter("multiple", |v: &Value, _: Kwargs, _: &State| {
        Value::from(decimal(v).map_or(MISSING.to_string(), crate::format::format_multiple))
    });
    // A name inside a sentence: the first letter lowered, acronyms and
    // proper nouns kept (`New DTC customers` → `new DTC customers`), where
    // Tera's `lower` wrote `new dtc customers`.
    tera.register_filter("phrase", |v: &str, _: Kwargs, _: &State| {
        Value::from(super::story::lower_first(v))
    });
    // The first letter raised and nothing else lowered: Tera's
    // `capitalize` wrote "Opportunity value (sfdc)".
    tera.register_filter("first_upper", |v: &str, _: Kwargs, _: &State| {
        Value::from(crate::format::capitalised(v))
    });
    tera.register_filter("skill", |v: &str, _: Kwargs, _: &State| {
        Value::from(skill_words(v))
    });
    tera.register_filter("yaml", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&escape::yaml(v))
    });
    tera.register_filter("url", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&escape::url(v))
    });
    tera.register_filter("fenced", |v: &Value, _: Kwargs, _: &State| {
        let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        Value::safe_string(&escape::fenced(&text))
    });
}

/// A skill's id as a title says it: the plan names skills by slug only
/// (`abm`, `paid-search`), so the words of the slug, and a slug of one word
/// of up to three letters read as an acronym (`ABM`, `CRM`, `SEO`, `PR`;
/// `marketing-ops` stays words).
pub fn skill_words(id: &str) -> String {
    crate::figures::capacity::skill_words(id)
}

fn decimal(v: &Value) -> Option<Decimal> {
    if let Some(s) = v.as_str() {
        return Decimal::from_str(s).ok();
    }
    if let Some(i) = v.as_i64() {
        return Some(Decimal::from(i));
    }
    v.as_f64()
        .and_then(|f| Decimal::from_str(&f.to_string()).ok())
}

fn money_filter(v: &Value, kw: Kwargs, state: &State) -> TeraResult<Value> {
    let Some(d) = decimal(v) else {
        return Ok(Value::from(MISSING));
    };
    let currency: Option<String> = kw.get("currency")?;
    let currency = match currency {
        Some(c) => c,
        None => state.get::<String>("currency")?.unwrap_or_default(),
    };
    let compact = kw.get::<bool>("compact")?.unwrap_or(false);
    // `abs=true`: the size of an amount a label already signs ("Over
    // budget: €650k", not "Over budget: -€650k").
    let d = if kw.get::<bool>("abs")?.unwrap_or(false) {
        d.abs()
    } else {
        d
    };
    // `more_less="value than the plan's"`: a change standing alone, said
    // in words ("€1.33M less value than the plan's"), never a bare
    // "-€1.33M" that reads as a code fragment.
    if let Some(noun) = kw.get::<String>("more_less")? {
        let way = if d < Decimal::ZERO { "less" } else { "more" };
        return Ok(Value::from(format!(
            "{} {way} {noun}",
            format_money(d.abs(), &currency, compact)
        )));
    }
    let text = format_money(d, &currency, compact);
    // `signed=true`: a change (a variance, an over/under) carries its sign
    // both ways, "+€110,000" beside "-€10,000", so a column of changes
    // never reads as levels.
    if kw.get::<bool>("signed")?.unwrap_or(false) && d > Decimal::ZERO {
        return Ok(Value::from(format!("+{text}")));
    }
    Ok(Value::from(text))
}

fn number_filter(v: &Value, kw: Kwargs, _: &State) -> TeraResult<Value> {
    let places = kw.get::<i64>("places")?.unwrap_or(2).clamp(0, 10) as u32;
    Ok(Value::from(
        decimal(v).map_or(MISSING.to_string(), |d| format_number(d, places)),
    ))
}

fn percent_filter(v: &Value, kw: Kwargs, _: &State) -> TeraResult<Value> {
    let places = kw.get::<i64>("places")?.unwrap_or(1).clamp(0, 10) as u32;
    Ok(Value::from(decimal(v).map_or(MISSING.to_string(), |d| {
        format!("{}%", format_number(d, places))
    })))
}

fn quantity_filter(v: &Value, kw: Kwargs, _: &State) -> TeraResult<Value> {
    let unit: Option<String> = kw.get("unit").ok().flatten();
    let compact = kw.get::<bool>("compact")?.unwrap_or(false);
    let change = kw.get::<bool>("change")?.unwrap_or(false);
    // A part of an uplift or a difference, unsigned: in points for a
    // percentage (`format::format_gap`), so one column of contributions
    // never mixes "+1.5 pts" with "$12.6M", nor writes points as "%".
    let gap = kw.get::<bool>("gap")?.unwrap_or(false);
    // A KPI without a unit whose name says it is a multiple (`ROAS`):
    // `1.6×`, not a bare `1.6`.
    let name: Option<String> = kw.get("name").ok().flatten();
    let unit = unit
        .filter(|u| !u.is_empty())
        .or_else(|| crate::format::unit_from_name(name.as_deref()?).map(str::to_string));
    // Beside its metric's name ("Sign-ups from paid search: 62,000") the
    // unit the name already says is not repeated (`format::bare`).
    // A cost per result beside a cost per *extra* result in one row says
    // it is the average ("£106 average" beside "£399 per extra account"
    // was read as two figures for one quantity).
    let average = kw.get::<bool>("average")?.unwrap_or(false)
        && name
            .as_deref()
            .is_some_and(|n| crate::format_units::is_cost_per_result(n, unit.as_deref()));
    let named = |f: String| {
        let f = match &name {
            Some(n) => crate::format::bare(&f, unit.as_deref(), n),
            None => f,
        };
        if average { format!("{f} average") } else { f }
    };
    Ok(Value::from(decimal(v).map_or(MISSING.to_string(), |d| {
        named(if change {
            crate::format::format_change(d, unit.as_deref(), compact)
        } else if gap {
            crate::format::format_gap(d, unit.as_deref(), compact)
        } else {
            format_quantity(d, unit.as_deref(), compact)
        })
    })))
}

fn share_of_filter(v: &Value, kw: Kwargs, _: &State) -> TeraResult<Value> {
    let total = kw.get::<Value>("total")?.as_ref().and_then(decimal);
    Ok(Value::from(
        match decimal(v)
            .zip(total)
            .and_then(|(d, t)| crate::figures::percent(d, t))
        {
            Some(p) => format!("{}%", format_number(p.round_dp(0), 0)),
            None => MISSING.to_string(),
        },
    ))
}

fn amounts_filter(v: &str, _: Kwargs, state: &State) -> TeraResult<Value> {
    let currency = state.get::<String>("currency")?.unwrap_or_default();
    Ok(Value::from(crate::format::restate_amounts(v, &currency)))
}

fn cost_per_filter(v: &Value, kw: Kwargs, state: &State) -> TeraResult<Value> {
    let Some(d) = decimal(v) else {
        return Ok(Value::from(MISSING));
    };
    let unit: Option<String> = kw.get("unit").ok().flatten();
    let currency = state.get::<String>("currency")?.unwrap_or_default();
    // With its basis (`figures::unit_cost`): "£257 per extra account".
    let basis: Option<String> = kw.get("basis").ok().flatten();
    let basis: Option<crate::figures::value::Basis> =
        basis.and_then(|b| serde_json::from_value(serde_json::Value::String(b)).ok());
    if let Some(basis) = basis {
        // A column of costs per result (`cost=true`) holds costs only: a
        // money result reads "$0.42 per extra $1" (the row names it),
        // never "$1 buys $2.4" under a "Cost per extra result" header.
        let cost_only: bool = kw.get("cost").ok().flatten().unwrap_or(false);
        let of: Option<String> = kw.get("of").ok().flatten();
        if let (true, Some(u)) = (
            cost_only,
            unit.as_deref()
                .filter(|u| crate::plan::money::is_currency(u)),
        ) {
            let one = crate::format::format_money(Decimal::ONE, u, true);
            let amount = crate::format::cost_amount(d, &currency);
            // The row's forecast names the result; the cell stays short
            // enough not to push the table onto a continuation.
            return Ok(Value::from(match basis {
                crate::figures::value::Basis::WholeLevel => {
                    format!("{amount} per {one} (whole level: no baseline)")
                }
                _ => format!("{amount} per extra {one}"),
            }));
        }
        let words = crate::figures::unit_cost::cost_words(d, &currency, unit.as_deref(), basis);
        // What a unit of money buys names its result ("£1 buys £1.6 of
        // campaign income"): "£1.6 more" left a reader asking of what.
        let words = match (
            of.filter(|o| !o.trim().is_empty()),
            words.strip_suffix(" more"),
        ) {
            (Some(of), Some(head)) => {
                format!("{head} of {}", crate::format::lower_first(of.trim()))
            }
            _ => words,
        };
        return Ok(Value::from(words));
    }
    Ok(Value::from(crate::format::format_cost_per(
        d,
        &currency,
        unit.as_deref(),
    )))
}

fn date_filter(v: &Value, kw: Kwargs, _: &State) -> TeraResult<Value> {
    let format: Option<String> = kw.get("format")?;
    let Some(s) = v.as_str() else {
        return Ok(Value::from(MISSING));
    };
    let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") else {
        return Err(tera::Error::message(format!(
            "`{s}` is not a date (YYYY-MM-DD)"
        )));
    };
    let format = format.as_deref().unwrap_or("%-d %b %Y");
    // chrono panics on an invalid format when displayed; check it first.
    let items: Vec<_> = chrono::format::StrftimeItems::new(format).collect();
    if items
        .iter()
        .any(|i| matches!(i, chrono::format::Item::Error))
    {
        return Err(tera::Error::message(format!(
            "`{format}` is not a valid date format"
        )));
    }
    Ok(Value::from(
        d.format_with_items(items.into_iter()).to_string(),
    ))
}

fn plural_filter(v: &Value, kw: Kwargs, _: &State) -> TeraResult<Value> {
    let n = decimal(v).unwrap_or_default();
    let one: String = kw.must_get("one")?;
    let many: String = kw.get("many")?.unwrap_or_else(|| format!("{one}s"));
    let word = if n == Decimal::ONE { one } else { many };
    Ok(Value::from(format!("{} {word}", format_number(n, 2))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, ctx: &tera::Context) -> String {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t", template).unwrap();
        tera.render("t", ctx).unwrap()
    }

    #[test]
    fn filters_work_in_templates() {
        let mut ctx = tera::Context::new();
        ctx.insert("currency", "GBP");
        ctx.insert("amount", "4300000");
        ctx.insert("share", "15.25");
        ctx.insert("due", "2028-03-31");
        ctx.insert("n", &1);
        ctx.insert("none", &Option::<String>::None);
        assert_eq!(render("{{ amount | money }}", &ctx), "£4,300,000");
        assert_eq!(render("{{ amount | money(compact=true) }}", &ctx), "£4.3M");
        assert_eq!(
            render("{{ amount | money(currency=\"EUR\") }}", &ctx),
            "€4,300,000"
        );
        assert_eq!(render("{{ share | percent }}", &ctx), "15.3%");
        assert_eq!(render("{{ share | percent(places=0) }}", &ctx), "15%");
        assert_eq!(render("{{ amount | number }}", &ctx), "4,300,000");
        assert_eq!(render("{{ due | date }}", &ctx), "31 Mar 2028");
        assert_eq!(
            render("{{ due | date(format=\"%b %Y\") }}", &ctx),
            "Mar 2028"
        );
        assert_eq!(render("{{ n | plural(one=\"goal\") }}", &ctx), "1 goal");
        assert_eq!(render("{{ 3 | plural(one=\"risk\") }}", &ctx), "3 risks");
        assert_eq!(
            render("{{ 2 | plural(one=\"agency\", many=\"agencies\") }}", &ctx),
            "2 agencies"
        );
        assert_eq!(render("{{ none | money }}", &ctx), "—");
        assert_eq!(render("{{ \"a\\\"b\" | yaml }}", &ctx), "\"a\\\"b\"");
    }

    #[test]
    fn a_bad_date_format_is_an_error_not_a_panic() {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t", "{{ \"2027-01-01\" | date(format=\"%Q\") }}")
            .unwrap();
        assert!(tera.render("t", &tera::Context::new()).is_err());
    }
}
