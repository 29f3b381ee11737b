//! Exact amounts and currencies.
//!
//! Amounts are `rust_decimal::Decimal` from the literal text of the plan, never
//! through `f64`: `0.1 + 0.2` must be `0.3` in a budget.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Amounts above this are treated as typos (a quadrillion in any currency).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0); // 1e15

pub use crate::currency::{CURRENCIES, is_currency, symbol};

/// An amount as written in a plan: an optional currency code and a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub currency: Option<String>,
    pub value: Decimal,
}

/// Why an amount's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    UnknownCurrency(String),
    TooLarge,
}

/// Reads a decimal number as written in TOML (`1_200_000`, `0.35`, `1e6`).
pub fn parse_decimal(text: &str) -> Result<Decimal, AmountError> {
    let clean: String = text.chars().filter(|c| *c != '_' && *c != ',').collect();
    let parsed = if clean.contains(['e', 'E']) {
        Decimal::from_scientific(&clean)
    } else {
        Decimal::from_str(&clean)
    };
    let value = parsed.map_err(|_| AmountError::NotANumber)?;
    if value.abs() > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    Ok(value.normalize())
}

/// Reads an amount given as a string: `"1.2M"`, `"250k"`, `"USD 120,000"`,
/// `"€ 3_500.50"`. Numbers written as TOML numbers go through [`parse_decimal`].
pub fn parse_amount(text: &str) -> Result<Amount, AmountError> {
    let mut rest = text.trim();
    let mut currency = None;
    for (sym, code) in [
        ("€", "EUR"),
        ("$", "USD"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("₹", "INR"),
    ] {
        if let Some(r) = rest.strip_prefix(sym) {
            currency = Some(code.to_string());
            rest = r.trim_start();
        }
    }
    if currency.is_none() {
        let head: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if head.len() == 3 {
            let code = head.to_ascii_uppercase();
            if !is_currency(&code) {
                return Err(AmountError::UnknownCurrency(head));
            }
            currency = Some(code);
            rest = rest[3..].trim_start();
        }
    }
    let (number, multiplier) = match rest.chars().last() {
        Some('k' | 'K') => (&rest[..rest.len() - 1], Decimal::from(1_000)),
        Some('m' | 'M') => (&rest[..rest.len() - 1], Decimal::from(1_000_000)),
        Some('b' | 'B') => (&rest[..rest.len() - 1], Decimal::from(1_000_000_000)),
        _ => (rest, Decimal::ONE),
    };
    let value = parse_decimal(number.trim())?
        .checked_mul(multiplier)
        .ok_or(AmountError::TooLarge)?;
    if value.abs() > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    Ok(Amount {
        currency,
        value: value.normalize(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn currency_table_is_sorted_for_binary_search() {
        assert!(CURRENCIES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_currency("EUR"));
        assert!(!is_currency("EUX"));
    }

    #[test]
    fn max_amount_is_one_quadrillion() {
        assert_eq!(MAX_AMOUNT, d("1000000000000000"));
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(
            parse_decimal("0.1").unwrap() + parse_decimal("0.2").unwrap(),
            d("0.3")
        );
        assert_eq!(parse_decimal("1_200_000").unwrap(), d("1200000"));
        assert_eq!(parse_decimal("1.5e6").unwrap(), d("1500000"));
        assert_eq!(parse_decimal("1e16"), Err(AmountError::TooLarge));
        assert_eq!(parse_decimal("abc"), Err(AmountError::NotANumber));
    }

    #[test]
    fn amount_strings_take_suffixes_and_currencies() {
        assert_eq!(parse_amount("1.2M").unwrap().value, d("1200000"));
        assert_eq!(parse_amount("250k").unwrap().value, d("250000"));
        let a = parse_amount("USD 120,000").unwrap();
        assert_eq!((a.currency.as_deref(), a.value), (Some("USD"), d("120000")));
        let a = parse_amount("€3_500.50").unwrap();
        assert_eq!((a.currency.as_deref(), a.value), (Some("EUR"), d("3500.5")));
        assert_eq!(
            parse_amount("XYZ 10"),
            Err(AmountError::UnknownCurrency("XYZ".into()))
        );
        assert_eq!(parse_amount("lots"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("999999999B"), Err(AmountError::TooLarge));
    }
}
