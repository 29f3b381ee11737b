//! Asks a board can decide: each open ask says what it costs, by when, and
//! what happens without it, and none is out of step with the plan it is in.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::{Ask, AskKind, AskStatus, Plan, Role, Scenario, Status};

pub const ASK_UNDECIDABLE: Rule = Rule {
    id: "ask-undecidable",
    // A warning: the deck can only say in words what is missing ("the plan
    // gives no cost"); `--strict` stops a plan going to the board so.
    severity: Severity::Warning,
    family: "asks",
    summary: "an open ask of a submitted plan lacks its date, its cost, what it buys or what happens without it",
    explanation: "A board decides an ask on four things: what it costs, what it buys, what \
happens if it is declined or decided late, and by when the answer is needed. An open ask \
without a date (`by`) is never late and so never urgent (the deck shows the plan's start as its \
implied date, marked so); an ask without a cost (`amount`, or the `cost` of the team row it \
fills) cannot be weighed, unless it is a decision that commits no money — a decision whose \
words commit some (\"fund\", \"budget\", \"hire\", \"10% below parity\", \"€50k\") is shown as \
\"cost not given: decide after the owner sizes it\", and one that names a scenario above or below the plan's budget costs that \
scenario's difference. An ask whose words state an amount of the plan's currency that falls in \
this plan (\"€350k deposit in this budget\", \"this year\", a year of the plan's period, or the only \
amount they state) is costed at it on the ask slide and counted in the totals, with the amounts \
its words put in later periods shown as commitments beyond the plan, never added; the help names \
the figure for `amount`. Amounts the words do not place (two, and no period) stay unpriced and \
the help lists them. An ask whose words commit people's time and no money (\"Sales commits 6 SDRs \
at 50% to the PQL queue\") is weighed as that time and needs no amount. An ask that does not \
say what a no costs (`if_declined = \"...\"`) leaves the board to guess, and so does one that \
does not say what it buys (`buys = \"...\"`) where the deck cannot work it out: the whole \
budget buys the forecast, a hire (`role`) the capacity it adds (a hire the team does not need \
for capacity buys only what `buys` says), a decision whose amount is a \
scenario's extra money (its budget minus the plan's) what that scenario buys. The deck's ask \
slide shows all four, and says in words what the plan leaves out. The \
rule looks at plans submitted for approval (`[plan] status = \"submitted\"`): a draft is still \
being written.",
    configurable: true,
};

pub const ASK_OUT_OF_STEP: Rule = Rule {
    id: "ask-out-of-step",
    severity: Severity::Warning,
    family: "asks",
    summary: "an open ask asks for what the plan's status says is already approved",
    explanation: "An ask is out of step when the plan already answers it: \
an open ask to approve the whole budget in a plan whose status is `approved`: the budget is \
approved, so mark the ask `status = \"approved\"` (a budget ask whose amount differs from the \
plan's total is `ask-budget-mismatch`).",
    configurable: true,
};

pub const ASK_CONTINGENT_DEAR: Rule = Rule {
    id: "ask-contingent-dear",
    severity: Severity::Warning,
    family: "asks",
    summary: "a contingent ask's money buys its result dearer than its own condition allows",
    explanation: "An ask that releases money only if a cost per result stays under a limit \
(\"only if cost per funded account stays under £125\") sets the price at which more money is worth \
spending. Where the response curves price the ask's money in that same result, the deck divides \
the ask's amount by what the curves give for it (the plan's budget plus the amount, in the planned \
mix, pro rata for the part of the period after the ask's date, as the ask slide shows it). Above \
the limit, the extra money buys each result dearer than the condition that releases it allows: \
the condition can hold while the money it releases fails the same test. Lower the amount to what \
the curves say still buys at the limit, aim it at the channels with the best next result, or \
state why the condition is the right test (`buys`).",
    configurable: true,
};

