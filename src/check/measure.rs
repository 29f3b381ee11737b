//! Goals and objectives are measurable: metric, baseline, target, due date.

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity, Span};
use crate::plan::{Located, Measure};

pub const UNMEASURABLE: Rule = Rule {
    id: "unmeasurable",
    severity: Severity::Error,
    family: "measurability",
    summary: "a goal or objective lacks a metric, a target or a due date",
    explanation: "A goal or objective without a metric, a target and a due date cannot be \
tracked, so it cannot be met or missed. Give it `metric = \"...\"`, `target = ...` and \
`due = YYYY-MM-DD`. (\"Improve brand awareness\" becomes \"aided awareness in DACH from 31% \
to 38% by 2027-12-31\".)",
    configurable: true,
};

pub const NO_BASELINE: Rule = Rule {
    id: "no-baseline",
    severity: Severity::Warning,
    family: "measurability",
    summary: "a goal or objective has no baseline",
    explanation: "Without a baseline, a target says nothing about ambition: is 38% awareness a \
stretch or a decline? State where the metric is today (`baseline = ...`). If it is genuinely \
unknown, measuring it is the first initiative of the plan.",
    configurable: true,
};

pub const TARGET_IS_BASELINE: Rule = Rule {
    id: "target-is-baseline",
    severity: Severity::Warning,
    family: "measurability",
    summary: "a target equals its baseline",
    explanation: "The target is the same as the baseline, so the objective asks for no change. \
If holding the line is the point, say so in the statement and consider whether it belongs in \
the plan; otherwise set the target you mean.",
    configurable: true,
};

pub const DUE_OUTSIDE_PERIOD: Rule = Rule {
    id: "due-outside-period",
    severity: Severity::Warning,
    family: "measurability",
    summary: "a due date falls outside the plan period",
    explanation: "A goal or objective due after the plan period ends (or before it starts) \
cannot be judged by this plan. Move the due date inside the period, or split the target into \
the part this period delivers.",
    configurable: true,
};

pub const KPI_MISMATCH: Rule = Rule {
    id: "kpi-mismatch",
    severity: Severity::Warning,
    family: "measurability",
    summary: "a channel's KPIs cannot show progress on an objective it serves",
    explanation: "A KPI is how a channel shows, month by month, that it moves the objective it is funded for. Metrics count a stage of the buyer's journey — awareness (impressions, reach, followers), engagement (clicks, visits, attendees), demand (leads, demos, trials, enquiries, tender shortlists, pipeline), sales (orders, customers, revenue) and retention (churn, renewals) — and a KPI can show progress on an objective at its own stage or the next one either side (leads lead revenue). Two stages apart, the KPI can move while the objective does not: followers for a tender shortlist, impressions for revenue. The kind is read from `kind` on the KPI or objective when given (`kind = \"demand\"`: awareness, engagement, demand, sales, retention), else from the unit and then the name (an amount of money counts as sales); a metric whose kind can't be told is not judged. Give the channel a KPI at the objective's stage, or serve the objective its KPIs do measure.",
    configurable: true,
};

pub const KPI_PARTIAL: Rule = Rule {
    id: "kpi-partial",
    severity: Severity::Note,
    family: "measurability",
    summary: "a channel is forecast for a result none of its KPIs can show progress on",
    explanation: "A channel forecast to bring a result is counted on for it, so its KPIs should show progress on it month by month. `kpi-mismatch` fires when a channel's KPIs fit none of the objectives it serves; this note fires when they fit one but not another the channel has a forecast (or a response curve) for — engaged views for a channel forecast to bring funded accounts. The stages and the test are `kpi-mismatch`'s. The plan health score is stricter, as a board reading the channel slides is: it counts a funded channel's KPI only when, for every result the channel is forecast to bring, a KPI's name or unit says that result's unit, or its name says two words of the result's metric (its one word where it has one); a currency names nothing (\"Badge scans converted to SQO\" for sales-qualified opportunities counted in SQOs; \"Booth meetings booked\" does not measure aided awareness, \"Group RFPs received\" not group and MICE revenue, a CAC in pounds not net revenue in pounds), and the health slide names each channel it leaves out. Add a KPI at that result's stage, or set `kind` where a name misleads.",
    configurable: true,
};

