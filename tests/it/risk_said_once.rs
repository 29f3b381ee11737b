//! Issue #31, criteria 8, 10 and 6 on the risk slide (part 31K): money the
//! plan puts on a risk without saying of what stays out of the risk
//! slide's title and the summary's main-risk line (a board read "could
//! cost $1.2M" as a fact), and is named where the risk's own words say
//! what it is of; what the slide already shows (a trigger a risk's row
//! names, the risk and its gap named by the title) is said once, so the
//! risk slide fits its page.

use crate::common::*;

fn risk_slide(md: &str) -> (String, String) {
    titled_slides(md)
        .into_iter()
        .find(|(_, b)| b.contains("| Risk | Likelihood | Impact |"))
        .expect("a risk slide")
}

fn summary_line<'m>(md: &'m str, label: &str) -> Option<&'m str> {
    md.lines()
        .find(|l| l.starts_with(&format!("- **{label}:**")))
}

/// The amount before "(basis not given)" in a row's cell: "\$1.2M".
fn no_basis_amounts(slide: &str) -> Vec<String> {
    slide
        .lines()
        .filter(|l| l.starts_with('|'))
        .flat_map(|l| l.split(" | "))
        .filter_map(|c| c.trim().strip_suffix(" (basis not given)"))
        .map(|a| a.rsplit(' ').next().unwrap_or(a).to_string())
        .collect()
}

/// saas, power-tools and hotel put money on a risk with no `impact_on` and
/// no word saying of what. The cell says "(basis not given)"; the title and
/// the summary do not quote the amount (nor an exposure computed from it);
/// the title ranks the risk by its levels; `risk-impact-basis` still tells
/// the author. Main titled saas "could cost $1.2M: …" and its summary said
/// "$1.2M (basis not given); exposure $720k".
#[test]
fn money_of_no_stated_basis_stays_in_its_cell() {
    let mut seen = 0;
    for p in OUTSIDE {
        let md = outside_deck(p);
        let (title, slide) = risk_slide(&md);
        let main = summary_line(&md, "Main risk").unwrap_or_default();
        for a in no_basis_amounts(&slide) {
            seen += 1;
            assert!(!title.contains(&a), "{p}: {a} in the title: {title}");
            assert!(!main.contains(&a), "{p}: {a} in the summary: {main}");
        }
        assert!(!main.contains("basis not given"), "{p}: {main}");
        assert!(!title.contains("basis not given"), "{p}: {title}");
    }
    assert!(seen >= 3, "the outside plans have such risks: {seen}");
    let (title, _) = risk_slide(&outside_deck("saas-plg"));
    assert!(
        title.starts_with("The top risk of 4 by exposure (high × medium): "),
        "{title}"
    );
    let f = check_findings(outside_plan("saas-plg").to_str().unwrap());
    assert!(f.iter().any(|f| f.0 == "risk-impact-basis"), "{f:#?}");
}

