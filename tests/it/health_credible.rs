//! Figures a CFO cannot set against each other (issue #31, criteria 2 and
//! 9): one FTE total per deck, the plan's disagreements settled in one
//! place without markup, a health score's KPI count that holds against the
//! channel slides, and health lines that do not contradict the slide they
//! speak of. Each figure is recomputed here from the rendered Markdown or
//! the TOML, never read from mvplan's own sums.

use crate::common::{OUTSIDE, outside_deck};

/// The bold or italic figure in the FTE column of the resources slide's
/// total rows ("| **Total in this budget** | **12.5** |", "| *Whole team,
/// as capacity counts it* | *14.3* |").
fn resources_totals(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.starts_with("| **Total") || l.starts_with("| *Whole team"))
        .filter_map(|l| l.split('|').nth(2))
        .map(|c| c.trim().trim_matches('*').to_string())
        .collect()
}

/// The ask slide's average cost per FTE names the FTE it divides, and that
/// figure is a total the resources slide shows (hotel divided 13.5 FTE —
/// the interns' 2 heads, not their 1 FTE at 50% — against the slide's
/// 12.5).
#[test]
fn the_fte_an_average_cost_divides_is_a_total_the_resources_slide_shows() {
    let mut priced = 0;
    for name in OUTSIDE {
        let md = outside_deck(name);
        let totals = resources_totals(&md);
        for l in md
            .lines()
            .filter(|l| l.contains("average") && l.contains(" per FTE ("))
        {
            let basis = l.split(" per FTE (").nth(1).unwrap_or_default();
            let fte = basis
                .split(" FTE")
                .next()
                .and_then(|b| b.rsplit(' ').next())
                .unwrap_or_default();
            assert!(
                totals.iter().any(|t| t == fte),
                "{name}: the average divides {fte} FTE; the resources slide totals {totals:?}\n{l}"
            );
            assert!(basis.contains("resources slide"), "{name}: {basis}");
            priced += 1;
        }
    }
    assert!(
        priced >= 2,
        "saas and hotel price people's time at the average"
    );
}

/// The plan's own disagreements are settled in the summary's one line; a
/// slide that quotes the plan's words shows the deck's figure with a
/// footnote mark, never square-bracket markup in the board's text.
#[test]
fn no_deck_shows_bracketed_markup_to_settle() {
    for name in OUTSIDE {
        let md = outside_deck(name);
        for l in md.lines().filter(|l| !l.starts_with("<!--")) {
            assert!(!l.contains("\\[to settle"), "{name}: {l}");
            assert!(!l.contains("[to settle"), "{name}: {l}");
            assert!(!l.contains("not itemised)"), "{name}: {l}");
        }
    }
}

/// The words a name is said by, as a board matches a KPI to a result:
/// lower case, a plural's "s" dropped, short and empty words left out.
fn named_by(text: &str) -> std::collections::HashSet<String> {
    const EMPTY: &[&str] = &[
        "the", "and", "for", "from", "new", "per", "with", "via", "its", "our", "all", "total",
        "number", "into", "than",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !EMPTY.contains(&w.as_str()))
        .map(|w| match w.strip_suffix("ies") {
            Some(stem) if stem.chars().count() >= 3 => format!("{stem}y"),
            _ => w.strip_suffix('s').map_or(w.clone(), str::to_string),
        })
        .collect()
}

