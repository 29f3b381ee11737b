//! The template filters, registered in one place.
//!
//! | filter | example | output |
//! |---|---|---|
//! | `money` | `{{ 1200000 \| money }}` | `€1,200,000` (the deck's currency) |
//! | `money(compact=true)` | `{{ 1200000 \| money(compact=true) }}` | `€1.2M` |
//! | `number` | `{{ 14000 \| number }}` | `14,000` |
//! | `percent` | `{{ 16.25 \| percent }}` | `16.3%` (the value is already in percent) |
//! | `quantity(unit=…)` | `{{ 18 \| quantity(unit="%") }}` | money for a currency code, `18%`, or `1,800 SQLs` |
//! | `date` | `{{ "2027-12-31" \| date }}` | `31 Dec 2027`; `date(format="%b %Y")` |
//! | `plural(one=…, many=…)` | `{{ 3 \| plural(one="goal") }}` | `3 goals` |
//! | `yaml` | `{{ title \| yaml }}` | a quoted YAML string (front matter) |
//! | `fenced` | `{{ name \| fenced }}` | text safe inside a ```` ```chart ```` block |
//!
//! Numbers arrive as strings (exact decimals) or numbers; a missing value
//! (none) prints as an em dash.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::escape;
use crate::check::group;
use crate::plan::money;

const MISSING: &str = "—";

pub fn register(tera: &mut Tera) {
    tera.register_filter("money", money_filter);
    tera.register_filter("number", number_filter);
    tera.register_filter("percent", percent_filter);
    tera.register_filter("quantity", quantity_filter);
    tera.register_filter("date", date_filter);
    tera.register_filter("plural", plural_filter);
    tera.register_filter("yaml", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&escape::yaml(v))
    });
    tera.register_filter("fenced", |v: &Value, _: Kwargs, _: &State| {
        let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        Value::safe_string(&escape::fenced(&text))
    });
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

/// `1234567.891` → `1,234,567.89`: at most `places` decimals, trailing zeros dropped.
pub fn format_number(d: Decimal, places: u32) -> String {
    group(
        d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

/// `€6,000,000`, or `€6M` / `€1.2M` / `€250k` when compact.
pub fn format_money(d: Decimal, currency: &str, compact: bool) -> String {
    let sym = money::symbol(currency);
    let (sym, suffix) = if sym.len() == 3 && sym == currency {
        // No symbol: "1,200 SEK" reads better than "SEK1,200".
        ("", format!(" {currency}"))
    } else {
        (sym, String::new())
    };
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    let a = d.abs();
    let body = if compact {
        let thousand = Decimal::from(1_000);
        let million = Decimal::from(1_000_000);
        let billion = Decimal::from(1_000_000_000);
        if a >= billion {
            format!("{}B", format_number(a / billion, 1))
        } else if a >= million {
            format!("{}M", format_number(a / million, 1))
        } else if a >= thousand {
            let places = if a >= Decimal::from(100_000) { 0 } else { 1 };
            format!("{}k", format_number(a / thousand, places))
        } else {
            format_number(a, 2)
        }
    } else if a.fract().is_zero() {
        group(a.trunc())
    } else {
        // Cents always shown in full when there are any.
        let cents = a.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        if a < Decimal::new(1, 1) {
            // Two significant digits for small unit costs (€0.014 per € of pipeline).
            let places = if a >= Decimal::new(1, 2) { 3 } else { 4 };
            format_number(a, places)
        } else {
            let fraction = format!("{:.2}", cents.fract());
            format!("{}.{}", group(cents.trunc()), &fraction[2..])
        }
    };
    format!("{sign}{sym}{body}{suffix}")
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
    Ok(Value::from(format_money(d, &currency, compact)))
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

/// A value in a goal's or objective's unit.
pub fn format_quantity(d: Decimal, unit: Option<&str>, compact: bool) -> String {
    match unit {
        Some(u) if money::is_currency(u) => format_money(d, u, compact),
        Some("%") => format!("{}%", format_number(d, 2)),
        Some("x") => format!("{}x", format_number(d, 2)),
        Some(u) if !u.is_empty() => format!("{} {u}", format_number(d, 2)),
        _ => format_number(d, 2),
    }
}

fn quantity_filter(v: &Value, kw: Kwargs, _: &State) -> TeraResult<Value> {
    let unit: Option<String> = kw.get("unit").ok().flatten();
    let compact = kw.get::<bool>("compact")?.unwrap_or(false);
    Ok(Value::from(decimal(v).map_or(MISSING.to_string(), |d| {
        format_quantity(d, unit.as_deref(), compact)
    })))
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

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_full_and_compact() {
        assert_eq!(format_money(d("6000000"), "EUR", false), "€6,000,000");
        assert_eq!(format_money(d("1234.5"), "USD", false), "$1,234.50");
        assert_eq!(format_money(d("0.0135"), "EUR", false), "€0.014");
        assert_eq!(format_money(d("0.1194"), "EUR", false), "€0.12");
        assert_eq!(format_money(d("-650000"), "GBP", false), "-£650,000");
        assert_eq!(format_money(d("6000000"), "EUR", true), "€6M");
        assert_eq!(format_money(d("5400000"), "EUR", true), "€5.4M");
        assert_eq!(format_money(d("250000"), "EUR", true), "€250k");
        assert_eq!(format_money(d("62500"), "EUR", true), "€62.5k");
        assert_eq!(format_money(d("1200000000"), "EUR", true), "€1.2B");
        assert_eq!(format_money(d("950"), "EUR", true), "€950");
        assert_eq!(format_money(d("1200"), "SEK", false), "1,200 SEK");
        assert_eq!(format_money(d("1200"), "CHF", false), "CHF 1,200");
    }

    #[test]
    fn quantities_follow_their_unit() {
        assert_eq!(format_quantity(d("18"), Some("%"), false), "18%");
        assert_eq!(
            format_quantity(d("1800"), Some("SQLs"), false),
            "1,800 SQLs"
        );
        assert_eq!(format_quantity(d("18000000"), Some("EUR"), true), "€18M");
        assert_eq!(format_quantity(d("3.5"), Some("x"), false), "3.5x");
        assert_eq!(format_quantity(d("9.5"), None, false), "9.5");
    }

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
