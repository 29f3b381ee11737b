//! Who points at whom in a plan, indexed once.
//!
//! The alignment rules, the figures and the deck ask the same questions for
//! every item — which channels serve this objective, which objectives serve
//! this goal, what rests on this assumption — and answering each by scanning
//! every other item is quadratic: a plan at the 5,000-item cap took a second
//! to check. Built once per plan, in one pass over the references.

use std::collections::{HashMap, HashSet};

use super::model::{Assumption, Channel, Forecast, Goal, Kpi, MetricKind, Objective, Plan, Ref};

#[derive(Debug, Default)]
pub struct Links<'p> {
    pub goals: HashMap<&'p str, &'p Goal>,
    pub objectives: HashMap<&'p str, &'p Objective>,
    pub channels: HashMap<&'p str, &'p Channel>,
    /// Objective id → the channels whose `supports` name it (each once).
    channels_serving: HashMap<&'p str, Vec<&'p Channel>>,
    /// Goal id → the objectives whose `supports` name it (each once).
    objectives_serving: HashMap<&'p str, Vec<&'p Objective>>,
    /// Objective ids that a budget line with an amount above zero supports.
    funded_by_lines: HashSet<&'p str>,
    /// Objective id → each channel's forecast for it.
    forecasts_for: HashMap<&'p str, Vec<(&'p Channel, &'p Forecast)>>,
    /// Objective or channel id → the assumptions that underpin it.
    assumptions_under: HashMap<&'p str, Vec<&'p Assumption>>,
}

impl<'p> Links<'p> {
    pub fn of(plan: &'p Plan) -> Links<'p> {
        let mut l = Links::default();
        // The first item with an id wins, as in `Plan::objective`.
        for g in &plan.goals {
            l.goals.entry(g.id.value.as_str()).or_insert(g);
        }
        for o in &plan.objectives {
            l.objectives.entry(o.id.value.as_str()).or_insert(o);
            for s in distinct(o.supports.iter().map(|s| s.value.as_str())) {
                l.objectives_serving.entry(s).or_default().push(o);
            }
        }
        for c in &plan.channels {
            l.channels.entry(c.id.value.as_str()).or_insert(c);
            for s in distinct(c.supports.iter().map(|s| s.value.as_str())) {
                l.channels_serving.entry(s).or_default().push(c);
            }
            for f in &c.forecasts {
                l.forecasts_for
                    .entry(f.objective.value.as_str())
                    .or_default()
                    .push((c, f));
            }
        }
        for line in &plan.budget.lines {
            if !line.amount.value.is_zero() {
                l.funded_by_lines
                    .extend(line.supports.iter().map(|s| s.value.as_str()));
            }
        }
        for a in &plan.assumptions {
            for u in distinct(a.underpins.iter().map(|u| u.value.as_str())) {
                l.assumptions_under.entry(u).or_default().push(a);
            }
        }
        l
    }

    pub fn channels_serving(&self, objective: &str) -> &[&'p Channel] {
        self.channels_serving
            .get(objective)
            .map_or(&[], Vec::as_slice)
    }

    /// Whether money stands behind an objective: a channel with a budget
    /// serves it, a budget line with an amount supports it (research, say),
    /// or — in a company plan — the business units deliver it.
    pub fn funded(&self, objective: &Objective) -> bool {
        objective.delivered_by_units
            || self.funded_by_lines.contains(objective.id.value.as_str())
            || self
                .channels_serving(&objective.id.value)
                .iter()
                .any(|c| !c.budget.value.is_zero())
    }

    pub fn objectives_serving(&self, goal: &str) -> &[&'p Objective] {
        self.objectives_serving.get(goal).map_or(&[], Vec::as_slice)
    }

    pub fn forecasts_for(&self, objective: &str) -> &[(&'p Channel, &'p Forecast)] {
        self.forecasts_for.get(objective).map_or(&[], Vec::as_slice)
    }

    pub fn assumptions_under(&self, id: &str) -> &[&'p Assumption] {
        self.assumptions_under.get(id).map_or(&[], Vec::as_slice)
    }
}

/// The items of `it`, each once, in order.
fn distinct<'a>(it: impl Iterator<Item = &'a str>) -> impl Iterator<Item = &'a str> {
    let mut seen = HashSet::new();
    it.filter(move |s| seen.insert(*s))
}

/// The kind of an objective's metric, if the plan says or its unit or
/// metric name tells.
pub fn objective_kind(o: &Objective) -> Option<MetricKind> {
    MetricKind::infer(
        o.kind.as_ref().map(|k| k.value),
        o.measure.unit.as_deref(),
        o.measure.metric.as_ref().map_or("", |m| m.value.as_str()),
    )
}

/// A channel whose KPIs can show progress on none of the objectives it
/// serves: each KPI's kind, and each served objective with its kind.
pub struct Mismatch<'p> {
    pub kinds: Vec<MetricKind>,
    pub served: Vec<(&'p Ref, &'p Objective, MetricKind)>,
}

/// Whether a channel's KPIs cannot show progress on any objective it
/// serves (rule `kpi-mismatch`). A channel is judged only when the kind of
/// every KPI and every objective is known — a KPI or objective that can't
/// be told may be the pair that fits — and a KPI that fits one of its
/// objectives is enough: the others may be measured at the objective. The
/// health score's KPI part asks the same question, so the appendix never
/// counts a KPI the checker says cannot show progress. (Here, not in
/// `kinds`, which the model imports: links already reads the model.)
pub fn kpi_mismatch<'p>(links: &Links<'p>, c: &'p Channel) -> Option<Mismatch<'p>> {
    c.kpis.first()?;
    let kinds: Vec<MetricKind> = c
        .kpis
        .iter()
        .map(|k| MetricKind::infer(k.kind.as_ref().map(|k| k.value), k.unit.as_deref(), &k.name))
        .collect::<Option<_>>()?;
    let served: Vec<(&Ref, &Objective, MetricKind)> = c
        .supports
        .iter()
        .filter_map(|s| Some((s, *links.objectives.get(s.value.as_str())?)))
        .map(|(s, o)| objective_kind(o).map(|k| (s, o, k)))
        .collect::<Option<_>>()?;
    if served.is_empty()
        || served
            .iter()
            .any(|(_, _, wanted)| kinds.iter().any(|k| k.can_measure(*wanted)))
    {
        return None;
    }
    Some(Mismatch { kinds, served })
}