/// The health appendix's KPI row holds against the channel slides: a
/// funded channel counts only if, for every result it is forecast to bring
/// (a forecast above zero or a response curve), one of its KPIs measures
/// it as a strict board reader checks — the KPI's name or unit says the
/// result's unit (a currency names nothing), or its name says two words of
/// the result's metric (its one word, where it has one) — computed here
/// from the TOML. On main industrial read "8 of 9", dtc "7 of 8" and
/// nonprofit "5 of 6", counting trade shows (booth meetings, badge scans)
/// as measuring aided awareness; later fintech, saas and hotel counted a
/// channel whose KPI shares one word in passing with a result ("Group RFPs
/// received" for "Group and MICE revenue", "Sign-ups from paid search" for
/// "Paid upgrades", any KPI in euros for revenue in euros).
#[test]
fn the_kpi_row_counts_channels_whose_kpis_name_each_forecast_result() {
    use crate::common::plan_toml;
    // Currency codes the plans use: a unit in money names no metric.
    let money = |u: &str| ["EUR", "USD", "GBP"].contains(&u.trim());
    for name in OUTSIDE {
        let t = plan_toml(name);
        let objectives = t["objectives"].as_array().unwrap();
        // (metric words, unit words) of a result.
        let said = |id: &str| {
            let o = objectives
                .iter()
                .find(|o| o["id"].as_str() == Some(id))
                .unwrap();
            let unit = o.get("unit").and_then(|u| u.as_str()).unwrap_or_default();
            (
                named_by(o.get("metric").and_then(|m| m.as_str()).unwrap_or_default()),
                if money(unit) {
                    Default::default()
                } else {
                    named_by(unit)
                },
            )
        };
        let (mut funded, mut counted) = (0, 0);
        let mut missed = Vec::new();
        for c in t["channels"].as_array().unwrap() {
            let budget = c.get("budget").and_then(|b| b.as_integer()).unwrap_or(0);
            if budget <= 0 {
                continue;
            }
            funded += 1;
            let kpis = c
                .get("kpis")
                .and_then(|k| k.as_array())
                .cloned()
                .unwrap_or_default();
            let mut results: Vec<String> = c
                .get("forecast")
                .and_then(|f| f.as_table())
                .map(|f| {
                    f.iter()
                        .filter(|(_, v)| {
                            v.as_float().unwrap_or(0.0) != 0.0 || v.as_integer().unwrap_or(0) != 0
                        })
                        .map(|(k, _)| k.clone())
                        .collect()
                })
                .unwrap_or_default();
            if let Some(r) = c
                .get("response")
                .and_then(|r| r.get("objective"))
                .and_then(|o| o.as_str())
            {
                results.push(r.to_string());
            }
            let targeted = kpis.iter().any(|k| k.get("target").is_some());
            // A channel forecast for nothing has no result to measure: not
            // counted (a reader scored that credit as vacuous).
            if targeted
                && !results.is_empty()
                && results.iter().all(|r| {
                    let (metric, unit) = said(r);
                    kpis.iter().any(|k| {
                        let name = named_by(k["name"].as_str().unwrap());
                        let k_unit = k.get("unit").and_then(|u| u.as_str()).unwrap_or_default();
                        let k_unit = if money(k_unit) {
                            Default::default()
                        } else {
                            named_by(k_unit)
                        };
                        let shared = metric.intersection(&name).count();
                        !unit.is_disjoint(&name)
                            || !unit.is_disjoint(&k_unit)
                            || shared >= 2
                            || (metric.len() == 1 && shared == 1)
                    })
                })
            {
                counted += 1;
            } else {
                missed.push(c["name"].as_str().unwrap().to_string());
            }
        }
        let md = outside_deck(name);
        let row = md
            .lines()
            .find(|l| l.starts_with("| Funded channels with a KPI target"))
            .unwrap_or_else(|| panic!("{name}: no KPI row"));
        assert!(
            row.contains(&format!("| {counted} of {funded} |")),
            "{name}: want {counted} of {funded}\n{row}"
        );
        if ["industrial-b2b", "dtc-skincare", "nonprofit-or-public"].contains(name) {
            assert!(
                counted < funded - 1,
                "{name}: more than one channel is not measured"
            );
        }
        // Each channel not counted is named on the health slide.
        for m in &missed {
            // Named as the row starts: up to a bracket or a dash.
            let cut = [" (", " — ", " – ", ": "]
                .iter()
                .filter_map(|s| m.find(s))
                .min()
                .unwrap_or(m.len());
            let m = m[..cut].replace('&', "\\&");
            assert!(
                md.lines()
                    .any(|l| l.starts_with("- **not counted in the KPI row** ") && l.contains(&m)),
                "{name}: {m} not named"
            );
        }
    }
}

/// The ask slide's row of the ask whose words are `ask`: its cells.
fn ask_row<'a>(md: &'a str, ask: &str) -> Option<Vec<&'a str>> {
    md.lines()
        .filter(|l| l.starts_with("| ") && l.contains("**"))
        .find(|l| l.split('|').nth(2).is_some_and(|c| c.contains(ask)))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
}

