//! Money against the plan's own calendar: a launch or an event early in the
//! period needs its channels' money around it, not after it.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::Ctx;
use crate::diagnostic::{Finding, Rule, Severity};
use crate::figures::{quarterly, spread};

pub const PHASING_AFTER_LAUNCH: Rule = Rule {
    id: "phasing-after-launch",
    severity: Severity::Warning,
    family: "budget",
    summary: "the money of an early initiative's channels is phased almost entirely after it",
    explanation: "An initiative (a launch, an event, a campaign burst) dated in the first half of \
the period needs its channels' money around it: the channels serving the objectives it \
`supports`. Here at least 80% of their phased money falls after the quarter that follows the \
initiative's end — e.g. nothing spent before a February launch and 80% in Q4 — so the launch \
goes out with no media behind it, and the money arrives when it is over. Phase the channels' \
`quarterly` or `monthly` amounts to the calendar, or move the initiative to when the money is \
there.",
    configurable: true,
};

pub const RULES: &[&Rule] = &[&PHASING_AFTER_LAUNCH];

/// At most this share (percent) of the money by the end of the quarter
/// after the initiative: "almost entirely after it".
const AT_MOST_BEFORE: Decimal = Decimal::from_parts(20, 0, 0, false, 0);

pub fn check(cx: &mut Ctx<'_>) {
    let p = cx.plan;
    let quarters = &cx.fig.quarters;
    let n = quarters.len();
    if !cx.period_sound() || n < 2 {
        return;
    }
    // Each set of channels is judged once, at the earliest initiative it
    // serves: two launches on the same back-loaded channels are one cause.
    let mut initiatives: Vec<_> = p.initiatives.iter().collect();
    initiatives.sort_by_key(|i| i.end.value);
    let mut judged: HashSet<Vec<&str>> = HashSet::new();
    for i in initiatives {
        let Some(k) = quarters
            .iter()
            .position(|q| q.start <= i.end.value && i.end.value <= q.end)
        else {
            continue;
        };
        if 2 * k >= n || i.start.value < p.meta.start.value {
            continue;
        }
        let mut channels: Vec<_> = i
            .supports
            .iter()
            .flat_map(|o| cx.links.channels_serving(&o.value).iter().copied())
            .filter(|c| !c.budget.value.is_zero())
            .collect();
        channels.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        channels.dedup_by(|a, b| a.id.value == b.id.value);
        let ids: Vec<&str> = channels.iter().map(|c| c.id.value.as_str()).collect();
        if channels.is_empty() || !judged.insert(ids) {
            continue;
        }
        let mut by_quarter = vec![Decimal::ZERO; n];
        for c in &channels {
            let parts = c
                .phasing
                .as_ref()
                .and_then(|ph| quarterly(ph, cx.fig.months, n))
                .unwrap_or_else(|| spread(c.budget.value, n));
            for (total, part) in by_quarter.iter_mut().zip(parts) {
                *total += part;
            }
        }
        let total: Decimal = by_quarter.iter().sum();
        let window = (k + 1).min(n - 1);
        let early: Decimal = by_quarter[..=window].iter().sum();
        let Some(share) = crate::figures::percent(early, total) else {
            continue;
        };
        if share > AT_MOST_BEFORE {
            continue;
        }
        let (peak, peak_amount) = by_quarter
            .iter()
            .enumerate()
            .max_by_key(|(_, a)| **a)
            .map_or((0, Decimal::ZERO), |(q, a)| (q, *a));
        let peak_share = crate::figures::percent(peak_amount, total).unwrap_or_default();
        let names: Vec<String> = channels
            .iter()
            .map(|c| format!("`{}`", c.id.value))
            .collect();
        let mut f = Finding::new(
            &PHASING_AFTER_LAUNCH,
            format!(
                "initiative `{}` ends {}, but its channels ({}) spend {}% of their {} by the end of {}, and {}% in {}",
                i.id.value,
                i.end.value,
                names.join(", "),
                share.normalize(),
                cx.money(total),
                quarters[window].label,
                peak_share.normalize(),
                quarters[peak].label,
            ),
        )
        .at(i.start.span.clone())
        .label("dated early in the period")
        .help("phase the channels' money to the initiative's dates, or move the initiative to when the money is there");
        for c in channels.iter().filter(|c| c.phasing.is_some()) {
            if let Some(ph) = &c.phasing {
                f = f.also(ph.span.clone(), format!("`{}` phased here", c.id.value));
            }
        }
        cx.report(f);
    }
}
