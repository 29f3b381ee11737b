//! The portfolio review's asks a board can decide and read (#31, 31V):
//! a date with its basis where an ask gives none (C7), a table that says
//! each reason once and short (C6), one currency per register row (C10),
//! and the review's health line naming the goal the unit's deck names.

use crate::common::*;

fn review_of(dir: &std::path::Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("review.md");
    let o = run_in(
        dir,
        &["review", ".", "-o", file.to_str().unwrap(), "--force", "-q"],
    );
    std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{}", stderr(&o)))
}

/// A copy of a portfolio's directory, to change one plan in it.
fn copy_of(dir: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join(dir)).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), d.path().join(e.file_name())).unwrap();
        }
    }
    d
}

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(s.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, s.replacen(from, to, 1)).unwrap();
}

/// A reader ruled "start¹ … the ask gives no date of its own" a date the
/// deck admits is unsettled (C7 at most 1). An undated budget ask is due
/// before its money is first spent — the budget's first quarter of
/// planned spend — said with that basis; the summary and the cost of a
/// late decision say the same; the recommendation no longer asks for a
/// date the plan's money already gives.
#[test]
fn an_undated_budget_ask_is_due_before_its_first_spend() {
    let md = review_of(&root().join("tests/fixtures/outside/services-group"));
    let asks = slide_with(&md, "| # | Unit: ask |");
    for unit in [
        "Group marketing",
        "Northgate Consulting",
        "Northgate Managed Services",
    ] {
        let line = asks
            .lines()
            .find(|l| l.contains(&format!("| **{unit}**: ")))
            .unwrap();
        assert!(line.contains("| 1 Jan 2027 (first spend) |"), "{line}");
        assert!(!line.contains("a date is set"), "{line}");
    }
    assert!(!asks.contains("no date of its own"), "{asks}");
    assert!(!asks.contains("start¹"), "{asks}");
    let summary = &titled_slides(&md)[1].1;
    assert!(summary.contains("by 1 Jan 2027 (first spend)"), "{summary}");
    assert!(!summary.contains("no date of its own"), "{summary}");

    // A hire's money is first spent when the hire starts.
    let d = copy_of("tests/fixtures/outside/services-group");
    let consulting = d.path().join("consulting.toml");
    let s = std::fs::read_to_string(&consulting).unwrap();
    std::fs::write(
        &consulting,
        format!(
            "{s}\n[[team]]\nid = \"bid-writer\"\nrole = \"Bid writer\"\nfte = 1\ncost = 60_000\nwork = \"upstream\"\nstart = 2027-04-01\n\n[[asks]]\nid = \"bid-writer-hire\"\nask = \"Hire a bid writer\"\nkind = \"headcount\"\nfte = 1\nrole = \"bid-writer\"\n"
        ),
    )
    .unwrap();
    let md = review_of(d.path());
    let asks = slide_with(&md, "| # | Unit: ask |");
    let hire = asks
        .lines()
        .find(|l| l.contains("Hire a bid writer"))
        .unwrap();
    assert!(hire.contains("1 Apr 2027 (the hire's start)"), "{hire}");
}

/// The unit's own pitch deck shows the same date with the same basis: one
/// function (`deck::ask_due`) for both.
#[test]
fn the_units_deck_dates_its_ask_as_the_review_does() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("deck.md");
    let plan = root().join("tests/fixtures/outside/services-group/consulting.toml");
    let o = mvplan(&[
        "render",
        plan.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
        "--force",
        "-q",
    ]);
    let md = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{}", stderr(&o)));
    let asks = slide_with(&md, "| # | Ask |");
    assert!(asks.contains("| 1 Jan 2027 (first spend) |"), "{asks}");
    assert!(!asks.contains("the plan gives no date"), "{asks}");
}

/// A reader counted three slides of asks (C6). Asks whose plans name
/// neither what a yes buys nor what a no costs are listed below the
/// table, one line each, not given two "not named" cells — except a
/// blocking one, which stays first in the table, as it is taken first;
/// each recommendation says its first reason and counts the rest.
#[test]
fn the_asks_table_says_each_thing_once_and_short() {
    let md = review_of(&root().join("examples/portfolio"));
    let asks = slide_with(&md, "| # | Unit: ask |");
    assert!(
        asks.contains("Asks whose plans name neither what a yes buys nor what a no costs:"),
        "{asks}"
    );
    let portal = asks
        .lines()
        .find(|l| l.contains("Decide whether Sensors joins"))
        .unwrap();
    assert!(portal.starts_with("| 1 | "), "{portal}");
    let hannover = asks
        .lines()
        .find(|l| l.contains("Agree to drop Hannover Messe"))
        .unwrap();
    assert!(hannover.starts_with("- "), "{hannover}");
    assert!(hannover.contains("by 15 Jan 2027"), "{hannover}");
    for l in asks
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
    {
        if !l.contains("(blocking)") {
            assert!(!l.contains("*not named* | *not named*"), "{l}");
        }
        let rec = l.trim_end_matches(" |").rsplit(" | ").next().unwrap();
        assert!(rec.chars().count() <= 110, "{rec}");
        assert!(!rec.contains("(the ask names none)"), "{rec}");
    }
}

/// A plan in £ in a review in €: the register's size of its risk is in
/// euros first, as it is ranked, with the plan's typed £ figure after it —
/// never a £ amount alone in a € register.
#[test]
fn a_register_row_is_in_the_reviews_currency() {
    let d = copy_of("examples/portfolio");
    edit(
        &d.path().join("automation.toml"),
        "impact = \"high\"\nmitigation = \"Lead with energy-saving retrofits\"",
        "impact = \"high\"\nimpact_value = 200_000\nmitigation = \"Lead with energy-saving retrofits\"",
    );
    let md = review_of(d.path());
    let register = slide_with(&md, "| Unit | Risk | Likelihood |");
    let row = register
        .lines()
        .find(|l| l.starts_with("| Factory Automation UK |"))
        .unwrap();
    let cell = row.split(" | ").nth(4).unwrap();
    assert!(cell.starts_with('€'), "{row}");
    assert!(cell.contains("£200k"), "{row}");
}

