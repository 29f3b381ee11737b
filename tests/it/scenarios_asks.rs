//! #31 criteria 2, 5, 7 on the scenarios and asks of the plans written
//! outside the project: a scenario above the plan is doubted as a cut is;
//! scenario money goes to the channels it names; an ask says what it buys
//! as a result, in time and money.

use crate::common::*;
use chrono::Datelike;
use rust_decimal::Decimal;
use std::str::FromStr;

fn dec(v: &toml::Value) -> Decimal {
    match v {
        toml::Value::Integer(i) => Decimal::from(*i),
        toml::Value::Float(f) => Decimal::from_str(&f.to_string()).unwrap(),
        _ => panic!("not a number: {v:?}"),
    }
}

fn table<'t>(plan: &'t toml::Table, key: &str, id: &str) -> &'t toml::Table {
    plan[key]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_table())
        .find(|a| a["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no {key} {id}"))
}

/// The sum of the channels' typed forecasts of an objective (the plan's
/// forecast where no response curve covers it).
fn typed_forecast(plan: &toml::Table, objective: &str) -> Decimal {
    plan["channels"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_table())
        .filter(|c| c.get("budget").is_some_and(|b| !dec(b).is_zero()))
        .filter_map(|c| c.get("forecast")?.as_table()?.get(objective))
        .map(dec)
        .sum()
}

/// The deck as a reader sees it (the Markdown escapes `$`).
fn deck(name: &str) -> String {
    outside_deck(name).replace('\\', "")
}

fn scenarios_slide(md: &str) -> &str {
    md.split("\n---\n")
        .find(|s| s.contains("| Scenario | Budget (vs plan) |"))
        .expect("a scenarios slide")
}

/// The cells of the table row whose first cell names `name`.
fn row<'a>(slide: &'a str, name: &str) -> Vec<&'a str> {
    let line = slide
        .lines()
        .find(|l| l.starts_with(&format!("| **{name}**")))
        .unwrap_or_else(|| panic!("no row {name} in:\n{slide}"));
    line.trim_matches('|').split(" | ").map(str::trim).collect()
}

fn column(slide: &str, metric_starts: &str) -> usize {
    let header = slide
        .lines()
        .find(|l| l.starts_with("| Scenario |"))
        .unwrap();
    header
        .trim_matches('|')
        .split(" | ")
        .position(|c| c.trim().starts_with(metric_starts))
        .unwrap_or_else(|| panic!("no column {metric_starts}: {header}"))
}

/// Industrial "Stretch (+$360k …)" types 1,270 SQOs for $360k more, and
/// nonprofit "Corporate partner match" 1,520 donors for €25.5k more: each
/// extra result for a tenth of what the plan's own cost. Both are doubted
/// as the cut below the plan is: the cell states an estimate at the plan's
/// own cost (‡), and the finding the cost per extra result the typed
/// figure implies.
#[test]
fn an_increase_that_buys_too_much_is_doubted_as_a_cut_is() {
    for (name, scenario, objective, metric, unit) in [
        (
            "industrial-b2b",
            "stretch",
            "sqos",
            "Sales-qualified",
            "SQO",
        ),
        (
            "nonprofit-or-public",
            "corporate-match",
            "regular-givers",
            "New regular",
            "donor",
        ),
    ] {
        let plan = plan_toml(name);
        let s = table(&plan, "scenarios", scenario);
        let total = dec(&plan["budget"]["total"]);
        let extra_money = dec(&s["budget"]) - total;
        let typed = dec(&s["outcomes"][objective]);
        let forecast = typed_forecast(&plan, objective);
        let per_extra = extra_money / (typed - forecast);
        let md = deck(name);
        let slide = scenarios_slide(&md);
        let cells = row(slide, s["name"].as_str().unwrap());
        let cell = cells[column(slide, metric)];
        assert!(
            cell.starts_with("≈ ") && cell.ends_with('‡'),
            "{name}: {cells:?}"
        );
        // The finding gives the typed figure's cost per extra result
        // beside the plan's own.
        let o = mvplan(&["check", outside_plan(name).to_str().unwrap()]);
        let out = format!("{}{}", stdout(&o), stderr(&o));
        let cost = if per_extra >= Decimal::from(1000) {
            format!(
                "{}k",
                (per_extra / Decimal::from(1000)).round_dp(2).normalize()
            )
        } else {
            per_extra.round().to_string()
        };
        assert!(
            out.contains(&format!(
                "{cost} per extra {unit} where the plan's own cost is"
            )),
            "{name}: no {cost} per extra {unit}:\n{out}"
        );
        assert!(
            out.contains("scenario-increase-buys-too-much")
                && out.contains(&format!("scenario `{scenario}`")),
            "{name}:\n{out}"
        );
    }
}

