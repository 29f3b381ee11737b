//! Where a scenario's extra money goes when it names no `changes` but its
//! own words or outcomes say: dtc's "Boots national roll-out" (+£420k:
//! "700 Boots doors from September") types retail sell-through and
//! awareness only. Spread in the planned mix its money bought +10,000 DTC
//! customers from Meta and TikTok and loaded CRM to 141% of its capacity —
//! results and work its words never buy. Aimed, the money goes to the
//! channels it names (on their curves where they have one) and every
//! objective those channels do not serve keeps the plan's forecast.
//!
//! One answer for the curves, the team's load and every slide: the
//! scenario with its aimed `changes` ([`aimed`]).

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::Figures;
use super::scenario_words::{amounts, named_in_words, padded_words, words};
use crate::plan::located::{Located, Ref};
use crate::plan::{Channel, Plan, Scenario};

/// The channels a scenario's extra money goes to, and whether they come
/// from its words or outcomes (not from `changes` the plan types).
pub struct Aim<'p> {
    pub channels: Vec<&'p Channel>,
    /// Read from the scenario's words or outcomes: its typed outcomes stand
    /// for the channels without a curve (no pro rata forecast is made up).
    pub inferred: bool,
}

/// The channels a scenario's money goes to: those its `changes` name;
/// else, for a scenario above the plan's budget with only a budget, the
/// funded channels its name or description names (by id read as words or
/// name up to a bracket, as an ask's are), or else — where its typed
/// outcomes cover only some of the objectives the channels serve — the
/// funded channels that serve only objectives it types. `None`: the
/// planned mix (a cut, or words and outcomes that name nothing).
pub fn aim<'p>(plan: &'p Plan, s: &Scenario) -> Option<Aim<'p>> {
    if !s.changes.is_empty() {
        let channels = plan
            .channels
            .iter()
            .filter(|c| s.change_of(&c.id.value).is_some())
            .collect();
        return Some(Aim {
            channels,
            inferred: false,
        });
    }
    if s.budget.value <= plan.budget.total.value {
        return None;
    }
    let funded = || plan.channels.iter().filter(|c| !c.budget.value.is_zero());
    let text = format!(
        "{}; {}",
        s.name,
        s.description.as_deref().unwrap_or_default()
    );
    let padded = padded_words(&text);
    let named: Vec<&Channel> = funded().filter(|c| named_in_words(c, &padded)).collect();
    if !named.is_empty() {
        // Amounts the words give that no named channel takes ("a fifth
        // van (€300k)" where no channel is called a van): where the rest of
        // the money goes is unsaid, so the planned mix stands.
        let extra = s.budget.value - plan.budget.total.value;
        let (_, loose) = parts(&named, &text, extra);
        // A clause of its description that names no channel and is not the
        // whole change ("Second TV burst" where no channel is called TV)
        // sends money somewhere the words do not let us place.
        let whole = |d: &Decimal| (*d - extra).abs() * Decimal::ONE_HUNDRED <= extra.abs();
        let unplaced = clauses(s.description.as_deref().unwrap_or_default())
            .iter()
            .any(|c| {
                let money = amounts(c);
                let c = padded_words(c);
                !named.iter().any(|n| named_in_words(n, &c))
                    && (money.is_empty() || !money.iter().all(whole))
            });
        return (!loose && !unplaced).then_some(Aim {
            channels: named,
            inferred: true,
        });
    }
    // Words that state where some money goes but name no funded channel
    // ("€100k of app rewards") leave it unsaid: no aim from outcomes.
    let extra = s.budget.value - plan.budget.total.value;
    if parts(&[], &text, extra).1 {
        return None;
    }
    let typed: Vec<&str> = s
        .outcomes
        .iter()
        .map(|f| f.objective.value.as_str())
        .collect();
    let untyped = |c: &&Channel| {
        c.supports
            .iter()
            .any(|r| !typed.contains(&r.value.as_str()))
    };
    // Its outcomes cover every objective the channels serve: no aim.
    if typed.is_empty() || !funded().any(|c| untyped(&c)) {
        return None;
    }
    let only: Vec<&Channel> = funded()
        .filter(|c| !c.supports.is_empty() && !untyped(c))
        .collect();
    (!only.is_empty()).then_some(Aim {
        channels: only,
        inferred: true,
    })
}