pub const ASK_AFTER_START: Rule = Rule {
    id: "ask-after-start",
    severity: Severity::Warning,
    family: "asks",
    summary: "the whole budget is asked for by a date after the plan starts",
    explanation: "An open ask to approve the plan's whole budget whose `by` date falls after the \
plan's `start` asks the board to approve money the plan has already begun to spend: the first \
weeks' channels, team and agencies run before anyone has said yes, and a no then leaves \
commitments behind it. Set `by` on or before the plan's start, or say in the ask what runs before \
the decision (an interim budget is an ask of its own). The deck's ask slide marks such a date \
\"(after the plan starts)\".",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &ASK_UNDECIDABLE,
    &ASK_OUT_OF_STEP,
    &ASK_CONTINGENT_DEAR,
    &ASK_AFTER_START,
];

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let total = p.budget.total.value;
    // A plan submitted for approval puts its asks before a board: that is
    // when each must be decidable (a draft is still being written; an
    // approved plan's open asks are `ask-out-of-step`'s to judge).
    let submitted = p.meta.status == Status::Submitted;
    for a in p.asks.iter().filter(|a| a.status == AskStatus::Open) {
        let Gaps {
            missing,
            fields,
            in_words,
        } = gaps(p, cx.fig, a);
        if submitted && !missing.is_empty() {
            let mut f = Finding::new(
                &ASK_UNDECIDABLE,
                format!(
                    "ask `{}` does not say {}",
                    a.id.value,
                    missing.join(", nor ")
                ),
            )
            .at(a.id.span.clone())
            .help(format!(
                "add {} to the ask: the deck's ask slide otherwise says in words what is missing",
                fields.join(" and ")
            ));
            f.board = in_words.then(|| board_line(a, &missing));
            cx.report(f);
        }
        contingent_dear(cx, a);
        let Some(amount) = a.amount.as_ref().filter(|_| a.kind == AskKind::Budget) else {
            continue;
        };
        if p.meta.status == Status::Approved && amount.value == total {
            cx.report(
                Finding::new(
                    &ASK_OUT_OF_STEP,
                    format!(
                        "ask `{}` asks to approve the whole budget of a plan that is approved",
                        a.id.value
                    ),
                )
                .at(a.id.span.clone())
                .help("mark it `status = \"approved\"`, or set the plan's status back"),
            );
        }
        after_start(cx, a);
    }
}

/// What an open ask leaves a board to ask for, each gap with the field
/// that fills it (`ask-undecidable`); the portfolio review reads it to
/// answer only a warning whose one gap is the date its money gives.
pub struct Gaps {
    pub missing: Vec<&'static str>,
    pub fields: Vec<String>,
    /// Its cost is read from its words (the slide shows it).
    pub in_words: bool,
}

/// The gaps of one ask, whatever the plan's status.
pub fn gaps(p: &Plan, fig: &crate::figures::Figures, a: &Ask) -> Gaps {
    let total = p.budget.total.value;
    let row = a
        .role
        .as_ref()
        .and_then(|r| p.team.iter().find(|t| t.id.value == r.value));
    let costed = a.amount.is_some() || row.is_some_and(|t| t.cost.is_some());
    // Each gap with the field that fills it, for the help line.
    let mut missing = Vec::new();
    let mut fields = Vec::new();
    // A cost the deck reads from the ask's words: the slide shows it,
    // so a board line says where it stands, never that it is missing.
    let mut in_words = false;
    if a.by.is_none() {
        // The deck shows the plan's start as the implied date, marked so.
        missing.push("by when it must be decided (`by`; the deck dates it by its money's first spend, else the plan's start)");
        fields.push("`by = 2027-01-31`".to_string());
    }
    // Only a decision costs no money, and only one whose words commit
    // none: the ask slide says "cost not given" for any other ask
    // without an amount, and for a decision that says "fund" or "10%
    // below parity" (`money_words`) unless a scenario it names prices it.
    let priced_by_scenario = scenario_named(p, a).is_some();
    let money_free = a.kind == AskKind::Decision && super::ask_words::money_words(a).is_none();
    // People's time, not money ("Sales commits 6 SDRs at 50%"): the
    // slide weighs it as time; it has no amount to give.
    let time_only = a.kind != AskKind::Headcount && super::ask_words::time_commitment(a).is_some();
    if !costed && !money_free && !priced_by_scenario && !time_only {
        use super::ask_words::StatedCost;
        // The figure its words state, where the deck found one: the
        // help names it, so the field says what the slide reads.
        let (what, field) = match super::ask_words::stated_cost(p, a) {
            Some(StatedCost::One { amount, .. }) => {
                in_words = true;
                (
                    "what it costs as a figure (`amount`; the deck reads it from its words)",
                    format!(
                        "`amount = {}` (its words state {})",
                        underscored(amount.value),
                        amount.phrase
                    ),
                )
            }
            Some(StatedCost::Unclear(seen)) => (
                "what it costs (`amount`)",
                format!(
                    "`amount = …` (its words state {}, and do not say which is in this plan)",
                    seen.iter()
                        .map(|s| s.phrase.as_str())
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            ),
            None => (
                "what it costs (`amount`)",
                match row {
                    Some(t) => format!(
                        "`amount = 120_000` (or `cost` on team row `{}`)",
                        t.id.value
                    ),
                    None => "`amount = 120_000`".to_string(),
                },
            ),
        };
        missing.push(what);
        fields.push(field);
    }
    let whole_budget =
        a.kind == AskKind::Budget && a.amount.as_ref().is_some_and(|m| m.value == total);
    // A hire buys the capacity it adds; one the team does not need for
    // capacity buys only what the plan says it is for.
    let needless_hire =
        row.is_some_and(|t| crate::figures::gap_filled::gap_filled(p, fig, &t.id.value).is_none());
    // Where the plan's own words say what it is for (a risk, a channel
    // or an initiative it names), the ask slide says it: not missing.
    let purposed = a.role.is_none() && purpose_of(p, a).is_some();
    if a.buys.is_none()
        && !whole_budget
        && (a.role.is_none() || needless_hire)
        && scenario_of(p, a).is_none()
        && !purposed
    {
        missing.push(if needless_hire {
            "what it buys (`buys`): the team covers the work without the hire"
        } else {
            "what it buys (`buys`)"
        });
        fields.push("`buys = \"…\"`".to_string());
    }
    // What a no costs, where the deck works it out as it does what it
    // buys: the whole budget (the lowest scenario), a hire (the gap it
    // leaves), a scenario's extra money (the plan stays).
    let derived_no = whole_budget
        || a.role.is_some()
        || a.kind == AskKind::Headcount
        || scenario_of(p, a).is_some();
    if a.if_declined.is_none() && !derived_no {
        missing.push("what happens if it is declined (`if_declined`)");
        fields.push("`if_declined = \"…\"`".to_string());
    }
    Gaps {
        missing,
        fields,
        in_words,
    }
}

/// The date of an open ask for the whole budget of a plan not yet approved
/// that falls after the plan starts (`ask-after-start`); the deck's ask
/// slide marks the same asks.
pub fn budget_after_start<'a>(
    p: &Plan,
    a: &'a Ask,
) -> Option<&'a crate::plan::located::Located<chrono::NaiveDate>> {
    let whole = a.kind == AskKind::Budget
        && a.amount
            .as_ref()
            .is_some_and(|m| m.value == p.budget.total.value);
    a.by.as_ref().filter(|b| {
        whole
            && a.status == AskStatus::Open
            && p.meta.status != Status::Approved
            && b.value > p.meta.start.value
    })
}

