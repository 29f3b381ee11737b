//! The plan format's fields, in its order, as data: the loader's own value
//! lists name the choices; the JSON Schema and the plan workbook's layout
//! are made from them.

use super::{Field, Kind, names, opt, req};
use crate::plan::load;

pub(super) fn id() -> Field {
    req(
        "id",
        Kind::Id,
        "A short slug (a-z, 0-9, -, _), unique across the plan; other items refer to it.",
    )
}

pub(super) fn measure() -> Vec<Field> {
    vec![
        opt(
            "metric",
            Kind::Text,
            "What is measured (rule `unmeasurable`).",
        ),
        opt(
            "unit",
            Kind::Text,
            "Unit of baseline and target: a currency code, `%`, or a noun.",
        ),
        opt(
            "baseline",
            Kind::Number,
            "Where the metric stands today (rule `no-baseline`).",
        ),
        opt("target", Kind::Number, "Where it must be by `due`."),
        opt(
            "due",
            Kind::Date,
            "Inside the plan period (rule `due-outside-period`).",
        ),
    ]
}

pub(super) fn phasing() -> Vec<Field> {
    vec![
        opt(
            "quarterly",
            Kind::Amounts,
            "One amount per quarter of the period, adding up to the budget (rule `phasing-mismatch`).",
        ),
        opt(
            "monthly",
            Kind::Amounts,
            "One amount per month instead of per quarter; not both.",
        ),
    ]
}

pub(super) fn checks() -> Vec<Field> {
    vec![
        opt("allow", Kind::RuleIds, "Silence these rules."),
        opt("warn", Kind::RuleIds, "Report these rules as warnings."),
        opt("deny", Kind::RuleIds, "Report these rules as errors."),
        opt(
            "insight_max_age_months",
            Kind::Whole(1200),
            "Insights older than this at the plan start are stale. Default 18.",
        ),
        opt(
            "min_upstream_share",
            Kind::Percent,
            "Minimum upstream share of spend, percent. Default 15.",
        ),
        opt(
            "min_upstream_fte_share",
            Kind::Percent,
            "Minimum upstream share of team FTE, percent. Default 20.",
        ),
        opt(
            "curve_tolerance",
            Kind::Percent,
            "How far a typed forecast or scenario outcome may be from the response curves, percent. Default 10.",
        ),
        opt(
            "saturation_fraction",
            Kind::Percent,
            "A channel past half saturation whose marginal return is below this percentage of its objective's average is saturated. Default 25.",
        ),
        opt(
            "misallocation_threshold",
            Kind::Percent,
            "Uplift from reallocating between a objective's channels that is reported, percent. Default 5.",
        ),
        opt(
            "reallocation_step",
            Kind::Amount,
            "Reallocations move money in multiples of this. Default 1000.",
        ),
        opt(
            "overspend_tolerance",
            Kind::Percent,
            "Tracking: spend this far ahead of the phased plan is `overspend`, percent. Default 15.",
        ),
        opt(
            "underpacing_threshold",
            Kind::Percent,
            "Tracking: spend below this percentage of the phased plan is `under-pacing`. Default 75.",
        ),
        opt(
            "pace_tolerance",
            Kind::Percent,
            "Tracking: a result trailing the pace its target needs by more than this share of the progress needed is `kpi-behind-pace`. Default 10.",
        ),
        opt(
            "actuals_max_age_days",
            Kind::Whole(3660),
            "Tracking: the newest actuals older than this many days are `stale-actuals`. Default 45.",
        ),
    ]
}

