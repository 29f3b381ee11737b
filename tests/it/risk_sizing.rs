//! #31 criteria 8, 7 and 1: risks a board can weigh, a trade-off with its
//! effect, one allocation to approve. A risk is sized from what the plan
//! says it hits (`affects`) or from the part of the period its words name;
//! a likely unmanaged risk that takes away a row the work needs is not
//! "low"; the trade-off's figures are the best-mix line's; the budget ask
//! offers the recommended move; an event is not an alternative. Every
//! expected figure is computed here from the plan's TOML or read from
//! another slide of the same deck.

use crate::common::*;

/// An outside plan's text with `edit` applied, written to a temporary
/// directory: (the directory, kept alive, and the plan's path). The edit
/// is textual, so the plan keeps its author's layout.
fn edited(name: &str, edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(outside_plan(name)).expect("plan");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, edit(text)).expect("write");
    let path = path.to_str().expect("utf-8").to_string();
    (dir, path)
}

/// The plan with a line added after a risk's `id`.
fn with_risk_line(text: String, id: &str, line: &str) -> String {
    let at = format!("id = \"{id}\"\n");
    assert!(text.contains(&at), "no risk {id}");
    text.replacen(&at, &format!("{at}{line}\n"), 1)
}

/// The plan without its channels' response curves (`[channels.response]`
/// tables, up to the next blank line or table).
fn without_curves(text: String) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for l in text.lines() {
        if l.trim() == "[channels.response]" {
            skipping = true;
            continue;
        }
        if skipping && (l.trim().is_empty() || l.starts_with('[')) {
            skipping = false;
        }
        if !skipping {
            out.push(l);
        }
    }
    out.join("\n") + "\n"
}