/// The whole budget asked for by a date after the plan starts
/// (`ask-after-start`).
fn after_start(cx: &mut Ctx<'_>, a: &Ask) {
    let p = cx.plan;
    if let Some(by) = budget_after_start(p, a) {
        let days = (by.value - p.meta.start.value).num_days();
        let plural = if days == 1 { "" } else { "s" };
        let mut f = Finding::new(
                &ASK_AFTER_START,
                format!(
                    "ask `{}` asks to approve the whole budget by {}, {days} day{} after the plan starts on {}: the plan spends before the board says yes",
                    a.id.value,
                    by.value,
                    plural,
                    p.meta.start.value
                ),
            )
            .at(by.span.clone())
            .also(p.meta.start.span.clone(), "the plan starts here")
            .help(format!(
                "set `by = {}` or earlier, or ask separately for what runs before the decision",
                p.meta.start.value
            ));
        // The deck's health line, in the slide's dates and without the
        // ask's words (the ask slide is beside it).
        f.board = Some(format!(
            "the whole budget is asked for by {}, {days} day{plural} after the plan starts on {}: the plan spends before the board says yes",
            by.value.format("%-d %b %Y"),
            p.meta.start.value.format("%-d %b %Y")
        ));
        cx.report(f);
    }
}

/// The health line of an ask whose cost the deck reads from its words: the
/// slide shows that cost, so the line says it is stated only in words,
/// with whatever else is missing.
fn board_line(a: &Ask, missing: &[&str]) -> String {
    let rest: Vec<&str> = missing
        .iter()
        .copied()
        .filter(|m| !m.starts_with("what it costs as a figure"))
        .collect();
    // Not its amount again: the ask's own words, quoted just before, hold it.
    let stated = "states its cost only in its words, not as a typed `amount`";
    if rest.is_empty() {
        format!("ask `{}` {stated}", a.id.value)
    } else {
        format!(
            "ask `{}` does not say {}; it {stated}",
            a.id.value,
            rest.join(", nor ")
        )
    }
}

