//! Risks a board can hold someone to: each names who acts and what they do.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::plan::Level;

pub const RISK_UNMANAGED: Rule = Rule {
    id: "risk-unmanaged",
    // A warning: the risk slide still shows the risk, with "none named" and
    // what the plan implies in its cell; `--strict` stops a plan going to
    // the board so.
    severity: Severity::Warning,
    family: "risks",
    summary: "a risk names no owner or no mitigation",
    explanation: "A board reads a risk as managed when it sees who acts if it happens \
(`owner`) and what they do about it (`mitigation`). A risk without them is an observation, which a \
board reads as nobody's job. The deck's risk slide shows the gap (\"none named\") with what the plan \
already implies: the owner of an initiative or a channel the risk names, or of work that needs a \
team row it names, as a suggestion (\"suggested: Retail marketing manager, who runs Retail \
partners\"), else the date by which the board should name one (the budget's decision date); and \
the plan's response on record — a trigger or scenario that names what the risk names, else the \
unassigned contingency — or that it holds none. Add `owner = \"…\"` (a role, as on the team) and \
`mitigation = \"…\"` to the risk; the help gives the implied owner as the line to add. Where the \
organisation's policy already requires the field (`[require] fields = [\"risks.owner\"]`), \
`policy-field-missing` reports it instead.",
    configurable: true,
};

pub const RISK_UNSIZED: Rule = Rule {
    id: "risk-unsized",
    // A note: a risk rated by levels is a plan a board can still read; the
    // deck sizes what it can from the channels the risk names.
    severity: Severity::Note,
    family: "risks",
    summary: "a risk gives no impact in money or in an objective's unit",
    explanation: "A board weighs a risk by what it would cost: an impact in money or in a target's \
unit (\"3,500 new funded accounts\"), not a level (\"high\"), and the deck ranks a plan's risks by \
that exposure. In a plan with more than one risk, a risk without `impact_value` shows \
its likelihood and impact as levels only; where its words name a channel (\"Meta CPMs jump\"), the \
deck's risk slide shows that channel's forecast as what is at stake, an upper bound and said to be \
one, or, where the risk's words also name a part of the period (\"in Q4\", \"over the summer\", \
\"mid-year\", a month), that part's share of the forecast, by the channel's phasing or spread \
evenly; where it names a team row the plan cannot be delivered without (the risk slide's \
\"delivery-critical\"), the forecast of the channels that row runs, for the part of the period it \
names; where it names only a part of the period (\"a stock-out in Q4\", \"a backlog in January\"), \
that part's share of the whole plan's forecast of its lead objective, an upper bound; otherwise \
\"not sized\". Add `impact_value` to the risk: money in the plan's currency, or, with `impact_on = \
\"<objective id>\"`, an amount of that objective's metric; or, where the plan cannot say what it \
would cost, name what it hits with `affects` (channel or objective ids, and a quarter, half or \
month), and the risk slide sizes it from their forecast.",
    configurable: true,
};

pub const RISK_IMPACT_UNDERSTATED: Rule = Rule {
    id: "risk-impact-understated",
    severity: Severity::Warning,
    family: "risks",
    summary: "a risk the plan cannot be delivered without is rated below high impact",
    explanation: "The resource model finds that the team can deliver the plan only if this risk \
does not happen: it names a team row the plan's work needs (the risk slide marks it \
\"delivery-critical\"). Its `impact = \"low\"` says the opposite, and the risk is ordered, and read, \
as a small one. Rate its impact for what losing the row costs (`impact = \"high\"` or \
\"medium\"), or give the plan the cover that makes it low (a second row with the skill, an agency). \
The same holds for a likely risk (high) with no owner or no mitigation whose words name a team row \
the plan's work needs: the people slide's verdict is conditional on it, and the risk slide rates its \
impact high and sizes it by the channels that row runs. And for a risk, at any likelihood, rated \
low or medium impact whose words name a planned hire the team's capacity needs (\"the engineer is \
not hired until Q3\"): the people slide says the team can deliver only if that hire starts on \
time, so the risk slide rates it high and says the plan rates it lower.",
    configurable: true,
};