/// The review's health line names the money goal the unit's own deck
/// names: with one goal a value bridge reaches and one it does not, the
/// deck's Plan health line weighs the reached one, and so does the review.
#[test]
fn the_reviews_health_line_names_the_goal_the_units_deck_names() {
    let d = copy_of("tests/fixtures/outside/services-group");
    edit(
        &d.path().join("consulting.toml"),
        "[[goals]]\nid = \"consulting-frameworks\"",
        "[[goals]]\nid = \"consulting-advisory\"\nstatement = \"Grow advisory revenue from €10M to €15M\"\nmetric = \"Advisory revenue\"\nunit = \"EUR\"\nbaseline = 10_000_000\ntarget = 15_000_000\ndue = 2027-12-31\n\n[[goals]]\nid = \"consulting-frameworks\"",
    );
    let md = review_of(d.path());
    let page = slide_with(&md, "# Northgate Consulting:");
    assert!(
        page.contains("the value bridges reach 18% of the €25M"),
        "{page}"
    );
    assert!(!page.contains("no value bridge reaches the €5M"), "{page}");
}

/// The summary's speaker note counts the verdicts as the title slide does
/// (an approved Amber plan is one "to watch", not one that needs a look).
#[test]
fn the_summary_note_states_the_roll_up_verdict() {
    let md = review_of(&root().join("examples/portfolio"));
    let summary = &titled_slides(&md)[1].1;
    assert!(
        summary.contains(
            "Verdicts: Red: 1 plan needs action before approval, 3 need a look before approval and 2 approved plans to watch"
        ),
        "{summary}"
    );
}

/// The unit's page gives its open ask the date the asks table gives it.
#[test]
fn a_units_page_dates_its_open_ask() {
    let md = review_of(&root().join("tests/fixtures/outside/services-group"));
    let page = slide_with(&md, "# Northgate Consulting:");
    assert!(
        page.contains("**Asks:** Approve the €1.5M budget — open, by 1 Jan 2027 (first spend)"),
        "{page}"
    );
}

/// A company objective typed in £ in a review in €: what a unit's budget
/// buys is said in euros, as the rest of its row, with the typed £ figures
/// after it — on the asks table and on the unit's page.
#[test]
fn what_a_budget_buys_is_in_the_reviews_currency() {
    let md = review_of(&root().join("examples/portfolio"));
    let asks = slide_with(&md, "| # | Unit: ask |");
    let fa = asks
        .lines()
        .find(|l| l.contains("**Factory Automation UK**: Approve £1.5M"))
        .unwrap();
    assert!(
        fa.contains(
            "Its goals: €35.1M of the €35.1M of Factory Automation revenue (£30M of £30M as typed)"
        ),
        "{fa}"
    );
    let page = slide_with(&md, "# Factory Automation UK:");
    assert!(
        page.contains("**Its goals' share of the company targets:** €35.1M of the €35.1M"),
        "{page}"
    );
}

/// The review's cost of a late decision names what the first ask's date
/// is: a hire dated by its start delays the hire; it neither "holds back"
/// a quarter's spend nor is "the first plan's start".
#[test]
fn a_first_ask_dated_by_its_hire_s_start_is_said_as_the_hire_s() {
    let d = copy_of("tests/fixtures/outside/services-group");
    for f in ["company.toml", "consulting.toml", "managed.toml"] {
        let p = d.path().join(f);
        let s = std::fs::read_to_string(&p).unwrap();
        let s = s.replacen(
            "kind = \"budget\"\n",
            "kind = \"budget\"\nby = 2027-02-15\n",
            1,
        );
        std::fs::write(&p, s).unwrap();
    }
    let consulting = d.path().join("consulting.toml");
    let s = std::fs::read_to_string(&consulting).unwrap();
    std::fs::write(
        &consulting,
        format!(
            "{s}\n[[team]]\nid = \"bid-writer\"\nrole = \"Bid writer\"\nfte = 1\ncost = 60_000\nwork = \"upstream\"\nstart = 2027-01-15\n\n[[asks]]\nid = \"bid-writer-hire\"\nask = \"Hire a bid writer\"\nkind = \"headcount\"\nfte = 1\nrole = \"bid-writer\"\n"
        ),
    )
    .unwrap();
    let md = review_of(d.path());
    assert!(
        md.contains(
            "the first ask is due 15 Jan 2027, the hire's start: a later decision delays the hire"
        ),
        "{md}"
    );
    assert!(
        !md.contains("15 Jan 2027, when the first money is spent"),
        "{md}"
    );
}

/// An ask that lacks its cost and what it buys as well as its date is not
/// settled by the date its money gives: its recommendation still asks for
/// the rest (the review answered the whole `ask-undecidable` warning).
#[test]
fn an_ask_missing_more_than_its_date_is_not_settled_by_its_date() {
    let d = copy_of("tests/fixtures/outside/services-group");
    let consulting = d.path().join("consulting.toml");
    let s = std::fs::read_to_string(&consulting).unwrap();
    std::fs::write(
        &consulting,
        format!(
            "{s}\n[[asks]]\nid = \"partner-programme\"\nask = \"Fund a partner programme\"\nkind = \"budget\"\n"
        ),
    )
    .unwrap();
    let md = review_of(d.path());
    let line = md
        .lines()
        .find(|l| l.contains("Fund a partner programme"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(line.contains("review first: 1 warning"), "{line}");
}
