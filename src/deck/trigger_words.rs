//! The plan's triggers in the deck's words: when each is read, the
//! condition on the measure it watches, and the money it moves — each said
//! once (a KPI's name that already names its channel, an action that
//! already states its amount, are not repeated in parentheses).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::format::format_money;
use crate::plan::{Cadence, Plan, Trigger};

#[derive(Debug, Serialize)]
pub struct TriggerView<'p> {
    #[serde(flatten)]
    pub trigger: &'p Trigger,
    /// "Sales-qualified leads (paid search) below 1,200".
    pub condition: String,
    /// "by 30 Jun 2027" or "monthly".
    pub when: String,
    /// "Move €100k from LinkedIn video to paid search".
    pub reallocation: Option<String>,
    /// A risk's mitigation names it by its id ("trigger search-slows"),
    /// so the risk table's row already shows it, by its condition: the
    /// risk slide's triggers line does not say it again.
    pub in_risk_row: bool,
    /// It releases the money of a scenario an open ask pays for
    /// (`check::trigger_pace::paid_scenario`): the ask slide decides that
    /// release, with its condition, so the risk slide's triggers line does
    /// not say it again (saas's risk slide ran onto a "(cont.)" of lines
    /// said elsewhere). An approved or declined ask's slide row is one
    /// "declined." bullet that states no condition: its trigger stays on
    /// the risk slide, or it would be said nowhere.
    pub on_ask: bool,
}

/// A risk's mitigation names the trigger by its id where the row shows it
/// as the trigger (`deck::prose` names an id there): in backticks, after
/// the word "trigger", or an id with a hyphen or underscore, which no
/// sentence uses as a word. A bare word ("reduce churn with …" beside a
/// trigger `churn`) is the author's prose: the trigger is still said on
/// the triggers line, or it would be said nowhere.
fn in_risk_row(plan: &Plan, t: &Trigger) -> bool {
    plan.risks
        .iter()
        .filter_map(|r| r.mitigation.as_deref())
        .any(|m| names_trigger(m, &t.id.value))
}

/// Whether `text` names trigger `id` as an id ([`in_risk_row`]).
fn names_trigger(text: &str, id: &str) -> bool {
    if text.contains(&format!("`{id}`")) {
        return true;
    }
    let unmistakable = id.contains(['-', '_']);
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        *w == id
            && (unmistakable
                || i.checked_sub(1)
                    .and_then(|p| words.get(p))
                    .is_some_and(|p| p.eq_ignore_ascii_case("trigger")))
    })
}

/// The plan's triggers, with their conditions and reallocations in words.
pub fn triggers(plan: &Plan) -> Vec<TriggerView<'_>> {
    let currency = plan.meta.currency.value.as_str();
    let money = |d: Decimal| format_money(d, currency, true);
    // Short names: a trigger's line already holds a condition and an action,
    // and a name's own parentheses inside "(release … to …)" read as a typo.
    let name_of = |id: &str| crate::plan::words::short_label(plan, id);
    plan.triggers
        .iter()
        .map(|t| trigger(plan, t, &money, &name_of))
        .collect()
}

