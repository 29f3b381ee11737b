//! What an ask leaves unsaid, worked out from the rest of the plan where it
//! can be and said plainly where it cannot: a board scores an ask on its
//! cost, what it buys, what a no or a delay costs and its date, and a blank
//! cell reads as "nobody knows".

use rust_decimal::Decimal;

use super::shown::{lower_first, money};
use crate::figures::Figures;
use crate::plan::*;

/// The date an ask without `by` must be decided by, with its basis
/// (`ask_due`: before its money is first spent, else the plan's start);
/// `ask-undecidable` still asks for the plan's own date.
pub fn implied_by(plan: &Plan, fig: &Figures, a: &Ask) -> Option<super::ask_due::Due> {
    super::ask_due::due(plan, fig, a)
}

/// The cost cell of an ask the deck can put no figure on, in a sentence
/// from the ask's own words (never a quoted fragment, which reads as
/// text cut off): "no money (a decision)" only for a decision whose words
/// commit none; "no money from this budget: Sales' time (6 SDRs at 50%)"
/// for people's time; else "cost not given for …" with what its words
/// commit, or the amounts they state when they do not say which is this
/// plan's. The flag says the cost is a gap: the slide sets it in italics.
pub fn cost_note(plan: &Plan, a: &Ask) -> (String, bool) {
    use crate::check::ask_words::{StatedCost, stated_cost, time_commitment};
    // A board's words for the gap (31y): who sizes it, and when — not what
    // the plan file should say, which is `mvplan check`'s help.
    const SIZE_IT: &str = "decide after the owner sizes it";
    if let Some(time) = time_commitment(a).filter(|_| a.kind != AskKind::Headcount) {
        return (people_time(plan, a, &time), false);
    }
    if let Some(StatedCost::Unclear(seen)) = stated_cost(plan, a) {
        let phrases: Vec<&str> = seen.iter().map(|s| s.phrase.as_str()).collect();
        return (
            format!(
                "cost not given: its words state {}, and do not say which is in this plan; {SIZE_IT}",
                crate::format::and_list(&phrases)
            ),
            true,
        );
    }
    let words = crate::check::ask_words::money_words(a);
    match (a.kind, words, a.fte.as_ref()) {
        (AskKind::Decision, None, _) => ("no money (a decision)".to_string(), false),
        (_, Some(w), _) if a.kind != AskKind::Headcount => (
            format!("cost not given for {}: {SIZE_IT}", committed(&w)),
            true,
        ),
        (_, _, Some(fte)) => (
            format!(
                "{} FTE; cost not given: {SIZE_IT}",
                crate::format::format_number(fte.value, 1)
            ),
            true,
        ),
        _ => (format!("cost not given: {SIZE_IT}"), true),
    }
}

/// What an ask's money words commit, as a noun phrase: "the rate cut it
/// commits to (10% below OTA parity)", "what it funds".
fn committed(w: &str) -> String {
    if w.contains('%') || w.contains("parity") || w.contains("price cut") {
        return format!("the rate cut it commits to ({w})");
    }
    let stem = |s: &str| w.starts_with(s);
    let what = if stem("fund") {
        "what it funds"
    } else if stem("spend") {
        "what it spends"
    } else if stem("invest") {
        "what it invests"
    } else if stem("pay") {
        "what it pays"
    } else if stem("budget") {
        "the budget it commits"
    } else if stem("hir") {
        "the hire it asks for"
    } else if stem("purchase") || stem("buy") {
        "the purchase it commits to"
    } else if stem("reserve") {
        "the reserve it holds"
    } else if stem("release") {
        "the money it releases"
    } else if stem("discount") || stem("rebate") {
        "the discount it gives"
    } else if stem("subsid") {
        "the subsidy it gives"
    } else if stem("sponsor") {
        "the sponsorship it commits to"
    } else {
        "the money it commits"
    };
    what.to_string()
}

