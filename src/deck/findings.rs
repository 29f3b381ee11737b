//! Findings as the decks list them (health and status slides): a file of
//! its own, below both views, so that neither view names the other.

use serde::Serialize;

use crate::diagnostic::{Finding, Severity};
use crate::plan::Plan;
use crate::source::SourceFile;

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub line: Option<usize>,
    /// The checker's own message when the slide states the finding for a
    /// board (`Finding::board`): the typed figure it quotes is for the
    /// plan's author, in the slide's notes.
    pub detail: Option<String>,
}

/// Findings listed on the health slide: a reviewer reads a few dozen; a
/// plan with thousands would otherwise turn one slide into hundreds.
pub const HEALTH_FINDINGS: usize = 40;

impl FindingView {
    /// A finding as a slide lists it: in the plan's words, and as a board
    /// reads it where the checker says it differently for the author.
    pub fn of(f: &Finding, plan: &Plan, source: &SourceFile) -> Self {
        let plain = |m: &str| crate::plan::words::plain(m, plan);
        FindingView {
            rule: f.rule,
            severity: f.severity,
            message: board_words(&plain(f.board.as_deref().unwrap_or(&f.message))),
            line: f.span.as_ref().map(|s| source.line_col(s.start).0),
            detail: f.board.as_ref().map(|_| plain(&f.message)),
        }
    }
}

/// A checker message as a slide says it: without the clause in which the
/// tool speaks of itself ("…, so the deck shows the curves' figure", "(amount;
/// the deck reads it from its words)", "…, which the deck says beside its
/// words"). Readers count such words as defects of the slide; the whole
/// message stays in `mvplan check` and in the slide's notes for the author.
pub fn board_words(message: &str) -> String {
    let mut s = message.to_string();
    // A parenthesis that speaks of the deck goes whole.
    while let Some(at) = s.find("the deck") {
        let Some(open) = s[..at].rfind('(') else {
            break;
        };
        let Some(close) = s[at..].find(')').map(|c| at + c) else {
            break;
        };
        if s[open..at].contains(')') {
            break;
        }
        s.replace_range(open..=close, "");
        s = s.replace("  ", " ").replace(" ,", ",");
    }
    // Where the clause carries a figure, the figure stays, said of its source.
    s = s
        .replace(
            "; the deck uses the curves' ",
            "; the response curves give ",
        )
        .replace(
            "the deck's figure, which every slide uses",
            "the figure the slides use",
        );
    const CLAUSES: &[&str] = &[
        ", so the deck",
        "; the deck",
        ": the deck",
        ", which the deck",
    ];
    let cut = CLAUSES.iter().filter_map(|c| s.find(c)).min();
    if let Some(cut) = cut {
        s.truncate(cut);
    }
    s.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::board_words;

    #[test]
    fn a_slide_says_the_finding_without_the_tool_speaking_of_itself() {
        assert_eq!(
            board_words(
                "ask X does not say what it costs as a figure (amount; the deck reads it from its words)"
            ),
            "ask X does not say what it costs as a figure"
        );
        assert_eq!(
            board_words("its budget differs by $1.48M, which the deck says beside its words"),
            "its budget differs by $1.48M"
        );
        assert_eq!(
            board_words(
                "more for less money is not credible, so the deck shows the curves' figure"
            ),
            "more for less money is not credible"
        );
        assert_eq!(
            board_words("overstates the curves' effect; the deck uses the curves' $50.5M"),
            "overstates the curves' effect; the response curves give $50.5M"
        );
        assert_eq!(
            board_words("a plain message (in EUR)"),
            "a plain message (in EUR)"
        );
    }
}
