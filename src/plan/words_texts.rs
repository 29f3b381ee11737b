//! The plan's free texts a board reads, each with its place in the file:
//! what the rules on the plan's words (`check::words_figures`) and the
//! prices the words give (`words_prices`) read amounts from.

use crate::diagnostic::Span;
use crate::plan::Plan;

/// A text of the plan's words, with where it stands: "scenario
/// `web-push`" and its place in the file.
pub struct Text<'p> {
    pub place: String,
    /// What holds the text ("scenario", "ask") and its id, for a reader
    /// that needs the item itself (the deck's one figure of an ask).
    pub kind: &'static str,
    pub id: String,
    pub text: &'p str,
    pub span: Span,
}

/// `source.find(text)`, looked for first up to the end of the item that
/// holds the text (`near`): a text found in a prefix is the first in the
/// whole (every later match ends later), and the rest of a large plan is
/// not scanned for each of its sentences.
///
/// The search is `memchr::memmem` on the bytes, not `str::find`: the same
/// first match (a UTF-8 text's first byte is never a continuation byte, so
/// a byte match starts on a character), at a fraction of the cost — every
/// text of the plan scans the file up to its item, about a million
/// instructions a check with `str::find`.
fn first_at(source: &str, text: &str, near: usize) -> Option<usize> {
    let find = memchr::memmem::Finder::new(text.as_bytes());
    let bytes = source.as_bytes();
    let mut end = near.saturating_add(text.len()).min(source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    if let Some(i) = find.find(&bytes[..end]) {
        return Some(i);
    }
    // Not in the prefix: a match starts where it would not fit in it.
    let mut from = end.saturating_sub(text.len().saturating_sub(1));
    while !source.is_char_boundary(from) {
        from -= 1;
    }
    find.find(&bytes[from..]).map(|i| i + from)
}

/// Every free text of the plan a board reads, each with its place; its
/// span is the text in the file where the file gives it, else its table.
pub fn texts<'p>(plan: &'p Plan, source: Option<&str>) -> Vec<Text<'p>> {
    let mut out: Vec<Text<'p>> = Vec::new();
    let mut add = |kind: &'static str, id: &str, text: &'p str, span: &Span| {
        let at = source
            .and_then(|s| first_at(s, text, span.end).map(|i| i..i + text.len()))
            .filter(|_| !text.trim().is_empty())
            .unwrap_or_else(|| span.clone());
        out.push(Text {
            place: format!("{kind} `{id}`"),
            kind,
            id: id.to_string(),
            text,
            span: at,
        });
    };
    for g in &plan.goals {
        add("goal", &g.id.value, &g.statement, &g.span);
    }
    for o in &plan.objectives {
        add("objective", &o.id.value, &o.statement, &o.span);
    }
    for i in &plan.insights {
        add("insight", &i.id.value, &i.finding, &i.span);
    }
    for a in &plan.assumptions {
        add("assumption", &a.id.value, &a.statement, &a.span);
    }
    for c in &plan.channels {
        add("channel", &c.id.value, &c.name, &c.span);
    }
    for l in &plan.budget.lines {
        add("budget line", &l.id.value, &l.name, &l.span);
    }
    for s in &plan.scenarios {
        add("scenario", &s.id.value, &s.name, &s.span);
        if let Some(d) = &s.description {
            add("scenario", &s.id.value, d, &s.span);
        }
    }
    for t in &plan.triggers {
        add("trigger", &t.id.value, &t.action, &t.span);
    }
    for i in &plan.initiatives {
        add("initiative", &i.id.value, &i.name, &i.span);
    }
    for r in &plan.risks {
        add("risk", &r.id.value, &r.risk, &r.span);
        if let Some(m) = &r.mitigation {
            add("risk", &r.id.value, m, &r.span);
        }
    }
    for a in &plan.asks {
        for t in [Some(&a.ask), a.buys.as_ref(), a.if_declined.as_ref()]
            .into_iter()
            .flatten()
        {
            add("ask", &a.id.value, t, &a.span);
        }
    }
    out
}

/// A text of the plan's evidence and the ids it is linked to: where it is
/// said ("insight `meta-lift`"), its words, what it informs or underpins,
/// and its table's span. The rules that read a figure in the evidence and
/// ask which objective or channel it speaks of (`words_evidence`,
/// `words_per_unit`) gather their texts from here, each in its own order.
pub type Linked<'p> = (String, &'p str, Vec<&'p str>, &'p Span);

/// The insights' findings, linked to what each informs.
pub fn insight_texts(plan: &Plan) -> impl Iterator<Item = Linked<'_>> {
    plan.insights.iter().map(|i| {
        (
            format!("insight `{}`", i.id.value),
            i.finding.as_str(),
            i.informs.iter().map(|r| r.value.as_str()).collect(),
            &i.span,
        )
    })
}

/// The assumptions' statements, linked to what each underpins.
pub fn assumption_texts(plan: &Plan) -> impl Iterator<Item = Linked<'_>> {
    plan.assumptions.iter().map(|a| {
        (
            format!("assumption `{}`", a.id.value),
            a.statement.as_str(),
            a.underpins.iter().map(|r| r.value.as_str()).collect(),
            &a.span,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::first_at;
    use proptest::prelude::*;

    proptest! {
        /// `first_at` is `str::find` whatever the item's end: the first
        /// match in the whole file, on a character boundary, with
        /// multi-byte characters around and inside the text.
        #[test]
        fn first_at_is_the_first_match_in_the_file(
            source in "[ab€é ]{0,40}",
            text in "[ab€é ]{0,4}",
            near in 0usize..60,
        ) {
            prop_assert_eq!(first_at(&source, &text, near), source.find(text.as_str()));
        }
    }

    #[test]
    fn first_at_finds_a_sentence_before_its_item() {
        let source = "a = \"LinkedIn €300k\"\nb = \"x\"\nc = \"LinkedIn €300k\"\n";
        let near = source.rfind("LinkedIn").unwrap_or(0);
        assert_eq!(first_at(source, "LinkedIn €300k", near), Some(5));
        assert_eq!(first_at(source, "€300k", 0), Some(14));
        assert_eq!(first_at(source, "absent", 10), None);
    }
}