pub const VALUE_BASIS_MISSING: Rule = Rule {
    id: "value-basis-missing",
    severity: Severity::Warning,
    family: "measurability",
    summary: "an objective's value per unit does not say what it is a value of",
    explanation: "`value_per_unit` turns a forecast into money on the deck's value bridge and in \
its returns. \"£0.38 per £1 of revenue\" leaves a board to guess whether that is margin, revenue \
or lifetime value, and so what the return is a return of: a reader counts money built on it as a \
number without a basis, even under a footnote naming the gap. So the deck shows no money figure \
built on it, nor the value itself: the value slide's line for the objective says it is not valued \
and why, this finding gives the figure, and no total, return, scenario column, goal's share or \
risk exposure is built on it (the value slide's title and the summary say no return is shown). Say it with `value_basis = \"gross margin\"` (or \"first-year ARR\", \
\"lifetime value\"): the deck then reads \"£0.38 of gross margin per £1\" and counts the value, \
its totals and returns per basis.",
    configurable: true,
};

pub const VALUE_BASIS_FROM_NOTE: Rule = Rule {
    id: "value-basis-from-note",
    severity: Severity::Note,
    family: "measurability",
    summary: "an objective's value per unit says its basis only in a comment",
    explanation: "A `value_per_unit` with no `value_basis` but a TOML comment beside it (on its \
line, or a lone comment line directly above, not one line of a block) that names a kind of money — revenue, ARR, MRR, \
gross or contribution margin, profit, lifetime value (LTV), an average order value or ADR — is \
counted on the basis the comment names: `value_per_unit = 1_150  # average first-year ARR of an \
upgrade` is valued as first-year ARR, and the value slide quotes the comment as the plan's note. \
A comment that names no money (a unit such as \"# GBP per customer\"), or doubts itself \
(\"TODO\", \"TBC\", \"check\", a question mark), is no basis: `value-basis-missing` fires \
instead. The comment says first-year when it names a first year, 12 months or a year. Comments \
are the author's notes, not the plan's fields: a tool that rewrites the file may drop them, and \
the deck's words for the basis are read from them by rule. Type `value_basis` so the plan says \
what the value is in a field: the help gives the line with the comment's words.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[
    &UNMEASURABLE,
    &NO_BASELINE,
    &TARGET_IS_BASELINE,
    &DUE_OUTSIDE_PERIOD,
    &KPI_MISMATCH,
    &KPI_PARTIAL,
    &VALUE_BASIS_MISSING,
    &VALUE_BASIS_FROM_NOTE,
];

/// A value per unit without its basis (`value-basis-missing`).
fn value_basis(cx: &mut Ctx<'_>) {
    for o in &cx.plan.objectives {
        let Some(v) = o
            .value_per_unit
            .as_ref()
            .filter(|_| o.value_basis.is_none())
        else {
            continue;
        };
        cx.report(
            Finding::new(
                &VALUE_BASIS_MISSING,
                format!(
                    "objective `{}` values each {} at {} with no basis (revenue, margin or lifetime value): {}",
                    o.id.value,
                    // "each customer", "each $1": the objective is named
                    // just before, so money is not "each $1 of <its name>".
                    match o.measure.unit.as_deref() {
                        Some(u) if crate::currency::is_currency(u) =>
                            crate::format::format_money(rust_decimal::Decimal::ONE, u, true),
                        u => crate::figures::value::per_what(u, "its metric"),
                    },
                    crate::format::format_money(v.value, &cx.plan.meta.currency.value, true),
                    // Where the plan's words state a figure the deck applies
                    // instead (a win rate), this value is shown nowhere.
                    // (as `deck::value_notes::deck_unit_value` reads them).
                    if super::words_value::applicable(cx.plan, &o.id.value).is_some_and(|w| {
                        matches!(
                            w.stated,
                            super::words_value::Stated::WinRate(_)
                                | super::words_value::Stated::PerUnit { basis: Some(_), .. }
                        )
                    }) {
                        "the deck applies the figure the plan's words state instead"
                    } else {
                        "the deck shows it on the value slide only and builds no return on it"
                    }
                ),
            )
            .at(v.span.clone())
            .help("add `value_basis = \"gross margin\"` (or \"revenue\", \"first-year ARR\", \"lifetime value\") to the objective, and the deck counts its value and return on that basis"),
        );
    }
}