/// A trigger's condition in words: the watched measure and its
/// threshold in the measure's unit ("Sign-ups from paid search below
/// 28,000").
fn condition(plan: &Plan, t: &Trigger, name_of: &dyn Fn(&str) -> String) -> String {
    let metric = match (&t.objective, &t.kpi, &t.channel) {
        (Some(o), _, _) => plan
            .objective(&o.value)
            .map(|x| {
                x.measure
                    .metric
                    .as_ref()
                    .map_or_else(|| x.statement.clone(), |m| m.value.clone())
            })
            .unwrap_or_else(|| o.value.clone()),
        // "Sign-ups from paid search", not "… (Paid search)": the channel
        // only where the KPI's name does not already say it.
        (None, Some(k), Some(c)) => {
            let channel = name_of(&c.value);
            if k.value.to_lowercase().contains(&channel.to_lowercase()) {
                k.value.clone()
            } else {
                format!("{} ({channel})", k.value)
            }
        }
        (None, Some(k), None) => k.value.clone(),
        (None, None, _) => String::new(),
    };
    // The threshold in the watched measure's unit ("below $22M", "above
    // £26"): the objective's unit, or the KPI's (on its channel when the
    // trigger names one), or a ratio its name implies.
    let unit: Option<&str> = match (&t.objective, &t.kpi) {
        (Some(o), _) => plan
            .objective(&o.value)
            .and_then(|x| x.measure.unit.as_deref()),
        (None, Some(k)) => plan
            .channels
            .iter()
            .filter(|c| t.channel.as_ref().is_none_or(|x| x.value == c.id.value))
            .flat_map(|c| &c.kpis)
            .find(|x| x.name == k.value || x.id.as_ref().is_some_and(|i| i.value == k.value))
            .and_then(|x| {
                x.unit
                    .as_deref()
                    .or_else(|| crate::format::unit_from_name(&x.name))
            }),
        (None, None) => None,
    };
    let n = |d: &Decimal| {
        crate::format::bare(
            &crate::format::format_quantity(*d, unit, true),
            unit,
            &metric,
        )
    };
    match (&t.below, &t.above) {
        (Some(b), Some(a)) => format!("{metric} below {} or above {}", n(&b.value), n(&a.value)),
        (Some(b), None) => format!("{metric} below {}", n(&b.value)),
        (None, Some(a)) => format!("{metric} above {}", n(&a.value)),
        (None, None) => metric,
    }
}

/// When a trigger is read: its date, else its cadence.
fn when(t: &Trigger) -> String {
    match (&t.date, t.cadence) {
        (Some(d), _) => format!("on {}", d.value.format("%-d %b %Y")),
        (None, Some(Cadence::Weekly)) => "weekly".into(),
        (None, Some(Cadence::Monthly)) => "monthly".into(),
        (None, Some(Cadence::Quarterly)) => "quarterly".into(),
        (None, None) => "whenever reported".into(),
    }
}

/// The money a trigger moves, in words ("move $150k from Paid search to
/// Content"), or the scenario it switches to.
fn reallocation(
    plan: &Plan,
    t: &Trigger,
    money: &dyn Fn(Decimal) -> String,
    name_of: &dyn Fn(&str) -> String,
) -> Option<String> {
    match (&t.amount, &t.from, &t.to, &t.scenario) {
        (Some(a), Some(f), Some(to), _) => Some(format!(
            "move {} from {} to {}",
            money(a.value),
            name_of(&f.value),
            name_of(&to.value)
        )),
        // Money from no channel is the contingency's (or new money), to
        // one channel; from a channel to nowhere, held back.
        (Some(a), None, Some(to), None) => Some(format!(
            "release {} to {}",
            money(a.value),
            name_of(&to.value)
        )),
        (Some(a), Some(f), None, None) => Some(format!(
            "hold back {} of {}",
            money(a.value),
            name_of(&f.value)
        )),
        (Some(a), None, None, None) => Some(format!("{} moves", money(a.value))),
        (_, _, _, Some(s)) => Some(format!(
            "switch to the {} budget",
            plan.scenarios
                .iter()
                .find(|x| x.id.value == s.value)
                .map_or(s.value.clone(), |x| x.name.clone())
        )),
        _ => None,
    }
}

