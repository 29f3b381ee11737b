//! What a board reads instead of the plan's ids.
//!
//! The checker's messages quote ids in backticks (`` `paid-search` ``) for
//! the terminal, where a user edits the plan by id. On a slide a backtick is
//! markup and an id is jargon: the deck says the item's name.

use super::Plan;

/// The name a deck gives the plan item with this id: an objective or goal by
/// its metric (shorter than its statement), a channel, KPI, budget line,
/// team row, scenario or ask by its name; `None` for an unknown id.
pub fn name_of<'p>(plan: &'p Plan, id: &str) -> Option<&'p str> {
    let measure_or = |m: &'p crate::plan::Measure, statement: &'p str| {
        m.metric.as_ref().map_or(statement, |m| m.value.as_str())
    };
    if let Some(o) = plan.objective(id) {
        return Some(measure_or(&o.measure, &o.statement));
    }
    if let Some(g) = plan.goal(id) {
        return Some(measure_or(&g.measure, &g.statement));
    }
    if let Some(c) = plan.channels.iter().find(|c| c.id.value == id) {
        return Some(&c.name);
    }
    if let Some((_, k)) = plan.kpi(id) {
        return Some(&k.name);
    }
    if let Some(l) = plan.budget.lines.iter().find(|l| l.id.value == id) {
        return Some(&l.name);
    }
    if let Some(r) = plan.team.iter().find(|r| r.id.value == id) {
        return Some(&r.role);
    }
    if let Some(s) = plan.scenarios.iter().find(|s| s.id.value == id) {
        return Some(&s.name);
    }
    if let Some(a) = plan.agencies.iter().find(|a| a.id.value == id) {
        return Some(&a.name);
    }
    if let Some(i) = plan.initiatives.iter().find(|i| i.id.value == id) {
        return Some(&i.name);
    }
    if let Some(a) = plan.audiences.iter().find(|a| a.id.value == id) {
        return Some(&a.name);
    }
    if let Some(m) = plan.milestones.iter().find(|m| m.id.value == id) {
        return Some(&m.name);
    }
    plan.asks
        .iter()
        .find(|a| a.id.value == id)
        .map(|a| a.ask.as_str())
}

/// Short skill slugs a marketing team writes, in the words a board reads.
const SKILL_WORDS: &[(&str, &str)] = &[
    ("mops", "marketing operations"),
    ("martech", "marketing technology"),
    ("pmm", "product marketing"),
    ("revops", "revenue operations"),
    ("comms", "communications"),
    ("cro", "conversion optimisation"),
    ("ppc", "paid search"),
    ("sdr", "SDRs"),
    ("bdr", "BDRs"),
    ("ux", "UX"),
];