/// A value per unit whose basis is read from the author's comment
/// (`value-basis-from-note`): counted, and the field asked for.
fn value_basis_from_note(cx: &mut Ctx<'_>) {
    for o in &cx.plan.objectives {
        let (Some(v), Some(n)) = (&o.value_per_unit, &o.value_note) else {
            continue;
        };
        cx.report(
            Finding::new(
                &VALUE_BASIS_FROM_NOTE,
                format!(
                    "objective `{}` says what its value per unit is only in a comment: the deck counts it as {} and quotes the comment",
                    o.id.value, n.basis
                ),
            )
            .at(v.span.clone())
            .help(format!(
                "type it on objective `{}`: `value_basis = \"{}\"` (or the words you mean; the deck's title names the basis)",
                o.id.value, n.basis
            )),
        );
    }
}

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let items = p
        .goals
        .iter()
        .map(|g| ("business goal", &g.id, &g.measure))
        .chain(
            p.objectives
                .iter()
                .map(|o| ("objective", &o.id, &o.measure)),
        );
    for (kind, id, m) in items {
        measure(cx, kind, id, m);
    }
    kpis(cx);
    kpi_partial(cx);
    value_basis(cx);
    value_basis_from_note(cx);
}

/// A channel whose KPIs can show progress on none of the objectives it
/// serves ([`crate::plan::links::kpi_mismatch`]): one finding for the
/// channel.
fn kpis(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    for c in &p.channels {
        let Some(crate::plan::links::Mismatch { kinds, served }) =
            crate::plan::links::kpi_mismatch(&cx.links, c)
        else {
            continue;
        };
        let Some(first) = c.kpis.first() else {
            continue;
        };
        let measured: Vec<String> = c
            .kpis
            .iter()
            .zip(&kinds)
            .map(|(k, kind)| format!("{} ({})", k.name, kind.as_str()))
            .collect();
        let mut objectives: Vec<String> = Vec::new();
        for (_, o, wanted) in &served {
            // "(kind: awareness)": a bare "(awareness)" after a metric named
            // "Prompted awareness" reads as the name said twice.
            let text = format!("`{}` (kind: {})", o.id.value, wanted.as_str());
            if !objectives.contains(&text) {
                objectives.push(text);
            }
        }
        let wanted = served[0].2;
        let mut f = Finding::new(
            &KPI_MISMATCH,
            format!(
                "channel `{}` measures {}, which cannot show progress on {}",
                c.id.value,
                measured.join(", "),
                objectives.join(", ")
            ),
        )
        .at(first.span.clone())
        .help(format!(
            "add a KPI that counts {} (or set `kind` where a name misleads), or serve the objective these KPIs measure",
            wanted.as_str()
        ));
        for (s, o, _) in &served {
            f = f.also(s.span.clone(), format!("serves `{}`", o.id.value));
        }
        // A slide says it without the checker's kind labels ("(sales)",
        // "(kind: awareness)" read as tool words on a board's page).
        let mut wanted_kinds: Vec<&str> = served.iter().map(|(_, _, k)| k.as_str()).collect();
        wanted_kinds.dedup();
        let mut measured_kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        measured_kinds.sort_unstable();
        measured_kinds.dedup();
        let mut for_objectives: Vec<String> = served
            .iter()
            .map(|(_, o, _)| format!("`{}`", o.id.value))
            .collect();
        for_objectives.dedup();
        f.board = Some(format!(
            "channel `{}` has no KPI that counts {} (for {}); its KPIs count {} ({})",
            c.id.value,
            wanted_kinds.join(" or "),
            for_objectives.join(", "),
            measured_kinds.join(" and "),
            c.kpis
                .iter()
                .map(|k| k.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        cx.report(f);
    }
}
fn measure(cx: &mut Ctx<'_>, kind: &str, id: &Located<String>, m: &Measure) {
    let missing: Vec<&str> = [
        ("metric", m.metric.is_none()),
        ("target", m.target.is_none()),
        ("due", m.due.is_none()),
    ]
    .into_iter()
    .filter_map(|(k, absent)| absent.then_some(k))
    .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        cx.report(
            Finding::new(
                &UNMEASURABLE,
                format!("{kind} `{}` is not measurable: it has no {list}", id.value),
            )
            .at(id.span.clone())
            .help(format!("add {list} to {kind} `{}`", id.value)),
        );
    }
    match (&m.baseline, &m.target) {
        (None, Some(_)) => cx.report(
            Finding::new(
                &NO_BASELINE,
                format!("{kind} `{}` has a target but no baseline", id.value),
            )
            .at(id.span.clone())
            .help("add `baseline = ...`: where the metric stands today"),
        ),
        (Some(b), Some(t)) if b.value == t.value => cx.report(
            Finding::new(
                &TARGET_IS_BASELINE,
                format!("the target of {kind} `{}` equals its baseline", id.value),
            )
            .at(t.span.clone())
            .also(b.span.clone(), "baseline")
            .help("set the target the plan aims for"),
        ),
        _ => {}
    }
    if let Some(due) = &m.due
        && !cx.in_period(due.value)
    {
        let (s, e) = (cx.plan.meta.start.value, cx.plan.meta.end.value);
        cx.report(
            Finding::new(
                &DUE_OUTSIDE_PERIOD,
                format!("{kind} `{}` is due {} , outside the plan period", id.value, due.value).replace(" ,", ","),
            )
            .at(span(due))
            .label(format!("the period is {s} to {e}"))
            .help("move the due date inside the period, or set the part of the target this period delivers"),
        );
    }
}

fn span<T>(l: &Located<T>) -> Span {
    l.span.clone()
}

/// A channel whose KPIs fit an objective it serves but not every result it
/// is forecast to bring ([`crate::plan::links::kpi_gaps`]): one note for
/// the channel, and none where `kpi-mismatch` already speaks of it.
fn kpi_partial(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    for c in &p.channels {
        if crate::plan::links::kpi_mismatch(&cx.links, c).is_some() {
            continue;
        }
        let gaps = crate::plan::links::kpi_gaps(&cx.links, c);
        let (Some(first), Some((_, wanted))) = (c.kpis.first(), gaps.first()) else {
            continue;
        };
        let objectives: Vec<String> = gaps
            .iter()
            .map(|(o, k)| format!("`{}` (kind: {})", o.id.value, k.as_str()))
            .collect();
        let kpis: Vec<&str> = c.kpis.iter().map(|k| k.name.as_str()).collect();
        cx.report(
            Finding::new(
                &KPI_PARTIAL,
                format!(
                    "channel `{}` is forecast for {}, which none of its KPIs ({}) can show progress on",
                    c.id.value,
                    objectives.join(", "),
                    kpis.join(", ")
                ),
            )
            .at(first.span.clone())
            .help(format!(
                "add a KPI that counts {} to the channel (or set `kind` where a name misleads); until then the health score does not count its KPI",
                wanted.as_str()
            )),
        );
    }
}
