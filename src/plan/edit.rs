//! The one way mvplan writes a plan (`mvplan optimize -o`, `mvplan curves
//! import -o`): the plan is parsed as a TOML document (toml_edit, which the
//! toml crate is built on), edited as a document — values set where they
//! are, tables added to the item they belong to — and printed again, so
//! comments, order and layout survive and `mvplan diff` / `git diff` show
//! only what changed. Every value written is a TOML value that toml_edit
//! escapes; no text from a model file or a plan is ever pasted in as TOML.
//!
//! Before the written plan replaces anything, [`verified`] loads it again
//! and checks it says what mvplan meant to write; a plan mvplan cannot
//! write correctly is refused with a message instead.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use super::Plan;
use crate::source::SourceFile;

/// A plan's text, as a document to edit.
pub struct PlanDocument {
    doc: DocumentMut,
    /// Whether the file began with a byte-order mark (kept, first).
    bom: bool,
}

impl PlanDocument {
    pub fn parse(text: &str) -> Result<PlanDocument, String> {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let doc = body
            .parse::<DocumentMut>()
            .map_err(|e| format!("the plan is not TOML mvplan can edit ({})", e.message()))?;
        Ok(PlanDocument { doc, bom })
    }

    /// The `[[channels]]` entry with this id.
    pub fn channel(&mut self, id: &str) -> Option<&mut Table> {
        self.doc
            .get_mut("channels")?
            .as_array_of_tables_mut()?
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
    }

    /// The `[[asks]]` entry with this id.
    pub fn ask(&mut self, id: &str) -> Option<&mut Table> {
        self.doc
            .get_mut("asks")?
            .as_array_of_tables_mut()?
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
    }

    /// The `[plan]` table.
    pub fn meta(&mut self) -> Option<&mut Table> {
        self.doc.get_mut("plan")?.as_table_mut()
    }

    /// The document printed, with `header` as comment lines at the top
    /// (after the byte-order mark, if the plan had one).
    pub fn finish(&self, header: &[String]) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        for line in header {
            out.push_str(&comment(line));
        }
        out.push_str(&self.doc.to_string());
        out
    }
}

/// One comment line: `# text`, with line breaks and other control
/// characters (which would end the comment and start TOML) made spaces.
pub fn comment(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("# {}\n", clean.trim_end())
}

/// Sets `key` of `table` to `value`, keeping the comment after the old
/// value (`budget = 900_000   # agreed with finance`).
pub fn set(table: &mut dyn TableLike, key: &str, value: Value) {
    let mut value = value;
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    match table.get_mut(key) {
        Some(item) => *item = Item::Value(value),
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// Replaces element `i` of the array at `key`, keeping its formatting.
pub fn set_element(table: &mut dyn TableLike, key: &str, i: usize, value: Value) {
    if let Some(array) = table.get_mut(key).and_then(Item::as_array_mut)
        && i < array.len()
    {
        array.replace(i, value);
    }
}

/// An amount as a TOML number: `1080000` → `1_080_000`, `12.5` → `12.5`.
pub fn amount(value: Decimal) -> Value {
    let text = amount_text(value);
    text.parse::<Value>()
        .unwrap_or_else(|_| Value::from(value.to_f64().unwrap_or(0.0)))
}

/// A figure (a curve's parameter) as a TOML number: an integer with digit
/// groups when it is a whole number an integer can hold exactly, else a
/// float. Never a saturated integer.
pub fn number(x: f64) -> Value {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 {
        amount(Decimal::from(x as i64))
    } else {
        Value::from(x)
    }
}

fn amount_text(value: Decimal) -> String {
    let s = value.normalize().to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 4 {
            out.push('_');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// Loads `text` (the plan about to be written) as mvplan would, and checks
/// it with `expect` against what was meant to be written, and that it has
/// as many entries in every section as `before`: an edit must never add an
/// entry nobody wrote. The error says why it cannot be written.
pub fn verified(
    text: &str,
    before: &Plan,
    expect: impl Fn(&Plan) -> Result<(), String>,
) -> Result<(), String> {
    let source = SourceFile::new("<the plan to write>", text);
    let plan = super::parse(&source).map_err(|findings| {
        let first = findings
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_default();
        format!("the plan mvplan would write does not load ({first})")
    })?;
    let counts = |p: &Plan| {
        [
            p.goals.len(),
            p.objectives.len(),
            p.audiences.len(),
            p.insights.len(),
            p.assumptions.len(),
            p.channels.len(),
            p.team.len(),
            p.agencies.len(),
            p.scenarios.len(),
            p.triggers.len(),
            p.initiatives.len(),
            p.milestones.len(),
            p.risks.len(),
            p.asks.len(),
        ]
    };
    if counts(&plan) != counts(before) {
        return Err("the plan mvplan would write has entries the original does not".into());
    }
    expect(&plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_like_the_plans_people_write() {
        assert_eq!(amount(Decimal::from(1_080_000)).to_string(), "1_080_000");
        assert_eq!(amount(Decimal::from(9_000)).to_string(), "9000");
        assert_eq!(amount(Decimal::new(125, 1)).to_string(), "12.5");
        assert_eq!(number(1e300).to_string().parse::<f64>().ok(), Some(1e300));
    }

    #[test]
    fn comments_stay_comments() {
        assert_eq!(comment("a\n[[asks]]\r\nb"), "# a [[asks]]  b\n");
    }

    #[test]
    fn a_byte_order_mark_stays_first_and_comments_stay() {
        let mut d =
            PlanDocument::parse("\u{feff}# mine\n[[channels]]\nid = \"a\"\nbudget = 1   # note\n")
                .unwrap();
        set(
            d.channel("a").unwrap(),
            "budget",
            amount(Decimal::from(20_000)),
        );
        assert_eq!(
            d.finish(&["head".into()]),
            "\u{feff}# head\n# mine\n[[channels]]\nid = \"a\"\nbudget = 20_000   # note\n"
        );
    }
}