pub const RISK_IMPACT_BASIS: Rule = Rule {
    id: "risk-impact-basis",
    severity: Severity::Warning,
    family: "risks",
    summary: "a risk's impact is money with no word of what it is money of",
    explanation: "A board reads an amount on a risk as a loss of something: revenue at risk, \
pipeline, margin, or a target's results. A risk whose `impact_value` is money, with no `impact_on` \
and no word in its text that says of what (\"revenue\", \"pipeline\", \"margin\", \"sales\", \
\"sell-out\", \"income\", \"bookings\", \"donations\", \"rewards\", \"refunds\", \"fines\", \
\"fees\", \"ARR\", \"MRR\"), gives a number without a basis: a reader cannot tell whether \
\"€9M\" is lost sales, lost margin or the cost of a fix, nor set it against the plan's forecast. \
The deck's risk table prints such an amount \"(basis not given)\", and readers mark it every \
time; the risk slide's title and the summary's main-risk line leave it out (read there, \
\"could cost €9M\" passes for a fact) and rank the risk by its likelihood and impact. Say of what in the risk's own words (\"… cutting web-shop revenue\") and the deck \
states the amount as of that; or in a comment beside the figure (`impact_value = 9_000_000  # \
sell-out at risk in 2027`), which the deck takes as the basis and marks as the plan's note (a \
comment with a question mark, TBC or TODO, or one that names no kind of money, is none); or count the impact in a target's unit with `impact_on = \
\"<objective id>\"` (\"14,000 sign-ups\"), which the deck values where the objective carries a \
value.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &RISK_UNMANAGED,
    &RISK_UNSIZED,
    &RISK_IMPACT_UNDERSTATED,
    &RISK_IMPACT_BASIS,
];

pub use super::risk_words::{channels_named, name_words};

pub fn check(cx: &mut Ctx<'_>) {
    unsized_risks(cx);
    money_of_no_basis(cx);
    understated(cx);
    // What the policy requires is `policy-field-missing`'s to report, as an
    // error; the same gap is not reported twice.
    let required = |field: &str| {
        cx.policy
            .is_some_and(|p| p.require_fields.iter().any(|f| f.value == field))
    };
    let (owner_required, mitigation_required) =
        (required("risks.owner"), required("risks.mitigation"));
    let by = super::risk_owner::decide_by(cx.plan)
        .format("%-d %b %Y")
        .to_string();
    for r in &cx.plan.risks {
        let mut missing = Vec::new();
        let mut fields = Vec::new();
        if r.owner.is_none() && !owner_required {
            missing.push("who acts if it happens (`owner`)");
            fields.push(match super::risk_owner::owner(cx.plan, r) {
                Some(i) => format!(
                    "`owner = \"{}\"` (the plan implies it: {}; the risk slide shows it as a suggestion until then)",
                    i.who, i.source
                ),
                None => format!(
                    "`owner = \"…\"` (the role that acts if it happens; nothing in the plan implies one, so the risk slide asks the board to name one by {by})"
                ),
            });
        }
        if r.mitigation.is_none() && !mitigation_required {
            missing.push("what is done about it (`mitigation`)");
            fields.push(match super::risk_owner::response(cx.plan, r) {
                Some(on_record) => format!(
                    "`mitigation = \"…\"` (what is done to prevent or soften it; the risk slide shows the plan's response on record: {on_record})"
                ),
                None => "`mitigation = \"…\"` (what is done to prevent or soften it; the plan holds no response to it)".to_string(),
            });
        }
        if missing.is_empty() {
            continue;
        }
        let finding = Finding::new(
            &RISK_UNMANAGED,
            format!(
                "risk `{}` does not say {}",
                r.id.value,
                missing.join(", nor ")
            ),
        )
        .at(r.id.span.clone())
        .help(format!("add {} to the risk", fields.join(" and ")));
        cx.report(finding);
    }
}

