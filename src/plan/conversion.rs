//! What turns a marketing metric into the business's money: an objective's
//! win rate, deal size and sales cycle, and a risk's impact in money or in
//! an objective's unit. Read here so that the loader gains one call per
//! item, not a block of checks (the value bridge, `figures::value`, uses them).

use rust_decimal::Decimal;
use serde::Serialize;

use super::fields::Fields;
use super::located::{Located, Money, Ref};

/// `win_rate`, `deal_size`, `sales_cycle_days` on an objective: from the
/// metric (pipeline, SQLs, opportunities) to won business, and when it lands.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Conversion {
    /// Percent of the metric that is won: of pipeline's money, or of the
    /// leads, SQLs or opportunities it counts.
    pub win_rate: Option<Located<Decimal>>,
    /// What one won deal is worth, for a metric that counts things (SQLs,
    /// opportunities) rather than money.
    pub deal_size: Option<Money>,
    /// Days from the metric (pipeline created) to the deal closed.
    pub sales_cycle_days: Option<Located<u32>>,
}

/// The longest sales cycle a plan may state: ten years.
pub const MAX_CYCLE_DAYS: u32 = 3650;

/// Reads an objective's conversion fields, each bad value a located finding.
/// `money_metric`: the objective's unit is a currency (pipeline in EUR), so
/// it needs no deal size.
pub(super) fn read(t: &mut Fields<'_, '_>, money_metric: bool, valued: bool) -> Conversion {
    let win_rate = t.percent_located("win_rate").and_then(|w| {
        if w.value.is_zero() {
            t.invalid(
                w.span.clone(),
                "`win_rate` of 0%: nothing the metric brings is ever won",
                "write the share that is won, e.g. `win_rate = 24` for 24%; leave it out if unknown",
            );
            return None;
        }
        Some(w)
    });
    let deal_size = t.money("deal_size").and_then(|d| {
        if money_metric {
            t.invalid(
                d.span.clone(),
                "`deal_size` on an objective measured in money: the win rate turns its money into revenue",
                "remove `deal_size`; it is for a metric that counts deals (SQLs, opportunities)",
            );
            return None;
        }
        if d.value.is_zero() {
            t.invalid(
                d.span.clone(),
                "`deal_size` must be above 0",
                "write what one won deal is worth, e.g. `deal_size = 45_000`",
            );
            return None;
        }
        Some(d)
    });
    let sales_cycle_days = t.decimal("sales_cycle_days").and_then(|d| {
        match u32::try_from(d.value.trunc().mantissa())
            .ok()
            .filter(|n| d.value.fract().is_zero() && *n <= MAX_CYCLE_DAYS)
        {
            Some(n) => Some(Located::new(n, d.span)),
            None => {
                t.invalid(
                    d.span,
                    format!("`sales_cycle_days` must be a whole number of days from 0 to {MAX_CYCLE_DAYS}"),
                    "write the days from pipeline created to deal closed, e.g. `sales_cycle_days = 120`",
                );
                None
            }
        }
    });
    if valued && let Some(w) = &win_rate {
        t.invalid(
            w.span.clone(),
            "`win_rate` and `value_per_unit` both value this objective's metric",
            "keep one: `win_rate` (with `deal_size` for a count) for what is won, or `value_per_unit` for what one unit is worth",
        );
    }
    if deal_size.is_some()
        && win_rate.is_none()
        && let Some(d) = &deal_size
    {
        t.invalid(
            d.span.clone(),
            "`deal_size` without `win_rate`: the deck cannot tell how many deals are won",
            "add `win_rate`, the percentage of the metric's deals that are won",
        );
    }
    Conversion {
        win_rate,
        deal_size,
        sales_cycle_days,
    }
}

/// `impact_value` and `impact_on` on a risk: what it would cost if it
/// happened, in money or in an objective's unit.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Impact {
    /// The loss if the risk happens: money in the plan's currency, or an
    /// amount of `impact_on`'s metric.
    pub impact_value: Option<Located<Decimal>>,
    /// The objective whose metric `impact_value` is counted in.
    pub impact_on: Option<Ref>,
    /// What money with no `impact_on` is money of, as the author's comment
    /// beside `impact_value` names it (`impact_value = 9_000_000  #
    /// sell-out at risk in 2027`): the comment's words; the deck takes them
    /// as the basis where they name a kind of money and no doubt
    /// (`check::risk_words::note_money`). The format reads
    /// no comment; the risk table printed "€9M (basis not given)" beside a
    /// plan that said what it was.
    pub impact_note: Option<String>,
}

pub(super) fn read_impact(t: &mut Fields<'_, '_>) -> Impact {
    let impact_value = t.decimal("impact_value").and_then(|v| {
        if v.value <= Decimal::ZERO {
            t.invalid(
                v.span.clone(),
                "`impact_value` must be above 0: it is what the risk would cost",
                "write the loss if it happens, e.g. `impact_value = 1_200_000`",
            );
            return None;
        }
        Some(v)
    });
    let impact_on = t.str("impact_on");
    if let Some(on) = &impact_on
        && !t.has_key("impact_value")
    {
        t.invalid(
            on.span.clone(),
            "`impact_on` without `impact_value`",
            "add `impact_value`, the amount of that objective's metric the risk would cost",
        );
    }
    let impact_note = impact_value
        .as_ref()
        .filter(|_| impact_on.is_none())
        .and_then(|v| super::value_note::comment_beside(t.sink().text(), &v.span));
    Impact {
        impact_value,
        impact_on,
        impact_note,
    }
}
