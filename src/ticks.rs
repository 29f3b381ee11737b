//! Round steps for anything a reader reads off an axis: chart ticks and the
//! budgets the response curves are sampled at.

/// The step between an axis's ticks: the smallest 1, 2 or 5 × a power of
/// ten at least `raw`. The one rule every chart's ticks (and the curves'
/// sampled budgets) follow, so a board reads 250k, 500k, never 323.2k.
pub fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let power = 10_f64.powf(raw.log10().floor());
    [1.0_f64, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        // A hair of slack: 20,000 stays 20,000 however the float lands.
        .find(|step| *step >= raw * 0.999_9)
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::nice_step;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        for (raw, step) in [
            (0.0, 1.0),
            (1.0, 1.0),
            (1.3, 2.0),
            (2.0, 2.0),
            (2.1, 5.0),
            (7.0, 10.0),
            (80_800.0, 100_000.0),
            (134_667.0, 200_000.0),
            (650_000.0, 1_000_000.0),
            (0.04, 0.05),
        ] {
            let got = nice_step(raw);
            assert!(
                (got - step).abs() <= step * 1e-9,
                "{raw}: {got}, not {step}"
            );
        }
    }
}
