//! The part of the plan's period a risk's words name ("in Q4", "over the
//! summer", "mid-year", "in January", "after 6 months"), and a channel's
//! share of its year in that part: a risk that hits one quarter puts that
//! quarter's results at stake, not the whole year's (`risk_stake`).

use chrono::{Datelike, Months};
use rust_decimal::Decimal;

use crate::figures::Figures;
use crate::plan::*;

/// A part of the period, as months of it (0 = the plan's first month).
pub struct Window {
    /// "Q4's", "the summer's", "the second half's".
    pub label: String,
    pub months: Vec<usize>,
}

/// The part of the period a risk's words name; `None` where they name none,
/// or more than one.
pub fn window(plan: &Plan, fig: &Figures, text: &str) -> Option<Window> {
    let n = fig.months as usize;
    if n == 0 {
        return None;
    }
    let start = plan.meta.start.value;
    // The calendar month (1–12) of each month of the period.
    let calendar: Vec<u32> = (0..n)
        .filter_map(|i| start.checked_add_months(Months::new(i as u32)))
        .map(|d| d.month())
        .collect();
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let mut found: Vec<Window> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if let Some(q) = w
            .strip_prefix('q')
            .and_then(|d| d.parse::<usize>().ok())
            .filter(|q| (1..=4).contains(q))
        {
            // The plan's own quarter of that name, as its slides label it.
            if let Some(k) = fig
                .quarters
                .iter()
                .position(|x| x.label.split_whitespace().next() == Some(&format!("Q{q}")))
            {
                found.push(Window {
                    label: format!("Q{q}'s"),
                    months: (k * 3..(k * 3 + 3).min(n)).collect(),
                });
            }
        } else if *w == "h1" || *w == "h2" {
            let half = n / 2;
            found.push(Window {
                label: format!("{}'s", w.to_uppercase()),
                months: if *w == "h1" {
                    (0..half).collect()
                } else {
                    (half..n).collect()
                },
            });
        } else if matches!(*w, "mid-year" | "midyear")
            || (*w == "mid" && words.get(i + 1) == Some(&"year"))
        {
            // From the middle of the year on: what is left when it happens.
            found.push(Window {
                label: "the second half's".to_string(),
                months: (n / 2..n).collect(),
            });
        } else if *w == "summer" {
            let months = months_where(&calendar, |m| (6..=8).contains(&m));
            if !months.is_empty() {
                found.push(Window {
                    label: "the summer's".to_string(),
                    months,
                });
            }
        } else if let Some(m) = crate::plan::words::MONTH_NAMES.iter().position(|x| x == w) {
            // "May" is also a verb: only a capitalised month in the text.
            let capitalised = text.contains(&crate::format::capitalised(w));
            let months = months_where(&calendar, |c| c as usize == m + 1);
            if capitalised && !months.is_empty() {
                found.push(Window {
                    label: format!("{}'s", crate::format::capitalised(w)),
                    months,
                });
            }
        } else if *w == "after"
            && let (Some(k), Some(unit)) = (
                words.get(i + 1).and_then(|k| k.parse::<usize>().ok()),
                words.get(i + 2),
            )
            && unit.starts_with("month")
            && k > 0
            && k < n
        {
            found.push(Window {
                label: format!("the last {} months'", n - k),
                months: (k..n).collect(),
            });
        }
    }
    match found.len() {
        1 => found.pop(),
        _ => None,
    }
}

fn months_where(calendar: &[u32], keep: impl Fn(u32) -> bool) -> Vec<usize> {
    calendar
        .iter()
        .enumerate()
        .filter(|(_, m)| keep(**m))
        .map(|(i, _)| i)
        .collect()
}

/// A channel's share of its year in a window: by its phasing where it
/// gives one (monthly, or quarterly spread over each quarter's months),
/// else evenly. The flag says whether the phasing was used.
pub fn share(fig: &Figures, c: &Channel, w: &Window) -> (Decimal, bool) {
    let n = fig.months as usize;
    let weights: Option<Vec<Decimal>> = c.phasing.as_ref().and_then(|p| match &p.phasing {
        Phasing::Monthly(m) if m.len() == n => Some(m.iter().map(|x| x.value).collect()),
        Phasing::Quarterly(q) if q.len() == fig.quarters.len() => Some(
            (0..n)
                .map(|i| {
                    q.get(i / 3)
                        .map_or(Decimal::ZERO, |x| x.value / Decimal::from(3))
                })
                .collect(),
        ),
        _ => None,
    });
    let phased = weights.is_some();
    let weights = weights.unwrap_or_else(|| vec![Decimal::ONE; n]);
    let all: Decimal = weights.iter().sum();
    if all.is_zero() {
        return (Decimal::ZERO, phased);
    }
    let part: Decimal = w.months.iter().filter_map(|i| weights.get(*i)).sum();
    (part / all, phased)
}