/// A decision without an amount that names a scenario commits that
/// scenario's budget above the plan's: the figure, and where it comes from.
pub fn scenario_cost(plan: &Plan, a: &Ask) -> Option<(Decimal, String)> {
    let s = crate::check::asks::scenario_named(plan, a)?;
    let extra = s.budget.value - plan.budget.total.value;
    (extra > Decimal::ZERO).then(|| {
        (
            extra,
            format!(
                "the {} scenario's {} less the plan's {}",
                s.name,
                money(plan, s.budget.value),
                money(plan, plan.budget.total.value)
            ),
        )
    })
}

/// The scenario an ask pays for (`check::ask_release::ask_scenario`).
pub fn ask_scenario<'p>(plan: &'p Plan, a: &Ask) -> Option<&'p Scenario> {
    crate::check::ask_release::ask_scenario(plan, a)
}

/// The condition a contingent ask's money waits on: its own words after
/// "only if" / "if" ("the Walk is cancelled by weather"), or the scenario
/// it pays for going ahead.
pub fn condition(plan: &Plan, a: &Ask) -> Option<String> {
    let text = a.ask.trim_end_matches('.');
    let lower = text.to_lowercase();
    if let Some(i) = lower.rfind(" if ") {
        // The ask's own capitals where lower-casing kept its length.
        let c = text.get(i + 4..).unwrap_or(&lower[i + 4..]).trim();
        if !c.is_empty() {
            return Some(c.to_string());
        }
    }
    ask_scenario(plan, a).map(|s| format!("the {} goes ahead", s.name))
}

/// What a contingent ask buys where the plan does not say: the case the
/// money is held for, and what the plan puts at stake in that case where
/// the ask names it (`purpose`), else that its use is not stated.
pub fn contingent_buys(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    let c = condition(plan, a)?;
    Some(match purpose(plan, fig, a) {
        Some(p) => format!("A reserve for one case, if {c}: {}", lower_first(&p)),
        None => format!("A reserve for one case, if {c}; its use is not stated"),
    })
}

