//! Reading typed values out of toml's spanned document tree.
//!
//! serde stops at the first error; a plan author wants every problem in one
//! run, each pointing at its line. So the loader walks `toml::de::DeTable`
//! (which keeps the span of every key and value) with this small reader:
//! each accessor records the key as known, reports a located finding when
//! the value has the wrong type, and `finish` reports the keys nobody asked
//! for, with a "did you mean" from the keys that were asked for.
//!
//! One file (over 600 lines) on purpose: it is one reader type whose
//! accessors (text, numbers, money, dates, refs, choices, lists, tables) share
//! the same recording and reporting; split, each part would need the rest.

use std::cell::RefCell;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::located::{Located, Money, Ref};
use super::money::{self, AmountError};
use super::rules;
use crate::diagnostic::{Finding, Span, did_you_mean};

/// Collects the loader's findings; shared by every `Fields` of one file.
pub struct Sink<'s> {
    text: &'s str,
    findings: RefCell<Vec<Finding>>,
}

impl<'s> Sink<'s> {
    pub fn new(text: &'s str) -> Self {
        Sink {
            text,
            findings: RefCell::new(Vec::new()),
        }
    }

    pub fn push(&self, finding: Finding) {
        self.findings.borrow_mut().push(finding);
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings.into_inner()
    }

    pub fn is_clean(&self) -> bool {
        self.findings.borrow().is_empty()
    }

    /// The first line of a span: a multi-line table is pointed at by its header.
    pub fn head(&self, span: &Span) -> Span {
        let rest = self.text.get(span.start..span.end).unwrap_or("");
        let len = rest.find('\n').unwrap_or(rest.len());
        span.start..span.start + len
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Items per section (`[[channels]]`, …) a plan may have: far beyond any
/// real plan, and it bounds the work the alignment rules do.
pub const MAX_ITEMS: usize = 5_000;

/// Characters one text value may have. A strategy statement or a finding is
/// a few hundred; a slide can't show more than about two thousand. Longer
/// text is a paste gone wrong, and would turn into thousands of
/// continuation slides.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// One TOML table being read.
pub struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Span,
    /// How the table is named in messages: "[plan]", "channel `search`".
    what: String,
    known: Vec<&'static str>,
    sink: &'a Sink<'a>,
}

impl<'a, 'i> Fields<'a, 'i> {
    pub fn new(
        table: &'a DeTable<'i>,
        span: Span,
        what: impl Into<String>,
        sink: &'a Sink<'a>,
    ) -> Self {
        Fields {
            table,
            span,
            what: what.into(),
            known: Vec::new(),
            sink,
        }
    }

    pub fn span(&self) -> Span {
        self.span.clone()
    }

    pub fn sink(&self) -> &'a Sink<'a> {
        self.sink
    }

    /// Renames the table for later messages (once its id is known).
    pub fn name_as(&mut self, what: impl Into<String>) {
        self.what = what.into();
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value<'i>> {
        self.known.push(key);
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref_str() == key)
            .map(|(_, v)| v)
    }

    fn missing(&self, key: &str, hint: &str) {
        self.sink.push(
            Finding::new(
                &rules::MISSING_FIELD,
                format!("{} has no `{key}`", self.what),
            )
            .at(self.sink.head(&self.span))
            .label(format!("`{key}` is required here"))
            .help(format!("add `{key} = {hint}`")),
        );
    }

    fn wrong_type(&self, key: &str, value: &Value<'i>, expected: &str) {
        self.sink.push(
            Finding::new(
                &rules::WRONG_TYPE,
                format!("`{key}` in {} should be {expected}", self.what),
            )
            .at(value.span())
            .label(format!("this is {}", article(value.get_ref().type_str())))
            .help(format!("write `{key}` as {expected}")),
        );
    }

    pub fn invalid(&self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.sink.push(
            Finding::new(&rules::INVALID_VALUE, message)
                .at(span)
                .help(help),
        );
    }