/// A copy of an outside plan with `from` replaced by `to` in its text.
fn reworded(name: &str, from: &str, to: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let text = std::fs::read_to_string(outside_plan(name)).unwrap();
    assert!(text.contains(from), "{name}: no {from:?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, text.replace(from, to)).unwrap();
    (dir, path)
}

/// Where the risk's own words say what its money is of, the deck says it
/// in the cell, the title and the summary, in the word's own form ("ARR"
/// in capitals, "rewards" for "reward abuse"), and the rule is quiet.
/// Main knew no "rewards", "fees", "refunds" and wrote "of arr".
#[test]
fn a_risk_whose_words_name_its_money_is_quoted_with_it() {
    let from = "Incumbent suites bundle a free workflow assistant, cutting free-to-paid conversion";
    for (words, of) in [
        (
            "Incumbent suites bundle a free assistant and cut new ARR",
            "$1.2M of ARR",
        ),
        (
            "Referral reward abuse by self-referring workspaces",
            "$1.2M of rewards",
        ),
        ("App-store fees rise for in-app upgrades", "$1.2M of fees"),
        (
            "Annual plans are refunded: refunds spike after the price test",
            "$1.2M of refunds",
        ),
        ("Free assistants cut self-serve revenue", "$1.2M of revenue"),
    ] {
        let (_dir, plan) = reworded("saas-plg", from, words);
        let o = mvplan(&["render", plan.to_str().unwrap(), "-o", "-"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let md = stdout(&o).replace("\\$", "$");
        let (title, slide) = risk_slide(&md);
        assert!(
            title.contains(&format!("could cost {of}: ")),
            "{words}: {title}"
        );
        assert!(slide.contains(&format!("| {of} |")), "{words}: {slide}");
        let main = summary_line(&md, "Main risk").unwrap_or_default();
        assert!(main.contains(of), "{words}: {main}");
        let f = check_findings(plan.to_str().unwrap());
        assert!(
            !f.iter()
                .any(|f| f.0 == "risk-impact-basis" && f.2.contains("1.2M")),
            "{words}: {f:#?}"
        );
    }
}

/// The triggers line under the risk table says no trigger whose condition
/// a row's mitigation already quotes. Main repeated saas's paid-search
/// trigger and hotel's Porto trigger, on a "(cont.)" page of their own.
#[test]
fn the_triggers_line_does_not_repeat_a_risk_row() {
    let mut named = 0;
    for p in OUTSIDE {
        let md = outside_deck(p);
        let (_, slide) = risk_slide(&md);
        let rows: Vec<&str> = slide.lines().filter(|l| l.starts_with('|')).collect();
        if let Some(triggers) = slide
            .lines()
            .find(|l| l.contains(", when we move money:**"))
        {
            for t in triggers.split("; ") {
                let condition = t
                    .split(", if ")
                    .nth(1)
                    .and_then(|c| c.split(':').next())
                    .unwrap_or_default();
                assert!(
                    !rows.iter().any(|r| r.contains(&format!("“{condition}”"))),
                    "{p}: {condition} is in a row already"
                );
            }
        }
        if slide.contains("(trigger “") || slide.contains("Trigger “") {
            named += 1;
        }
    }
    assert!(
        named >= 2,
        "outside plans whose rows name a trigger: {named}"
    );
}

/// Where the title already names the top risk and its gap ("… has no owner:
/// summer staff shortages …"), the line under the table is the board's
/// decision alone, not the risk and its gap a second time.
#[test]
fn the_decision_line_does_not_repeat_the_title() {
    let mut seen = 0;
    for p in OUTSIDE {
        let md = outside_deck(p);
        let (title, slide) = risk_slide(&md);
        let Some(line) = slide
            .lines()
            .find(|l| l.starts_with("- **Decision for the board:**"))
        else {
            continue;
        };
        if title.contains(" has no ") {
            seen += 1;
            let risk = title.split(": ").last().unwrap_or_default();
            assert!(!line.contains(risk), "{p}: {line} repeats {title}");
            assert!(line.contains("before approving"), "{p}: {line}");
        }
    }
    assert!(seen >= 2, "hotel and nonprofit title their gap: {seen}");
}

/// A trigger whose scenario only an approved or declined ask pays for is
/// still said: that ask's row is a "declined." bullet that states no
/// condition, so the risk slide's triggers line keeps it. Main dropped
/// saas's "enterprise-ahead" trigger from every slide once its ask was
/// decided.
#[test]
fn a_trigger_a_decided_ask_pays_for_stays_on_the_risk_slide() {
    let from = "if_declined = \"Plan stays at base budget; no effect on committed targets\"";
    for status in ["declined", "approved"] {
        let (_dir, plan) = reworded("saas-plg", from, &format!("{from}\nstatus = \"{status}\""));
        let o = mvplan(&["render", plan.to_str().unwrap(), "-o", "-"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let md = stdout(&o).replace("\\$", "$");
        let (_, slide) = risk_slide(&md);
        let line = slide
            .lines()
            .find(|l| l.contains(", when we move money:**"))
            .unwrap_or_else(|| panic!("{status}: no triggers line:\n{slide}"));
        assert!(
            line.contains("Release the stretch budget for a second ABM wave"),
            "{status}: {line}"
        );
    }
    // Open, the ask slide decides it: the risk slide does not say it.
    let md = outside_deck("saas-plg").replace("\\$", "$");
    let (_, slide) = risk_slide(&md);
    assert!(!slide.contains("Release the stretch budget"), "{slide}");
}
