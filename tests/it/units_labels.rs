//! Two figures a board reads as one quantity, labelled so they cannot be
//! (#31 C10), on the outside decks: a capacity share and the FTE-months
//! beside it; a cost-per-result KPI and the cost per extra result in the
//! same row; a people shortfall in the people slide's own figures.

use crate::common::{OUTSIDE, outside_deck, titled_slides};

/// A figure as written ("2.04", "1,350") as a number.
fn number(s: &str) -> f64 {
    s.replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s}"))
}

/// industrial: "ABM at 68% of its capacity" over "2 FTE-months of work
/// over the 3" (2 ÷ 3 = 67%; the work is 2.04). The figures shown give
/// the share the title states, to the whole percent.
#[test]
fn a_capacity_share_is_the_ratio_of_the_figures_beside_it() {
    let mut seen = 0;
    for name in OUTSIDE {
        for (title, body) in titled_slides(&outside_deck(name)) {
            let Some(head) = title
                .split("% of its capacity")
                .next()
                .filter(|_| title.contains("% of its capacity"))
            else {
                continue;
            };
            let share = number(head.rsplit(' ').next().unwrap_or_default());
            let load = body
                .lines()
                .find_map(|l| l.strip_prefix("**Load:** "))
                .unwrap_or_else(|| panic!("{name}: no basis for {title}"));
            let basis = load.split(": ").nth(1).unwrap_or_default();
            let work = number(basis.split(' ').next().unwrap_or_default());
            let have = number(
                basis
                    .split("over the ")
                    .nth(1)
                    .and_then(|b| b.split(' ').next())
                    .unwrap_or_default(),
            );
            assert_eq!(
                (work / have * 100.0).round(),
                share,
                "{name}: {title}\n{load}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 3, "{seen}");
}

/// fintech: "Cost per funded account, app stores: £106" beside "£399 per
/// extra account" in one row — the average the plan targets and what each
/// extra account costs over today, read as two figures for one quantity.
#[test]
fn a_cost_per_result_kpi_beside_a_cost_per_extra_result_says_it_is_the_average() {
    let mut seen = 0;
    for name in OUTSIDE {
        for (title, body) in titled_slides(&outside_deck(name)) {
            if !body.contains("| Cost per extra result, over today |")
                || title.starts_with("Appendix")
            {
                continue;
            }
            for row in body
                .lines()
                .filter(|l| l.starts_with("| ") && l.contains(" per extra "))
            {
                let kpi = row.split(" | ").nth(3).unwrap_or_default();
                if !kpi.to_lowercase().starts_with("cost per") {
                    continue;
                }
                assert!(kpi.ends_with(" average"), "{name}: {row}");
                seen += 1;
            }
        }
    }
    assert!(seen >= 1, "{seen}");
}

/// dtc: the people slide says "Q1 2027 needs 3.9 FTE-months of CRM, the
/// team has 3" and its scenarios line said "short in Q1 2027 (CRM at
/// 129%)" — a percentage read beside "3.9 of 3" as another quantity. The
/// scenarios say their shortfall in the people slide's own terms.
#[test]
fn a_scenario_short_of_people_says_it_in_fte_months() {
    let md = outside_deck("dtc-skincare");
    let line = md
        .lines()
        .find(|l| l.starts_with("**At other budget levels:**"))
        .expect("the scenarios' capacity");
    assert!(
        line.contains("short in Q1 2027 (CRM needs 3.9 FTE-months, the team has 3)"),
        "{line}"
    );
    assert!(!line.contains("CRM at "), "{line}");
}
