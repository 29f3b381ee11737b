//! The reader's accessors for quantities: exact numbers, money, percents,
//! whole numbers, dates, and lists of them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::de::DeValue;

use super::{Fields, Value};
use crate::diagnostic::{Finding, Span};
use crate::plan::located::{Located, Money, Ref};
use crate::plan::money::{self, AmountError};
use crate::plan::rules;

impl<'a, 'i> Fields<'a, 'i> {
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

    pub(super) fn decimal_value(&self, key: &str, v: &Value<'i>) -> Option<Located<Decimal>> {
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

    pub(super) fn amount_error(&self, key: &str, v: &Value<'i>, e: AmountError) {
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

    pub(super) fn non_negative(
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
}