/// People's time as a cost a board can weigh: the FTE its words add up to
/// ("6 SDRs at 50%" = 3 FTE; "20% of front-desk shifts" = 20% of the team
/// row of those people) for the plan's period, and its money equivalent —
/// at the cost per FTE of a team row of the same people where one gives a
/// cost, else at the plan's own average team cost per FTE, labelled as an
/// estimate — as not from this budget. A board read "3 FTE of Sales' time"
/// as an ask with no cost. Where neither gives a figure, the time alone.
fn people_time(plan: &Plan, a: &Ask, time: &str) -> String {
    let who = time.split(" time (").next().unwrap_or(time);
    let what = time
        .split_once(" time (")
        .map(|(_, w)| w.trim_end_matches(')'))
        .unwrap_or_default();
    let theirs = words(what);
    let same_people = |r: &&Role| {
        let mine = words(&format!(
            "{} {}",
            r.role,
            r.skills
                .iter()
                .map(|s| s.value.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ));
        theirs
            .iter()
            .any(|w| mine.contains(w) && w.chars().any(|c| c.is_alphabetic()))
    };
    let fte = match count_at_share(&a.ask) {
        Some((count, share)) => count * share / Decimal::ONE_HUNDRED,
        // "20% of front-desk shifts": that share of the row of those people.
        None => match (share_of(&a.ask), plan.team.iter().find(same_people)) {
            (Some(share), Some(row)) => row.fte.value * share / Decimal::ONE_HUNDRED,
            _ => return format!("no money from this budget: {time}"),
        },
    };
    let fte_text = crate::format::format_number(fte, 1);
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    let months = crate::figures::months_between(start, end);
    let span = if months == 12 {
        "for the year".to_string()
    } else {
        format!("for {months} months")
    };
    // A team row of the same people that states a cost: its rate per FTE.
    let rate = plan.team.iter().filter(same_people).find_map(|r| {
        let cost = r.cost.as_ref()?.value;
        let fte = crate::figures::available_fte(r);
        (!fte.is_zero() && !cost.is_zero()).then(|| {
            let per = cost / fte;
            (
                per,
                format!("the {}'s {} per FTE", r.short_role(), money(plan, per)),
            )
        })
    });
    // The average says what it divides, in the resources slide's own
    // words, so a reader finds the same FTE there: one FTE total per deck.
    let rate = rate.or_else(|| {
        let (cost, fte) = team_cost_and_fte(plan);
        team_cost_per_fte(plan).map(|per| {
            (
                per,
                format!(
                    "the plan's average {} per FTE ({}; an estimate)",
                    money(plan, per),
                    average_basis(plan, cost, fte)
                ),
            )
        })
    });
    match rate {
        Some((per, basis)) => format!(
            // The money first, in the fewest words: the cost column is
            // narrow, and the ask's own words already say whose time.
            "≈ {}, not from this budget: {fte_text} FTE of {who} time {span} at {basis}",
            money(plan, per * fte)
        ),
        None => format!("no money from this budget; {fte_text} FTE of {who} time {span} ({what})"),
    }
}

/// The plan's own cost per FTE across the team rows that state a cost:
/// their cost over their FTE.
pub fn team_cost_per_fte(plan: &Plan) -> Option<Decimal> {
    let (cost, fte) = team_cost_and_fte(plan);
    cost.checked_div(fte).filter(|_| !fte.is_zero())
}

/// The team rows that state a cost: their cost and FTE, added up.
/// The cost and FTE of the team rows that state a cost, each row's FTE as
/// the resources slide shows it (weighed by its availability: "2 at 50% =
/// 1"), so the average divides what that slide totals.
fn team_cost_and_fte(plan: &Plan) -> (Decimal, Decimal) {
    let costed = plan.team.iter().filter_map(|r| {
        let cost = r.cost.as_ref()?.value;
        let fte = crate::figures::available_fte(r);
        (!fte.is_zero() && !cost.is_zero()).then_some((cost, fte))
    });
    costed.fold((Decimal::ZERO, Decimal::ZERO), |(c, f), (rc, rf)| {
        (c + rc, f + rf)
    })
}

/// "€774k over the 12.5 FTE in this budget (resources slide)": the rows the
/// average divides, named by the resources slide's total row; where that
/// total holds rows without a cost (a hire whose cost is not given), the
/// difference is named, so the two figures never read as one disagreeing.
fn average_basis(plan: &Plan, cost: Decimal, fte: Decimal) -> String {
    let team = crate::figures::budget_team(plan);
    let total = if team.outside_roles.is_empty() {
        "the resources slide totals"
    } else {
        "in this budget on the resources slide"
    };
    let number = |d: Decimal| crate::format::format_number(d, 1);
    let uncosted: Vec<String> = plan
        .team
        .iter()
        .filter(|r| r.cost.as_ref().is_none_or(|c| c.value.is_zero()))
        .filter(|r| r.cost.is_some() || r.start.is_some())
        .map(|r| crate::format::lower_first(r.short_role()))
        .collect();
    if fte == team.fte || uncosted.is_empty() {
        return format!("{} over the {} FTE {total}", money(plan, cost), number(fte));
    }
    format!(
        "{} over {} FTE: the {} FTE {total} less {} without a cost",
        money(plan, cost),
        number(fte),
        number(team.fte),
        uncosted.join(", ")
    )
}

fn words(t: &str) -> Vec<String> {
    t.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(|w| w.trim_end_matches('s').to_string())
        .collect()
}

/// "20% of front-desk shifts" → 20: the share of a group's time an ask's
/// words commit.
fn share_of(text: &str) -> Option<Decimal> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).find_map(|w| {
        w[1].eq_ignore_ascii_case("of").then_some(())?;
        let share: Decimal = w[0].strip_suffix('%')?.parse().ok()?;
        (share > Decimal::ZERO && share <= Decimal::ONE_HUNDRED).then_some(share)
    })
}

/// "6 SDRs at 50%" → (6, 50): a count of people and the share of their
/// time an ask's words commit.
fn count_at_share(text: &str) -> Option<(Decimal, Decimal)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(4).find_map(|w| {
        let count: Decimal = w[0].parse().ok()?;
        (w[2].eq_ignore_ascii_case("at")).then_some(())?;
        let share: Decimal = w[3]
            .trim_end_matches(|c: char| !c.is_ascii_digit() && c != '%')
            .strip_suffix('%')?
            .parse()
            .ok()?;
        (share > Decimal::ZERO && share <= Decimal::ONE_HUNDRED).then_some((count, share))
    })
}

