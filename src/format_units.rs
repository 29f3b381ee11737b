//! A figure beside the metric it counts, with its unit said once. A board
//! reader counts "new funded accounts 74,400 accounts" or "self-serve
//! sign-ups falls to 218,000 sign-ups, 22,000 sign-ups less" as a lapse:
//! where the metric's name already says the unit, the figure beside it is
//! written bare ("new funded accounts falls to 64,200, 5,400 fewer") or
//! before the name ("74,400 new funded accounts").

use crate::currency::is_currency;

/// A figure and the metric it counts, with the unit said once: when the
/// metric's name ends in the figure's unit ("Self-serve sign-ups" counted
/// in "sign-ups"), the figure's unit gives way to the metric — "250,000
/// self-serve sign-ups", never "250,000 sign-ups of self-serve sign-ups";
/// otherwise "$16M of enterprise pipeline", "+0.5 pts of aided awareness".
/// `figure` is already formatted (a level, a change, an estimate).
pub fn of_metric(figure: &str, unit: Option<&str>, metric: &str) -> String {
    let metric = lower_first(metric);
    if let Some(bare) = unit
        .filter(|u| names_its_unit(&metric, u))
        .and_then(|u| figure.strip_suffix(&format!(" {u}")))
    {
        return format!("{bare} {metric}");
    }
    format!("{figure} of {metric}")
}

/// Whether a metric's name already says its (counted) unit: "Maris Porto
/// room nights" in "room nights", "New regular (monthly) donors" in
/// "donors". Money and percentages never: they are not counted.
pub fn names_its_unit(metric: &str, unit: &str) -> bool {
    let unit = unit.trim();
    if unit.is_empty() || unit == "%" || is_currency(unit) || unit == "x" || unit == "×" {
        return false;
    }
    let m = metric.trim().to_lowercase();
    let u = unit.to_lowercase();
    // "New policies sold" says "policies" as a word of its own, not only
    // at its end: "334,000 new policies sold", not "… policies of new
    // policies sold".
    m == u
        || m.ends_with(&format!(" {u}"))
        || m.ends_with(&format!("-{u}"))
        || m.starts_with(&format!("{u} "))
        || m.contains(&format!(" {u} "))
}

/// `figure` (already formatted, "≈ 218,000 sign-ups", "+27,000 members")
/// without its unit where `metric`, said beside it, names that unit
/// ("218,000" beside "self-serve sign-ups"); else as it is.
pub fn bare(figure: &str, unit: Option<&str>, metric: &str) -> String {
    unit.filter(|u| names_its_unit(metric, u))
        .and_then(|u| figure.strip_suffix(&format!(" {}", u.trim())))
        .unwrap_or(figure)
        .to_string()
}

/// A money KPI that is a cost per result ("Cost per funded account",
/// "CAC", "CPL"): an average over every result its money buys, which a
/// board reads as the same quantity as a cost per *extra* result beside it
/// unless it says which it is.
pub fn is_cost_per_result(name: &str, unit: Option<&str>) -> bool {
    if !unit.is_some_and(is_currency) {
        return false;
    }
    let lower = name.to_lowercase();
    lower.starts_with("cost per ")
        || lower.contains(" cost per ")
        || name
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "CAC" | "CPA" | "CPL" | "CPI" | "CPO" | "CPS"))
}

/// A metric and its figure in one phrase: "74,400 new funded accounts"
/// where the name says the unit, else "DTC net revenue £9.22M" (the
/// metric as given, its case kept).
pub fn metric_at(metric: &str, figure: &str, unit: Option<&str>) -> String {
    let b = bare(figure, unit, metric);
    if b.len() < figure.len() {
        format!("{b} {metric}")
    } else {
        format!("{metric} {figure}")
    }
}

/// "fewer" after a count the metric names, "less" after an amount.
pub fn fewer(unit: Option<&str>, metric: &str) -> &'static str {
    if unit.is_some_and(|u| names_its_unit(metric, u)) {
        "fewer"
    } else {
        "less"
    }
}

