//! Who delivers the plan and how it is run: the team, agencies,
//! initiatives, milestones, risks and the asks of the board.

use super::named;
use super::{ASK_FUNDING, ASK_KIND, ASK_STATUS, LEVEL, WORK};
use crate::plan::fields::Fields;
use crate::plan::model::*;
use crate::plan::stack;

pub(super) fn read_role(mut t: Fields<'_, '_>) -> Option<Role> {
    let id = named(&mut t, "team role");
    let role = t.req_text("role");
    let fte = t.req_decimal("fte");
    if let Some(f) = &fte
        && (f.value.is_sign_negative() || f.value > rust_decimal::Decimal::from(10_000))
    {
        t.invalid(
            f.span.clone(),
            "`fte` must be between 0 and 10000",
            "write full-time equivalents, e.g. `fte = 1.5`",
        );
    }
    // Optional: salaries often sit outside the marketing budget.
    let cost = t.money("cost");
    let work = t.req_choice("work", WORK);
    let skills = t.strings("skills");
    let channels = t.refs("channels");
    let start = t.date("start");
    let end = t.date("end");
    let availability = t.percent_located("availability");
    let span = t.span();
    t.finish();
    Some(Role {
        id: id?,
        role: role?,
        fte: fte.filter(|f| !f.value.is_sign_negative())?,
        cost,
        work: work?,
        skills,
        channels,
        start,
        end,
        availability,
        span,
    })
}

pub(super) fn read_agency(mut t: Fields<'_, '_>) -> Option<Agency> {
    let id = named(&mut t, "agency");
    let name = t.req_text("name");
    let scope = t.req_text("scope");
    let fee = t.req_money("fee");
    let work = t.req_choice("work", WORK);
    let skills = t.strings("skills");
    let channels = t.refs("channels");
    let capacity = t.decimal("capacity");
    let span = t.span();
    t.finish();
    Some(Agency {
        id: id?,
        name: name?,
        scope: scope?,
        fee: fee?,
        work: work?,
        skills,
        channels,
        capacity,
        span,
    })
}

pub(super) fn read_initiative(mut t: Fields<'_, '_>) -> Option<Initiative> {
    let id = named(&mut t, "initiative");
    let name = t.req_text("name");
    let owner = t.text("owner");
    let start = t.req_date("start");
    let end = t.req_date("end");
    let supports = t.refs("supports");
    let effort = t.id_numbers("effort");
    let agency = t.str("agency");
    let insights = t.refs("insights");
    let audiences = t.refs("audiences");
    let needs = stack::capabilities(&mut t, "needs");
    let depends_on = t.refs("depends_on");
    let span = t.span();
    t.finish();
    Some(Initiative {
        audiences,
        needs,
        depends_on,
        id: id?,
        name: name?,
        owner,
        start: start?,
        end: end?,
        supports,
        effort,
        agency,
        insights,
        span,
    })
}

pub(super) fn read_milestone(mut t: Fields<'_, '_>) -> Option<Milestone> {
    let id = named(&mut t, "milestone");
    let name = t.req_text("name");
    let date = t.req_date("date");
    let initiative = t.str("initiative");
    let span = t.span();
    t.finish();
    Some(Milestone {
        id: id?,
        name: name?,
        date: date?,
        initiative,
        span,
    })
}

pub(super) fn read_risk(mut t: Fields<'_, '_>) -> Option<Risk> {
    let id = named(&mut t, "risk");
    let risk = t.req_text("risk");
    let likelihood = t.req_choice("likelihood", LEVEL);
    let impact = t.req_choice("impact", LEVEL);
    let impact_amount = crate::plan::conversion::read_impact(&mut t);
    let affects = t.refs("affects");
    let mitigation = t.text("mitigation");
    let owner = t.text("owner");
    let span = t.span();
    t.finish();
    Some(Risk {
        id: id?,
        risk: risk?,
        likelihood: likelihood?,
        impact: impact?,
        impact_amount,
        affects,
        mitigation,
        owner,
        span,
    })
}

pub(super) fn read_ask(mut t: Fields<'_, '_>) -> Option<Ask> {
    let id = named(&mut t, "ask");
    let ask = t.req_text("ask");
    let kind = t.choice("kind", ASK_KIND).unwrap_or(AskKind::Other);
    let amount = t.money("amount");
    let fte = t.decimal("fte");
    let role = t.str("role");
    let by = t.date("by");
    let buys = t.text("buys");
    let if_declined = t.text("if_declined");
    let status = t.choice("status", ASK_STATUS).unwrap_or(AskStatus::Open);
    let decided_by = t.text("decided_by");
    let decided_on = t.date("decided_on");
    let blocking = t.boolean("blocking").unwrap_or(false);
    let funding = t.choice("funding", ASK_FUNDING);
    let span = t.span();
    t.finish();
    Some(Ask {
        id: id?,
        ask: ask?,
        kind,
        amount,
        fte,
        role,
        by,
        buys,
        if_declined,
        status,
        decided_by,
        decided_on,
        blocking,
        funding,
        span,
    })
}
