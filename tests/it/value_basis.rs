//! The basis of a value per unit on the plan's own terms (#31 criterion 3):
//! the author's comment beside `value_per_unit` as its basis, quoted as
//! theirs; a channel's part of a goal's money said as such; what a year's
//! return says of payback. On the plans written outside the project (read,
//! never edited) and on copies of them changed in a temporary directory.

use crate::common::*;

/// The value slide: titled with what the plan adds, or that no return is
/// shown.
fn value_slide(md: &str) -> (String, String) {
    titled_slides(md)
        .into_iter()
        .find(|(t, _)| t.starts_with("The plan adds") || t.starts_with("No return is shown"))
        .unwrap_or_else(|| panic!("no value slide:\n{md}"))
}

/// The saas plan with its upgrade value's line replaced by `line`, in a
/// temporary directory: its deck and its `check` findings.
fn saas_with(line: &str) -> (String, Vec<(String, u64, String, String)>) {
    let text = std::fs::read_to_string(outside_plan("saas-plg")).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with("value_per_unit = 1_150"))
        .expect("the saas plan values its upgrades");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.toml"), text.replacen(old, line, 1)).unwrap();
    let md = stdout(&run_in(dir.path(), &["render", "plan.toml", "-o", "-"]));
    let plan = dir.path().join("plan.toml");
    (md, check_findings(plan.to_str().unwrap()))
}

/// saas: `value_per_unit = 1_150   # average first-year ARR of a self-serve
/// upgrade, FY2027 cohort`, no `value_basis`. Main: "Not valued — the plan
/// gives a value per upgrade but not whether it is revenue, margin or
/// lifetime value". The comment says it: the upgrades are valued as
/// first-year ARR, the note quoted, and the title counts that basis apart
/// from the pipeline's revenue; `check` asks for the field in a note.
#[test]
fn a_comment_beside_the_value_is_its_basis_on_the_saas_plan() {
    let md = outside_deck("saas-plg");
    let (title, body) = value_slide(&md);
    assert!(
        body.contains(
            "of first-year ARR per upgrade (the plan's note: average first-year ARR of a self-serve upgrade, FY2027 cohort)"
        ),
        "{body}"
    );
    assert!(!body.contains("Not valued"), "{body}");
    assert!(title.contains("of first-year ARR"), "{title}");
    assert!(title.contains("of revenue"), "{title}");
    let findings = check_findings(outside_plan("saas-plg").to_str().unwrap());
    let note = findings
        .iter()
        .find(|f| f.0 == "value-basis-from-note")
        .unwrap_or_else(|| panic!("{findings:?}"));
    assert_eq!(note.1, 74);
    assert!(
        note.3.contains("`value_basis = \"first-year ARR\"`"),
        "{}",
        note.3
    );
    assert!(
        !findings.iter().any(|f| f.0 == "value-basis-missing"),
        "{findings:?}"
    );
}

/// The comment line directly above counts; a unit or a doubt does not,
/// and without any comment the value stays unvalued with the warning.
#[test]
fn only_a_comment_that_names_money_is_a_basis() {
    let (md, findings) = saas_with("# gross margin per upgrade\nvalue_per_unit = 1_150");
    let (_, body) = value_slide(&md);
    assert!(
        body.contains("of gross margin per upgrade (the plan's note: gross margin per upgrade)"),
        "{body}"
    );
    assert!(findings.iter().any(|f| f.0 == "value-basis-from-note"));
    for line in [
        "value_per_unit = 1_150   # USD per upgrade",
        "value_per_unit = 1_150   # TODO: ARR or margin?",
        "value_per_unit = 1_150",
    ] {
        let (md, findings) = saas_with(line);
        let (_, body) = value_slide(&md);
        assert!(body.contains("Not valued"), "{line}: {body}");
        assert!(!body.contains("the plan's note"), "{line}: {body}");
        assert!(
            findings.iter().any(|f| f.0 == "value-basis-missing"),
            "{line}: {findings:?}"
        );
        assert!(!findings.iter().any(|f| f.0 == "value-basis-from-note"));
    }
}

/// A typed `value_basis` wins over the comment beside the value (fintech
/// and power-tools type both): no note is quoted and no finding asks.
#[test]
fn a_typed_basis_wins_over_the_comment() {
    for name in ["fintech-app", "power-tools"] {
        let (_, body) = value_slide(&outside_deck(name));
        assert!(!body.contains("the plan's note"), "{name}: {body}");
        let findings = check_findings(outside_plan(name).to_str().unwrap());
        assert!(
            !findings.iter().any(|f| f.0 == "value-basis-from-note"),
            "{name}: {findings:?}"
        );
    }
}

/// hotel: "Grow direct room revenue (web, app, call centre)" serves "Grow
/// room revenue from €118M to €131M". Direct room revenue is room revenue
/// by one channel: part of its growth is bookings moved from the other
/// channels, which adds no room revenue. The plan gives no figure for it,
/// so the goal line says what the bridges and the return count. A reader:
/// "the 93% coverage cannot be right".
#[test]
fn a_channel_s_part_of_the_goal_s_money_is_said_on_the_hotel_plan() {
    let (_, body) = value_slide(&outside_deck("hotel-group"));
    assert!(
        body.contains(
            "direct room revenue is part of room revenue: the bridges and the return count its whole growth, and the plan does not say how much of it moves from other channels"
        ),
        "{body}"
    );
    // Group and MICE revenue is a segment, not a channel of room revenue.
    assert!(
        !body.contains("group and MICE revenue is part of"),
        "{body}"
    );
}

/// fintech: a first-year gross margin of 0.46× the budget. Main said only
/// that "whether the money comes back after the first year is not shown";
/// the plan's own figures say it does not come back within the year.
#[test]
fn a_year_s_return_says_what_it_means_for_payback_on_the_fintech_plan() {
    let (title, body) = value_slide(&outside_deck("fintech-app"));
    assert!(title.contains("0.46×"), "{title}");
    assert!(
        body.contains(
            "the return counts first-year gross margin only, less than the budget: on this basis the budget does not come back within the first year (payback takes longer than a year); the plan gives no lifetime value"
        ),
        "{body}"
    );
}

/// A value per unit whose basis is the goal's kind of money counts toward
/// the goal: saas's upgrades, "first-year ARR" each, add net-new ARR (main:
/// "tied to this goal but valued per unit, apart from its money, so not
/// counted in it", and the bridges reached 4%); fintech's "first-year
/// gross margin" per account counts toward "Grow annual gross margin", not
/// toward customer deposits. Each part is the bridge's own value.
#[test]
fn a_value_of_the_goal_s_money_counts_toward_the_goal() {
    let (_, body) = value_slide(&outside_deck("saas-plg"));
    assert!(
        body.contains("the bridges add \\$1.61M over today (8%) — paid upgrades adds \\$1.61M;"),
        "{body}"
    );
    // Pipeline won is revenue, not ARR: named apart, never added in.
    assert!(
        !body.contains("valued per unit, apart from its money"),
        "{body}"
    );
    assert!(
        body.contains("apart, in other money: enterprise pipeline"),
        "{body}"
    );
    let (_, body) = value_slide(&outside_deck("fintech-app"));
    assert!(
        body.contains(
            "Grow annual gross margin from £31M to £42M (+£11M needed): the bridges add £4.37M over today (40%)"
        ),
        "{body}"
    );
    assert!(
        body.contains("Grow customer deposits from £620M to £900M: no objective serving it is valued in customer deposits"),
        "{body}"
    );
}
