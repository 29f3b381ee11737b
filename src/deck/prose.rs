//! Ids in the author's prose, in the words a board reads.
//!
//! Authors refer to the plan's own items by id in free text: a risk's
//! mitigation says "Trigger porto-late on 15 July", a trigger's action
//! "(ask `fifth-van`)". On a slide an id is jargon and a backtick is markup.
//! Every string of the view model passes through [`name_ids`] once, before
//! any template sees it, so that every slide of every format (all are made
//! from the Markdown deck) shows the item's name instead.
//!
//! An id is replaced where it is unmistakably an id: quoted in backticks,
//! after the word for its kind ("ask fifth-van", "trigger search-slows"), or
//! — for an ask's or a trigger's id with a hyphen, which no sentence uses as
//! a word — anywhere. A bare id that is also a word ("awareness") stays.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::plan::Plan;
use crate::plan::words::{name_of, short_name};

/// The kinds of item an author refers to by id, with the word that names
/// the kind in a sentence.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Ask,
    Trigger,
    Risk,
    Channel,
    Objective,
    Goal,
    Scenario,
    Initiative,
    Other,
}

impl Kind {
    fn of_word(word: &str) -> Option<Kind> {
        const WORDS: [(&str, Kind); 8] = [
            ("ask", Kind::Ask),
            ("trigger", Kind::Trigger),
            ("risk", Kind::Risk),
            ("channel", Kind::Channel),
            ("objective", Kind::Objective),
            ("goal", Kind::Goal),
            ("scenario", Kind::Scenario),
            ("initiative", Kind::Initiative),
        ];
        // Every word of every string of the deck comes here: an ASCII word
        // (ids are) is compared as it is, not lower-cased into a copy.
        let lower;
        let word = if word.is_ascii() {
            word
        } else {
            lower = word.to_lowercase();
            lower.as_str()
        };
        WORDS
            .iter()
            .find(|(w, _)| word.eq_ignore_ascii_case(w))
            .map(|(_, k)| *k)
    }
}

/// What each id of the plan reads as on a slide.
pub struct Names {
    by_id: HashMap<String, Vec<(Kind, String)>>,
}

/// An ask as a short title: its words before a qualifier ("only if …",
/// a parenthesis, a comma, a dash or a colon), quoted.
fn ask_title(ask: &str) -> String {
    let cut = [" only if ", " (", ", ", " — ", " – ", ": ", "; "]
        .iter()
        .filter_map(|m| ask.find(m))
        .min()
        .unwrap_or(ask.len());
    let title = ask[..cut].trim();
    let title = if title.chars().any(char::is_alphanumeric) {
        title
    } else {
        ask.trim()
    };
    format!("“{title}”")
}

impl Names {
    /// The names of a plan's items: asks by a short title, triggers by
    /// their condition, risks by their words, the rest by their names.
    pub fn of(plan: &Plan) -> Names {
        let mut by_id: HashMap<String, Vec<(Kind, String)>> = HashMap::new();
        let mut add = |id: &str, kind: Kind, name: String| {
            by_id.entry(id.to_string()).or_default().push((kind, name));
        };
        for a in &plan.asks {
            add(&a.id.value, Kind::Ask, ask_title(&a.ask));
        }
        for t in super::trigger_words::triggers(plan) {
            add(
                &t.trigger.id.value,
                Kind::Trigger,
                format!("“{}”", t.condition),
            );
        }
        for r in &plan.risks {
            add(
                &r.id.value,
                Kind::Risk,
                format!("“{}”", short_name(&r.risk)),
            );
        }
        let named = |id: &str| name_of(plan, id).map(str::to_string);
        let mut add_named = |id: &str, kind: Kind| {
            if let Some(name) = named(id) {
                add(id, kind, name);
            }
        };
        for c in &plan.channels {
            add_named(&c.id.value, Kind::Channel);
        }
        for o in &plan.objectives {
            add_named(&o.id.value, Kind::Objective);
        }
        for g in &plan.goals {
            add_named(&g.id.value, Kind::Goal);
        }
        for s in &plan.scenarios {
            add_named(&s.id.value, Kind::Scenario);
        }
        for i in &plan.initiatives {
            add_named(&i.id.value, Kind::Initiative);
        }
        for id in plan
            .budget
            .lines
            .iter()
            .map(|l| &l.id.value)
            .chain(plan.team.iter().map(|r| &r.id.value))
            .chain(plan.agencies.iter().map(|a| &a.id.value))
            .chain(plan.audiences.iter().map(|a| &a.id.value))
            .chain(plan.milestones.iter().map(|m| &m.id.value))
        {
            add_named(id, Kind::Other);
        }
        Names { by_id }
    }

    /// The name of `id` as an item of `kind` (any kind when `None`): the
    /// first the plan gives.
    fn name(&self, id: &str, kind: Option<Kind>) -> Option<&str> {
        self.by_id
            .get(id)?
            .iter()
            .find(|(k, _)| kind.is_none_or(|kind| *k == kind))
            .map(|(_, n)| n.as_str())
    }

