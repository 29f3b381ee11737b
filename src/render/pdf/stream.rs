//! A page's content stream, written as bytes.
//!
//! printpdf turned every operator into a lopdf operation (a `Vec` of boxed
//! objects) and then formatted each operand through `fmt` — a glyph id as
//! hex through `format!`, two bytes at a time. That was about 30% of a dense
//! deck's render. The painter knows every operand already, so it writes the
//! operators here directly, in exactly the syntax lopdf's `Content::encode`
//! gives (operands each followed by a space, operations joined by a line
//! feed, numbers as Rust prints an `f32`): the page looks the same, byte for
//! byte of the uncompressed stream.

use std::io::Write as _;

/// Upper-case hex digits, as lopdf writes a hexadecimal string.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The content stream of one page being written.
#[derive(Debug, Default)]
pub struct Content {
    pub bytes: Vec<u8>,
}

impl Content {
    /// Starts an operation: a line feed between operations, none before
    /// the first.
    fn start(&mut self) {
        if !self.bytes.is_empty() {
            self.bytes.push(b'\n');
        }
    }

    /// An operation of numeric operands, e.g. `ops(&[x, y], "m")`.
    pub fn op(&mut self, operands: &[f32], operator: &str) {
        self.start();
        for v in operands {
            real(&mut self.bytes, *v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(operator.as_bytes());
    }

    /// An operation whose first operand is a name, e.g. `/MVPREG 20 Tf`.
    pub fn named(&mut self, name: &str, operands: &[f32], operator: &str) {
        self.start();
        self.bytes.push(b'/');
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.push(b' ');
        for v in operands {
            real(&mut self.bytes, *v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(operator.as_bytes());
    }

    /// Starts a `<…> Tj` operation; glyphs follow with [`Content::glyph`]
    /// and [`Content::end_show`] closes it.
    pub fn begin_show(&mut self) {
        self.start();
        self.bytes.push(b'<');
    }

    /// One glyph code, four hex digits (replaced in place once the font is
    /// subset: the codes have the same width).
    pub fn glyph(&mut self, code: u16) {
        self.bytes.extend_from_slice(&hex4(code));
    }

    pub fn end_show(&mut self) {
        self.bytes.extend_from_slice(b"> Tj");
    }
}

/// `code` as four upper-case hex digits.
pub fn hex4(code: u16) -> [u8; 4] {
    let [hi, lo] = code.to_be_bytes();
    [
        HEX[usize::from(hi >> 4)],
        HEX[usize::from(hi & 15)],
        HEX[usize::from(lo >> 4)],
        HEX[usize::from(lo & 15)],
    ]
}

/// Parses four hex digits (either case) back into a glyph code.
pub fn parse_hex4(digits: &[u8]) -> Option<u16> {
    if digits.len() != 4 {
        return None;
    }
    let mut code = 0u16;
    for d in digits {
        let v = char::from(*d).to_digit(16)?;
        code = code << 4 | u16::try_from(v).ok()?;
    }
    Some(code)
}

/// Writes `v` as lopdf writes a real (`{v}`: Rust's shortest decimal that
/// reads back as the same `f32`). Coordinates — most of a page's numbers —
/// are below 1,000 with at most four decimals; those are found by integer
/// arithmetic instead of going through `fmt` (see [`short_decimal`]).
pub fn real(out: &mut Vec<u8>, v: f32) {
    match short_decimal(v) {
        Some((m, k)) => fixed(out, m, k),
        None => {
            let _ = write!(out, "{v}");
        }
    }
}

/// `v` as `m / 10^k` with the fewest decimals `k` (at most 4) that read
/// back as `v`, for |v| < 1,000; `None` otherwise (and for -0).
///
/// Why this is Rust's shortest form: `v · 10^k` is exact in `f64` (24 + 14
/// bits), so `m` is the `k`-decimal nearest `v`; if it does not read back
/// as `v`, no other `k`-decimal does. "Reads back" is tested by an `f32`
/// division, which IEEE rounds correctly, as parsing does: `m` and `10^k`
/// are exact in `f32`. A tie between two `k`-decimals can't read back:
/// below 1,000 half an ulp (≤ 2⁻¹⁵) is less than half of 10⁻⁴.
fn short_decimal(v: f32) -> Option<(i64, u32)> {
    // NaN fails `is_finite`; -0 prints as "-0", left to `fmt`.
    if !v.is_finite() || v.abs() >= 1000.0 || (v == 0.0 && v.is_sign_negative()) {
        return None;
    }
    let mut scale = 1.0f32;
    for k in 0..=4 {
        let exact = f64::from(v) * f64::from(scale);
        let m = exact.round();
        // |m| < 10^7 < 2^24: exact in f32 and in i64.
        if (m as f32) / scale == v {
            return Some((m as i64, k));
        }
        scale *= 10.0;
    }
    None
}

/// Writes `m / 10^k` in decimal (`k` digits after the point, no exponent).
fn fixed(out: &mut Vec<u8>, m: i64, k: u32) {
    let mut n = m.unsigned_abs();
    let mut digits = [0u8; 24];
    let mut i = digits.len();
    let mut written = 0;
    loop {
        if written == k && k > 0 {
            i -= 1;
            digits[i] = b'.';
        }
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        written += 1;
        if n == 0 && written > k {
            break;
        }
    }
    if m < 0 {
        i -= 1;
        digits[i] = b'-';
    }
    out.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(v: f32) -> String {
        let mut out = Vec::new();
        real(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn reals_are_written_as_rust_prints_them() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            54.0,
            540.0,
            487.2,
            0.003_921_569,
            -12.5,
            1.0e8,
            3.0e9,
            1.0e-7,
            0.05,
            -0.05,
            999.9999,
            1000.0,
            0.0001,
            0.00011,
            12.345_67,
            f32::NAN,
            f32::INFINITY,
        ] {
            assert_eq!(shown(v), format!("{v}"), "{v}");
        }
        // Every value a page is likely to hold: hundredths and tenths of
        // points across the page, the sums layout makes of them, the
        // colours (n/255), and a walk through the bit patterns below 1,000.
        let mut checked = 0;
        let mut check = |v: f32| {
            assert_eq!(shown(v), format!("{v}"), "{v:?}");
            checked += 1;
        };
        for i in -100_000..100_000 {
            check(i as f32 / 100.0);
            check(540.0 - i as f32 * 0.37);
        }
        for n in 0..=255u8 {
            check(f32::from(n) / 255.0);
        }
        let mut bits = 0u32;
        while f32::from_bits(bits) < 1000.0 {
            check(f32::from_bits(bits));
            check(-f32::from_bits(bits));
            bits += 997;
        }
        assert!(checked > 2_000_000);
    }

    #[test]
    fn glyph_codes_are_four_upper_case_hex_digits() {
        assert_eq!(&hex4(0x00af), b"00AF");
        assert_eq!(&hex4(0xbeef), b"BEEF");
        assert_eq!(parse_hex4(b"00AF"), Some(0xaf));
        assert_eq!(parse_hex4(b"beef"), Some(0xbeef));
        assert_eq!(parse_hex4(b"0G00"), None);
        let mut c = Content::default();
        c.op(&[1.0, 0.5], "m");
        c.named("F1", &[20.0], "Tf");
        c.begin_show();
        c.glyph(3);
        c.glyph(0xab);
        c.end_show();
        assert_eq!(c.bytes, b"1 0.5 m\n/F1 20 Tf\n<000300AB> Tj");
    }
}
