//! An initiative owned by a hire who joins after the work starts (#31
//! criterion 9): a board reader read power-tools' roadmap (PRO app v2 from
//! March, owner "CRM and loyalty app manager") against its people slide
//! (that role "to hire", from April) and found the deck silent. The check
//! and the roadmap say it — worked out here from the TOML alone, for every
//! plan written outside the project.

use crate::common::*;

/// (initiative id, its start, the date its owner joins) for every
/// initiative whose owner names a team role (brackets aside, any case)
/// that starts after the initiative does. Dates compared as ISO text.
fn late_owners(name: &str) -> Vec<(String, String, String)> {
    let t = plan_toml(name);
    let role = |s: &str| s.split(" (").next().unwrap_or(s).trim().to_lowercase();
    let team = t
        .get("team")
        .and_then(|x| x.as_array())
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for i in t
        .get("initiatives")
        .and_then(|x| x.as_array())
        .cloned()
        .unwrap_or_default()
    {
        let Some(owner) = i.get("owner").and_then(|o| o.as_str()) else {
            continue;
        };
        let date = |v: &toml::Value| v.as_datetime().map(|d| d.to_string()).unwrap_or_default();
        let start = date(&i["start"]);
        for r in &team {
            let Some(joins) = r.get("start") else {
                continue;
            };
            if role(r["role"].as_str().unwrap()) == role(owner) && date(joins) > start {
                out.push((
                    i["id"].as_str().unwrap().to_string(),
                    start.clone(),
                    date(joins),
                ));
            }
        }
    }
    out
}

#[test]
fn an_initiative_whose_owner_joins_after_it_starts_is_found_and_the_roadmap_says_so() {
    let mut seen = 0;
    for name in OUTSIDE {
        let late = late_owners(name);
        let found: Vec<_> = check_findings(outside_plan(name).to_str().unwrap())
            .into_iter()
            .filter(|(rule, ..)| rule == "owner-joins-late")
            .collect();
        assert_eq!(found.len(), late.len(), "{name}: {found:?} vs {late:?}");
        if late.is_empty() {
            continue;
        }
        seen += late.len();
        let deck = outside_deck(name);
        let roadmap = deck
            .split("\n---\n")
            .find(|s| s.contains("| Initiative | Owner |"))
            .unwrap_or_else(|| panic!("{name}: no roadmap"));
        for (id, _, joins) in &late {
            assert!(
                found
                    .iter()
                    .any(|(_, _, m, _)| m.contains(&format!("`{id}`"))),
                "{name}: {id} not named in {found:?}"
            );
            // "joins the team on 1 Apr 2027": the day and year of the
            // TOML's date, on the line under the roadmap's table.
            let (y, rest) = joins.split_once('-').unwrap();
            let day = rest.rsplit('-').next().unwrap().trim_start_matches('0');
            assert!(
                roadmap
                    .lines()
                    .any(|l| l.starts_with("**Owner not yet on the team:** ")
                        && l.contains(&format!("joins the team on {day} "))
                        && l.contains(&format!("{y}."))),
                "{name}: {id}:\n{roadmap}"
            );
        }
    }
    // power-tools' PRO app v2 (March) and its CRM manager (April).
    assert!(seen >= 1, "no outside plan has an owner who joins late");
}

/// The people slide's title does not say "the team has the hours" without
/// its "but": where the plan's first late-owned initiative is the only
/// gap the title names (no unowned work, no upstream shortfall), the title
/// says it starts before its owner joins — the claim a reader found the
/// roadmap undercut (power-tools, C9).
#[test]
fn the_people_title_says_an_initiative_starts_before_its_owner_joins() {
    let mut seen = 0;
    for name in OUTSIDE {
        let late = late_owners(name);
        let deck = outside_deck(name);
        let title = deck
            .lines()
            .find(|l| l.starts_with("# People:") || l.starts_with("# Appendix: People:"))
            .unwrap_or_default();
        let says = title.contains("starts before its owner joins the team on ");
        if late.is_empty() {
            assert!(!says, "{name}: {title}");
            continue;
        }
        // A title that names a shortfall makes no claim to undercut;
        // another "but" already names the slide's gap.
        let claims =
            title.contains("the team has the hours") || title.contains("the team can deliver");
        if !claims || (title.contains(", but ") && !says) {
            continue;
        }
        assert!(says, "{name}: {title}");
        seen += 1;
    }
    assert!(seen >= 1, "no people title names a late owner");
}
