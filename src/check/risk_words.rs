//! What a risk's words name: the channels, and the words that name a
//! thing (an acronym, a capitalised name) rather than say something about
//! it. Shared by the risk rules, the owner a risk implies
//! (`risk_owner`) and the deck's sizing of a risk (`deck::risk_stake`).

use crate::plan::{Channel, Plan};

/// The channels a risk's words name: by a word of the channel's name that
/// is a name, not a common word — an acronym of three letters or more
/// ("ABM", "SMS", "WEFTEC"), a capitalised word after the name's first
/// ("Boots" in "Retail partners: Boots & Space NK"), or a first word that
/// is the channel's id ("Meta" for `meta`) — found whole, with its
/// capitals, in the risk.
pub fn channels_named<'p>(plan: &'p Plan, risk: &str) -> Vec<&'p Channel> {
    let risk_words: Vec<&str> = words(risk).collect();
    plan.channels
        .iter()
        .filter(|c| {
            words(&c.name)
                .enumerate()
                .filter(|(i, w)| names_something(*i, w, &c.id.value))
                .any(|(_, w)| risk_words.contains(&w))
        })
        .collect()
}

/// The words of a text that name something, wherever they stand: acronyms
/// of three letters or more ("SLA", "PQL") and capitalised words after the
/// first ("Boots", "Walk"). Two texts that share one speak of one thing.
pub fn name_words(s: &str) -> impl Iterator<Item = &str> {
    words(s)
        .enumerate()
        .filter(|(i, w)| names_something(*i, w, ""))
        .map(|(_, w)| w)
}

pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|ch: char| !ch.is_alphanumeric() && ch != '-')
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
}

/// Capitalised words that name a date, not a thing.
const CALENDAR: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn names_something(index: usize, w: &str, id: &str) -> bool {
    if CALENDAR.contains(&w) {
        return false;
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let acronym = letters >= 3 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    let capitalised = w.chars().next().is_some_and(char::is_uppercase) && letters >= 3;
    acronym || (capitalised && (index > 0 || w.eq_ignore_ascii_case(id)))
}

/// Money words a risk's own text may say its amount is of, longest first,
/// each with the words the deck says it in: "cutting dealer sell-out"
/// says what "€9M" is; "referral reward abuse" that "£180k" is of rewards
/// (a singular word said as the plural amount it is); "ARR" in capitals.
const MONEY_WORDS: &[(&str, &str)] = &[
    ("gross margin", "gross margin"),
    ("revenue", "revenue"),
    ("margin", "margin"),
    ("pipeline", "pipeline"),
    ("sell-out", "sell-out"),
    ("sales", "sales"),
    ("income", "income"),
    ("bookings", "bookings"),
    ("donations", "donations"),
    ("rewards", "rewards"),
    ("reward", "rewards"),
    ("refunds", "refunds"),
    ("fines", "fines"),
    ("fees", "fees"),
    ("arr", "ARR"),
    ("mrr", "MRR"),
];

/// The money a risk's own words name, where they name one: "revenue" —
/// what the deck says an amount on the risk is of (`risk-impact-basis`).
pub fn named_money(risk: &str) -> Option<&'static str> {
    let lower = risk.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let joined = format!(" {} ", words.join(" "));
    MONEY_WORDS
        .iter()
        .find(|(w, _)| joined.contains(&format!(" {w} ")))
        .map(|(_, said)| *said)
}

/// The money the author's comment beside `impact_value` names, with the
/// comment: a comment that doubts itself ("TBC", "?") or names no kind of
/// money ("# EUR") is no basis.
pub fn note_money(r: &crate::plan::Risk) -> Option<(&'static str, &str)> {
    let note = r.impact_amount.impact_note.as_deref()?;
    let lower = note.to_lowercase();
    let doubt = lower.contains('?')
        || [
            "todo",
            "tbc",
            "tbd",
            "fixme",
            "placeholder",
            "verify",
            "confirm",
        ]
        .iter()
        .any(|d| lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == *d));
    if doubt {
        return None;
    }
    named_money(note).map(|w| (w, note))
}
