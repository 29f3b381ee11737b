//! What a metric counts: the stage of the buyer's journey at which it shows
//! progress. An objective and the KPIs of the channels serving it are
//! compared by it (rule `kpi-mismatch`): followers cannot show progress on
//! a tender shortlist, nor impressions on revenue.
//!
//! A plan can say it (`kind = "demand"` on an objective or a KPI); when it
//! does not, the kind is read from what the plan already says — the unit,
//! then the metric's or KPI's name — and stays unknown when neither names
//! a word below. Unknown kinds are never judged.

use serde::Serialize;

/// The stages, in the order a buyer passes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricKind {
    /// Who has seen or knows of us: impressions, reach, followers, awareness.
    Awareness,
    /// Who has interacted: clicks, visits, sessions, attendees.
    Engagement,
    /// Who wants to buy: leads, demos, trials, enquiries, shortlists, pipeline.
    Demand,
    /// Who bought, and for how much: orders, customers, revenue, wins.
    Sales,
    /// Who stays and buys again: churn, renewals, retention, repeat purchase.
    Retention,
}

pub(crate) const KINDS: &[(&str, MetricKind)] = &[
    ("awareness", MetricKind::Awareness),
    ("engagement", MetricKind::Engagement),
    ("demand", MetricKind::Demand),
    ("sales", MetricKind::Sales),
    ("retention", MetricKind::Retention),
];

/// Words (singular, lower case) that name a kind. Ambiguous words
/// (`subscribers`: a newsletter's or a paying service's?) are left out:
/// the plan says `kind` for those.
const WORDS: &[(&str, MetricKind)] = &[
    ("impression", MetricKind::Awareness),
    ("reach", MetricKind::Awareness),
    ("view", MetricKind::Awareness),
    ("viewer", MetricKind::Awareness),
    ("follower", MetricKind::Awareness),
    ("fan", MetricKind::Awareness),
    ("awareness", MetricKind::Awareness),
    ("recall", MetricKind::Awareness),
    ("recognition", MetricKind::Awareness),
    ("mention", MetricKind::Awareness),
    ("grp", MetricKind::Awareness),
    ("trp", MetricKind::Awareness),
    ("sov", MetricKind::Awareness),
    ("visibility", MetricKind::Awareness),
    ("click", MetricKind::Engagement),
    ("ctr", MetricKind::Engagement),
    ("visit", MetricKind::Engagement),
    ("visitor", MetricKind::Engagement),
    ("session", MetricKind::Engagement),
    ("pageview", MetricKind::Engagement),
    ("engagement", MetricKind::Engagement),
    ("like", MetricKind::Engagement),
    ("comment", MetricKind::Engagement),
    ("open", MetricKind::Engagement),
    ("attendee", MetricKind::Engagement),
    ("registration", MetricKind::Engagement),
    ("lead", MetricKind::Demand),
    ("mql", MetricKind::Demand),
    ("sql", MetricKind::Demand),
    ("demo", MetricKind::Demand),
    ("trial", MetricKind::Demand),
    ("signup", MetricKind::Demand),
    ("inquiry", MetricKind::Demand),
    ("enquiry", MetricKind::Demand),
    ("quote", MetricKind::Demand),
    ("rfp", MetricKind::Demand),
    ("rfq", MetricKind::Demand),
    ("tender", MetricKind::Demand),
    ("shortlist", MetricKind::Demand),
    ("opportunity", MetricKind::Demand),
    ("pipeline", MetricKind::Demand),
    ("meeting", MetricKind::Demand),
    ("appointment", MetricKind::Demand),
    ("consultation", MetricKind::Demand),
    ("revenue", MetricKind::Sales),
    ("order", MetricKind::Sales),
    ("purchase", MetricKind::Sales),
    ("customer", MetricKind::Sales),
    ("deal", MetricKind::Sales),
    ("win", MetricKind::Sales),
    ("booking", MetricKind::Sales),
    ("contract", MetricKind::Sales),
    ("logo", MetricKind::Sales),
    ("acv", MetricKind::Sales),
    ("arr", MetricKind::Sales),
    ("mrr", MetricKind::Sales),
    ("gmv", MetricKind::Sales),
    ("subscription", MetricKind::Sales),
    ("penetration", MetricKind::Sales),
    ("churn", MetricKind::Retention),
    ("retention", MetricKind::Retention),
    ("renewal", MetricKind::Retention),
    ("repurchase", MetricKind::Retention),
    ("ltv", MetricKind::Retention),
    ("nrr", MetricKind::Retention),
];

impl MetricKind {
    pub fn as_str(self) -> &'static str {
        KINDS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(name, _)| name)
    }

    /// Whether a KPI of this kind can show progress on an objective of
    /// kind `objective`: the same stage or the next one either side (leads
    /// lead revenue; two stages apart, the KPI moves without the objective).
    pub fn can_measure(self, objective: MetricKind) -> bool {
        (self as i8 - objective as i8).abs() <= 1
    }

    /// The kind a unit or a name says, when one of its words is known. The
    /// last known word wins: in English the head noun comes last
    /// ("sales-qualified leads", "net revenue retention").
    pub fn of_words(text: &str) -> Option<MetricKind> {
        // A hyphenated word is tried whole before its parts: "sign-ups" is
        // one word (signup), while "sales-qualified" names no kind whole
        // and its parts are read as before.
        text.split(|c: char| !c.is_alphanumeric() && c != '-')
            .rev()
            .flat_map(|w| {
                let whole = (w.contains('-')).then(|| w.replace('-', ""));
                whole.into_iter().chain(w.rsplit('-').map(str::to_string))
            })
            .filter(|w| !w.is_empty())
            .find_map(|w| {
                let w = w.to_lowercase();
                let singular = match w.strip_suffix("ies") {
                    Some(stem) => format!("{stem}y"),
                    None => w.strip_suffix('s').unwrap_or(&w).to_string(),
                };
                WORDS
                    .iter()
                    .find(|(word, _)| *word == w || *word == singular)
                    .map(|(_, k)| *k)
            })
    }

    /// The kind of a metric from what the plan says: its declared kind,
    /// else its unit's words, else its name's words, else — for an amount
    /// of money — sales.
    pub fn infer(declared: Option<MetricKind>, unit: Option<&str>, name: &str) -> Option<Self> {
        declared
            .or_else(|| unit.and_then(Self::of_words))
            .or_else(|| Self::of_words(name))
            .or_else(|| {
                unit.filter(|u| crate::plan::money::is_currency(u))
                    .map(|_| Self::Sales)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::MetricKind::*;
    use super::*;

    #[test]
    fn reads_the_head_noun() {
        assert_eq!(MetricKind::of_words("Sales-qualified leads"), Some(Demand));
        assert_eq!(
            MetricKind::of_words("Net revenue retention"),
            Some(Retention)
        );
        assert_eq!(MetricKind::of_words("Instagram followers"), Some(Awareness));
        assert_eq!(MetricKind::of_words("Tender shortlists"), Some(Demand));
        assert_eq!(MetricKind::of_words("Brand health score"), None);
        // A hyphenated word is one word before it is two.
        assert_eq!(MetricKind::of_words("Self-serve sign-ups"), Some(Demand));
        assert_eq!(MetricKind::of_words("Organic sign-ups"), Some(Demand));
    }

    #[test]
    fn two_stages_apart_cannot_measure() {
        assert!(Demand.can_measure(Sales));
        assert!(!Awareness.can_measure(Demand));
        assert!(!Awareness.can_measure(Sales));
        assert!(!Sales.can_measure(Awareness));
    }
}
