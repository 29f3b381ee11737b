//! Response curves: how a channel's result grows with its budget.
//!
//! One family, the Hill curve, which is what Meridian, PyMC-Marketing and
//! Robyn all fit (docs/plan-format.md maps their parameter names):
//!
//! ```text
//! result(spend) = max · spend^slope / (half^slope + spend^slope)
//! ```
//!
//! over the plan period, in the plan's currency and the objective's unit.
//! Curves are evaluated in f64: they are estimates with wide error bars, and
//! what is exact (budgets, reallocations) stays in `Decimal` around them.

use serde::Serialize;

/// A Hill curve over the plan period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Hill {
    /// Spend at which half of `max` is reached.
    pub half: f64,
    /// ≤ 1: diminishing returns from the first euro; > 1: S-shaped.
    pub slope: f64,
    /// The result at saturation.
    pub max: f64,
}

impl Hill {
    pub fn at(&self, spend: f64) -> f64 {
        if spend <= 0.0 || self.half <= 0.0 {
            return 0.0;
        }
        let r = (spend / self.half).powf(self.slope);
        if r.is_infinite() {
            return self.max;
        }
        self.max * r / (1.0 + r)
    }

    /// The result of the next unit of spend (d result / d spend).
    pub fn marginal(&self, spend: f64) -> f64 {
        if self.half <= 0.0 {
            return 0.0;
        }
        if spend <= 0.0 {
            return if self.slope < 1.0 {
                f64::INFINITY
            } else if self.slope == 1.0 {
                self.max / self.half
            } else {
                0.0
            };
        }
        let r = (spend / self.half).powf(self.slope);
        if !r.is_finite() {
            return 0.0;
        }
        self.max * self.slope * r / (spend * (1.0 + r) * (1.0 + r))
    }

    /// Concave curves (slope ≤ 1) have one optimum that equal marginal
    /// returns find; S-shaped ones do not.
    pub fn concave(&self) -> bool {
        self.slope <= 1.0
    }
}

/// A curve with the way its budget is spent over the period: with
/// carry-over, a quarter's spend keeps working in the next quarters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    pub hill: Hill,
    /// Geometric carry-over per quarter (0 when none).
    pub carryover: f64,
    /// The budget's share in each quarter, when the channel is phased and
    /// carries over; `None` evaluates the curve on the whole budget.
    pub shares: Option<Vec<f64>>,
}

/// Lags of carry-over that are counted (a year of quarters).
const LAGS: usize = 4;

impl Response {
    /// The result of a budget over the plan period.
    ///
    /// Phased with carry-over: each quarter's effective spend is the
    /// geometric average of its own and the previous quarters' spend
    /// (weights normalised to 1, as Meridian and PyMC-Marketing do), the
    /// quarters before the plan taken at the plan's average (last year like
    /// this year); the curve is applied per quarter at the annual rate.
    /// Spread evenly this gives exactly `hill.at(budget)`; bunched spend
    /// saturates faster, and carry-over softens it.
    pub fn at(&self, budget: f64) -> f64 {
        let Some(shares) = &self.shares else {
            return self.hill.at(budget);
        };
        let n = shares.len().max(1) as f64;
        let mean = budget / n;
        // An array, not a Vec: this runs for every budget the optimiser tries.
        let weights: [f64; LAGS] = std::array::from_fn(|l| self.carryover.powi(l as i32));
        let total: f64 = weights.iter().sum();
        let mut result = 0.0;
        for q in 0..shares.len() {
            let mut effective = 0.0;
            for (lag, w) in weights.iter().enumerate() {
                let spend = if lag > q {
                    mean
                } else {
                    shares[q - lag] * budget
                };
                effective += w * spend;
            }
            result += self.hill.at(n * effective / total) / n;
        }
        result
    }

    /// The result of the next unit of spend at this budget.
    pub fn marginal(&self, budget: f64) -> f64 {
        if self.shares.is_none() {
            return self.hill.marginal(budget);
        }
        let h = (budget.abs() * 1e-5).max(1.0);
        let lo = (budget - h).max(0.0);
        (self.at(budget + h) - self.at(lo)) / (budget + h - lo)
    }

    pub fn concave(&self) -> bool {
        self.hill.concave()
    }
}

/// How well a calibrated curve passes through its points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fit {
    /// The largest miss at any point, percent of that point's result.
    pub max_error: f64,
    pub points: usize,
}

/// Why a curve could not be calibrated from points.
#[derive(Debug, Clone, PartialEq)]
pub enum CalibrationError {
    /// Results do not grow with spend, or grow faster than linearly: no
    /// diminishing-returns curve passes through them.
    NotSaturating,
    /// Two points at the same spend, or a point at no spend.
    Degenerate,
}

/// Slopes tried when the points must also decide the shape.
const SLOPES: std::ops::RangeInclusive<u32> = 3..=50;