/// Whether words name a channel: its id read as words ("demo van" for
/// `demo-van`, "abm" for `abm`) or its name up to a bracket ("Paid social"
/// for "Paid social (Meta, TikTok)"), as whole words of at least three
/// letters (an id) or four (a name).
pub fn named_in(c: &Channel, text: &str) -> bool {
    named_in_words(c, &padded_words(text))
}

/// The amount each named channel takes where a clause of the words names
/// it and states one amount ("Add £900k to paid social and £600k to
/// app-store ads"), and whether an amount is left that no named channel
/// takes and that is not the whole change (`extra`, within 1%).
fn parts(named: &[&Channel], text: &str, extra: Decimal) -> (Vec<Option<Decimal>>, bool) {
    let mut out = vec![None; named.len()];
    let mut loose = false;
    for clause in clauses(text) {
        let clause = clause.as_str();
        let money = amounts(clause);
        let whole = |d: &Decimal| (*d - extra).abs() * Decimal::ONE_HUNDRED <= extra.abs();
        let padded = padded_words(clause);
        let in_clause: Vec<usize> = (0..named.len())
            .filter(|&i| named_in_words(named[i], &padded))
            .collect();
        match (in_clause.as_slice(), money.as_slice()) {
            ([i], [d]) if !whole(d) => out[*i] = Some(*d),
            (_, list) => loose |= list.iter().any(|d| !whole(d)),
        }
    }
    (out, loose)
}

/// A text's clauses: split at "and" and at punctuation followed by a space
/// (never the point of "£1.5m" or the comma of "1,200").
fn clauses(text: &str) -> Vec<String> {
    let cut = [" and ", ". ", ", ", ": ", "; "]
        .iter()
        .fold(text.to_string(), |t, sep| t.replace(sep, "\n"));
    cut.lines()
        .map(|c| c.trim().trim_end_matches('.').to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The scenario as the figures read it: with its aimed `changes` — its
/// extra money split over the aimed channels in proportion to their
/// budgets, the last taking what rounding leaves — where it names none.
///
/// Worked out once per scenario (`plan::memo`): the curves, the team's
/// load, the rules and the slides ask for each scenario's aim about twenty
/// times a check, and each reading matches its words against every
/// channel.
pub fn aimed<'s>(plan: &Plan, s: &'s Scenario) -> Cow<'s, Scenario> {
    // Typed `changes` stand as typed: no words are read, nothing to keep.
    if !s.changes.is_empty() {
        return Cow::Borrowed(s);
    }
    // The key is every field of the scenario the aim reads (its outcomes
    // only by objective), so a scenario that is not one of the plan's (an
    // ask's money put on the channels) gets its own answer.
    let mut key = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        s.id.value,
        s.name,
        s.description.as_deref().unwrap_or_default(),
        s.budget.value,
    );
    for f in &s.outcomes {
        key.push('\u{1f}');
        key.push_str(&f.objective.value);
    }
    let changes = plan.memo.get("figures::scenario_aim::aimed", &key, || {
        aimed_changes(plan, s)
    });
    with_changes(s, changes.as_ref().clone())
}

/// [`aimed`], worked out from the words each time (the memo's reference).
pub fn aimed_direct<'s>(plan: &Plan, s: &'s Scenario) -> Cow<'s, Scenario> {
    if !s.changes.is_empty() {
        return Cow::Borrowed(s);
    }
    with_changes(s, aimed_changes(plan, s))
}

fn with_changes(s: &Scenario, changes: Option<Vec<(Ref, Located<Decimal>)>>) -> Cow<'_, Scenario> {
    match changes {
        None => Cow::Borrowed(s),
        Some(list) => {
            let mut out = s.clone();
            out.changes = list;
            Cow::Owned(out)
        }
    }
}

