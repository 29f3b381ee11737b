//! What a metric counts: the stage of the buyer's journey at which it shows
//! progress. An objective and the KPIs of the channels serving it are
//! compared by it (rule `kpi-mismatch`): followers cannot show progress on
//! a tender shortlist, nor impressions on revenue.
//!
//! A plan can say it (`kind = "demand"` on an objective or a KPI); when it
//! does not, the kind is read from what the plan already says — the unit,
//! then the metric's or KPI's name — and stays unknown when neither names
//! a word below. Unknown kinds are never judged.

use std::borrow::Cow;

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
                let whole = (w.contains('-')).then(|| Cow::Owned(w.replace('-', "")));
                whole.into_iter().chain(w.rsplit('-').map(Cow::Borrowed))
            })
            .filter(|w| !w.is_empty())
            .find_map(|w| Self::of_word(&w))
    }

    /// The kind one word names, as itself or its singular ("-ies" → "-y",
    /// else one "s" less), in any case.
    ///
    /// Every metric and KPI name of a plan is read here several times a
    /// check, so an ASCII word — nearly all — is compared in place, without
    /// the lower-case and singular copies that other words are read by.
    fn of_word(w: &str) -> Option<MetricKind> {
        if !w.is_ascii() {
            let w = w.to_lowercase();
            let singular = match w.strip_suffix("ies") {
                Some(stem) => format!("{stem}y"),
                None => w.strip_suffix('s').unwrap_or(&w).to_string(),
            };
            return WORDS
                .iter()
                .find(|(word, _)| *word == w || *word == singular)
                .map(|(_, k)| *k);
        }
        // `WORDS` are lower-case ASCII: the word's lower case and singular
        // are made on the stack, and each of `WORDS` compares to them as
        // bytes (a length apart, most differ at once).
        let mut lower = [0u8; 32];
        let mut singular = [0u8; 32];
        // Longer words name no kind: its singular is longer than any of
        // `WORDS` (a test keeps them short).
        if w.len() > lower.len() {
            return None;
        }
        let lower = &mut lower[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        let lower: &[u8] = lower;
        let singular: &[u8] = match lower.strip_suffix(b"ies") {
            Some(stem) => {
                singular[..stem.len()].copy_from_slice(stem);
                singular[stem.len()] = b'y';
                &singular[..=stem.len()]
            }
            None => lower.strip_suffix(b"s").unwrap_or(lower),
        };
        WORDS
            .iter()
            .find(|(word, _)| word.as_bytes() == lower || word.as_bytes() == singular)
            .map(|(_, k)| *k)
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

    /// The reading before the in-place comparison: lower case and
    /// singular copied.
    fn copied(w: &str) -> Option<MetricKind> {
        let w = w.to_lowercase();
        let singular = match w.strip_suffix("ies") {
            Some(stem) => format!("{stem}y"),
            None => w.strip_suffix('s').unwrap_or(&w).to_string(),
        };
        WORDS
            .iter()
            .find(|(word, _)| *word == w || *word == singular)
            .map(|(_, k)| *k)
    }

    #[test]
    fn a_word_compared_in_place_reads_as_copied() {
        let mut words: Vec<String> = Vec::new();
        for (w, _) in WORDS {
            let stem = w.strip_suffix('y').unwrap_or(w);
            for form in [
                w.to_string(),
                format!("{w}s"),
                format!("{stem}ies"),
                format!("{stem}IES"),
                w.to_uppercase(),
                format!("{}S", w.to_uppercase()),
                format!("{w}ss"),
                w[..w.len() - 1].to_string(),
            ] {
                words.push(form);
            }
        }
        words.extend(
            [
                "",
                "s",
                "S",
                "ies",
                "y",
                "Ies",
                "Kit",
                "K\u{212a}",
                "café",
                "CAFÉS",
            ]
            .map(str::to_string),
        );
        words.push("x".repeat(33));
        words.push(format!("{}ies", "x".repeat(30)));
        for w in &words {
            assert_eq!(MetricKind::of_word(w), copied(w), "{w:?}");
        }
        // What the in-place reading relies on.
        for (w, _) in WORDS {
            assert!(
                w.len() < 30 && w.bytes().all(|b| b.is_ascii_lowercase()),
                "{w}"
            );
        }
    }

    #[test]
    fn two_stages_apart_cannot_measure() {
        assert!(Demand.can_measure(Sales));
        assert!(!Awareness.can_measure(Demand));
        assert!(!Awareness.can_measure(Sales));
        assert!(!Sales.can_measure(Awareness));
    }
}