    pub fn str(&mut self, key: &'static str) -> Option<Located<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => self.bounded(key, s, v),
            _ => {
                self.wrong_type(key, v, "a string (in quotes)");
                None
            }
        }
    }

    pub fn req_str(&mut self, key: &'static str) -> Option<Located<String>> {
        let present = self.has(key);
        let v = self.str(key);
        if !present {
            self.missing(key, "\"...\"");
        }
        v
    }

    pub fn text(&mut self, key: &'static str) -> Option<String> {
        self.str(key).map(|l| l.value)
    }

    pub fn req_text(&mut self, key: &'static str) -> Option<String> {
        self.req_str(key).map(|l| l.value)
    }

    /// Marks keys as fields of this table without reading them (for keys
    /// looked at with `get_span` first), so that "did you mean" knows them.
    pub fn know(&mut self, keys: &[&'static str]) {
        self.known.extend_from_slice(keys);
    }

    /// A text value, unless it is longer than [`MAX_TEXT_CHARS`].
    fn bounded(&self, key: &str, s: &str, v: &Value<'i>) -> Option<Located<String>> {
        // Bytes bound characters from above: count only when it matters.
        if s.len() > MAX_TEXT_CHARS {
            let chars = s.chars().count();
            if chars > MAX_TEXT_CHARS {
                self.invalid(
                    self.sink.head(&v.span()),
                    format!(
                        "`{key}` in {} is {chars} characters long; text is limited to {MAX_TEXT_CHARS}",
                        self.what
                    ),
                    "shorten it: a slide shows a few hundred characters; link to longer documents",
                );
                return None;
            }
        }
        Some(Located::new(s.to_string(), v.span()))
    }

    fn has(&self, key: &str) -> bool {
        self.table
            .iter()
            .any(|(k, _)| k.get_ref().as_ref_str() == key)
    }

    pub fn has_key(&self, key: &str) -> bool {
        self.has(key)
    }

    /// The span of a key's value, if present (does not read it).
    pub fn get_span(&self, key: &str) -> Option<Span> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref_str() == key)
            .map(|(_, v)| v.span())
    }

    /// A list of amounts (`quarterly = [250000, "300k", 250000, 200000]`).
    pub fn money_list(&mut self, key: &'static str) -> Option<Vec<Money>> {
        let v = self.get(key)?;
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "a list of amounts, e.g. [100, 200, 300, 400]");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            let parsed = match item.get_ref() {
                DeValue::String(s) => money::parse_amount(s).map(|a| (a.value, a.currency)),
                DeValue::Integer(_) | DeValue::Float(_) => match self.decimal_value(key, item) {
                    Some(d) => Ok((d.value, None)),
                    None => {
                        ok = false;
                        continue;
                    }
                },
                _ => {
                    self.wrong_type(key, item, "an amount");
                    ok = false;
                    continue;
                }
            };
            match parsed {
                Ok((value, currency)) => match self.non_negative(key, value, item.span(), currency)
                {
                    Some(m) => out.push(m),
                    None => ok = false,
                },
                Err(e) => {
                    self.amount_error(key, item, e);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// A short slug identifying the item; references use it.
    pub fn id(&mut self) -> Option<Located<String>> {
        let id = self.req_str("id")?;
        self.slug(id)
    }

    /// An id the item may go without (a KPI needs one only to be tracked).
    pub fn opt_id(&mut self) -> Option<Located<String>> {
        let id = self.str("id")?;
        self.slug(id)
    }

    fn slug(&mut self, id: Located<String>) -> Option<Located<String>> {
        if !is_slug(&id.value) {
            self.invalid(
                id.span.clone(),
                format!("`{}` is not a valid id", id.value),
                format!(
                    "ids are short slugs of lowercase letters, digits, `-` and `_`, e.g. `{}`",
                    slugify(&id.value)
                ),
            );
            return None;
        }
        Some(id)
    }

    pub fn boolean(&mut self, key: &'static str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, v, "`true` or `false`");
                None
            }
        }
    }

    pub fn decimal(&mut self, key: &'static str) -> Option<Located<Decimal>> {
        let v = self.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => {
                if i.radix() == 10 {
                    money::parse_decimal(i.as_str())
                } else {
                    i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                        .map(Decimal::from)
                        .map_err(|_| AmountError::NotANumber)
                }
            }
            DeValue::Float(f) => money::parse_decimal(f.as_str()),
            DeValue::String(s) => money::parse_amount(s).map(|a| a.value),
            _ => {
                self.wrong_type(key, v, "a number");
                return None;
            }
        };
        match parsed {
            Ok(d) => Some(Located::new(d, v.span())),
            Err(e) => {
                self.amount_error(key, v, e);
                None
            }
        }
    }

    pub fn req_decimal(&mut self, key: &'static str) -> Option<Located<Decimal>> {
        let present = self.has(key);
        let v = self.decimal(key);
        if !present {
            self.missing(key, "0");
        }
        v
    }

    fn amount_error(&self, key: &str, v: &Value<'i>, e: AmountError) {
        let (message, help) = match e {
            AmountError::NotANumber => (
                format!("`{key}` in {} is not a number", self.what),
                "write a number such as `1200000`, `1_200_000.50`, or a string such as `\"1.2M\"`"
                    .to_string(),
            ),
            AmountError::TooLarge => (
                format!("`{key}` in {} is implausibly large", self.what),
                format!(
                    "amounts are limited to {}; check for extra zeros",
                    money::MAX_AMOUNT
                ),
            ),
            AmountError::UnknownCurrency(code) => (
                format!("`{code}` in `{key}` is not an ISO 4217 currency code"),
                "use a code such as EUR, USD or GBP, or leave the currency out to use the plan's"
                    .to_string(),
            ),
        };
        self.invalid(v.span(), message, help);
    }

    /// A non-negative amount of money: a number, or a string like `"1.2M"`
    /// or `"USD 120000"`.
    pub fn money(&mut self, key: &'static str) -> Option<Money> {
        let v = self.get(key)?;
        let amount = match v.get_ref() {
            DeValue::String(s) => money::parse_amount(s),
            DeValue::Integer(_) | DeValue::Float(_) => {
                // Reuse the number reader; it re-records the key harmlessly.
                return self
                    .decimal(key)
                    .and_then(|d| self.non_negative(key, d.value, d.span, None));
            }
            _ => {
                self.wrong_type(key, v, "an amount (a number, or a string such as \"1.2M\")");
                return None;
            }
        };
        match amount {
            Ok(a) => self.non_negative(key, a.value, v.span(), a.currency),
            Err(e) => {
                self.amount_error(key, v, e);
                None
            }
        }
    }

    fn non_negative(
        &self,
        key: &str,
        value: Decimal,
        span: Span,
        currency: Option<String>,
    ) -> Option<Money> {
        if value.is_sign_negative() && !value.is_zero() {
            self.sink.push(
                Finding::new(&rules::NEGATIVE_AMOUNT, format!("`{key}` in {} is negative", self.what))
                    .at(span)
                    .help("budgets and costs are positive amounts; leave the line out instead of cancelling it"),
            );
            return None;
        }
        Some(Money {
            value,
            currency,
            span,
        })
    }

    pub fn req_money(&mut self, key: &'static str) -> Option<Money> {
        let present = self.has(key);
        let v = self.money(key);
        if !present {
            self.missing(key, "1000");
        }
        v
    }

    pub fn date(&mut self, key: &'static str) -> Option<Located<NaiveDate>> {
        let v = self.get(key)?;
        let date = match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                }
                _ => None,
            },
            DeValue::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
            _ => {
                self.wrong_type(key, v, "a date (2027-03-31)");
                return None;
            }
        };
        match date {
            Some(d) => Some(Located::new(d, v.span())),
            None => {
                self.invalid(
                    v.span(),
                    format!("`{key}` in {} is not a calendar date", self.what),
                    "write a date as YYYY-MM-DD, without a time, e.g. `2027-03-31`",
                );
                None
            }
        }
    }

    pub fn req_date(&mut self, key: &'static str) -> Option<Located<NaiveDate>> {
        let present = self.has(key);
        let v = self.date(key);
        if !present {
            self.missing(key, "2027-01-01");
        }
        v
    }

    pub fn integer(&mut self, key: &'static str, max: u32) -> Option<u32> {
        let d = self.decimal(key)?;
        match u32::try_from(d.value.trunc().mantissa())
            .ok()
            .filter(|n| d.value.fract().is_zero() && *n <= max)
        {
            Some(n) => Some(n),
            None => {
                self.invalid(
                    d.span,
                    format!(
                        "`{key}` in {} must be a whole number from 0 to {max}",
                        self.what
                    ),
                    format!("write a whole number, e.g. `{key} = 18`"),
                );
                None
            }
        }
    }

    /// A percentage from 0 to 100.
    pub fn percent(&mut self, key: &'static str) -> Option<Decimal> {
        self.percent_located(key).map(|d| d.value)
    }

    /// [`Fields::percent`], with where it was written.
    pub fn percent_located(&mut self, key: &'static str) -> Option<Located<Decimal>> {
        let d = self.decimal(key)?;
        if d.value < Decimal::ZERO || d.value > Decimal::ONE_HUNDRED {
            self.invalid(
                d.span,
                format!(
                    "`{key}` in {} must be a percentage from 0 to 100",
                    self.what
                ),
                format!("write e.g. `{key} = 20` for 20%"),
            );
            return None;
        }
        Some(d)
    }

    /// One of a fixed set of words.
    pub fn choice<T: Copy>(
        &mut self,
        key: &'static str,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let s = self.str(key)?;
        if let Some((_, t)) = options.iter().find(|(name, _)| *name == s.value) {
            return Some(*t);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let help = match did_you_mean(&s.value, names.iter().copied()) {
            Some(m) => format!("did you mean `{m}`? (one of: {})", names.join(", ")),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.invalid(
            s.span,
            format!("`{}` is not a valid `{key}` in {}", s.value, self.what),
            help,
        );
        None
    }

    pub fn req_choice<T: Copy>(
        &mut self,
        key: &'static str,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let present = self.has(key);
        let v = self.choice(key, options);
        if !present {
            self.missing(key, &format!("\"{}\"", options[0].0));
        }
        v
    }

    /// A list of strings; a single string is taken as a list of one.
    pub fn strings(&mut self, key: &'static str) -> Vec<Located<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(s) => self.bounded(key, s, v).into_iter().collect(),
            DeValue::Array(items) if items.len() > MAX_ITEMS => {
                self.invalid(
                    v.span(),
                    format!(
                        "`{key}` has {} items; a list may have at most {MAX_ITEMS}",
                        items.len()
                    ),
                    "keep the few that matter",
                );
                Vec::new()
            }
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(s) => self.bounded(key, s, item),
                    _ => {
                        self.wrong_type(key, item, "a list of strings");
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(key, v, "a list of strings, e.g. [\"a\", \"b\"]");
                Vec::new()
            }
        }
    }

    pub fn texts(&mut self, key: &'static str) -> Vec<String> {
        self.strings(key).into_iter().map(|l| l.value).collect()
    }

    /// A list of ids of other items.
    pub fn refs(&mut self, key: &'static str) -> Vec<Ref> {
        self.strings(key)
    }

    pub fn table(&mut self, key: &'static str) -> Option<Fields<'a, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Fields::new(t, v.span(), format!("[{key}]"), self.sink)),
            _ => {
                self.wrong_type(key, v, "a table");
                None
            }
        }
    }

    /// An array of tables (`[[key]]` or `key = [{...}, {...}]`).
    pub fn tables(&mut self, key: &'static str, what: &str) -> Vec<Fields<'a, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) if items.len() > MAX_ITEMS => {
                self.invalid(
                    v.span(),
                    format!(
                        "`{key}` has {} items; a plan may have at most {MAX_ITEMS}",
                        items.len()
                    ),
                    "split the plan (one per business unit) and compare them with `mvplan review`",
                );
                Vec::new()
            }
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(n, item)| match item.get_ref() {
                    DeValue::Table(t) => Some(Fields::new(
                        t,
                        item.span(),
                        format!("{what} #{}", n + 1),
                        self.sink,
                    )),
                    _ => {
                        self.wrong_type(
                            key,
                            item,
                            &format!("a table (write `[[{key}]]` sections)"),
                        );
                        None
                    }
                })
                .collect(),
            DeValue::Table(_) => {
                self.wrong_type(
                    key,
                    v,
                    &format!("an array of tables: write `[[{key}]]`, not `[{key}]`"),
                );
                Vec::new()
            }
            _ => {
                self.wrong_type(key, v, &format!("an array of tables (`[[{key}]]`)"));
                Vec::new()
            }
        }
    }

    /// A table from ids to numbers (`forecast = { pipeline = 5_400_000 }`).
    pub fn id_numbers(&mut self, key: &'static str) -> Vec<(Ref, Located<Decimal>)> {
        let Some(sub) = self.table(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in sub.table.iter() {
            let id = Located::new(k.get_ref().to_string(), k.span());
            let one = Fields::new(sub.table, v.span(), format!("`{key}`"), self.sink);
            // Read the value through the number reader for uniform messages.
            let parsed = match v.get_ref() {
                DeValue::Integer(_) | DeValue::Float(_) | DeValue::String(_) => {
                    one.decimal_value(&id.value, v)
                }
                _ => {
                    one.wrong_type(&id.value, v, "a number");
                    None
                }
            };
            if let Some(value) = parsed {
                out.push((id, value));
            }
        }
        out
    }

    /// A table from names to lists of strings (`search = ["Cost per lead"]`).
    pub fn string_lists(
        &mut self,
        key: &'static str,
    ) -> Vec<(Located<String>, Vec<Located<String>>)> {
        let Some(sub) = self.table(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in sub.table.iter() {
            let name = Located::new(k.get_ref().to_string(), k.span());
            let items = match v.get_ref() {
                DeValue::String(s) => vec![Located::new(s.to_string(), v.span())],
                DeValue::Array(items) => items
                    .iter()
                    .filter_map(|item| match item.get_ref() {
                        DeValue::String(s) => Some(Located::new(s.to_string(), item.span())),
                        _ => {
                            sub.wrong_type(&name.value, item, "a list of strings");
                            None
                        }
                    })
                    .collect(),
                _ => {
                    sub.wrong_type(&name.value, v, "a list of strings, e.g. [\"a\", \"b\"]");
                    Vec::new()
                }
            };
            out.push((name, items));
        }
        out
    }

    fn decimal_value(&self, key: &str, v: &Value<'i>) -> Option<Located<Decimal>> {
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => money::parse_decimal(i.as_str()),
            DeValue::Float(f) => money::parse_decimal(f.as_str()),
            DeValue::String(s) => money::parse_amount(s).map(|a| a.value),
            _ => Err(AmountError::NotANumber),
        };
        match parsed {
            Ok(d) => Some(Located::new(d, v.span())),
            Err(e) => {
                self.amount_error(key, v, e);
                None
            }
        }
    }

    /// Reports every key that no accessor asked for.
    pub fn finish(self) {
        for (k, _) in self.table.iter() {
            let key = k.get_ref().as_ref_str();
            if self.known.contains(&key) {
                continue;
            }
            let mut f = Finding::new(
                &rules::UNKNOWN_FIELD,
                format!("unknown field `{key}` in {}", self.what),
            )
            .at(k.span())
            .label("not a field mvplan knows");
            let mut known = self.known.clone();
            known.sort_unstable();
            known.dedup();
            f = match did_you_mean(key, known.iter().copied()) {
                Some(m) => f.help(format!("did you mean `{m}`?")),
                None => f.help(format!("the fields here are: {}", known.join(", "))),
            };
            self.sink.push(f);
        }
    }
}

trait AsRefStr {
    fn as_ref_str(&self) -> &str;
}

impl AsRefStr for std::borrow::Cow<'_, str> {
    fn as_ref_str(&self) -> &str {
        self.as_ref()
    }
}

fn article(type_name: &str) -> String {
    let an = matches!(type_name.chars().next(), Some('a' | 'e' | 'i' | 'o' | 'u'));
    format!("{} {type_name}", if an { "an" } else { "a" })
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// A slug suggestion for an invalid id.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out
        .trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>();
    if out.is_empty() { "item-1".into() } else { out }
}