/// What an ask that does not say what it buys bears on, from the plan's
/// own words elsewhere: the risk whose text or mitigation names what the
/// ask names ("SLA"), else the first funded channel it names that has a
/// forecast, else the initiative it names. The ask slide words it
/// (`deck::ask_gaps::purpose`) and `ask-undecidable` does not call it
/// missing: one test, so the health appendix never says "does not say
/// what it buys" beside an ask slide that says it.
pub enum Purpose<'p> {
    Risk(&'p crate::plan::Risk),
    Channel(&'p crate::plan::Channel, &'p crate::plan::Forecast),
    Initiative(&'p crate::plan::Initiative),
}

pub fn purpose_of<'p>(plan: &'p Plan, a: &Ask) -> Option<Purpose<'p>> {
    use super::risk_words::{channels_named, name_words};
    let names: Vec<&str> = name_words(&a.ask).collect();
    let shares = |text: &str| {
        let theirs: Vec<&str> = name_words(text).collect();
        names.iter().any(|n| theirs.contains(n))
    };
    if let Some(r) = plan
        .risks
        .iter()
        .find(|r| shares(&r.risk) || r.mitigation.as_deref().is_some_and(&shares))
    {
        return Some(Purpose::Risk(r));
    }
    let channel = channels_named(plan, &a.ask).into_iter().find_map(|c| {
        let f = c.forecasts.first().filter(|_| !c.budget.value.is_zero())?;
        plan.objective(&f.objective.value)?;
        Some(Purpose::Channel(c, f))
    });
    channel.or_else(|| {
        plan.initiatives
            .iter()
            .find(|i| shares(&i.name))
            .map(Purpose::Initiative)
    })
}

/// A contingent ask whose money buys dearer than its own condition
/// allows (`ask-contingent-dear`).
fn contingent_dear(cx: &mut Ctx<'_>, a: &Ask) {
    let p = cx.plan;
    if let Some(d) = super::ask_words::contingent_dear(p, cx.fig, a) {
        let o = &p.objectives[d.objective];
        let unit = o.measure.unit.as_deref();
        let cur =
            |v: rust_decimal::Decimal| crate::format::format_money(v, &p.meta.currency.value, true);
        let one = unit.map_or_else(|| "result".to_string(), crate::format::singular);
        cx.report(
            Finding::new(
                &ASK_CONTINGENT_DEAR,
                format!(
                    "ask `{}` releases {} that the response curves turn into {}: {} per extra {one}, above the {} its own condition allows",
                    a.id.value,
                    cur(a.amount.as_ref().map_or(rust_decimal::Decimal::ZERO, |m| m.value)),
                    crate::format::format_quantity(d.gain, unit, true),
                    cur(d.per_result),
                    cur(d.cap)
                ),
            )
            .at(a.id.span.clone())
            .help("lower the amount to what still buys at the limit, aim it at the channels with the best next result, or say in `buys` why the condition is the right test"),
        );
    }
}

/// An amount as a TOML integer is written: 350000 → "350_000".
pub fn underscored(d: rust_decimal::Decimal) -> String {
    let whole = d.trunc().normalize().to_string();
    let (sign, digits) = whole
        .strip_prefix('-')
        .map_or(("", whole.as_str()), |r| ("-", r));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('_');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// The scenario a decision's money is the extra of: its amount is that
/// scenario's budget above the plan's, within 1% ("+£420k" for a £3.7M
/// scenario of a £3.28M plan). A yes buys the scenario; a no keeps the plan.
pub fn scenario_of<'p>(p: &'p Plan, a: &Ask) -> Option<&'p Scenario> {
    let amount = a.amount.as_ref()?.value;
    if a.kind == AskKind::Budget || amount <= rust_decimal::Decimal::ZERO {
        return None;
    }
    let total = p.budget.total.value;
    // Within 1% of it: a plan says "+£420k" for a scenario £419,820 above.
    let near = |extra: rust_decimal::Decimal| {
        (extra - amount).abs() * rust_decimal::Decimal::ONE_HUNDRED <= amount
    };
    let mut linked = p.scenarios.iter().filter(|s| near(s.budget.value - total));
    let first = linked.next()?;
    linked.next().is_none().then_some(first)
}

/// The one team row an ask's words name ("Extend the digital officer's
/// contract" names "Digital officer (fixed-term, part-time)"): its `role`
/// when it gives one.
pub fn row_named<'p>(p: &'p Plan, a: &Ask) -> Option<&'p Role> {
    if let Some(r) = &a.role {
        return p.team.iter().find(|t| t.id.value == r.value);
    }
    let text = a.ask.to_lowercase();
    let mut named = p.team.iter().filter(|t| {
        let name = t.short_role().to_lowercase();
        name.chars().count() >= 4 && text.contains(&name)
    });
    let first = named.next()?;
    named.next().is_none().then_some(first)
}

/// The scenario a decision without an amount names ("Move to the Boots
/// national roll-out"): its budget less the plan's is what a yes commits.
/// Only a scenario above or below the plan's budget, named in full.
pub fn scenario_named<'p>(p: &'p Plan, a: &Ask) -> Option<&'p Scenario> {
    if a.amount.is_some() || a.kind == AskKind::Budget || a.kind == AskKind::Headcount {
        return None;
    }
    let text = a.ask.to_lowercase();
    let total = p.budget.total.value;
    let mut named = p.scenarios.iter().filter(|s| {
        s.budget.value != total
            && s.name.chars().count() >= 4
            && text.contains(&s.name.to_lowercase())
    });
    let first = named.next()?;
    named.next().is_none().then_some(first)
}