/// Risks whose impact is money the plan does not say is of anything
/// (`risk-impact-basis`): no `impact_on`, and no money word in the risk's
/// text — what the deck would print "(basis not given)".
fn money_of_no_basis(cx: &mut Ctx<'_>) {
    let currency = cx.plan.meta.currency.value.clone();
    for r in &cx.plan.risks {
        let Some(v) = r.impact_amount.impact_value.as_ref() else {
            continue;
        };
        // A comment beside the figure that names its money is a basis the
        // deck quotes (`risk_words::note_money`).
        if r.impact_amount.impact_on.is_some()
            || super::risk_words::named_money(&r.risk).is_some()
            || super::risk_words::note_money(r).is_some()
        {
            continue;
        }
        let amount = crate::format::format_money(v.value, &currency, true);
        let finding = Finding::new(
            &RISK_IMPACT_BASIS,
            format!(
                "risk `{}` puts {amount} on its impact without saying of what: the deck can only print it \"(basis not given)\"",
                r.id.value
            ),
        )
        .at(v.span.clone())
        .help(
            "say of what in the risk's words (\"… cutting web-shop revenue\", \"… of pipeline\", \
\"… of margin\"), or count it in a target's unit with `impact_on = \"<objective id>\"`",
        );
        cx.report(finding);
    }
}