/// A health line never says an ask "does not say what it buys" or "what
/// it costs as a figure" while the ask slide's row states what it buys or
/// a cost in money (on main: industrial's SLA ask "Protects up to $10.4M",
/// saas's SDR ask "The $6.18M … rests on it", power-tools' bauma ask
/// "€350k (in the budget)"). The asks are found from the TOML.
#[test]
fn no_health_line_contradicts_its_ask_slide() {
    use crate::common::plan_toml;
    let mut checked = 0;
    for name in [
        "industrial-b2b",
        "saas-plg",
        "power-tools",
        "nonprofit-or-public",
    ] {
        let md = outside_deck(name);
        let health: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with("- **warning:**"))
            .collect();
        let t = plan_toml(name);
        for a in t["asks"].as_array().unwrap() {
            let words = a["ask"].as_str().unwrap().replace('&', "\\&");
            let Some(row) = ask_row(&md, &words) else {
                continue;
            };
            let (cost, buys) = (row[2], row[3]);
            let about: Vec<&&str> = health.iter().filter(|l| l.contains(&words)).collect();
            for l in &about {
                if !buys.is_empty() {
                    assert!(!l.contains("what it buys"), "{name}: {l}\nslide: {buys}");
                }
                if cost.chars().any(|c| c.is_ascii_digit()) && !cost.contains("not given") {
                    assert!(
                        !l.contains("does not say what it costs"),
                        "{name}: {l}\nslide: {cost}"
                    );
                }
                // A hire whose ask names what a no costs is never called
                // not needed or without a gap beside that consequence.
                if let Some(no) = a.get("if_declined").and_then(|n| n.as_str())
                    && (l.contains("capacity gap") || l.contains("not needed"))
                {
                    let no = no.trim_end_matches('.').to_lowercase();
                    assert!(l.to_lowercase().contains(&no), "{name}: {l}");
                }
                checked += 1;
            }
            if a.get("if_declined").is_some() {
                assert!(
                    !buys.contains("(not needed for capacity)"),
                    "{name}: {buys}"
                );
            }
        }
    }
    assert!(checked >= 3, "{checked}");
}