/// A skill's slug in words, inside a sentence: a known short slug spelled
/// out (`mops` → "marketing operations"), a slug of one word of up to
/// three letters as an acronym (`abm` → "ABM", `crm` → "CRM"), others
/// with their hyphens as spaces (`paid-media` → "paid media").
pub fn skill_words(id: &str) -> String {
    let key = id.trim().to_lowercase();
    if let Some((_, words)) = SKILL_WORDS.iter().find(|(k, _)| *k == key) {
        return (*words).to_string();
    }
    if id.len() <= 3 && id.chars().all(|c| c.is_ascii_alphabetic()) {
        return id.to_uppercase();
    }
    id.split(['-', '_'])
        .map(|w| {
            if w.len() <= 3 && matches!(w, "abm" | "crm" | "seo" | "sem" | "pr" | "b2b" | "dtc") {
                w.to_uppercase()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A resources table's skills cell: each skill by the name of the channel,
/// initiative, team row or agency whose id it is (`porto-launch` → "Maris
/// Porto launch"), else in words and capitalised ("Paid media", "ABM"),
/// then the channels by name; each label once, in the order given.
pub fn skills_cell(plan: &Plan, skills: &[&str], channels: &[&str]) -> String {
    let by_name = |id: &str| -> Option<String> {
        let name = plan
            .channels
            .iter()
            .find(|c| c.id.value == id)
            .map(|c| c.name.as_str())
            .or_else(|| {
                plan.initiatives
                    .iter()
                    .find(|i| i.id.value == id)
                    .map(|i| i.name.as_str())
            })
            .or_else(|| {
                plan.team
                    .iter()
                    .find(|r| r.id.value == id)
                    .map(|r| r.role.as_str())
            })
            .or_else(|| {
                plan.agencies
                    .iter()
                    .find(|a| a.id.value == id)
                    .map(|a| a.name.as_str())
            })?;
        // A cell of several: the name before its dash or colon, without
        // its qualifiers ("ABM — 180 specifier accounts" → "ABM").
        let head = name
            .split([':', '—', '–'])
            .next()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .unwrap_or(name);
        Some(short_label(plan, head))
    };
    // A compound slug (`paid-search`, `porto-launch`) that is an item's id
    // means that item; a one-word skill (`crm`, `performance`) is a skill,
    // whatever else shares its id.
    let skill = |s: &str| {
        s.contains(['-', '_'])
            .then(|| by_name(s))
            .flatten()
            .unwrap_or_else(|| crate::format::capitalised(&skill_words(s)))
    };
    let mut out: Vec<String> = Vec::new();
    // A skill that is also one of the row's channels is said once, as the
    // channel ("abm; abm" → "Account-based marketing").
    let labels = skills
        .iter()
        .filter(|s| !channels.contains(s))
        .map(|s| skill(s))
        .chain(
            channels
                .iter()
                .map(|c| by_name(c).unwrap_or_else(|| c.to_string())),
        );
    for label in labels {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&label)) {
            out.push(label);
        }
    }
    out.join(", ")
}

/// An item the plan states as a sentence (an insight's finding, an
/// assumption, a risk), quoted: inside a message it reads as what it is.
fn quoted_text(plan: &Plan, id: &str) -> Option<String> {
    plan.insights
        .iter()
        .find(|i| i.id.value == id)
        .map(|i| i.finding.as_str())
        .or_else(|| {
            plan.assumptions
                .iter()
                .find(|a| a.id.value == id)
                .map(|a| a.statement.as_str())
        })
        .or_else(|| {
            plan.risks
                .iter()
                .find(|r| r.id.value == id)
                .map(|r| r.risk.as_str())
        })
        .map(|t| format!("“{t}”"))
}

/// A short name for a column header, where the full metric does not fit: the
/// name [`name_of`] gives, without its qualifiers — what follows the first
/// comma, and parentheses at the end (`Aided awareness, annual engineer
/// tracker (n≈600)` → `Aided awareness`; `Pipeline created (SFDC)` →
/// `Pipeline created`; `New regular (monthly) donors` stays whole) — when a
/// word is left; the id only for an unknown item.
pub fn short_label(plan: &Plan, id: &str) -> String {
    short_name(name_of(plan, id).unwrap_or(id))
}

/// A name without its qualifiers, as [`short_label`] shortens an item's:
/// "Demo-van tour (4 vans, DE/AT)" → "Demo-van tour".
pub fn short_name(name: &str) -> String {
    // The first comma outside parentheses: `Income (donations, legacies)`
    // keeps its parenthesis whole.
    let mut depth = 0i32;
    let comma = name.char_indices().find_map(|(i, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => return Some(i),
            _ => {}
        }
        None
    });
    let mut cut = name[..comma.unwrap_or(name.len())].trim_end();
    while let Some(open) = cut.strip_suffix(')').and_then(|c| c.rfind('(')) {
        cut = cut[..open].trim_end();
    }
    if cut.chars().any(char::is_alphanumeric) {
        cut.to_string()
    } else {
        name.to_string()
    }
}

/// A checker message as a slide shows it: every `` `id` `` the plan knows
/// replaced by its name, any other quoted text kept without the backticks.
pub fn plain(message: &str, plan: &Plan) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        let quoted = &rest[open + 1..open + 1 + len];
        // "what it buys (`buys`)": the field's name in parentheses helps
        // the plan's author at a terminal; on a slide it reads "what it
        // buys (buys)". Dropped where it names no item of the plan.
        let field = rest[..open].ends_with(" (")
            && rest[open + len + 2..].starts_with(')')
            && name_of(plan, quoted).is_none()
            && !is_skill(plan, quoted)
            && quoted.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if field {
            out.push_str(&rest[..open - 2]);
            rest = &rest[open + len + 3..];
            continue;
        }
        out.push_str(&rest[..open]);
        match name_of(plan, quoted) {
            Some(name) => out.push_str(name),
            // Not an item: a skill the checker quotes (`crm`, `paid-media`)
            // reads in words; anything else (a command) as written.
            None => out.push_str(&quoted_text(plan, quoted).unwrap_or_else(|| {
                if is_skill(plan, quoted) {
                    skill_words(quoted)
                } else {
                    quoted.to_string()
                }
            })),
        }
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    // Amounts the checker writes with the plan's currency code for the
    // terminal (`2,700,000 USD`) as the deck writes money (`$2.7M`).
    crate::format::restate_coded(&out, &plan.meta.currency.value)
}

/// Whether the plan names `s` as a skill: a team row's or an agency's, or
/// effort of a channel or an initiative.
fn is_skill(plan: &Plan, s: &str) -> bool {
    let listed = |skills: &[crate::plan::Located<String>]| skills.iter().any(|k| k.value == s);
    let effort = |e: &[(
        crate::plan::Ref,
        crate::plan::Located<rust_decimal::Decimal>,
    )]| { e.iter().any(|(k, _)| k.value == s) };
    plan.team.iter().any(|r| listed(&r.skills))
        || plan.agencies.iter().any(|a| listed(&a.skills))
        || plan.channels.iter().any(|c| effort(&c.effort))
        || plan.initiatives.iter().any(|i| effort(&i.effort))
}

/// A label for a chart or table: the item's name, else the id as given.
pub fn label(plan: &Plan, id: &str) -> String {
    name_of(plan, id).unwrap_or(id).to_string()
}

/// The months in lower case, January first: what words in a plan name a
/// month by (risks' timing, a release's date, "from September").
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A part of the period as a risk's `affects` names it ("Q4", "H2",
/// "January", "summer", "mid-year"): not an id to resolve.
pub fn is_period_word(w: &str) -> bool {
    let w = w.trim().to_lowercase();
    matches!(
        w.as_str(),
        "q1" | "q2" | "q3" | "q4" | "h1" | "h2" | "summer" | "mid-year" | "midyear"
    ) || MONTH_NAMES.contains(&w.as_str())
}

#[cfg(test)]
mod tests {
    use crate::format::restate_coded as deck_money;

    #[test]
    fn messages_write_money_as_the_deck_does() {
        assert_eq!(
            deck_money("reach 45,800,000 USD: 2,700,000 USD short", "USD"),
            "reach $45.8M: $2.7M short"
        );
        assert_eq!(
            deck_money("costs 48,667 USD per FTE-month", "USD"),
            "costs $48.7k per FTE-month"
        );
        // A code that is part of a word, or with no number before it, stays.
        assert_eq!(
            deck_money("the USDA and 5 USDT", "USD"),
            "the USDA and 5 USDT"
        );
        assert_eq!(deck_money("in USD only", "USD"), "in USD only");
        assert_eq!(deck_money("-650,000 GBP.", "GBP"), "-£650k.");
    }
}