/// [`aimed`]'s `changes`, worked out from the words (`None`: the scenario
/// stands as it is).
fn aimed_changes(plan: &Plan, s: &Scenario) -> Option<Vec<(Ref, Located<Decimal>)>> {
    // A cut or a same-money move: the changes its own words name.
    if let Some(super::scenario_words::Placed::Words { changes: list, .. }) =
        super::scenario_words::read(plan, s)
    {
        return Some(
            list.into_iter()
                .map(|(c, d)| (Located::new(c, 0..0), Located::new(d, 0..0)))
                .collect(),
        );
    }
    let a = aim(plan, s).filter(|a| a.inferred)?;
    let extra = s.budget.value - plan.budget.total.value;
    let text = format!(
        "{}; {}",
        s.name,
        s.description.as_deref().unwrap_or_default()
    );
    // What the words give each channel, scaled to the whole change; the
    // channels they give nothing share what is left by budget.
    let (stated, _) = parts(&a.channels, &text, extra);
    let given: Decimal = stated.iter().flatten().sum();
    let rest: Vec<&&Channel> = a
        .channels
        .iter()
        .zip(&stated)
        .filter(|(_, p)| p.is_none())
        .map(|(c, _)| c)
        .collect();
    let base: Decimal = rest.iter().map(|c| c.budget.value).sum();
    let (scale, left_over) = if rest.is_empty() || given >= extra {
        (
            extra.checked_div(given).unwrap_or(Decimal::ONE),
            Decimal::ZERO,
        )
    } else {
        (Decimal::ONE, extra - given)
    };
    let mut left = extra;
    let n = a.channels.len();
    let changes: Vec<(Ref, Located<Decimal>)> = a
        .channels
        .iter()
        .zip(&stated)
        .enumerate()
        .map(|(i, (c, p))| {
            let part = if i + 1 == n {
                left
            } else {
                match p {
                    Some(p) => (*p * scale).round(),
                    None => (left_over * c.budget.value)
                        .checked_div(base)
                        .unwrap_or_default()
                        .round(),
                }
            };
            left -= part;
            (
                Located::new(c.id.value.clone(), 0..0),
                Located::new(part, 0..0),
            )
        })
        .collect();
    Some(changes)
}

/// Where a scenario's words or outcomes aim its money at channels none of
/// which serve the objective: those channels' names (the objective keeps
/// the plan's forecast). `None` where the money reaches it, is spread in
/// the mix, or goes where typed `changes` put it.
pub fn unreached(plan: &Plan, s: &Scenario, objective: &str) -> Option<Vec<String>> {
    let a = aim(plan, s).filter(|a| a.inferred)?;
    let reaches = a
        .channels
        .iter()
        .any(|c| c.supports.iter().any(|r| r.value == objective));
    (!reaches).then(|| a.channels.iter().map(|c| c.name.clone()).collect())
}

/// The names of the channels a scenario's words or outcomes aim its money
/// at, when they do (not typed `changes`).
pub fn aimed_names(plan: &Plan, s: &Scenario) -> Option<Vec<String>> {
    let a = aim(plan, s).filter(|a| a.inferred)?;
    Some(a.channels.iter().map(|c| c.name.clone()).collect())
}

/// The channels (indices in the plan) a scenario's words or outcomes aim
/// its money at, when they do: [`aim`]'s inferred answer, read by several
/// slides per scenario (a dozen readings of the words a check), so worked
/// out once per scenario of the plan (`figures::memo`). A scenario that is
/// not one of the plan's (an ask's money put on the channels) is read
/// directly.
fn aimed_channels(plan: &Plan, fig: &Figures, s: &Scenario) -> Arc<Option<Vec<usize>>> {
    let direct = || {
        aim(plan, s).filter(|a| a.inferred).map(|a| {
            a.channels
                .iter()
                .filter_map(|c| plan.channels.iter().position(|p| std::ptr::eq(p, *c)))
                .collect()
        })
    };
    match plan.scenarios.iter().position(|x| std::ptr::eq(x, s)) {
        Some(i) => fig.memo.get(
            "figures::scenario_aim::aimed_channels",
            &i.to_string(),
            direct,
        ),
        None => Arc::new(direct()),
    }
}