/// A share of a skill's capacity in a title carries its basis on its
/// slide: the work over the FTE-months the team has for that skill
/// (nonprofit: "social at 83% of its capacity" had no basis anywhere in
/// the deck).
#[test]
fn a_capacity_share_says_what_it_divides() {
    let mut seen = 0;
    for name in OUTSIDE {
        let md = outside_deck(name);
        for slide in md.split("\n---\n") {
            let Some(title) = slide
                .lines()
                .find(|l| l.starts_with("# ") && l.contains("% of its capacity"))
            else {
                continue;
            };
            let share: f64 = title
                .split("% of its capacity")
                .next()
                .and_then(|h| h.rsplit(' ').next())
                .and_then(|p| p.parse().ok())
                .unwrap();
            let load = slide
                .lines()
                .find_map(|l| l.strip_prefix("**Load:** "))
                .unwrap_or_else(|| panic!("{name}: no basis for {title}"));
            let basis = load.split(": ").nth(1).unwrap();
            let work: f64 = basis.split(' ').next().unwrap().parse().unwrap();
            let have: f64 = basis
                .split("over the ")
                .nth(1)
                .and_then(|b| b.split(' ').next())
                .and_then(|b| b.parse().ok())
                .unwrap();
            // One decimal each way: the share within the rounding of both.
            let lo = (work - 0.05) / (have + 0.05) * 100.0;
            let hi = (work + 0.05) / (have - 0.05) * 100.0;
            assert!(
                share >= lo.floor() && share <= hi.ceil(),
                "{name}: {title}\n{load}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 3, "{seen}");
}

/// hotel: the goal puts €6M on Maris Porto; the Porto objective reaches
/// 100% of its own target (6,000 room nights) but is worth 6,000 × €165 =
/// €990k. The forecast slide's "100%" says both, as one statement: of its
/// target, and the part of the goal's €6M it covers (on main, "100%"
/// alone, read as the goal's part met). Figures from the TOML.
#[test]
fn an_objective_at_its_target_says_how_much_of_the_goal_s_named_part_it_covers() {
    use crate::common::plan_toml;
    let t = plan_toml("hotel-group");
    let o = t["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["metric"].as_str() == Some("Maris Porto room nights"))
        .unwrap();
    let worth = o["target"].as_integer().unwrap() * o["value_per_unit"].as_integer().unwrap();
    let goal = t["goals"].as_array().unwrap()[0]["statement"]
        .as_str()
        .unwrap();
    let part: i64 = goal
        .split("including €")
        .nth(1)
        .and_then(|r| r.split('M').next())
        .and_then(|n| n.parse().ok())
        .map(|m: i64| m * 1_000_000)
        .unwrap();
    let share = (worth as f64 * 100.0 / part as f64).round();
    // Its value per room night is revenue (ADR, the author's comment
    // beside it): its worth is set against the goal's part.
    let want = format!(
        "100% of its target; €{}k of the goal's €{}M from Maris Porto ({share}%)",
        worth / 1_000,
        part / 1_000_000
    );
    let md = outside_deck("hotel-group");
    let row = md
        .lines()
        .find(|l| l.starts_with("| ") && l.contains(o["statement"].as_str().unwrap()))
        .unwrap();
    assert!(row.contains(&want), "{row}\nwanted: {want}");
    // The value slide says the same.
    assert!(md.contains(&format!(
        "of the goal's €{}M from Maris Porto, the plan forecasts €{}k ({share}%)",
        part / 1_000_000,
        worth / 1_000
    )));
}

/// saas: the Stretch scenario's extra money comes only through ask 5,
/// released on its `by` date with 2.8 months of the period left. Its row
/// on the scenarios slide shows what that money buys in the months left —
/// the plan's level plus the change the ask slide states — labelled from
/// the date, not a full year's outcome (on main: 88,000 workspaces beside
/// the ask's "+942 for the 2.8 months left"; then "+942" beside the row's
/// 84,900).
#[test]
fn a_late_released_scenario_s_row_shows_the_months_left() {
    use crate::common::plan_toml;
    let t = plan_toml("saas-plg");
    let ask = t["asks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_str() == Some("stretch-release"))
        .unwrap();
    let by = ask["by"].as_datetime().unwrap().to_string();
    let date = chrono::NaiveDate::parse_from_str(&by, "%Y-%m-%d").unwrap();
    let label = format!("(from {})", date.format("%-d %b %Y"));
    let md = outside_deck("saas-plg");
    let row = md
        .lines()
        .find(|l| l.starts_with("| **Stretch") && l.contains(&label))
        .unwrap_or_else(|| panic!("no Stretch row labelled {label}"));
    // The ask: "activated workspaces ≈ +942 workspaces for the 2.8 months
    // left (typed +4,000 workspaces for a full year, 84,000 workspaces → …".
    let ask_row = md
        .lines()
        .find(|l| l.starts_with("| 5 |") && l.contains("activated workspaces ≈ +"))
        .unwrap();
    let after = ask_row.split("activated workspaces ≈ +").nth(1).unwrap();
    let gain: i64 = after
        .split(' ')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    let today: i64 = after
        .split("for a full year, ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .map(|n| n.replace(',', ""))
        .and_then(|n| n.parse().ok())
        .unwrap();
    // One figure, rounded once: the ask's gain is the row's level less
    // today's, so the two slides add up ("≈ +942" beside 84,900 of 84,000
    // read as one figure rounded twice); the level at three figures.
    let level = today + gain;
    let mag = 10_i64.pow((level as f64).log10().floor() as u32 - 2);
    assert_eq!(level % mag, 0, "{gain} is not the row's level less {today}");
    let want = format!(
        "| {} workspaces |",
        crate::common::group(&level.to_string())
    );
    assert!(row.contains(&want), "{row}\nwanted: {want}");
    // The gain is the full year's typed change for the months left.
    let end = t["plan"]["end"].as_datetime().unwrap().to_string();
    let end = chrono::NaiveDate::parse_from_str(&end, "%Y-%m-%d").unwrap();
    let share = (end - date).num_days() as f64 / 365.0;
    assert!(
        (gain as f64 - 4_000.0 * share).abs() <= mag as f64 / 2.0,
        "{gain} vs {share}"
    );
}