fn render(plan: &str) -> String {
    let o = mvplan(&["render", plan, "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

fn f64_of(v: &toml::Value) -> f64 {
    v.as_float()
        .or_else(|| v.as_integer().map(|i| i as f64))
        .unwrap_or_else(|| panic!("not a number: {v:?}"))
}

/// A figure to three significant figures, in thousands as the decks
/// write a count: 33,512.4 → "33,500".
fn three_figures(v: f64) -> String {
    let magnitude = 10f64.powi(v.abs().log10().floor() as i32 - 2);
    let rounded = (v / magnitude).round() * magnitude;
    group(&format!("{}", rounded.round() as i64))
}

fn risk_row(deck: &str, risk: &str) -> Vec<String> {
    table_row(&slide_with(deck, "| Risk | Likelihood |"), risk)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Column `name` of the risk table's row.
fn cell(deck: &str, risk: &str, name: &str) -> String {
    let slide = slide_with(deck, "| Risk | Likelihood |");
    let header = slide
        .lines()
        .find(|l| l.starts_with("| Risk |"))
        .expect("header");
    let i = header
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    risk_row(deck, risk)
        .get(i)
        .cloned()
        .unwrap_or_else(|| panic!("no cell {name}"))
}

/// `affects = ["<channel>"]` on a risk whose words name nothing the plan
/// forecasts: the risk slide sizes it as that channel's forecast (an upper
/// bound), in the first objective the channel forecasts; an id that does
/// not exist is an error with the ids that do.
#[test]
fn a_risk_with_affects_is_sized_from_the_forecast_of_what_it_names() {
    // dtc's ASA risk names no channel; Google search has a typed forecast
    // and no response curve, so its forecast is the TOML's own figure.
    let t = plan_toml("dtc-skincare");
    let channels = t["channels"].as_array().expect("channels");
    let google = channels
        .iter()
        .find(|c| c["id"].as_str() == Some("google"))
        .expect("google");
    assert!(google.get("response").is_none(), "google has no curve");
    let forecast = google["forecast"].as_table().expect("forecast");
    let first = t["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .find(|id| forecast.contains_key(*id))
        .expect("an objective google forecasts");
    let expected = group(&format!("{}", f64_of(&forecast[first]) as i64));
    // As Markdown writes it: "&" escaped.
    let name = google["name"].as_str().expect("name").replace('&', "\\&");

    let (_dir, plan) = edited("dtc-skincare", |t| {
        with_risk_line(t, "claims", "affects = [\"google\"]")
    });
    let deck = render(&plan);
    let sized = cell(&deck, "ASA challenges", "If it happens");
    assert!(
        sized.starts_with(&format!("up to {expected} "))
            && sized.contains(&format!("all of the forecast of {name}"))
            && sized.contains("an upper bound"),
        "{sized}"
    );
    // The check says the slide sizes it from `affects`, not "not sized".
    let findings = check_findings(&plan);
    let note = findings
        .iter()
        .find(|f| f.0 == "risk-unsized" && f.2.contains("`claims`"))
        .expect("risk-unsized still notes the missing impact_value");
    assert!(note.2.contains("what its `affects` names"), "{}", note.2);

    // An id that is not a channel or an objective is reported.
    let (_dir2, bad) = edited("dtc-skincare", |t| {
        with_risk_line(t, "claims", "affects = [\"gogle\", \"Q4\"]")
    });
    let o = mvplan(&["check", &bad]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        out.contains("unknown-ref") && out.contains("gogle") && !out.contains("`Q4`"),
        "{out}"
    );
}

/// A risk whose words name only a quarter ("Hero serum stock-out in Q4")
/// is sized as that quarter's share of the whole plan's forecast of its
/// lead objective, an upper bound: each channel's forecast × its phasing's
/// share of Q4 (evenly where it has none), summed here from the TOML (the
/// curves removed, so each channel's result is its typed forecast).
#[test]
fn a_risk_naming_a_quarter_is_sized_as_that_quarter_of_the_plan() {
    let t = plan_toml("dtc-skincare");
    let channels = t["channels"].as_array().expect("channels").clone();
    let funded = |c: &toml::Value| c.get("budget").is_some_and(|b| f64_of(b) > 0.0);
    let lead = t["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .find(|id| {
            channels.iter().any(|c| {
                funded(c)
                    && c.get("forecast")
                        .and_then(|f| f.as_table())
                        .is_some_and(|f| f.contains_key(*id))
            })
        })
        .expect("a lead objective")
        .to_string();
    // The plan runs January to December: Q4 is its last three months.
    let mut q4 = 0.0;
    for c in channels.iter().filter(|c| funded(c)) {
        let Some(f) = c.get("forecast").and_then(|f| f.get(&lead)) else {
            continue;
        };
        let share = match (c.get("monthly"), c.get("quarterly")) {
            (Some(m), _) => {
                let m: Vec<f64> = m.as_array().expect("monthly").iter().map(f64_of).collect();
                m[9..12].iter().sum::<f64>() / m.iter().sum::<f64>()
            }
            (None, Some(q)) => {
                let q: Vec<f64> = q
                    .as_array()
                    .expect("quarterly")
                    .iter()
                    .map(f64_of)
                    .collect();
                q[3] / q.iter().sum::<f64>()
            }
            (None, None) => 0.25,
        };
        q4 += f64_of(f) * share;
    }
    let (_dir, plan) = edited("dtc-skincare", without_curves);
    let deck = render(&plan);
    let sized = cell(&deck, "Hero serum stock-out", "If it happens");
    assert!(
        sized.starts_with(&format!("up to {} ", three_figures(q4)))
            && sized.contains("Q4's share of the plan's forecast"),
        "expected up to {} (Q4 of {lead}): {sized}",
        three_figures(q4)
    );
    // Words that say when something is late, not when the risk hits, size
    // nothing: saas's "not hired until Q3".
    let saas = outside_deck("saas-plg");
    assert!(
        !cell(&saas, "not hired until Q3", "If it happens").contains("share of the plan"),
        "{}",
        cell(&saas, "not hired until Q3", "If it happens")
    );
}

/// hotel's "Summer staff shortages leave no front-desk time for
/// enrolment": likely, nobody owns it, and it takes away the row the
/// people slide's verdict is conditional on. Its "low" impact is
/// contradicted: the check warns, and the risk slide rates it high, sizes
/// it by that row's channel for the summer, and puts the missing owner to
/// the board before approval.
#[test]
fn a_likely_unowned_risk_the_team_rests_on_is_not_low_and_is_sized() {
    let plan = outside_plan("hotel-group");
    let findings = check_findings(plan.to_str().expect("utf-8"));
    let f = findings
        .iter()
        .find(|f| f.0 == "risk-impact-understated" && f.2.contains("`desk-staffing`"))
        .expect("risk-impact-understated on desk-staffing");
    assert!(f.2.contains("Front-desk loyalty ambassadors"), "{}", f.2);
    let deck = outside_deck("hotel-group");
    let row = risk_row(&deck, "Summer staff shortages");
    assert!(row[0].contains("delivery-critical"), "{row:?}");
    assert!(row[2].starts_with("high: delivery rests on it"), "{row:?}");
    let sized = cell(&deck, "Summer staff shortages", "If it happens");
    assert!(
        sized.contains("Maris Circle members")
            && sized.contains("the summer's share of Front-desk and Wi-Fi enrolment"),
        "{sized}"
    );
    assert!(
        cell(&deck, "Summer staff shortages", "Owner").contains("before approving"),
        "{row:?}"
    );
}

/// Every risk rated high (likelihood, or impact as the deck judges it)
/// without an owner or a mitigation carries the board's decision in its
/// cell; a medium/medium risk keeps the plan's implied owner or date.
#[test]
fn high_risks_without_owner_or_mitigation_are_put_to_the_board() {
    let fintech = outside_deck("fintech-app");
    assert!(
        cell(&fintech, "KYC review backlog", "Owner").contains("to name before approving"),
        "{}",
        cell(&fintech, "KYC review backlog", "Owner")
    );
    let industrial = outside_deck("industrial-b2b");
    assert!(
        cell(&industrial, "Tariffs on imported motors", "Mitigation")
            .contains("to agree before approving"),
        "{}",
        cell(&industrial, "Tariffs on imported motors", "Mitigation")
    );
    let co_op = cell(&industrial, "Distributors claim co-op", "Owner");
    assert!(!co_op.contains("before approving"), "{co_op}");
}

/// hotel's trade-off was a marginal rate ("the next €1k buys …"): it is
/// now the curves' best split as a move with its effect, the figures the
/// best-mix line states ("moving €44k adds €11.1k").
#[test]
fn the_trade_off_states_the_best_mix_move_with_the_best_mix_figures() {
    let deck = outside_deck("hotel-group");
    let best = deck
        .lines()
        .find(|l| {
            l.contains("of the best split of the ") && l.contains("% of channel money): moving ")
        })
        .expect("the best-mix line");
    let tail = best
        .split("% of channel money): moving ")
        .nth(1)
        .expect("the move");
    let (moved, gain) = tail
        .trim_end_matches('.')
        .split_once(" adds ")
        .expect("moving X adds Y");
    let trade = deck
        .lines()
        .find(|l| l.starts_with("- **Trade-off:**"))
        .expect("the trade-off line");
    assert!(
        trade.contains(&format!("Moving {moved} from "))
            && trade.contains(&format!(" adds {gain} "))
            && !trade.contains("The next"),
        "{trade}\nvs {best}"
    );
}

/// power-tools and saas: the summary recommends a move of the same money;
/// the board is asked to approve the budget as planned or with it — the
/// summary's ask and the budget ask's row both offer it, with the figures
/// the recommendation states. Decks with no recommended move offer none.
#[test]
fn the_budget_ask_offers_the_recommended_move() {
    for name in OUTSIDE {
        let deck = outside_deck(name);
        let alternative = deck
            .lines()
            .find(|l| l.starts_with("- **Alternatives considered:**"))
            .expect("alternatives");
        let ask = deck
            .lines()
            .find(|l| l.starts_with("- **We ask for:**"))
            .expect("we ask for");
        let Some(rest) = alternative
            .strip_prefix("- **Alternatives considered:** moving ")
            .filter(|_| alternative.contains(": recommended"))
        else {
            assert!(!ask.contains("recommended"), "{name}: {ask}");
            continue;
        };
        let moved = rest.split(',').next().expect("the amount");
        let gain = rest
            .split(" would add ")
            .nth(1)
            .and_then(|g| g.split(" to its ").next())
            .expect("the gain");
        // The gain's figure, in the unit only ("+9,560 sign-ups").
        let figure = gain.split_whitespace().next().expect("the figure");
        assert!(
            ask.contains(&format!(" as planned, or moving {moved} (+{figure}")),
            "{name}: {ask}\nvs {alternative}"
        );
        let asks = slide_with(&deck, "| # | Ask |");
        let row = table_row(&asks, "1");
        assert!(
            row.iter().any(|c| c.contains(&format!(
                "as planned; or, with the recommended {moved} move between channels"
            ))),
            "{name}: {row:?}"
        );
    }
}

/// nonprofit's "Corporate partner match" is an event (a partner funds it:
/// no channel changes, no budget decision the board makes): not the
/// summary's alternative — a choice the board has is (an ask's no) — and
/// the risk slide's upside case instead.
#[test]
fn an_event_is_the_upside_case_not_an_alternative() {
    let t = plan_toml("nonprofit-or-public");
    let event = t["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .find(|s| s["id"].as_str() == Some("corporate-match"))
        .expect("the partner's match");
    assert!(event.get("changes").is_none(), "an event moves no money");
    let name = event["name"].as_str().expect("name");
    let deck = outside_deck("nonprofit-or-public");
    let alternative = deck
        .lines()
        .find(|l| l.starts_with("- **Alternatives considered:**"))
        .expect("alternatives");
    assert!(
        !alternative.contains(name) && !alternative.contains("not a choice"),
        "{alternative}"
    );
    let upside = deck
        .lines()
        .find(|l| l.starts_with("- **Upside case:**"))
        .expect("the upside case");
    assert!(upside.contains(name), "{upside}");
}
