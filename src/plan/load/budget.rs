//! The money: `[budget]`, its lines, and the phasing a line or a channel
//! spreads its amount with.

use super::named;
use super::{ACTIVITY, WORK};
use crate::plan::fields::Fields;
use crate::plan::model::*;

pub(super) fn read_phasing(t: &mut Fields<'_, '_>) -> Option<PhasingAt> {
    // Known even when absent, so that a misspelt `quartely` gets a suggestion.
    t.know(&["quarterly", "monthly"]);
    let quarterly = t
        .get_span("quarterly")
        .map(|span| (span, read_amount_list(t, "quarterly")));
    let monthly = t
        .get_span("monthly")
        .map(|span| (span, read_amount_list(t, "monthly")));
    match (quarterly, monthly) {
        (Some((span, q)), None) => Some(PhasingAt {
            phasing: Phasing::Quarterly(q?),
            span,
        }),
        (None, Some((span, m))) => Some(PhasingAt {
            phasing: Phasing::Monthly(m?),
            span,
        }),
        (Some(_), Some((span, _))) => {
            t.invalid(
                span,
                "both `quarterly` and `monthly` phasing are given",
                "keep one of the two",
            );
            None
        }
        (None, None) => None,
    }
}

pub(super) fn read_amount_list(t: &mut Fields<'_, '_>, key: &'static str) -> Option<Vec<Money>> {
    t.money_list(key)
}

pub(super) fn read_budget(mut t: Fields<'_, '_>) -> Option<Budget> {
    t.name_as("[budget]");
    let total = t.req_money("total");
    let contingency = t.money("contingency");
    let lines = t
        .tables("lines", "budget line")
        .into_iter()
        .filter_map(read_line)
        .collect();
    let span = t.span();
    t.finish();
    Some(Budget {
        total: total?,
        contingency,
        lines,
        span,
    })
}

pub(super) fn read_line(mut t: Fields<'_, '_>) -> Option<BudgetLine> {
    let id = named(&mut t, "budget line");
    let name = t.req_text("name");
    let amount = t.req_money("amount");
    let work = t.req_choice("work", WORK);
    let activity_span = t.get_span("activity");
    let activity = t.choice("activity", ACTIVITY);
    let supports = t.refs("supports");
    let phasing = read_phasing(&mut t);
    let span = t.span();
    t.finish();
    Some(BudgetLine {
        id: id?,
        name: name?,
        amount: amount?,
        work: work?,
        activity: activity.zip(activity_span).map(|(a, s)| Located::new(a, s)),
        supports,
        phasing,
        span,
    })
}