/// [`unreached`], read once per scenario of the plan.
pub fn unreached_of(
    plan: &Plan,
    fig: &Figures,
    s: &Scenario,
    objective: &str,
) -> Option<Vec<String>> {
    let aimed = aimed_channels(plan, fig, s);
    let channels: Vec<&Channel> = aimed
        .as_ref()
        .as_ref()?
        .iter()
        .map(|&i| &plan.channels[i])
        .collect();
    let reaches = channels
        .iter()
        .any(|c| c.supports.iter().any(|r| r.value == objective));
    (!reaches).then(|| channels.iter().map(|c| c.name.clone()).collect())
}

/// [`aimed_names`], read once per scenario of the plan.
pub fn aimed_names_of(plan: &Plan, fig: &Figures, s: &Scenario) -> Option<Vec<String>> {
    let aimed = aimed_channels(plan, fig, s);
    Some(
        aimed
            .as_ref()
            .as_ref()?
            .iter()
            .map(|&i| plan.channels[i].name.clone())
            .collect(),
    )
}

/// The first day of the month a scenario's words say its money runs
/// "from" ("700 Boots doors from September"), inside the plan's period.
pub fn from_month(plan: &Plan, s: &Scenario) -> Option<NaiveDate> {
    let text = words(&format!(
        "{} {}",
        s.name,
        s.description.as_deref().unwrap_or_default()
    ));
    let list: Vec<&str> = text.split(' ').collect();
    let month = list.windows(2).find_map(|w| {
        (w[0] == "from").then_some(())?;
        crate::plan::words::MONTH_NAMES
            .iter()
            .position(|m| w[1] == *m || (w[1].len() == 3 && m.starts_with(w[1])))
    })?;
    let (start, end) = (plan.meta.start.value, plan.meta.end.value);
    (start.year()..=end.year())
        .filter_map(|y| NaiveDate::from_ymd_opt(y, u32::try_from(month).ok()? + 1, 1))
        .find(|d| *d > start && *d <= end)
}

/// Whether a same-money move stays unmodelled: it types no `changes` and
/// its words size no move either (`scenario-unmodelled`).
pub fn unmodelled(plan: &Plan, s: &Scenario) -> bool {
    aimed(plan, s).unmodelled_move(plan.budget.total.value)
}

/// How a cut's or a same-money move's money is placed, as its row says it
/// to a board: "computed as described: LinkedIn −€300k, Trade press
/// −€150k", "€975k of the €1.2M cut is itemised (…); the other €225k is
/// cut pro rata from the other channels" — or, `Err((said, diff))`, the
/// sizes its words give that miss its budget's difference; `None` where it
/// types `changes`, is an increase or its words name no channel.
pub fn worded(plan: &Plan, s: &Scenario) -> Option<Result<String, (Decimal, Decimal)>> {
    use super::scenario_words::{How, Placed};
    let (changes, how) = match super::scenario_words::read(plan, s)? {
        Placed::Words { changes, how } => (changes, how),
        Placed::Short { said, diff } => return Some(Err((said, diff))),
    };
    let currency = plan.meta.currency.value.as_str();
    let money = |d: Decimal| crate::format::format_money(d.abs(), currency, true);
    let list = |list: &[(String, Decimal)]| {
        list.iter()
            .map(|(id, d)| {
                let name = plan
                    .channels
                    .iter()
                    .find(|c| c.id.value == *id)
                    .map_or(id.as_str(), |c| {
                        c.name.split(" (").next().unwrap_or_default()
                    });
                // Written as a typed change is (`shown::moves_text`).
                let change = crate::format::format_change(*d, Some(currency), true);
                format!("{name} {change}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(Ok(match how {
        How::AsSaid => format!("computed as described: {}", list(&changes)),
        How::Rest { items, diff } => {
            let itemised: Decimal = items.iter().map(|(_, d)| *d).sum();
            format!(
                "{} of the {} cut is itemised: {}; the other {} is cut pro rata from the other channels",
                money(itemised),
                money(diff),
                list(&items),
                money(diff - itemised)
            )
        }
    }))
}