/// Risks without an impact in money or target units (`risk-unsized`), in
/// a plan with more than one: exposure ranks them, and a level cannot say
/// which of two "high" risks is the larger (one risk needs no ranking).
fn unsized_risks(cx: &mut Ctx<'_>) {
    if cx.plan.risks.len() < 2 {
        return;
    }
    for r in &cx.plan.risks {
        if r.impact_amount.impact_value.is_some() {
            continue;
        }
        let named = channels_named(cx.plan, &r.risk);
        // A row the plan cannot do without: the deck sizes the risk by the
        // channels that row runs (`deck::risk_stake`).
        let row = cx
            .fig
            .capacity
            .as_ref()
            .and_then(|c| {
                c.at_risk
                    .iter()
                    .find(|k| k.risk == r.risk)
                    .map(|k| k.role.clone())
            })
            .or_else(|| {
                super::risk_rows::row_removed(cx.plan, &cx.fig.quarters, r)
                    .map(|(t, _)| t.role.clone())
            });
        let period = super::risk_rows::period_named(&r.risk);
        let shown = match (named.as_slice(), row) {
            _ if !r.affects.is_empty() => {
                "the risk slide sizes it from the forecast of what its `affects` names".to_string()
            }
            ([], Some(role)) => format!(
                "the risk slide sizes it from the forecast of the channels the {} runs",
                crate::format::lower_first(&role)
            ),
            ([], None) if period => "the risk slide sizes it as the part of the plan's forecast \
for the part of the period its words name, the whole plan's results then: an upper bound"
                .to_string(),
            ([], None) => "the risk slide shows it as not sized".to_string(),
            (_, _) => format!(
                "the risk slide sizes it from the forecast of {}",
                named
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
        let finding = Finding::new(
            &RISK_UNSIZED,
            format!(
                "risk `{}` gives no impact in money or in a target's unit: {shown}",
                r.id.value
            ),
        )
        .at(r.id.span.clone())
        .help(
            "add `impact_value = …` to the risk: money in the plan's currency, or an amount of an \
objective's metric with `impact_on = \"<objective id>\"`; or, where the plan cannot say what it \
would cost, name what it hits with `affects = [\"<channel or objective id>\", \"Q4\"]` (ids, and a \
quarter, half or month) and the risk slide sizes it from their forecast",
        );
        cx.report(finding);
    }
}

/// A risk rated low impact that names a row the plan cannot be delivered
/// without (`risk-impact-understated`).
fn understated(cx: &mut Ctx<'_>) {
    let Some(c) = cx.fig.capacity.as_ref() else {
        return;
    };
    let mut found = Vec::new();
    for k in &c.at_risk {
        let Some(r) = cx
            .plan
            .risks
            .iter()
            .find(|r| r.risk == k.risk && r.impact == Level::Low)
        else {
            continue;
        };
        found.push(
            Finding::new(
                &RISK_IMPACT_UNDERSTATED,
                format!(
                    "risk `{}` is typed `impact = \"low\"`; the risk slide rates it high, as the team can deliver the plan only if it does not happen: without {}, {} is {} FTE-months short of {}",
                    r.id.value,
                    k.role,
                    k.gap.quarter,
                    crate::format::format_number(k.gap.short(), 1),
                    crate::figures::capacity::skill_words(&k.gap.skill)
                ),
            )
            .at(r.id.span.clone())
            .help("rate its impact for what losing the row costs (`impact = \"high\"`), or add cover for the row's skills"),
        );
    }
    // A likely risk nobody owns or mitigates that takes away a row the
    // plan's work needs: the deck makes the team's verdict conditional on
    // it (`deck::people_terms`), so "low" is contradicted the same way.
    for r in cx.plan.risks.iter().filter(|r| r.impact == Level::Low) {
        if c.at_risk.iter().any(|k| k.risk == r.risk) {
            continue;
        }
        let Some((row, gap)) = super::risk_rows::row_removed(cx.plan, &cx.fig.quarters, r) else {
            continue;
        };
        found.push(
            Finding::new(
                &RISK_IMPACT_UNDERSTATED,
                format!(
                    "risk `{}` is typed `impact = \"low\"`; the risk slide rates it high, as it is likely, {} it, and the team can deliver the plan only if it does not happen: without {}, {} is {} FTE-months short of {}",
                    r.id.value,
                    super::risk_rows::unmanaged_words(r),
                    row.role,
                    gap.quarter,
                    crate::format::format_number(gap.short(), 1),
                    crate::figures::capacity::skill_words(&gap.skill)
                ),
            )
            .at(r.id.span.clone())
            .help(format!(
                "rate its impact for what losing the row costs (`impact = \"high\"`), or add `owner = \"…\"` and `mitigation = \"…\"` for the row's time, or cover for {}",
                crate::figures::capacity::skill_words(&gap.skill)
            )),
        );
    }
    // A risk that names a hire the capacity counts (its late start is what
    // the people slide's "only if the … starts by …" rests on): rated below
    // high, it reads as a small risk beside that condition.
    for r in cx.plan.risks.iter().filter(|r| r.impact != Level::High) {
        if c.at_risk.iter().any(|k| k.risk == r.risk)
            || super::risk_rows::row_removed(cx.plan, &cx.fig.quarters, r).is_some()
        {
            continue;
        }
        let Some((row, gap)) = super::risk_rows::hire_named(cx.plan, cx.fig, r) else {
            continue;
        };
        found.push(
            Finding::new(
                &RISK_IMPACT_UNDERSTATED,
                format!(
                    "risk `{}` is typed `impact = \"{}\"`; the risk slide rates it high, as it names {}, a hire the team can deliver the plan only with: without the hire, {} is {} FTE-months short of {}",
                    r.id.value,
                    match r.impact {
                        Level::Low => "low",
                        Level::Medium => "medium",
                        Level::High => "high",
                    },
                    row.role,
                    gap.quarter,
                    crate::format::format_number(gap.short(), 1),
                    crate::figures::capacity::skill_words(&gap.skill)
                ),
            )
            .at(r.id.span.clone())
            .help("rate its impact for what a late hire costs (`impact = \"high\"`), or give the work cover until the hire starts (an agency, a second row with the skill)"),
        );
    }
    for mut f in found {
        // The slide says the plan's rating in words, not as its TOML field
        // (`impact = "low"` read as tool words on a board's page).
        f.board = Some(["low", "medium"].iter().fold(f.message.clone(), |m, l| {
            m.replace(
                &format!("is typed `impact = \"{l}\"`"),
                &format!("is entered in the plan as {l} impact"),
            )
        }));
        cx.report(f);
    }
}