/// The objectives a channel is forecast to bring (a forecast above zero or
/// a response curve for it) that none of its KPIs can show progress on
/// (rule `kpi-partial`, and the health score's KPI part). `kpi_mismatch`
/// forgives a KPI that misses one objective when it fits another; a board
/// reads "a KPI that can measure what it serves" as every result it is
/// counted on for, so each forecast result is judged by the same
/// `can_measure` test. Judged only when every KPI's kind is known (an
/// unknown one may be the KPI that fits), and each objective only when its
/// own kind is.
pub fn kpi_gaps<'p>(links: &Links<'p>, c: &'p Channel) -> Vec<(&'p Objective, MetricKind)> {
    let Some(kinds) = c
        .kpis
        .iter()
        .map(|k| MetricKind::infer(k.kind.as_ref().map(|k| k.value), k.unit.as_deref(), &k.name))
        .collect::<Option<Vec<_>>>()
        .filter(|k| !k.is_empty())
    else {
        return Vec::new();
    };
    distinct(forecast_ids(c))
        .filter_map(|id| links.objectives.get(id).copied())
        .filter_map(|o| objective_kind(o).map(|k| (o, k)))
        .filter(|(_, wanted)| !kinds.iter().any(|k| k.can_measure(*wanted)))
        .collect()
}

/// The ids of the objectives a channel is forecast to bring: a forecast
/// above zero or a response curve for it (repeats possible).
pub fn forecast_ids(c: &Channel) -> impl Iterator<Item = &str> {
    c.forecasts
        .iter()
        .filter(|f| !f.value.value.is_zero())
        .map(|f| f.objective.value.as_str())
        .chain(c.response.iter().map(|r| r.objective.value.as_str()))
}

/// The objectives a channel is forecast to bring (a forecast above zero or
/// a response curve for it) that none of its KPIs names (the health
/// score's KPI part). A board reads "a KPI for every result it is forecast
/// to bring" against the channel slide: booth meetings and badge scans do
/// not measure aided awareness, whatever stage of the journey each counts,
/// and a KPI whose kind cannot be told is no excuse. So the health row
/// counts a result as measured only when a KPI's name or unit says a word
/// of its metric or unit ([`measures`]). [`kpi_gaps`]'s stage test, for
/// the `kpi-partial` note to the author, is looser: it forgives a KPI at a
/// neighbouring stage (qualified opportunities for pipeline).
pub fn kpi_unnamed<'p>(links: &Links<'p>, c: &'p Channel) -> Vec<&'p Objective> {
    if c.kpis.is_empty() {
        return Vec::new();
    }
    distinct(forecast_ids(c))
        .filter_map(|id| links.objectives.get(id).copied())
        .filter(|o| !c.kpis.iter().any(|k| measures(k, o)))
        .collect()
}

/// Whether a KPI measures an objective: its name or unit says the
/// objective's unit ("Badge scans converted to SQO" measures opportunities
/// counted in SQOs), or its name says the objective's metric — two of the
/// metric's words, or its one word where it has only one. A board reader
/// checks the health row against the channel slide and does not accept a
/// word in passing: "Group RFPs received" does not measure "Group and MICE
/// revenue", "Sign-ups from paid search" does not measure "Paid upgrades",
/// and a KPI in pounds ("Blended new-customer CAC") does not measure net
/// revenue in pounds — a currency names no metric, so it never matches.
pub fn measures(k: &Kpi, o: &Objective) -> bool {
    let metric = o.measure.metric.as_ref().map_or(&o.statement, |m| &m.value);
    let unit_words = |u: &Option<String>| -> HashSet<String> {
        u.iter()
            .filter(|u| !crate::currency::is_currency(u.trim()))
            .flat_map(|u| naming_words(u))
            .collect()
    };
    let wanted_unit = unit_words(&o.measure.unit);
    let name: HashSet<String> = naming_words(&k.name).collect();
    if !wanted_unit.is_empty()
        && (name.iter().any(|w| wanted_unit.contains(w))
            || unit_words(&k.unit).iter().any(|w| wanted_unit.contains(w)))
    {
        return true;
    }
    let wanted: HashSet<String> = naming_words(metric).collect();
    let shared = wanted.iter().filter(|w| name.contains(*w)).count();
    shared >= 2 || (wanted.len() == 1 && shared == 1)
}

/// Words that carry no meaning of their own in a metric's name.
const NOT_NAMING: &[&str] = &[
    "the", "and", "for", "from", "new", "per", "with", "via", "its", "our", "all", "total",
    "number", "into", "than",
];

/// The words a metric or unit is named by, lower case, a plural's "s"
/// dropped ("SQOs" → "sqo"), words under three letters and [`NOT_NAMING`]
/// left out.
pub fn naming_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !NOT_NAMING.contains(&w.as_str()))
        .map(|w| match (w.strip_suffix("ies"), w.strip_suffix('s')) {
            // "opportunities" names what "opportunity" names.
            (Some(stem), _) if stem.chars().count() >= 3 => format!("{stem}y"),
            (_, Some(stem)) => stem.to_string(),
            _ => w,
        })
}