/// The near miss: an increase whose extra results cost more than a third
/// of the plan's own is not doubted (nonprofit's corporate match types
/// +€58k of campaign income for €25.5k, €0.44 per extra €1 where the plan's
/// cost €0.63: shown as typed), beside its donors, which are.
#[test]
fn an_increase_at_a_credible_cost_is_shown() {
    let md = deck("nonprofit-or-public");
    let slide = scenarios_slide(&md);
    let cells = row(slide, "Corporate partner match");
    let donors = cells[column(slide, "New regular")];
    assert!(
        donors.starts_with("≈ ") && donors.ends_with('‡'),
        "{donors}"
    );
    let plan = plan_toml("nonprofit-or-public");
    let s = table(&plan, "scenarios", "corporate-match");
    let income = dec(&s["outcomes"]["appeal-income"]) / Decimal::from(1000);
    assert_eq!(
        cells[column(slide, "Campaign income")],
        format!("€{}k", income.normalize())
    );
}

/// dtc's "Boots national roll-out" (+£420k: "700 Boots doors from
/// September") types only retail sell-through and awareness: its money goes
/// to the retail-partner channel, the one channel serving only what it
/// types. DTC customers and DTC revenue keep the plan's forecast (the plan
/// row's figure; DTC revenue is the sum of the channels' typed forecasts,
/// computed here from the TOML), retail is as typed, and the summary's
/// alternative and the people slide say the same.
#[test]
fn scenario_money_goes_where_its_words_and_outcomes_put_it() {
    let plan = plan_toml("dtc-skincare");
    let s = table(&plan, "scenarios", "boots-national");
    let md = deck("dtc-skincare");
    let slide = scenarios_slide(&md);
    let boots = row(slide, "Boots national roll-out");
    let plan_row = row(slide, "Plan");
    let customers = column(slide, "New DTC customers");
    assert_eq!(
        boots[customers],
        format!("{} (unchanged)", plan_row[customers]),
        "{boots:?}"
    );
    let revenue = typed_forecast(&plan, "dtc-revenue") / Decimal::from(1_000_000);
    assert_eq!(
        boots[column(slide, "DTC net revenue")],
        format!("£{}M (unchanged)", revenue.round_dp(2).normalize()),
        "{boots:?}"
    );
    let retail = dec(&s["outcomes"]["retail"]) / Decimal::from(1_000_000);
    assert_eq!(
        boots[column(slide, "Retail sell-through")],
        format!("£{}M", retail.normalize())
    );
    assert!(
        slide.contains("computed with its extra money on Retail partners"),
        "{slide}"
    );
    // The summary's alternative: no DTC customers credited to retail doors.
    let summary = md.split("\n---\n").nth(2).unwrap();
    let alt = summary
        .lines()
        .find(|l| l.contains("Alternatives considered"))
        .unwrap();
    assert!(
        // The figure before the metric that names its unit, the unit once.
        alt.contains(&format!(
            "{} new DTC customers (unchanged: its money goes to Retail partners",
            plan_row[customers].trim_end_matches(" customers")
        )),
        "{alt}"
    );
    // The team: at the roll-out's budget CRM is loaded as in the plan, not
    // by a planned-mix share of £420k.
    let people = md
        .lines()
        .find(|l| l.starts_with("**At other budget levels:**"))
        .unwrap();
    let boots_load = people.split("Boots national roll-out").nth(1).unwrap();
    let cut_load = people
        .split("Founders' downside")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let crm = |t: &str| t.split("CRM at ").nth(1).map(|x| x[..4].to_string());
    assert_eq!(crm(boots_load), crm(cut_load), "{people}");
}

/// The words' own split: fintech's "Add £900k to paid social and £600k to
/// app-store ads" puts the money on those two channels (the slide says
/// so), and a scenario whose words give an amount to something no channel
/// is called (power-tools' "a fifth van (€300k)") stays in the planned mix.
#[test]
fn scenario_words_that_name_channels_aim_its_money() {
    let md = deck("fintech-app");
    let slide = scenarios_slide(&md);
    assert!(
        slide.contains("computed with its extra money on Paid social; App-store ads"),
        "{slide}"
    );
    let md = deck("power-tools");
    let slide = scenarios_slide(&md);
    assert!(
        !slide.contains("computed with its extra money on"),
        "{slide}"
    );
}

