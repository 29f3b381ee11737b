//! Which kind of money a value is, and whether a money goal counts it:
//! the value slide's goal lines and the summary's health line add only
//! values of the goal's own kind (first-year ARR toward an ARR goal), and
//! name the others apart. Split from `figures::value`.

/// Whether a value basis ("first-year ARR", "gross margin") is money of
/// the kind a goal's metric counts ("ARR", "Room revenue"): a word of
/// money both name. A lifetime value is none: a goal counts a period's
/// money, not a customer's future.
pub fn in_goal_money(basis: &str, g: &crate::plan::Goal) -> bool {
    if words(basis)
        .iter()
        .any(|w| matches!(w.as_str(), "lifetime" | "ltv" | "clv"))
    {
        return false;
    }
    let goal = money_words(goal_words(g));
    money_words(basis).iter().any(|m| goal.contains(m))
}

/// Whether money of `basis` is of the kind a goal counts, where both say
/// which: "revenue" is not "ARR", "room revenue" is revenue. A goal or a
/// basis that names no kind of money ("voluntary income", "dealer
/// sell-out") is not told apart: nothing says the two differ.
pub fn same_money(basis: &str, g: &crate::plan::Goal) -> bool {
    let goal = money_words(goal_words(g));
    let of = money_words(basis);
    goal.is_empty() || of.is_empty() || of.iter().any(|m| goal.contains(m))
}

/// The words that say what a goal counts: its metric, else its statement.
fn goal_words(g: &crate::plan::Goal) -> &str {
    g.measure
        .metric
        .as_ref()
        .map_or(g.statement.as_str(), |m| m.value.as_str())
}

/// A text's words, lower case: the one splitter both tests read.
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The kinds of money a text names (`GOAL_MONEY`), in that list's order.
fn money_words(s: &str) -> Vec<&'static str> {
    let words = words(s);
    GOAL_MONEY
        .iter()
        .copied()
        .filter(|m| words.iter().any(|w| w == m))
        .collect()
}

/// Words that name a kind of money a goal counts.
const GOAL_MONEY: &[&str] = &[
    "revenue",
    "arr",
    "mrr",
    "margin",
    "profit",
    "contribution",
    "sales",
    "bookings",
];