/// What an ask is for where it does not say (`buys`), from the author's
/// own words elsewhere in the plan: the risk whose mitigation or text
/// names what the ask names ("SLA"), else the channel it names and that
/// channel's forecast (what the ask bears on, never claimed as what it
/// keeps), else the initiative it names. Names are the words
/// `check::risks::name_words` picks (acronyms, capitalised names).
pub fn purpose(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    use crate::check::asks::{Purpose, purpose_of};
    Some(match purpose_of(plan, a)? {
        Purpose::Risk(r) => {
            // What it protects, first: the risk's size as the risk slide
            // gives it (its impact, else what its named channels put at
            // stake).
            let risk = format!(
                "the {}-likelihood, {}-impact risk that {}",
                level(r.likelihood),
                level(r.impact),
                lower_first(r.risk.trim_end_matches('.'))
            );
            let sized = super::value_risk::risk_impact(plan, r);
            let exposure = sized
                .exposure
                .map(|e| format!(" (exposure {})", money(plan, e)))
                .unwrap_or_default();
            let size = sized
                .text
                .or_else(|| super::risk_stake::stake(plan, fig, r).map(|s| s.cost()));
            match size {
                Some(size) => format!("Protects {size} from {risk}{exposure}"),
                None => format!("Cuts {risk}, which the plan does not size"),
            }
        }
        // The result it rests on, first, not a pointer to the channel.
        Purpose::Channel(c, f) => format!(
            "The {} forecast from {} rests on it",
            channel_stake(plan, fig, c, f)?,
            c.name
        ),
        Purpose::Initiative(i) => format!("Serves the initiative {}", i.name),
    })
}

/// A funded channel's forecast as a stake: "€118k of campaign income
/// (appeals + Walk)".
fn channel_stake(plan: &Plan, fig: &Figures, c: &Channel, f: &Forecast) -> Option<String> {
    let o = plan.objective(&f.objective.value)?;
    let v = super::shown::channel_result(fig, c, f).0;
    let unit = o.measure.unit.as_deref();
    Some(crate::format::of_metric(
        &crate::format::format_quantity(v, unit, true),
        unit,
        &lower_first(super::shown::metric(o)),
    ))
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    }
}

/// What a no to a contingent ask costs where the plan does not say: in
/// that case there is no money to draw on.
pub fn contingent_no(plan: &Plan, fig: &Figures, a: &Ask, cost: Option<Decimal>) -> Option<String> {
    let c = condition(plan, a)?;
    let what = cost.map_or_else(
        || "no money".to_string(),
        |d| format!("no {}", money(plan, d)),
    );
    // Sized from what the case names: the forecast of the channel its
    // words name is what the case puts at risk (a reader scored "the plan
    // does not say what that risks" as an ask with no consequence).
    let named = crate::check::risks::channels_named(plan, &a.ask)
        .into_iter()
        .find_map(|c| {
            let f = c.forecasts.first().filter(|_| !c.budget.value.is_zero())?;
            Some((channel_stake(plan, fig, c, f)?, c.name.clone()))
        });
    Some(match named {
        Some((stake, channel)) => format!(
            "If {c}, there is {what} to draw on, with the {stake} forecast from {channel} at stake"
        ),
        None => {
            format!("If {c}, there is {what} to draw on; the plan does not say what that risks")
        }
    })
}

/// What a no to the whole budget costs where the plan names neither that
/// nor a smaller budget: nothing is committed, so the first quarter's
/// spend waits with what it buys — the plan's phasing, not a guess.
pub fn budget_no(plan: &Plan, fig: &Figures) -> String {
    let first = fig
        .quarter_spend
        .iter()
        .find(|q| q.total > Decimal::ZERO)
        .map(|q| format!("{}'s {} of spend waits", q.label, money(plan, q.total)));
    match first {
        Some(q) => format!(
            "Nothing is committed: {q}, and with it what the budget buys (previous column); the plan names no smaller budget"
        ),
        None => "Nothing is committed, and with it what the budget buys (previous column); the plan names no smaller budget".to_string(),
    }
}