/// The plan format's fields, in its order (the plan workbook's layout is
/// made from them).
// Size: one table of the format's fields as data, in the order of
// docs/plan-format.md: each entry is a key, its kind and its doc, nothing
// is decided here.
pub(crate) fn plan_fields() -> Vec<Field> {
    let work = || Kind::Choice(names(load::WORK));
    let level = || Kind::Choice(names(load::LEVEL));
    vec![
        req(
            "plan",
            Kind::Table(vec![
                req("title", Kind::Text, "The deck's title."),
                req("organisation", Kind::Text, "The company."),
                opt("unit", Kind::Text, "Business unit, brand or product line."),
                req("owner", Kind::Text, "Who owns the plan."),
                req("start", Kind::Date, "First day of the period."),
                req("end", Kind::Date, "Last day of the period (inclusive)."),
                req(
                    "currency",
                    Kind::Currency,
                    "ISO 4217 code, upper case. Every amount is in it.",
                ),
                opt("version", Kind::Text, "The plan's own version."),
                opt(
                    "status",
                    Kind::Choice(names(load::STATUS)),
                    "Default \"draft\".",
                ),
                opt("status_by", Kind::Text, "Who set the status (`mvplan serve` writes it)."),
                opt("status_on", Kind::Date, "When the status was set."),
                opt(
                    "logo",
                    Kind::Text,
                    "A PNG or JPEG logo for the title slide, relative to the plan file.",
                ),
                opt(
                    "theme",
                    Kind::Text,
                    "`default`, `dark`, or a theme file inside the plan's directory.",
                ),
                opt(
                    "parent",
                    Kind::Text,
                    "Path of the parent plan (e.g. the company plan), relative to this file.",
                ),
                opt(
                    "actuals",
                    Kind::Texts,
                    "Actuals files (CSV or XLSX) inside the plan's directory, for `mvplan track` and the status deck.",
                ),
            ]),
            "What the plan is, whose it is, and for when.",
        ),
        opt(
            "checks",
            Kind::Table(checks()),
            "Per-plan tuning of the checker.",
        ),
        opt(
            "goals",
            Kind::Tables(
                [
                    vec![
                        id(),
                        req("statement", Kind::Text, "The goal in words."),
                        opt(
                            "from",
                            Kind::Ref,
                            "The parent plan's objective this goal cascades from.",
                        ),
                        opt(
                            "contribution",
                            Kind::Number,
                            "What the goal adds to the `from` objective, in that objective's unit. Default: target − baseline when the units match.",
                        ),
                    ],
                    measure(),
                ]
                .concat(),
            ),
            "Company-level outcomes that marketing must serve.",
        ),
        opt(
            "objectives",
            Kind::Tables(
                [
                    vec![
                        id(),
                        req("statement", Kind::Text, "The objective in words."),
                        opt(
                            "supports",
                            Kind::Refs,
                            "The goals it serves (rule `objective-no-goal`).",
                        ),
                        opt(
                            "forecast_basis",
                            Kind::Choice(names(load::BASIS)),
                            "What channel forecasts add up to: the target (default) or target − baseline.",
                        ),
                        opt(
                            "reading",
                            Kind::Choice(names(load::READING)),
                            "How its actuals' readings count: `level` (default; read as it stands, paced from the baseline to the target) or `period-total` (counted from zero since the plan's start, paced from zero) — docs/tracking.md.",
                        ),
                        opt(
                            "delivered_by",
                            Kind::Choice(names(load::DELIVERY)),
                            "In a company plan: the business units deliver this objective (no company channel needs to fund it; `mvplan review` sums the units' contributions to it).",
                        ),
                        opt(
                            "units_share",
                            Kind::Percent,
                            "In a company plan: the percentage of the objective's uplift the business units deliver; the company's own channels forecast the rest (rules `cascade-shortfall`, `forecast-shortfall`).",
                        ),
                        opt(
                            "kind",
                            Kind::Choice(names(crate::plan::kinds::KINDS)),
                            "What the metric counts, when its unit and name don't say (rule `kpi-mismatch`).",
                        ),
                        opt(
                            "insights",
                            Kind::Refs,
                            "The insights this objective acts on (rule `insight-unused`).",
                        ),
                        opt(
                            "value_per_unit",
                            Kind::Number,
                            "What one unit of the metric is worth in the plan's currency: `mvplan optimize` trades objectives by it.",
                        ),
                        opt(
                            "value_basis",
                            Kind::Text,
                            "What `value_per_unit` is (\"gross margin\", \"first-year ARR\", \"lifetime value\"): the deck says \"£0.38 of gross margin per £1\" (rule `value-basis-missing`).",
                        ),
                        opt(
                            "win_rate",
                            Kind::Percent,
                            "Percent of the metric that is won (of pipeline's money, or of the SQLs or opportunities it counts): the value bridge turns the forecast into revenue (docs/plan-format.md, \"The value bridge\").",
                        ),
                        opt(
                            "deal_size",
                            Kind::Amount,
                            "What one won deal is worth, for a metric that counts deals (with `win_rate`).",
                        ),
                        opt(
                            "sales_cycle_days",
                            Kind::Whole(crate::plan::conversion::MAX_CYCLE_DAYS),
                            "Days from the metric (pipeline created) to the deal closed: how much of the revenue lands inside the plan's period.",
                        ),
                    ],
                    measure(),
                ]
                .concat(),
            ),
            "Marketing objectives: measurable, each supporting one or more goals.",
        ),
        opt(
            "audiences",
            Kind::Tables(vec![
                id(),
                req("name", Kind::Text, "Who they are."),
                opt("description", Kind::Text, ""),
                opt("size", Kind::Number, "How many."),
                opt("size_unit", Kind::Text, "Of what."),
                opt("pains", Kind::Texts, ""),
                opt("needs", Kind::Texts, ""),
                opt(
                    "insights",
                    Kind::Refs,
                    "The insights this audience is chosen or described by (rule `insight-unused`).",
                ),
            ]),
            "Who the plan is for.",
        ),
        opt(
            "insights",
            Kind::Tables(vec![
                id(),
                req("finding", Kind::Text, "What was learned."),
                opt(
                    "source",
                    Kind::Text,
                    "Where it comes from (rule `insight-unsourced`).",
                ),
                opt("source_kind", Kind::Choice(names(load::SOURCE_KIND)), ""),
                opt(
                    "date",
                    Kind::Date,
                    "When (rules `insight-undated`, `insight-stale`).",
                ),
                opt("confidence", level(), ""),
                opt(
                    "informs",
                    Kind::Refs,
                    "The objectives, channels, audiences or initiatives it shapes (rules `insight-orphan`, `insight-unused`).",
                ),
            ]),
            "Findings the plan rests on.",
        ),
        opt(
            "strategy",
            Kind::Table(vec![
                opt(
                    "statement",
                    Kind::Text,
                    "One sentence: where we are, where we're going, how we'll get there.",
                ),
                opt("value_proposition", Kind::Text, ""),
                opt("positioning", Kind::Text, "For whom, what, unlike what."),
                opt("choices", Kind::Texts, "The strategic choices."),
                opt(
                    "not_doing",
                    Kind::Texts,
                    "What the plan deliberately won't do.",
                ),
                opt(
                    "insights",
                    Kind::Refs,
                    "The insights the strategy's choices rest on (rule `insight-unused`).",
                ),
            ]),
            "The strategy statement and its choices.",
        ),
        opt(
            "assumptions",
            Kind::Tables(vec![
                id(),
                req("statement", Kind::Text, ""),
                opt(
                    "underpins",
                    Kind::Refs,
                    "Objectives or channels that rest on it (rule `assumption-untied`).",
                ),
                opt(
                    "test",
                    Kind::Text,
                    "How it will be tested (rule `assumption-untested`).",
                ),
                opt("test_by", Kind::Date, "When the test answers."),
            ]),
            "The few critical assumptions the targets rest on.",
        ),
        opt(
            "channels",
            Kind::Tables(
                [
                    vec![
                        id(),
                        req("name", Kind::Text, ""),
                        opt(
                            "category",
                            Kind::Text,
                            "A grouping for roll-ups (search, social, events…).",
                        ),
                        opt(
                            "supports",
                            Kind::Refs,
                            "The objectives it serves (rule `channel-no-objective`).",
                        ),
                        req(
                            "budget",
                            Kind::Amount,
                            "The channel's spend for the period.",
                        ),
                        opt("work", work(), "Default \"downstream\"."),
                    ],
                    phasing(),
                    vec![
                        opt(
                            "kpis",
                            Kind::Tables(vec![
                                opt(
                                    "id",
                                    Kind::Id,
                                    "For actuals' `result` rows to name the KPI.",
                                ),
                                req("name", Kind::Text, ""),
                                opt("target", Kind::Number, ""),
                                opt("unit", Kind::Text, ""),
                                opt(
                                    "kind",
                                    Kind::Choice(names(crate::plan::kinds::KINDS)),
                                    "What the KPI counts, when its unit and name don't say (rule `kpi-mismatch`).",
                                ),
                                opt("needs", capabilities(), "Capabilities of the stack it is measured with (rule `capability-missing`)."),
                                opt(
                                    "reading",
                                    Kind::Choice(names(load::READING)),
                                    "`period-total` (default: counted from zero) or `level`.",
                                ),
                            ]),
                            "KPIs (rule `channel-no-kpi`).",
                        ),
                        opt(
                            "forecast",
                            Kind::IdNumbers,
                            "Expected contribution to each objective's metric, by objective id.",
                        ),
                        opt(
                            "effort",
                            Kind::IdNumbers,
                            "FTE-months of work by skill to run the channel over the period.",
                        ),
                        opt("min_budget", Kind::Amount, "The optimiser keeps the budget at least this."),
                        opt("max_budget", Kind::Amount, "The optimiser keeps the budget at most this."),
                        opt("locked", Kind::Bool, "The optimiser leaves the budget as it is."),
                        opt("audiences", Kind::Refs, "Audiences it targets, by id: the review's calendar across units (rule `audience-collision`)."),
                        opt("needs", capabilities(), "Capabilities of the stack it cannot run without (rule `capability-missing`)."),
                        opt(
                            "response",
                            Kind::Table(vec![
                                req("objective", Kind::Ref, "The objective whose metric the curve gives."),
                                opt("curve", Kind::Choice(names(load::CURVE)), "The curve's family (Hill)."),
                                opt("half_saturation", Kind::Amount, "Spend over the period at which half of `max_outcome` is reached (Meridian `ec`, PyMC-Marketing `kappa`, unscaled)."),
                                opt("slope", Kind::Number, "Shape: ≤ 1 concave, > 1 S-shaped (Meridian `slope`, Robyn `alpha`). Default 1."),
                                opt("max_outcome", Kind::Number, "The result at saturation, in the objective's unit (PyMC-Marketing `beta`, unscaled)."),
                                opt("carryover", Kind::Number, "Geometric carry-over per quarter, 0 to 0.95 (Robyn `theta`), used with phasing."),
                                opt(
                                    "points",
                                    Kind::Tables(vec![
                                        req("spend", Kind::Amount, "A budget over the period."),
                                        req("result", Kind::Number, "What it delivered, in the objective's unit."),
                                    ]),
                                    "Known (spend, result) pairs to calibrate the curve from, instead of its parameters.",
                                ),
                                opt("source", Kind::Text, "Where the curve comes from."),
                            ]),
                            "The channel's response curve (`mvplan docs plan-format`, \"Response curves\").",
                        ),
                    ],
                ]
                .concat(),
            ),
            "Funded channels and programs.",
        ),
        req(
            "budget",
            Kind::Table(vec![
                req("total", Kind::Amount, "The plan's whole budget."),
                opt("contingency", Kind::Amount, "Reserve held back."),
                opt(
                    "lines",
                    Kind::Tables(
                        [
                            vec![
                                id(),
                                req("name", Kind::Text, ""),
                                req("amount", Kind::Amount, ""),
                                req("work", work(), ""),
                                opt(
                                    "activity",
                                    Kind::Choice(names(load::ACTIVITY)),
                                    "What kind of work.",
                                ),
                                opt(
                                    "supports",
                                    Kind::Refs,
                                    "Objectives the spend serves.",
                                ),
                            ],
                            phasing(),
                        ]
                        .concat(),
                    ),
                    "Spend that is not a channel.",
                ),
            ]),
            "The budget and the spend that is not a channel.",
        ),
        opt(
            "team",
            Kind::Tables(vec![
                id(),
                req("role", Kind::Text, ""),
                req("fte", Kind::Number, "Full-time equivalents (0 to 10,000)."),
                opt(
                    "cost",
                    Kind::Amount,
                    "Cost for the period; leave it out when the role is paid outside this budget.",
                ),
                req("work", work(), ""),
                opt("skills", Kind::Texts, "What the people in this row can do."),
                opt("channels", Kind::Refs, "Channels this row owns."),
                opt("start", Kind::Date, "Available from (a hire)."),
                opt("end", Kind::Date, "Available until (a leaver)."),
                opt("availability", Kind::Percent, "Share of `fte` available to this plan (default 100)."),
            ]),
            "The marketing team.",
        ),
        opt(
            "agencies",
            Kind::Tables(vec![
                id(),
                req("name", Kind::Text, ""),
                req("scope", Kind::Text, ""),
                req("fee", Kind::Amount, "Fee for the period."),
                req("work", work(), ""),
                opt("skills", Kind::Texts, "What the agency can do."),
                opt("channels", Kind::Refs, "Channels it delivers."),
                opt("capacity", Kind::Number, "FTE it can put on the account each month."),
            ]),
            "Agencies and their fees.",
        ),
        opt(
            "scenarios",
            Kind::Tables(vec![
                id(),
                req("name", Kind::Text, ""),
                opt(
                    "budget",
                    Kind::Amount,
                    "Budget level. Required unless `changes` is given; then it is the plan's total plus the changes, and must equal that if given too.",
                ),
                opt(
                    "changes",
                    Kind::IdNumbers,
                    "Change of each named channel's budget, by channel id, in money (negative for a cut): the other channels stay at the plan's budgets.",
                ),
                opt("description", Kind::Text, "What changes."),
                opt(
                    "outcomes",
                    Kind::IdNumbers,
                    "Expected value of each objective's metric at this budget, by objective id.",
                ),
            ]),
            "Budget scenarios.",
        ),
        opt(
            "triggers",
            Kind::Tables(vec![
                id(),
                opt("objective", Kind::Ref, "The objective whose metric it watches."),
                opt("kpi", Kind::Text, "Or a channel KPI, by name."),
                opt("channel", Kind::Ref, "The channel whose KPI it is."),
                opt("below", Kind::Number, "Fires when the metric falls below this."),
                opt("above", Kind::Number, "Fires when the metric rises above this."),
                opt("date", Kind::Date, "When it is looked at."),
                opt("cadence", Kind::Choice(names(load::CADENCE)), "Or how often."),
                req("action", Kind::Text, "What it sets off, in words."),
                opt("from", Kind::Ref, "The channel money moves from."),
                opt("to", Kind::Ref, "The channel money moves to."),
                opt("amount", Kind::Amount, "How much moves."),
                opt("scenario", Kind::Ref, "Or the scenario whose budget to switch to."),
            ]),
            "KPI thresholds that set off a reallocation.",
        ),
        opt(
            "initiatives",
            Kind::Tables(vec![
                id(),
                req("name", Kind::Text, ""),
                opt("owner", Kind::Text, ""),
                req("start", Kind::Date, "Inside the period."),
                req("end", Kind::Date, "After `start`."),
                opt("supports", Kind::Refs, "The objectives it serves."),
                opt(
                    "effort",
                    Kind::IdNumbers,
                    "FTE-months of work by skill (or team role id), spread over its dates.",
                ),
                opt("agency", Kind::Ref, "The agency that delivers it."),
                opt(
                    "insights",
                    Kind::Refs,
                    "The insights this initiative acts on (rule `insight-unused`).",
                ),
                opt("audiences", Kind::Refs, "Audiences it targets, by id (rule `audience-collision`)."),
                opt("needs", capabilities(), "Capabilities of the stack it cannot run without."),
                opt(
                    "depends_on",
                    Kind::Refs,
                    "Initiatives, of this plan or another unit's, that must end before it starts (rules `dependency-dates`, `cross-unit-dependency`).",
                ),
            ]),
            "The roadmap.",
        ),
        opt(
            "milestones",
            Kind::Tables(vec![
                id(),
                req("name", Kind::Text, ""),
                req("date", Kind::Date, "Inside the period."),
                opt("initiative", Kind::Ref, "The initiative it belongs to."),
            ]),
            "Dates on the roadmap.",
        ),
        opt(
            "risks",
            Kind::Tables(vec![
                id(),
                req("risk", Kind::Text, ""),
                req("likelihood", level(), ""),
                req("impact", level(), ""),
                opt(
                    "impact_value",
                    Kind::Number,
                    "The loss if it happens: money in the plan's currency, or an amount of `impact_on`'s metric. Ranks risks by exposure (likelihood × impact).",
                ),
                opt("impact_on", Kind::Ref, "The objective whose metric `impact_value` is counted in."),
                opt(
                    "affects",
                    Kind::Refs,
                    "What the risk hits, for a risk without `impact_value`: channel or objective ids, and a part of the period (\"Q4\", \"H2\", \"January\", \"summer\"). The risk slide sizes it as their forecast for that part.",
                ),
                opt("mitigation", Kind::Text, ""),
                opt("owner", Kind::Text, ""),
            ]),
            "What could go wrong.",
        ),
        opt(
            "asks",
            Kind::Tables(vec![
                id(),
                req("ask", Kind::Text, ""),
                opt("kind", Kind::Choice(names(load::ASK_KIND)), "Default \"other\"."),
                opt("amount", Kind::Amount, ""),
                opt("fte", Kind::Number, "Headcount asked for (kind \"headcount\")."),
                opt("role", Kind::Ref, "The team row (a planned hire) it would fill."),
                opt("by", Kind::Date, "When the answer is needed."),
                opt("buys", Kind::Text, "What the money or the answer buys (the ask slide shows it)."),
                opt("if_declined", Kind::Text, "What happens if it is declined or decided late (rule `ask-undecidable`)."),
                opt(
                    "status",
                    Kind::Choice(names(load::ASK_STATUS)),
                    "Default \"open\".",
                ),
                opt("decided_by", Kind::Text, "Who approved or declined it (`mvplan serve` writes it)."),
                opt("decided_on", Kind::Date, "When it was approved or declined."),
                opt(
                    "blocking",
                    Kind::Bool,
                    "The plan can't go ahead without an answer: the review lists it first.",
                ),
                opt(
                    "funding",
                    Kind::Choice(names(load::ASK_FUNDING)),
                    "Where its money stands: in the budget, new money, or contingent (spent only if a condition is met).",
                ),
            ]),
            "What the plan needs approved.",
        ),
        opt(
            "stack",
            Kind::Tables(vec![
                id(),
                req("tool", Kind::Text, "The tool or platform."),
                req("capability", capabilities(), "What it provides: one capability or a list."),
                opt("owner", Kind::Ref, "The team row that owns it (rule `stack-no-owner`)."),
                opt("cost", Kind::Amount, "Annual cost."),
                opt("in_budget", Kind::Bool, "Whether `cost` is paid from this budget (default: yes for local tools, no for central ones)."),
                opt("budget_line", Kind::Ref, "The budget line that pays for it (rule `stack-cost-unbudgeted`)."),
                opt("scope", Kind::Choice(names(crate::plan::stack::SCOPE)), "`central` (the group provides it) or `local` (default)."),
                opt("feeds", Kind::Refs, "Tools it sends data to."),
                opt("fed_by", Kind::Refs, "Tools it receives data from."),
                opt("used_by", Kind::Refs, "Channels, initiatives, KPIs or objectives that depend on it."),
                opt(
                    "automations",
                    Kind::Tables(vec![
                        id(),
                        req("name", Kind::Text, "What it does on its own."),
                        opt("customer_facing", Kind::Bool, "It reaches customers (default true)."),
                        opt("override_by", Kind::Ref, "The team row that can override or stop it (rule `automation-no-override`)."),
                    ]),
                    "What the tool does on its own.",
                ),
            ]),
            "The marketing stack: the systems the plan relies on (docs/plan-format.md, \"Operations\").",
        ),
    ]
}

/// One capability of the stack's vocabulary, or a list of them.
pub(super) fn capabilities() -> Kind {
    Kind::Names(crate::plan::CAPABILITIES.iter().map(|(w, ..)| *w).collect())
}