/// The author's percentages as the deck writes every percentage, without
/// trailing zeros: "from 7.8% to 9.0%" → "from 7.8% to 9%", so that a
/// goal's statement and its target cell ("9%") say one figure one way.
/// Only the notation changes; "9.05%" and "v2.0" stay as written.
pub fn restate_percents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find('%') {
        let head = &rest[..p];
        let digits = head
            .char_indices()
            .rfind(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let number = &head[digits..];
        let trimmed = match number.split_once('.') {
            Some((whole, frac))
                if !whole.is_empty()
                    && !frac.is_empty()
                    && frac.chars().all(|c| c.is_ascii_digit()) =>
            {
                let frac = frac.trim_end_matches('0');
                if frac.is_empty() {
                    whole.to_string()
                } else {
                    format!("{whole}.{frac}")
                }
            }
            _ => number.to_string(),
        };
        out.push_str(&head[..digits]);
        out.push_str(&trimmed);
        out.push('%');
        rest = &rest[p + 1..];
    }
    out.push_str(rest);
    out
}

/// `Concentrate on…` → `concentrate on…`, for a phrase inside a sentence;
/// `ABM…` and `SQL…` stay, and so does a name in title case (`Walk Till
/// Morning`): only the first letter changes, never an acronym later on
/// (`Opportunity value (SFDC)` → `opportunity value (SFDC)`).
pub fn lower_first(s: &str) -> String {
    // A first word with a capital inside it, a dot or a digit is a name
    // ("Booking.com", "HubSpot", "3M"), never a common word to lower.
    let first = s.split_whitespace().next().unwrap_or("");
    if first.chars().skip(1).any(char::is_uppercase)
        || first.trim_end_matches(['.', ',', ':', ';']).contains('.')
        || first.chars().any(|c| c.is_ascii_digit())
    {
        return s.to_string();
    }
    let mut chars = s.chars();
    let title_case = s.split_whitespace().nth(1).is_some_and(|w| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase) && c.next().is_some_and(char::is_lowercase)
    });
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() && !title_case => {
            a.to_lowercase().collect::<String>() + &s[a.len_utf8()..]
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_the_metric_names_is_said_once() {
        assert_eq!(
            bare(
                "≈ 218,000 sign-ups",
                Some("sign-ups"),
                "Self-serve sign-ups"
            ),
            "≈ 218,000"
        );
        assert_eq!(
            bare(
                "62,000 sign-ups",
                Some("sign-ups"),
                "Sign-ups from paid search"
            ),
            "62,000"
        );
        assert_eq!(bare("£9.22M", Some("GBP"), "DTC net revenue"), "£9.22M");
        assert_eq!(
            bare("960 SQOs", Some("SQOs"), "Sales-qualified opportunities"),
            "960 SQOs"
        );
        assert_eq!(
            metric_at("new funded accounts", "74,400 accounts", Some("accounts")),
            "74,400 new funded accounts"
        );
        assert_eq!(
            metric_at("prompted consideration", "23%", Some("%")),
            "prompted consideration 23%"
        );
        assert_eq!(fewer(Some("accounts"), "new funded accounts"), "fewer");
        assert_eq!(fewer(Some("EUR"), "direct room revenue"), "less");
    }

    #[test]
    fn a_percentage_reads_one_way() {
        assert_eq!(
            restate_percents("share from 7.8% to 9.0%"),
            "share from 7.8% to 9%"
        );
        assert_eq!(
            restate_percents("12.50% and 9.05% of v2.0"),
            "12.5% and 9.05% of v2.0"
        );
        assert_eq!(restate_percents("100% sure, 5 %"), "100% sure, 5 %");
        assert_eq!(restate_percents("Board cut (−12.0%)"), "Board cut (−12%)");
    }
}