fn trigger<'p>(
    plan: &Plan,
    t: &'p Trigger,
    money: &dyn Fn(Decimal) -> String,
    name_of: &dyn Fn(&str) -> String,
) -> TriggerView<'p> {
    let condition = condition(plan, t, name_of);
    let when = when(t);
    let reallocation = reallocation(plan, t, money, name_of);
    // An action that states the amount already says the move: "Move $150k
    // from paid search to content" needs no "(move $150k from …)" after it.
    let currency = plan.meta.currency.value.as_str();
    let action = crate::format::restate_amounts(&t.action, currency);
    // Likewise a switch to a scenario whose name states an amount the
    // action already gives ("… and hold £1.2M" before "(switch to the
    // Budget cut (−£1.2M) budget)").
    let scenario_amount_said = t.scenario.as_ref().is_some_and(|s| {
        plan.scenarios
            .iter()
            .find(|x| x.id.value == s.value)
            .is_some_and(|x| {
                let name = crate::format::restate_amounts(&x.name, currency);
                let sym = crate::plan::money::symbol(currency);
                name.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
                    .map(|w| w.trim_start_matches(['+', '-', '−']))
                    .any(|w| w.starts_with(sym) && w.len() > sym.len() && action.contains(w))
            })
    });
    // An action that names the scenario already says the switch: "Switch
    // to the founders' downside budget" needs no "(switch to the Founders'
    // downside (-15%) budget)" after it, a phrase said twice in one line.
    let scenario_named = t.scenario.as_ref().is_some_and(|s| {
        plan.scenarios
            .iter()
            .find(|x| x.id.value == s.value)
            .is_some_and(|x| names_scenario(&action, &x.name))
    });
    let reallocation = reallocation.filter(|_| {
        !scenario_amount_said
            && !scenario_named
            && t.amount
                .as_ref()
                .is_none_or(|a| !action.contains(&money(a.value)))
    });
    TriggerView {
        trigger: t,
        condition,
        when,
        reallocation,
        in_risk_row: in_risk_row(plan, t),
        on_ask: t.scenario.as_ref().is_some_and(|s| {
            plan.asks.iter().any(|a| {
                a.status == crate::plan::AskStatus::Open
                    && crate::check::trigger_pace::paid_scenario(plan, a)
                        .is_some_and(|x| x.id.value == s.value)
            })
        }),
    }
}

/// Whether an action's words name a scenario: its name without the
/// parenthesised size ("Founders' downside (-15%)" → "founders' downside"),
/// case and apostrophe style aside, inside the action.
fn names_scenario(action: &str, scenario: &str) -> bool {
    let fold = |t: &str| -> String {
        t.to_lowercase()
            .replace(['\u{2019}', '\u{2018}'], "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let core = scenario.split('(').next().unwrap_or(scenario);
    let core = fold(core.trim());
    // A name of one short word ("Cut") is too common a word to read as
    // naming the scenario.
    let action = fold(action);
    if (core.contains(' ') || core.len() > 6) && action.contains(&core) {
        return true;
    }
    // Or a word of the name as a scenario's or budget's name: "Drop to the
    // Hold scenario" names "Hold at FY26 spend".
    core.split(' ').filter(|w| w.len() >= 4).any(|w| {
        ["scenario", "budget", "case"]
            .iter()
            .any(|kind| action.contains(&format!("{w} {kind}")))
    })
}

#[cfg(test)]
mod tests {
    use super::{names_scenario, names_trigger};

    #[test]
    fn an_action_names_a_scenario_by_its_name_without_its_size() {
        assert!(names_scenario(
            "Switch to the founders' downside budget",
            "Founders' downside (-15%)"
        ));
        assert!(names_scenario(
            "Move to the Budget cut plan",
            "Budget cut (−£1.2M)"
        ));
        assert!(names_scenario(
            "Drop to the Hold scenario and release contingency to Sales",
            "Hold at FY26 spend"
        ));
        assert!(!names_scenario("Cut paid social by half", "Cut"));
        assert!(!names_scenario("Hold the budget", "Hold at FY26 spend"));
        assert!(!names_scenario(
            "Switch budgets",
            "Founders' downside (-15%)"
        ));
    }

    #[test]
    fn a_trigger_is_in_a_row_only_where_the_row_names_it_as_one() {
        assert!(names_trigger("Trigger porto-late on 15 July", "porto-late"));
        assert!(names_trigger("pause spend (trigger churn)", "churn"));
        assert!(names_trigger("see `churn`", "churn"));
        assert!(names_trigger(
            "hold media if search-slows fires",
            "search-slows"
        ));
        // A bare word is the author's prose: the trigger is said elsewhere.
        assert!(!names_trigger("Reduce churn with onboarding", "churn"));
        assert!(!names_trigger("porto-later", "porto-late"));
    }
}