/// Calibrates a Hill curve through known (spend, result) points.
///
/// For a given slope `s`, `1/result = 1/max + (half^s/max) · (1/spend^s)`
/// is a straight line in `1/spend^s`, fitted by least squares (exact for
/// two points). Without a given slope, slopes from 0.3 to 5.0 are tried and
/// the one with the smallest largest relative miss is kept.
pub fn calibrate(
    points: &[(f64, f64)],
    slope: Option<f64>,
) -> Result<(Hill, Fit), CalibrationError> {
    if points.len() < 2 || points.iter().any(|&(x, y)| x <= 0.0 || y <= 0.0) {
        return Err(CalibrationError::Degenerate);
    }
    let mut xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    xs.sort_by(f64::total_cmp);
    if xs.windows(2).any(|w| w[0] == w[1]) {
        return Err(CalibrationError::Degenerate);
    }
    let slopes: Vec<f64> = match slope {
        Some(s) => vec![s],
        // Two points cannot decide three parameters: take the plain curve.
        None if points.len() == 2 => vec![1.0],
        None => SLOPES.map(|s| f64::from(s) / 10.0).collect(),
    };
    let mut best: Option<(Hill, Fit)> = None;
    for s in slopes {
        let Some(hill) = line_fit(points, s) else {
            continue;
        };
        let fit = Fit {
            max_error: points
                .iter()
                .map(|&(x, y)| ((hill.at(x) - y) / y).abs() * 100.0)
                .fold(0.0, f64::max),
            points: points.len(),
        };
        if best.is_none_or(|(_, b)| fit.max_error < b.max_error) {
            best = Some((hill, fit));
        }
    }
    best.ok_or(CalibrationError::NotSaturating)
}

fn line_fit(points: &[(f64, f64)], slope: f64) -> Option<Hill> {
    let n = points.len() as f64;
    let pts: Vec<(f64, f64)> = points
        .iter()
        .map(|&(x, y)| (x.powf(-slope), 1.0 / y))
        .collect();
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let b = sxy / sxx;
    let a = my - b * mx;
    // a = 1/max and b = half^s/max must both be positive for a curve that
    // rises and saturates.
    if a <= 0.0 || b <= 0.0 || !a.is_finite() || !b.is_finite() {
        return None;
    }
    let max = 1.0 / a;
    let half = (b * max).powf(1.0 / slope);
    (half.is_finite() && max.is_finite()).then_some(Hill { half, slope, max })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_saturation_gives_half_the_maximum() {
        for slope in [0.5, 1.0, 2.5] {
            let h = Hill {
                half: 400.0,
                slope,
                max: 1000.0,
            };
            assert!((h.at(400.0) - 500.0).abs() < 1e-9);
            assert_eq!(h.at(0.0), 0.0);
            // The derivative agrees with a finite difference.
            let d = (h.at(300.0 + 1e-3) - h.at(300.0 - 1e-3)) / 2e-3;
            assert!((h.marginal(300.0) - d).abs() < 1e-6, "{slope}");
        }
    }

    #[test]
    fn even_phasing_with_carryover_is_the_annual_curve() {
        let hill = Hill {
            half: 1e6,
            slope: 1.3,
            max: 5e6,
        };
        let r = Response {
            hill,
            carryover: 0.4,
            shares: Some(vec![0.25; 4]),
        };
        assert!((r.at(8e5) - hill.at(8e5)).abs() < 1e-6);
        // All in one quarter saturates: less than spread evenly.
        let bunched = Response {
            shares: Some(vec![1.0, 0.0, 0.0, 0.0]),
            ..r.clone()
        };
        assert!(bunched.at(8e5) < r.at(8e5));
        // More carry-over softens the bunching.
        let lasting = Response {
            carryover: 0.8,
            ..bunched.clone()
        };
        assert!(lasting.at(8e5) > bunched.at(8e5));
    }

    #[test]
    fn calibration_recovers_a_curve_through_its_points() {
        let truth = Hill {
            half: 700_000.0,
            slope: 1.0,
            max: 9_000_000.0,
        };
        let pts: Vec<_> = [300_000.0, 900_000.0]
            .iter()
            .map(|&x| (x, truth.at(x)))
            .collect();
        let (hill, fit) = calibrate(&pts, None).unwrap();
        assert!((hill.half - truth.half).abs() / truth.half < 1e-6);
        assert!((hill.max - truth.max).abs() / truth.max < 1e-6);
        assert!(fit.max_error < 1e-6);
        // Three points decide the slope too.
        let s = Hill {
            slope: 2.0,
            ..truth
        };
        let pts: Vec<_> = [200_000.0, 600_000.0, 1_500_000.0]
            .iter()
            .map(|&x| (x, s.at(x)))
            .collect();
        let (hill, fit) = calibrate(&pts, None).unwrap();
        assert!((hill.slope - 2.0).abs() < 1e-9, "{hill:?}");
        assert!(fit.max_error < 1e-6);
    }

    #[test]
    fn points_that_do_not_saturate_cannot_be_calibrated() {
        // Doubling spend more than doubles the result.
        let pts = [(100.0, 10.0), (200.0, 30.0)];
        assert_eq!(calibrate(&pts, None), Err(CalibrationError::NotSaturating));
        assert_eq!(
            calibrate(&[(100.0, 10.0), (100.0, 12.0)], None),
            Err(CalibrationError::Degenerate)
        );
    }
}