/// saas's "Release a further $1.25M (stretch)" is decided on 7 Nov 2027,
/// with the year ending 31 Jan 2028: the ask slide values the stretch
/// scenario's typed change for the days left, not the full year, and
/// `ask-release-late` says so (its words spend it "in H2").
#[test]
fn a_late_release_is_valued_for_the_time_left() {
    let plan = plan_toml("saas-plg");
    let a = table(&plan, "asks", "stretch-release");
    let s = table(&plan, "scenarios", "stretch");
    let date = |v: &toml::Value| {
        chrono::NaiveDate::parse_from_str(&v.as_datetime().unwrap().to_string(), "%Y-%m-%d")
            .unwrap()
    };
    let (start, end, by) = (
        date(&plan["plan"]["start"]),
        date(&plan["plan"]["end"]),
        date(&a["by"]),
    );
    let share =
        Decimal::from((end - by).num_days() + 1) / Decimal::from((end - start).num_days() + 1);
    let change = dec(&s["outcomes"]["activated"]) - typed_forecast(&plan, "activated");
    // The scenarios slide's level (three figures) less the plan's: one
    // figure, rounded once, on both slides (84,000 + 942 → 84,900: +900).
    let level = typed_forecast(&plan, "activated");
    let scaled = ((level + change * share).round_sf(3).unwrap() - level).normalize();
    let months = (share * Decimal::from(12)).round_dp(1);
    let md = deck("saas-plg");
    let row = md
        .lines()
        .find(|l| l.starts_with("| 5 | **Release a further"))
        .expect("the stretch ask");
    let buys = row.split(" | ").nth(3).unwrap();
    assert!(
        buys.contains(&format!(
            "activated workspaces ≈ +{} for the {months} months left (typed +{} for a full year, ",
            group(&scaled.to_string()),
            group(&change.round().to_string())
        )),
        "{buys}"
    );
    let o = mvplan(&["check", outside_plan("saas-plg").to_str().unwrap()]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    let late = out
        .split("\n\n")
        .find(|b| b.contains("ask-release-late"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        late.contains("`stretch-release`") && late.contains("H2"),
        "{late}"
    );
}

/// What an ask buys is a result, not a pointer: no cell of any outside
/// deck's ask slide starts "Bears on" or "Answers the", and one that names
/// a risk leads with what it protects (the risk slide's size) or says the
/// plan does not size it. People's time is a cost in FTE for the period
/// (saas: 6 SDRs at 50% = 3 FTE), and a hire the team does not need for
/// capacity leads with the plan's reason.
#[test]
fn an_ask_says_what_it_buys_as_a_result() {
    for name in OUTSIDE {
        let plan = plan_toml(name);
        let md = deck(name);
        for row in md.lines().filter(|l| {
            l.starts_with("| ")
                && l.split(" | ")
                    .next()
                    .is_some_and(|c| c.trim_start_matches("| ").parse::<u32>().is_ok())
                && l.contains("**")
        }) {
            let Some(buys) = row.split(" | ").nth(3) else {
                continue;
            };
            assert!(
                !buys.starts_with("Bears on") && !buys.starts_with("Answers the"),
                "{name}: {buys}"
            );
            for r in plan
                .get("risks")
                .and_then(|r| r.as_array())
                .into_iter()
                .flatten()
            {
                let risk = r["risk"]
                    .as_str()
                    .unwrap()
                    .trim_end_matches('.')
                    .to_lowercase();
                if buys.to_lowercase().contains(&risk) {
                    assert!(
                        buys.starts_with("Protects ")
                            || buys.contains("which the plan does not size"),
                        "{name}: {buys}"
                    );
                }
            }
            assert!(
                buys.matches("not needed for capacity").count() <= 1
                    && !buys.starts_with("Not needed for capacity —"),
                "{name}: {buys}"
            );
        }
    }
    // The risk's size, as the risk slide states it.
    let md = deck("industrial-b2b");
    let sla = md
        .lines()
        .find(|l| l.contains("5-day lead follow-up SLA"))
        .unwrap();
    assert!(sla.contains("| Protects up to $10.4M of "), "{sla}");
    // People's time, in FTE for the year, counted here from the words.
    let plan = plan_toml("saas-plg");
    let a = table(&plan, "asks", "sdr-commitment");
    let words: Vec<&str> = a["ask"].as_str().unwrap().split_whitespace().collect();
    let at = words.iter().position(|w| *w == "at").unwrap();
    let fte = Decimal::from_str(words[at - 2]).unwrap()
        * Decimal::from_str(words[at + 1].trim_end_matches('%')).unwrap()
        / Decimal::ONE_HUNDRED;
    let md = deck("saas-plg");
    let row = md.lines().find(|l| l.contains("6 SDRs at 50%")).unwrap();
    assert!(
        row.contains(&format!(
            "{} FTE of Sales' time for the year",
            fte.normalize()
        )),
        "{row}"
    );
    // A hire not needed for capacity: the plan's reason first.
    let md = deck("industrial-b2b");
    let row = md
        .lines()
        .find(|l| l.contains("marketing operations analyst"))
        .unwrap();
    assert!(
        row.contains(
            "| Attribution live by March; MDF claims verified monthly (the plan's Multi-touch attribution in HubSpot + SFDC rests on it; not for hours) |"
        ),
        "{row}"
    );
}

/// A reader set the scenarios slide's Stretch row (a full year's typed
/// outcomes) against the ask slide's late release of the same $1.25M
/// (≈ the 2.8 months left) and counted one quantity with two values. The
/// row now counts the months left from the ask's date (`health_credible`
/// checks its figures), and the slide says so, with the date and the
/// months left computed here from the TOML.
#[test]
fn a_scenario_released_late_by_an_ask_says_its_row_counts_the_months_left() {
    let plan = plan_toml("saas-plg");
    let ask = table(&plan, "asks", "stretch-release");
    let by = ask["by"].as_datetime().expect("by").to_string();
    let meta = plan["plan"].as_table().expect("[plan]");
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date");
    let (start, end, by) = (
        day(&meta["start"].as_datetime().expect("start").to_string()),
        day(&meta["end"].as_datetime().expect("end").to_string()),
        day(&by),
    );
    let months =
        ((end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1) as f64;
    let share = ((end - by).num_days() + 1) as f64 / ((end - start).num_days() + 1) as f64;
    let left = format!("{:.1}", share * months);
    let md = deck("saas-plg");
    let slide = scenarios_slide(&md);
    let line = slide
        .lines()
        .find(|l| l.starts_with("- **Stretch (+10%):**"))
        .unwrap_or_else(|| panic!("{slide}"));
    assert!(
        line.contains(&format!(
            "outcomes from {}: the ask releases its money then, for the {left} months left",
            by.format("%-d %b %Y")
        )),
        "{line}"
    );
}

/// Both of industrial's budget cases were "not credible ⚠" for SQOs, so a
/// reader could not see what Stretch's extra money buys. The cell states
/// it at the plan's own cost per extra SQO: the plan's level and the extra
/// money (from the TOML) ÷ the cost the footnote states, to the whole SQO.
#[test]
fn a_doubted_increase_says_what_its_money_buys_at_the_plans_own_cost() {
    let plan = plan_toml("industrial-b2b");
    let total = dec(&plan["budget"]["total"]);
    let stretch = table(&plan, "scenarios", "stretch");
    let extra = dec(&stretch["budget"]) - total;
    let md = deck("industrial-b2b");
    let slide = scenarios_slide(&md).replace("\\$", "$");
    let note = slide
        .lines()
        .find(|l| l.starts_with("*‡ estimated"))
        .unwrap_or_else(|| panic!("{slide}"));
    // "(sales-qualified opportunities (stage 2+): $11.9k per extra SQO)"
    let cost = note
        .split("(stage 2+): $")
        .nth(1)
        .and_then(|r| r.split('k').next())
        .and_then(|k| Decimal::from_str(k).ok())
        .unwrap_or_else(|| panic!("{note}"))
        * Decimal::from(1000);
    let n = (extra / cost).round();
    let sqos = |first: &str| {
        let cells = row(&slide, first);
        let c = cells[column(&slide, "Sales-qualified")];
        Decimal::from_str(
            &c.trim_start_matches("≈ ")
                .trim_end_matches('‡')
                .trim_end_matches(" SQOs")
                .replace(',', ""),
        )
        .unwrap_or_else(|_| panic!("{c}"))
    };
    let said = sqos(stretch["name"].as_str().unwrap()) - sqos("Plan");
    // The cost is shown to three figures: allow one SQO either way.
    assert!((said - n).abs() <= Decimal::ONE, "{said} vs {n}: {note}");
}
