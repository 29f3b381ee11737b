//! What a scenario is to a board: the plan itself, a move of money between
//! channels, or a move its words describe but its fields do not carry.

use rust_decimal::Decimal;

use super::model::Scenario;

impl Scenario {
    /// Whether the scenario is the plan itself: the plan's total, no
    /// channel changed, and no words of a move between channels. A
    /// same-budget move between channels is not, named or only described.
    pub fn is_plan(&self, total: Decimal) -> bool {
        self.changes.is_empty() && self.budget.value == total && !self.unmodelled_move(total)
    }

    /// A scenario at the plan's total that names no `changes` but whose
    /// words move money between channels ("Same money: move €250k from
    /// trade press to a fifth demo van"). Spread in the planned mix its
    /// money is the plan's, so any figure computed for it would be the
    /// plan's own: no slide shows one (`scenario-unmodelled`).
    pub fn unmodelled_move(&self, total: Decimal) -> bool {
        self.changes.is_empty() && self.budget.value == total && says_move(self)
    }

    /// The change of a channel's budget the scenario names, if it does.
    pub fn change_of(&self, channel: &str) -> Option<Decimal> {
        self.changes
            .iter()
            .find(|(c, _)| c.value == channel)
            .map(|(_, d)| d.value)
    }
}

/// Whether a scenario's name or description says it moves money between
/// channels: "move", "shift", "instead", "reallocate", "same money"…
/// A plan's own row ("Plan", "Base", "As submitted") says none of these.
fn says_move(s: &Scenario) -> bool {
    const WORDS: &[&str] = &[
        "move",
        "moves",
        "moving",
        "moved",
        "shift",
        "shifts",
        "shifting",
        "shifted",
        "instead",
        "reallocate",
        "reallocates",
        "reallocated",
        "reallocation",
        "swap",
        "swaps",
        "switch",
        "switches",
        "redirect",
        "redirects",
        "rebalance",
        "rebalanced",
    ];
    const PHRASES: &[&str] = &["same money", "same total", "same budget", "fund it from"];
    let text = format!(
        "{} {}",
        s.name,
        s.description.as_deref().unwrap_or_default()
    )
    .to_lowercase();
    PHRASES.iter().any(|p| text.contains(p))
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| WORDS.contains(&w))
}