/// What a contingent ask's money buys on the response curves, where they
/// cover an objective (`figures::scenarios::ask_gain`: the ask's amount on
/// the channel its words name, else the plan's budget plus the ask's
/// amount in the planned mix, pro rata for the months after
/// its date, the curves being annual, and the text says so); then what
/// that is worth where the plan values the objective, and its return on
/// the ask's money. `None`: no curve, no amount, or no gain.
pub fn contingent_curve_buys(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    let g = crate::figures::scenarios::ask_gain(plan, fig, a)?;
    let o = plan.objectives.get(g.objective)?;
    let total = plan.budget.total.value;
    let unit = o.measure.unit.as_deref();
    let what = crate::format::of_metric(
        &crate::format::format_quantity(g.gain, unit, true),
        unit,
        &super::shown::lower_first(super::shown::metric(o)),
    );
    let when = match g.released {
        Some(r) => format!(
            "; pro rata for the part of the year after {}, the curves being annual",
            super::shown::date(r)
        ),
        None => String::new(),
    };
    // Where the ask names its channel, the money goes there; else it is
    // spread in the planned mix, and the text says which.
    let on = match g.channels.as_slice() {
        [] => format!(
            "the budget at {} in the planned mix",
            money(plan, total + g.amount)
        ),
        [(name, budget)] => format!("{name} at {} on its curve", money(plan, *budget)),
        many => format!(
            "{} on their curves",
            many.iter()
                .map(|(name, budget)| format!("{name} at {}", money(plan, *budget)))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    };
    // Where the recommended move already funds the channel, the ask is
    // valued on top of it, and the row says so: the board approves the
    // move and the ask, not the same van twice.
    let after = g.after_move.map(|into| {
        let names: Vec<&str> = g
            .channels
            .iter()
            .map(|(n, _)| n.split(" (").next().unwrap_or(n))
            .collect();
        if into >= g.amount {
            format!(
                "approve the recommended move or this ask, not both: the move puts {} on {} from inside the budget, as much as this ask; on its own the ask ",
                money(plan, into),
                names.join(" and ")
            )
        } else {
            let to = match g.channels.as_slice() {
                [(_, b)] => format!(" (to {})", money(plan, *b - g.amount)),
                _ => String::new(),
            };
            format!(
                "after the recommended move ({} more on {}{to}), the ask ",
                money(plan, into),
                names.join(" and ")
            )
        }
    });
    Some(format!(
        "{}adds {what} on the response curves ({on}{when}){}",
        after.unwrap_or_default(),
        contingent_return(plan, o, &g)
    ))
}

/// What a contingent ask's gain is worth and returns, by the plan's own
/// basis (`figures::value::unit_value`): "; ≈ €111k of revenue at the
/// plan's 28% win rate, 0.32× the €350k". Nothing where the plan values
/// the objective by no basis.
fn contingent_return(plan: &Plan, o: &Objective, g: &crate::figures::scenarios::AskGain) -> String {
    use crate::figures::value::{Worth, unit_value};
    let Ok(uv) = unit_value(o) else {
        return String::new();
    };
    let worth = crate::format::three_figures(g.gain * uv.per_unit);
    let multiple = crate::format::format_multiple(worth / g.amount);
    let of = money(plan, g.amount);
    match (uv.worth, uv.win_rate) {
        (Worth::Won, Some(w)) => format!(
            "; ≈ {} of revenue at the plan's {}% win rate, {multiple} the {of}",
            money(plan, worth),
            w.normalize()
        ),
        (Worth::PerUnit, _) => format!(
            "; worth ≈ {} at the plan's {} per {}, {multiple} the {of}",
            money(plan, worth),
            money(plan, uv.per_unit),
            o.measure
                .unit
                .as_deref()
                .map_or_else(|| "unit".to_string(), crate::format::singular)
        ),
        (Worth::Money, _) => format!("; {multiple} the {of}"),
        _ => String::new(),
    }
}

/// The advice a contingent ask's row carries where its money buys each
/// result dearer than its own condition allows (`ask-contingent-dear`):
/// "⚠ recommend: decline as written (£664 per extra account on the
/// curves, above its £125 condition)" — `ask_advice::advice`, the
/// summary's words.
pub fn contingent_dear_note(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    super::ask_advice::advice(plan, fig, a)
        .filter(|d| d.kind == super::ask_advice::AdviceKind::Decline)
        .map(|d| format!("⚠ {}", d.full()))
}

/// What a contingent ask buys, as its row says it: what the curves give
/// for its money, after the plan's own reason where its words state no
/// figure of their own (never a second figure beside the computed one).
pub fn curve_buys(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    let curves = contingent_curve_buys(plan, fig, a)?;
    let text = match a.buys.as_deref() {
        Some(w) if !states_a_figure(w) => format!("{}: {curves}", w.trim_end_matches('.')),
        // Its first letter raised (as `hires::upper_first`, which reads
        // this file's `purpose`).
        _ => {
            let mut c = curves.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    };
    Some(match contingent_dear_note(plan, fig, a) {
        Some(n) => format!("{text}; {n}"),
        None => text,
    })
}

/// Whether words state a figure of their own ("About 3,300 more funded
/// accounts", "€2m more"): a number not glued to a letter ("Q3", "v2",
/// "FY27" are names, not figures).
pub fn states_a_figure(text: &str) -> bool {
    let mut before: Option<char> = None;
    for c in text.chars() {
        if c.is_ascii_digit() && !before.is_some_and(|b| b.is_alphabetic() || b.is_ascii_digit()) {
            return true;
        }
        before = Some(c);
    }
    crate::format::states_an_amount(text)
}

/// A release whose trigger fires below its objective's pace
/// (`trigger-below-pace`), said after what the ask buys: "⚠ releases the
/// money while enterprise pipeline is behind its pace: $9M by 31 Oct 2027
/// vs $12M on pace for the $16M target".
pub fn with_pace(plan: &Plan, fig: &Figures, a: &Ask, buys: Option<String>) -> Option<String> {
    match (buys, pace_note(plan, fig, a)) {
        (Some(b), Some(p)) => Some(format!("{}; {p}", b.trim_end_matches(['.', ';', ' ']))),
        (b, p) => b.or(p),
    }
}

/// The one advice's words where it is to discuss (a decline is said with
/// what the curves buy, `contingent_dear_note`): never two advices on a row.
fn pace_note(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    super::ask_advice::advice(plan, fig, a)
        .filter(|d| d.kind == super::ask_advice::AdviceKind::Discuss)
        .map(|p| format!("⚠ {}", p.full()))
}

/// What a hire's money does where the plan gives no `buys` and its words
/// name no risk, channel or initiative: the time it adds of the team row it
/// names and that row's work (its channels, else its skills); the "If
/// declined" column gives what a no loses — "0.2 FTE more of the
/// Digital officer's time on Paid social, Email and Ad grants". A board read
/// "its only stated reason is what a no costs" as an ask that does not say
/// what it buys. `None` where the plan says more, or names no row.
pub fn hire_work(plan: &Plan, fig: &Figures, a: &Ask) -> Option<String> {
    if a.kind != AskKind::Headcount
        || a.buys.as_deref().is_some_and(|b| !b.trim().is_empty())
        || purpose(plan, fig, a).is_some()
    {
        return None;
    }
    let row = crate::check::asks::row_named(plan, a)?;
    let channels: Vec<String> = row
        .channels
        .iter()
        .filter_map(|c| plan.channels.iter().find(|ch| ch.id.value == c.value))
        .map(|c| crate::plan::words::short_name(&c.name))
        .collect();
    let skills: Vec<&str> = row.skills.iter().map(|s| s.value.as_str()).collect();
    let channels: Vec<&str> = channels.iter().map(String::as_str).collect();
    let work = match (channels.as_slice(), skills.as_slice()) {
        ([], []) => String::new(),
        ([], s) => format!(" for {} work", crate::format::and_list(s)),
        (c, _) => format!(" on {}", crate::format::and_list(c)),
    };
    let time = match a.fte.as_ref() {
        Some(f) => format!("{} FTE more of", crate::format::format_number(f.value, 1)),
        None => "more of".to_string(),
    };
    Some(format!("{time} the {}'s time{work}", row.short_role()))
}
