//! `format::group` writes every amount into one string of its final size
//! (a speed change): it must write what it wrote before, on every kind of
//! amount.

use mvplan::format::group;
use rust_decimal::Decimal;

/// `group` before it wrote into one string of its final size.
fn group_formatted(value: Decimal) -> String {
    let s = value.normalize().to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[test]
fn grouping_in_one_string_writes_what_it_wrote() {
    let mut n = 1i64;
    while n < 10_i64.pow(17) {
        for d in [
            Decimal::from(n),
            -Decimal::from(n),
            Decimal::new(n, 2),
            Decimal::new(-n, 3),
            Decimal::new(n * 10, 1),
            Decimal::from(n - 1),
        ] {
            assert_eq!(group(d), group_formatted(d), "{d}");
        }
        n = n * 7 + 3;
    }
    assert_eq!(group(Decimal::new(-1_234_567_891, 3)), "-1,234,567.891");
}
