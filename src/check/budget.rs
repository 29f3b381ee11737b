//! Budget arithmetic: lines + resources + contingency against the total;
//! phasing adds up; one currency.

use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::months_between;
use crate::plan::{Money, Phasing, PhasingAt};

pub const BUDGET_OVER: Rule = Rule {
    id: "budget-over",
    severity: Severity::Error,
    family: "budget",
    summary: "channels, lines, resources and contingency exceed the total budget",
    explanation: "The channel budgets, the other budget lines, the team's cost, the agency fees \
and the contingency add up to more than `[budget] total`. The plan spends money it does not \
have: cut lines, or ask for the difference (and list it under `[[asks]]`).",
    configurable: true,
};

pub const BUDGET_UNALLOCATED: Rule = Rule {
    id: "budget-unallocated",
    severity: Severity::Warning,
    family: "budget",
    summary: "part of the total budget is not allocated",
    explanation: "The total is larger than everything allocated (channels, lines, team, \
agencies, contingency). Unallocated money is either a hidden reserve (make it the \
`contingency`) or a line someone forgot. Either way a reviewer will ask.",
    configurable: true,
};

pub const PHASING_MISMATCH: Rule = Rule {
    id: "phasing-mismatch",
    severity: Severity::Error,
    family: "budget",
    summary: "a line's phasing does not add up to its budget, or has the wrong number of periods",
    explanation: "`quarterly = [...]` must have one amount per quarter of the plan period (four \
for a year) and `monthly = [...]` one per month, and the amounts must add up exactly to the \
line's budget. Otherwise the quarterly budget table and the line's total disagree.",
    configurable: true,
};

pub const CURRENCY_MISMATCH: Rule = Rule {
    id: "currency-mismatch",
    severity: Severity::Error,
    family: "budget",
    summary: "an amount is written in a currency other than the plan's",
    explanation: "A plan is in one currency (`[plan] currency`). An amount written as \
\"USD 120000\" in a EUR plan would be added to euros as if it were euros. Convert it to the \
plan's currency (and say the rate in the line's name if it matters).",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &BUDGET_OVER,
    &BUDGET_UNALLOCATED,
    &PHASING_MISMATCH,
    &CURRENCY_MISMATCH,
];

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let f = cx.fig;
    let total_span = p.budget.total.span.clone();
    if f.unallocated < Decimal::ZERO {
        cx.report(
            Finding::new(
                &BUDGET_OVER,
                format!(
                    "the plan allocates {} more than its total budget",
                    cx.money(-f.unallocated)
                ),
            )
            .at(total_span)
            .label(format!(
                "total {} < allocated {}",
                cx.money(f.total),
                cx.money(f.allocated)
            ))
            .help("cut channel or line budgets, or raise the total and ask for it under [[asks]]"),
        );
    } else if f.unallocated > Decimal::ZERO {
        cx.report(
            Finding::new(
                &BUDGET_UNALLOCATED,
                format!(
                    "{} of the total budget is not allocated",
                    cx.money(f.unallocated)
                ),
            )
            .at(total_span)
            .label(format!(
                "allocated {} of {}",
                cx.money(f.allocated),
                cx.money(f.total)
            ))
            .help("allocate it to a line, or make it part of `contingency`"),
        );
    }

    let lines = p
        .channels
        .iter()
        .map(|c| {
            (
                format!("channel `{}`", c.id.value),
                &c.budget,
                c.phasing.as_ref(),
            )
        })
        .chain(p.budget.lines.iter().map(|l| {
            (
                format!("budget line `{}`", l.id.value),
                &l.amount,
                l.phasing.as_ref(),
            )
        }))
        .collect::<Vec<_>>();
    let months = months_between(p.meta.start.value, p.meta.end.value);
    let quarters = f.quarters.len();
    for (name, amount, phasing) in &lines {
        if let Some(ph) = phasing
            && cx.period_sound()
        {
            phasing_check(cx, name, amount, ph, months, quarters);
        }
    }

    let plan_currency = &p.meta.currency.value;
    let mut amounts: Vec<&Money> = vec![&p.budget.total];
    amounts.extend(&p.budget.contingency);
    amounts.extend(p.spend_items().map(|(_, m)| m));
    amounts.extend(
        lines
            .iter()
            .filter_map(|(_, _, ph)| *ph)
            .flat_map(|ph| ph.phasing.amounts()),
    );
    amounts.extend(p.scenarios.iter().map(|s| &s.budget));
    amounts.extend(p.asks.iter().filter_map(|a| a.amount.as_ref()));
    for m in amounts {
        if let Some(c) = m.currency.as_ref().filter(|c| *c != plan_currency) {
            cx.report(
                Finding::new(
                    &CURRENCY_MISMATCH,
                    format!("this amount is in {c}, but the plan is in {plan_currency}"),
                )
                .at(m.span.clone())
                .help(format!(
                    "convert it to {plan_currency} and drop the currency code"
                )),
            );
        }
    }
}

fn phasing_check(
    cx: &mut Ctx<'_>,
    name: &str,
    amount: &Money,
    ph: &PhasingAt,
    months: u32,
    quarters: usize,
) {
    let (n, expected, unit) = match &ph.phasing {
        Phasing::Quarterly(q) => (q.len(), quarters, "quarter"),
        Phasing::Monthly(m) => (m.len(), months as usize, "month"),
    };
    if n != expected {
        cx.report(
            Finding::new(
                &PHASING_MISMATCH,
                format!("the phasing of {name} has {n} amounts, but the plan period has {expected} {unit}s"),
            )
            .at(ph.span.clone())
            .help(format!("give one amount per {unit} of the period ({expected} in all)")),
        );
        return;
    }
    let sum: Decimal = ph.phasing.amounts().iter().map(|m| m.value).sum();
    if sum != amount.value {
        cx.report(
            Finding::new(
                &PHASING_MISMATCH,
                format!(
                    "the phasing of {name} adds up to {}, not its budget of {}",
                    cx.money(sum),
                    cx.money(amount.value)
                ),
            )
            .at(ph.span.clone())
            .also(amount.span.clone(), "the budget")
            .help(if sum > amount.value {
                format!(
                    "lower the amounts by {} in all, or raise the budget",
                    cx.money(sum - amount.value)
                )
            } else {
                format!(
                    "raise the amounts by {} in all, or lower the budget",
                    cx.money(amount.value - sum)
                )
            }),
        );
    }
}
