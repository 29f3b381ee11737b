//! Numbers, money and quantities as people read them. Shared by the deck's
//! template filters and the renderers' chart labels.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::currency::{is_currency, symbol};

/// `the file…` → `The file…`.
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "a, b and c" (one list's words, every slide and finding alike).
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// "1 plan", "5 plans": a count with the noun in its number.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `1234567.5` → `1,234,567.5`.
pub fn group(value: Decimal) -> String {
    let s = value.normalize().to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    // Written once into a string of its final size: every amount on every
    // slide and in every message passes here.
    let mut out = String::with_capacity(s.len() + int.len() / 3 + 1);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `1234567.891` → `1,234,567.89`: at most `places` decimals, trailing zeros dropped.
pub fn format_number(d: Decimal, places: u32) -> String {
    group(
        d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

/// What an amount in `currency` is written between: a symbol before it
/// (`€`), or, without one, the code after it (" SEK": "1,200 SEK" reads
/// better than "SEK1,200"). `None` when `currency` is not a currency.
pub fn money_affixes(currency: &str) -> Option<(&str, String)> {
    if !is_currency(currency) {
        return None;
    }
    let sym = symbol(currency);
    Some(if sym.len() == 3 && sym == currency {
        ("", format!(" {currency}"))
    } else {
        (sym, String::new())
    })
}

/// `€6,000,000`, or `€6M` / `€1.2M` / `€250k` when compact.
pub fn format_money(d: Decimal, currency: &str, compact: bool) -> String {
    let sym = symbol(currency);
    let (sym, suffix) = if sym.len() == 3 && sym == currency {
        // No symbol: "1,200 SEK" reads better than "SEK1,200".
        ("", format!(" {currency}"))
    } else {
        (sym, String::new())
    };
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    let a = d.abs();
    // Under 100 the compact form is the full one: cents ("£41.20").
    let body = if compact && a >= Decimal::ONE_HUNDRED {
        compact_body(a)
    } else if a.fract().is_zero() {
        group(a.trunc())
    } else if a >= Decimal::ONE_HUNDRED {
        // The deck's money policy: whole currency units from 100 up — a
        // board reads "$151,963", never "$151,962.50"; cents only on unit
        // costs under 100. Tables whose parts must add to a shown total
        // round the parts first (`whole_units`) and total the rounded parts.
        group(whole_units(a))
    } else {
        // Cents in full under 100 (a unit cost: "£22.40").
        let cents = a.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        if a < Decimal::new(1, 1) {
            // Two significant digits for small unit costs (€0.014 per € of pipeline).
            let places = if a >= Decimal::new(1, 2) { 3 } else { 4 };
            format_number(a, places)
        } else {
            let fraction = format!("{:.2}", cents.fract());
            format!("{}.{}", group(cents.trunc()), &fraction[2..])
        }
    };
    format!("{sign}{sym}{body}{suffix}")
}

/// The compact form's body: from 1,000 up, three significant figures with
/// k, M or B (`$3.74M`, `€187k`, `$1.15k`, `£1.05M`; one decimal of a
/// million from ten million, `$163.5M`), so that the same
/// amount reads the same on every slide and a column of amounts carries
/// one precision (never "$3.7M" on one slide and "$3.74M" on the next);
/// whole units from 100, cents below.
fn compact_body(a: Decimal) -> String {
    if a >= Decimal::from(1_000) {
        let r = three_figures(a);
        let (div, suffix) = if r >= Decimal::from(1_000_000_000) {
            (Decimal::from(1_000_000_000), "B")
        } else if r >= Decimal::from(1_000_000) {
            (Decimal::from(1_000_000), "M")
        } else {
            (Decimal::from(1_000), "k")
        };
        // Millions and billions keep one decimal from 10 up ("$163.5M", a
        // goal's target as its author writes it, not "$164M").
        if suffix != "k" && a / div >= Decimal::TEN {
            return format!("{}{suffix}", format_number(a / div, 1));
        }
        format!("{}{suffix}", format_number(r / div, 2))
    } else if a >= Decimal::ONE_HUNDRED {
        group(whole_units(a))
    } else {
        format_number(a, 2)
    }
}

/// `a` to three significant figures, halves away from zero.
pub fn three_figures(a: Decimal) -> Decimal {
    a.round_sf_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
        .unwrap_or(a)
        .normalize()
}

pub use crate::format_units::{bare, fewer, lower_first, metric_at, names_its_unit, of_metric};
pub use crate::ratio::{format_multiple, format_ratio};

/// A share of a whole in whole percent (`12%`), as the budget and
/// resources slides print shares; one decimal only where the whole percent
/// would read as meeting the `floor` it is compared with (14.6% against a
/// minimum of 15%, never "15%, below the minimum of 15%").
pub fn format_share(share: Decimal, floor: Option<Decimal>) -> String {
    let whole = share.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let places = match floor {
        Some(f) if (share < f) != (whole < f) => 1,
        _ => 0,
    };
    format!("{}%", format_number(share, places))
}

/// An amount of money in whole currency units, halves away from zero: the
/// one rounding every table and chart of the deck uses for amounts ≥ 100.
pub fn whole_units(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// The unit a measure's name implies when the plan gives none: a return
/// or a ratio of money to money (`ROAS`, `ROI`, `LTV:CAC`, `MER`) is a
/// multiple, `×`. `None` for every other name: a count stays bare.
pub fn unit_from_name(name: &str) -> Option<&'static str> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric() && c != ':')
        .map(str::to_uppercase)
        .collect();
    words
        .iter()
        .any(|w| matches!(w.as_str(), "ROAS" | "ROI" | "LTV:CAC" | "MER" | "MULTIPLE"))
        .then_some("x")
}

/// A value in a goal's or objective's unit.
pub fn format_quantity(d: Decimal, unit: Option<&str>, compact: bool) -> String {
    match unit {
        Some(u) if is_currency(u) => format_money(d, u, compact),
        // One precision per level in a deck: three significant figures, as
        // the curves give every computed level ("24.9%", never "24.91%" on
        // one slide and "≈ 24.9%" on the next), at most two decimals.
        Some("%") => format!("{}%", format_number(three_figures(d), 2)),
        Some("x" | "×") => format_multiple(d),
        Some(u) if !u.is_empty() => format!("{} {u}", format_number(d, 2)),
        _ => format_number(d, 2),
    }
}

/// A change of a quantity, signed: a change of a percentage is in
/// percentage points (`+0.8 pts`), never `%`, which would read as relative.
pub fn format_change(d: Decimal, unit: Option<&str>, compact: bool) -> String {
    let sign = if d > Decimal::ZERO { "+" } else { "" };
    format!("{sign}{}", format_gap(d, unit, compact))
}

/// A signed change with the minus a board reads ("−$207k" for "-$207k");
/// a change with no sign of its own (zero) gets `unsigned` before it: "±"
/// where a line says which way each figure moved, "" elsewhere.
pub fn signed(s: String, unsigned: &str) -> String {
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None if s.starts_with('+') => s,
        None => format!("{unsigned}{s}"),
    }
}

/// A difference between two values of a quantity — a gap, a shortfall, an
/// uplift — unsigned as given: in percentage points for a percentage
/// (`1.5 pts`, `1 pt`), else in the quantity's unit (`$2.7M`, `180 SQOs`).
/// Every "short by", "ahead by" and "change" of a metric goes through here,
/// so a gap of a percentage is never written `%`.
pub fn format_gap(d: Decimal, unit: Option<&str>, compact: bool) -> String {
    match unit {
        Some("%") => {
            let pts = if d.abs() == Decimal::ONE { "pt" } else { "pts" };
            format!("{} {pts}", format_number(d, 2))
        }
        _ => format_quantity(d, unit, compact),
    }
}

/// What one unit of a result costs, with its basis, at a precision a board
/// reads: whole money from 100 up, compact from 10,000 (`€66.7k`, never
/// `€66,666.67`); per point for a percentage, per 1 of a currency result
/// (pipeline), per one of a counted unit (`per SQL`).
pub fn format_cost_per(cost: Decimal, currency: &str, unit: Option<&str>) -> String {
    let amount = cost_amount(cost, currency);
    let per = match unit {
        // A result in money (pipeline): what 1 of the currency buys reads
        // better than a fraction of a cent per unit.
        Some(u) if is_currency(u) && !cost.is_zero() => {
            // The precision of a return ("€1 buys €5.4" beside "5.4×"):
            // the same figure, written the same way (`format_ratio`).
            let buys = format_ratio(Decimal::ONE / cost);
            let (sym, suffix) = money_affixes(u).unwrap_or(("", String::new()));
            return format!(
                "{} buys {sym}{buys}{suffix}",
                format_money(Decimal::ONE, currency, true),
            );
        }
        Some("%") => "per point".to_string(),
        Some(u) if !u.trim().is_empty() => format!("per {}", singular(u.trim())),
        _ => "each".to_string(),
    };
    format!("{amount} {per}")
}

/// A cost per result's amount at the precision of [`format_cost_per`]:
/// "€66.7k", "€257", "€0.42".
pub fn cost_amount(cost: Decimal, currency: &str) -> String {
    if cost.abs() >= Decimal::from(1_000) {
        // The money rule of every slide: three significant figures, so
        // "€5.93k per point" sits beside "€16.1k per point", not "€5,933".
        format_money(cost, currency, true)
    } else if cost.abs() >= Decimal::from(100) {
        format_money(cost.round_dp(0), currency, false)
    } else {
        let places = if cost.abs() >= Decimal::ONE { 2 } else { 3 };
        let d = cost.round_sf(2).unwrap_or(cost).round_dp(places);
        format_money(d.normalize(), currency, false)
    }
}

/// `SQLs` → `SQL`, `opportunities` → `opportunity`, `room nights` →
/// `room night` (the last word of a unit of several); a unit that is not a
/// plain plural is kept as written. What follows "per" is one of a unit.
pub fn singular(unit: &str) -> String {
    let (head, last) = unit.rsplit_once(' ').map_or(("", unit), |(h, l)| (h, l));
    let head = if head.is_empty() {
        String::new()
    } else {
        format!("{head} ")
    };
    if let Some(stem) = last.strip_suffix("ies").filter(|s| !s.is_empty()) {
        return format!("{head}{stem}y");
    }
    if last.ends_with("ss") || last.ends_with("us") || last.len() < 3 {
        return unit.to_string();
    }
    format!("{head}{}", last.strip_suffix('s').unwrap_or(last))
}

/// An estimate (a curve's result) as people read it: three significant
/// figures, grouped — `2,347.8` → `2,350`, `0.0342` → `0.0342`.
pub fn approx(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = x.abs().log10().floor() as i32 + 1;
    let places = (3 - digits).max(0) as u32;
    let scale = 10f64.powi(digits - 3);
    let rounded = if digits > 3 {
        (x / scale).round() * scale
    } else {
        x
    };
    match Decimal::from_f64_retain(rounded) {
        Some(d) => format_number(d, places),
        None => format!("{x:.3e}"),
    }
}

/// A plain number shortened for an axis: `1800000` → `1.8M`, `250000` → `250k`.
pub fn format_compact(d: Decimal) -> String {
    let x = {
        use rust_decimal::prelude::ToPrimitive;
        d.to_f64().unwrap_or(0.0)
    };
    let (v, suffix) = match x.abs() {
        a if a >= 1e9 => (x / 1e9, "B"),
        a if a >= 1e6 => (x / 1e6, "M"),
        a if a >= 1e3 => (x / 1e3, "k"),
        _ => (x, ""),
    };
    let s = format!("{v:.1}");
    format!("{}{suffix}", s.strip_suffix(".0").unwrap_or(&s))
}

/// Whether prose states an amount a slide could contradict: digits after a
/// currency sign, or before a multiplier or a percent ("~$43M", "€2.5m",
/// "30% less"); "Q1", "v2", "FY27" or a date are not amounts.
pub fn states_an_amount(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
            i += 1;
        }
        let before = text[..start].chars().next_back();
        let after = text[i..].trim_start_matches(' ');
        let sign = before.is_some_and(|c| matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₩'));
        let multiplier = after.starts_with('%')
            || ["k", "K", "m", "M", "bn", "pts", "pp"].iter().any(|m| {
                after
                    .strip_prefix(m)
                    .is_some_and(|r| !r.starts_with(|c: char| c.is_alphabetic()))
            });
        let glued = before.is_some_and(|c| c.is_ascii_alphabetic());
        if !glued && (sign || multiplier) {
            return true;
        }
    }
    false
}

/// The amounts of money in the author's words (an ask, a goal's or an
/// objective's statement) written by the deck's money rule: "£24.84m" →
/// "£24.8M", "$148.0M" → "$148M", so that one amount never reads two ways
/// on one slide ("Grow revenue from $148.0M" beside a "$148M" cell). Only
/// the notation changes: the amount is read exactly and written as every
/// figure of the deck is (three significant figures, k/M/B), in the plan's
/// currency, and only where the author wrote it with that currency's
/// symbol. A currency written by its code is left alone, and so is any
/// symbol glued to a letter before it ("US$", "A$" in a US-dollar plan).
pub fn restate_amounts(text: &str, currency: &str) -> String {
    let sym = symbol(currency);
    if sym == currency || sym.trim().is_empty() {
        return crate::format_units::restate_percents(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(sym) {
        out.push_str(&rest[..i]);
        let glued = rest[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after = &rest[i + sym.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(after.len());
        let number = after[..end].trim_end_matches(['.', ',']);
        let tail = &after[number.len()..];
        let word_end = |n: usize| !tail[n..].starts_with(char::is_alphabetic);
        let (scale, used) = match tail.chars().next() {
            Some('k' | 'K') if word_end(1) => (Decimal::from(1_000), 1),
            Some('m' | 'M') if word_end(1) => (Decimal::from(1_000_000), 1),
            Some('b' | 'B') if word_end(1) => (Decimal::from(1_000_000_000), 1),
            _ if tail.starts_with("bn") && word_end(2) => (Decimal::from(1_000_000_000), 2),
            _ => (Decimal::ONE, 0),
        };
        let value = number
            .starts_with(|c: char| c.is_ascii_digit())
            .then(|| number.replace(',', "").parse::<Decimal>().ok())
            .flatten();
        match value {
            Some(v) if !glued => {
                out.push_str(&format_money(v * scale, currency, true));
                rest = &tail[used..];
            }
            _ => {
                out.push_str(sym);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    crate::format_units::restate_percents(&restate_coded(&out, currency))
}

/// "48,000 EUR" (a checker message's notation) → "€48k" where the currency
/// has a symbol: one notation per deck ("-650,000 GBP" → "-£650k"; "USDT"
/// and "in USD only" stay).
pub fn restate_coded(text: &str, currency: &str) -> String {
    let code = format!(" {currency}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&code) {
        let after = &rest[i + code.len()..];
        let before = &rest[..i];
        let start = before
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .map_or(0, |j| {
                j + before[j..].chars().next().map_or(1, char::len_utf8)
            });
        let number = &before[start..];
        let value = number
            .starts_with(|c: char| c.is_ascii_digit())
            .then(|| number.replace(',', "").parse::<Decimal>().ok())
            .flatten()
            .filter(|_| !after.starts_with(char::is_alphanumeric));
        match value {
            Some(v) => {
                out.push_str(&before[..start]);
                out.push_str(&format_money(v, currency, true));
            }
            None => {
                out.push_str(before);
                out.push_str(&code);
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_authors_amounts_follow_the_decks_money_rule() {
        assert_eq!(
            restate_amounts("Grow revenue from $148.0M to $163.5M", "USD"),
            "Grow revenue from $148M to $163.5M"
        );
        assert_eq!(
            restate_amounts("Approve £24.84m, then £410k and £32 per trial.", "GBP"),
            "Approve £24.8M, then £410k and £32 per trial."
        );
        assert_eq!(
            restate_amounts("US$5M and A$4.7M", "USD"),
            "US$5M and A$4.7M"
        );
        assert_eq!(restate_amounts("Approve A$4.70M", "AUD"), "Approve A$4.7M");
        assert_eq!(restate_amounts("1,200 SEK; $", "SEK"), "1,200 SEK; $");
        assert_eq!(
            restate_amounts("costs 48,000 EUR a year; lines hold 0 EUR.", "EUR"),
            "costs €48k a year; lines hold €0."
        );
        assert_eq!(restate_amounts("€ alone, €5 bn", "EUR"), "€ alone, €5 bn");
    }

    #[test]
    fn lower_first_keeps_names() {
        assert_eq!(lower_first("Stock-outs at launch"), "stock-outs at launch");
        assert_eq!(lower_first("SFDC drops leads"), "SFDC drops leads");
        assert_eq!(
            lower_first("Booking.com and Expedia demote us"),
            "Booking.com and Expedia demote us"
        );
        assert_eq!(
            lower_first("HubSpot renewal slips"),
            "HubSpot renewal slips"
        );
        assert_eq!(
            lower_first("Walk Till Morning slips"),
            "Walk Till Morning slips"
        );
        assert_eq!(lower_first("Tariffs rise."), "tariffs rise.");
    }

    #[test]
    fn money_full_and_compact() {
        assert_eq!(format_money(d("6000000"), "EUR", false), "€6,000,000");
        // Whole units from 100 up, halves away from zero; cents under 100.
        assert_eq!(format_money(d("1234.5"), "USD", false), "$1,235");
        assert_eq!(format_money(d("151962.50"), "USD", false), "$151,963");
        assert_eq!(format_money(d("-100.49"), "EUR", false), "-€100");
        assert_eq!(format_money(d("99.5"), "GBP", false), "£99.50");
        assert_eq!(format_money(d("22.4"), "GBP", false), "£22.40");
        assert_eq!(format_money(d("950.75"), "EUR", true), "€951");
        assert_eq!(format_money(d("0.0135"), "EUR", false), "€0.014");
        assert_eq!(format_money(d("0.1194"), "EUR", false), "€0.12");
        assert_eq!(format_money(d("-650000"), "GBP", false), "-£650,000");
        assert_eq!(format_money(d("6000000"), "EUR", true), "€6M");
        assert_eq!(format_money(d("5400000"), "EUR", true), "€5.4M");
        assert_eq!(format_money(d("250000"), "EUR", true), "€250k");
        assert_eq!(format_money(d("62500"), "EUR", true), "€62.5k");
        assert_eq!(format_money(d("1200000000"), "EUR", true), "€1.2B");
        assert_eq!(format_money(d("950"), "EUR", true), "€950");
        assert_eq!(format_money(d("1200"), "SEK", false), "1,200 SEK");
        assert_eq!(format_money(d("1200"), "CHF", false), "CHF 1,200");
    }

    #[test]
    fn quantities_follow_their_unit() {
        assert_eq!(format_quantity(d("18"), Some("%"), false), "18%");
        assert_eq!(
            format_quantity(d("1800"), Some("SQLs"), false),
            "1,800 SQLs"
        );
        assert_eq!(format_quantity(d("18000000"), Some("EUR"), true), "€18M");
        assert_eq!(format_quantity(d("3.5"), Some("x"), false), "3.5×");
        assert_eq!(format_quantity(d("9.5"), None, false), "9.5");
    }

    #[test]
    fn one_money_rule_three_figures() {
        // The amounts the reader saw rounded two ways, one way each now.
        assert_eq!(format_money(d("3741500"), "USD", true), "$3.74M");
        assert_eq!(format_money(d("3278180"), "GBP", true), "£3.28M");
        assert_eq!(format_money(d("1250000"), "USD", true), "$1.25M");
        assert_eq!(format_money(d("1045000"), "GBP", true), "£1.05M");
        assert_eq!(format_money(d("187450"), "EUR", true), "€187k");
        assert_eq!(format_money(d("1150"), "USD", true), "$1.15k");
        assert_eq!(format_money(d("12035000"), "USD", true), "$12M");
        assert_eq!(format_money(d("163500000"), "USD", true), "$163.5M");
        // Rounding up across a magnitude: 999,950 is a million.
        assert_eq!(format_money(d("999950"), "EUR", true), "€1M");
        assert_eq!(format_money(d("-427000"), "USD", true), "-$427k");
    }

    #[test]
    fn costs_returns_and_shares_one_rule_each() {
        assert_eq!(
            format_cost_per(d("5933.3"), "EUR", Some("%")),
            "€5.93k per point"
        );
        assert_eq!(
            format_cost_per(d("16100"), "EUR", Some("%")),
            "€16.1k per point"
        );
        assert_eq!(
            format_cost_per(d("240"), "EUR", Some("room nights")),
            "€240 per room night"
        );
        // €1 buys €5.4, as the return 5.4× reads: two significant figures.
        assert_eq!(
            format_cost_per(d("0.18450"), "EUR", Some("EUR")),
            "€1 buys €5.4"
        );
        assert_eq!(
            format_cost_per(d("0.25"), "USD", Some("USD")),
            "$1 buys $4.0"
        );
        assert_eq!(
            format_cost_per(d("0.0615"), "EUR", Some("EUR")),
            "€1 buys €16"
        );
        assert_eq!(format_share(d("12.46"), Some(d("15"))), "12%");
        // Never "15%, below the minimum of 15%".
        assert_eq!(format_share(d("14.6"), Some(d("15"))), "14.6%");
    }

    #[test]
    fn a_unit_is_said_once() {
        assert_eq!(
            of_metric("250,000 sign-ups", Some("sign-ups"), "Self-serve sign-ups"),
            "250,000 self-serve sign-ups"
        );
        assert_eq!(
            of_metric(
                "4,100 room nights",
                Some("room nights"),
                "Maris Porto room nights"
            ),
            "4,100 Maris Porto room nights"
        );
        assert_eq!(
            of_metric("$16M", Some("USD"), "Enterprise pipeline"),
            "$16M of enterprise pipeline"
        );
        assert_eq!(
            of_metric("960 SQOs", Some("SQOs"), "Sales-qualified opportunities"),
            "960 SQOs of sales-qualified opportunities"
        );
        // The unit as a word inside the metric's name (the insurer plan
        // written outside the project): said once.
        assert_eq!(
            of_metric("334,000 policies", Some("policies"), "New policies sold"),
            "334,000 new policies sold"
        );
        assert_eq!(singular("room nights"), "room night");
        assert_eq!(singular("opportunities"), "opportunity");
        assert_eq!(singular("SQOs"), "SQO");
        assert_eq!(singular("press"), "press");
    }

    #[test]
    fn ratios_named_as_such_are_multiples() {
        assert_eq!(unit_from_name("New-customer ROAS"), Some("x"));
        assert_eq!(unit_from_name("Blended LTV:CAC"), Some("x"));
        assert_eq!(unit_from_name("Roast sessions"), None);
        assert_eq!(unit_from_name("Shopping orders"), None);
    }

    #[test]
    fn gaps_of_a_percentage_are_points() {
        assert_eq!(format_gap(d("1.5"), Some("%"), true), "1.5 pts");
        assert_eq!(format_gap(d("1"), Some("%"), true), "1 pt");
        assert_eq!(format_gap(d("2700000"), Some("USD"), true), "$2.7M");
        assert_eq!(format_gap(d("180"), Some("SQOs"), true), "180 SQOs");
        assert_eq!(format_change(d("-0.5"), Some("%"), true), "-0.5 pts");
        assert_eq!(format_change(d("6.2"), Some("%"), true), "+6.2 pts");
    }
    #[test]
    fn amounts_in_prose() {
        for yes in [
            "pipeline ~$43M",
            "about €2.5m less",
            "30% fewer",
            "falls to 43M.",
            "+2 pts",
        ] {
            assert!(states_an_amount(yes), "{yes}");
        }
        for no in [
            "Q1 bookings slip",
            "referral v2 slips past June",
            "FY27",
            "by 30 June",
            "3 months",
            "3 AE hires",
        ] {
            assert!(!states_an_amount(no), "{no}");
        }
    }
}