    /// An ask's or trigger's id with a hyphen or underscore: no sentence
    /// uses it as a word, so it is an id wherever it stands.
    fn unmistakable(&self, id: &str) -> Option<&str> {
        if !id.contains(['-', '_']) {
            return None;
        }
        self.name(id, Some(Kind::Ask))
            .or_else(|| self.name(id, Some(Kind::Trigger)))
    }
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// `text` with every id the plan knows, where the author used it as one,
/// replaced by the item's name; backticks around other words dropped (on a
/// slide they are markup, not quotes). Borrowed when nothing changes: every
/// string of a deck's view passes here, and most hold no id.
pub fn name_ids<'t>(text: &'t str, names: &Names) -> Cow<'t, str> {
    // A single token is a value the templates compare (an id, a status),
    // not prose.
    if !text.contains('`') && !text.contains(char::is_whitespace) {
        return Cow::Borrowed(text);
    }
    if !text.contains('`') {
        return words(text, names);
    }
    let unquoted = backticks(text, names);
    Cow::Owned(words(&unquoted, names).into_owned())
}

/// `` `id` `` → the item's name; `` `other` `` → other.
fn backticks(text: &str, names: &Names) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        let quoted = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        out.push_str(names.name(quoted.trim(), None).unwrap_or(quoted));
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Bare ids after their kind's word, and unmistakable ids anywhere. The
/// text is copied only from its first id on.
fn words<'t>(text: &'t str, names: &Names) -> Cow<'t, str> {
    let mut out: Option<String> = None;
    let mut previous: Option<&str> = None;
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(id_char).unwrap_or(rest.len());
        let gap = &rest[..start];
        if let Some(out) = out.as_mut() {
            out.push_str(gap);
        }
        rest = &rest[start..];
        if rest.is_empty() {
            break;
        }
        let end = rest.find(|c: char| !id_char(c)).unwrap_or(rest.len());
        let token = &rest[..end];
        // An id ends at a letter or digit ("porto-late." is the id and a full stop).
        let token = token.trim_end_matches(['-', '_']);
        let token = if token.is_empty() {
            &rest[..end]
        } else {
            token
        };
        rest = &rest[token.len()..];
        let kind = previous
            .filter(|_| gap == " ")
            .and_then(Kind::of_word)
            .and_then(|k| names.name(token, Some(k)));
        match kind.or_else(|| names.unmistakable(token)) {
            Some(name) if name != token => {
                let out = out.get_or_insert_with(|| {
                    let at = text.len() - rest.len() - token.len();
                    let mut out = String::with_capacity(text.len() + name.len());
                    out.push_str(&text[..at]);
                    out
                });
                out.push_str(name);
            }
            _ => {
                if let Some(out) = out.as_mut() {
                    out.push_str(token);
                }
            }
        }
        previous = Some(token);
    }
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(text),
    }
}

/// Every string in a serialized view, rewritten by [`name_ids`].
pub fn name_ids_in(value: &mut serde_json::Value, names: &Names) {
    match value {
        serde_json::Value::String(s) => {
            if let Cow::Owned(named) = name_ids(s, names)
                && named != *s
            {
                *s = named;
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                name_ids_in(v, names);
            }
        }
        serde_json::Value::Object(map) => {
            for v in map.values_mut() {
                name_ids_in(v, names);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let mut by_id: HashMap<String, Vec<(Kind, String)>> = HashMap::new();
        by_id.insert(
            "fifth-van".into(),
            vec![(Kind::Ask, "“Release €350k for a fifth demo van”".into())],
        );
        by_id.insert(
            "porto-late".into(),
            vec![(Kind::Trigger, "“Porto room nights below 800”".into())],
        );
        by_id.insert(
            "awareness".into(),
            vec![(Kind::Objective, "Aided awareness".into())],
        );
        Names { by_id }
    }

    #[test]
    fn ids_read_as_names_where_the_author_used_them_as_ids() {
        let n = names();
        assert_eq!(
            name_ids("release the €350k (ask `fifth-van`)", &n),
            "release the €350k (ask “Release €350k for a fifth demo van”)"
        );
        assert_eq!(
            name_ids("Trigger porto-late on 15 July; hold media", &n),
            "Trigger “Porto room nights below 800” on 15 July; hold media"
        );
        assert_eq!(
            name_ids("see porto-late.", &n),
            "see “Porto room nights below 800”."
        );
        // A word that is also an id stays a word; after its kind, the name.
        assert_eq!(
            name_ids("awareness grows (objective awareness)", &n),
            "awareness grows (objective Aided awareness)"
        );
        assert_eq!(name_ids("run `mvplan check`", &n), "run mvplan check");
        assert_eq!(name_ids("sign-ups, first-year", &n), "sign-ups, first-year");
        assert_eq!(name_ids("fifth-van", &n), "fifth-van", "an id field stays");
        // Nothing to name: the text itself, not a copy.
        for text in ["sign-ups, first-year", "fifth-van", "grow awareness by Q3"] {
            assert!(matches!(name_ids(text, &n), Cow::Borrowed(_)), "{text}");
        }
        // Named from the first id on, the words before it kept.
        assert!(matches!(
            name_ids("then hold porto-late", &n),
            Cow::Owned(s) if s == "then hold “Porto room nights below 800”"
        ));
    }
}
